/**
 * DEF: Microsoft Defender for Containers (`microsoft_defender`), when the
 * config declares it (azurerm kubernetes_cluster_resource.go; AKS
 * ManagedClusterSecurityProfileDefender).
 */
import { isResourceId } from "../net/arm-id";
import type { ClusterPlan } from "../plan/cluster";
import { defineRules, type RuleContext } from "./engine";

export const DEFENDER_RULES = defineRules({
  "DEF-01": {
    severity: "error",
    title: "Defender that is on has a Log Analytics workspace: the cluster's, or one named",
    source: "azurerm microsoft_defender.log_analytics_workspace_id (Required); AKS API ManagedClusterSecurityProfileDefender (required when Defender is on)",
    acceptable: false,
    why: "the config turns Defender on but names no workspace and has none (monitoring is off); azurerm requires one in the block, and AKS refuses Defender without one",
    fix: "set cluster.security.defender.logAnalyticsWorkspaceId, or turn cluster.monitoring back on",
  },
  "DEF-02": {
    severity: "error",
    title: "A workspace is named for Defender only when Defender is on",
    source: "this project",
    acceptable: false,
    why: "the config contradicts itself: Defender is off, so the workspace named for it would never be used",
    fix: "remove cluster.security.defender.logAnalyticsWorkspaceId, or turn Defender on",
  },
  "DEF-03": {
    severity: "error",
    title: "Defender's workspace is the ARM ID of a Log Analytics workspace",
    source: "azurerm microsoft_defender (workspaces.ValidateWorkspaceID)",
    why: "refused: azurerm validates the ID at plan",
    fix: "give the full ARM ID of a Log Analytics workspace, .../providers/Microsoft.OperationalInsights/workspaces/<name>",
  },
});

/** DEF-01..03 on `cluster.security.defender`. */
export function checkDefender(ctx: RuleContext, plan: ClusterPlan): void {
  const written = plan.settings.security?.defender;
  const d = plan.security.defender;
  if (!written || !d.declared) return;
  const at = "cluster.security.defender";
  const id = written.logAnalyticsWorkspaceId;
  if (id !== undefined && !ctx.unknown("DEF-03", `${at}.logAnalyticsWorkspaceId`, id) && (typeof id !== "string" || !isResourceId(id, "Microsoft.OperationalInsights/workspaces"))) {
    ctx.report("DEF-03", `${at}.logAnalyticsWorkspaceId`, "is not the ARM ID of a Log Analytics workspace (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>)");
  }
  if (d.enabled && d.workspace === undefined) {
    ctx.report("DEF-01", `${at}.enabled`, "Defender is on, but monitoring is off and no workspace is named for it; set defender.logAnalyticsWorkspaceId, or turn monitoring on");
  }
  if (!d.enabled && id !== undefined) {
    ctx.report("DEF-02", `${at}.logAnalyticsWorkspaceId`, "Defender is off (enabled: false), so this workspace is not used; remove it, or turn Defender on");
  }
}
