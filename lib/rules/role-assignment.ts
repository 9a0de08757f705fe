/**
 * RA: the control-plane identity's rights on the node subnet
 * (network-rules §2.13, §3.6, §6).
 */
import { GUID, parseSubnetId, subnetScopes, UUID } from "../net/arm-id";
import type { ClusterPlan } from "../plan/cluster";
import type { NetworkPlan, PlannedSubnetId } from "../plan/network";
import { block } from "./facts";
import { defineRules, type RuleContext } from "./engine";
import type { Attributes } from "./facts";

export const ROLE_ASSIGNMENT_RULES = defineRules({
  "RA-01": {
    severity: "error",
    title: "Exactly one of role_definition_id and role_definition_name",
    source: "azurerm schema (ExactlyOneOf)",
    why: "refused: azurerm ExactlyOneOf at plan",
    fix: "with subnetRole: Existing set exactly one of roleDefinitionId and roleDefinitionName; with another subnetRole set neither",
  },
  "RA-02": {
    severity: "error",
    title: "principal_type is User, Group or ServicePrincipal (case-sensitive); ServicePrincipal for managed identities",
    source: "azurerm schema; role-assignment troubleshooting (PrincipalNotFound)",
    why: "refused: azurerm StringInSlice at plan; another type for a managed identity makes ARM look it up as the wrong kind (PrincipalNotFound)",
    fix: "set network.subnetRoleAssignment.principalType to ServicePrincipal, or remove it",
  },
  "RA-03": {
    severity: "error",
    title: "The assignment name is a UUID",
    source: "azurerm schema",
    why: "refused: azurerm IsUUID at plan",
    fix: "set network.subnetRoleAssignment.name to a UUID, or remove it",
  },
  "RA-04": {
    severity: "error",
    title: "condition_version only with condition; version 1.0 or 2.0",
    source: "azurerm create code and schema",
    why: "refused: azurerm at plan (version values) and at apply (a version without a condition)",
    fix: "set conditionVersion to 1.0 or 2.0, and only together with condition",
  },
  "RA-05": {
    severity: "error",
    title: "scope is a well-formed ARM ID of the node subnet or an ancestor (VNet, resource group, subscription)",
    source: "azurerm scope check accepts any string with '/'; use-byo-cni",
    why: "refused: ARM refuses a malformed scope, and a grant elsewhere does not let the cluster join the subnet, so ARM refuses the cluster (LinkedAuthorizationFailed)",
    fix: "give the adopted subnet's full ARM ID, and scope the role assignment to that subnet or its VNet, resource group or subscription",
  },
  "RA-06": {
    severity: "error",
    title: "The control-plane identity has Network Contributor (or the minimal custom role) on the node subnet and every subnet pools or the API server use",
    source: "use-byo-cni; concepts-network-cni-overview",
    why: "refused: without subnets/join/action on the subnet ARM refuses the cluster (LinkedAuthorizationFailed); accept it when someone else grants it",
    fix: "set network.subnetRole to NetworkContributor or MinimalCustomRole, or accept RA-06 with a reason when someone else grants the role",
  },
  "RA-07": {
    severity: "error",
    title: "role_definition_id looks like [/subscriptions/{guid}]/providers/Microsoft.Authorization/roleDefinitions/{guid}",
    source: "ARM ID format",
    why: "refused: ARM refuses a role definition ID of another shape",
    fix: "write roleDefinitionId as /providers/Microsoft.Authorization/roleDefinitions/<guid>, optionally under /subscriptions/<guid>",
  },
  "RA-08": {
    severity: "warning",
    title: "A system-assigned identity can only be granted (on subnets, outbound IPs) after the cluster exists; prefer UserAssigned",
    source: "managed-identity-overview; hashicorp/terraform-provider-azurerm#24064; Azure/AKS#1557",
    why: "tolerated: the grant follows the cluster, and the first load balancer or route operations can fail until it propagates",
    fix: "set cluster.identity: UserAssigned, which is granted before the cluster exists",
  },
  "RA-10": {
    severity: "error",
    title: "The cluster uses the identity its node subnet is granted to: with a subnet of yours the network decides the identity (AksNetwork's identity prop)",
    source: "this project (the grant on the subnet and the cluster name one identity); use-byo-cni (the control-plane identity needs rights on the subnet)",
    acceptable: false,
    why: "the config asks the cluster for another identity than the one its node subnet was granted to, so the cluster's identity would have no rights on the subnet",
    fix: "remove cluster.identity, so that the cluster uses the identity its node subnet is granted to",
  },
});

const ROLE_DEFINITION_ID = new RegExp(`^(/subscriptions/${GUID})?/providers/Microsoft\\.Authorization/roleDefinitions/${GUID}$`);

/** RA-05 on the adopted subnet ID itself: it must be a subnet ARM ID. */
export function checkSubnetId(ctx: RuleContext, path: string, id: unknown): void {
  if (id === undefined || ctx.unknown("RA-05", path, id)) return;
  if (typeof id !== "string" || !parseSubnetId(id)) {
    ctx.report(
      "RA-05",
      path,
      `${JSON.stringify(id)} is not a subnet ARM ID: /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet> (segments are case-sensitive)`,
    );
  }
}

/** RA-01, RA-03, RA-04, RA-07 on the settings; RA-02 and RA-05 on the synthesized assignment. */
export function checkRoleAssignment(ctx: RuleContext, plan: NetworkPlan, assignment: Attributes | undefined): void {
  checkRoleChoice(ctx, plan);
  const s = plan.settings.subnetRoleAssignment ?? {};
  if (s.roleDefinitionId !== undefined && !ctx.unknown("RA-07", `${BASE}.roleDefinitionId`, s.roleDefinitionId) && !ROLE_DEFINITION_ID.test(s.roleDefinitionId)) {
    ctx.report("RA-07", `${BASE}.roleDefinitionId`, `"${s.roleDefinitionId}" is not a role definition ID (/providers/Microsoft.Authorization/roleDefinitions/<guid>, optionally under /subscriptions/<guid>)`);
  }
  if (s.name !== undefined && !ctx.unknown("RA-03", `${BASE}.name`, s.name) && !UUID.test(s.name)) {
    ctx.report("RA-03", `${BASE}.name`, `"${s.name}" is not a UUID (e.g. 4d97b98b-1d4f-4787-a291-c67834d212e7)`);
  }
  if (s.conditionVersion !== undefined) {
    if (s.condition === undefined) {
      ctx.report("RA-04", `${BASE}.conditionVersion`, "is set without a condition");
    } else if (!["1.0", "2.0"].includes(s.conditionVersion)) {
      ctx.report("RA-04", `${BASE}.conditionVersion`, `"${s.conditionVersion}" is not 1.0 or 2.0`);
    }
  }
  const ra = block(assignment);
  if (ra) checkSynthesizedAssignment(ctx, ra, plan.adoptedSubnet);
}

const BASE = "network.subnetRoleAssignment";

/** RA-01: the role is named exactly once, and only with `subnetRole: Existing`. */
function checkRoleChoice(ctx: RuleContext, plan: NetworkPlan): void {
  const s = plan.settings.subnetRoleAssignment ?? {};
  const role = plan.role;
  if (role === "Existing" && (s.roleDefinitionId === undefined) === (s.roleDefinitionName === undefined)) {
    ctx.report("RA-01", BASE, 'subnetRole "Existing" needs exactly one of roleDefinitionId and roleDefinitionName');
  } else if (role !== "Existing" && (s.roleDefinitionId !== undefined || s.roleDefinitionName !== undefined)) {
    const key = s.roleDefinitionId !== undefined ? "roleDefinitionId" : "roleDefinitionName";
    ctx.report("RA-01", `${BASE}.${key}`, `subnetRole "${role}" chooses the role already; set subnetRole: Existing to name another one`);
  }
}

/** RA-02, RA-05 on the assignment as synthesized (overrides included). */
function checkSynthesizedAssignment(ctx: RuleContext, ra: Attributes, adopted: PlannedSubnetId | undefined): void {
  const principalType = ra.principal_type;
  if (!ctx.unknown("RA-02", `${BASE}.principalType`, principalType) && principalType !== "ServicePrincipal") {
    ctx.report(
      "RA-02",
      `${BASE}.principalType`,
      `${JSON.stringify(principalType)}: the grantee is a managed identity, so the principal type is "ServicePrincipal" (case-sensitive); anything else fails or waits for PrincipalNotFound`,
    );
  }
  const scope = ra.scope;
  if (typeof adopted?.text !== "string" || ctx.unknown("RA-05", BASE, adopted.text) || ctx.unknown("RA-05", BASE, scope)) return;
  const parsed = adopted.parsed;
  if (parsed && typeof scope === "string" && !subnetScopes(parsed).some((s) => s.toLowerCase() === scope.toLowerCase())) {
    ctx.report("RA-05", BASE, `the role assignment's scope ${scope} does not cover the node subnet ${adopted.text}`);
  }
}

/** RA-06, RA-08, RA-10: does the control-plane identity get its rights on the subnet, and in time? */
export function checkGrant(ctx: RuleContext, plan: ClusterPlan): void {
  const subnet = plan.subnet;
  if (plan.identity.conflict) {
    ctx.report(
      "RA-10",
      "cluster.identity",
      `is ${plan.identity.conflict}, but the cluster's node subnet was granted to a ${plan.identity.type} identity; the node network decides the identity (AksNetwork's identity prop), so the grant and the cluster use the same one`,
    );
  }
  const ownIps = plan.loadBalancer?.outboundIpIds !== undefined || plan.loadBalancer?.outboundIpPrefixIds !== undefined;
  if (!subnet) {
    if (ownIps && plan.identity.type === "SystemAssigned") {
      ctx.report(
        "RA-08",
        "cluster.identity",
        "with SystemAssigned the grants on your outbound IPs can only be made after the cluster exists, so the cluster's first load balancer operations race them; use UserAssigned, which is granted before the cluster",
      );
    }
    return;
  }
  if (!subnet.grant) {
    ctx.report(
      "RA-06",
      "network.subnetRole",
      "the cluster joins your subnet but its control-plane identity gets no role on it (nor on the pool and API server subnets); AKS needs Network Contributor (or subnets/join/action + subnets/read) there. Set subnetRole to NetworkContributor or MinimalCustomRole",
    );
    return;
  }
  if (plan.identity.type === "SystemAssigned") {
    ctx.report(
      "RA-08",
      "cluster.identity",
      "with SystemAssigned the subnet role can only be granted after the cluster exists, so the cluster's first network operations race the grant (azurerm#24064, AKS#1557); use UserAssigned, which is granted before the cluster",
    );
  }
}
