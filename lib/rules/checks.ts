/**
 * The checks each construct runs, composed from the rule families. Pure:
 * they read the resolved plan (and, from the constructs, the synthesized
 * resources), never the constructs themselves.
 */
import { readAddressPlan, type PlannedRange } from "./ranges";
import { API_SERVER_DELEGATION } from "../plan/network";
import { checkApiServer, checkApiServerSubnet, checkApiServerSubnetNotShared, checkPoolNotOnApiServerSubnet } from "./apiserver";
import { checkAutoScalerProfile } from "./autoscaler";
import { parseSubnetId } from "../net/arm-id";
import { checkByoCni } from "./byocni";
import { checkCiliumAgainstCluster, checkCiliumChartKeys } from "./cni";
import { checkCiliumStack } from "./config";
import { checkDnsServiceIp } from "./dns";
import type { RuleContext } from "./engine";
import type { ClusterCheckInput, NetworkCheckInput } from "./facts";
import { readRangeList } from "./format";
import { checkKubeletIdentity } from "./kubelet-identity";
import { checkLabelsAndTaints } from "./labels";
import { checkLocation } from "./location";
import { checkControlPlaneLogs } from "./logs";
import { checkMaintenance } from "./maintenance";
import { normalizeLocation } from "../reference/regions";
import { checkClusterNames, checkDnsPrefixChoice, checkResourceGroupName, checkSubnetName, checkVnetName } from "./names";
import { checkConnectedNetworks, checkInNodeVnet, checkNoDelegation, checkSubnetCapacity, checkSubnetNameReserved, checkVnetLayout } from "./network";
import { checkDay2Cluster } from "./day2";
import { checkDefender } from "./defender";
import { checkNodePools } from "./nodepools";
import { checkOutbound } from "./outbound";
import { checkPodCapacity, checkPodCidrList, checkPodRange } from "./pod";
import { checkClusterReserved, checkVnetReserved } from "./reserved";
import { checkGrant, checkRoleAssignment, checkSubnetId } from "./role-assignment";
import { checkServiceCidrList, checkServiceRange } from "./service";
import { checkUpgrade } from "./upgrade";
import type { ClusterPlan, NodeSubnetUse } from "../plan/cluster";
import type { ExtraSubnetPlan, NetworkPlan } from "../plan/network";

/** Resource group: NAME-08, LOC-01. */
export function checkResourceGroup(ctx: RuleContext, name: unknown, location: unknown): void {
  checkResourceGroupName(ctx, "resourceGroup.name", name);
  checkLocation(ctx, "location", location);
}

/** CFG-06: the node network is described once, by `vnet` or by `existingSubnetId`; so is the API server subnet; subnet names are unique. */
function checkNetworkChoice(ctx: RuleContext, plan: NetworkPlan): void {
  checkApiServerSubnetChoice(ctx, plan);
  checkSubnetNamesUnique(ctx, plan);
  checkNodeSubnetChoice(ctx, plan);
}

/** CFG-06: the API server subnet is created or adopted, and adopted ranges come with an adopted ID. */
function checkApiServerSubnetChoice(ctx: RuleContext, plan: NetworkPlan): void {
  const n = plan.settings;
  if (n.vnet?.apiServerSubnet && n.existingApiServerSubnetId !== undefined) {
    ctx.report("CFG-06", "network.existingApiServerSubnetId", "set either network.vnet.apiServerSubnet (create it) or network.existingApiServerSubnetId (adopt it), not both");
  }
  if (!n.vnet && (n.existingApiServerSubnetAddressPrefixes !== undefined) && n.existingApiServerSubnetId === undefined) {
    ctx.report("CFG-06", "network.existingApiServerSubnetAddressPrefixes", "describes an adopted API server subnet; set network.existingApiServerSubnetId too");
  }
  if (n.vnet && n.existingApiServerSubnetAddressPrefixes !== undefined && n.existingApiServerSubnetId === undefined) {
    ctx.report("CFG-06", "network.existingApiServerSubnetAddressPrefixes", "describes an adopted API server subnet; with network.vnet.apiServerSubnet the ranges come from it");
  }
}

/** CFG-06: subnet names are unique in the VNet (Azure compares them ignoring case). */
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
    if (first !== undefined) ctx.report("CFG-06", path, `subnet name "${name}" is already used at ${first}; subnet names are unique within a VNet (case-insensitive)`);
    else seen.set(key, path);
  }
}

/** CFG-06: the node subnet is created or adopted, once. */
function checkNodeSubnetChoice(ctx: RuleContext, plan: NetworkPlan): void {
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
  const node = typeof plan.adoptedSubnetId === "string" ? parseSubnetId(plan.adoptedSubnetId) : undefined;
  const vnetName = plan.vnet?.name ?? node?.virtualNetworkName;
  const read = (sub: ExtraSubnetPlan, kind: string): PlannedRange[] => {
    if (sub.origin === "created") {
      checkSubnetName(ctx, `${sub.path}.name`, sub.name);
      checkSubnetNameReserved(ctx, `${sub.path}.name`, sub.name);
    } else {
      const idPath = sub.path.startsWith("network.existingPoolSubnets") ? `${sub.path}.id` : sub.path;
      checkSubnetId(ctx, idPath, sub.adoptedId);
      checkInNodeVnet(ctx, idPath, sub.adoptedId, kind, vnetName, node);
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
    checkApiServerSubnetNotShared(ctx, api, [plan.adoptedSubnetId, ...plan.poolSubnets.map((p) => p.adoptedId)]);
  }
  return { subnets, apiServer };
}

/** VNet, subnets and grant: FMT, RES-03/04, NET-01..04, 08, 09, 13, NAME-09/10, RA-01..05, 07, API-03..05, LOC-01, CFG-06. */
export function checkNetwork(ctx: RuleContext, input: NetworkCheckInput): void {
  checkLocation(ctx, "location", input.plan.location);
  checkNetworkChoice(ctx, input.plan);
  const { space, subnets } = readVnet(ctx, input);
  checkVnetReserved(ctx, space, subnets.flatMap((s) => s.ranges));
  checkVnetLayout(ctx, space, subnets);
  checkRoleAssignment(ctx, input.plan, input.synthesized?.roleAssignment);
}

/** NET-05, NET-07: the subnets the cluster's pools join, each against the pools on it. */
function checkNodeSubnet(ctx: RuleContext, input: ClusterCheckInput): void {
  const { plan, synthesized } = input;
  const subnet = plan.subnet;
  if (!subnet) return;
  const location = typeof plan.location === "string" ? normalizeLocation(plan.location) : plan.location;
  // The synthesized VNet's location, so that an override is seen too.
  const vnetLocation = synthesized?.vnetLocation ?? subnet.location;
  if (!ctx.unknown("NET-05", subnet.idPath, vnetLocation) && typeof location === "string" && typeof vnetLocation === "string" && normalizeLocation(vnetLocation) !== location) {
    ctx.report("NET-05", "location", `the cluster is in ${location} but its VNet is in ${normalizeLocation(vnetLocation)}; they must be in the same region`);
  }
  if (ctx.unknown("NET-07", "network.internalLoadBalancerFrontends", plan.internalLoadBalancerFrontends)) return;
  for (const use of plan.nodeSubnets) checkSubnetUse(ctx, use, plan.nodeSubnets.length > 1 ? use.pools.map((p) => p.name) : undefined, subnet.idPath);
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

/** CFG-06, API-05: the subnet each pool names exists, is a subnet of yours, and is not the API server's. */
function checkPoolSubnets(ctx: RuleContext, plan: ClusterPlan): void {
  const network = plan.subnet;
  for (const pool of plan.pools) {
    const name = pool.subnetName;
    const path = `${pool.path}.subnetName`;
    if (name === undefined || ctx.unknown("CFG-06", path, name)) continue;
    if (!network) {
      ctx.report("CFG-06", path, "names a subnet, but the cluster has no subnet of yours (AKS creates its VNet); set network.vnet or network.existingSubnetId");
    } else if (checkPoolNotOnApiServerSubnet(ctx, path, name, network.apiServerSubnet)) {
      continue;
    } else if (name !== network.nodeSubnetName && !network.poolSubnets.some((p) => p.name === name)) {
      const known = [network.nodeSubnetName, ...network.poolSubnets.map((p) => p.name)].filter((n): n is string => typeof n === "string");
      ctx.report("CFG-06", path, `"${name}" is not a subnet of the network; name the node subnet or one of network.vnet.poolSubnets / network.existingPoolSubnets (${known.join(", ")})`);
    }
  }
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
  checkNodeSubnet(ctx, input);
  checkPoolSubnets(ctx, plan);
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

/** What the Cilium stack runs: CFG-06, CNI-01..04, CNI-06: the install agrees with the cluster it goes on. */
export function checkCiliumInstall(ctx: RuleContext, plan: ClusterPlan): void {
  checkCiliumStack(ctx, plan.cni);
  checkCiliumChartKeys(ctx, plan.cni.values, plan.cni.version);
  checkCiliumAgainstCluster(ctx, plan, plan.pod.cidr, plan.pod.unknown);
}
