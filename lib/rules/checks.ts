/**
 * The checks each construct runs, composed from the rule families. Pure:
 * they read the resolved plan (and, from the constructs, the synthesized
 * resources), never the constructs themselves.
 */
import { readAddressPlan, type PlannedRange } from "./address-plan";
import { checkApiServer } from "./apiserver";
import { checkAutoScalerProfile } from "./autoscaler";
import { checkByoCni } from "./byocni";
import { checkDnsServiceIp } from "./dns";
import type { RuleContext } from "./engine";
import type { ClusterCheckInput, NetworkCheckInput } from "./facts";
import { readCidrList } from "./format";
import { checkKubeletIdentity } from "./kubelet-identity";
import { checkLabelsAndTaints } from "./labels";
import { checkLocation, normalizeLocation } from "./location";
import { checkControlPlaneLogs } from "./logs";
import { checkMaintenance } from "./maintenance";
import { checkClusterNames, checkDnsPrefixChoice, checkResourceGroupName, checkSubnetName, checkVnetName } from "./names";
import { checkConnectedNetworks, checkNoDelegation, checkSubnetCapacity, checkSubnetNameReserved, checkVnetLayout } from "./network";
import { checkDay2Cluster } from "./day2";
import { checkDefender } from "./defender";
import { checkNodePools } from "./nodepools";
import { checkOutbound } from "./outbound";
import { checkPodCapacity, checkPodRange } from "./pod";
import { checkClusterReserved, checkVnetReserved } from "./reserved";
import { checkGrant, checkRoleAssignment, checkSubnetId } from "./role-assignment";
import { checkServiceRange } from "./service";
import { checkUpgrade } from "./upgrade";
import type { ClusterPlan } from "../plan/cluster";
import type { NetworkPlan } from "../plan/network";

/** Resource group: NAME-08, LOC-01. */
export function checkResourceGroup(ctx: RuleContext, name: unknown, location: unknown): void {
  checkResourceGroupName(ctx, "resourceGroup.name", name);
  checkLocation(ctx, "location", location);
}

/** CFG-06: the node network is described once, by `vnet` or by `existingSubnetId`. */
function checkNetworkChoice(ctx: RuleContext, plan: NetworkPlan): void {
  const n = plan.settings;
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
}

/** The ranges of the VNet and its subnets, with the created VNet's names checked. */
function readVnet(ctx: RuleContext, input: NetworkCheckInput): { space: PlannedRange[]; subnets: { name: string; ranges: PlannedRange[] }[] } {
  const n = input.plan.settings;
  if (!n.vnet) {
    checkSubnetId(ctx, "network.existingSubnetId", n.existingSubnetId);
    const prefixes = readCidrList(ctx, "network.existingSubnetAddressPrefixes", n.existingSubnetAddressPrefixes);
    return { space: readCidrList(ctx, "network.existingVnetAddressSpace", n.existingVnetAddressSpace), subnets: [{ name: "(adopted)", ranges: prefixes }] };
  }
  const v = n.vnet;
  checkVnetName(ctx, "network.vnet.name", v.name);
  checkSubnetName(ctx, "network.vnet.subnet.name", v.subnet.name);
  checkSubnetNameReserved(ctx, "network.vnet.subnet.name", v.subnet.name);
  (v.otherSubnets ?? []).forEach((s, i) => checkSubnetName(ctx, `network.vnet.otherSubnets[${i}].name`, s.name));
  if (input.synthesized?.subnet) checkNoDelegation(ctx, "network.vnet.subnet", input.synthesized.subnet);
  return {
    space: readCidrList(ctx, "network.vnet.addressSpace", v.addressSpace),
    subnets: [
      { name: v.subnet.name, ranges: readCidrList(ctx, "network.vnet.subnet.addressPrefixes", v.subnet.addressPrefixes) },
      ...(v.otherSubnets ?? []).map((s, i) => ({ name: s.name, ranges: readCidrList(ctx, `network.vnet.otherSubnets[${i}].addressPrefixes`, s.addressPrefixes) })),
    ],
  };
}

/** VNet, subnet and grant: FMT, RES-03/04, NET-01..04, 08, 09, NAME-09/10, RA-01..05, 07, LOC-01, CFG-06. */
export function checkNetwork(ctx: RuleContext, input: NetworkCheckInput): void {
  checkLocation(ctx, "location", input.plan.location);
  checkNetworkChoice(ctx, input.plan);
  const { space, subnets } = readVnet(ctx, input);
  checkVnetReserved(ctx, space, subnets.flatMap((s) => s.ranges));
  checkVnetLayout(ctx, space, subnets);
  checkRoleAssignment(ctx, input.plan, input.synthesized?.roleAssignment);
}

/** NET-05, NET-07: the node subnet the cluster joins. */
function checkNodeSubnet(ctx: RuleContext, input: ClusterCheckInput, addresses: ReturnType<typeof readAddressPlan>): void {
  const { plan, synthesized } = input;
  const subnet = plan.subnet;
  if (!subnet) return;
  const location = typeof plan.location === "string" ? normalizeLocation(plan.location) : plan.location;
  // The synthesized VNet's location, so that an override is seen too.
  const vnetLocation = synthesized?.vnetLocation ?? subnet.location;
  if (!ctx.unknown("NET-05", subnet.idPath, vnetLocation) && typeof location === "string" && typeof vnetLocation === "string" && normalizeLocation(vnetLocation) !== location) {
    ctx.report("NET-05", "location", `the cluster is in ${location} but its VNet is in ${normalizeLocation(vnetLocation)}; they must be in the same region`);
  }
  if (subnet.subnetPrefixes === undefined) {
    ctx.skip("NET-07", subnet.idPath, "the node subnet's prefixes are not known at synth time; set network.existingSubnetAddressPrefixes so that capacity and overlaps are checked");
  }
  if (ctx.unknown("NET-07", "network.internalLoadBalancerFrontends", plan.internalLoadBalancerFrontends)) return;
  const { initialNodes, peakNodes } = plan.demand;
  if (initialNodes === undefined || peakNodes === undefined) {
    plan.demand.unknownPaths.forEach((p) => ctx.skip("NET-07", p));
    return;
  }
  checkSubnetCapacity(ctx, addresses, { initialNodes, peakNodes, internalLoadBalancerFrontends: plan.internalLoadBalancerFrontends });
}

/** CFG-06: the Cilium stack takes pod IPs from network.podCidr (cluster-pool IPAM), which pods on pod subnets do not use. */
function checkPodSubnetCni(ctx: RuleContext, plan: ClusterPlan): void {
  const pool = plan.pools.find((p) => p.settings.podSubnetId !== undefined);
  if (!pool || plan.cni.plugin !== "cilium") return;
  ctx.report(
    "CFG-06",
    `${pool.path}.podSubnetId`,
    "cni.plugin cilium installs Cilium with cluster-pool IPAM from network.podCidr, but pods on pod subnets need a CNI that takes addresses from them (Azure's delegated IPAM); install that CNI yourself (cni.plugin: none), or remove the pod subnets",
  );
}

/** Everything about the cluster and how it meets the network. */
export function checkCluster(ctx: RuleContext, input: ClusterCheckInput): void {
  const { plan, synthesized } = input;
  checkLocation(ctx, "location", plan.location);
  checkClusterNames(ctx, plan);
  checkNodePools(ctx, plan);
  checkAutoScalerProfile(ctx, plan);
  checkLabelsAndTaints(ctx, plan);
  checkDay2Cluster(ctx, plan);
  if (plan.internalLoadBalancerFrontends < 0) {
    ctx.report("CFG-06", "network.internalLoadBalancerFrontends", "cannot be negative");
  }
  const retention = plan.monitoring.retentionInDays;
  if (retention < 30 || retention > 730) {
    ctx.report("CFG-06", "cluster.monitoring.retentionInDays", `${retention} is outside 30-730 days`);
  }
  const interval = plan.security.imageCleanerIntervalHours;
  if (!ctx.unknown("CFG-06", "cluster.security.imageCleanerIntervalHours", interval) && !(Number.isInteger(interval) && interval >= 24 && interval <= 2160)) {
    ctx.report("CFG-06", "cluster.security.imageCleanerIntervalHours", `${interval} is not a whole number of hours from 24 to 2160 (azurerm refuses it at plan)`);
  }

  const addresses = readAddressPlan(ctx, plan);
  readCidrList(ctx, "cluster.apiServer.authorizedIpRanges", plan.apiServer.authorizedIpRanges, { ipv4Only: true });
  checkClusterReserved(ctx, addresses);
  checkServiceRange(ctx, plan, addresses);
  checkDnsServiceIp(ctx, addresses);
  checkPodRange(ctx, addresses);
  checkConnectedNetworks(ctx, addresses);
  if (plan.demand.peakNodes === undefined) {
    plan.demand.unknownPaths.forEach((p) => ctx.skip("POD-05", p));
  } else {
    const block = plan.cni.perNodeBlock;
    checkPodCapacity(ctx, addresses.pod, { nodes: plan.demand.peakNodes, mask: block.mask, maskSource: block.source });
  }
  checkNodeSubnet(ctx, input, addresses);
  checkOutbound(ctx, plan);
  checkGrant(ctx, plan);
  checkKubeletIdentity(ctx, plan);
  checkApiServer(ctx, plan);
  checkUpgrade(ctx, plan);
  checkMaintenance(ctx, plan);
  checkControlPlaneLogs(ctx, plan);
  checkDefender(ctx, plan);
  checkPodSubnetCni(ctx, plan);
  if (synthesized) {
    checkDnsPrefixChoice(ctx, synthesized.cluster);
    checkByoCni(ctx, synthesized);
  }
}
