/**
 * RES: ranges AKS and Azure reserve (network-rules §2.1, §6).
 * Overlap in either direction counts: 172.16.0.0/12 contains 172.30.0.0/16,
 * and 169.254.0.0/17 lies inside 169.254.0.0/16.
 */
import type { Ipv4Cidr } from "../net/cidr";
import { AKS_RESERVED, RESERVED_RANGES } from "../net/overlaps";
import { collisionsOf, describeEntry, type PlanEntry, type PlannedCollision, type PlannedRange } from "./ranges";
import { defineRules, type RuleContext } from "./engine";

const RESERVED_SOURCE = "use-byo-cni (Prerequisites); concepts-network-cni-overview (reserved CIDR ranges)";

const andList = (xs: string[]) => (xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);

/** The ranges AKS reserves (RES-01..03) and those Azure refuses in a VNet (RES-04), as the fixes name them. */
const AKS_RESERVED_TEXT = andList(AKS_RESERVED.map(({ range }) => range.text));
const AZURE_RESERVED_TEXT = andList(RESERVED_RANGES.filter((r) => r.kind === "azureReserved").map(({ range }) => range.text));

export const RESERVED_RULES = defineRules({
  "RES-01": {
    severity: "error",
    title: "The service CIDR does not overlap 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 or 192.0.2.0/24",
    source: `${RESERVED_SOURCE}; Azure/AKS#2234; MicrosoftDocs/azure-aks-docs#447 (tested: creation fails)`,
    why: "refused: AKS refuses these ranges for the service range (cluster creation fails, Azure/AKS#2234)",
    fix: `choose a network.serviceCidr outside ${AKS_RESERVED_TEXT}`,
  },
  "RES-02": {
    severity: "error",
    title: "The pod CIDR does not overlap the AKS reserved ranges",
    source: `${RESERVED_SOURCE} ("172.16.0.0/12 isn't valid")`,
    why: "refused: AKS rejects pod ranges that overlap a reserved range, at creation and at update (concepts-network-cni-overview)",
    fix: `choose a network.podCidr outside ${AKS_RESERVED_TEXT}`,
  },
  "RES-03": {
    severity: "error",
    title: "The cluster VNet address space does not overlap the AKS reserved ranges",
    source: RESERVED_SOURCE,
    why: "refused: AKS clusters can't use these ranges for the cluster VNet (documented service-side check)",
    fix: `choose VNet and subnet ranges outside ${AKS_RESERVED_TEXT}`,
  },
  "RES-04": {
    severity: "error",
    title: "A VNet address space does not overlap 224.0.0.0/4, 255.255.255.255/32, 127.0.0.0/8, 169.254.0.0/16 or 168.63.129.16/32",
    source: "Azure VNet FAQ (address ranges that can't be used)",
    why: "refused: the Network RP refuses these ranges in a VNet address space",
    fix: `choose VNet and subnet ranges outside ${AZURE_RESERVED_TEXT}`,
  },
  "RES-05": {
    severity: "error",
    title: "The service CIDR does not overlap 224.0.0.0/4, 255.255.255.255/32, 127.0.0.0/8 or 168.63.129.16/32",
    source: "Azure/AKS CHANGELOG, release 2023-10-01 (\"AKS will now validate, and block if necessary, service CIDRs placed in public and multicast IP address ranges\", linking the VNet FAQ's list); Azure VNet FAQ",
    why: "refused: AKS blocks service ranges in multicast and the other ranges of the VNet FAQ's list (169.254.0.0/16 is RES-01)",
    fix: `choose a network.serviceCidr outside ${AZURE_RESERVED_TEXT}`,
  },
});

/** The collisions of `rules`, grouped by the range they are about: one finding per range, naming every reserved range it hits. */
function bySubject(collisions: readonly PlannedCollision[], rules: readonly string[]): Map<PlannedRange, { rule: string; hits: PlanEntry[] }[]> {
  const out = new Map<PlannedRange, { rule: string; hits: PlanEntry[] }[]>();
  for (const c of collisions) {
    if (!rules.includes(c.rule) || !("range" in c.subject)) continue;
    const groups = out.get(c.subject.range) ?? [];
    const group = groups.find((g) => g.rule === c.rule);
    if (group) group.hits.push(c.other);
    else groups.push({ rule: c.rule, hits: [c.other] });
    out.set(c.subject.range, groups);
  }
  return out;
}

const reservedText = (e: PlanEntry) => ("reserved" in e ? e.reserved.range.text : describeEntry(e));

function reportAksReserved(ctx: RuleContext, rule: string, r: PlannedRange, what: string, hits: readonly PlanEntry[]): void {
  ctx.report(rule, r.path, `${what} ${r.cidr.text} overlaps ${andList(hits.map(reservedText))}, which AKS reserves; choose a range outside ${AKS_RESERVED_TEXT}`);
}

/** RES-01, RES-02, RES-05: the service and pod ranges. */
export function checkClusterReserved(ctx: RuleContext, plan: { service?: PlannedRange<Ipv4Cidr>; pod?: PlannedRange<Ipv4Cidr> }): void {
  for (const [range, groups] of bySubject(collisionsOf(plan), ["RES-01", "RES-02", "RES-05"])) {
    for (const { rule, hits } of groups) {
      if (rule === "RES-05") {
        ctx.report(rule, range.path, `service CIDR ${range.cidr.text} overlaps ${andList(hits.map(reservedText))}, which AKS blocks for service ranges; choose a private range such as 10.0.0.0/16`);
      } else {
        reportAksReserved(ctx, rule, range, rule === "RES-01" ? "service CIDR" : "pod CIDR", hits);
      }
    }
  }
}

/** RES-03, RES-04: a VNet address space (the subnets stand in for it when it is not declared). */
export function checkVnetReserved(ctx: RuleContext, space: readonly PlannedRange[], subnets: readonly PlannedRange[] = []): void {
  for (const [range, groups] of bySubject(collisionsOf({ vnetSpace: space, nodeSubnet: subnets }), ["RES-03", "RES-04"])) {
    const what = space.includes(range) ? "VNet address space" : "subnet";
    for (const { rule, hits } of groups) {
      if (rule === "RES-03") reportAksReserved(ctx, rule, range, what, hits);
      else ctx.report(rule, range.path, `${what} ${range.cidr.text} overlaps ${andList(hits.map(describeEntry))}, which Azure does not allow in a VNet`);
    }
  }
}
