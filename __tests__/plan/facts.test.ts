/**
 * The plan decides each fact once: every range and address is parsed by the
 * resolve step (a reference is marked unknown and not parsed, a malformed
 * value keeps its finding for the FMT rules), each pool carries its VM size's
 * catalogue entry and which of its counts are references, and each subnet
 * pools join carries the addresses it must hold.
 */
import { Testing, TerraformStack, TerraformVariable } from "../../lib/bindings/cdktf";
import { isUnknownValue } from "../../lib/constructs/private/synthesized";
import type { AksByoCniConfig } from "../../lib/config/types";
import { addressReader } from "../../lib/plan/addresses";
import { resolveEnvironment } from "../../lib/plan/environment";
import { seedConfig, vnetConfig, withField } from "../support";

const reader = addressReader(isUnknownValue);
const plan = (config: AksByoCniConfig) => resolveEnvironment(config, isUnknownValue);

describe("ranges and addresses, read once", () => {
  test("a literal range carries its parsed value beside its text", () => {
    const pod = reader.ipv4Range("network.podCidr", "10.244.0.0/16");
    expect(pod).toEqual({ path: "network.podCidr", text: "10.244.0.0/16", unknown: false, defaulted: false, cidr: expect.objectContaining({ version: 4, prefix: 16 }) });
  });

  test("a reference is unknown and not parsed", () => {
    expect(reader.ipv4Range("network.podCidr", "${var.pod_cidr}")).toEqual({ path: "network.podCidr", text: "${var.pod_cidr}", unknown: true, defaulted: false });
  });

  test("a malformed range has no value, and keeps the finding the FMT rules report", () => {
    const pod = reader.ipv4Range("network.podCidr", "10.244.0.1/16");
    expect(pod.cidr).toBeUndefined();
    expect(pod.problem).toEqual({ rule: "FMT-03", message: expect.stringContaining("10.244.0.0/16") });
  });

  test("the field decides the parser: IPv6 is a range of a VNet, not a pod range", () => {
    expect(reader.range("network.vnet.addressSpace[0]", "fd00::/48").cidr).toEqual(expect.objectContaining({ version: 6, prefix: 48 }));
    expect(reader.ipv4Range("network.podCidr", "fd00::/48").problem?.rule).toBe("FMT-04");
  });

  test("the DNS service IP carries its address", () => {
    expect(reader.ipv4Address("network.dnsServiceIp", "10.0.0.10").address).toBe(0x0a00000a);
    expect(reader.ipv4Address("network.dnsServiceIp", "010.0.0.10").problem?.rule).toBe("FMT-06");
  });

  test("a list with a reference among its entries has unknowns, but is not itself a reference", () => {
    const list = reader.rangeList("network.vnet.addressSpace", ["10.0.0.0/16", "${var.space}"]);
    expect(list).toMatchObject({ unknown: false, hasUnknown: true });
    expect(list.ranges.map((r) => [r.path, r.unknown])).toEqual([
      ["network.vnet.addressSpace[0]", false],
      ["network.vnet.addressSpace[1]", true],
    ]);
    expect(reader.rangeList("network.vnet.addressSpace", ["10.0.0.0/16"]).hasUnknown).toBe(false);
  });

  test("the cluster plan carries its address values parsed, the API defaults marked", () => {
    const cluster = plan(seedConfig()).cluster;
    expect(cluster.pod).toMatchObject({ text: "10.244.0.0/16", defaulted: false, cidr: { prefix: 16 } });
    expect(cluster.service).toMatchObject({ text: "10.0.0.0/16", defaulted: true, cidr: { prefix: 16 } });
    expect(cluster.dnsServiceIp).toMatchObject({ text: "10.0.0.10", defaulted: true, address: 0x0a00000a });
  });
});

describe("pools", () => {
  test("a pool carries its VM size's catalogue entry; a size outside the catalogue has none", () => {
    const config = withField(withField(seedConfig(), "cluster.defaultNodePool.vmSize", "standard_d4ds_v5"), "cluster.userNodePools", [
      { name: "user", nodeCount: 1, vmSize: "Standard_Unlisted_v9" },
    ]);
    const [system, user] = plan(config).cluster.pools;
    expect(system!.vmSizeEntry).toMatchObject({ vcpus: 4, burstable: false });
    expect(user!.vmSizeEntry).toBeUndefined();
    expect(user!.osDisk.managedBecause).toContain("is not in this project's VM size catalogue");
  });

  test("a count given as a reference is recorded, and the sums it is part of are unknown", () => {
    const count = new TerraformVariable(new TerraformStack(Testing.app(), "vars"), "node_count", { type: "number" }).numberValue;
    const cluster = plan(withField(vnetConfig(), "cluster.defaultNodePool.nodeCount", count)).cluster;
    const system = cluster.pools[0]!;
    expect(system).toMatchObject({ initialNodes: undefined, maxNodes: undefined, surgeNodes: undefined, knownMaxPods: system.maxPods });
    expect(system.unknownPaths).toEqual(["cluster.defaultNodePool.nodeCount"]);
    expect(cluster.demand).toMatchObject({ initialNodes: undefined, peakNodes: undefined, unknownPaths: ["cluster.defaultNodePool.nodeCount"] });
    expect(cluster.nodeSubnets[0]!.peakAddresses).toBeUndefined();
  });

  test("a subnet pools join carries the addresses it must hold at peak", () => {
    const cluster = plan(vnetConfig()).cluster;
    const use = cluster.nodeSubnets[0]!;
    expect(use.peakAddresses).toBe(use.demand.peakNodes! + use.internalLoadBalancerFrontends);
  });
});
