/**
 * OUT: egress type and load balancer SKU, checked against the subnet the
 * cluster would use (none, created here, or adopted).
 */
import type { AksByoCniConfig } from "../../lib/config/types";
import { checkOutbound } from "../../lib/rules/outbound";
import { runCheck, seedConfig, vnetConfig, withField } from "../support";
import { ADOPTED_SUBNET_ID, hits, planOf, messageOf, pathsOf, reportOf, skippedAt, stacks } from "./helpers";

const TYPE = "network.outboundType";
const SKU = "network.loadBalancerSku";

/** The same cluster with no subnet of its own, a subnet created here, and an adopted one. */
const SUBNETS: Record<string, () => AksByoCniConfig> = {
  "AKS-managed VNet": seedConfig,
  "created subnet": vnetConfig,
  "adopted subnet": () => withField(withField(vnetConfig(), "network.vnet", undefined), "network.existingSubnetId", ADOPTED_SUBNET_ID),
};

function outboundRun(subnet: string, type: string | undefined, sku?: string) {
  const config = withField(withField(SUBNETS[subnet]!(), "network.outboundType", type), "network.loadBalancerSku", sku);
  return runCheck((ctx) => checkOutbound(ctx, planOf(config).cluster));
}

describe("OUT-01: one of five outbound types, case-sensitive", () => {
  test.each([
    ["LoadBalancer", 'did you mean "loadBalancer"'],
    ["userdefinedrouting", 'did you mean "userDefinedRouting"'],
    ["managedNatGateway", 'did you mean "managedNATGateway"'],
    ["block", "use one of loadBalancer, userDefinedRouting, managedNATGateway, userAssignedNATGateway, none"],
    ["", "is not an outbound type"],
  ])("%j is rejected", (type, fragment) => {
    const run = outboundRun("AKS-managed VNet", type);
    expect(hits(run, "OUT-01")).toEqual([`error ${TYPE}`]);
    expect(messageOf(run, "OUT-01")).toContain(fragment);
  });

  test.each([["loadBalancer"], [undefined]])("%j is accepted", (type) => {
    expect(outboundRun("AKS-managed VNet", type).findings).toEqual([]);
  });
});

describe("OUT-02: the standard load balancer SKU", () => {
  test.each([
    ["basic", "retired the Basic load balancer"],
    ["Basic", "retired the Basic load balancer"],
    ["Standard", 'use "standard" (lower case)'],
  ])("%j is rejected", (sku, fragment) => {
    const run = outboundRun("AKS-managed VNet", undefined, sku);
    expect(hits(run, "OUT-02")).toEqual([`error ${SKU}`]);
    expect(messageOf(run, "OUT-02")).toContain(fragment);
  });

  test("standard is accepted", () => {
    expect(outboundRun("AKS-managed VNet", undefined, "standard").findings).toEqual([]);
  });
});

describe("OUT-03..06: each type against the subnet", () => {
  test.each([
    ["OUT-03", "userDefinedRouting", "AKS-managed VNet"],
    ["OUT-03", "userDefinedRouting", "created subnet"],
    ["OUT-04", "managedNATGateway", "created subnet"],
    ["OUT-04", "managedNATGateway", "adopted subnet"],
    ["OUT-05", "userAssignedNATGateway", "AKS-managed VNet"],
    ["OUT-05", "userAssignedNATGateway", "created subnet"],
    ["OUT-06", "none", "AKS-managed VNet"],
    ["OUT-06", "none", "adopted subnet"],
  ])("%s rejects %s with the %s", (rule, type, subnet) => {
    const run = outboundRun(subnet, type);
    expect(hits(run, rule)).toEqual([`error ${TYPE}`]);
    expect(run.findings).toHaveLength(1);
  });

  test.each([
    ["managedNATGateway", "AKS-managed VNet", []],
    ["loadBalancer", "created subnet", []],
    ["loadBalancer", "adopted subnet", []],
    // What synth cannot see (the route table, the NAT gateway association) is left to the plan, with a warning.
    ["userDefinedRouting", "adopted subnet", ["OUT-03"]],
    ["userAssignedNATGateway", "adopted subnet", ["OUT-05"]],
  ])("%s with the %s is accepted", (type, subnet, skipped) => {
    const run = outboundRun(subnet, type);
    expect(run.findings).toEqual([]);
    expect(skippedAt(run, TYPE)).toEqual(skipped);
  });

  test("an unknown outbound type skips the rules that depend on it", () => {
    const run = outboundRun("created subnet", "${var.outbound_type}");
    expect(run.findings).toEqual([]);
    expect(skippedAt(run, TYPE)).toEqual(["OUT-01", "OUT-03", "OUT-04", "OUT-05", "OUT-06"]);
  });
});

describe("end to end through a config", () => {
  const adopted = SUBNETS["adopted subnet"]!;
  const report = stacks({
    typeAndSku: () => reportOf(withField(withField(seedConfig(), "network.outboundType", "LoadBalancer"), "network.loadBalancerSku", "basic")),
    udr: () => reportOf(withField(vnetConfig(), "network.outboundType", "userDefinedRouting")),
    managedNat: () => reportOf(withField(vnetConfig(), "network.outboundType", "managedNATGateway")),
    assignedNat: () => reportOf(withField(vnetConfig(), "network.outboundType", "userAssignedNATGateway")),
    none: () => reportOf(withField(seedConfig(), "network.outboundType", "none")),
    managedNatEdge: () => reportOf(withField(seedConfig(), "network.outboundType", "managedNATGateway")),
    assignedNatEdge: () => reportOf(withField(adopted(), "network.outboundType", "userAssignedNATGateway")),
  });

  test.each([
    ["OUT-01", TYPE, "typeAndSku"],
    ["OUT-02", SKU, "typeAndSku"],
    ["OUT-03", TYPE, "udr"],
    ["OUT-04", TYPE, "managedNat"],
    ["OUT-05", TYPE, "assignedNat"],
    ["OUT-06", TYPE, "none"],
  ] as const)("%s is reported at %s (stack %s)", (rule, path, key) => {
    expect(pathsOf(report(key).errors, rule)).toEqual([path]);
  });

  test("managedNATGateway with the AKS-managed VNet is accepted", () => {
    expect(report("managedNatEdge").errors).toEqual([]);
  });

  test("userAssignedNATGateway on an adopted subnet is accepted, with what the plan must check", () => {
    expect(report("assignedNatEdge").errors).toEqual([]);
    expect(report("assignedNatEdge").warnings).toContain(
      "network.outboundType: the NAT gateway association of the adopted subnet cannot be read at synth time; make sure one is associated before deploying [OUT-05 skipped]",
    );
  });
});

describe("OUT-07..12: the load balancer's outbound rule", () => {
  const PIP = (n: number) => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPAddresses/pip-${n}`;
  const PREFIX = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPPrefixes/ippre-1";
  /** The VNet config (3 + 3 nodes, one surge node each: 8 at peak) with the user pool autoscaled to `max`. */
  const lbRun = (lb: Record<string, unknown>, max = 3) => {
    const config = withField(withField(vnetConfig(), "network.loadBalancer", lb), "cluster.userNodePools[0].autoScaling", { minCount: 3, maxCount: max });
    return runCheck((ctx) => checkOutbound(ctx, planOf(config).cluster));
  };

  test.each([
    // 64,000 / 8 nodes = 8,000 ports each on AKS's one managed IP.
    [{ allocatedOutboundPorts: 8000 }, []],
    [{ allocatedOutboundPorts: 8008 }, ["error network.loadBalancer.allocatedOutboundPorts"]],
    // Two IPs double it; the count given, the IDs counted.
    [{ allocatedOutboundPorts: 16000, managedOutboundIpCount: 2 }, []],
    [{ allocatedOutboundPorts: 16008, managedOutboundIpCount: 2 }, ["error network.loadBalancer.allocatedOutboundPorts"]],
    [{ allocatedOutboundPorts: 16000, outboundIpIds: [PIP(1), PIP(2)] }, []],
    [{ allocatedOutboundPorts: 16000, outboundIpIds: [PIP(1)] }, ["error network.loadBalancer.allocatedOutboundPorts"]],
    // 0: Azure allocates by pool size; nothing to check.
    [{ allocatedOutboundPorts: 0 }, []],
  ])("%j with 8 nodes at peak: OUT-11 %j", (lb, expected) => {
    expect(hits(lbRun(lb), "OUT-11")).toEqual(expected);
  });

  test("the peak counts the autoscaler maximum and its surge: 20 + 2 + 3 + 1 nodes", () => {
    // 26 nodes x 2,456 = 63,856 fit one IP; 2,464 (the next multiple of 8) do not.
    expect(hits(lbRun({ allocatedOutboundPorts: 2456 }, 20), "OUT-11")).toEqual([]);
    const run = lbRun({ allocatedOutboundPorts: 2464 }, 20);
    expect(messageOf(run, "OUT-11")).toBe(
      "2464 ports x 26 nodes at maximum scale with upgrade surge = 64064, but 1 outbound IP(s) (AKS's one managed outbound IP) hold 64000 (25 nodes); scaling or upgrading would fail. Lower the ports or add outbound IPs",
    );
  });

  test("more ports than the IPs hold at creation says creation will fail", () => {
    // 6 nodes at creation x 10,672 = 64,032.
    expect(messageOf(lbRun({ allocatedOutboundPorts: 10672 }), "OUT-11")).toContain("6 nodes at creation = 64032, but 1 outbound IP(s) (AKS's one managed outbound IP) hold 64000; creation will fail");
  });

  test("prefixes: their sizes are unknown at synth, so the capacity is skipped with the reason", () => {
    const run = lbRun({ allocatedOutboundPorts: 64000, outboundIpPrefixIds: [PREFIX] });
    expect(hits(run, "OUT-11")).toEqual([]);
    expect(skippedAt(run, "network.loadBalancer.outboundIpPrefixIds")).toEqual(["OUT-11"]);
  });

  test.each([
    [{ managedOutboundIpCount: 0 }, "network.loadBalancer.managedOutboundIpCount"],
    [{ managedOutboundIpCount: 101 }, "network.loadBalancer.managedOutboundIpCount"],
    [{ managedOutboundIpCount: 1.5 }, "network.loadBalancer.managedOutboundIpCount"],
    [{ idleTimeoutInMinutes: 101 }, "network.loadBalancer.idleTimeoutInMinutes"],
    [{ allocatedOutboundPorts: -8 }, "network.loadBalancer.allocatedOutboundPorts"],
    [{ allocatedOutboundPorts: 64008 }, "network.loadBalancer.allocatedOutboundPorts"],
    [{ outboundIpIds: [] }, "network.loadBalancer.outboundIpIds"],
  ])("OUT-09 refuses %j", (lb, at) => {
    expect(hits(lbRun(lb), "OUT-09")).toEqual([`error ${at}`]);
  });

  test.each([[{ managedOutboundIpCount: 100, idleTimeoutInMinutes: 100, allocatedOutboundPorts: 0 }], [{ managedOutboundIpCount: 1, idleTimeoutInMinutes: 4 }]])("OUT-09 accepts the edges %j", (lb) => {
    expect(lbRun(lb).findings).toEqual([]);
  });

  test("OUT-08: IP IDs and prefix IDs together are refused as well", () => {
    expect(hits(lbRun({ outboundIpIds: [PIP(1)], outboundIpPrefixIds: [PREFIX] }), "OUT-08")).toEqual(["error network.loadBalancer.outboundIpPrefixIds"]);
  });

  test.each([["managedNATGateway"], ["userAssignedNATGateway"], ["userDefinedRouting"]])("OUT-07: the outbound rule with %s egress is refused", (type) => {
    const config = withField(withField(SUBNETS["adopted subnet"]!(), TYPE, type), "network.loadBalancer", { idleTimeoutInMinutes: 4 });
    expect(hits(runCheck((ctx) => checkOutbound(ctx, planOf(config).cluster)), "OUT-07")).toEqual(["error network.loadBalancer"]);
  });
});
