/**
 * NET: the VNet and node subnet (network-rules §2.5, §2.6, §6): how the
 * subnets are described, their names, layout, address family, region and
 * capacity.
 */
import { parseSubnetId, type SubnetId } from "../net/arm-id";
import { contains } from "../net/cidr";
import { AZURE_SUBNET_RESERVED, capacityPrefix, isSubnetPrefix, SUBNET_PREFIX_MAX, SUBNET_PREFIX_MIN, subnetDemand, usableSubnetAddresses } from "../plan/capacity";
import type { ClusterPlan, NodeSubnetUse } from "../plan/cluster";
import type { NetworkPlan } from "../plan/network";
import { normalizeLocation } from "../reference/regions";
import { checkPoolNotOnApiServerSubnet } from "./apiserver";
import { collisionsOf, describe, describeEntry, isAksManaged, type AddressPlan, type PlannedRange } from "./ranges";
import { defineRules, type RuleContext } from "./engine";
import type { ClusterCheckInput } from "./facts";
import { readRangeList } from "./format";

/** Subnet names Azure services reserve for themselves (NET-09). */
const RESERVED_SUBNET_NAMES = ["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "AzureBastionSubnet", "RouteServerSubnet"];

export const NETWORK_RULES = defineRules({
  "NET-01": {
    severity: "error",
    title: "Every subnet prefix lies inside its VNet's address space",
    source: "Azure VNet FAQ; Network RP: \"The subnet address range ... is not contained in this virtual network's address spaces\" (MicrosoftDocs/azure-docs#91214)",
    why: "refused: the Network RP refuses a subnet outside the VNet's address spaces",
    fix: "put every subnet prefix inside the VNet address space, or widen the address space",
  },
  "NET-02": {
    severity: "error",
    title: "Subnets of one VNet do not overlap each other",
    source: "Azure VNet FAQ; Azure/azure-cli#10917",
    why: "refused: the Network RP refuses a subnet that overlaps another",
    fix: "give each subnet of the VNet a range that overlaps no other subnet",
  },
  "NET-03": {
    severity: "error",
    title: "IPv4 subnet prefix between /2 and /29; an IPv6 subnet is exactly /64",
    source: "Azure VNet FAQ",
    why: "refused: the Network RP refuses other subnet sizes",
    fix: "size each IPv4 subnet from /2 to /29, and each IPv6 subnet at exactly /64",
  },
  "NET-04": {
    severity: "error",
    title: "The node subnet has no delegation",
    source: "use-byo-cni; concepts-network-cni-overview",
    why: "refused: AKS cannot place nodes in a delegated subnet (documented prerequisite)",
    fix: "remove the delegation from the node subnet: nodes need a subnet that is not delegated",
  },
  "NET-05": {
    severity: "error",
    title: "The cluster and its VNet are in the same location",
    source: "concepts-network-legacy-cni (Virtual network)",
    why: "refused: ARM refuses a node subnet in another region",
    fix: "put the VNet in the cluster's location, or set location to the VNet's region",
  },
  "NET-07": {
    severity: "error",
    title: `Node subnet capacity: 2^(32-p) - ${AZURE_SUBNET_RESERVED} >= Σ(max nodes + surge) + internal load balancer frontends`,
    source: `use-byo-cni (subnet sizing); concepts-network-ip-address-planning; VNet FAQ (${AZURE_SUBNET_RESERVED} reserved addresses); AKS error InsufficientSubnetSize (troubleshooting)`,
    why: "refused: AKS refuses creation, scaling (to the autoscaler maximum) and upgrades (with surge) when the subnet's free addresses do not hold the nodes (InsufficientSubnetSize)",
    fix: "enlarge the subnet the pools join (a shorter prefix), or lower maxCount, maxSurge or network.internalLoadBalancerFrontends",
  },
  "NET-08": {
    severity: "warning",
    title: "VNet address space no larger than /8",
    source: "concepts-network-ip-address-planning (VNet max size /8)",
    why: "tolerated: a planning limit of the docs, not a refusal",
    fix: "split the VNet address space into prefixes of /8 or longer",
  },
  "NET-09": {
    severity: "warning",
    title: "The node subnet does not use a name Azure services reserve",
    source: "Azure service conventions (GatewaySubnet, AzureFirewallSubnet, AzureBastionSubnet, ...)",
    why: "tolerated for the subnet itself; the service that owns the name cannot use this VNet later",
    fix: `name the node subnet something other than ${RESERVED_SUBNET_NAMES.slice(0, -1).join(", ")} or ${RESERVED_SUBNET_NAMES[RESERVED_SUBNET_NAMES.length - 1]!}`,
  },
  "NET-13": {
    severity: "error",
    title: "Every pool subnet and the API server subnet are in the node subnet's VNet",
    source: "configure-azure-cni (all subnets assigned to node pools must belong to the same virtual network); api-server-vnet-integration (the API server subnet is in the same VNet as the cluster nodes)",
    why: "refused: AKS refuses node pools, or an API server subnet, in another VNet than the cluster's nodes",
    fix: "put every pool subnet and the API server subnet in the node subnet's VNet",
  },
  "NET-12": {
    severity: "error",
    title: "The cluster VNet does not overlap connected networks (peered, VPN, ExpressRoute or on-premises ranges)",
    source: "ARM error VnetAddressSpaceOverlapsWithAlreadyPeeredVnet (Azure/ResourceModules#731); virtual-network-peering-overview (address spaces can't overlap)",
    why: "refused: ARM refuses to peer VNets whose address spaces overlap, so a connection the config declares cannot exist; over VPN or ExpressRoute the overlapping addresses stay in this VNet",
    fix: "choose a VNet address space that overlaps none of network.connectedNetworks",
  },
  "NET-14": {
    severity: "error",
    title: "The node subnet is described once: network.vnet (a VNet to create) or network.existingSubnetId (a subnet to adopt), exactly one of them",
    source: "this project (the config model: the node subnet is created or adopted)",
    acceptable: false,
    why: "the config describes the node subnet twice (created and adopted) or not at all, so there is no one subnet to build the cluster on",
    fix: "create a VNet with network.vnet or adopt a subnet with network.existingSubnetId, exactly one of them",
  },
  "NET-15": {
    severity: "error",
    title: "existingVnetAddressSpace and existingSubnetAddressPrefixes describe an adopted subnet: not with network.vnet",
    source: "this project (the config model: a created VNet's ranges are vnet.addressSpace and vnet.subnet.addressPrefixes)",
    acceptable: false,
    why: "the config gives the ranges of an adopted subnet for a VNet it creates, whose ranges come from network.vnet; one of the two descriptions would be ignored",
    fix: "remove existingVnetAddressSpace and existingSubnetAddressPrefixes: a created VNet's ranges are vnet.addressSpace and vnet.subnet.addressPrefixes",
  },
  "NET-16": {
    severity: "error",
    title: "Subnet names are unique within the VNet, ignoring case (node, pool, API server and other subnets)",
    source: "ARM resource names are case-insensitive, so two subnets of one name are one subnet; azurerm subnet create refuses a subnet that exists already (it must be imported)",
    acceptable: false,
    why: "the config declares two subnets that Azure takes for one: azurerm refuses to create a subnet whose name exists in the VNet, and two created at once write the same subnet",
    fix: "give every subnet of the VNet a name of its own, ignoring case",
  },
  "NET-17": {
    severity: "error",
    title: "A pool's subnetName names a subnet the network declares: the node subnet or a pool subnet (and needs a subnet of yours)",
    source: "this project (the config model: pools join subnets by name)",
    acceptable: false,
    why: "the config names a subnet for a pool that the network does not declare, so there is no subnet ID to give the pool",
    fix: "set subnetName to the node subnet or a subnet of network.vnet.poolSubnets or network.existingPoolSubnets, or remove it",
  },
  "NET-18": {
    severity: "error",
    title: "internalLoadBalancerFrontends is not negative",
    source: "this project (the frontends NET-07 reserves addresses for in the node subnet)",
    acceptable: false,
    why: "the config counts a negative number of internal load balancer frontends, which no subnet holds; NET-07's capacity arithmetic needs a count",
    fix: "set network.internalLoadBalancerFrontends to 0 or more",
  },
  "NET-19": {
    severity: "error",
    title: "Every subnet nodes join has an IPv4 prefix (IPv6 only with IPv4: dual-stack)",
    source: "configure-dual-stack (\"Single stack IPv6-only isn't supported for node or pod IP addresses\"); ipv6-overview (each NIC needs at least one IPv4 IP configuration)",
    why: "refused: AKS supports no IPv6-only nodes, and Azure gives no NIC without an IPv4 IP configuration, which an IPv6-only subnet cannot hold",
    fix: "add an IPv4 prefix to the subnet's addressPrefixes (IPv6 goes with IPv4 as dual-stack)",
  },
});

/** A subnet's ranges, named for messages. */
export interface SubnetRanges {
  readonly name: string;
  readonly ranges: readonly PlannedRange[];
}

/** NET-01, NET-02, NET-03, NET-08 for a VNet and its subnets. */
export function checkVnetLayout(ctx: RuleContext, space: readonly PlannedRange[], subnets: readonly SubnetRanges[]): void {
  for (const v of space) {
    if (v.cidr.version === 4 && v.cidr.prefix < 8) {
      ctx.report("NET-08", v.path, `VNet address space ${v.cidr.text} is larger than /8, the largest AKS plans for`);
    }
  }
  const all = subnets.flatMap((s) => s.ranges.map((r) => ({ subnet: s.name, range: r })));
  for (const { range } of all) {
    const { cidr } = range;
    if (cidr.version === 4 && !isSubnetPrefix(cidr.prefix)) {
      ctx.report("NET-03", range.path, `subnet ${cidr.text} is /${cidr.prefix}; Azure subnets are /${SUBNET_PREFIX_MIN} to /${SUBNET_PREFIX_MAX}`);
    }
    if (cidr.version === 6 && cidr.prefix !== 64) {
      ctx.report("NET-03", range.path, `IPv6 subnet ${cidr.text} is /${cidr.prefix}; Azure IPv6 subnets are exactly /64`);
    }
    if (space.length > 0 && !space.some((v) => contains(v.cidr, cidr))) {
      ctx.report("NET-01", range.path, `subnet ${cidr.text} is not inside the VNet address space (${space.map((v) => v.cidr.text).join(", ")})`);
    }
  }
  const nameOf = new Map(all.map(({ subnet, range }) => [range, subnet]));
  for (const c of collisionsOf({ vnetSpace: space, nodeSubnet: all.map((a) => a.range) })) {
    if (c.rule !== "NET-02" || !("range" in c.subject) || !("range" in c.other)) continue;
    const [b, a] = [c.subject.range, c.other.range];
    ctx.report("NET-02", b.path, `${b.cidr.text} (subnet ${nameOf.get(b)}) overlaps ${describe(a)} (subnet ${nameOf.get(a)})`);
  }
}

/** NET-12: the VNet (or, undeclared, the node subnet) against connected networks, by the shared overlap decision. */
export function checkConnectedNetworks(ctx: RuleContext, plan: AddressPlan): void {
  for (const c of collisionsOf(plan)) {
    if (c.rule !== "NET-12" || !("range" in c.subject)) continue;
    const r = c.subject.range;
    const what = isAksManaged(r) ? "the node subnet AKS creates," : plan.vnetSpace.includes(r) ? "VNet address space" : "node subnet";
    ctx.report(
      "NET-12",
      isAksManaged(r) && "range" in c.other ? c.other.range.path : r.path,
      `${what} ${r.cidr.text} overlaps connected network ${describeEntry(c.other)}; Azure refuses to peer VNets whose address spaces overlap, and traffic to the overlapping addresses stays in this VNet`,
    );
  }
}

/** NET-09. */
export function checkSubnetNameReserved(ctx: RuleContext, path: string, name: unknown): void {
  if (typeof name !== "string") return;
  const hit = RESERVED_SUBNET_NAMES.find((r) => r.toLowerCase() === name.toLowerCase());
  if (hit) ctx.report("NET-09", path, `"${name}" is reserved for ${hit === "GatewaySubnet" ? "VPN/ExpressRoute gateways" : hit.replace(/Subnet$/, "").replace(/^Azure/, "Azure ")}; name the node subnet something else`);
}

/** NET-04 on the synthesized node subnet (overrides included). */
export function checkNoDelegation(ctx: RuleContext, path: string, subnetJson: Readonly<Record<string, unknown>> | undefined): void {
  const delegation = subnetJson?.delegation;
  if (delegation === undefined || delegation === null || (Array.isArray(delegation) && delegation.length === 0)) return;
  ctx.report("NET-04", path, "the node subnet has a delegation; AKS cannot place nodes in a delegated subnet. Remove the delegation");
}

/** What the node subnet must hold. */
export interface SubnetDemand {
  /** Nodes at creation, all pools. */
  readonly initialNodes: number;
  /** Nodes at the autoscaler maximum plus surge, all pools. */
  readonly peakNodes: number;
  readonly internalLoadBalancerFrontends: number;
}

/**
 * NET-07: capacity of a subnet pools join, against the pools on it. Uses
 * its first IPv4 prefix. `pools` names them when the subnet is not the only one.
 */
export function checkSubnetCapacity(ctx: RuleContext, ranges: readonly PlannedRange[], demand: SubnetDemand, pools?: string): void {
  const subnet = capacityPrefix(ranges, (r) => (r.cidr.version === 4 ? r.cidr.prefix : undefined));
  if (!subnet) return;
  const usable = usableSubnetAddresses(subnet.cidr.prefix);
  const needed = subnetDemand(demand.peakNodes, demand.internalLoadBalancerFrontends);
  const whose = pools ? ` (${pools})` : "";
  if (demand.initialNodes > usable) {
    ctx.report("NET-07", subnet.path, `${subnet.cidr.text} has ${usable} usable addresses (Azure reserves ${AZURE_SUBNET_RESERVED}) but the cluster starts with ${demand.initialNodes} nodes${pools ? ` on it${whose}` : ""}; creation will fail. Use a larger subnet`);
  } else if (needed > usable) {
    ctx.report(
      "NET-07",
      subnet.path,
      `${subnet.cidr.text} has ${usable} usable addresses (Azure reserves ${AZURE_SUBNET_RESERVED}) but needs ${needed}: ${demand.peakNodes} nodes at maximum scale with upgrade surge${whose}${demand.internalLoadBalancerFrontends ? ` + ${demand.internalLoadBalancerFrontends} internal load balancer frontends` : ""}; scaling or upgrading would fail. Use a larger subnet`,
    );
  }
}

/** NET-13: an adopted subnet a pool or the API server uses is in the node subnet's VNet (`node`: the adopted node subnet, if any). */
export function checkInNodeVnet(ctx: RuleContext, idPath: string, adoptedId: unknown, kind: string, vnetName: string | undefined, node: SubnetId | undefined): void {
  if (typeof adoptedId !== "string" || ctx.unknown("NET-13", idPath, adoptedId)) return;
  const parsed = parseSubnetId(adoptedId);
  if (!parsed) return; // RA-05 reports a malformed ID
  const same = (a: string | undefined, b: string | undefined) => a === undefined || b === undefined || a.toLowerCase() === b.toLowerCase();
  if (same(parsed.virtualNetworkName, vnetName) && (!node || (same(parsed.resourceGroupName, node.resourceGroupName) && same(parsed.subscriptionId, node.subscriptionId)))) return;
  ctx.report(
    "NET-13",
    idPath,
    `the ${kind} is in VNet ${parsed.virtualNetworkName} (${parsed.resourceGroupName}), not in the node subnet's VNet ${vnetName}${node ? ` (${node.resourceGroupName})` : ""}; AKS needs every subnet of the cluster in one VNet`,
  );
}

/** NET-14..16: subnet names are unique, the node subnet is described once, adopted ranges go with an adopted subnet. */
export function checkNetworkChoice(ctx: RuleContext, plan: NetworkPlan): void {
  checkSubnetNamesUnique(ctx, plan);
  checkNodeSubnetChoice(ctx, plan);
}

/** NET-14, NET-15: the node subnet is created or adopted, once. */
function checkNodeSubnetChoice(ctx: RuleContext, plan: NetworkPlan): void {
  const n = plan.settings;
  if (n.vnet && n.existingSubnetId !== undefined) {
    ctx.report("NET-14", "network.existingSubnetId", "set either network.vnet (create a VNet) or network.existingSubnetId (adopt a subnet), not both");
  }
  if (!n.vnet && n.existingSubnetId === undefined) {
    ctx.report("NET-14", "network", "needs network.vnet or network.existingSubnetId to have a node subnet");
  }
  if (n.vnet) {
    for (const key of ["existingVnetAddressSpace", "existingSubnetAddressPrefixes"] as const) {
      if (n[key] !== undefined) ctx.report("NET-15", `network.${key}`, "describes an adopted subnet; with network.vnet the ranges come from vnet.addressSpace and vnet.subnet");
    }
  }
}

/** NET-16: subnet names are unique in the VNet (Azure compares them ignoring case). */
function checkSubnetNamesUnique(ctx: RuleContext, plan: NetworkPlan): void {
  const n = plan.settings;
  const seen = new Map<string, string>();
  const named: [unknown, string][] = [
    [plan.nodeSubnetName, plan.idPath],
    ...(n.vnet?.otherSubnets ?? []).map((o, i): [unknown, string] => [o.name, `network.vnet.otherSubnets[${i}].name`]),
    ...plan.poolSubnets.map((p): [unknown, string] => [p.name, p.origin === "created" ? `${p.path}.name` : `${p.path}.id`]),
    ...(plan.apiServerSubnet ? [[plan.apiServerSubnet.name, plan.apiServerSubnet.origin === "created" ? `${plan.apiServerSubnet.path}.name` : plan.apiServerSubnet.path] as [unknown, string]] : []),
  ];
  for (const [name, path] of named) {
    if (typeof name !== "string") continue;
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) ctx.report("NET-16", path, `subnet name "${name}" is already used at ${first}; subnet names are unique within a VNet (case-insensitive)`);
    else seen.set(key, path);
  }
}

/** NET-17, API-05: the subnet each pool names exists, is a subnet of yours, and is not the API server's. */
export function checkPoolSubnetNames(ctx: RuleContext, plan: ClusterPlan): void {
  const network = plan.subnet;
  for (const pool of plan.pools) {
    const name = pool.subnetName;
    const path = `${pool.path}.subnetName`;
    if (name === undefined || ctx.unknown("NET-17", path, name)) continue;
    if (!network) {
      ctx.report("NET-17", path, "names a subnet, but the cluster has no subnet of yours (AKS creates its VNet); set network.vnet or network.existingSubnetId");
    } else if (checkPoolNotOnApiServerSubnet(ctx, path, name, network.apiServerSubnet)) {
      continue;
    } else if (name !== network.nodeSubnetName && !network.poolSubnets.some((p) => p.name === name)) {
      const known = [network.nodeSubnetName, ...network.poolSubnets.map((p) => p.name)].filter((n): n is string => typeof n === "string");
      ctx.report("NET-17", path, `"${name}" is not a subnet of the network; name the node subnet or one of network.vnet.poolSubnets / network.existingPoolSubnets (${known.join(", ")})`);
    }
  }
}

/** NET-18: the internal load balancer frontends the node subnet holds are a count. */
export function checkInternalLoadBalancerFrontends(ctx: RuleContext, plan: ClusterPlan): void {
  if (plan.internalLoadBalancerFrontends < 0) {
    ctx.report("NET-18", "network.internalLoadBalancerFrontends", "cannot be negative");
  }
}

/** NET-05, NET-07, NET-19: the subnets the cluster's pools join: the VNet's region, each subnet's address family, and its capacity against the pools on it. */
export function checkNodeSubnets(ctx: RuleContext, input: ClusterCheckInput): void {
  const { plan, synthesized } = input;
  const subnet = plan.subnet;
  if (!subnet) return;
  const location = typeof plan.location === "string" ? normalizeLocation(plan.location) : plan.location;
  // The synthesized VNet's location, so that an override is seen too.
  const vnetLocation = synthesized?.vnetLocation ?? subnet.location;
  if (!ctx.unknown("NET-05", subnet.idPath, vnetLocation) && typeof location === "string" && typeof vnetLocation === "string" && normalizeLocation(vnetLocation) !== location) {
    ctx.report("NET-05", "location", `the cluster is in ${location} but its VNet is in ${normalizeLocation(vnetLocation)}; they must be in the same region`);
  }
  plan.nodeSubnets.forEach((use) => checkSubnetHasIpv4(ctx, use));
  if (ctx.unknown("NET-07", "network.internalLoadBalancerFrontends", plan.internalLoadBalancerFrontends)) return;
  for (const use of plan.nodeSubnets) checkSubnetUse(ctx, use, plan.nodeSubnets.length > 1 ? use.pools.map((p) => p.name) : undefined, subnet.idPath);
}

/** NET-19: a node's primary IP configuration is IPv4, so every subnet nodes join needs an IPv4 prefix. */
function checkSubnetHasIpv4(ctx: RuleContext, use: NodeSubnetUse): void {
  const list = use.prefixes;
  // A pool subnet no pool joins holds no nodes (as for NET-07); prefixes not known are NET-07's skip.
  if ((use.kind === "pool" && use.pools.length === 0) || list === undefined) return;
  if (list.hasUnknown) {
    ctx.skip("NET-19", list.path);
    return;
  }
  // A malformed entry (a format error) might have been the IPv4 one: decide only on a list that parses.
  if (list.ranges.length === 0 || list.ranges.some((r) => r.cidr === undefined || r.cidr.version === 4)) return;
  const name = use.name === undefined ? "the node subnet" : `subnet ${use.name}`;
  ctx.report("NET-19", list.path, `${name} has only IPv6 prefixes (${list.ranges.map((r) => r.cidr!.text).join(", ")}); AKS nodes need an IPv4 address, so add an IPv4 prefix (dual-stack)`);
}

/** NET-07 on one subnet pools join, against the pools on it (`pools` names them when there are several subnets). */
function checkSubnetUse(ctx: RuleContext, use: NodeSubnetUse, pools: readonly string[] | undefined, nodeIdPath: string): void {
  if (use.kind === "pool" && use.pools.length === 0) return;
  if (use.prefixes === undefined) {
    const setting = use.kind === "node" ? "network.existingSubnetAddressPrefixes" : `${use.path}.addressPrefixes`;
    ctx.skip("NET-07", use.kind === "node" ? nodeIdPath : use.path, `the subnet's prefixes are not known at synth time; set ${setting} so that capacity and overlaps are checked`);
    return;
  }
  const { initialNodes, peakNodes } = use.demand;
  if (initialNodes === undefined || peakNodes === undefined) {
    use.demand.unknownPaths.forEach((p) => ctx.skip("NET-07", p));
    return;
  }
  // Format findings of these lists are the network's own checks'.
  const ranges = readRangeList(ctx, use.prefixes, { silent: true });
  const names = pools && `pools ${pools.join(", ") || "none"}`;
  checkSubnetCapacity(ctx, ranges, { initialNodes, peakNodes, internalLoadBalancerFrontends: use.internalLoadBalancerFrontends }, names);
}
