/**
 * The address plan view of a resolved cluster: its ranges, the ranges AKS
 * and Azure reserve, and the capacity figures, computed with the same
 * functions the rules use (NET-07, POD-05, CNI-04), so the picture and the
 * rules can never disagree.
 */
import type { Ipv4Cidr } from "../../net/cidr";
import type { PlannedCidr, PlannedText, RangeList } from "../../plan/addresses";
import { AZURE_SUBNET_RESERVED, capacityPrefix, podBlocks, podsPerBlock, subnetDemand, usableSubnetAddresses } from "../../plan/capacity";
import type { ClusterPlan, NodeSubnetUse } from "../../plan/cluster";
import type { ExtraSubnetPlan } from "../../plan/network";
import type { PoolPlan } from "../../plan/pools";
import { AKS_MANAGED_NODE_SUBNET } from "../../plan/defaults";
import { RESERVED_RANGES } from "../../net/overlaps";
import type { AddressPlanRange, AddressPlanView, AddressRangeKind, CapacityRow } from "./view";

/** Addresses AKS takes in the API server subnet at least (api-server-vnet-integration: at least 9). */
const API_SERVER_SUBNET_ADDRESSES = 9;

/** Where the reservations are documented, as the `path` of reserved ranges. */
const AKS_SOURCE = "AKS reserved (RES-01..03)";
const AZURE_SOURCE = "Azure VNet FAQ (RES-04)";

/**
 * The range as written, or undefined when it is a reference (known at apply
 * time). A malformed one is drawn as invalid by the renderers; synth never
 * writes it, because the rules refuse it first.
 */
function literalText(value: PlannedText): string | undefined {
  return typeof value.text === "string" && !value.unknown ? value.text : undefined;
}

/** The IPv4 range the resolve step parsed; undefined for an IPv6, unknown or malformed one. */
const ipv4Of = (r: PlannedCidr): Ipv4Cidr | undefined => (r.cidr?.version === 4 ? r.cidr : undefined);

function listRanges(kind: AddressRangeKind, label: string, list: RangeList | undefined, unknownPath: string): AddressPlanRange[] {
  if (!list || list.values.length === 0 || list.unknown) return [{ kind, label, cidr: undefined, path: unknownPath, defaulted: false }];
  return list.ranges.map((r) => ({ kind, label, cidr: literalText(r), path: r.path, defaulted: false }));
}

function plannedRange(kind: AddressRangeKind, label: string, v: PlannedCidr): AddressPlanRange {
  return { kind, label, cidr: literalText(v), path: v.path, defaulted: v.defaulted };
}

/** The cluster's own ranges, then the connected networks. */
function clusterRanges(plan: ClusterPlan): AddressPlanRange[] {
  const subnet = plan.subnet;
  const managed = "(AKS creates it: no network.vnet)";
  const ranges: AddressPlanRange[] = [];
  if (!subnet) {
    ranges.push({ kind: "vnet", label: "AKS-managed VNet", cidr: undefined, path: managed, defaulted: false });
    ranges.push({ kind: "nodeSubnet", label: "AKS-managed subnet", cidr: AKS_MANAGED_NODE_SUBNET, path: managed, defaulted: true });
  } else {
    const vnetName = subnet.vnet?.name ?? "VNet of the adopted subnet";
    const subnetName = subnet.vnet?.subnetName ?? "(adopted)";
    ranges.push(...listRanges("vnet", vnetName, subnet.vnetSpace, "network.existingVnetAddressSpace"));
    ranges.push(...listRanges("nodeSubnet", subnetName, subnet.subnetPrefixes, subnet.idPath));
    for (const ps of subnet.poolSubnets) ranges.push(...listRanges("nodeSubnet", ps.name, ps.prefixes, ps.path));
    (subnet.settings.vnet?.otherSubnets ?? []).forEach((s, i) => {
      ranges.push(...listRanges("otherSubnet", s.name, subnet.otherSubnets[i], `network.vnet.otherSubnets[${i}]`));
    });
    const api = subnet.apiServerSubnet;
    if (api) ranges.push(...listRanges("otherSubnet", `${api.name} (API server)`, api.prefixes, api.path));
  }
  if (!plan.pod.notSent) ranges.push(plannedRange("pod", "CNI pool", plan.pod));
  ranges.push(plannedRange("service", "ClusterIPs", plan.service));
  for (const r of plan.connectedNetworks?.ranges ?? []) {
    ranges.push({ kind: "connected", label: "connected network", cidr: literalText(r), path: r.path, defaulted: false });
  }
  return ranges;
}

const reservedRanges: readonly AddressPlanRange[] = RESERVED_RANGES.map(({ kind, range, what }) => ({
  kind,
  label: what,
  cidr: range.text,
  path: kind === "aksReserved" ? AKS_SOURCE : AZURE_SOURCE,
  defaulted: false,
}));

const minus = (value: number | undefined, demand: number | undefined) => (value === undefined || demand === undefined ? undefined : value - demand);

/** The peak node demand on a subnet, and how it is made up, for the basis text. */
function demandText(pools: readonly PoolPlan[], internalLoadBalancerFrontends: number): string {
  const each = pools.map((p) => `${p.name} ${p.maxNodes ?? "?"} + ${p.surgeNodes ?? "?"} surge`).join(", ");
  return `peak = ${each || "no pools"}, ${internalLoadBalancerFrontends} internal LB frontends`;
}

/** A subnet's usable addresses (after Azure's reserved ones) and its first IPv4 prefix, when known. */
function usableOf(list: RangeList | undefined): { subnet?: Ipv4Cidr; usable?: number } {
  const subnet = capacityPrefix((list?.ranges ?? []).map(ipv4Of), (c) => c?.prefix);
  return { subnet, usable: subnet && usableSubnetAddresses(subnet.prefix) };
}

/** A subnet pools join: addresses after Azure's reserved ones, against its pools' nodes at peak and internal LB frontends. */
function subnetRow(use: NodeSubnetUse): CapacityRow {
  const demand = use.peakAddresses;
  const { subnet, usable } = usableOf(use.prefixes);
  const what = demandText(use.pools, use.internalLoadBalancerFrontends);
  return {
    key: use.kind === "node" ? "subnet.nodes" : `subnet.${use.name}.nodes`,
    label: `${use.kind === "node" ? "Node subnet" : `Pool subnet ${use.name}`}${subnet ? ` ${subnet.text}` : ""}: node addresses`,
    unit: "nodes",
    value: usable,
    demand,
    headroom: minus(usable, demand),
    basis: subnet ? `2^(32-${subnet.prefix}) - ${AZURE_SUBNET_RESERVED} reserved by Azure; ${what}` : `the subnet's prefixes are known at apply time; ${what}`,
  };
}

/** The node subnet of a cluster in the VNet AKS creates: its size is AKS's. */
function managedSubnetRow(plan: ClusterPlan): CapacityRow {
  const peak = plan.demand.peakNodes;
  const what = demandText(plan.pools, plan.internalLoadBalancerFrontends);
  const demand = peak === undefined ? undefined : subnetDemand(peak, plan.internalLoadBalancerFrontends);
  return { key: "subnet.nodes", label: "Node subnet: node addresses", unit: "nodes", value: undefined, demand, headroom: undefined, basis: `the subnet's prefixes are known at apply time; ${what}` };
}

/** The API server subnet of VNet integration: addresses after Azure's reserved ones, against the at least 9 AKS takes. */
function apiServerRow(api: ExtraSubnetPlan): CapacityRow {
  const { subnet, usable } = usableOf(api.prefixes);
  return {
    key: "subnet.apiserver",
    label: `API server subnet ${api.name}${subnet ? ` ${subnet.text}` : ""}: addresses`,
    unit: "addresses",
    value: usable,
    demand: API_SERVER_SUBNET_ADDRESSES,
    headroom: minus(usable, API_SERVER_SUBNET_ADDRESSES),
    basis: `${subnet ? `2^(32-${subnet.prefix}) - ${AZURE_SUBNET_RESERVED} reserved by Azure` : "the subnet's prefixes are known at apply time"}; AKS takes at least ${API_SERVER_SUBNET_ADDRESSES} (internal load balancer and API server instances)`,
  };
}

/** The capacity rows of the subnets: each subnet pools join (the node subnet first), then the API server subnet. */
function subnetRows(plan: ClusterPlan): CapacityRow[] {
  if (plan.nodeSubnets.length === 0) return [managedSubnetRow(plan)];
  const rows = plan.nodeSubnets.filter((u) => u.kind === "node" || u.pools.length > 0).map(subnetRow);
  return plan.apiServer.subnet ? [...rows, apiServerRow(plan.apiServer.subnet)] : rows;
}

/** The pod range: per-node blocks against nodes at peak (POD-05), and pods per block against maxPods (CNI-04). */
function podRows(plan: ClusterPlan): CapacityRow[] {
  const { peakNodes, largestMaxPods } = plan.demand;
  const block = plan.cni.perNodeBlock;
  const pod = plan.pod.notSent ? undefined : plan.pod.cidr;
  const blocks = pod && podBlocks(pod, block.mask);
  const perBlock = podsPerBlock(block.mask);
  return [
    {
      key: "pod.blocks",
      label: `Pod range${pod ? ` ${pod.text}` : ""}: per-node /${block.mask} blocks`,
      unit: "nodes",
      value: blocks,
      demand: peakNodes,
      headroom: minus(blocks, peakNodes),
      basis: `${pod ? `2^(${block.mask}-${pod.prefix}) blocks` : (plan.pod.notSent ?? "the pod range is known at apply time")}, a /${block.mask} per node (${block.source}); ${peakNodes ?? "?"} nodes with surge`,
    },
    {
      key: "pod.perNode",
      label: `Pods per node: /${block.mask} block`,
      unit: "pods",
      value: perBlock,
      demand: largestMaxPods,
      headroom: minus(perBlock, largestMaxPods),
      basis: `2^(32-${block.mask}) - 2 addresses; largest maxPods ${largestMaxPods ?? "?"}`,
    },
  ];
}

/** Each pool at its maximum scale: the pod addresses its nodes' blocks hold, against nodes x maxPods. */
function poolRows(plan: ClusterPlan): CapacityRow[] {
  const perBlock = podsPerBlock(plan.cni.perNodeBlock.mask);
  return plan.pools.map((p) => {
    const value = p.maxNodes === undefined ? undefined : p.maxNodes * perBlock;
    const demand = p.maxNodes === undefined || p.knownMaxPods === undefined ? undefined : p.maxNodes * p.knownMaxPods;
    return {
      key: `pool.${p.name}.pods`,
      label: `Pool ${p.name} at max scale (${p.maxNodes ?? "?"} nodes): pods`,
      unit: "pods",
      value,
      demand,
      headroom: minus(value, demand),
      basis: `${p.maxNodes ?? "?"} nodes x ${perBlock} block addresses; ${p.maxNodes ?? "?"} x maxPods ${p.maxPods}`,
    };
  });
}

/** The address plan view of a cluster in stack `stack`. */
export function addressPlanView(stack: string, plan: ClusterPlan): AddressPlanView {
  const dns = plan.dnsServiceIp;
  const address = literalText(dns);
  return {
    version: 1,
    stack,
    ranges: [...clusterRanges(plan), ...reservedRanges],
    dnsServiceIp: address === undefined ? undefined : { address, path: dns.path, defaulted: dns.defaulted },
    capacity: [...subnetRows(plan), ...podRows(plan), ...poolRows(plan)],
  };
}
