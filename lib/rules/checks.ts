/**
 * The checks each construct runs, composed from the rule families. Pure:
 * they read the resolved plan (and, from the constructs, the synthesized
 * resources), never the constructs themselves.
 */
import { readAddressPlan, type PlannedRange } from "./ranges";
import { API_SERVER_DELEGATION } from "../plan/network";
import { checkApiServer, checkApiServerSubnet, checkApiServerSubnetChoice, checkApiServerSubnetNotShared } from "./apiserver";
import { checkAutoScalerProfile } from "./autoscaler";
import { checkByoCni } from "./byocni";
import { checkCiliumAgainstCluster, checkCiliumChartKeys, checkCiliumStack, checkPodSubnetCni } from "./cni";
import { checkDnsServiceIp } from "./dns";
import type { RuleContext } from "./engine";
import type { ClusterCheckInput, NetworkCheckInput } from "./facts";
import { readRangeList } from "./format";
import { checkKubeletIdentity } from "./kubelet-identity";
import { checkLabelsAndTaints } from "./labels";
import { checkImageCleaner } from "./image-cleaner";
import { checkLocation } from "./location";
import { checkControlPlaneLogs, checkRetention } from "./logs";
import { checkMaintenance } from "./maintenance";
import { checkClusterNames, checkDnsPrefixChoice, checkResourceGroupName, checkSubnetName, checkVnetName } from "./names";
import {
  checkConnectedNetworks,
  checkInNodeVnet,
  checkInternalLoadBalancerFrontends,
  checkNetworkChoice,
  checkNoDelegation,
  checkNodeSubnets,
  checkPoolSubnetNames,
  checkSubnetNameReserved,
  checkVnetLayout,
} from "./network";
import { checkDay2Cluster } from "./day2";
import { checkDefender } from "./defender";
import { checkNodePools } from "./nodepools";
import { checkOutbound } from "./outbound";
import { checkPodCapacity, checkPodCidrList, checkPodRange } from "./pod";
import { checkClusterReserved, checkVnetReserved } from "./reserved";
import { checkGrant, checkRoleAssignment, checkSubnetId } from "./role-assignment";
import { checkServiceCidrList, checkServiceRange } from "./service";
import { checkUpgrade } from "./upgrade";
import type { ClusterPlan } from "../plan/cluster";
import type { ExtraSubnetPlan } from "../plan/network";

/** Resource group: NAME-08, LOC-01. */
export function checkResourceGroup(ctx: RuleContext, name: unknown, location: unknown): void {
  checkResourceGroupName(ctx, "resourceGroup.name", name);
  checkLocation(ctx, "location", location);
}

/** The ranges of the VNet and its subnets, with the created VNet's names checked. */
function readVnet(ctx: RuleContext, input: NetworkCheckInput): { space: PlannedRange[]; subnets: { name: string; ranges: PlannedRange[] }[]; apiServer: PlannedRange[] } {
  const plan = input.plan;
  const n = plan.settings;
  const extra = readExtraSubnets(ctx, input);
  if (!n.vnet) {
    checkSubnetId(ctx, "network.existingSubnetId", n.existingSubnetId);
    const prefixes = readRangeList(ctx, plan.subnetPrefixes);
    return {
      space: readRangeList(ctx, plan.vnetSpace),
      subnets: [{ name: input.plan.nodeSubnetName ?? "(adopted)", ranges: prefixes }, ...extra.subnets],
      apiServer: extra.apiServer,
    };
  }
  const v = n.vnet;
  checkVnetName(ctx, "network.vnet.name", v.name);
  checkSubnetName(ctx, "network.vnet.subnet.name", v.subnet.name);
  checkSubnetNameReserved(ctx, "network.vnet.subnet.name", v.subnet.name);
  (v.otherSubnets ?? []).forEach((s, i) => checkSubnetName(ctx, `network.vnet.otherSubnets[${i}].name`, s.name));
  if (input.synthesized?.subnet) checkNoDelegation(ctx, "network.vnet.subnet", input.synthesized.subnet);
  return {
    space: readRangeList(ctx, plan.vnetSpace),
    subnets: [
      { name: v.subnet.name, ranges: readRangeList(ctx, plan.subnetPrefixes) },
      ...extra.subnets,
      ...(v.otherSubnets ?? []).map((s, i) => ({ name: s.name, ranges: readRangeList(ctx, plan.otherSubnets[i]) })),
    ],
    apiServer: extra.apiServer,
  };
}

/**
 * The pool subnets and the API server subnet: names (created), IDs (adopted),
 * the same VNet as the node subnet (NET-13), no delegation on a pool subnet
 * (NET-04), and the API server subnet not shared with nodes (API-05).
 */
function readExtraSubnets(ctx: RuleContext, input: NetworkCheckInput): { subnets: { name: string; ranges: PlannedRange[] }[]; apiServer: PlannedRange[] } {
  const plan = input.plan;
  const subnets: { name: string; ranges: PlannedRange[] }[] = [];
  const node = plan.adoptedSubnet?.parsed;
  const vnetName = plan.vnet?.name ?? node?.virtualNetworkName;
  const read = (sub: ExtraSubnetPlan, kind: string): PlannedRange[] => {
    if (sub.origin === "created") {
      checkSubnetName(ctx, `${sub.path}.name`, sub.name);
      checkSubnetNameReserved(ctx, `${sub.path}.name`, sub.name);
    } else {
      const idPath = sub.path.startsWith("network.existingPoolSubnets") ? `${sub.path}.id` : sub.path;
      checkSubnetId(ctx, idPath, sub.adopted?.text);
      checkInNodeVnet(ctx, idPath, sub.adopted?.text, kind, vnetName, node);
    }
    return readRangeList(ctx, sub.prefixes);
  };
  for (const ps of plan.poolSubnets) {
    subnets.push({ name: ps.name, ranges: read(ps, "pool subnet") });
    const json = input.synthesized?.poolSubnets?.[ps.name];
    if (ps.origin === "created" && json) checkNoDelegation(ctx, ps.path, json);
  }
  const api = plan.apiServerSubnet;
  let apiServer: PlannedRange[] = [];
  if (api) {
    apiServer = read(api, "API server subnet");
    subnets.push({ name: api.name, ranges: apiServer });
    checkApiServerSubnet(ctx, api, apiServer, input.synthesized?.apiServerSubnet, API_SERVER_DELEGATION);
    checkApiServerSubnetNotShared(ctx, api, [plan.adoptedSubnet?.text, ...plan.poolSubnets.map((p) => p.adopted?.text)]);
  }
  return { subnets, apiServer };
}

/** VNet, subnets and grant: FMT, RES-03/04, NET-01..04, 08, 09, 13..16, NAME-09/10, RA-01..05, 07, API-03..05, 12, 13, LOC-01. */
export function checkNetwork(ctx: RuleContext, input: NetworkCheckInput): void {
  checkLocation(ctx, "location", input.plan.location);
  checkApiServerSubnetChoice(ctx, input.plan);
  checkNetworkChoice(ctx, input.plan);
  const { space, subnets } = readVnet(ctx, input);
  checkVnetReserved(ctx, space, subnets.flatMap((s) => s.ranges));
  checkVnetLayout(ctx, space, subnets);
  checkRoleAssignment(ctx, input.plan, input.synthesized?.roleAssignment);
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
  checkInternalLoadBalancerFrontends(ctx, plan);
  checkRetention(ctx, plan);
  checkImageCleaner(ctx, plan);

  const addresses = readAddressPlan(ctx, plan);
  readRangeList(ctx, plan.apiServer.authorizedIpRanges);
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
  checkNodeSubnets(ctx, input);
  checkPoolSubnetNames(ctx, plan);
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
    checkPodCidrList(ctx, synthesized.networkProfile ?? {});
    checkServiceCidrList(ctx, synthesized.networkProfile ?? {});
  }
}

/** What the Cilium stack runs: CNI-01..04, CNI-06..08: the install agrees with the cluster it goes on. */
export function checkCiliumInstall(ctx: RuleContext, plan: ClusterPlan): void {
  checkCiliumStack(ctx, plan.cni);
  checkCiliumChartKeys(ctx, plan.cni.values, plan.cni.version);
  checkCiliumAgainstCluster(ctx, plan, plan.pod.cidr, plan.pod.unknown);
}
