/**
 * The cluster-level settings at their edges: each rule rejects the bad value
 * and accepts the nearest good one, on the resolved plan.
 */
import { seedConfig, withField } from "../support";
import { clusterRun, hits } from "./helpers";

const at = (field: string, value: unknown) => clusterRun(withField(seedConfig(), field, value));

describe("Image Cleaner's interval (CFG-06): azurerm's IntBetween(24, 2160)", () => {
  const field = "cluster.security.imageCleanerIntervalHours";
  test.each([23, 2161, 24.5])("%s hours is refused", (hours) => expect(hits(at(field, hours), "CFG-06")).toEqual([`error ${field}`]));
  test.each([24, 168, 2160])("%s hours is accepted", (hours) => expect(hits(at(field, hours), "CFG-06")).toEqual([]));
});

describe("control-plane logs (LOG)", () => {
  const base = "cluster.monitoring.controlPlaneLogs";
  const storage = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/staksaudit";
  const workspace = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/log-central";
  const logs = (settings: Record<string, unknown>, monitoring = true) => clusterRun(withField(seedConfig(), "cluster.monitoring", { enabled: monitoring, controlPlaneLogs: settings }));

  test("LOG-01 warns about a category AKS does not document, with the nearest one", () => {
    const run = logs({ categories: ["kube-audit-admin", "Guard"] });
    expect(hits(run, "LOG-01")).toEqual([`warning ${base}.categories[1]`]);
    expect(run.findings.find((f) => f.rule === "LOG-01")!.message).toContain('did you mean "guard"?');
    expect(hits(logs({ categories: ["kube-audit-admin", "guard", "cloud-controller-manager"] }), "LOG-01")).toEqual([]);
  });

  test("LOG-02 refuses logs that are on with nowhere to go, and accepts the nearest destination", () => {
    expect(hits(logs({ enabled: true }, false), "LOG-02")).toEqual([`error ${base}`]);
    expect(hits(logs({ storageAccountId: storage }, false), "LOG-02")).toEqual([]);
    expect(hits(logs({ logAnalyticsWorkspaceId: workspace }, false), "LOG-02")).toEqual([]);
    // Turned off: nothing to send (SEC-01 is the policy's finding), and monitoring's workspace is the default destination.
    expect(hits(logs({ enabled: false }, false), "LOG-02")).toEqual([]);
    expect(hits(logs({}, true), "LOG-02")).toEqual([]);
  });

  test.each([
    ["storageAccountId", storage.replace("storageAccounts", "storageaccounts")],
    ["storageAccountId", workspace],
    ["logAnalyticsWorkspaceId", workspace.replace("resourceGroups", "resourcegroups")],
    ["logAnalyticsWorkspaceId", `${workspace}/`],
  ])("LOG-03 refuses %s %s", (field, id) => expect(hits(logs({ [field]: id }), "LOG-03")).toEqual([`error ${base}.${field}`]));

  test.each([
    ["storageAccountId", storage],
    ["logAnalyticsWorkspaceId", workspace],
  ])("LOG-03 accepts %s %s", (field, id) => expect(hits(logs({ [field]: id }), "LOG-03")).toEqual([]));
});

describe("Microsoft Defender, declared (DEF)", () => {
  const at = "cluster.security.defender";
  const workspace = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/log-central";
  const run = (defender: Record<string, unknown>, monitoring = true) => clusterRun(withField(withField(seedConfig(), at, defender), "cluster.monitoring.enabled", monitoring));

  test("DEF-01: on needs a workspace; the cluster's serves, or one named", () => {
    expect(hits(run({ enabled: true }, false), "DEF-01")).toEqual([`error ${at}.enabled`]);
    expect(hits(run({ enabled: true, logAnalyticsWorkspaceId: workspace }, false), "DEF-01")).toEqual([]);
    expect(hits(run({ enabled: true }, true), "DEF-01")).toEqual([]);
    expect(hits(run({ enabled: false }, false), "DEF-01")).toEqual([]);
  });

  test("DEF-02: a workspace only when on", () => {
    expect(hits(run({ enabled: false, logAnalyticsWorkspaceId: workspace }), "DEF-02")).toEqual([`error ${at}.logAnalyticsWorkspaceId`]);
    expect(hits(run({ enabled: true, logAnalyticsWorkspaceId: workspace }), "DEF-02")).toEqual([]);
  });

  test("DEF-03: the workspace is a workspace's ARM ID", () => {
    expect(hits(run({ enabled: true, logAnalyticsWorkspaceId: workspace.replace("workspaces", "workspace") }), "DEF-03")).toEqual([`error ${at}.logAnalyticsWorkspaceId`]);
    expect(hits(run({ enabled: true, logAnalyticsWorkspaceId: workspace }), "DEF-03")).toEqual([]);
  });
});
