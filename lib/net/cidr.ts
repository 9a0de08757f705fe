/**
 * Strict parsing and arithmetic for the address ranges AKS takes.
 *
 * Pure functions, no cdktf. Every string goes through a whole-string ASCII
 * pattern first: general-purpose parsers (ipaddr.js, Go's net.ParseCIDR,
 * Python's ipaddress) accept forms Azure rejects, such as a bare IP, host bits
 * set or leading zeros. Only strings that pass the pattern are handed to
 * ipaddr.js (for IPv6) or split into octets (IPv4).
 */
import * as ipaddr from "ipaddr.js";

/** An IPv4 network: `base` is the network address as an unsigned 32-bit integer. */
export interface Ipv4Cidr {
  /** IP version 4. */
  readonly version: 4;
  /** The network address as an unsigned 32-bit integer. */
  readonly base: number;
  /** The prefix length, 0-32. */
  readonly prefix: number;
  /** Canonical text, e.g. `10.0.0.0/16`. */
  readonly text: string;
}

/** An IPv6 network; `base` is the network address as a 128-bit BigInt. */
export interface Ipv6Cidr {
  /** IP version 6. */
  readonly version: 6;
  /** The network address as a 128-bit BigInt. */
  readonly base: bigint;
  /** The prefix length, 0-128. */
  readonly prefix: number;
  /** Canonical text, e.g. `fd00:10::/64`. */
  readonly text: string;
}

/** An IPv4 or IPv6 network, parsed strictly (canonical, no host bits). */
export type Cidr = Ipv4Cidr | Ipv6Cidr;

/** Why a string is not an acceptable CIDR or address. `rule` is the network-rules ID. */
export interface ParseError {
  /** The FMT rule the string breaks. */
  readonly rule: "FMT-01" | "FMT-02" | "FMT-03" | "FMT-04" | "FMT-05" | "FMT-06";
  /** What is wrong and what would be valid, e.g. the network address of a range with host bits set. */
  readonly message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ParseError };

const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";
/** A strict IPv4 dotted quad: decimal octets 0-255, no leading zeros, nothing else (FMT-06). */
export const IPV4_ADDRESS = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
/** A strict IPv4 CIDR: a dotted quad, '/', a prefix 0-32 (FMT-01, FMT-02). Host bits need arithmetic (FMT-03). */
export const IPV4_CIDR = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}/(?:3[0-2]|[12][0-9]|[0-9])$`);
/** An IPv6 prefix length, 0-128 (the address itself needs the parser: FMT-05). */
export const IPV6_PREFIX_LENGTH = "(?:12[0-8]|1[01][0-9]|[1-9][0-9]|[0-9])";
const IPV6_CIDR_SHAPE = new RegExp(`^([0-9a-f:.]+)/(${IPV6_PREFIX_LENGTH})$`);
/** Loose shape used only to explain *why* a string failed the strict pattern. */
const DOTTED_LOOSE = /^(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(\d+))?$/;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(rule: ParseError["rule"], message: string): Parsed<T> => ({
  ok: false,
  error: { rule, message },
});

/** Describes characters that make a string unacceptable before any parsing. */
function describeIllegalCharacters(s: string): string | undefined {
  if (s.length === 0) return "is empty";
  if (/\s/.test(s)) return `contains whitespace (${JSON.stringify(s)}); Terraform sends the value byte for byte`;
  if (/[^\x00-\x7f]/.test(s)) return `contains non-ASCII characters (${JSON.stringify(s)}); only the digits 0-9 are allowed`;
  return undefined;
}

/** Explains why a dotted-quad string failed the strict pattern. */
function explainDottedQuad(s: string, withPrefix: boolean): string {
  const m = DOTTED_LOOSE.exec(s);
  if (!m) {
    return withPrefix
      ? `"${s}" is not an IPv4 CIDR; write four decimal octets and a prefix, e.g. 10.244.0.0/16`
      : `"${s}" is not an IPv4 address; write four decimal octets, e.g. 10.0.0.10`;
  }
  const octets = m.slice(1, 5);
  const bad = octets.find((o) => Number(o) > 255);
  if (bad !== undefined) return `"${s}" has octet ${bad}, above 255`;
  const zero = octets.find((o) => o.length > 1 && o.startsWith("0"));
  if (zero !== undefined) return `"${s}" has octet "${zero}" with a leading zero (ambiguous: octal or decimal); write ${Number(zero)}`;
  const prefix = m[5];
  if (withPrefix && prefix !== undefined) {
    if (prefix.length > 1 && prefix.startsWith("0")) return `"${s}" has prefix "/${prefix}" with a leading zero; write /${Number(prefix)}`;
    if (Number(prefix) > 32) return `"${s}" has prefix /${prefix}; an IPv4 prefix is 0 to 32`;
  }
  if (!withPrefix && prefix !== undefined) return `"${s}" is a CIDR; an address has no prefix`;
  return `"${s}" is not canonical`;
}

function octetsToNumber(text: string): number {
  const [a, b, c, d] = text.split(".").map(Number) as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/** Formats an unsigned 32-bit integer as a dotted quad. */
export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** The netmask of a prefix as an unsigned 32-bit integer (prefix 0 → 0). */
export function ipv4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/**
 * Parses an IPv4 address: four decimal octets 0-255, no leading zeros, no
 * whitespace, ASCII only, no IPv4-mapped IPv6 form (FMT-06).
 */
export function parseIpv4Address(s: string): Parsed<number> {
  const illegal = describeIllegalCharacters(s);
  if (illegal) return fail("FMT-06", `"${s}" ${illegal}`.replace(/^"(.*)" is empty$/, "is empty"));
  if (IPV4_ADDRESS.test(s)) return ok(octetsToNumber(s));
  if (s.includes(":")) {
    if (ipaddr.IPv6.isValid(s) && ipaddr.IPv6.parse(s).isIPv4MappedAddress()) {
      const v4 = ipaddr.IPv6.parse(s).toIPv4Address().toString();
      return fail("FMT-06", `"${s}" is an IPv4-mapped IPv6 address; AKS takes the plain dotted quad ${v4}`);
    }
    return fail("FMT-06", `"${s}" is an IPv6 address; an IPv4 address is required`);
  }
  return fail("FMT-06", explainDottedQuad(s, false));
}

/**
 * The prefix FMT-02 suggests for a bare address: /16 (a pod or service range's
 * usual size) when the address is the network address of its /16, else the
 * shortest prefix it is the network address of, so that following the
 * suggestion never trips FMT-03 (10.244.0.1 gets /32).
 */
function suggestedPrefix(address: number): number {
  if ((address & ipv4Mask(16)) >>> 0 === address) return 16;
  let prefix = 32;
  while (prefix > 16 && (address & ipv4Mask(prefix - 1)) >>> 0 === address) prefix--;
  return prefix;
}

/**
 * Parses an IPv4 CIDR strictly: FMT-01 (syntax), FMT-02 (explicit prefix),
 * FMT-03 (no host bits).
 */
export function parseIpv4Cidr(s: string): Parsed<Ipv4Cidr> {
  const illegal = describeIllegalCharacters(s);
  if (illegal) return fail("FMT-01", illegal === "is empty" ? "is empty; an IPv4 CIDR such as 10.244.0.0/16 is required" : `"${s}" ${illegal}`);
  if (!IPV4_CIDR.test(s)) {
    if (IPV4_ADDRESS.test(s)) {
      return fail("FMT-02", `"${s}" has no prefix length; write it as a CIDR, e.g. ${s}/${suggestedPrefix(octetsToNumber(s))}`);
    }
    if (s.includes(":")) return fail("FMT-04", `"${s}" is IPv6; this field takes an IPv4 CIDR`);
    return fail("FMT-01", explainDottedQuad(s, true));
  }
  const slash = s.indexOf("/");
  const address = octetsToNumber(s.slice(0, slash));
  const prefix = Number(s.slice(slash + 1));
  const base = (address & ipv4Mask(prefix)) >>> 0;
  if (base !== address) {
    const canonical = `${formatIpv4(base)}/${prefix}`;
    return fail("FMT-03", `"${s}" has host bits set; the network of that prefix is ${canonical}`);
  }
  return ok({ version: 4, base, prefix, text: s });
}

/**
 * Parses an IPv4 CIDR as {@link parseIpv4Cidr} does, or a bare IPv4 address
 * as the range of that one address, its /32 (the API server's authorized IP
 * ranges: azurerm validate.CIDR makes the prefix optional there, and the
 * Azure CLI takes "IPv4 addresses or CIDRs"). `text` is the /32 form.
 */
export function parseIpv4CidrOrAddress(s: string): Parsed<Ipv4Cidr> {
  if (IPV4_ADDRESS.test(s)) return ok({ version: 4, base: octetsToNumber(s), prefix: 32, text: `${s}/32` });
  return parseIpv4Cidr(s);
}

/** Parses a canonical IPv6 CIDR (RFC 5952 text, no host bits): FMT-05. */
export function parseIpv6Cidr(s: string): Parsed<Ipv6Cidr> {
  const illegal = describeIllegalCharacters(s);
  if (illegal) return fail("FMT-05", illegal === "is empty" ? "is empty" : `"${s}" ${illegal}`);
  const m = IPV6_CIDR_SHAPE.exec(s);
  if (!m || !ipaddr.IPv6.isValid(m[1]!)) {
    return fail("FMT-05", `"${s}" is not an IPv6 CIDR in canonical lower-case form, e.g. fd00:10::/64`);
  }
  const addr = ipaddr.IPv6.parse(m[1]!);
  const prefix = Number(m[2]);
  const value = addr.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
  const hostBits = 128 - prefix;
  const base = hostBits === 128 ? 0n : (value >> BigInt(hostBits)) << BigInt(hostBits);
  const canonicalAddress = ipaddr.fromByteArray(bigintToBytes(base)).toString();
  const canonical = `${canonicalAddress}/${prefix}`;
  if (base !== value) return fail("FMT-05", `"${s}" has host bits set; the network of that prefix is ${canonical}`);
  if (canonical !== s) return fail("FMT-05", `"${s}" is not in canonical form; write ${canonical}`);
  return ok({ version: 6, base, prefix, text: s });
}

function bigintToBytes(v: bigint): number[] {
  const bytes: number[] = [];
  for (let i = 15; i >= 0; i--) bytes.push(Number((v >> BigInt(i * 8)) & 255n));
  return bytes;
}

/** Parses a VNet/subnet range, which may be IPv4 or IPv6 (dual-stack VNets). */
export function parseCidr(s: string): Parsed<Cidr> {
  return s.includes(":") && !/\s/.test(s) ? parseIpv6Cidr(s) : parseIpv4Cidr(s);
}

/** Number of addresses in a network (as a plain number for IPv4, BigInt for IPv6). */
export function ipv4Size(c: Ipv4Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** Last address (the IPv4 broadcast address). */
export function ipv4Last(c: Ipv4Cidr): number {
  return c.base + ipv4Size(c) - 1;
}

function bounds(c: Cidr): [bigint, bigint] {
  const bits = c.version === 4 ? 32 : 128;
  const lo = BigInt(c.base);
  return [lo, lo + (1n << BigInt(bits - c.prefix)) - 1n];
}

/** True when two networks share at least one address (containment in either direction or equality). */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.version !== b.version) return false;
  if (a.version === 4 && b.version === 4) {
    return a.base <= ipv4Last(b) && b.base <= ipv4Last(a);
  }
  const [alo, ahi] = bounds(a);
  const [blo, bhi] = bounds(b);
  return alo <= bhi && blo <= ahi;
}

/** True when `outer` contains every address of `inner`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.version !== inner.version) return false;
  const [olo, ohi] = bounds(outer);
  const [ilo, ihi] = bounds(inner);
  return olo <= ilo && ihi <= ohi;
}

/** True when the IPv4 network contains the address. */
export function containsAddress(c: Ipv4Cidr, address: number): boolean {
  return address >= c.base && address <= ipv4Last(c);
}

/** Shorthand for tables of well-known ranges; throws on a typo in the table itself. */
export function cidr(text: string): Cidr {
  const p = parseCidr(text);
  if (!p.ok) throw new Error(`internal range table: ${text}: ${p.error.message}`);
  return p.value;
}

/** Shorthand for an IPv4 range known to be valid (tables, defaults). */
export function ipv4(text: string): Ipv4Cidr {
  const p = parseIpv4Cidr(text);
  if (!p.ok) throw new Error(`internal range table: ${text}: ${p.error.message}`);
  return p.value;
}
