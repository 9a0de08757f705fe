/**
 * DNS: the kube-dns ClusterIP (network-rules §2.3, §6, §8.3).
 * "First address" is computed from the prefix: for 10.2.16.0/20 it is
 * 10.2.16.1, and 10.2.17.1 is an ordinary address.
 */
import { containsAddress, formatIpv4, ipv4Last, ipv4Size } from "../net/cidr";
import type { AddressPlan } from "./ranges";
import { defineRules, type RuleContext } from "./engine";

export const DNS_RULES = defineRules({
  "DNS-01": {
    severity: "error",
    title: "dnsServiceIp is inside the service CIDR",
    source: "AKS API description; use-byo-cni; Azure/bicep-registry-modules#1469",
    why: "refused: ARM refuses a DNS service IP outside the service range (validation error quoted in Azure/bicep-registry-modules#1469)",
    fix: "choose a network.dnsServiceIp inside network.serviceCidr, conventionally its .10 address",
  },
  "DNS-02": {
    severity: "error",
    title: "dnsServiceIp is not the first address (network + 1, used by kubernetes.default)",
    source: "use-byo-cni; concepts-network-ip-address-planning; concepts-network-legacy-cni",
    why: "refused: the API server gives the first address to the kubernetes service, so Kubernetes refuses the kube-dns Service on it (already allocated) and cluster DNS never starts",
    fix: "choose a network.dnsServiceIp other than the first address of network.serviceCidr, e.g. its .10 address",
  },
  "DNS-03": {
    severity: "error",
    title: "dnsServiceIp is not the network address",
    source: "kubernetes pkg/registry/core/service/ipallocator (never allocates the network address); Azure/AKS#2579 (AKS validation added)",
    why: "refused: AKS validates it since Azure/AKS#2579, and Kubernetes' allocator refuses the network address for a Service",
    fix: "choose a network.dnsServiceIp other than the network address of network.serviceCidr, e.g. its .10 address",
  },
  "DNS-04": {
    severity: "error",
    title: "dnsServiceIp is not the broadcast address",
    source: "kubernetes pkg/registry/core/service/ipallocator (never allocates the IPv4 broadcast address)",
    why: "refused: Kubernetes' allocator refuses the broadcast address for a Service, so the kube-dns Service cannot be created",
    fix: "choose a network.dnsServiceIp other than the broadcast address of network.serviceCidr, e.g. its .10 address",
  },
  "DNS-05": {
    severity: "warning",
    title: "dnsServiceIp lies in Kubernetes' static band (offset at most min(max(16, size/16), 256))",
    source: "kubernetes ipallocator calculateRangeOffset",
    why: "tolerated: any free address works; outside the static band a Service created first can take it",
    fix: "choose a network.dnsServiceIp among the first addresses of network.serviceCidr (its static band), e.g. its .10 address; a /28 or smaller range has none",
  },
});

/**
 * Size of the static band of a service range (Kubernetes' calculateRangeOffset:
 * none for 16 addresses or fewer, since a /28 has only 14 usable ones).
 */
export function staticBandSize(rangeSize: number): number {
  if (rangeSize <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(rangeSize / 16)), 256);
}

export function checkDnsServiceIp(ctx: RuleContext, plan: AddressPlan): void {
  const { dns, service } = plan;
  if (!dns || !service) return;
  const ip = formatIpv4(dns.address);
  const range = service.cidr;
  const note = dns.defaulted ? " (the AKS default)" : "";
  // The conventional .10 of the range, or its last host in a tiny range; a /31 or /32 has none (SVC-06).
  const size = ipv4Size(range);
  const example = size >= 4 ? formatIpv4(range.base + Math.min(10, size - 2)) : undefined;
  const widen = `network.serviceCidr to /30 or shorter first (${range.text} has no address for it)`;
  const use = (verb: string) => (example ? `${verb} e.g. ${example}` : `${verb === "Use" ? "Widen" : "widen"} ${widen}`);
  if (!containsAddress(range, dns.address)) {
    ctx.report("DNS-01", dns.path, `${ip}${note} is outside the service CIDR ${range.text}; ${use("pick an address inside it,")}`);
    return;
  }
  const offset = dns.address - range.base;
  const last = ipv4Last(range);
  if (offset === 0) {
    ctx.report("DNS-03", dns.path, `${ip} is the network address of ${range.text}; Kubernetes never allocates it. ${use("Use")}`);
  } else if (offset === 1) {
    ctx.report("DNS-02", dns.path, `${ip} is the first address of ${range.text}, taken by the kubernetes service; ${use("use")}`);
  } else if (dns.address === last) {
    ctx.report("DNS-04", dns.path, `${ip} is the broadcast address of ${range.text}; Kubernetes never allocates it. ${use("Use")}`);
  } else {
    const band = staticBandSize(ipv4Size(range));
    if (offset > band) {
      ctx.report(
        "DNS-05",
        dns.path,
        band === 0
          ? `${range.text} is too small to have a static band; dynamic Services may take ${ip} first`
          : `${ip} is outside the static band of ${range.text} (the first ${band} addresses), so a dynamically allocated Service may take it first; ${use("use")}`,
      );
    }
  }
}
