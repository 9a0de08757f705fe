/**
 * The checks each construct runs, composed from the rule families. Pure:
 * the constructs call these from `node.addValidation` with their props.
 */
import type { ClusterSettings } from "../config/types";
import { readAddressPlan, type PlannedRange } from "./address-plan";
import { checkByoCni } from "./byocni";
import { CILIUM_DEFAULT_MASK, chooseMaskSize, helmValue } from "./cni";
import { checkDnsServiceIp } from "./dns";
import type { RuleContext } from "./engine";
import type { ClusterFacts, NetworkFacts } from "./facts";
import { readCidrList } from "./format";
import { checkLocation, normalizeLocation } from "./location";
import { checkClusterNames, checkDnsPrefixChoice, checkResourceGroupName, checkSubnetName, checkVnetName } from "./names";
import { checkNoDelegation, checkSubnetCapacity, checkSubnetNameReserved, checkVnetLayout } from "./network";
import { allPools, checkNodePools, largestMaxPods, totalNodesWithSurge } from "./nodepools";
import { checkOutbound } from "./outbound";
import { checkPodCapacity, checkPodRange } from "./pod";
import { checkClusterReserved, checkVnetReserved } from "./reserved";
import { checkGrant, checkRoleAssignment, checkSubnetId } from "./role-assignment";
import { checkServiceRange } from "./service";

/** Resource group: NAME-08, LOC-01. */
export function checkResourceGroup(ctx: RuleContext, name: unknown, location: unknown): void {
  checkResourceGroupName(ctx, "resourceGroup.name", name);
  checkLocation(ctx, "location", location);
}

/** VNet, subnet and grant: FMT, RES-03/04, NET-01..04, 08, 09, NAME-09/10, RA-01..05, 07, LOC-01. */
export function checkNetwork(ctx: RuleContext, facts: NetworkFacts): void {
  const n = facts.network;
  checkLocation(ctx, "location", facts.location);
  if (n.vnet && n.existingSubnetId !== undefined) {
    ctx.report("CFG-06", "network.existingSubnetId", "set either network.vnet (create a VNet) or network.existingSubnetId (adopt a subnet), not both");
  }
  if (!n.vnet && n.existingSubnetId === undefined) {
    ctx.report("CFG-06", "network", "needs network.vnet or network.existingSubnetId to have a node subnet");
  }
  if (n.vnet) {
    for (const key of ["existingVnetAddressSpace", "existingSubnetAddressPrefixes"] as const) {
      if (n[key] !== undefined) ctx.report("CFG-06", `network.${key}`, "describes an adopted subnet; with network.vnet the ranges come from vnet.addressSpace and vnet.subnet");
    }
  }
  if (n.internalLoadBalancerFrontends !== undefined && n.internalLoadBalancerFrontends < 0) {
    ctx.report("CFG-06", "network.internalLoadBalancerFrontends", "cannot be negative");
  }

  let space: PlannedRange[];
  let subnets: { name: string; ranges: PlannedRange[] }[];
  if (n.vnet) {
    const v = n.vnet;
    checkVnetName(ctx, "network.vnet.name", v.name);
    checkSubnetName(ctx, "network.vnet.subnet.name", v.subnet.name);
    checkSubnetNameReserved(ctx, "network.vnet.subnet.name", v.subnet.name);
    (v.otherSubnets ?? []).forEach((s, i) => checkSubnetName(ctx, `network.vnet.otherSubnets[${i}].name`, s.name));
    space = readCidrList(ctx, "network.vnet.addressSpace", v.addressSpace);
    subnets = [
      { name: v.subnet.name, ranges: readCidrList(ctx, "network.vnet.subnet.addressPrefixes", v.subnet.addressPrefixes) },
      ...(v.otherSubnets ?? []).map((s, i) => ({
        name: s.name,
        ranges: readCidrList(ctx, `network.vnet.otherSubnets[${i}].addressPrefixes`, s.addressPrefixes),
      })),
    ];
    checkNoDelegation(ctx, "network.vnet.subnet", facts.subnetJson);
  } else {
    checkSubnetId(ctx, "network.existingSubnetId", n.existingSubnetId);
    space = readCidrList(ctx, "network.existingVnetAddressSpace", n.existingVnetAddressSpace);
    const prefixes = readCidrList(ctx, "network.existingSubnetAddressPrefixes", n.existingSubnetAddressPrefixes);
    subnets = [{ name: "(adopted)", ranges: prefixes }];
  }
  checkVnetReserved(ctx, space);
  checkVnetLayout(ctx, space, subnets);
  checkRoleAssignment(ctx, n.subnetRole ?? "NetworkContributor", n.subnetRoleAssignment, facts.roleAssignmentJson, n.existingSubnetId);
}

/** The per-node block size the CNI will use, and where it comes from. */
function cniMask(facts: ClusterFacts, pod: PlannedRange | undefined): { mask: number; source: string } {
  if (facts.cni?.plugin === "cilium") {
    const explicit = helmValue(facts.cni.values ?? {}, "ipam.operator.clusterPoolIPv4MaskSize");
    if (typeof explicit === "number") return { mask: explicit, source: "cni.values ipam.operator.clusterPoolIPv4MaskSize" };
    if (pod && pod.cidr.version === 4) {
      const chosen = chooseMaskSize(pod.cidr, totalNodesWithSurge(facts.cluster), largestMaxPods(facts.cluster));
      if (chosen !== undefined) return { mask: chosen, source: "the mask chosen for Cilium" };
    }
  }
  return { mask: CILIUM_DEFAULT_MASK, source: facts.cni?.plugin === "cilium" ? "Cilium's default" : "assuming a /24 per node, Cilium's default" };
}

/**
 * True when a node count or surge is unknown at synth time (a reference): the
 * capacity sums would be meaningless, so `rule` is recorded as skipped.
 */
function nodeCountsUnknown(ctx: RuleContext, cluster: ClusterSettings, rule: string): boolean {
  let unknown = false;
  for (const { pool, path } of allPools(cluster)) {
    if (ctx.unknown(rule, `${path}.nodeCount`, pool.nodeCount)) unknown = true;
    if (pool.autoScaling && ctx.unknown(rule, `${path}.autoScaling`, pool.autoScaling.maxCount)) unknown = true;
    if (ctx.unknown(rule, `${path}.maxSurge`, pool.maxSurge)) unknown = true;
  }
  return unknown;
}

/** Everything about the cluster and how it meets the network. */
export function checkCluster(ctx: RuleContext, facts: ClusterFacts): void {
  const { cluster, network } = facts;
  checkLocation(ctx, "location", facts.location);
  const location = typeof facts.location === "string" ? normalizeLocation(facts.location) : facts.location;
  checkClusterNames(ctx, cluster, facts.resourceGroupName, location);
  checkDnsPrefixChoice(ctx, facts.clusterJson);
  checkNodePools(ctx, cluster);

  const plan = readAddressPlan(ctx, facts);
  readCidrList(ctx, "cluster.apiServer.authorizedIpRanges", cluster.apiServer?.authorizedIpRanges, { ipv4Only: true });
  checkClusterReserved(ctx, plan);
  checkServiceRange(ctx, facts, plan);
  checkDnsServiceIp(ctx, plan);
  checkPodRange(ctx, plan);
  const { mask, source } = cniMask(facts, plan.pod);
  if (!nodeCountsUnknown(ctx, cluster, "POD-05")) {
    checkPodCapacity(ctx, plan.pod, { nodes: totalNodesWithSurge(cluster), mask, maskSource: source });
  }

  const subnet = facts.subnet;
  if (subnet) {
    if (subnet.location !== undefined && !ctx.unknown("NET-05", subnet.idPath, subnet.location) && typeof location === "string") {
      if (normalizeLocation(subnet.location) !== location) {
        ctx.report("NET-05", "location", `the cluster is in ${location} but its VNet is in ${normalizeLocation(subnet.location)}; they must be in the same region`);
      }
    }
    if (subnet.addressPrefixes === undefined) {
      ctx.skip("NET-07", subnet.idPath, "the node subnet's prefixes are not known at synth time; set network.existingSubnetAddressPrefixes so that capacity and overlaps are checked");
    }
    if (!nodeCountsUnknown(ctx, cluster, "NET-07") && !ctx.unknown("NET-07", "network.internalLoadBalancerFrontends", network.internalLoadBalancerFrontends)) {
      checkSubnetCapacity(ctx, plan, {
        initialNodes: allPools(cluster).reduce((sum, { pool }) => sum + pool.nodeCount, 0),
        peakNodes: totalNodesWithSurge(cluster),
        internalLoadBalancerFrontends: network.internalLoadBalancerFrontends ?? 0,
      });
    }
  }
  checkOutbound(ctx, facts);
  checkByoCni(ctx, facts);
  checkGrant(ctx, subnet, facts.identity);
  const retention = cluster.monitoring?.retentionInDays;
  if (retention !== undefined && (retention < 30 || retention > 730)) {
    ctx.report("CFG-06", "cluster.monitoring.retentionInDays", `${retention} is outside 30-730 days`);
  }
}
