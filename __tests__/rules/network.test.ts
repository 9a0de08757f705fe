/**
 * NET: the VNet and node subnet: containment, overlap, prefix sizes,
 * delegation, location, capacity, an IPv4 prefix on each subnet nodes join,
 * VNet size and reserved subnet names.
 */
import { AzurermProvider } from "../../lib/bindings/azurerm";
import { Testing, TerraformStack, TerraformVariable } from "../../lib/bindings/cdktf";
import { AksByoCniCluster } from "../../lib/constructs/aks-byo-cni-cluster";
import { AksNetwork } from "../../lib/constructs/aks-network";
import { collectProblems } from "../../lib/app/synth";
import type { AksByoCniConfig } from "../../lib/config/types";
import { cidr, ipv4 } from "../../lib/net/cidr";
import { usableSubnetAddresses } from "../../lib/plan/capacity";
import { resolveCluster } from "../../lib/plan/cluster";
import { resolveNetwork } from "../../lib/plan/network";
import { nodeDemand, resolvePools } from "../../lib/plan/pools";
import { checkCluster } from "../../lib/rules/checks";
import { checkNoDelegation, checkSubnetCapacity, checkSubnetNameReserved, checkVnetLayout } from "../../lib/rules/network";
import { isUnknownValue } from "../../lib/constructs/private/synthesized";
import { runCheck, seedConfig, vnetConfig, withField } from "../support";
import { ADOPTED_SUBNET_ID, clusterRun, hits, lineOf, messageOf, networkRun, pathsOf, reportOf, skippedAt, stacks } from "./helpers";

const SUBNET = "network.vnet.subnet.addressPrefixes[0]";

/** NET-01/02/03/08 on one VNet space and a list of subnets, each given as name and prefixes. */
function layoutRun(space: string[], subnets: [string, string[]][]) {
  return runCheck((ctx) =>
    checkVnetLayout(
      ctx,
      space.map((s, i) => ({ cidr: cidr(s), path: `network.vnet.addressSpace[${i}]` })),
      subnets.map(([name, prefixes], j) => ({
        name,
        ranges: prefixes.map((p, i) => ({ cidr: cidr(p), path: `network.vnet.otherSubnets[${j}].addressPrefixes[${i}]` })),
      })),
    ),
  );
}

describe("NET-01: every subnet lies inside the VNet", () => {
  test.each([
    ["10.2.0.0/24", ["10.1.0.0/16"]],
    ["10.0.0.0/15", ["10.1.0.0/16"]],
    ["10.1.255.0/24", ["10.1.0.0/17"]],
    ["fd00:1::/64", ["10.1.0.0/16", "fd00::/64"]],
  ])("%s outside %j is rejected", (subnet, space) => {
    const run = layoutRun(space, [["a", [subnet]]]);
    expect(hits(run, "NET-01")).toEqual(["error network.vnet.otherSubnets[0].addressPrefixes[0]"]);
  });

  test.each([
    ["10.1.255.0/24", ["10.1.0.0/16"]],
    ["10.1.0.0/16", ["10.1.0.0/16"]],
    ["10.2.0.0/24", ["10.1.0.0/16", "10.2.0.0/16"]],
    ["fd00::/64", ["10.1.0.0/16", "fd00::/48"]],
  ])("%s inside %j is accepted", (subnet, space) => {
    expect(hits(layoutRun(space, [["a", [subnet]]]), "NET-01")).toEqual([]);
  });
});

describe("NET-02: subnets do not overlap each other", () => {
  test.each([
    [["10.0.0.0/15"], ["10.1.0.0/16"]],
    [["10.1.0.0/16"], ["10.1.128.0/24"]],
    [["10.1.0.0/24"], ["10.1.0.0/24"]],
  ])("%j and %j are rejected, at the second", (a, b) => {
    const run = layoutRun(["10.0.0.0/8"], [["a", a], ["b", b]]);
    expect(hits(run, "NET-02")).toEqual(["error network.vnet.otherSubnets[1].addressPrefixes[0]"]);
    expect(messageOf(run, "NET-02")).toContain("(subnet b) overlaps");
  });

  test.each([
    [["10.0.0.0/16"], ["10.1.0.0/16"]],
    [["10.1.0.0/25"], ["10.1.0.128/25"]],
    [["10.1.0.0/24", "fd00::/64"], ["10.1.1.0/24", "fd00:0:0:1::/64"]],
  ])("%j and %j, adjacent, are accepted", (a, b) => {
    expect(hits(layoutRun(["10.0.0.0/8", "fd00::/48"], [["a", a], ["b", b]]), "NET-02")).toEqual([]);
  });
});

describe("NET-03: IPv4 subnets /2 to /29, IPv6 subnets /64", () => {
  test.each(["10.0.0.0/30", "10.0.0.0/32", "0.0.0.0/1", "fd00::/63", "fd00::/65"])("%s is rejected", (subnet) => {
    const run = layoutRun(["0.0.0.0/0", "fd00::/16"], [["a", [subnet]]]);
    expect(hits(run, "NET-03")).toEqual(["error network.vnet.otherSubnets[0].addressPrefixes[0]"]);
  });

  test.each(["10.0.0.0/29", "0.0.0.0/2", "fd00::/64"])("%s is accepted", (subnet) => {
    expect(hits(layoutRun(["0.0.0.0/0", "fd00::/16"], [["a", [subnet]]]), "NET-03")).toEqual([]);
  });
});

describe("NET-08: the VNet is no larger than /8 (warning)", () => {
  test("/7 is a warning, /8 is not", () => {
    expect(hits(layoutRun(["10.0.0.0/7"], []), "NET-08")).toEqual(["warning network.vnet.addressSpace[0]"]);
    expect(hits(layoutRun(["10.0.0.0/8"], []), "NET-08")).toEqual([]);
  });
});

describe("NET-04: the node subnet has no delegation", () => {
  test.each([[[{ name: "aci", service_delegation: { name: "Microsoft.ContainerInstance/containerGroups" } }]], [{ name: "aci" }]])(
    "delegation %j is rejected",
    (delegation) => {
      const run = runCheck((ctx) => checkNoDelegation(ctx, "network.vnet.subnet", { name: "snet", delegation }));
      expect(hits(run, "NET-04")).toEqual(["error network.vnet.subnet"]);
    },
  );

  test.each([[{ name: "snet" }], [{ name: "snet", delegation: [] }], [{ name: "snet", delegation: null }], [undefined]])("%j is accepted", (json) => {
    expect(runCheck((ctx) => checkNoDelegation(ctx, "network.vnet.subnet", json)).findings).toEqual([]);
  });
});

describe("NET-05: the cluster and its VNet are in the same location", () => {
  test.each([
    ["westeurope", "northeurope", ["error location"]],
    ["West Europe", "westeurope", []],
    ["westeurope", "WestEurope", []],
  ])("cluster in %s, VNet in %s", (clusterLocation, vnetLocation, expected) => {
    // Only constructs composed by hand can disagree: a config has one location.
    const { network, cluster } = vnetConfig();
    const subnet = resolveNetwork({ location: vnetLocation, namePrefix: "aks", network: network! }, isUnknownValue);
    const plan = resolveCluster({ location: clusterLocation, resourceGroupName: "rg", cluster, network, subnet }, isUnknownValue);
    expect(hits(runCheck((ctx) => checkCluster(ctx, { plan })), "NET-05")).toEqual(expected);
  });
});

describe("NET-07: node subnet capacity", () => {
  const capacityRun = (subnet: string, demand: { initialNodes: number; peakNodes: number; internalLoadBalancerFrontends: number }) =>
    runCheck((ctx) =>
      checkSubnetCapacity(ctx, [{ cidr: ipv4(subnet), path: SUBNET }], demand),
    );

  test.each([
    [29, 3],
    [28, 11],
    [27, 27],
    [24, 251],
  ])("a /%i has %i usable addresses (Azure reserves 5)", (prefix, usable) => {
    expect(usableSubnetAddresses(prefix)).toBe(usable);
  });

  test.each([
    // [subnet, peak nodes, ILB frontends]: exactly enough, then one short.
    ["10.0.0.0/27", 27, 0],
    ["10.0.0.0/27", 20, 7],
    ["10.0.0.0/28", 11, 0],
  ])("%s holds %i nodes + %i frontends exactly; one more is rejected", (subnet, peak, ilb) => {
    expect(capacityRun(subnet, { initialNodes: 3, peakNodes: peak, internalLoadBalancerFrontends: ilb }).findings).toEqual([]);
    const short = capacityRun(subnet, { initialNodes: 3, peakNodes: peak + 1, internalLoadBalancerFrontends: ilb });
    expect(hits(short, "NET-07")).toEqual([`error ${SUBNET}`]);
    expect(messageOf(short, "NET-07")).toContain("scaling or upgrading would fail");
  });

  test("more nodes at creation than addresses says creation will fail", () => {
    const run = capacityRun("10.0.0.0/28", { initialNodes: 12, peakNodes: 14, internalLoadBalancerFrontends: 0 });
    expect(messageOf(run, "NET-07")).toContain("the cluster starts with 12 nodes; creation will fail");
  });

  test("a prefix outside /2../29 is left to NET-03", () => {
    expect(capacityRun("10.0.0.0/30", { initialNodes: 3, peakNodes: 3, internalLoadBalancerFrontends: 0 }).findings).toEqual([]);
  });

  test.each([
    // One pool of n nodes: n + ceil(10% of n). 10 -> 11, 11 -> 13 (1.1 rounds up to 2).
    [10, 11],
    [11, 13],
    [1, 2],
    [20, 22],
  ])("%i nodes with the default 10%% surge count as %i", (nodes, total) => {
    const pools = resolvePools({ defaultNodePool: { name: "system", nodeCount: nodes, vmSize: "Standard_D4ds_v5" } }, isUnknownValue);
    expect(nodeDemand(pools).peakNodes).toBe(total);
  });

  test.each([
    // A /28 (11 usable) with one pool: 10 nodes need 11, 11 nodes need 13 because the surge rounds up.
    [10, []],
    [11, [`error ${SUBNET}`]],
  ])("from the config: a /28 node subnet and %i nodes", (nodes, expected) => {
    let config = withField(vnetConfig(), "network.vnet.subnet.addressPrefixes", ["10.224.0.0/28"]);
    config = withField(withField(config, "cluster.userNodePools", undefined), "cluster.defaultNodePool.nodeCount", nodes);
    expect(hits(clusterRun(config), "NET-07")).toEqual(expected);
  });

  test("an autoscaler maximum given as a reference skips NET-07 instead of summing a placeholder", () => {
    const token = new TerraformVariable(new TerraformStack(Testing.app(), "vars"), "max_count", { type: "number" }).numberValue;
    let config = withField(vnetConfig(), "network.vnet.subnet.addressPrefixes", ["10.224.0.0/29"]);
    config = withField(config, "cluster.defaultNodePool.autoScaling", { minCount: 3, maxCount: token });
    const run = clusterRun(config);
    expect(hits(run, "NET-07")).toEqual([]);
    expect(skippedAt(run, "cluster.defaultNodePool.autoScaling")).toContain("NET-07");
  });

  test("the autoscaler maximum is what counts", () => {
    let config = withField(vnetConfig(), "network.vnet.subnet.addressPrefixes", ["10.224.0.0/28"]);
    config = withField(config, "cluster.userNodePools", undefined);
    config = withField(config, "cluster.defaultNodePool.autoScaling", { minCount: 3, maxCount: 11 });
    expect(hits(clusterRun(config), "NET-07")).toEqual([`error ${SUBNET}`]);
  });
});

describe("NET-19: every subnet nodes join has an IPv4 prefix", () => {
  const SPACE = "network.vnet.addressSpace";
  const PREFIXES = "network.vnet.subnet.addressPrefixes";
  /** The VNet config made dual-stack, with the node subnet's prefixes replaced. */
  const dualStack = (prefixes: string[]) => withField(withField(vnetConfig(), SPACE, ["10.224.0.0/12", "fd00:db8::/48"]), PREFIXES, prefixes);
  const adoptedNode = (prefixes: string[]) =>
    withField(withField(withField(vnetConfig(), "network.vnet", undefined), "network.existingSubnetId", ADOPTED_SUBNET_ID), "network.existingSubnetAddressPrefixes", prefixes);

  test("an IPv6-only node subnet is refused at its addressPrefixes; NET-07, which counts IPv4 addresses, has nothing to count", () => {
    const run = clusterRun(dualStack(["fd00:db8::/64"]));
    expect(hits(run, "NET-19")).toEqual([`error ${PREFIXES}`]);
    expect(messageOf(run, "NET-19")).toBe("subnet snet-nodes has only IPv6 prefixes (fd00:db8::/64); AKS nodes need an IPv4 address, so add an IPv4 prefix (dual-stack)");
    expect(hits(run, "NET-07")).toEqual([]);
  });

  test.each([
    ["dual-stack", ["10.224.0.0/16", "fd00:db8::/64"]],
    ["IPv4 only", ["10.224.0.0/16"]],
    ["a malformed entry (FMT's finding; it may have meant IPv4)", ["10.224.0.0/33", "fd00:db8::/64"]],
  ])("accepts a node subnet %s", (_what, prefixes) => {
    expect(hits(clusterRun(dualStack(prefixes)), "NET-19")).toEqual([]);
  });

  test("an adopted node subnet is checked when its prefixes are declared", () => {
    expect(hits(clusterRun(adoptedNode(["fd00:db8::/64"])), "NET-19")).toEqual(["error network.existingSubnetAddressPrefixes"]);
    expect(hits(clusterRun(adoptedNode(["10.224.0.0/16", "fd00:db8::/64"])), "NET-19")).toEqual([]);
    const undeclared = withField(adoptedNode([]), "network.existingSubnetAddressPrefixes", undefined);
    expect(hits(clusterRun(undeclared), "NET-19")).toEqual([]);
  });

  test("a pool subnet, created or adopted, is checked when a pool joins it", () => {
    const created = withField(withField(dualStack(["10.224.0.0/16"]), "network.vnet.poolSubnets", [{ name: "snet-apps", addressPrefixes: ["fd00:db8:0:1::/64"] }]), "cluster.userNodePools[0].subnetName", "snet-apps");
    expect(hits(clusterRun(created), "NET-19")).toEqual(["error network.vnet.poolSubnets[0].addressPrefixes"]);
    // No pool on it: no node gets an address there.
    expect(hits(clusterRun(withField(created, "cluster.userNodePools[0].subnetName", undefined)), "NET-19")).toEqual([]);
    const pool = ADOPTED_SUBNET_ID.replace(/snet-aks$/, "snet-apps");
    const adopted = withField(withField(adoptedNode(["10.224.0.0/16"]), "network.existingPoolSubnets", [{ id: pool, addressPrefixes: ["fd00:db8:0:1::/64"] }]), "cluster.userNodePools[0].subnetName", "snet-apps");
    expect(hits(clusterRun(adopted), "NET-19")).toEqual(["error network.existingPoolSubnets[0].addressPrefixes"]);
  });

  test("an IPv6-only VNet and node subnet fail synth with the NET-19 line", () => {
    const report = reportOf(withField(withField(vnetConfig(), SPACE, ["fd00:db8::/48"]), PREFIXES, ["fd00:db8::/64"]));
    expect(lineOf(report.errors, "NET-19")).toBe(
      "network.vnet.subnet.addressPrefixes: subnet snet-nodes has only IPv6 prefixes (fd00:db8::/64); AKS nodes need an IPv4 address, so add an IPv4 prefix (dual-stack) [NET-19]",
    );
  });
});

describe("NET-09: reserved subnet names (warning)", () => {
  test.each(["GatewaySubnet", "gatewaysubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "AzureBastionSubnet", "RouteServerSubnet"])(
    "%s is a warning",
    (name) => {
      expect(hits(runCheck((ctx) => checkSubnetNameReserved(ctx, "network.vnet.subnet.name", name)), "NET-09")).toEqual(["warning network.vnet.subnet.name"]);
    },
  );

  test.each(["GatewaySubnet2", "snet-GatewaySubnet", "Gateway", "snet-nodes"])("%s is accepted", (name) => {
    expect(runCheck((ctx) => checkSubnetNameReserved(ctx, "network.vnet.subnet.name", name)).findings).toEqual([]);
  });
});

describe("end to end through a config", () => {
  /** Service and pod ranges away from 10.0.0.0/7, so only the layout is at stake. */
  const away = (config: AksByoCniConfig) =>
    withField(withField(withField(config, "network.serviceCidr", "192.168.0.0/16"), "network.dnsServiceIp", "192.168.0.10"), "network.podCidr", "100.64.0.0/16");
  const report = stacks({
    layout: () =>
      reportOf(
        withField(
          withField(withField(away(vnetConfig()), "network.vnet.addressSpace", ["10.0.0.0/7"]), "network.vnet.subnet", { name: "GatewaySubnet", addressPrefixes: ["10.0.0.0/16"] }),
          "network.vnet.otherSubnets",
          [
            { name: "a", addressPrefixes: ["10.0.0.0/15"] },
            { name: "b", addressPrefixes: ["12.0.0.0/24"] },
            { name: "c", addressPrefixes: ["10.2.0.0/30"] },
          ],
        ),
      ),
    layoutEdge: () =>
      reportOf(
        withField(
          withField(withField(away(vnetConfig()), "network.vnet.addressSpace", ["10.0.0.0/8"]), "network.vnet.subnet", { name: "snet-nodes", addressPrefixes: ["10.0.0.0/16"] }),
          "network.vnet.otherSubnets",
          [
            { name: "a", addressPrefixes: ["10.1.0.0/16"] },
            { name: "c", addressPrefixes: ["10.255.255.248/29"] },
          ],
        ),
      ),
    // vnetConfig: 3 + 3 nodes, each pool with 1 surge node = 8; a /28 holds 11.
    capacityEdge: () => reportOf(withField(withField(vnetConfig(), "network.vnet.subnet.addressPrefixes", ["10.224.0.0/28"]), "network.internalLoadBalancerFrontends", 3)),
    capacityShort: () => reportOf(withField(withField(vnetConfig(), "network.vnet.subnet.addressPrefixes", ["10.224.0.0/28"]), "network.internalLoadBalancerFrontends", 4)),
    // Reachable only through an override: this project never delegates the subnet it creates.
    delegated: () =>
      reportOf(vnetConfig(), (stack) =>
        stack.network!.subnet!.addOverride("delegation", [{ name: "aci", service_delegation: { name: "Microsoft.ContainerInstance/containerGroups" } }]),
      ),
  });

  test.each([
    ["NET-01", "network.vnet.otherSubnets[1].addressPrefixes[0]"],
    ["NET-02", "network.vnet.otherSubnets[0].addressPrefixes[0]"],
    ["NET-03", "network.vnet.otherSubnets[2].addressPrefixes[0]"],
  ])("%s is reported at %s", (rule, path) => {
    expect(pathsOf(report("layout").errors, rule)).toEqual([path]);
  });

  test.each([
    ["NET-08", "network.vnet.addressSpace[0]"],
    ["NET-09", "network.vnet.subnet.name"],
  ])("%s is a warning at %s", (rule, path) => {
    expect(pathsOf(report("layout").warnings, rule)).toEqual([path]);
  });

  test("adjacent subnets, a /29 and a /8 VNet: no error and no NET warning", () => {
    expect(report("layoutEdge").errors).toEqual([]);
    expect(report("layoutEdge").warnings.filter((w) => /\[NET-\d+\]/.test(w))).toEqual([]);
  });

  test("NET-07: 8 nodes + 3 frontends fill a /28; one more frontend does not fit", () => {
    expect(report("capacityEdge").errors).toEqual([]);
    expect(pathsOf(report("capacityShort").errors, "NET-07")).toEqual([SUBNET]);
    expect(report("capacityShort").errors).toContain(
      "network.vnet.subnet.addressPrefixes[0]: 10.224.0.0/28 has 11 usable addresses (Azure reserves 5) but needs 12: 8 nodes at maximum scale with upgrade surge + 4 internal load balancer frontends; scaling or upgrading would fail. Use a larger subnet [NET-07]",
    );
  });

  test("NET-04 through an override on the created subnet", () => {
    expect(pathsOf(report("delegated").errors, "NET-04")).toEqual(["network.vnet.subnet"]);
  });

  test("NET-05 through the constructs: the stack puts everything in one location, two constructs need not", () => {
    const build = (vnetLocation: string) => {
      const app = Testing.app();
      const stack = new TerraformStack(app, "env");
      new AzurermProvider(stack, "azurerm", { features: [{}] });
      const config = vnetConfig();
      const network = new AksNetwork(stack, "network", { location: vnetLocation, resourceGroupName: "rg-aks", namePrefix: "aks", network: config.network! });
      new AksByoCniCluster(stack, "aks", { location: "westeurope", resourceGroupName: "rg-aks", cluster: config.cluster, network: config.network, nodeSubnet: network.nodeSubnet });
      return collectProblems(app).filter((l) => l.level === "error").map((l) => l.message);
    };
    expect(pathsOf(build("northeurope"), "NET-05")).toEqual(["location"]);
    expect(build("West Europe")).toEqual([]);
  });
});

test("NET-05 reads the synthesized VNet, so an override of its location is seen", () => {
  const report = reportOf(vnetConfig(), (stack) => stack.network!.virtualNetwork!.addOverride("location", "northeurope"));
  expect(pathsOf(report.errors, "NET-05")).toEqual(["location"]);
  expect(lineOf(report.errors, "NET-05")).toContain("the cluster is in westeurope but its VNet is in northeurope");
});

describe("subnets for pools of their own", () => {
  const POOLS = "network.vnet.poolSubnets";
  const PREFIXES = "network.vnet.subnet.addressPrefixes";
  /** The VNet config with a pool subnet snet-apps of `prefix` for the user pool (3 nodes, one surge node). */
  const onOwnSubnet = (prefix: string, node = "10.224.0.0/16") =>
    withField(withField(withField(vnetConfig(), POOLS, [{ name: "snet-apps", addressPrefixes: [prefix] }]), "cluster.userNodePools[0].subnetName", "snet-apps"), PREFIXES, [node]);

  test("NET-07 is per subnet: a /29 holds the user pool's 4 nodes at peak only if it had 4 addresses; the node subnet is not charged for them", () => {
    // A /29 has 3 usable addresses: the pool starts with 3 nodes (fits) but needs 4 with surge.
    const tight = clusterRun(onOwnSubnet("10.225.0.0/29", "10.224.0.0/29"));
    expect(hits(tight, "NET-07")).toEqual([`error ${PREFIXES}[0]`, `error ${POOLS}[0].addressPrefixes[0]`]);
    expect(messageOf(clusterRun(onOwnSubnet("10.225.0.0/29")), "NET-07")).toBe(
      "10.225.0.0/29 has 3 usable addresses (Azure reserves 5) but needs 4: 4 nodes at maximum scale with upgrade surge (pools apps); scaling or upgrading would fail. Use a larger subnet",
    );
    // A /28 holds it; a /29 node subnet does not hold the system pool's 3 nodes and one surge node.
    expect(hits(clusterRun(onOwnSubnet("10.225.0.0/28", "10.224.0.0/29")), "NET-07")).toEqual([`error ${PREFIXES}[0]`]);
    expect(hits(clusterRun(onOwnSubnet("10.225.0.0/28", "10.224.0.0/28")), "NET-07")).toEqual([]);
  });

  test("pool subnets are laid out with the VNet's other subnets: inside its space (NET-01) and not overlapping (NET-02)", () => {
    expect(hits(networkRun(onOwnSubnet("10.240.0.0/24")), "NET-01")).toEqual([`error ${POOLS}[0].addressPrefixes[0]`]);
    expect(hits(networkRun(onOwnSubnet("10.224.1.0/24")), "NET-02")).toEqual([`error ${POOLS}[0].addressPrefixes[0]`]);
    expect(networkRun(onOwnSubnet("10.225.0.0/24")).findings).toEqual([]);
  });

  test("NET-17: a pool names a subnet the network declares, and needs a subnet of yours", () => {
    const unknown = withField(onOwnSubnet("10.225.0.0/24"), "cluster.userNodePools[0].subnetName", "snet-ap");
    expect(messageOf(clusterRun(unknown), "NET-17")).toBe(
      '"snet-ap" is not a subnet of the network; name the node subnet or one of network.vnet.poolSubnets / network.existingPoolSubnets (snet-nodes, snet-apps)',
    );
    expect(hits(clusterRun(withField(onOwnSubnet("10.225.0.0/24"), "cluster.userNodePools[0].subnetName", "snet-apps")), "NET-17")).toEqual([]);
    const noSubnet = withField(seedConfig(), "cluster.defaultNodePool.subnetName", "snet-nodes");
    expect(hits(clusterRun(noSubnet), "NET-17")).toEqual(["error cluster.defaultNodePool.subnetName"]);
  });

  test("NET-16: subnet names are unique in the VNet, ignoring case", () => {
    const twice = withField(onOwnSubnet("10.225.0.0/24"), `${POOLS}[0].name`, "SNET-NODES");
    expect(hits(networkRun(twice), "NET-16")).toEqual([`error ${POOLS}[0].name`]);
    expect(messageOf(networkRun(twice), "NET-16")).toBe('subnet name "SNET-NODES" is already used at network.vnet.subnet; subnet names are unique within a VNet (case-insensitive)');
    expect(hits(networkRun(onOwnSubnet("10.225.0.0/24")), "NET-16")).toEqual([]);
  });

  test("NET-14: the node subnet is created or adopted, exactly once; NET-15: adopted ranges only with an adopted subnet", () => {
    const both = withField(vnetConfig(), "network.existingSubnetId", ADOPTED_SUBNET_ID);
    expect(hits(networkRun(both), "NET-14")).toEqual(["error network.existingSubnetId"]);
    // Adopted pool subnets without a node subnet: a network of yours, but no node subnet in it.
    const neither = withField(withField(vnetConfig(), "network.vnet", undefined), "network.existingPoolSubnets", [{ id: ADOPTED_SUBNET_ID.replace(/snet-aks$/, "snet-pool") }]);
    expect(hits(networkRun(neither), "NET-14")).toEqual(["error network"]);
    expect(hits(networkRun(vnetConfig()), "NET-14")).toEqual([]);
    const ranges = withField(vnetConfig(), "network.existingVnetAddressSpace", ["10.224.0.0/12"]);
    expect(hits(networkRun(ranges), "NET-15")).toEqual(["error network.existingVnetAddressSpace"]);
    expect(hits(networkRun(withField(withField(vnetConfig(), "network.vnet", undefined), "network.existingSubnetId", ADOPTED_SUBNET_ID)), "NET-15")).toEqual([]);
  });

  test("NET-13: an adopted pool subnet in another subscription, resource group or VNet is refused", () => {
    const node = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-aks";
    const adopted = (id: string) => withField(withField(withField(vnetConfig(), "network.vnet", undefined), "network.existingSubnetId", node), "network.existingPoolSubnets", [{ id }]);
    const other = (from: string, to: string) => node.replace(from, to).replace(/snet-aks$/, "snet-pool");
    expect(hits(networkRun(adopted(other("snet-aks", "snet-aks"))), "NET-13")).toEqual([]);
    expect(hits(networkRun(adopted(other("VNET-HUB".toLowerCase(), "VNET-HUB"))), "NET-13")).toEqual([]);
    for (const [from, to] of [["vnet-hub", "vnet-spoke"], ["rg-net", "rg-other"], ["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"]]) {
      expect(hits(networkRun(adopted(other(from!, to!))), "NET-13")).toEqual(["error network.existingPoolSubnets[0].id"]);
    }
  });
});
