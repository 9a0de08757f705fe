/**
 * POD: the pod range under BYOCNI (overlaps, support scope, per-node blocks,
 * the list form), and what happens when it is a Terraform reference.
 */
import { AzurermProvider } from "../../lib/bindings/azurerm";
import { Testing, TerraformStack, TerraformVariable } from "../../lib/bindings/cdktf";
import { AksByoCniCluster } from "../../lib/constructs/aks-byo-cni-cluster";
import { AksNetwork } from "../../lib/constructs/aks-network";
import { collectProblems } from "../../lib/app/synth";
import type { AksByoCniConfig } from "../../lib/config/types";
import { ipv4 } from "../../lib/net/cidr";
import { podBlocks } from "../../lib/plan/capacity";
import { checkPodCapacity } from "../../lib/rules/pod";
import { runCheck, seedConfig, synthJson, vnetConfig, withField } from "../support";
import { ADOPTED_SUBNET_ID, byoRun, clusterRun, hits, messageOf, pathsOf, reportOf, skippedAt, stacks } from "./helpers";

const POD = "network.podCidr";
const withPod = (config: AksByoCniConfig, pod: string) => withField(config, "network.podCidr", pod);
/** The VNet 10.224.0.0/12 (10.224.0.0-10.239.255.255) with the node subnet 10.224.0.0/16. */
const vnet = vnetConfig;
/** An adopted subnet whose prefixes are declared, its VNet's space not. */
const adopted = (prefixes: string[]) =>
  withField(withField(withField(vnetConfig(), "network.vnet", undefined), "network.existingSubnetId", ADOPTED_SUBNET_ID), "network.existingSubnetAddressPrefixes", prefixes);

describe("POD-02 (subnets), POD-08 (the VNet) and POD-03 (connected networks)", () => {
  test.each([
    ["POD-02", "10.224.0.0/16, the node subnet", withPod(vnet(), "10.224.0.0/16")],
    ["POD-02", "10.192.0.0/10, around the VNet", withPod(vnet(), "10.192.0.0/10")],
    ["POD-02", "an other subnet of the VNet", withField(withPod(vnet(), "10.238.0.0/16"), "network.vnet.otherSubnets", [{ name: "snet-db", addressPrefixes: ["10.238.0.0/24"] }])],
    ["POD-02", "an adopted subnet's declared prefix", withPod(adopted(["10.244.0.0/24"]), "10.244.0.0/16")],
  ])("%s rejects %s", (rule, _what, config) => {
    const run = clusterRun(config);
    expect(hits(run, rule)).toEqual([`error ${POD}`]);
    // POD-02 and POD-08 exclude each other: a subnet overlap is the one AKS refuses.
    expect(hits(run, "POD-08")).toEqual([]);
  });

  test.each([
    ["10.239.0.0/16, the top of the VNet", withPod(vnet(), "10.239.0.0/16")],
    [
      "10.100.128.0/17 in VNet 10.100.0.0/16 whose only subnet is 10.100.0.0/22",
      withField(withField(withPod(vnet(), "10.100.128.0/17"), "network.vnet.addressSpace", ["10.100.0.0/16"]), "network.vnet.subnet.addressPrefixes", ["10.100.0.0/22"]),
    ],
  ])("POD-08 warns about %s: AKS checks the subnets only", (_what, config) => {
    const run = clusterRun(config);
    expect(hits(run, "POD-08")).toEqual([`warning ${POD}`]);
    expect(hits(run, "POD-02")).toEqual([]);
  });

  test("POD-03 warns about 10.10.0.0/15 with 10.11.0.0/16 connected: Azure does not see connected networks", () => {
    const run = clusterRun(withField(withPod(seedConfig(), "10.10.0.0/15"), "network.connectedNetworks", ["10.11.0.0/16"]));
    expect(hits(run, "POD-03")).toEqual([`warning ${POD}`]);
  });

  test.each([
    ["10.240.0.0/16, right above the VNet", withPod(vnet(), "10.240.0.0/16")],
    ["10.208.0.0/12, right below the VNet", withPod(vnet(), "10.208.0.0/12")],
    ["10.10.0.0/16 next to connected 10.11.0.0/16", withField(withPod(seedConfig(), "10.10.0.0/16"), "network.connectedNetworks", ["10.11.0.0/16"])],
  ])("accepts %s", (_what, config) => {
    const run = clusterRun(config);
    expect(hits(run, "POD-02")).toEqual([]);
    expect(hits(run, "POD-03")).toEqual([]);
    expect(hits(run, "POD-08")).toEqual([]);
  });

  test("the messages name the subnet, or the VNet address space", () => {
    expect(messageOf(clusterRun(withPod(vnet(), "10.224.0.0/16")), "POD-02")).toBe(
      "pod CIDR 10.224.0.0/16 overlaps subnet 10.224.0.0/16 (network.vnet.subnet.addressPrefixes[0]); AKS refuses a pod CIDR that overlaps a subnet of the VNet",
    );
    expect(messageOf(clusterRun(withPod(vnet(), "10.239.0.0/16")), "POD-08")).toBe(
      "pod CIDR 10.239.0.0/16 overlaps the VNet address space 10.224.0.0/12 (network.vnet.addressSpace[0]); AKS accepts an overlap with the VNet that misses every subnet, but a subnet added there later collides with the pods",
    );
  });
});

describe("POD-04: RFC 1918 or RFC 6598 (warning)", () => {
  test.each(["100.128.0.0/16", "100.63.0.0/16", "172.32.0.0/16", "192.169.0.0/16", "11.0.0.0/16", "9.255.0.0/16", "8.0.0.0/7"])("%s is a warning", (pod) => {
    expect(hits(clusterRun(withPod(seedConfig(), pod)), "POD-04")).toEqual([`warning ${POD}`]);
  });

  test.each(["10.0.0.0/8", "100.64.0.0/10", "100.127.0.0/16", "172.16.0.0/13", "192.168.0.0/16", "192.168.255.0/24"])("%s is accepted", (pod) => {
    expect(hits(clusterRun(withPod(seedConfig(), pod)), "POD-04")).toEqual([]);
  });
});

describe("POD-05: a per-node block for every node, surge included", () => {
  const capacityRun = (pod: string, mask: number, nodes: number) =>
    runCheck((ctx) => checkPodCapacity(ctx, { cidr: ipv4(pod), path: POD }, { nodes, mask, maskSource: "test" }));

  test.each([
    ["10.244.0.0/20", 24, 16],
    ["10.244.0.0/16", 24, 256],
    ["10.244.0.0/24", 24, 1],
    ["10.244.0.0/16", 26, 1024],
  ])("%s with /%i blocks holds exactly %i nodes", (pod, mask, nodes) => {
    expect(podBlocks(ipv4(pod), mask)).toBe(nodes);
    expect(capacityRun(pod, mask, nodes).findings).toEqual([]);
    const short = capacityRun(pod, mask, nodes + 1);
    expect(hits(short, "POD-05")).toEqual([`warning ${POD}`]);
    expect(messageOf(short, "POD-05")).toContain(`holds ${nodes} per-node /${mask} blocks`);
  });

  test("a range smaller than one block is rejected", () => {
    const run = capacityRun("10.244.0.0/25", 24, 1);
    expect(hits(run, "POD-05")).toEqual([`warning ${POD}`]);
    expect(messageOf(run, "POD-05")).toContain("smaller than one per-node block /24");
  });

  test.each([
    // 14 nodes + ceil(10% of 14) = 16 fits a /20 of /24 blocks; 15 + 2 = 17 does not.
    [14, []],
    [15, [`warning ${POD}`]],
  ])("from the config: a /20 pod range and a pool of %i nodes with the default 10%% surge", (nodes, expected) => {
    const config = withField(withPod(seedConfig(), "10.244.0.0/20"), "cluster.defaultNodePool.nodeCount", nodes);
    expect(hits(clusterRun(config), "POD-05")).toEqual(expected);
  });

  test("a node count given as a reference skips POD-05 instead of summing a placeholder", () => {
    const token = new TerraformVariable(new TerraformStack(Testing.app(), "vars"), "node_count", { type: "number" }).numberValue;
    const run = clusterRun(withField(withPod(seedConfig(), "10.244.0.0/24"), "cluster.defaultNodePool.nodeCount", token));
    expect(hits(run, "POD-05")).toEqual([]);
    expect(skippedAt(run, "cluster.defaultNodePool.nodeCount")).toContain("POD-05");
  });

  test("the mask Cilium is told to use is the one counted", () => {
    const config = withField(withPod(seedConfig(), "10.244.0.0/20"), "cni", {
      plugin: "cilium",
      version: "1.18.4",
      values: { ipam: { operator: { clusterPoolIPv4MaskSize: 25 } } },
    });
    // 15 nodes + 2 surge = 17 of 32 /25 blocks.
    expect(hits(clusterRun(withField(config, "cluster.defaultNodePool.nodeCount", 15)), "POD-05")).toEqual([]);
  });
});

describe("POD-07: pod_cidr and pod_cidrs on the synthesized network_profile", () => {
  const byoNoneRun = (profile: Record<string, unknown>) => byoRun({ network_plugin: "none", ...profile });

  test.each([
    { pod_cidr: "10.244.0.0/16", pod_cidrs: ["10.245.0.0/16"] },
    { pod_cidr: "10.244.0.0/16", pod_cidrs: ["fd00::/64", "10.244.0.0/16"] },
  ])("%j is a warning", (profile) => {
    expect(hits(byoNoneRun(profile), "POD-07")).toEqual([`warning ${POD}`]);
  });

  test.each([
    { pod_cidr: "10.244.0.0/16", pod_cidrs: ["10.244.0.0/16", "fd00::/64"] },
    { pod_cidrs: ["10.245.0.0/16"] },
    { pod_cidr: "10.244.0.0/16", pod_cidrs: [] },
  ])("%j is accepted", (profile) => {
    expect(hits(byoNoneRun(profile), "POD-07")).toEqual([]);
  });
});

describe("end to end through a config", () => {
  const report = stacks({
    vnet: () => reportOf(withPod(vnet(), "10.224.0.0/16")),
    vnetOnly: () => reportOf(withPod(vnet(), "10.239.0.0/16")),
    connected: () => reportOf(withField(withPod(seedConfig(), "10.10.0.0/15"), "network.connectedNetworks", ["10.11.0.0/16"])),
    public: () => reportOf(withPod(seedConfig(), "172.32.0.0/16")),
    short: () => reportOf(withField(withPod(seedConfig(), "10.244.0.0/20"), "cluster.defaultNodePool.nodeCount", 15)),
    enough: () => reportOf(withField(withPod(seedConfig(), "10.244.0.0/20"), "cluster.defaultNodePool.nodeCount", 14)),
    edge: () => reportOf(withField(withPod(vnet(), "10.240.0.0/16"), "network.connectedNetworks", ["10.241.0.0/16"])),
    // Reachable only through an override: the config has no list form.
    list: () => reportOf(seedConfig(), (stack) => stack.cluster.kubernetesCluster.addOverride("network_profile.pod_cidrs", ["10.245.0.0/16"])),
    listEdge: () => reportOf(seedConfig(), (stack) => stack.cluster.kubernetesCluster.addOverride("network_profile.pod_cidrs", ["10.244.0.0/16", "fd00::/64"])),
  });

  test("POD-02 is an error at network.podCidr", () => {
    expect(pathsOf(report("vnet").errors, "POD-02")).toEqual([POD]);
  });

  test.each([
    ["POD-08", "vnetOnly"],
    ["POD-03", "connected"],
    ["POD-05", "short"],
    ["POD-07", "list"],
  ] as const)("%s warns at network.podCidr (stack %s)", (rule, key) => {
    expect(pathsOf(report(key).warnings, rule)).toEqual([POD]);
    expect(report(key).errors).toEqual([]);
  });

  test("POD-04 is a warning", () => {
    expect(report("public").errors).toEqual([]);
    expect(pathsOf(report("public").warnings, "POD-04")).toEqual([POD]);
  });

  test.each(["enough", "edge", "listEdge"] as const)("stack %s has no error", (key) => {
    expect(report(key).errors).toEqual([]);
  });
});

describe("a pod CIDR given as a Terraform reference", () => {
  let stack: TerraformStack;
  let errors: string[];
  let warnings: string[];

  beforeAll(() => {
    const app = Testing.app();
    stack = new TerraformStack(app, "env");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    const pod = new TerraformVariable(stack, "pod_cidr", { type: "string" });
    const config = vnetConfig();
    const network = new AksNetwork(stack, "network", { location: config.location, resourceGroupName: "rg-aks", namePrefix: "aks", network: config.network! });
    new AksByoCniCluster(stack, "aks", {
      location: config.location,
      resourceGroupName: "rg-aks",
      cluster: config.cluster,
      network: { ...config.network, podCidr: pod.stringValue },
      nodeSubnet: network.nodeSubnet,
    });
    const lines = collectProblems(app);
    errors = lines.filter((l) => l.level === "error").map((l) => l.message);
    warnings = lines.filter((l) => l.level === "warning").map((l) => l.message);
  });

  test("is neither parsed nor guessed: no error", () => {
    expect(errors).toEqual([]);
  });

  test("the rules that need its value are named as skipped", () => {
    expect(warnings).toContain("network.podCidr: not known at synth time (a Terraform reference); not checked here [RES-02, POD-02, POD-03, POD-04, POD-05, POD-08, SVC-04 skipped]");
  });

  test("the format rules are left to a Terraform precondition on the cluster", () => {
    const aks = Object.values(synthJson(stack).resource.azurerm_kubernetes_cluster)[0] as Record<string, any>;
    expect(aks.network_profile.pod_cidr).toBe("${var.pod_cidr}");
    expect(aks.lifecycle.precondition).toEqual([
      {
        condition: "${(can(cidrnetmask(var.pod_cidr)) && (cidrsubnet(var.pod_cidr, 0, 0) == var.pod_cidr))}",
        error_message: "network.podCidr must be a canonical IPv4 CIDR (network address, explicit prefix) [FMT-01, FMT-02, FMT-03]",
      },
    ]);
    expect(warnings.filter((w) => /FMT-0\d/.test(w))).toEqual([]);
  });
});
