/**
 * What the cluster-level settings synthesize: the cluster's attributes and
 * the resources beside it, from a config through a real AksByoCniStack.
 */
import { Testing } from "../../lib/bindings/cdktf";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import type { AksByoCniConfig } from "../../lib/config/types";
import { problemsOf, seedConfig, synthJson, vnetConfig, withField } from "../support";

const synth = (config: AksByoCniConfig) => synthJson(new AksByoCniStack(Testing.app(), "env", config));
const only = (json: Record<string, any>, type: string) => Object.values(json.resource[type] ?? {}) as Record<string, any>[];
const cluster = (json: Record<string, any>) => only(json, "azurerm_kubernetes_cluster")[0]!;
const STORAGE = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/staksaudit";
const WORKSPACE = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/log-central";

describe("control-plane logs: a diagnostic setting on the cluster", () => {
  test("by default kube-audit-admin and guard go to the created workspace, into the resource-specific tables", () => {
    const json = synth(seedConfig());
    const [setting, ...more] = only(json, "azurerm_monitor_diagnostic_setting");
    expect(more).toEqual([]);
    expect(setting).toEqual({
      name: "aks-control-plane-logs",
      target_resource_id: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.\S+\.id\}$/),
      log_analytics_workspace_id: expect.stringMatching(/^\$\{azurerm_log_analytics_workspace\.\S+\.id\}$/),
      log_analytics_destination_type: "Dedicated",
      enabled_log: [{ category: "kube-audit-admin" }, { category: "guard" }],
    });
  });

  test("to the workspace monitoring uses, when it is yours", () => {
    const [setting] = only(synth(withField(seedConfig(), "cluster.monitoring.logAnalyticsWorkspaceId", WORKSPACE)), "azurerm_monitor_diagnostic_setting");
    expect(setting!.log_analytics_workspace_id).toBe(WORKSPACE);
  });

  test("with monitoring off, to a storage account only", () => {
    const config = withField(seedConfig(), "cluster.monitoring", { enabled: false, controlPlaneLogs: { storageAccountId: STORAGE, categories: ["kube-audit-admin", "guard", "kube-apiserver"] } });
    const [setting] = only(synth(config), "azurerm_monitor_diagnostic_setting");
    expect(setting).toMatchObject({ storage_account_id: STORAGE, enabled_log: [{ category: "kube-audit-admin" }, { category: "guard" }, { category: "kube-apiserver" }] });
    expect(setting!.log_analytics_workspace_id).toBeUndefined();
    expect(setting!.log_analytics_destination_type).toBeUndefined();
  });

  test("none when turned off, or with monitoring off and nowhere to send them", () => {
    expect(only(synth(withField(seedConfig(), "cluster.monitoring.controlPlaneLogs", { enabled: false })), "azurerm_monitor_diagnostic_setting")).toEqual([]);
    expect(only(synth(withField(seedConfig(), "cluster.monitoring", { enabled: false })), "azurerm_monitor_diagnostic_setting")).toEqual([]);
  });
});

describe("Image Cleaner and run command", () => {
  test("Image Cleaner weekly and run command off by default", () => {
    expect(cluster(synth(seedConfig()))).toMatchObject({ image_cleaner_enabled: true, image_cleaner_interval_hours: 168, run_command_enabled: false });
  });

  test("the interval is written with the cleaner off: azurerm sends it when the cleaner is turned off", () => {
    const config = withField(withField(seedConfig(), "cluster.security", { imageCleaner: false, runCommand: true }), "acceptedRisks", [
      { rule: "SEC-03", reason: "Images are cleaned by the node image upgrades of this test cluster." },
      { rule: "SEC-04", reason: "Operators use run command on this test cluster on purpose." },
      { rule: "CKV_AZURE_232", reason: "Single-pool template: workloads run on the system pool." },
    ]);
    expect(cluster(synth(config))).toMatchObject({ image_cleaner_enabled: false, image_cleaner_interval_hours: 168, run_command_enabled: true });
  });
});

describe("Microsoft Defender: left to Azure unless declared", () => {
  test("undeclared: no block, and ignored so that a policy that enables it is not fought", () => {
    const aks = cluster(synth(seedConfig()));
    expect(aks.microsoft_defender).toBeUndefined();
    expect(aks.lifecycle.ignore_changes).toContain("microsoft_defender");
  });

  test("on: the cluster's workspace by default, or the one named, and managed", () => {
    const aks = cluster(synth(withField(seedConfig(), "cluster.security.defender", { enabled: true })));
    expect(aks.microsoft_defender).toEqual({ log_analytics_workspace_id: expect.stringMatching(/^\$\{azurerm_log_analytics_workspace\.\S+\.id\}$/) });
    expect(aks.lifecycle.ignore_changes).not.toContain("microsoft_defender");
    const named = cluster(synth(withField(seedConfig(), "cluster.security.defender", { enabled: true, logAnalyticsWorkspaceId: WORKSPACE })));
    expect(named.microsoft_defender).toEqual({ log_analytics_workspace_id: WORKSPACE });
  });

  test("off: no block, and managed, so a deploy turns off what a policy turned on", () => {
    const aks = cluster(synth(withField(seedConfig(), "cluster.security.defender", { enabled: false })));
    expect(aks.microsoft_defender).toBeUndefined();
    expect(aks.lifecycle.ignore_changes).not.toContain("microsoft_defender");
  });
});

describe("maintenance windows", () => {
  const config = withField(seedConfig(), "cluster.maintenance", {
    autoUpgrade: { frequency: "Weekly", dayOfWeek: "Sunday", startTime: "00:00", durationHours: 4, startDate: "2027-01-03", notAllowedDates: [{ start: "2027-12-20", end: "2028-01-02" }] },
    nodeOs: { frequency: "RelativeMonthly", interval: 1, weekIndex: "First", dayOfWeek: "Tuesday", startTime: "21:00", durationHours: 8, utcOffset: "+01:00" },
    aksReleases: { allowed: [{ day: "Saturday", hours: [1, 2, 3] }], notAllowed: [{ start: "2027-12-24T00:00:00Z", end: "2027-12-27T00:00:00Z" }] },
  });
  const aks = cluster(synth(config));

  test("the auto-upgrade window: interval and offset written out, days as azurerm reads them back (midnight UTC)", () => {
    expect(aks.maintenance_window_auto_upgrade).toEqual({
      frequency: "Weekly",
      interval: 1,
      day_of_week: "Sunday",
      start_time: "00:00",
      duration: 4,
      utc_offset: "+00:00",
      start_date: "2027-01-03T00:00:00Z",
      not_allowed: [{ start: "2027-12-20T00:00:00Z", end: "2028-01-02T00:00:00Z" }],
    });
  });

  test("the node OS window: only the fields of its frequency", () => {
    expect(aks.maintenance_window_node_os).toEqual({ frequency: "RelativeMonthly", interval: 1, week_index: "First", day_of_week: "Tuesday", start_time: "21:00", duration: 8, utc_offset: "+01:00" });
  });

  test("AKS's releases: the default configuration", () => {
    expect(aks.maintenance_window).toEqual({ allowed: [{ day: "Saturday", hours: [1, 2, 3] }], not_allowed: [{ start: "2027-12-24T00:00:00Z", end: "2027-12-27T00:00:00Z" }] });
  });

  test("none unless written", () => {
    const plain = cluster(synth(seedConfig()));
    expect([plain.maintenance_window, plain.maintenance_window_auto_upgrade, plain.maintenance_window_node_os]).toEqual([undefined, undefined, undefined]);
  });
});

describe("the cluster autoscaler profile", () => {
  test("declared, every setting is written, AKS's defaults where not given; the delay after a deletion follows the scan interval", () => {
    const config = withField(withField(seedConfig(), "cluster.defaultNodePool.autoScaling", { minCount: 3, maxCount: 5 }), "cluster.autoScalerProfile", {
      expander: "least-waste",
      scanInterval: "20s",
      scaleDownUtilizationThreshold: 0.65,
      skipNodesWithLocalStorage: true,
    });
    expect(cluster(synth(config)).auto_scaler_profile).toEqual({
      balance_similar_node_groups: false,
      daemonset_eviction_for_empty_nodes_enabled: false,
      daemonset_eviction_for_occupied_nodes_enabled: true,
      expander: "least-waste",
      ignore_daemonsets_utilization_enabled: false,
      max_graceful_termination_sec: "600",
      max_node_provisioning_time: "15m",
      max_unready_nodes: 3,
      max_unready_percentage: 45,
      new_pod_scale_up_delay: "0s",
      scan_interval: "20s",
      scale_down_delay_after_add: "10m",
      scale_down_delay_after_delete: "20s",
      scale_down_delay_after_failure: "3m",
      scale_down_unneeded: "10m",
      scale_down_unready: "20m",
      scale_down_utilization_threshold: "0.65",
      empty_bulk_delete_max: "10",
      skip_nodes_with_local_storage: true,
      skip_nodes_with_system_pods: true,
    });
  });

  test("not declared: no block, so AKS's values (or those set in Azure) stay", () => {
    expect(cluster(synth(seedConfig())).auto_scaler_profile).toBeUndefined();
  });
});

describe("OS SKU per pool", () => {
  test("written on the pools that set it; left to AKS (Ubuntu) on the others", () => {
    const config = withField(withField(vnetConfig(), "cluster.defaultNodePool.osSku", "AzureLinux"), "cluster.userNodePools", [
      { name: "apps", nodeCount: 3, vmSize: "Standard_D4ds_v5", osSku: "Ubuntu2204" },
      { name: "batch", nodeCount: 1, vmSize: "Standard_D4ds_v5" },
    ]);
    const json = synth(config);
    expect(cluster(json).default_node_pool.os_sku).toBe("AzureLinux");
    expect(only(json, "azurerm_kubernetes_cluster_node_pool").map((p) => [p.name, p.os_sku])).toEqual([
      ["apps", "Ubuntu2204"],
      ["batch", undefined],
    ]);
  });
});

describe("node labels, taints and pool tags", () => {
  const config = withField(
    withField(withField(withField(vnetConfig(), "tags", { team: "platform", env: "prod" }), "ignoredTags", ["CostCenter"]), "cluster.defaultNodePool", {
      name: "system",
      nodeCount: 3,
      vmSize: "Standard_D4ds_v5",
      nodeLabels: { "example.com/tier": "system" },
      tags: { env: "prod-system" },
    }),
    "cluster.userNodePools",
    [{ name: "apps", nodeCount: 3, vmSize: "Standard_D4ds_v5", nodeLabels: { workload: "web" }, nodeTaints: ["dedicated=web:NoSchedule"], tags: { owner: "web-team" } }],
  );
  const json = synth(config);
  const aks = cluster(json);
  const [apps] = only(json, "azurerm_kubernetes_cluster_node_pool");

  test("labels on both pools, taints on the user pool; the system pool keeps CriticalAddonsOnly through only_critical_addons_enabled", () => {
    expect(aks.default_node_pool).toMatchObject({ node_labels: { "example.com/tier": "system" }, only_critical_addons_enabled: true });
    expect(aks.default_node_pool.node_taints).toBeUndefined();
    expect(apps).toMatchObject({ node_labels: { workload: "web" }, node_taints: ["dedicated=web:NoSchedule"] });
  });

  test("pool tags merge over the environment's, and the tags a policy manages are left alone on the system pool too", () => {
    expect(aks.default_node_pool.tags).toEqual({ team: "platform", env: "prod-system" });
    expect(apps!.tags).toEqual({ team: "platform", env: "prod", owner: "web-team" });
    expect(aks.lifecycle.ignore_changes).toEqual(expect.arrayContaining(['tags["CostCenter"]', 'default_node_pool[0].tags["CostCenter"]']));
    expect(apps!.lifecycle.ignore_changes).toContain('tags["CostCenter"]');
  });

  test("the TAG rules check the merged tags at the pool's path", () => {
    const lines = (c: AksByoCniConfig) => problemsOf({ env: c }).filter((l) => /\[(TAG|DAY)-0\d\]/.test(l.message)).map((l) => `${l.level} ${l.message.replace(/: .*\[/, " [")}`);
    const many = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`t${i}`, "x"]));
    expect(lines(withField(withField(config, "tags", many), "cluster.userNodePools[0].tags", { owner: "web-team", extra: "y" }))).toEqual(["error cluster.userNodePools[0].tags [TAG-01]"]);
    expect(lines(withField(withField(config, "tags", many), "cluster.userNodePools[0].tags", { owner: "web-team" }))).toEqual([]);
    expect(lines(withField(config, "cluster.userNodePools[0].tags", { Team: "web" }))).toEqual(["error cluster.userNodePools[0].tags.Team [TAG-05]"]);
    expect(lines(withField(config, "cluster.userNodePools[0].tags", { costcenter: "42" }))).toEqual(["error cluster.userNodePools[0].tags.costcenter [DAY-06]"]);
    expect(lines(withField(config, "cluster.userNodePools[0].tags", { "a/b": "42" }))).toEqual(["error cluster.userNodePools[0].tags.a/b [TAG-04]"]);
  });
});
