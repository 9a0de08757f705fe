/**
 * lib/net/cidr.ts: strict parsing, formatting and range arithmetic.
 */
import {
  cidr,
  contains,
  containsAddress,
  formatIpv4,
  ipv4,
  ipv4Last,
  ipv4Mask,
  ipv4Size,
  overlaps,
  parseCidr,
  parseIpv4Address,
  parseIpv4Cidr,
  parseIpv4CidrOrAddress,
  parseIpv6Cidr,
} from "../../lib/net/cidr";
import { parseSubnetId, subnetScopes, UUID } from "../../lib/net/arm-id";

const ruleOf = (p: { ok: boolean; error?: { rule: string } }) => (p.ok ? "ok" : p.error!.rule);

describe("parseIpv4Cidr", () => {
  test.each([
    ["10.0.0.0/16", "ok"],
    ["0.0.0.0/0", "ok"],
    ["255.255.255.255/32", "ok"],
    ["10.0.0.0", "FMT-02"],
    ["10.0.0.1/16", "FMT-03"],
    ["128.0.0.0/0", "FMT-03"],
    ["10.0.0.0/016", "FMT-01"],
    ["010.0.0.0/16", "FMT-01"],
    ["10.0.0.0/16\n", "FMT-01"],
    ["\n10.0.0.0/16", "FMT-01"],
    ["10.0.0.0/16\r", "FMT-01"],
    ["10.0.0.0/1 6", "FMT-01"],
    ["١٠.0.0.0/16", "FMT-01"],
    ["１０.０.０.０/１６", "FMT-01"],
    ["10.0.0.0/+16", "FMT-01"],
    ["10.0.0.0/16/16", "FMT-01"],
    ["0x0a.0.0.0/8", "FMT-01"],
    ["10.0.0.0/33", "FMT-01"],
    ["10.0.0.0/-1", "FMT-01"],
    ["1.2.3/24", "FMT-01"],
    ["1.2.3.4.5/24", "FMT-01"],
    ["fd00::/8", "FMT-04"],
  ])("%j: %s", (text, rule) => {
    expect(ruleOf(parseIpv4Cidr(text))).toBe(rule);
  });

  test("the value: base as an unsigned integer, prefix, the text as given", () => {
    expect(parseIpv4Cidr("192.168.128.0/17")).toEqual({ ok: true, value: { version: 4, base: 0xc0a88000, prefix: 17, text: "192.168.128.0/17" } });
  });
});

describe("the prefix FMT-02 suggests for a bare address", () => {
  test.each([
    // /16 where the address is the network of its /16, else the shortest prefix without host bits.
    ["10.244.0.0", "10.244.0.0/16"],
    ["0.0.0.0", "0.0.0.0/16"],
    ["10.244.0.1", "10.244.0.1/32"],
    ["203.0.113.5", "203.0.113.5/32"],
    ["10.244.1.0", "10.244.1.0/24"],
    ["10.244.128.0", "10.244.128.0/17"],
  ])("%j: e.g. %s", (text, suggestion) => {
    const p = parseIpv4Cidr(text);
    expect(p.ok ? "ok" : p.error.message).toBe(`"${text}" has no prefix length; write it as a CIDR, e.g. ${suggestion}`);
  });
});

describe("parseIpv4CidrOrAddress (authorized IP ranges)", () => {
  test("a bare address is the range of that one address, written as its /32", () => {
    expect(parseIpv4CidrOrAddress("203.0.113.5")).toEqual({ ok: true, value: { version: 4, base: 0xcb007105, prefix: 32, text: "203.0.113.5/32" } });
  });

  test.each([
    ["203.0.113.0/24", "ok"],
    ["203.0.113.5/32", "ok"],
    ["203.0.113.5/24", "FMT-03"],
    ["203.0.113.05", "FMT-01"],
    ["203.0.113.5 ", "FMT-01"],
    ["fd00::1", "FMT-04"],
    ["", "FMT-01"],
  ])("otherwise as parseIpv4Cidr: %j: %s", (text, rule) => {
    expect(ruleOf(parseIpv4CidrOrAddress(text))).toBe(rule);
    expect(ruleOf(parseIpv4CidrOrAddress(text))).toBe(ruleOf(parseIpv4Cidr(text)));
  });
});

describe("parseIpv4Address", () => {
  test.each([
    ["10.0.0.10", "ok"],
    ["::ffff:10.0.0.10", "FMT-06"],
    ["10.0.0.10/32", "FMT-06"],
    ["10.00.0.10", "FMT-06"],
    ["10.0.0.10 ", "FMT-06"],
    ["", "FMT-06"],
  ])("%j: %s", (text, rule) => {
    expect(ruleOf(parseIpv4Address(text))).toBe(rule);
  });
});

describe("parseIpv6Cidr and parseCidr", () => {
  test.each([
    ["fd00::/64", "ok"],
    ["::/0", "ok"],
    ["2001:db8:0:1:1:1:1:1/128", "ok"],
    ["2001:0:0:1::1/128", "ok"],
    ["2001::1:0:0:1:1/128", "ok"],
    ["2001:0:0:1::1:1/128", "FMT-05"],
    ["2001:db8::1:1:1:1:1/128", "FMT-05"],
    ["fd00:0::/64", "FMT-05"],
    ["fd00::1/64", "FMT-05"],
    ["FD00::/64", "FMT-05"],
    ["fd00::/129", "FMT-05"],
    ["fd00::/ 64", "FMT-05"],
    ["fd00::%eth0/64", "FMT-05"],
    [":::/64", "FMT-05"],
  ])("%j: %s", (text, rule) => {
    expect(ruleOf(parseIpv6Cidr(text))).toBe(rule);
  });

  test("the base is the 128-bit network address", () => {
    const p = parseIpv6Cidr("fd00:10::/32");
    expect(p.ok && p.value.base).toBe(0xfd000010n << 96n);
  });

  test("parseCidr takes either family; whitespace keeps it on the IPv4 path", () => {
    expect(parseCidr("fd00::/64")).toMatchObject({ ok: true, value: { version: 6 } });
    expect(parseCidr("10.0.0.0/8")).toMatchObject({ ok: true, value: { version: 4 } });
    expect(ruleOf(parseCidr("fd00::/64 "))).toBe("FMT-01");
  });

  test("the table shorthands throw on a typo", () => {
    expect(() => cidr("10.0.0.1/8")).toThrow("internal range table: 10.0.0.1/8");
    expect(() => ipv4("fd00::/8")).toThrow("internal range table");
  });
});

describe("arithmetic", () => {
  test.each([
    [0, 0],
    [1, 0x80000000],
    [8, 0xff000000],
    [31, 0xfffffffe],
    [32, 0xffffffff],
  ])("the /%i mask is %i", (prefix, mask) => {
    expect(ipv4Mask(prefix)).toBe(mask);
  });

  test.each([
    ["0.0.0.0/0", 2 ** 32, "255.255.255.255"],
    ["10.2.16.0/20", 4096, "10.2.31.255"],
    ["10.0.0.0/31", 2, "10.0.0.1"],
    ["10.0.0.5/32", 1, "10.0.0.5"],
  ])("%s has %i addresses up to %s", (text, size, last) => {
    const c = ipv4(text);
    expect(ipv4Size(c)).toBe(size);
    expect(formatIpv4(ipv4Last(c))).toBe(last);
  });

  test.each([
    ["10.0.0.0/16", "10.1.0.0/16", false],
    ["10.0.0.0/15", "10.1.0.0/16", true],
    ["10.1.0.0/16", "10.0.0.0/15", true],
    ["10.0.0.0/8", "10.0.0.0/8", true],
    ["172.16.0.0/12", "172.30.0.0/16", true],
    ["169.254.0.0/17", "169.254.0.0/16", true],
    ["10.0.0.0/32", "10.0.0.1/32", false],
    ["0.0.0.0/0", "255.255.255.255/32", true],
    ["fd00::/64", "fd00::/48", true],
    ["fd00::/64", "fd00:0:0:1::/64", false],
    ["10.0.0.0/8", "::/0", false],
  ])("overlaps(%s, %s) is %s", (a, b, expected) => {
    expect(overlaps(cidr(a), cidr(b))).toBe(expected);
    expect(overlaps(cidr(b), cidr(a))).toBe(expected);
  });

  test.each([
    ["10.0.0.0/15", "10.1.0.0/16", true],
    ["10.1.0.0/16", "10.0.0.0/15", false],
    ["10.0.0.0/8", "10.0.0.0/8", true],
    ["10.0.0.0/16", "10.1.0.0/16", false],
    ["fd00::/48", "fd00::/64", true],
    ["::/0", "10.0.0.0/8", false],
  ])("contains(%s, %s) is %s", (outer, inner, expected) => {
    expect(contains(cidr(outer), cidr(inner))).toBe(expected);
  });

  test("containsAddress counts the network and broadcast addresses", () => {
    const c = ipv4("10.2.16.0/20");
    expect([0x0a021000, 0x0a021fff, 0x0a020fff, 0x0a022000].map((a) => containsAddress(c, a))).toEqual([true, true, false, false]);
  });
});

describe("subnet ARM IDs", () => {
  const ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-aks";

  test("parsed into its parts, with the scopes that cover it", () => {
    const id = parseSubnetId(ID)!;
    expect(id).toEqual({ subscriptionId: "00000000-0000-0000-0000-000000000001", resourceGroupName: "rg-net", virtualNetworkName: "vnet-hub", subnetName: "snet-aks" });
    expect(subnetScopes(id)).toEqual([
      ID,
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub",
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net",
      "/subscriptions/00000000-0000-0000-0000-000000000001",
    ]);
  });

  test.each([ID.replace("resourceGroups", "resourcegroups"), ID.replace("/subnets/snet-aks", ""), `${ID}/x`, ID.slice(1), `${ID}\n`])("%j is not a subnet ID", (text) => {
    expect(parseSubnetId(text)).toBeUndefined();
  });

  test("UUID is a whole-string match", () => {
    expect(UUID.test("4d97b98b-1d4f-4787-a291-c67834d212e7")).toBe(true);
    expect(UUID.test("4d97b98b-1d4f-4787-a291-c67834d212e7\n")).toBe(false);
  });
});
