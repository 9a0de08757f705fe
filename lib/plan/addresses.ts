/**
 * The address values of the plan: ranges, lists of ranges and the DNS
 * service IP, each read once by the resolve step. A value keeps its text as
 * written (the constructs render it; a list also says what is sent, which
 * differs only for a bare authorized address), says whether it is a Terraform
 * reference (unknown until apply), and carries what it parses to, or why it
 * does not parse (the FMT rules report that). Rules, reports and the Cilium
 * stack read these; none of them parses a range of the plan again.
 */
import { templateText } from "../terraform/template";
import { parseCidr, parseIpv4Address, parseIpv4Cidr, parseIpv4CidrOrAddress, type Cidr, type Ipv4Cidr, type ParseError, type Parsed } from "../net/cidr";

/** A range or address of the plan, as written, and whether synth knows it. */
export interface PlannedText {
  /** Config path, e.g. `network.podCidr` or `network.vnet.addressSpace[0]`. */
  readonly path: string;
  /** The value as written (or the API default): a literal, or a Terraform reference. */
  readonly text: string;
  /** True when the value is a Terraform reference: unknown until apply, and not parsed. */
  readonly unknown: boolean;
  /** True when the value is the API default, not written in the config (entries of a list never are). */
  readonly defaulted: boolean;
  /** Why the value is not one the field takes, a reference among text no range holds included (reported by the FMT rules); undefined when it is, or is unknown. */
  readonly problem?: ParseError;
}

/** A range of the plan: its text, and the range it parses to. */
export interface PlannedCidr<C extends Cidr = Cidr> extends PlannedText {
  /** The range; undefined when the text is unknown or malformed. */
  readonly cidr?: C;
}

/** An IPv4 address of the plan (the DNS service IP): its text, and the address it parses to. */
export interface PlannedAddress extends PlannedText {
  /** The address as an unsigned 32-bit integer; undefined when the text is unknown or malformed. */
  readonly address?: number;
}

/** A list of ranges and the config path of the list, every entry read. */
export interface RangeList<C extends Cidr = Cidr> {
  /** Config path of the list, e.g. `network.vnet.addressSpace`. */
  readonly path: string;
  /** The ranges as written (literals, or references unknown at synth time). */
  readonly values: readonly string[];
  /** True when the list itself is a Terraform reference: how many ranges it holds is known at apply. */
  readonly unknown: boolean;
  /** True when the list or any of its entries is a Terraform reference, so that its ranges cannot be checked together at synth. */
  readonly hasUnknown: boolean;
  /** Each entry, read, at `<path>[<index>]`. */
  readonly ranges: readonly PlannedCidr<C>[];
  /**
   * The list as the resource is sent it: a literal range in its parsed form
   * (the same text, except a bare authorized address, which becomes its /32),
   * anything else as written; the list itself when it is a reference.
   */
  readonly sent: readonly string[];
}

/** Reads the address values of one resolve, telling Terraform references from literals with the test it was made with. */
export interface AddressReader {
  /** A VNet or subnet range: IPv4 or IPv6. */
  range(path: string, value: string, defaulted?: boolean): PlannedCidr;
  /** A range of the address plan proper (pod, service): IPv4 only. */
  ipv4Range(path: string, value: string, defaulted?: boolean): PlannedCidr<Ipv4Cidr>;
  /** A list of VNet or subnet ranges. */
  rangeList(path: string, values: readonly string[]): RangeList;
  /** A list of IPv4 ranges (connected networks). */
  ipv4RangeList(path: string, values: readonly string[]): RangeList<Ipv4Cidr>;
  /** A list of IPv4 ranges in which a bare address is the range of that one address, its /32 (the API server's authorized IP ranges). */
  ipv4RangeOrAddressList(path: string, values: readonly string[]): RangeList<Ipv4Cidr>;
  /** An IPv4 address (the DNS service IP). */
  ipv4Address(path: string, value: string, defaulted?: boolean): PlannedAddress;
}

/** What may stand beside a reference in a range or address (`10.${var.octet}.0.0/16`): no quote, space or other text a range never holds. */
const REFERENCE_SURROUNDINGS = /^[0-9A-Fa-f.:/]*$/;

/**
 * The reader of one resolve. `isUnknown` is the constructs' test for a
 * Terraform reference (a cdktf token); the plan records its answer, so that
 * nothing after the resolve step asks again.
 */
export function addressReader(isUnknown: (value: unknown) => boolean): AddressReader {
  const read = <T>(path: string, value: string, defaulted: boolean, parse: (s: string) => Parsed<T>, notText: ParseError["rule"]) => {
    const text = { path, text: value, unknown: false, defaulted };
    // Nothing written (an entry of a malformed list): no value, and nothing to report.
    if (value === undefined || value === null) return { text };
    if (isUnknown(value)) {
      if (typeof value !== "string" || REFERENCE_SURROUNDINGS.test(templateText(value) ?? "")) return { text: { ...text, unknown: true } };
      return { text: { ...text, problem: { rule: notText, message: `${JSON.stringify(value)} holds a Terraform reference and text that is no part of an address or range; only digits, a-f, '.', ':' and '/' may stand beside a reference` } } };
    }
    if (typeof value !== "string") return { text: { ...text, problem: { rule: notText, message: `expected a string, got ${typeof value}` } } };
    const parsed = parse(value);
    return parsed.ok ? { text, parsed: parsed.value } : { text: { ...text, problem: parsed.error } };
  };
  const range = <C extends Cidr>(parse: (s: string) => Parsed<C>) => (path: string, value: string, defaulted = false): PlannedCidr<C> => {
    const r = read(path, value, defaulted, parse, "FMT-01");
    return r.parsed === undefined ? r.text : { ...r.text, cidr: r.parsed };
  };
  const list = <C extends Cidr>(one: (path: string, value: string) => PlannedCidr<C>) => (path: string, values: readonly string[]): RangeList<C> => {
    const ranges = (values ?? []).map((v, i) => one(`${path}[${i}]`, v));
    const unknown = isUnknown(values);
    const sent = unknown ? values : ranges.map((r) => r.cidr?.text ?? r.text);
    return { path, values, unknown, hasUnknown: unknown || ranges.some((r) => r.unknown), ranges, sent };
  };
  const anyRange = range(parseCidr);
  const ipv4Range = range(parseIpv4Cidr);
  return {
    range: anyRange,
    ipv4Range,
    rangeList: list(anyRange),
    ipv4RangeList: list(ipv4Range),
    ipv4RangeOrAddressList: list(range(parseIpv4CidrOrAddress)),
    ipv4Address: (path, value, defaulted = false) => {
      const r = read(path, value, defaulted, parseIpv4Address, "FMT-06");
      return r.parsed === undefined ? r.text : { ...r.text, address: r.parsed };
    },
  };
}
