/**
 * SVC: the Kubernetes service range (network-rules §2.2, §6).
 */
import { contains, overlaps, parseCidr, type Ipv4Cidr } from "../net/cidr";
import { PRIVATE_RANGES, PRIVATE_RANGES_TEXT, RESERVED_RANGES } from "../net/overlaps";
import { collisionsOf, describeEntry, type AddressPlan, type PlannedRange } from "./ranges";
import { defineRules, type RuleContext } from "./engine";
import { isSet, type Attributes } from "./facts";
import type { ClusterPlan } from "../plan/cluster";
import { DEFAULTS } from "../plan/defaults";

export const SERVICE_RULES = defineRules({
  "SVC-01": {
    severity: "error",
    title: "The service CIDR does not overlap any subnet of the cluster VNet",
    source:
      "ARM error ServiceCidrOverlapExistingSubnetsCidr: Azure/azure-cli#20810, Azure/AKS#1117; Azure/AKS CHANGELOG Release 2022-02-24 (with the VNet AKS creates, service and pod ranges must not overlap its node subnet, 10.224.0.0/16)",
    why: "refused: ARM ServiceCidrOverlapExistingSubnetsCidr",
    fix: "choose a network.serviceCidr that overlaps no subnet of the cluster's VNet, best one outside the VNet address space",
  },
  "SVC-02": {
    severity: "warning",
    title: "The service CIDR does not overlap the cluster VNet address space",
    source:
      "use-byo-cni; concepts-network-legacy-cni; ARM tolerates a VNet-only overlap: azurerm's BYOCNI acceptance test (VNet 10.0.0.0/8, default service range 10.0.0.0/16), Azure/azure-container-networking hack/aks/Makefile (same plan)",
    why: "tolerated: ARM only refuses an overlap with a subnet (SVC-01); a subnet added in the overlap later is refused, and pods cannot reach those VNet addresses",
    fix: "choose a network.serviceCidr outside the VNet address space",
  },
  "SVC-03": {
    severity: "warning",
    title: "The service CIDR does not overlap peered, VPN or on-premises ranges",
    source: "use-byo-cni; concepts-network-legacy-cni; Azure/AKS#1175 (fine unless the cluster must reach the overlapped range)",
    why: "tolerated: Azure does not see connected networks when it creates the cluster; pods cannot reach the connected addresses inside the service range",
    fix: "choose a network.serviceCidr outside the ranges of network.connectedNetworks",
  },
  "SVC-04": {
    severity: "warning",
    title: "The service CIDR does not overlap the pod CIDR",
    source: "concepts-network-azure-cni-overlay; cilium/cilium#31504 (an overlap \"usually breaks the cluster utterly\")",
    why: "tolerated: no ARM check refuses it under BYOCNI (none found); ClusterIPs and pod IPs then collide, which breaks kube-dns",
    fix: "choose network.serviceCidr and network.podCidr so that they do not overlap",
  },
  "SVC-05": {
    severity: "error",
    title: "IPv4 service prefix is /13 or longer (Microsoft: smaller than /12; kube-apiserver rejects shorter than /12)",
    source: "concepts-network-ip-address-planning; use-byo-cni; MicrosoftDocs/azure-docs#13444; kube-apiserver validateMaxCIDRRange",
    why: "refused: kube-apiserver refuses a service range wider than /12 (validateMaxCIDRRange), and AKS requires one smaller than /12 (azure-docs#13444)",
    fix: "give network.serviceCidr a prefix length of 13 or more, e.g. a /16",
  },
  "SVC-06": {
    severity: "error",
    title: "IPv4 service prefix is /30 or shorter (network, first address, DNS address and broadcast); warning past /24",
    source: "derived from DNS-02..DNS-04",
    why: "refused: a /31 or /32 has no address Kubernetes may give kube-dns (DNS-02..04); /25 to /30 are tolerated, with little room for services",
    fix: "give network.serviceCidr a prefix length of at most 30, and of at most 24 to leave room for services, e.g. a /16",
  },
  "SVC-07": {
    severity: "error",
    title: "An IPv6 service prefix is /108 or longer",
    source: "configure-dual-stack; kube-apiserver validateMaxCIDRRange",
    why: "refused: kube-apiserver refuses an IPv6 service range wider than /108",
    fix: "narrow the IPv6 range in the service_cidrs override to a prefix length of 108 or more",
  },
  "SVC-08": {
    severity: "error",
    title: "dnsServiceIp and serviceCidr are set together or not at all",
    source: "azurerm kubernetes_cluster_validate.go (apply-time check)",
    why: "refused: azurerm validateKubernetesCluster at apply, before calling Azure",
    fix: "set both network.serviceCidr and network.dnsServiceIp, or neither",
  },
  "SVC-09": {
    severity: "warning",
    title: "service_cidr and service_cidrs are not both set unless service_cidrs[0] equals service_cidr",
    source: "API model has both fields; avoids ambiguity",
    why: "tolerated as far as known (no provider or ARM check found); which of the two AKS uses is not documented",
    fix: "remove the service_cidrs override, or make its first entry equal network.serviceCidr",
  },
  "SVC-10": {
    severity: "warning",
    title: "The service CIDR is RFC 1918 or RFC 6598",
    source: "concepts-network-legacy-cni (\"any private address range\"); Azure/AKS CHANGELOG, release 2023-10-01 (public service ranges validated, blocked \"if necessary\")",
    why: "tolerated: AKS blocks multicast and the VNet FAQ's ranges (RES-05) but documents no block for other public ranges; a public service range hides those public addresses from every pod",
    fix: `choose a network.serviceCidr inside ${PRIVATE_RANGES_TEXT}`,
  },
});

/** SVC-01..06, SVC-08, SVC-10 on the cluster's settings. */
export function checkServiceRange(ctx: RuleContext, cluster: ClusterPlan, plan: AddressPlan): void {
  checkServicePair(ctx, cluster);
  const svc = plan.service;
  if (!svc) return;
  checkServiceOverlaps(ctx, svc, plan);
  checkServiceSize(ctx, svc);
  checkServicePrivate(ctx, svc);
}

/** SVC-10: a public service range; one in a reserved range is RES-01's or RES-05's error instead. */
function checkServicePrivate(ctx: RuleContext, svc: PlannedRange<Ipv4Cidr>): void {
  if (PRIVATE_RANGES.some((r) => contains(r, svc.cidr)) || RESERVED_RANGES.some((r) => overlaps(r.range, svc.cidr))) return;
  ctx.report("SVC-10", svc.path, `service CIDR ${svc.cidr.text} is not in ${PRIVATE_RANGES_TEXT}; pods cannot reach the public addresses it covers`);
}

/** SVC-08: serviceCidr and dnsServiceIp together or not at all. */
function checkServicePair(ctx: RuleContext, cluster: ClusterPlan): void {
  const n = cluster.networkSettings;
  if ((n.serviceCidr === undefined) === (n.dnsServiceIp === undefined)) return;
  const [set, missing] = n.serviceCidr === undefined ? ["network.dnsServiceIp", "network.serviceCidr"] : ["network.serviceCidr", "network.dnsServiceIp"];
  const d = DEFAULTS.NetworkSettings;
  ctx.report("SVC-08", missing, `is required because ${set} is set (both or neither; AKS's defaults are ${d.serviceCidr} and ${d.dnsServiceIp})`);
}

/** What each service-range overlap means, after "service CIDR ... overlaps <range>". */
const SERVICE_OVERLAPS: Readonly<Record<string, string>> = {
  "SVC-01": "; Azure rejects this with ServiceCidrOverlapExistingSubnetsCidr",
  "SVC-02": "; Azure accepts an overlap with the VNet that misses every subnet, but a subnet added there later is refused, and pods cannot reach those VNet addresses",
  "SVC-03": "; pods cannot reach the connected network's addresses inside the service range",
  "SVC-04": "; ClusterIPs and pod IPs would collide, which breaks kube-dns and any service whose IP a pod holds",
};
const SERVICE_OTHER: Readonly<Record<string, string>> = { "SVC-01": "subnet ", "SVC-02": "the VNet address space ", "SVC-03": "connected network ", "SVC-04": "the pod CIDR " };

/** SVC-01..04: the service range against the subnets, the VNet, connected networks and the pod range (the shared overlap decision). */
function checkServiceOverlaps(ctx: RuleContext, svc: PlannedRange<Ipv4Cidr>, plan: AddressPlan): void {
  const what = `service CIDR ${svc.cidr.text}${svc.defaulted ? " (the AKS default)" : ""}`;
  for (const c of collisionsOf(plan)) {
    const why = SERVICE_OVERLAPS[c.rule];
    if (why === undefined || !("range" in c.subject) || c.subject.range !== svc) continue;
    ctx.report(c.rule, svc.path, `${what} overlaps ${SERVICE_OTHER[c.rule]}${describeEntry(c.other)}${why}`);
  }
}

/** SVC-05, SVC-06: the prefix, /13 to /30 (a warning past /24). */
function checkServiceSize(ctx: RuleContext, svc: PlannedRange<Ipv4Cidr>): void {
  const p = svc.cidr.prefix;
  if (p < 12) {
    ctx.report("SVC-05", svc.path, `service CIDR /${p} is larger than Kubernetes allows (at most 20 host bits, /12); use /13 to /30`);
  } else if (p === 12) {
    ctx.report("SVC-05", svc.path, "service CIDR /12 is too large: AKS requires a range smaller than /12; use /13 to /30");
  }
  if (p > 30) {
    ctx.report("SVC-06", svc.path, `service CIDR /${p} leaves no address for kube-dns after the network, first and broadcast addresses; use /30 or shorter`);
  } else if (p > 24) {
    ctx.report("SVC-06", svc.path, `service CIDR /${p} holds only ${2 ** (32 - p) - 3} service IPs; /24 or shorter leaves room to grow`, "warning");
  }
}

/** SVC-09, SVC-07: the list form of the service range, which only an override can add here. */
export function checkServiceCidrList(ctx: RuleContext, networkProfile: Attributes): void {
  const one = networkProfile.service_cidr;
  const many = networkProfile.service_cidrs;
  if (Array.isArray(many) && many.length > 0 && !ctx.unknown("SVC-09", "network.serviceCidr", one) && !ctx.unknown("SVC-09", "network.serviceCidr", many) && isSet(one) && many[0] !== one) {
    ctx.report("SVC-09", "network.serviceCidr", `network_profile.service_cidr is ${JSON.stringify(one)} but service_cidrs[0] is ${JSON.stringify(many[0])}; set one of them, or make them equal`);
  }
  if (Array.isArray(many) && !ctx.unknown("SVC-07", "network.serviceCidr", many)) {
    for (const s of many) {
      if (typeof s !== "string" || !s.includes(":")) continue;
      const parsed = parseCidr(s);
      if (parsed.ok && parsed.value.prefix < 108) {
        ctx.report("SVC-07", "network.serviceCidr", `IPv6 service range ${s} is larger than /108; Kubernetes allows at most 20 host bits`);
      }
    }
  }
}
