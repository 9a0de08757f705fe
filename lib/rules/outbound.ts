/**
 * OUT: egress of the cluster (network-rules §2.8, §6). This project accepts
 * the outbound types below; each is checked against the subnet it would use.
 */
import { defineRules, type RuleContext } from "./engine";
import { SEGMENT } from "../net/arm-id";
import type { ClusterPlan } from "../plan/cluster";

/** Ephemeral ports one frontend IP gives the outbound rule (load-balancer outbound-rules, Limitations). */
const OUTBOUND_PORTS_PER_IP = 64000;
/** SNAT ports are given in multiples of this. */
const OUTBOUND_PORTS_STEP = 8;

export const OUTBOUND_RULES = defineRules({
  "OUT-01": {
    severity: "error",
    title: "outboundType is loadBalancer, userDefinedRouting, managedNATGateway, userAssignedNATGateway or none (case-sensitive)",
    source: "azurerm schema",
    why: "refused: azurerm StringInSlice on network_profile.outbound_type at plan",
    fix: "set network.outboundType to loadBalancer, userDefinedRouting, managedNATGateway or userAssignedNATGateway, spelled exactly so",
  },
  "OUT-02": {
    severity: "error",
    title: "loadBalancerSku is standard (Basic was retired on 30 Sep 2025)",
    source: "quotas-skus-regions; egress-outboundtype",
    why: "refused: AKS no longer creates clusters with the Basic load balancer (azurerm still accepts basic)",
    fix: "set network.loadBalancerSku to standard, or remove it",
  },
  "OUT-03": {
    severity: "error",
    title: "userDefinedRouting needs an adopted subnet whose route table sends 0.0.0.0/0 to an appliance or gateway",
    source: "egress-udr",
    why: "refused: AKS checks the subnet's route table for userDefinedRouting and refuses the cluster without a default route to an appliance",
    fix: "adopt a subnet whose route table sends 0.0.0.0/0 to your firewall or appliance (network.existingSubnetId), or choose another network.outboundType",
  },
  "OUT-04": {
    severity: "error",
    title: "managedNATGateway only with the AKS-managed VNet",
    source: "egress-outboundtype",
    why: "refused: ARM refuses managedNATGateway with a subnet of yours",
    fix: "with a subnet of yours, use network.outboundType userAssignedNATGateway and associate a NAT gateway with the subnet",
  },
  "OUT-05": {
    severity: "error",
    title: "userAssignedNATGateway needs an adopted subnet with a NAT gateway associated before the cluster",
    source: "nat-gateway; API enum description",
    why: "refused: ARM refuses userAssignedNATGateway when the subnet has no NAT gateway",
    fix: "adopt a subnet with a NAT gateway associated (network.existingSubnetId), or choose another network.outboundType",
  },
  "OUT-06": {
    severity: "error",
    title: "outboundType none only for network-isolated clusters (bootstrap artifact source Cache)",
    source: "azurerm kubernetes_cluster_resource.go CustomizeDiff; egress-outboundtype",
    why: "refused: azurerm CustomizeDiff at plan (outbound_type none needs bootstrap_profile.artifact_source Cache)",
    fix: "set network.outboundType to loadBalancer or another egress type: this project builds no network-isolated clusters",
  },
  "OUT-07": {
    severity: "error",
    title: "network.loadBalancer (outbound IPs, ports, idle timeout) only with outboundType loadBalancer",
    source: "configure-load-balancer-standard (the outbound rule of the cluster's load balancer); Azure CLI: \"userDefinedRouting doesn't support customizing a standard load balancer with IP addresses\"",
    why: "the config sets the load balancer's outbound rule for an egress type that does not use it; the Azure CLI refuses the same combination",
    fix: "remove network.loadBalancer, or set network.outboundType to loadBalancer",
  },
  "OUT-08": {
    severity: "error",
    title: "At most one of managedOutboundIpCount, outboundIpIds and outboundIpPrefixIds",
    source: "azurerm schema (load_balancer_profile: ConflictsWith among managed_outbound_ip_count, outbound_ip_address_ids, outbound_ip_prefix_ids)",
    why: "refused: azurerm ConflictsWith at validate",
    fix: "keep only one of managedOutboundIpCount, outboundIpIds and outboundIpPrefixIds in network.loadBalancer",
  },
  "OUT-09": {
    severity: "error",
    title: `managedOutboundIpCount 1-100, idleTimeoutInMinutes 4-100, allocatedOutboundPorts 0-${OUTBOUND_PORTS_PER_IP}, whole numbers; outbound IP lists not empty`,
    source: "azurerm schema (load_balancer_profile IntBetween: managed_outbound_ip_count 1-100, idle_timeout_in_minutes 4-100, outbound_ports_allocated 0-64000)",
    why: "refused: azurerm validation at plan",
    fix: `keep managedOutboundIpCount in 1-100, idleTimeoutInMinutes in 4-100 and allocatedOutboundPorts in 0-${OUTBOUND_PORTS_PER_IP} as whole numbers, and list at least one ID in outboundIpIds or outboundIpPrefixIds`,
  },
  "OUT-10": {
    severity: "error",
    title: "allocatedOutboundPorts is a multiple of 8",
    source: "load-balancer outbound-rules (Scenario 2: SNAT ports are given in multiples of 8; a value not divisible by 8 is rejected); configure-load-balancer-standard",
    why: "refused: Azure Load Balancer rejects the outbound rule",
    fix: `set network.loadBalancer.allocatedOutboundPorts to a multiple of ${OUTBOUND_PORTS_STEP}`,
  },
  "OUT-11": {
    severity: "error",
    title: `SNAT capacity: allocatedOutboundPorts x (max nodes + surge, all pools) <= ${OUTBOUND_PORTS_PER_IP} x outbound IPs`,
    source:
      "load-balancer outbound-rules (Scenario 2: giving out more SNAT ports than the frontend's IPs hold is rejected; 64,000 ports per IP); configure-load-balancer-standard (calculate outbound ports and IPs, counting maxCount and maxSurge nodes)",
    why: "refused: Azure Load Balancer rejects an outbound rule that gives out more ports than its IPs hold, so creation fails, or scaling and upgrades (with surge) do",
    fix: "lower network.loadBalancer.allocatedOutboundPorts (0 lets Azure allocate by pool size), or add outbound IPs, until every node at maximum scale with surge gets its ports",
  },
  "OUT-12": {
    severity: "error",
    title: "outboundIpIds are public IP IDs and outboundIpPrefixIds public IP prefix IDs (Microsoft.Network/publicIPAddresses, publicIPPrefixes)",
    source: "configure-load-balancer-standard (provide your own outbound public IPs or prefixes); azurerm accepts any resource ID (azure.ValidateResourceID)",
    why: "refused: ARM refuses an outbound IP or prefix that is not a public IP address or prefix",
    fix: "list public IP address IDs in outboundIpIds and public IP prefix IDs in outboundIpPrefixIds",
  },
});


const publicIpIdOf = (type: string) => new RegExp(`^/subscriptions/${SEGMENT}/resourceGroups/${SEGMENT}/providers/Microsoft\\.Network/${type}/${SEGMENT}$`);
const PUBLIC_IP_ID = publicIpIdOf("publicIPAddresses");
const PUBLIC_IP_PREFIX_ID = publicIpIdOf("publicIPPrefixes");

const OUTBOUND_TYPES = ["loadBalancer", "userDefinedRouting", "managedNATGateway", "userAssignedNATGateway", "none"];

/** OUT-01..12: the egress type and load balancer SKU, against the subnet the cluster uses; the load balancer's outbound rule. */
export function checkOutbound(ctx: RuleContext, cluster: ClusterPlan): void {
  checkLoadBalancerSku(ctx, cluster.loadBalancerSku);
  checkLoadBalancerProfile(ctx, cluster);
  const type = cluster.outboundType;
  if (ctx.unknown(["OUT-01", "OUT-03", "OUT-04", "OUT-05", "OUT-06"], PATH, type)) return;
  if (!OUTBOUND_TYPES.includes(type)) {
    const near = OUTBOUND_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
    ctx.report("OUT-01", PATH, `"${type}" is not an outbound type${near ? `; did you mean "${near}" (case-sensitive)?` : `; use one of ${OUTBOUND_TYPES.join(", ")}`}`);
    return;
  }
  const origin = cluster.subnet?.origin;
  if (type === "userDefinedRouting") checkNeedsAdoptedSubnet(ctx, "OUT-03", origin, UDR);
  else if (type === "userAssignedNATGateway") checkNeedsAdoptedSubnet(ctx, "OUT-05", origin, USER_NAT);
  else if (type === "managedNATGateway" && origin) {
    ctx.report("OUT-04", PATH, "managedNATGateway works only with the VNet AKS creates itself; with your own subnet use userAssignedNATGateway and associate a NAT gateway with it");
  } else if (type === "none") {
    ctx.report("OUT-06", PATH, "outboundType none is only for network-isolated clusters (bootstrap artifact source Cache), which this project does not build; use loadBalancer");
  }
}

const PATH = "network.outboundType";

/** What an egress type that needs a prepared subnet says, for each place the subnet can come from. */
interface AdoptedSubnetNeed {
  readonly created: string;
  readonly none: string;
  /** Why the adopted subnet's side cannot be checked at synth time. */
  readonly adopted: string;
}

const UDR: AdoptedSubnetNeed = {
  created:
    "userDefinedRouting needs a route table with 0.0.0.0/0 to a firewall or appliance on the node subnet, and this project creates none; adopt a prepared subnet with network.existingSubnetId",
  none: "userDefinedRouting needs your own subnet with a route table (0.0.0.0/0 to a firewall or appliance); set network.existingSubnetId",
  adopted: "the adopted subnet's default route cannot be read at synth time; the plan checks that a route table is attached",
};

const USER_NAT: AdoptedSubnetNeed = {
  created:
    "userAssignedNATGateway needs a NAT gateway associated with the node subnet before the cluster, and this project creates none; adopt a prepared subnet with network.existingSubnetId",
  none: "userAssignedNATGateway needs your own subnet with a NAT gateway associated; set network.existingSubnetId",
  adopted: "the NAT gateway association of the adopted subnet cannot be read at synth time; make sure one is associated before deploying",
};

/** OUT-03, OUT-05: an egress type that only an adopted (prepared) subnet can have. */
function checkNeedsAdoptedSubnet(ctx: RuleContext, rule: string, origin: "created" | "adopted" | undefined, need: AdoptedSubnetNeed): void {
  if (origin === "adopted") ctx.skip(rule, PATH, need.adopted);
  else ctx.report(rule, PATH, origin === "created" ? need.created : need.none);
}

/** OUT-02. */
function checkLoadBalancerSku(ctx: RuleContext, sku: string): void {
  const path = "network.loadBalancerSku";
  if (ctx.unknown("OUT-02", path, sku) || sku === "standard") return;
  ctx.report(
    "OUT-02",
    path,
    sku.toLowerCase() === "basic" ? `"${sku}": AKS retired the Basic load balancer on 30 Sep 2025; use "standard"` : `"${sku}" is not accepted; use "standard" (lower case)`,
  );
}

const LB = "network.loadBalancer";

/** A whole number in [lo, hi], or what is wrong with it. */
function outOfRange(v: unknown, lo: number, hi: number): string | undefined {
  if (typeof v !== "number" || !Number.isInteger(v)) return `${JSON.stringify(v)} is not a whole number`;
  return v < lo || v > hi ? `${v} is outside ${lo}-${hi}` : undefined;
}

/** OUT-07..12: the outbound rule's settings, and the SNAT ports every node at peak needs. */
function checkLoadBalancerProfile(ctx: RuleContext, cluster: ClusterPlan): void {
  const lb = cluster.loadBalancer;
  if (!lb) return;
  const s = lb.settings;
  if (!ctx.unknown("OUT-07", "network.outboundType", cluster.outboundType) && cluster.outboundType !== "loadBalancer") {
    ctx.report("OUT-07", LB, `sets the load balancer's outbound rule, but network.outboundType is ${cluster.outboundType}, whose egress does not use it; remove network.loadBalancer or use loadBalancer egress`);
  }
  const given = (["managedOutboundIpCount", "outboundIpIds", "outboundIpPrefixIds"] as const).filter((k) => s[k] !== undefined);
  if (given.length > 1) ctx.report("OUT-08", `${LB}.${given[1]}`, `set only one of ${given.join(" and ")}: azurerm refuses them together`);
  const valid = checkLoadBalancerValues(ctx, s);
  const ports = lb.allocatedOutboundPorts;
  if (valid && typeof ports === "number" && !ctx.unknown("OUT-10", `${LB}.allocatedOutboundPorts`, ports) && ports % OUTBOUND_PORTS_STEP !== 0) {
    const down = ports - (ports % OUTBOUND_PORTS_STEP);
    ctx.report("OUT-10", `${LB}.allocatedOutboundPorts`, `${ports} is not a multiple of ${OUTBOUND_PORTS_STEP}; Azure Load Balancer gives SNAT ports in steps of ${OUTBOUND_PORTS_STEP} (use ${down} or ${down + OUTBOUND_PORTS_STEP})`);
  }
  if (valid) checkSnatCapacity(ctx, cluster);
}

/** OUT-09, OUT-12: the numbers in azurerm's ranges, the ID lists not empty and of the right resource type; false when a value is out of range. */
function checkLoadBalancerValues(ctx: RuleContext, s: NonNullable<ClusterPlan["loadBalancer"]>["settings"]): boolean {
  const ranges: [keyof typeof s, unknown, number, number][] = [
    ["managedOutboundIpCount", s.managedOutboundIpCount, 1, 100],
    ["idleTimeoutInMinutes", s.idleTimeoutInMinutes, 4, 100],
    ["allocatedOutboundPorts", s.allocatedOutboundPorts, 0, OUTBOUND_PORTS_PER_IP],
  ];
  let valid = true;
  for (const [key, value, lo, hi] of ranges) {
    if (value === undefined || ctx.unknown(key === "allocatedOutboundPorts" ? ["OUT-09", "OUT-10", "OUT-11"] : ["OUT-09", "OUT-11"], `${LB}.${key}`, value)) continue;
    const problem = outOfRange(value, lo, hi);
    if (problem) {
      ctx.report("OUT-09", `${LB}.${key}`, `${problem}; azurerm accepts ${lo}-${hi}`);
      valid = false;
    }
  }
  for (const [key, pattern, what] of [
    ["outboundIpIds", PUBLIC_IP_ID, "a public IP address ID (.../providers/Microsoft.Network/publicIPAddresses/<name>)"],
    ["outboundIpPrefixIds", PUBLIC_IP_PREFIX_ID, "a public IP prefix ID (.../providers/Microsoft.Network/publicIPPrefixes/<name>)"],
  ] as const) {
    const list = s[key];
    if (list === undefined) continue;
    if (list.length === 0) {
      ctx.report("OUT-09", `${LB}.${key}`, "is empty; list at least one ID, or remove it");
      valid = false;
    }
    list.forEach((id, i) => {
      if (ctx.unknown("OUT-12", `${LB}.${key}[${i}]`, id)) return;
      if (typeof id !== "string" || !pattern.test(id)) ctx.report("OUT-12", `${LB}.${key}[${i}]`, `${JSON.stringify(id)} is not ${what}`);
    });
  }
  return valid;
}

/** OUT-11: every node at peak gets its allocated ports out of 64,000 per outbound IP. */
function checkSnatCapacity(ctx: RuleContext, cluster: ClusterPlan): void {
  const lb = cluster.loadBalancer!;
  const ports = lb.allocatedOutboundPorts;
  if (ctx.unknown("OUT-11", `${LB}.allocatedOutboundPorts`, ports) || ports === 0) return; // 0: Azure allocates by pool size
  const ips = lb.outboundIpAddresses;
  if (ips === undefined) {
    ctx.skip("OUT-11", `${LB}.outboundIpPrefixIds`, "the sizes of the outbound IP prefixes are not known at synth time; each address of a prefix holds 64,000 ports");
    return;
  }
  const { initialNodes, peakNodes } = cluster.demand;
  if (initialNodes === undefined || peakNodes === undefined) {
    cluster.demand.unknownPaths.forEach((p) => ctx.skip("OUT-11", p));
    return;
  }
  const available = ips * OUTBOUND_PORTS_PER_IP;
  const source = lb.managedOutboundIpCount !== undefined ? "managedOutboundIpCount" : lb.outboundIpIds !== undefined ? "outboundIpIds" : "AKS's one managed outbound IP";
  const fits = Math.floor(available / ports);
  if (initialNodes * ports > available) {
    ctx.report(
      "OUT-11",
      `${LB}.allocatedOutboundPorts`,
      `${ports} ports x ${initialNodes} nodes at creation = ${initialNodes * ports}, but ${ips} outbound IP(s) (${source}) hold ${available}; creation will fail. Lower the ports (at most ${fits} nodes fit now) or add outbound IPs`,
    );
  } else if (peakNodes * ports > available) {
    ctx.report(
      "OUT-11",
      `${LB}.allocatedOutboundPorts`,
      `${ports} ports x ${peakNodes} nodes at maximum scale with upgrade surge = ${peakNodes * ports}, but ${ips} outbound IP(s) (${source}) hold ${available} (${fits} nodes); scaling or upgrading would fail. Lower the ports or add outbound IPs`,
    );
  }
}
