/**
 * LOG: the control plane's logs, a diagnostic setting on the cluster
 * (monitor-aks-reference: resource logs of Microsoft.ContainerService/managedClusters),
 * and how long the cluster's workspace keeps what it receives.
 * Whether they are on at all is the policy pack's SEC-01.
 */
import { isResourceId } from "../net/arm-id";
import type { ClusterPlan } from "../plan/cluster";
import { defineRules, type RuleContext } from "./engine";

/** The resource log categories AKS documents for a managed cluster (monitor-aks-reference). */
const AKS_LOG_CATEGORIES: readonly string[] = [
  "kube-apiserver",
  "kube-audit",
  "kube-audit-admin",
  "kube-controller-manager",
  "kube-scheduler",
  "cluster-autoscaler",
  "cloud-controller-manager",
  "guard",
  "csi-azuredisk-controller",
  "csi-azurefile-controller",
  "csi-snapshot-controller",
];

export const LOG_RULES = defineRules({
  "LOG-01": {
    severity: "warning",
    title: `Control-plane log categories are ones AKS documents (${AKS_LOG_CATEGORIES.join(", ")})`,
    source: "monitor-aks-reference (resource logs of Microsoft.ContainerService/managedClusters)",
    why: "tolerated by azurerm, which only checks that a category is not empty; Azure Monitor refuses a category the resource does not have when the setting is created, so a misspelt one fails the deploy, while a category newer than this list works",
    fix: "use a category AKS documents (check the spelling), e.g. kube-audit-admin or guard",
  },
  "LOG-02": {
    severity: "error",
    title: "Control-plane logs that are on have somewhere to go: a workspace (the cluster's, or one named) or a storage account",
    source: "azurerm monitor_diagnostic_setting (AtLeastOneOf log_analytics_workspace_id, storage_account_id, ...); this project",
    acceptable: false,
    why: "the config asks for control-plane logs but names no destination and has no workspace (monitoring is off); azurerm refuses a diagnostic setting without one",
    fix: "name a logAnalyticsWorkspaceId or storageAccountId for the control-plane logs, or turn cluster.monitoring back on",
  },
  "LOG-03": {
    severity: "error",
    title: "The destinations are ARM IDs of their types: a Log Analytics workspace, a storage account",
    source: "azurerm monitor_diagnostic_setting (workspaces.ValidateWorkspaceID, commonids.ValidateStorageAccountID)",
    why: "refused: azurerm validates both IDs at plan",
    fix: "give logAnalyticsWorkspaceId as the full ARM ID of a Log Analytics workspace, and storageAccountId as that of a storage account",
  },
  "LOG-04": {
    severity: "error",
    title: "The cluster workspace's retention (cluster.monitoring.retentionInDays) is 30 to 730 days",
    source: "azurerm log_analytics_workspace retention_in_days (IntBetween(30, 730)); Log Analytics data retention limits",
    why: "refused: azurerm's IntBetween(30, 730) at plan",
    fix: "set cluster.monitoring.retentionInDays from 30 to 730",
  },
});

/** LOG-04: the retention of the workspace the cluster creates. */
export function checkRetention(ctx: RuleContext, plan: ClusterPlan): void {
  const retention = plan.monitoring.retentionInDays;
  if (retention < 30 || retention > 730) {
    ctx.report("LOG-04", "cluster.monitoring.retentionInDays", `${retention} is outside 30-730 days`);
  }
}

const WORKSPACE_TYPE = "Microsoft.OperationalInsights/workspaces";
const STORAGE_TYPE = "Microsoft.Storage/storageAccounts";

/** LOG-01..03 on `cluster.monitoring.controlPlaneLogs`. */
export function checkControlPlaneLogs(ctx: RuleContext, plan: ClusterPlan): void {
  const logs = plan.monitoring.controlPlaneLogs;
  const written = plan.settings.monitoring?.controlPlaneLogs;
  const base = "cluster.monitoring.controlPlaneLogs";
  if (!logs.enabled) return;
  logs.categories.forEach((category, i) => {
    const at = `${base}.categories[${i}]`;
    if (ctx.unknown("LOG-01", at, category) || AKS_LOG_CATEGORIES.includes(category)) return;
    const near = AKS_LOG_CATEGORIES.find((c) => c.toLowerCase() === String(category).toLowerCase());
    ctx.report("LOG-01", at, `"${category}" is not a log category AKS documents${near ? `; did you mean "${near}"?` : ""}: Azure Monitor refuses a category the cluster does not have`);
  });
  const ids: [string, unknown, string, string][] = [
    [`${base}.logAnalyticsWorkspaceId`, written?.logAnalyticsWorkspaceId, WORKSPACE_TYPE, "Log Analytics workspace"],
    [`${base}.storageAccountId`, written?.storageAccountId, STORAGE_TYPE, "storage account"],
  ];
  for (const [at, id, type, what] of ids) {
    if (id === undefined || ctx.unknown("LOG-03", at, id)) continue;
    if (typeof id !== "string" || !isResourceId(id, type)) {
      ctx.report("LOG-03", at, `is not the ARM ID of a ${what} (/subscriptions/<id>/resourceGroups/<group>/providers/${type}/<name>)`);
    }
  }
  if (logs.declared && logs.settingName === undefined) {
    ctx.report("LOG-02", base, "monitoring is off, so there is no cluster workspace to send the control-plane logs to; name a logAnalyticsWorkspaceId or storageAccountId, or set enabled: false (SEC-01 then needs an accepted risk)");
  }
}
