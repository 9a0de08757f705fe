/**
 * RES: ranges AKS and Azure reserve (network-rules §2.1, §6).
 * Overlap in either direction counts: 172.16.0.0/12 contains 172.30.0.0/16,
 * and 169.254.0.0/17 lies inside 169.254.0.0/16.
 */
import { cidr, overlaps, type Cidr } from "../net/cidr";
import type { PlannedRange } from "./address-plan";
import { defineRules, type RuleContext } from "./engine";

const RESERVED_SOURCE = "use-byo-cni (Prerequisites); concepts-network-cni-overview (reserved CIDR ranges)";

export const RESERVED_RULES = defineRules({
  "RES-01": {
    severity: "error",
    title: "The service CIDR does not overlap 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 or 192.0.2.0/24",
    source: `${RESERVED_SOURCE}; Azure/AKS#2234`,
  },
  "RES-02": {
    severity: "error",
    title: "The pod CIDR does not overlap the AKS reserved ranges",
    source: `${RESERVED_SOURCE} ("172.16.0.0/12 isn't valid")`,
  },
  "RES-03": {
    severity: "error",
    title: "The cluster VNet address space does not overlap the AKS reserved ranges",
    source: RESERVED_SOURCE,
  },
  "RES-04": {
    severity: "error",
    title: "A VNet address space does not overlap 224.0.0.0/4, 255.255.255.255/32, 127.0.0.0/8, 169.254.0.0/16 or 168.63.129.16/32",
    source: "Azure VNet FAQ (address ranges that can't be used)",
  },
});

/** Ranges AKS refuses for service, pod and VNet ranges. */
export const AKS_RESERVED: readonly { range: Cidr; what: string }[] = [
  { range: cidr("169.254.0.0/16"), what: "link-local" },
  { range: cidr("172.30.0.0/16"), what: "AKS internal" },
  { range: cidr("172.31.0.0/16"), what: "AKS internal" },
  { range: cidr("192.0.2.0/24"), what: "TEST-NET-1" },
];

/** Ranges Azure refuses in any VNet address space. */
export const AZURE_VNET_RESERVED: readonly { range: Cidr; what: string }[] = [
  { range: cidr("224.0.0.0/4"), what: "multicast" },
  { range: cidr("255.255.255.255/32"), what: "broadcast" },
  { range: cidr("127.0.0.0/8"), what: "loopback" },
  { range: cidr("169.254.0.0/16"), what: "link-local" },
  { range: cidr("168.63.129.16/32"), what: "Azure's internal DNS and health probe address" },
];

const andList = (xs: string[]) => (xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);

function checkAksReserved(ctx: RuleContext, rule: string, r: PlannedRange | undefined, what: string): void {
  if (!r) return;
  const hits = AKS_RESERVED.filter(({ range }) => overlaps(r.cidr, range)).map(({ range }) => range.text);
  if (hits.length > 0) {
    ctx.report(rule, r.path, `${what} ${r.cidr.text} overlaps ${andList(hits)}, which AKS reserves; choose a range outside ${andList(AKS_RESERVED.map(({ range }) => range.text))}`);
  }
}

/** RES-01, RES-02: the service and pod ranges. */
export function checkClusterReserved(ctx: RuleContext, plan: { service?: PlannedRange; pod?: PlannedRange }): void {
  checkAksReserved(ctx, "RES-01", plan.service, "service CIDR");
  checkAksReserved(ctx, "RES-02", plan.pod, "pod CIDR");
}

/** RES-03, RES-04: a VNet address space. */
export function checkVnetReserved(ctx: RuleContext, space: readonly PlannedRange[]): void {
  for (const r of space) {
    checkAksReserved(ctx, "RES-03", r, "VNet address space");
    const hits = AZURE_VNET_RESERVED.filter(({ range }) => overlaps(r.cidr, range)).map(({ range, what }) => `${range.text} (${what})`);
    if (hits.length > 0) {
      ctx.report("RES-04", r.path, `VNet address space ${r.cidr.text} overlaps ${andList(hits)}, which Azure does not allow in a VNet`);
    }
  }
}
