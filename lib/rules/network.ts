/**
 * NET: the VNet and node subnet (network-rules §2.5, §2.6, §6).
 */
import { parseSubnetId, type SubnetId } from "../net/arm-id";
import { contains } from "../net/cidr";
import { AZURE_SUBNET_RESERVED, capacityPrefix, isSubnetPrefix, SUBNET_PREFIX_MAX, SUBNET_PREFIX_MIN, subnetDemand, usableSubnetAddresses } from "../plan/capacity";
import { collisionsOf, describe, describeEntry, type AddressPlan, type PlannedRange } from "./ranges";
import { defineRules, type RuleContext } from "./engine";

export const NETWORK_RULES = defineRules({
  "NET-01": {
    severity: "error",
    title: "Every subnet prefix lies inside its VNet's address space",
    source: "Azure VNet FAQ; Network RP: \"The subnet address range ... is not contained in this virtual network's address spaces\" (MicrosoftDocs/azure-docs#91214)",
    why: "refused: the Network RP refuses a subnet outside the VNet's address spaces",
  },
  "NET-02": {
    severity: "error",
    title: "Subnets of one VNet do not overlap each other",
    source: "Azure VNet FAQ; Azure/azure-cli#10917",
    why: "refused: the Network RP refuses a subnet that overlaps another",
  },
  "NET-03": {
    severity: "error",
    title: "IPv4 subnet prefix between /2 and /29; an IPv6 subnet is exactly /64",
    source: "Azure VNet FAQ",
    why: "refused: the Network RP refuses other subnet sizes",
  },
  "NET-04": {
    severity: "error",
    title: "The node subnet has no delegation",
    source: "use-byo-cni; concepts-network-cni-overview",
    why: "refused: AKS cannot place nodes in a delegated subnet (documented prerequisite)",
  },
  "NET-05": {
    severity: "error",
    title: "The cluster and its VNet are in the same location",
    source: "concepts-network-legacy-cni (Virtual network)",
    why: "refused: ARM refuses a node subnet in another region",
  },
  "NET-07": {
    severity: "error",
    title: `Node subnet capacity: 2^(32-p) - ${AZURE_SUBNET_RESERVED} >= Σ(max nodes + surge) + internal load balancer frontends`,
    source: `use-byo-cni (subnet sizing); concepts-network-ip-address-planning; VNet FAQ (${AZURE_SUBNET_RESERVED} reserved addresses); AKS error InsufficientSubnetSize (troubleshooting)`,
    why: "refused: AKS refuses creation, scaling (to the autoscaler maximum) and upgrades (with surge) when the subnet's free addresses do not hold the nodes (InsufficientSubnetSize)",
  },
  "NET-08": {
    severity: "warning",
    title: "VNet address space no larger than /8",
    source: "concepts-network-ip-address-planning (VNet max size /8)",
    why: "tolerated: a planning limit of the docs, not a refusal",
  },
  "NET-09": {
    severity: "warning",
    title: "The node subnet does not use a name Azure services reserve",
    source: "Azure service conventions (GatewaySubnet, AzureFirewallSubnet, AzureBastionSubnet, ...)",
    why: "tolerated for the subnet itself; the service that owns the name cannot use this VNet later",
  },
  "NET-13": {
    severity: "error",
    title: "Every pool subnet and the API server subnet are in the node subnet's VNet",
    source: "configure-azure-cni (all subnets assigned to node pools must belong to the same virtual network); api-server-vnet-integration (the API server subnet is in the same VNet as the cluster nodes)",
    why: "refused: AKS refuses node pools, or an API server subnet, in another VNet than the cluster's nodes",
  },
  "NET-12": {
    severity: "error",
    title: "The cluster VNet does not overlap connected networks (peered, VPN, ExpressRoute or on-premises ranges)",
    source: "ARM error VnetAddressSpaceOverlapsWithAlreadyPeeredVnet (Azure/ResourceModules#731); virtual-network-peering-overview (address spaces can't overlap)",
    why: "refused: ARM refuses to peer VNets whose address spaces overlap, so a connection the config declares cannot exist; over VPN or ExpressRoute the overlapping addresses stay in this VNet",
  },
});

const RESERVED_SUBNET_NAMES = ["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "AzureBastionSubnet", "RouteServerSubnet"];

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
    const what = plan.vnetSpace.includes(r) ? "VNet address space" : "node subnet";
    ctx.report(
      "NET-12",
      r.path,
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
