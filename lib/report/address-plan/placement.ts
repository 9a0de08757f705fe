/**
 * Where each range of an address plan view sits, and which of them collide:
 * what both renderers need to show the same overlaps. Which ranges may not
 * share addresses is decided by lib/net's `addressCollisions`, the function
 * the rules report from, so the picture and synth cannot disagree.
 */
import { ipv4Last, parseCidr, parseIpv4Address, type Cidr } from "../../net/cidr";
import { addressCollisions } from "../../net/overlaps";
import { NETWORK_RULE_CATALOGUE } from "../../rules/catalogue";
import type { Severity } from "../../rules/engine";
import { ADDRESS_RANGE_KIND_NAMES, type AddressPlanRange, type AddressPlanView } from "./view";

/**
 * A range's place in the picture: on the IPv4 axis, or in a row of its own
 * because its addresses are unknown until apply, IPv6, or not a valid CIDR.
 */
export type RangePlacement =
  | {
      /** On the IPv4 axis. */
      readonly on: "axis";
      /** First address, as an unsigned 32-bit integer. */
      readonly first: number;
      /** Last address (the broadcast address), as an unsigned 32-bit integer. */
      readonly last: number;
    }
  | {
      /** Known only at apply time. */
      readonly on: "unknown";
    }
  | {
      /** An IPv6 range: listed, not drawn on the IPv4 axis. */
      readonly on: "ipv6";
    }
  | {
      /** Not a CIDR this project accepts. */
      readonly on: "invalid";
      /** Why, from the strict parser. */
      readonly problem: string;
    };

/** The parsed CIDR of a range, or why there is none. */
type Parsed = { cidr: Cidr } | { problem: string } | undefined;

/** A view is a file too (address-plan.json, read back to compare with the base branch's), so it carries text: read here as any reader of it does. */
function parse(range: AddressPlanRange): Parsed {
  if (range.cidr === undefined) return undefined;
  const parsed = parseCidr(range.cidr);
  return parsed.ok ? { cidr: parsed.value } : { problem: parsed.error.message };
}

function placementOf(p: Parsed): RangePlacement {
  if (!p) return { on: "unknown" };
  if ("problem" in p) return { on: "invalid", problem: p.problem };
  if (p.cidr.version === 6) return { on: "ipv6" };
  return { on: "axis", first: p.cidr.base, last: ipv4Last(p.cidr) };
}

/** Two ranges that share addresses they should not, and the rule that says so. */
export interface RangeOverlap {
  /** Index into the view's `ranges`; the smaller of the two. */
  readonly a: number;
  /** Index into the view's `ranges`; the larger of the two. */
  readonly b: number;
  /** The rule the overlap breaks (as synth reports it), e.g. `SVC-02`. */
  readonly rule: string;
  /** Which of `a` and `b` the rule's finding is about (synth reports it at that range's path). */
  readonly subject: number;
  /** The rule's severity: an error is refused by Azure (synth fails), a warning is tolerated. */
  readonly severity: Severity;
}

/** A range that another one overlaps, and the severity of that overlap's rule. */
export interface OverlapPartner {
  /** Index into the view's `ranges`. */
  readonly index: number;
  /** The rule the overlap breaks, e.g. `SVC-02`. */
  readonly rule: string;
  /** The rule's severity. */
  readonly severity: Severity;
}

/** Every pair of ranges that overlap where they must not (unknown and invalid ranges cannot be judged and are skipped). */
function overlapsAmong(view: AddressPlanView, parsed: readonly Parsed[]): RangeOverlap[] {
  const ranges = view.ranges.map((r, i) => {
    const p = parsed[i];
    return { kind: r.kind, cidr: p && "cidr" in p ? p.cidr : undefined };
  });
  return addressCollisions(ranges)
    .map(({ rule, subject, other }) => ({ a: Math.min(subject, other), b: Math.max(subject, other), rule, subject, severity: severityOf(rule) }))
    .sort((x, y) => x.a - y.a || x.b - y.b);
}

/** The catalogue's severity of an overlap rule (every rule addressCollisions names is in it; a test keeps it so). */
function severityOf(rule: string): Severity {
  return NETWORK_RULE_CATALOGUE[rule]?.severity ?? "error";
}

/** For each range index, the ranges it overlaps (both directions). */
function partnersOf(found: readonly RangeOverlap[]): ReadonlyMap<number, readonly OverlapPartner[]> {
  const partners = new Map<number, OverlapPartner[]>();
  const add = (i: number, index: number, o: RangeOverlap) => partners.set(i, [...(partners.get(i) ?? []), { index, rule: o.rule, severity: o.severity }]);
  for (const o of found) {
    add(o.a, o.b, o);
    add(o.b, o.a, o);
  }
  return partners;
}

/** The worst severity among a range's overlaps, or undefined when it overlaps nothing it must not. */
export function worstSeverity(partners: readonly OverlapPartner[] | undefined): Severity | undefined {
  if (!partners || partners.length === 0) return undefined;
  return partners.some((p) => p.severity === "error") ? "error" : "warning";
}

/** The DNS service IP as a number, and whether a service range on the axis holds it. */
export interface DnsPlacement {
  /** The address as an unsigned 32-bit integer; `undefined` when the text is not an IPv4 address. */
  readonly address: number | undefined;
  /** True when a service range on the axis holds the address. */
  readonly insideService: boolean;
}

function placeDns(view: AddressPlanView, placements: readonly RangePlacement[]): DnsPlacement | undefined {
  const dns = view.dnsServiceIp;
  if (!dns) return undefined;
  const parsed = parseIpv4Address(dns.address);
  if (!parsed.ok) return { address: undefined, insideService: false };
  const address = parsed.value;
  const insideService = view.ranges.some((r, i) => {
    const p = placements[i]!;
    return r.kind === "service" && p.on === "axis" && p.first <= address && address <= p.last;
  });
  return { address, insideService };
}

/**
 * What both renderers show of a view, worked out once: where each range
 * goes, the overlaps, the DNS service IP, and the facts of the verdict.
 * The renderers only word and draw it.
 */
export interface PlanAnalysis {
  readonly view: AddressPlanView;
  /** Each range's placement, by index. */
  readonly placements: readonly RangePlacement[];
  /** Pairs that overlap where they must not. */
  readonly overlaps: readonly RangeOverlap[];
  /** For each range index, the ranges it overlaps. */
  readonly partners: ReadonlyMap<number, readonly OverlapPartner[]>;
  /** The DNS service IP; undefined when the view has none. */
  readonly dns: DnsPlacement | undefined;
  /** Ranges known only at apply time (not checked). */
  readonly unknownRanges: number;
  /** Whether any connected network is declared (otherwise peered ranges are not checked). */
  readonly connectedDeclared: boolean;
}

/** Analyses a view; never throws (invalid ranges are placed as invalid). */
export function analysePlan(view: AddressPlanView): PlanAnalysis {
  const parsed = view.ranges.map(parse);
  const placements = parsed.map(placementOf);
  const found = overlapsAmong(view, parsed);
  return {
    view,
    placements,
    overlaps: found,
    partners: partnersOf(found),
    dns: placeDns(view, placements),
    unknownRanges: placements.filter((p) => p.on === "unknown").length,
    connectedDeclared: view.ranges.some((r) => r.kind === "connected"),
  };
}

/** A range in one line: its CIDR (or that it is known at apply time), kind and name. */
export const describeRange = (r: AddressPlanRange): string => `${r.cidr === undefined ? "(known at apply time)" : r.cidr} ${ADDRESS_RANGE_KIND_NAMES[r.kind]}: ${r.label}`;
