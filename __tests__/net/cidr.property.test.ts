/**
 * overlaps() and contains() against a model of their own: a network is the
 * closed interval [base, base + 2^(bits - prefix) - 1] of BigInts. Ranges are
 * generated canonical, formatted here (not by the library), parsed back, and
 * compared with the model.
 */
import fc from "fast-check";
import { contains, overlaps, parseCidr, parseIpv4Cidr, parseIpv6Cidr, type Cidr } from "../../lib/net/cidr";

interface Model {
  readonly bits: 32 | 128;
  readonly lo: bigint;
  readonly hi: bigint;
  readonly prefix: number;
  readonly text: string;
}

const hostMask = (bits: number, prefix: number) => (1n << BigInt(bits - prefix)) - 1n;

function ipv4Text(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => ((v >> s) & 255n).toString()).join(".");
}

/** RFC 5952: lower-case hex without leading zeros; the longest run (first if tied) of two or more zero groups becomes "::". */
function ipv6Text(v: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { start: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.len < 2) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.len).join(":")}`;
}

/** A 128-bit address whose 16-bit groups are often zero, so that "::" placement is exercised. */
const ipv6Address = fc
  .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
  .map((groups) => groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n));
const address = (bits: 32 | 128) => (bits === 32 ? fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }) : ipv6Address);

/** A canonical network of `bits` bits: a random address with the host bits cleared. */
const network = (bits: 32 | 128) =>
  fc.tuple(address(bits), fc.integer({ min: 0, max: bits })).map(([address, prefix]): Model => {
    const lo = address & ~hostMask(bits, prefix);
    const text = `${bits === 32 ? ipv4Text(lo) : ipv6Text(lo)}/${prefix}`;
    return { bits, lo, hi: lo | hostMask(bits, prefix), prefix, text };
  });

/** Pairs that often share addresses: the second network is cut out of the first's neighbourhood. */
const nearby = (bits: 32 | 128) =>
  fc.tuple(network(bits), fc.integer({ min: 0, max: bits }), fc.bigInt({ min: -(1n << 20n), max: 1n << 20n })).map(([a, prefix, shift]) => {
    const max = (1n << BigInt(bits)) - 1n;
    let address = a.lo + shift;
    if (address < 0n) address = 0n;
    if (address > max) address = max;
    const lo = address & ~hostMask(bits, prefix);
    const b: Model = { bits, lo, hi: lo | hostMask(bits, prefix), prefix, text: `${bits === 32 ? ipv4Text(lo) : ipv6Text(lo)}/${prefix}` };
    return [a, b] as const;
  });

const pairs = fc.oneof(fc.tuple(network(32), network(32)), nearby(32), fc.tuple(network(128), network(128)), nearby(128));

function parsed(m: Model): Cidr {
  const p = parseCidr(m.text);
  if (!p.ok) throw new Error(`${m.text}: ${p.error.message}`);
  return p.value;
}

const RUNS = { numRuns: 500 };

test("parse then format is the identity, and the parsed network is the model's", () => {
  fc.assert(
    fc.property(fc.oneof(network(32), network(128)), (m) => {
      const c = parsed(m);
      expect(c.text).toBe(m.text);
      expect(c.prefix).toBe(m.prefix);
      expect(BigInt(c.base)).toBe(m.lo);
      expect(c.version).toBe(m.bits === 32 ? 4 : 6);
    }),
    RUNS,
  );
});

test("overlaps() is interval intersection, in both orders", () => {
  fc.assert(
    fc.property(pairs, ([a, b]) => {
      const expected = a.lo <= b.hi && b.lo <= a.hi;
      expect(overlaps(parsed(a), parsed(b))).toBe(expected);
      expect(overlaps(parsed(b), parsed(a))).toBe(expected);
    }),
    RUNS,
  );
});

test("contains() is interval inclusion", () => {
  fc.assert(
    fc.property(pairs, ([a, b]) => {
      expect(contains(parsed(a), parsed(b))).toBe(a.lo <= b.lo && b.hi <= a.hi);
      expect(contains(parsed(b), parsed(a))).toBe(b.lo <= a.lo && a.hi <= b.hi);
    }),
    RUNS,
  );
});

test("IPv4 and IPv6 networks never overlap or contain each other", () => {
  fc.assert(
    fc.property(network(32), network(128), (a, b) => {
      expect(overlaps(parsed(a), parsed(b))).toBe(false);
      expect(contains(parsed(b), parsed(a))).toBe(false);
    }),
    { numRuns: 100 },
  );
});

test("parseIpv4Cidr rejects every address with host bits set (FMT-03), naming the network", () => {
  const withHostBits = fc
    .tuple(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), fc.integer({ min: 0, max: 31 }))
    .filter(([address, prefix]) => (address & hostMask(32, prefix)) !== 0n);
  fc.assert(
    fc.property(withHostBits, ([address, prefix]) => {
      const p = parseIpv4Cidr(`${ipv4Text(address)}/${prefix}`);
      expect(p.ok).toBe(false);
      if (!p.ok) {
        expect(p.error.rule).toBe("FMT-03");
        expect(p.error.message).toContain(`the network of that prefix is ${ipv4Text(address & ~hostMask(32, prefix))}/${prefix}`);
      }
    }),
    RUNS,
  );
});

test("parseIpv6Cidr rejects every address with host bits set", () => {
  const withHostBits = fc
    .tuple(ipv6Address, fc.integer({ min: 0, max: 127 }))
    .filter(([address, prefix]) => (address & hostMask(128, prefix)) !== 0n);
  fc.assert(
    fc.property(withHostBits, ([address, prefix]) => {
      const p = parseIpv6Cidr(`${ipv6Text(address)}/${prefix}`);
      expect(p.ok ? "ok" : p.error.rule).toBe("FMT-05");
    }),
    RUNS,
  );
});

test("the prefix FMT-02 suggests for a bare address never sets host bits: following it parses", () => {
  // Addresses with many trailing zero bits as well as arbitrary ones, so that /16 and every longer prefix are reached.
  const bare = fc
    .tuple(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), fc.integer({ min: 0, max: 32 }))
    .map(([address, zeros]) => ipv4Text(address & ~hostMask(32, 32 - zeros)));
  fc.assert(
    fc.property(bare, (text) => {
      const p = parseIpv4Cidr(text);
      expect(p.ok ? "ok" : p.error.rule).toBe("FMT-02");
      const suggested = !p.ok && /e\.g\. (\S+)$/.exec(p.error.message)?.[1];
      expect(suggested).toMatch(new RegExp(`^${text.replace(/\./g, "\\.")}/\\d+$`));
      expect(parseIpv4Cidr(suggested as string).ok).toBe(true);
    }),
    RUNS,
  );
});
