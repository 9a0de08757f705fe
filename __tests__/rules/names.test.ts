/**
 * NAME: resource names, full-string ASCII patterns; lengths at the edge.
 */
import type { ClusterSettings } from "../../lib/config/types";
import { resolveCluster } from "../../lib/plan/cluster";
import { defaultNodeResourceGroup, deriveDnsPrefix } from "../../lib/plan/names";
import { checkClusterNames, checkDnsPrefixChoice, checkResourceGroupName, checkSubnetName, checkVnetName } from "../../lib/rules/names";
import { isUnknownValue } from "../../lib/constructs/private/synthesized";
import { runCheck, seedConfig, vnetConfig, withField } from "../support";
import { hits, messageOf, pathsOf, reportOf, stacks } from "./helpers";

const a = (n: number, c = "a") => c.repeat(n);

const cluster = (over: Partial<ClusterSettings> = {}): ClusterSettings => ({
  name: "aks",
  defaultNodePool: { name: "system", nodeCount: 3, vmSize: "Standard_D4ds_v5" },
  ...over,
});
const namesRun = (c: ClusterSettings, rg = "rg-aks", location = "westeurope") =>
  runCheck((ctx) => checkClusterNames(ctx, resolveCluster({ location, resourceGroupName: rg, cluster: c }, isUnknownValue)));

describe("NAME-01: cluster name", () => {
  test.each([a(64), "aks-", "-aks", "_aks", "aks_", "aks.prod", "aks prod", "aks\n", "äks", "", "aks/prod"])("%j is rejected", (name) => {
    expect(hits(namesRun(cluster({ name })), "NAME-01")).toEqual(["error cluster.name"]);
  });

  test.each([a(63), "a", "aks_prod-1", "1aks", "AKS"])("%j is accepted", (name) => {
    expect(hits(namesRun(cluster({ name, nodeResourceGroup: "rg-nodes" })), "NAME-01")).toEqual([]);
  });
});

describe("NAME-02: DNS prefix", () => {
  test.each([a(55), "a_b", "a.b", "a-", "-a", "", "ab\n"])("%j is rejected", (dnsPrefix) => {
    expect(hits(namesRun(cluster({ dnsPrefix })), "NAME-02")).toEqual(["error cluster.dnsPrefix"]);
  });

  test.each([a(54), "a", "2ndCluster", "aks-prod"])("%j is accepted", (dnsPrefix) => {
    expect(hits(namesRun(cluster({ dnsPrefix })), "NAME-02")).toEqual([]);
  });

  test.each([
    [a(63), a(54)],
    ["aks_prod", "aks-prod"],
    [`${a(53)}_b`, a(53)],
  ])("a prefix derived from %j is %j, itself valid", (name, prefix) => {
    expect(deriveDnsPrefix(name)).toBe(prefix);
    expect(hits(namesRun(cluster({ dnsPrefix: deriveDnsPrefix(name) })), "NAME-02")).toEqual([]);
  });
});

describe("NAME-03: exactly one of dns_prefix and dns_prefix_private_cluster", () => {
  test.each([
    ["both", { dns_prefix: "aks", dns_prefix_private_cluster: "aks", private_cluster_enabled: true }],
    ["neither", { name: "aks" }],
    ["the private form on a public cluster", { dns_prefix_private_cluster: "aks" }],
    ["the private form with private_cluster_enabled false", { dns_prefix_private_cluster: "aks", private_cluster_enabled: false }],
  ])("%s is rejected", (_what, json) => {
    expect(hits(runCheck((ctx) => checkDnsPrefixChoice(ctx, json)), "NAME-03")).toEqual(["error cluster.dnsPrefix"]);
  });

  test.each([
    ["dns_prefix", { dns_prefix: "aks" }],
    ["dns_prefix on a private cluster", { dns_prefix: "aks", private_cluster_enabled: true }],
    ["the private form on a private cluster", { dns_prefix_private_cluster: "aks", private_cluster_enabled: true }],
    ["dns_prefix as a reference", { dns_prefix: "${var.dns_prefix}" }],
  ])("%s is accepted", (_what, json) => {
    expect(runCheck((ctx) => checkDnsPrefixChoice(ctx, json)).findings).toEqual([]);
  });

  test("whether the cluster is private, when a reference, is skipped", () => {
    const run = runCheck((ctx) => checkDnsPrefixChoice(ctx, { dns_prefix_private_cluster: "aks", private_cluster_enabled: "${var.private}" }));
    expect(run.findings).toEqual([]);
    expect(run.skipped).toEqual([{ rule: "NAME-03", path: "cluster.dnsPrefix" }]);
  });
});

describe("NAME-04: node pool names", () => {
  test.each([a(13), "1pool", "Pool", "pool-1", "pool_1", "", "pööl"])("%j is rejected", (name) => {
    expect(hits(namesRun(cluster({ defaultNodePool: { name, nodeCount: 3, vmSize: "Standard_D4ds_v5" } })), "NAME-04")).toEqual([
      "error cluster.defaultNodePool.name",
    ]);
  });

  test.each([a(12), "a", "pool1"])("%j is accepted", (name) => {
    expect(hits(namesRun(cluster({ defaultNodePool: { name, nodeCount: 3, vmSize: "Standard_D4ds_v5" } })), "NAME-04")).toEqual([]);
  });

  test("temporaryNameForRotation follows the same rule", () => {
    const pool = (temporaryNameForRotation: string) => cluster({ defaultNodePool: { name: "system", nodeCount: 3, vmSize: "Standard_D4ds_v5", temporaryNameForRotation } });
    expect(hits(namesRun(pool(a(13))), "NAME-04")).toEqual(["error cluster.defaultNodePool.temporaryNameForRotation"]);
    expect(hits(namesRun(pool(a(12))), "NAME-04")).toEqual([]);
  });
});

describe("NAME-06: unique pool names", () => {
  const user = (name: string, temporaryNameForRotation?: string) => ({ name, nodeCount: 1, vmSize: "Standard_D4ds_v5", temporaryNameForRotation });

  test.each([
    ["a user pool named like the system pool", [user("system")], "cluster.userNodePools[0].name"],
    ["two user pools with one name", [user("apps"), user("apps")], "cluster.userNodePools[1].name"],
    ["a rotation name taken by a pool", [user("apps", "system")], "cluster.userNodePools[0].temporaryNameForRotation"],
    ["a rotation name equal to its own pool", [user("apps", "apps")], "cluster.userNodePools[0].temporaryNameForRotation"],
  ])("%s is rejected", (_what, userNodePools, path) => {
    expect(hits(namesRun(cluster({ userNodePools })), "NAME-06")).toEqual([`error ${path}`]);
  });

  test("distinct names are accepted", () => {
    expect(hits(namesRun(cluster({ userNodePools: [user("apps", "appstmp"), user("batch")] })), "NAME-06")).toEqual([]);
  });
});

describe("NAME-07: the node resource group fits in 80 characters", () => {
  // MC_ + 37 + _ + 28 + _ + westeurope = 3 + 37 + 1 + 28 + 1 + 10 = 80.
  test("MC_<37>_<28>_westeurope is exactly 80 characters", () => {
    expect(defaultNodeResourceGroup(a(37, "r"), a(28, "c"), "westeurope")).toHaveLength(80);
  });

  test.each([
    [37, 28, []],
    [38, 28, ["error cluster.name"]],
    [37, 29, ["error cluster.name"]],
  ])("resource group of %i and cluster of %i characters in westeurope", (rg, name, expected) => {
    expect(hits(namesRun(cluster({ name: a(name, "c") }), a(rg, "r")), "NAME-07")).toEqual(expected);
  });

  test("the message says by how much to shorten", () => {
    expect(messageOf(namesRun(cluster({ name: a(28, "c") }), a(39, "r")), "NAME-07")).toContain("is 82 characters (at most 80); shorten the cluster or resource group name by 2");
  });

  test.each([
    [a(81), "is 81 characters"],
    ["rg-nodes.", "not a valid resource group name"],
    ["rg nodes", "not a valid resource group name"],
    ["RG-AKS", "must differ from the cluster's own resource group"],
  ])("an explicit %j is rejected", (nodeResourceGroup, fragment) => {
    const run = namesRun(cluster({ nodeResourceGroup }), "rg-aks");
    expect(hits(run, "NAME-07")).toEqual(["error cluster.nodeResourceGroup"]);
    expect(messageOf(run, "NAME-07")).toContain(fragment);
  });

  test.each([a(80), "rg-aks-nodes", "MC_rg(1)"])("an explicit %j is accepted, and the default name is not checked", (nodeResourceGroup) => {
    expect(hits(namesRun(cluster({ name: a(63), nodeResourceGroup }), a(90)), "NAME-07")).toEqual([]);
  });
});

describe("NAME-08: resource group name", () => {
  const rgRun = (name: unknown) => runCheck((ctx) => checkResourceGroupName(ctx, "resourceGroup.name", name));

  test.each([a(91), "rg.", "", "rg aks", "rg/aks", "rg-ä", "rg\n"])("%j is rejected", (name) => {
    expect(hits(rgRun(name), "NAME-08")).toEqual(["error resourceGroup.name"]);
  });

  test.each([a(90), "a", "rg.aks", "rg(1)", "_rg-aks", "rg-aks_"])("%j is accepted", (name) => {
    expect(rgRun(name).findings).toEqual([]);
  });
});

describe("NAME-09 and NAME-10: VNet and subnet names", () => {
  test.each([
    ["NAME-09", "v"],
    ["NAME-09", a(65)],
    ["NAME-09", "vnet."],
    ["NAME-09", "vnet-"],
    ["NAME-09", "_vnet"],
    ["NAME-09", "vnet aks"],
    ["NAME-10", a(81)],
    ["NAME-10", "snet-"],
    ["NAME-10", ".snet"],
    ["NAME-10", ""],
  ])("%s rejects %j", (rule, name) => {
    const run = runCheck((ctx) => (rule === "NAME-09" ? checkVnetName(ctx, "network.vnet.name", name) : checkSubnetName(ctx, "network.vnet.subnet.name", name)));
    expect(hits(run, rule)).toEqual([`error ${rule === "NAME-09" ? "network.vnet.name" : "network.vnet.subnet.name"}`]);
  });

  test.each([
    ["NAME-09", "vn"],
    ["NAME-09", a(64)],
    ["NAME-09", "vnet_"],
    ["NAME-09", "vnet.aks-1"],
    ["NAME-10", "s"],
    ["NAME-10", a(80)],
    ["NAME-10", "snet_"],
  ])("%s accepts %j", (rule, name) => {
    const run = runCheck((ctx) => (rule === "NAME-09" ? checkVnetName(ctx, "network.vnet.name", name) : checkSubnetName(ctx, "network.vnet.subnet.name", name)));
    expect(run.findings).toEqual([]);
  });
});

describe("end to end through a config", () => {
  const report = stacks({
    // One defect per name.
    bad: () => {
      let c = withField(vnetConfig(), "cluster.name", a(64));
      c = withField(c, "cluster.dnsPrefix", a(55));
      c = withField(c, "cluster.defaultNodePool.name", a(13));
      c = withField(c, "cluster.userNodePools[0].name", a(13));
      c = withField(c, "resourceGroup.name", "rg-aks.");
      c = withField(c, "network.vnet.name", "v");
      return reportOf(withField(c, "network.vnet.subnet.name", "snet-"));
    },
    duplicate: () => reportOf(withField(vnetConfig(), "cluster.userNodePools[0].name", "system")),
    tooLong: () => reportOf(withField(withField(vnetConfig(), "resourceGroup.name", a(38, "r")), "cluster.name", a(28, "c"))),
    // Every name at its longest.
    edge: () => {
      let c = withField(vnetConfig(), "resourceGroup.name", a(37, "r"));
      c = withField(c, "cluster.name", a(28, "c"));
      c = withField(c, "cluster.dnsPrefix", a(54));
      c = withField(c, "cluster.defaultNodePool.name", a(12, "s"));
      c = withField(c, "network.vnet.name", a(64, "v"));
      return reportOf(withField(c, "network.vnet.subnet.name", a(80, "n")));
    },
    longestCluster: () => reportOf(withField(withField(seedConfig(), "cluster.name", a(63)), "cluster.nodeResourceGroup", "rg-aks-nodes")),
    // Reachable only through an override: the construct always sets dns_prefix.
    bothPrefixes: () => reportOf(seedConfig(), (stack) => stack.cluster.kubernetesCluster.addOverride("dns_prefix_private_cluster", "aks")),
    privateOnly: () =>
      reportOf(withField(seedConfig(), "cluster.apiServer", { private: true }), (stack) => {
        stack.cluster.kubernetesCluster.addOverride("dns_prefix", undefined);
        stack.cluster.kubernetesCluster.addOverride("dns_prefix_private_cluster", "aks");
      }),
  });

  test.each([
    ["NAME-01", "cluster.name", "bad"],
    ["NAME-02", "cluster.dnsPrefix", "bad"],
    ["NAME-03", "cluster.dnsPrefix", "bothPrefixes"],
    ["NAME-06", "cluster.userNodePools[0].name", "duplicate"],
    ["NAME-07", "cluster.name", "tooLong"],
    ["NAME-08", "resourceGroup.name", "bad"],
    ["NAME-09", "network.vnet.name", "bad"],
    ["NAME-10", "network.vnet.subnet.name", "bad"],
  ] as const)("%s is reported at %s (stack %s)", (rule, path, key) => {
    expect(pathsOf(report(key).errors, rule)).toEqual([path]);
  });

  test("NAME-04 is reported for each pool", () => {
    expect(pathsOf(report("bad").errors, "NAME-04")).toEqual(["cluster.defaultNodePool.name", "cluster.userNodePools[0].name"]);
  });

  test("80 characters of node resource group and every name at its longest: no error", () => {
    expect(report("edge").errors).toEqual([]);
  });

  test("a 63-character cluster name is accepted", () => {
    expect(report("longestCluster").errors).toEqual([]);
  });

  test("a private cluster with only dns_prefix_private_cluster is accepted", () => {
    expect(pathsOf(report("privateOnly").errors, "NAME-03")).toEqual([]);
  });
});
