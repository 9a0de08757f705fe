/**
 * The one decision about overlaps in an address plan: which two ranges may
 * not share addresses, and under which rule. The rules report these
 * collisions and the address-plan report draws and counts them, so the two
 * cannot disagree.
 *
 * Pure functions over parsed ranges; the ranges AKS and Azure reserve are
 * part of the decision and listed here.
 */
import { cidr, overlaps, type Cidr } from "./cidr";

/** What a range of an address plan is; decides what it may overlap. */
export type AddressRangeKind =
  | "vnet"
  | "nodeSubnet"
  | "otherSubnet"
  | "pod"
  | "service"
  | "connected"
  | "aksReserved"
  | "azureReserved";

/** A reserved range and what it is, for messages and pictures. */
export interface ReservedRange {
  readonly range: Cidr;
  readonly what: string;
}

/** Ranges AKS refuses for service, pod and VNet ranges (use-byo-cni, concepts-network-cni-overview). */
export const AKS_RESERVED: readonly ReservedRange[] = [
  { range: cidr("169.254.0.0/16"), what: "link-local" },
  { range: cidr("172.30.0.0/16"), what: "AKS internal" },
  { range: cidr("172.31.0.0/16"), what: "AKS internal" },
  { range: cidr("192.0.2.0/24"), what: "TEST-NET-1" },
];

/** Ranges Azure refuses in any VNet address space (VNet FAQ). */
const AZURE_VNET_RESERVED: readonly ReservedRange[] = [
  { range: cidr("224.0.0.0/4"), what: "multicast" },
  { range: cidr("255.255.255.255/32"), what: "broadcast" },
  { range: cidr("127.0.0.0/8"), what: "loopback" },
  { range: cidr("169.254.0.0/16"), what: "link-local" },
  { range: cidr("168.63.129.16/32"), what: "Azure's internal DNS and health probe address" },
];

/** RFC 1918 and RFC 6598: the ranges Microsoft supports for pods and services (POD-04, SVC-10). */
export const PRIVATE_RANGES: readonly Cidr[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map(cidr);

/** The private ranges as messages and fixes name them: "10.0.0.0/8, ... or 100.64.0.0/10". */
export const PRIVATE_RANGES_TEXT = `${PRIVATE_RANGES.slice(0, -1).map((r) => r.text).join(", ")} or ${PRIVATE_RANGES[PRIVATE_RANGES.length - 1]!.text}`;

/** The reserved ranges as entries of an address plan: every decision includes them. */
export const RESERVED_RANGES: readonly (ReservedRange & { readonly kind: "aksReserved" | "azureReserved" })[] = [
  ...AKS_RESERVED.map((r) => ({ ...r, kind: "aksReserved" as const })),
  ...AZURE_VNET_RESERVED.map((r) => ({ ...r, kind: "azureReserved" as const })),
];

/** A range as the decision sees it: its kind, and its network when known (undefined: known only at apply time, or invalid). */
export interface RangeOfKind {
  readonly kind: AddressRangeKind;
  readonly cidr: Cidr | undefined;
}

/** Two ranges that must not share addresses, and the rule that says so. */
export interface Collision {
  /** The rule the overlap breaks, e.g. `SVC-01`. */
  readonly rule: string;
  /** Index of the range the finding is about (the one a user changes: the service range, the pod range, the VNet, ...). */
  readonly subject: number;
  /** Index of the range it collides with. */
  readonly other: number;
}

const SUBNETS: ReadonlySet<AddressRangeKind> = new Set(["nodeSubnet", "otherSubnet"]);
const isSubnet = (k: AddressRangeKind) => SUBNETS.has(k);

/** What the decision needs to know about the whole plan, not just a pair. */
interface PlanFacts {
  readonly ranges: readonly RangeOfKind[];
  /** True when a VNet address space is declared: it, not its subnets, then carries the VNet's collisions. */
  readonly vnetDeclared: boolean;
}

/** True when range `i` overlaps a range of a kind in `kinds`. */
function overlapsKind(facts: PlanFacts, i: number, kinds: (k: AddressRangeKind) => boolean): boolean {
  const c = facts.ranges[i]!.cidr;
  return c !== undefined && facts.ranges.some((r, j) => j !== i && kinds(r.kind) && r.cidr !== undefined && overlaps(c, r.cidr));
}

/** A rule, or a decision that needs the whole plan (undefined: no collision). */
type Decision = string | ((facts: PlanFacts, subject: number, other: number) => string | undefined);

/** The VNet's collisions; a subnet carries them when no VNet address space is declared. */
const VNET_DECISIONS: Partial<Record<AddressRangeKind, Decision>> = { aksReserved: "RES-03", azureReserved: "RES-04", connected: "NET-12" };
const asVnet = (rule: string): Decision => (facts) => (facts.vnetDeclared ? undefined : rule);
const laterSubnet: Decision = (_facts, s, o) => (s > o ? "NET-02" : undefined);
const SUBNET_DECISIONS: Partial<Record<AddressRangeKind, Decision>> = {
  nodeSubnet: laterSubnet,
  otherSubnet: laterSubnet,
  aksReserved: asVnet("RES-03"),
  azureReserved: asVnet("RES-04"),
  connected: asVnet("NET-12"),
};

/**
 * For each kind of subject, the rule an overlap with each other kind breaks.
 * Each rule names its subject's kind, so every collision is found once:
 *
 * - service range: a subnet (SVC-01, ARM refuses), else the VNet (SVC-02,
 *   ARM tolerates), connected networks (SVC-03), the pod range (SVC-04), AKS's
 *   reserved ranges (RES-01), Azure's (RES-05: AKS blocks multicast and the
 *   rest of the list for service ranges; 169.254.0.0/16, on both lists, is RES-01's);
 * - pod range: a subnet (POD-02, AKS refuses), else the VNet (POD-08, AKS
 *   tolerates: since 2024-10-25 it checks the subnets, not the address
 *   space), connected networks (POD-03), AKS's reserved ranges (RES-02);
 * - VNet: AKS's and Azure's reserved ranges (RES-03, RES-04), connected
 *   networks (NET-12); without a declared VNet space a subnet stands in;
 * - subnet: another subnet (NET-02, about the later one).
 *
 * Anything else may share addresses: a subnet inside its VNet, two address
 * spaces of one VNet, connected or reserved ranges among themselves, and the
 * pod range with Azure's list, which no source says AKS checks for pods
 * (169.254.0.0/16, on both lists, is RES-02 through AKS's).
 */
const DECISIONS: Readonly<Record<AddressRangeKind, Partial<Record<AddressRangeKind, Decision>>>> = {
  service: {
    nodeSubnet: "SVC-01",
    otherSubnet: "SVC-01",
    vnet: (facts, s) => (overlapsKind(facts, s, isSubnet) ? undefined : "SVC-02"),
    connected: "SVC-03",
    pod: "SVC-04",
    aksReserved: "RES-01",
    azureReserved: (facts, _s, o) => (AKS_RESERVED.some((r) => r.range.text === facts.ranges[o]!.cidr?.text) ? undefined : "RES-05"),
  },
  pod: {
    nodeSubnet: "POD-02",
    otherSubnet: "POD-02",
    vnet: (facts, s) => (overlapsKind(facts, s, isSubnet) ? undefined : "POD-08"),
    connected: "POD-03",
    aksReserved: "RES-02",
  },
  vnet: VNET_DECISIONS,
  nodeSubnet: SUBNET_DECISIONS,
  otherSubnet: SUBNET_DECISIONS,
  connected: {},
  aksReserved: {},
  azureReserved: {},
};

/** The rule an overlap of range `s` (the subject) with range `o` breaks, or undefined when they may share addresses. */
function ruleFor(facts: PlanFacts, s: number, o: number): string | undefined {
  const decision = DECISIONS[facts.ranges[s]!.kind][facts.ranges[o]!.kind];
  return typeof decision === "function" ? decision(facts, s, o) : decision;
}

/**
 * Every pair of ranges that share addresses they must not, with the rule,
 * in the order of the ranges. Ranges without a known network are skipped
 * (nothing can be decided about them).
 */
export function addressCollisions(ranges: readonly RangeOfKind[]): Collision[] {
  const facts: PlanFacts = { ranges, vnetDeclared: ranges.some((r) => r.kind === "vnet" && r.cidr !== undefined) };
  const found: Collision[] = [];
  for (let i = 0; i < ranges.length; i++) {
    const a = ranges[i]!.cidr;
    if (!a) continue;
    for (let j = 0; j < ranges.length; j++) {
      const b = ranges[j]!.cidr;
      if (i === j || !b || !overlaps(a, b)) continue;
      const rule = ruleFor(facts, i, j);
      if (rule) found.push({ rule, subject: i, other: j });
    }
  }
  return found;
}
