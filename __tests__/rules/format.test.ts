/**
 * FMT: the syntax of ranges and addresses, rejected and accepted at the edge:
 * the resolve step reads each value once (lib/plan/addresses.ts), the FMT
 * readers report what it found.
 */
import { isUnknownValue } from "../../lib/constructs/private/synthesized";
import { addressReader } from "../../lib/plan/addresses";
import type { RuleContext } from "../../lib/rules/engine";
import { readAddress, readRange, readRangeList, type ReadOptions } from "../../lib/rules/format";
import { runCheck, vnetConfig, withField } from "../support";
import { hits, messageOf, pathsOf, reportOf, skippedAt, stacks } from "./helpers";

const reader = addressReader(isUnknownValue);
// Values of any type, as a config file may hold them: the shape check is not what is tested here.
const readIpv4Cidr = (ctx: RuleContext, path: string, value: unknown, opts?: ReadOptions) => readRange(ctx, reader.ipv4Range(path, value as string), opts);
const readCidr = (ctx: RuleContext, path: string, value: unknown) => readRange(ctx, reader.range(path, value as string));
const readIpv4CidrList = (ctx: RuleContext, path: string, values: unknown[]) => readRangeList(ctx, reader.ipv4RangeList(path, values as string[]));
const readIpv4Address = (ctx: RuleContext, path: string, value: unknown) => readAddress(ctx, reader.ipv4Address(path, value as string));

const POD = "network.podCidr";

describe("IPv4 CIDR fields (pod and service ranges)", () => {
  test.each([
    // [value, rule, what the message must say]
    ["010.0.0.0/16", "FMT-01", 'octet "010" with a leading zero'],
    ["10.0.0.0/016", "FMT-01", 'prefix "/016" with a leading zero'],
    ["10.0.0.0/16\n", "FMT-01", "contains whitespace"],
    [" 10.0.0.0/16", "FMT-01", "contains whitespace"],
    ["10.0.0.0 /16", "FMT-01", "contains whitespace"],
    ["10.0.0.0/16\t", "FMT-01", "contains whitespace"],
    ["١٠.0.0.0/16", "FMT-01", "non-ASCII"],
    ["１０.0.0.0/16", "FMT-01", "non-ASCII"],
    ["10.0.0.0\u200b/16", "FMT-01", "non-ASCII"],
    ["999.1.1.0/24", "FMT-01", "octet 999, above 255"],
    ["256.0.0.0/8", "FMT-01", "octet 256, above 255"],
    ["10.0.0.0/33", "FMT-01", "prefix /33"],
    ["10.0.0/16", "FMT-01", "not an IPv4 CIDR"],
    ["10.0.0.0/", "FMT-01", "not an IPv4 CIDR"],
    ["", "FMT-01", "is empty"],
    ["10.0.0.0", "FMT-02", "no prefix length"],
    ["10.244.0.0", "FMT-02", "10.244.0.0/16"],
    // The suggestion sets no host bits: /16 would trip FMT-03.
    ["10.244.0.1", "FMT-02", "e.g. 10.244.0.1/32"],
    ["10.0.0.1/16", "FMT-03", "the network of that prefix is 10.0.0.0/16"],
    ["11.0.0.0/7", "FMT-03", "the network of that prefix is 10.0.0.0/7"],
    ["10.0.0.1/31", "FMT-03", "10.0.0.0/31"],
    ["fd00::/64", "FMT-04", "is IPv6"],
    ["::ffff:10.0.0.0/104", "FMT-04", "is IPv6"],
  ])("%j is rejected with %s", (value, rule, fragment) => {
    const run = runCheck((ctx) => readIpv4Cidr(ctx, POD, value));
    expect(hits(run, rule)).toEqual([`error ${POD}`]);
    expect(run.findings).toHaveLength(1);
    expect(messageOf(run, rule)).toContain(fragment);
  });

  test.each(["10.0.0.0/16", "10.0.0.0/8", "0.0.0.0/0", "255.255.255.255/32", "10.0.0.0/31", "100.64.0.0/10", "192.168.255.0/24", "10.0.0.1/32"])(
    "%j is accepted",
    (value) => {
      const run = runCheck((ctx) => expect(readIpv4Cidr(ctx, POD, value)).toMatchObject({ version: 4, text: value }));
      expect(run.findings).toEqual([]);
    },
  );

  test("a value that is not a string is FMT-01", () => {
    const run = runCheck((ctx) => readIpv4Cidr(ctx, POD, 16));
    expect(hits(run, "FMT-01")).toEqual([`error ${POD}`]);
  });

  test("a list reports each entry at its index and keeps the valid ones", () => {
    let valid: unknown;
    const run = runCheck((ctx) => (valid = readIpv4CidrList(ctx, "network.connectedNetworks", ["10.1.0.0/16", "10.2.0.1/16", "fd00::/48"])));
    expect(hits(run, "FMT-03")).toEqual(["error network.connectedNetworks[1]"]);
    expect(hits(run, "FMT-04")).toEqual(["error network.connectedNetworks[2]"]);
    expect(valid).toEqual([{ cidr: expect.objectContaining({ text: "10.1.0.0/16" }), path: "network.connectedNetworks[0]" }]);
  });

  test("silent readers (fields another construct reports) return undefined without a finding", () => {
    const run = runCheck((ctx) => expect(readIpv4Cidr(ctx, POD, "010.0.0.0/16", { silent: true })).toBeUndefined());
    expect(run.findings).toEqual([]);
  });

  test("an unknown value is skipped with its dependent rules, not parsed", () => {
    const run = runCheck((ctx) => expect(readIpv4Cidr(ctx, POD, "${var.pod_cidr}", { dependents: ["RES-02"] })).toBeUndefined());
    expect(run.findings).toEqual([]);
    expect(skippedAt(run, POD)).toEqual(["FMT-01", "FMT-02", "FMT-03", "FMT-04", "FMT-05", "RES-02"]);
  });
});

describe("the API server's authorized IP ranges: a range, or a bare address as its /32", () => {
  const PATH = "cluster.apiServer.authorizedIpRanges";
  const readList = (values: string[]) => reader.ipv4RangeOrAddressList(PATH, values);

  test("a bare address is read as its /32 and sent so; ranges are sent as written", () => {
    const list = readList(["203.0.113.5", "198.51.100.0/24"]);
    expect(list.values).toEqual(["203.0.113.5", "198.51.100.0/24"]);
    expect(list.sent).toEqual(["203.0.113.5/32", "198.51.100.0/24"]);
    const run = runCheck((ctx) => expect(readRangeList(ctx, list).map((r) => r.cidr.text)).toEqual(["203.0.113.5/32", "198.51.100.0/24"]));
    expect(run.findings).toEqual([]);
  });

  test.each([
    ["203.0.113.5/24", "FMT-03"],
    ["203.0.113.05", "FMT-01"],
    ["fd00::1", "FMT-04"],
  ])("%j is still rejected with %s", (value, rule) => {
    const run = runCheck((ctx) => readRangeList(ctx, readList(["198.51.100.0/24", value])));
    expect(hits(run, rule)).toEqual([`error ${PATH}[1]`]);
    expect(run.findings).toHaveLength(1);
  });

  test("every other list of ranges still refuses a bare address (FMT-02)", () => {
    const run = runCheck((ctx) => {
      readRangeList(ctx, reader.ipv4RangeList("network.connectedNetworks", ["172.16.0.1"]));
      readRangeList(ctx, reader.rangeList("network.vnet.addressSpace", ["10.224.0.0"]));
    });
    expect(hits(run, "FMT-02")).toEqual(["error network.connectedNetworks[0]", "error network.vnet.addressSpace[0]"]);
  });

  test("a reference is sent as written", () => {
    expect(readList(["${var.admin_ip}"]).sent).toEqual(["${var.admin_ip}"]);
  });
});

describe("VNet and subnet ranges (IPv4 or IPv6)", () => {
  const PATH = "network.vnet.addressSpace[1]";

  test.each([
    ["fd00:0:0:0::/64", "write fd00::/64"],
    ["FD00::/64", "canonical lower-case"],
    ["fd00::1/64", "host bits set"],
    ["fd00::/129", "not an IPv6 CIDR"],
    ["fd00::", "not an IPv6 CIDR"],
    ["fd00::/064", "not an IPv6 CIDR"],
    ["fd00::1.2.3.4/128", "write fd00::102:304/128"],
  ])("%j is rejected with FMT-05", (value, fragment) => {
    const run = runCheck((ctx) => readCidr(ctx, PATH, value));
    expect(hits(run, "FMT-05")).toEqual([`error ${PATH}`]);
    expect(messageOf(run, "FMT-05")).toContain(fragment);
  });

  test.each(["fd00::/64", "fd00:10::/48", "::/0", "2001:db8::1:0:0:1/128", "fd12:3456:789a:1::/108", "10.224.0.0/12"])("%j is accepted", (value) => {
    const run = runCheck((ctx) => expect(readCidr(ctx, PATH, value)).toMatchObject({ text: value }));
    expect(run.findings).toEqual([]);
  });

  test("an IPv4 range with whitespace is FMT-01, not taken for IPv6", () => {
    const run = runCheck((ctx) => readCidr(ctx, PATH, "10.0.0.0/8 "));
    expect(hits(run, "FMT-01")).toEqual([`error ${PATH}`]);
  });
});

describe("the DNS service IP", () => {
  const DNS = "network.dnsServiceIp";

  test.each([
    ["::ffff:10.0.0.10", "IPv4-mapped IPv6 address; AKS takes the plain dotted quad 10.0.0.10"],
    ["::ffff:a00:a", "IPv4-mapped"],
    ["fd00::10", "is an IPv6 address"],
    ["010.0.0.10", 'octet "010" with a leading zero'],
    ["10.0.0.010", 'octet "010" with a leading zero'],
    ["10.0.0.256", "octet 256, above 255"],
    ["10.0.0.10/32", "is a CIDR"],
    ["10.0.0.10\n", "contains whitespace"],
    [" 10.0.0.10", "contains whitespace"],
    ["١٠.0.0.10", "non-ASCII"],
    ["10.0.10", "not an IPv4 address"],
    ["", "is empty"],
  ])("%j is rejected with FMT-06", (value, fragment) => {
    const run = runCheck((ctx) => readIpv4Address(ctx, DNS, value));
    expect(hits(run, "FMT-06")).toEqual([`error ${DNS}`]);
    expect(messageOf(run, "FMT-06")).toContain(fragment);
  });

  test.each([
    ["10.0.0.10", 0x0a00000a],
    ["0.0.0.0", 0],
    ["255.255.255.255", 0xffffffff],
    ["192.168.0.10", 0xc0a8000a],
  ])("%j is accepted", (value, number) => {
    const run = runCheck((ctx) => expect(readIpv4Address(ctx, DNS, value)).toBe(number));
    expect(run.findings).toEqual([]);
  });
});

describe("end to end through a config", () => {
  // One defect per field: each is reported at its own path, once.
  const report = stacks({
    bad: () =>
      reportOf(
        withField(
          withField(
            withField(withField(vnetConfig(), "network.podCidr", "10.244.0.1/16"), "network.serviceCidr", "10.0.0.0"),
            "network.dnsServiceIp",
            "::ffff:10.0.0.10",
          ),
          "network.vnet.addressSpace",
          ["10.224.0.0/12", "fd00:0:0::/48", "١٠.0.0.0/16"],
        ),
      ),
    bad2: () =>
      reportOf(
        withField(withField(withField(vnetConfig(), "network.podCidr", "fd00::/64"), "network.serviceCidr", "10.0.0.0/016"), "network.dnsServiceIp", "010.0.0.10"),
      ),
    good: () =>
      reportOf(
        withField(
          withField(vnetConfig(), "network.vnet.addressSpace", ["10.224.0.0/12", "fd00:10::/48"]),
          "network.vnet.subnet.addressPrefixes",
          ["10.224.0.0/16", "fd00:10::/64"],
        ),
      ),
  });

  test.each([
    ["FMT-01", "network.serviceCidr", "bad2"],
    ["FMT-01", "network.vnet.addressSpace[2]", "bad"],
    ["FMT-02", "network.serviceCidr", "bad"],
    ["FMT-03", "network.podCidr", "bad"],
    ["FMT-04", "network.podCidr", "bad2"],
    ["FMT-05", "network.vnet.addressSpace[1]", "bad"],
    ["FMT-06", "network.dnsServiceIp", "bad"],
    ["FMT-06", "network.dnsServiceIp", "bad2"],
  ] as const)("%s is reported at %s (stack %s)", (rule, path, key) => {
    expect(pathsOf(report(key).errors, rule)).toEqual([path]);
  });

  test("a bare address is FMT-02 in the pod, service, VNet and subnet ranges, and accepted among the authorized ranges", () => {
    const bare = reportOf(
      [
        ["network.podCidr", "10.244.0.0"],
        ["network.serviceCidr", "10.0.0.0"],
        ["network.vnet.addressSpace", ["10.224.0.0"]],
        ["network.vnet.subnet.addressPrefixes", ["10.224.0.0"]],
        ["cluster.apiServer.authorizedIpRanges", ["203.0.113.5"]],
      ].reduce((c, [path, value]) => withField(c, path as string, value), vnetConfig()),
    );
    expect(pathsOf(bare.errors, "FMT-02")).toEqual(["network.vnet.addressSpace[0]", "network.vnet.subnet.addressPrefixes[0]", "network.podCidr", "network.serviceCidr"]);
    expect(bare.errors.filter((l) => l.startsWith("cluster.apiServer"))).toEqual([]);
  });

  test("the host-bits message suggests the network address", () => {
    expect(report("bad").errors).toContain('network.podCidr: "10.244.0.1/16" has host bits set; the network of that prefix is 10.244.0.0/16 [FMT-03]');
  });

  test("canonical IPv4 and IPv6 ranges produce no format finding and no error", () => {
    expect(report("good").errors).toEqual([]);
    for (const rule of ["FMT-01", "FMT-02", "FMT-03", "FMT-04", "FMT-05", "FMT-06"]) expect(pathsOf(report("good").warnings, rule)).toEqual([]);
  });
});
