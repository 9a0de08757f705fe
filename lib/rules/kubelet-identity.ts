/**
 * KID: a kubelet identity of your own (use-managed-identity, "Use a
 * pre-created kubelet managed identity"; azurerm kubernetes_cluster_resource.go
 * kubelet_identity).
 */
import { isResourceId, UUID } from "../net/arm-id";
import type { ClusterPlan, KubeletIdentityPlan } from "../plan/cluster";
import { IDENTITY_NAME } from "../plan/names";
import { defineRules, type RuleContext } from "./engine";

const AZURERM = "azurerm kubernetes_cluster_resource.go kubelet_identity";

export const KUBELET_IDENTITY_RULES = defineRules({
  "KID-01": {
    severity: "error",
    title: "A kubelet identity of your own goes with a user-assigned control-plane identity",
    source: `${AZURERM} (RequiredWith identity.0.identity_ids); use-managed-identity (a pre-created kubelet identity needs a user-assigned control-plane identity)`,
    why: "refused: azurerm requires identity_ids with kubelet_identity at plan, and AKS refuses a custom kubelet identity with a system-assigned control plane",
    fix: "set cluster.identity: UserAssigned, or remove it",
  },
  "KID-02": {
    severity: "error",
    title: "An existing kubelet identity is given by id, clientId and objectId together, and then without name",
    source: `${AZURERM} (client_id, object_id and user_assigned_identity_id RequiredWith each other)`,
    why: "refused: azurerm requires the three together at plan; a name with an id would name an identity that is not created",
    fix: "give an existing kubelet identity by id, clientId and objectId together without name, or a created one by name alone",
  },
  "KID-03": {
    severity: "error",
    title: "The existing identity's id is a user-assigned identity's ARM ID; its clientId and objectId are GUIDs",
    source: `${AZURERM} (commonids.ValidateUserAssignedIdentityID; client_id and object_id are the identity's GUIDs)`,
    why: "refused: azurerm validates the ID at plan; a client or object ID that is not a GUID names no identity, and AKS refuses the cluster",
    fix: "give the identity's full ARM ID (.../providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>) as id, and its GUIDs as clientId and objectId",
  },
  "KID-04": {
    severity: "error",
    title: `The created kubelet identity's name is a valid ${IDENTITY_NAME.what} (3-128 letters, digits, '-' and '_', alphanumeric first)`,
    source: "resource-name-rules (Microsoft.ManagedIdentity userAssignedIdentities)",
    why: "refused: ARM refuses another name for a user-assigned identity",
    fix: "name the kubelet identity with 3-128 letters, digits, '-' and '_', starting with a letter or digit",
  },
  "KID-05": {
    severity: "warning",
    title: "The control-plane identity is granted Managed Identity Operator on the kubelet identity (grantOperatorRole)",
    source: "use-managed-identity (the control-plane identity needs Managed Identity Operator on the kubelet identity); AKS error CustomKubeletIdentityMissingPermissionError",
    why: "tolerated when someone else grants it before the cluster is created; without the grant AKS refuses to create the cluster",
    fix: "keep cluster.kubeletIdentity.grantOperatorRole true, unless someone else grants Managed Identity Operator before the cluster is created",
  },
});

const at = "cluster.kubeletIdentity";

/** KID-02..04: an existing identity by its three IDs, or a created one by a valid name. */
function checkWhichIdentity(ctx: RuleContext, k: KubeletIdentityPlan): void {
  const s = k.settings;
  if (s.id !== undefined) {
    for (const field of ["clientId", "objectId"] as const) if (s[field] === undefined) ctx.report("KID-02", `${at}.${field}`, `is needed with id: azurerm takes the identity's id, clientId and objectId together`);
    if (s.name !== undefined) ctx.report("KID-02", `${at}.name`, "names an identity to create, but id gives an existing one; remove one of them");
    if (!ctx.unknown("KID-03", `${at}.id`, s.id) && !isResourceId(String(s.id), "Microsoft.ManagedIdentity/userAssignedIdentities")) {
      ctx.report("KID-03", `${at}.id`, "is not the ARM ID of a user-assigned identity (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>)");
    }
  } else {
    for (const field of ["clientId", "objectId"] as const) if (s[field] !== undefined) ctx.report("KID-02", `${at}.${field}`, "belongs to an existing identity given by id; without id the identity is created and its IDs are known after it");
    if (k.createdName !== undefined && !ctx.unknown("KID-04", `${at}.name`, k.createdName) && !IDENTITY_NAME.pattern.test(k.createdName)) {
      ctx.report("KID-04", `${at}.name`, `"${k.createdName}" is not a valid ${IDENTITY_NAME.what}`);
    }
  }
}

/** KID-01..05 on `cluster.kubeletIdentity`. */
export function checkKubeletIdentity(ctx: RuleContext, plan: ClusterPlan): void {
  const k = plan.kubeletIdentity;
  if (!k) return;
  const s = k.settings;
  if (plan.identity.type !== "UserAssigned") {
    ctx.report("KID-01", "cluster.identity", "is SystemAssigned, but a kubelet identity of your own needs a user-assigned control-plane identity; remove cluster.identity or set UserAssigned");
  }
  checkWhichIdentity(ctx, k);
  for (const field of ["clientId", "objectId"] as const) {
    const v = s[field];
    if (v !== undefined && !ctx.unknown("KID-03", `${at}.${field}`, v) && !UUID.test(String(v))) ctx.report("KID-03", `${at}.${field}`, `${JSON.stringify(v)} is not a GUID`);
  }
  if (!k.grantOperatorRole) {
    ctx.report("KID-05", `${at}.grantOperatorRole`, "false: the control-plane identity must have Managed Identity Operator on the kubelet identity before the cluster is created, or AKS refuses it; make sure someone else grants it");
  }
}
