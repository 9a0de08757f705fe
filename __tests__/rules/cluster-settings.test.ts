/**
 * The cluster-level settings at their edges: each rule rejects the bad value
 * and accepts the nearest good one, on the resolved plan.
 */
import { isGoDuration } from "../../lib/rules/autoscaler";
import { seedConfig, vnetConfig, withField } from "../support";
import { clusterRun, hits, planOf } from "./helpers";

const at = (field: string, value: unknown) => clusterRun(withField(seedConfig(), field, value));
const a = (n: number) => "a".repeat(n);

describe("Image Cleaner's interval (IMG-01): azurerm's IntBetween(24, 2160)", () => {
  const field = "cluster.security.imageCleanerIntervalHours";
  test.each([23, 2161, 24.5])("%s hours is refused", (hours) => expect(hits(at(field, hours), "IMG-01")).toEqual([`error ${field}`]));
  test.each([24, 168, 2160])("%s hours is accepted", (hours) => expect(hits(at(field, hours), "IMG-01")).toEqual([]));
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

describe("maintenance windows (MW)", () => {
  const w = "cluster.maintenance.autoUpgrade";
  const weekly = { frequency: "Weekly", dayOfWeek: "Sunday", startTime: "02:00", durationHours: 4 };
  const window = (settings: Record<string, unknown>) => clusterRun(withField(seedConfig(), w, settings));
  const rules = (run: ReturnType<typeof clusterRun>) => run.findings.filter((f) => f.rule.startsWith("MW-")).map((f) => `${f.rule} ${f.path}`);

  test("a weekly window written out is accepted, and so is every frequency with its day", () => {
    expect(rules(window(weekly))).toEqual([]);
    expect(rules(window({ frequency: "Daily", interval: 7, startTime: "00:00", durationHours: 24 }))).toEqual([]);
    expect(rules(window({ frequency: "AbsoluteMonthly", interval: 6, dayOfMonth: 31, startTime: "23:59", durationHours: 4 }))).toEqual([]);
    expect(rules(window({ frequency: "RelativeMonthly", weekIndex: "Last", dayOfWeek: "Friday", startTime: "22:00", durationHours: 8, utcOffset: "-05:30" }))).toEqual([]);
  });

  test.each([
    [{ frequency: "Weekly", startTime: "02:00", durationHours: 4 }, "MW-01", "dayOfWeek"],
    [{ frequency: "AbsoluteMonthly", startTime: "02:00", durationHours: 4 }, "MW-01", "dayOfMonth"],
    [{ ...weekly, weekIndex: "First" }, "MW-02", "weekIndex"],
    [{ frequency: "Daily", dayOfWeek: "Monday", startTime: "02:00", durationHours: 4 }, "MW-02", "dayOfWeek"],
    [{ frequency: "Daily", interval: 8, startTime: "02:00", durationHours: 4 }, "MW-03", "interval"],
    [{ ...weekly, interval: 0 }, "MW-03", "interval"],
    [{ frequency: "AbsoluteMonthly", interval: 7, dayOfMonth: 1, startTime: "02:00", durationHours: 4 }, "MW-03", "interval"],
    [{ frequency: "AbsoluteMonthly", dayOfMonth: 0, startTime: "02:00", durationHours: 4 }, "MW-03", "dayOfMonth"],
    [{ ...weekly, durationHours: 25 }, "MW-04", "durationHours"],
    [{ ...weekly, startTime: "2:00" }, "MW-05", "startTime"],
    [{ ...weekly, startTime: "12:60" }, "MW-05", "startTime"],
    [{ ...weekly, utcOffset: "01:00" }, "MW-06", "utcOffset"],
    [{ ...weekly, startDate: "2027-1-04" }, "MW-07", "startDate"],
    [{ ...weekly, notAllowedDates: [{ start: "2027-12-24", end: "2027-12-23" }] }, "MW-07", "notAllowedDates[0].end"],
    [{ ...weekly, notAllowedDates: [{ start: "2027-04-31", end: "2027-05-02" }] }, "MW-07", "notAllowedDates[0].start"],
  ])("refuses %j: %s at %s", (settings, rule, field) => expect(rules(window(settings))).toEqual([`${rule} ${w}.${field}`]));

  test.each([
    [{ ...weekly, interval: 4, durationHours: 24 }],
    [{ ...weekly, notAllowedDates: [{ start: "2027-12-24", end: "2027-12-24" }], startDate: "2027-01-04" }],
    [{ ...weekly, utcOffset: "+14:00" }],
  ])("accepts the nearest good value %j", (settings) => expect(rules(window(settings))).toEqual([]));

  test("MW-08 warns about a window whose channel is off", () => {
    const off = clusterRun(withField(withField(seedConfig(), w, weekly), "cluster.upgrade", { channel: "none" }));
    expect(hits(off, "MW-08")).toEqual([`warning ${w}`]);
    expect(hits(clusterRun(withField(withField(seedConfig(), w, weekly), "cluster.upgrade", { channel: "stable" })), "MW-08")).toEqual([]);
  });

  test("MW-09 on aksReleases: a slot or a span, hours 0-23, spans in RFC 3339 with the end after the start", () => {
    const releases = (r: Record<string, unknown>) => rules(clusterRun(withField(seedConfig(), "cluster.maintenance.aksReleases", r)));
    const at = "cluster.maintenance.aksReleases";
    expect(releases({})).toEqual([`MW-09 ${at}`]);
    expect(releases({ allowed: [{ day: "Sunday", hours: [] }] })).toEqual([`MW-09 ${at}.allowed[0].hours`]);
    expect(releases({ allowed: [{ day: "Sunday", hours: [-1, 0] }] })).toEqual([`MW-09 ${at}.allowed[0].hours[0]`]);
    expect(releases({ notAllowed: [{ start: "2027-12-24", end: "2027-12-26T00:00:00Z" }] })).toEqual([`MW-09 ${at}.notAllowed[0].start`]);
    expect(releases({ notAllowed: [{ start: "2027-12-24T00:00:00Z", end: "2027-12-24T00:00:00Z" }] })).toEqual([`MW-09 ${at}.notAllowed[0].end`]);
    expect(releases({ allowed: [{ day: "Sunday", hours: [0, 23] }], notAllowed: [{ start: "2027-12-24T00:00:00Z", end: "2027-12-24T00:00:01Z" }] })).toEqual([]);
  });
});

describe("the cluster autoscaler profile (ASP)", () => {
  const asp = "cluster.autoScalerProfile";
  const autoscaled = () => withField(vnetConfig(), "cluster.userNodePools[0].autoScaling", { minCount: 3, maxCount: 6 });
  const profile = (p: Record<string, unknown>) => clusterRun(withField(autoscaled(), asp, p));
  const rules = (run: ReturnType<typeof clusterRun>) => run.findings.filter((f) => f.rule.startsWith("ASP-")).map((f) => `${f.rule} ${f.severity} ${f.path}`);

  test("Go durations, as azurerm's validate.Duration parses them", () => {
    for (const ok of ["0", "0s", "10s", "1.5h", "1h30m", ".5s", "300ms", "1m0s"]) expect([ok, isGoDuration(ok)]).toEqual([ok, true]);
    for (const bad of ["", "10", "10 s", "-1s", "1d", "m", "10sec", " 10s"]) expect([bad, isGoDuration(bad)]).toEqual([bad, false]);
  });

  test.each([
    [{ scanInterval: "10" }, "ASP-01 error cluster.autoScalerProfile.scanInterval"],
    [{ newPodScaleUpDelay: "-1s" }, "ASP-01 error cluster.autoScalerProfile.newPodScaleUpDelay"],
    [{ scaleDownDelayAfterAdd: "0s" }, "ASP-02 error cluster.autoScalerProfile.scaleDownDelayAfterAdd"],
    [{ scaleDownUnneeded: "600s" }, "ASP-02 error cluster.autoScalerProfile.scaleDownUnneeded"],
    [{ scaleDownUnready: "1h" }, "ASP-02 error cluster.autoScalerProfile.scaleDownUnready"],
    [{ maxNodeProvisioningTime: "15m0s" }, "ASP-02 error cluster.autoScalerProfile.maxNodeProvisioningTime"],
    [{ maxUnreadyPercentage: -1 }, "ASP-03 error cluster.autoScalerProfile.maxUnreadyPercentage"],
    [{ maxUnreadyNodes: -1 }, "ASP-03 error cluster.autoScalerProfile.maxUnreadyNodes"],
    [{ emptyBulkDeleteMax: 0 }, "ASP-03 error cluster.autoScalerProfile.emptyBulkDeleteMax"],
    [{ maxGracefulTerminationSec: 1.5 }, "ASP-03 error cluster.autoScalerProfile.maxGracefulTerminationSec"],
    [{ scaleDownUtilizationThreshold: 0 }, "ASP-04 warning cluster.autoScalerProfile.scaleDownUtilizationThreshold"],
  ])("refuses or warns about %j", (p, found) => expect(rules(profile(p))).toEqual([found]));

  test("accepts the nearest good values, and the seconds AKS takes for the delay after a deletion", () => {
    expect(
      rules(
        profile({
          scanInterval: "10s",
          newPodScaleUpDelay: "0s",
          scaleDownDelayAfterAdd: "0m",
          scaleDownDelayAfterDelete: "20s",
          scaleDownUnneeded: "10m",
          scaleDownUnready: "60m",
          maxNodeProvisioningTime: "15m",
          maxUnreadyPercentage: 0,
          maxUnreadyNodes: 0,
          emptyBulkDeleteMax: 1,
          maxGracefulTerminationSec: 0,
          scaleDownUtilizationThreshold: 0.01,
        }),
      ),
    ).toEqual([]);
  });

  test("ASP-05 warns about a profile no autoscaler uses", () => {
    expect(rules(clusterRun(withField(vnetConfig(), asp, {})))).toEqual(["ASP-05 warning cluster.autoScalerProfile"]);
    expect(rules(profile({}))).toEqual([]);
  });
});

describe("OS SKU per pool (NP-11)", () => {
  const run = (version: string | undefined, osSku: string) => clusterRun(withField(withField(seedConfig(), "cluster.kubernetesVersion", version), "cluster.defaultNodePool.osSku", osSku));
  test.each([["1.31"], ["1.31.9"], ["1.29"]])("AzureLinux on %s is the retired Azure Linux 2.0", (v) => expect(hits(run(v, "AzureLinux"), "NP-11")).toEqual(["warning cluster.defaultNodePool.osSku"]));
  test.each([
    ["1.32", "AzureLinux"],
    ["1.33.2", "AzureLinux"],
    ["1.31", "AzureLinux3"],
    ["1.31", "Ubuntu"],
    [undefined, "AzureLinux"],
  ])("%s with %s is fine", (v, sku) => expect(hits(run(v as string, sku), "NP-11")).toEqual([]));
});

describe("node labels and taints (LBL)", () => {
  const apps = "cluster.userNodePools[0]";
  const run = (field: string, value: unknown) => clusterRun(withField(vnetConfig(), `${apps}.${field}`, value));
  const rules = (r: ReturnType<typeof clusterRun>) => r.findings.filter((f) => f.rule.startsWith("LBL-")).map((f) => `${f.rule} ${f.path}`);

  test("label keys and values at their edges", () => {
    expect(rules(run("nodeLabels", { [a(63)]: a(63), [`${"p.".repeat(10)}example.com/${a(63)}`]: "", "team_a.b-c": "x_y.z-1" }))).toEqual([]);
    expect(rules(run("nodeLabels", { [a(64)]: "x" }))).toEqual([`LBL-01 ${apps}.nodeLabels.${a(64)}`]);
    expect(rules(run("nodeLabels", { "Example.com/x": "y" }))).toEqual([`LBL-01 ${apps}.nodeLabels.Example.com/x`]);
    expect(rules(run("nodeLabels", { "/x": "y" }))).toEqual([`LBL-01 ${apps}.nodeLabels./x`]);
    expect(rules(run("nodeLabels", { x: "-y" }))).toEqual([`LBL-02 ${apps}.nodeLabels.x`]);
    expect(rules(run("nodeLabels", { x: "a b" }))).toEqual([`LBL-02 ${apps}.nodeLabels.x`]);
  });

  test.each(["kubernetes.azure.com/agentpool", "sub.kubernetes.azure.com/x", "kubernetes.io/role", "node-role.kubernetes.io/worker", "k8s.io/x", "foo.k8s.io/x"])("LBL-03 refuses %s", (key) =>
    expect(rules(run("nodeLabels", { [key]: "v" }))).toEqual([`LBL-03 ${apps}.nodeLabels.${key}`]),
  );
  test.each(["node.kubernetes.io/exclude-from-external-load-balancers", "kubelet.kubernetes.io/x", "azure.com/x", "mykubernetes.io/x", "example.com/kubernetes.io"])("LBL-03 accepts %s", (key) =>
    expect(rules(run("nodeLabels", { [key]: "v" }))).toEqual([]),
  );

  test("taints: key[=value]:Effect with the three effects, unique by key and effect", () => {
    expect(rules(run("nodeTaints", ["dedicated=gpu:NoSchedule", "spot:PreferNoSchedule", "example.com/maintenance=:NoExecute", "dedicated=gpu:NoExecute"]))).toEqual([]);
    for (const bad of ["dedicated=gpu", "dedicated=gpu:noschedule", "dedicated=g pu:NoSchedule", "=gpu:NoSchedule", "a:b:NoSchedule", "dedicated=gpu:NoSchedule:"]) {
      expect([bad, rules(run("nodeTaints", [bad]))]).toEqual([bad, [`LBL-04 ${apps}.nodeTaints[0]`]]);
    }
    expect(rules(run("nodeTaints", ["a=1:NoSchedule", "a=2:NoSchedule"]))).toEqual([`LBL-05 ${apps}.nodeTaints[1]`]);
  });

  test("LBL-06: no taints on the system pool, not even CriticalAddonsOnly", () => {
    expect(hits(clusterRun(withField(vnetConfig(), "cluster.defaultNodePool.nodeTaints", ["CriticalAddonsOnly=true:NoSchedule"])), "LBL-06")).toEqual(["error cluster.defaultNodePool.nodeTaints"]);
    expect(hits(clusterRun(withField(vnetConfig(), "cluster.defaultNodePool.nodeTaints", [])), "LBL-06")).toEqual([]);
  });
});

describe("a kubelet identity of your own (KID)", () => {
  const kid = "cluster.kubeletIdentity";
  const id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-kubelet";
  const guid = "11111111-2222-3333-4444-555555555555";
  const rules = (config: ReturnType<typeof seedConfig>) =>
    clusterRun(config)
      .findings.filter((f) => f.rule.startsWith("KID-"))
      .map((f) => `${f.rule} ${f.path}`);

  test("created or given by ID; the control plane becomes user-assigned by default", () => {
    expect(rules(withField(seedConfig(), kid, {}))).toEqual([]);
    expect(rules(withField(seedConfig(), kid, { name: "id-aks-kubelet" }))).toEqual([]);
    expect(rules(withField(seedConfig(), kid, { id, clientId: guid, objectId: guid }))).toEqual([]);
    expect(planOf(withField(seedConfig(), kid, {})).cluster.identity.type).toBe("UserAssigned");
    expect(planOf(seedConfig()).cluster.identity.type).toBe("SystemAssigned");
  });

  test.each([
    [{ id, clientId: guid }, [`KID-02 ${kid}.objectId`]],
    [{ id, clientId: guid, objectId: guid, name: "x-kubelet" }, [`KID-02 ${kid}.name`]],
    [{ clientId: guid }, [`KID-02 ${kid}.clientId`]],
    [{ id: `${id}/`, clientId: guid, objectId: guid }, [`KID-03 ${kid}.id`]],
    [{ id, clientId: "1111", objectId: guid }, [`KID-03 ${kid}.clientId`]],
    [{ name: "-kubelet" }, [`KID-04 ${kid}.name`]],
    [{ name: "a".repeat(129) }, [`KID-04 ${kid}.name`]],
    [{ grantOperatorRole: false }, [`KID-05 ${kid}.grantOperatorRole`]],
  ])("%j", (settings, found) => expect(rules(withField(seedConfig(), kid, settings))).toEqual(found));

  test("KID-01 with a SystemAssigned control plane, written or from the node network", () => {
    expect(rules(withField(withField(seedConfig(), kid, {}), "cluster.identity", "SystemAssigned"))).toEqual(["KID-01 cluster.identity"]);
    expect(rules(withField(withField(vnetConfig(), kid, {}), "cluster.identity", "SystemAssigned"))).toEqual(["KID-01 cluster.identity"]);
    expect(rules(withField(vnetConfig(), kid, {}))).toEqual([]);
  });
});
