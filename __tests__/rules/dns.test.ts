/**
 * DNS: the kube-dns ClusterIP inside the service range. "First address" is
 * network + 1 whatever the prefix: for 10.2.16.0/20 it is 10.2.16.1, while
 * 10.2.17.1 is an ordinary address.
 */
import { ipv4, parseIpv4Address } from "../../lib/net/cidr";
import { checkDnsServiceIp, staticBandSize } from "../../lib/rules/dns";
import { runCheck, seedConfig, withField } from "../support";
import { hits, messageOf, pathsOf, reportOf, stacks } from "./helpers";

const DNS = "network.dnsServiceIp";

function dnsRun(service: string, dns: string) {
  const address = parseIpv4Address(dns);
  if (!address.ok) throw new Error(address.error.message);
  return runCheck((ctx) =>
    checkDnsServiceIp(ctx, {
      service: { cidr: ipv4(service), path: "network.serviceCidr" },
      dns: { address: address.value, path: DNS },
      vnetSpace: [],
      nodeSubnet: [],
      otherSubnets: [],
      connected: [],
    }),
  );
}

const DNS_ERRORS = ["DNS-01", "DNS-02", "DNS-03", "DNS-04"];

describe("DNS-01..04: inside the range, not the network, first or broadcast address", () => {
  test.each([
    ["10.2.16.0/20", "10.2.16.1", "DNS-02", "the first address of 10.2.16.0/20"],
    ["10.0.0.0/16", "10.0.0.1", "DNS-02", "taken by the kubernetes service"],
    ["10.0.0.0/30", "10.0.0.1", "DNS-02", "first address"],
    ["10.2.16.0/20", "10.2.16.0", "DNS-03", "the network address of 10.2.16.0/20"],
    ["10.0.0.0/16", "10.0.0.0", "DNS-03", "network address"],
    ["10.2.16.0/20", "10.2.31.255", "DNS-04", "the broadcast address of 10.2.16.0/20"],
    ["10.0.0.0/30", "10.0.0.3", "DNS-04", "broadcast address"],
    ["10.2.16.0/20", "10.2.32.0", "DNS-01", "outside the service CIDR 10.2.16.0/20; pick an address inside it, e.g. 10.2.16.10"],
    ["10.2.16.0/20", "10.2.15.255", "DNS-01", "outside the service CIDR"],
    ["10.0.0.0/16", "10.1.0.10", "DNS-01", "outside"],
  ])("in %s, %s is rejected with %s", (service, dns, rule, fragment) => {
    const run = dnsRun(service, dns);
    expect(hits(run, rule)).toEqual([`error ${DNS}`]);
    expect(run.findings.filter((f) => f.severity === "error")).toHaveLength(1);
    expect(messageOf(run, rule)).toContain(fragment);
  });

  test.each([
    // Every suggestion is itself accepted: the range's .10, or its last host in a /30.
    ["10.0.0.0/16", "10.0.0.1", "e.g. 10.0.0.10"],
    ["10.0.0.0/30", "10.0.0.1", "e.g. 10.0.0.2"],
    // A /31 or /32 holds no address kube-dns may take (SVC-06): no address is suggested.
    ["10.0.0.0/31", "10.0.0.1", "widen network.serviceCidr to /30 or shorter first (10.0.0.0/31 has no address for it)"],
    ["10.0.0.0/32", "10.0.0.0", "Widen network.serviceCidr to /30 or shorter first (10.0.0.0/32 has no address for it)"],
  ])("in %s, %s: the fix suggests %s", (service, dns, fragment) => {
    const run = dnsRun(service, dns);
    expect(run.findings.filter((f) => f.severity === "error").map((f) => f.message)).toEqual([expect.stringContaining(fragment)]);
    const suggested = /e\.g\. (\S+)$/.exec(fragment)?.[1];
    if (suggested) for (const rule of DNS_ERRORS) expect(hits(dnsRun(service, suggested), rule)).toEqual([]);
  });

  test.each([
    ["10.2.16.0/20", "10.2.17.1"],
    ["10.2.16.0/20", "10.2.16.2"],
    ["10.2.16.0/20", "10.2.31.254"],
    ["10.2.16.0/20", "10.2.16.10"],
    ["10.0.0.0/16", "10.0.0.10"],
    ["10.0.0.0/30", "10.0.0.2"],
  ])("in %s, %s is accepted", (service, dns) => {
    const run = dnsRun(service, dns);
    for (const rule of DNS_ERRORS) expect(hits(run, rule)).toEqual([]);
  });
});

describe("DNS-05: the static band (warning)", () => {
  test.each([
    // [range size, band]
    [4, 0],
    [15, 0],
    // A /28: 16 addresses of which 14 usable; current Kubernetes keeps no static band.
    [16, 0],
    [32, 16],
    [256, 16],
    [4096, 256],
    [8192, 256],
    [65536, 256],
  ])("a range of %i addresses has a static band of %i", (size, band) => {
    expect(staticBandSize(size)).toBe(band);
  });

  test.each([
    ["10.0.0.0/16", "10.0.1.1"], // offset 257
    ["10.0.0.0/24", "10.0.0.17"], // offset 17
    ["10.2.16.0/20", "10.2.17.1"], // offset 257
    ["10.0.0.0/29", "10.0.0.2"], // no static band below 16 addresses
    ["10.0.0.0/28", "10.0.0.14"], // nor at 16
  ])("in %s, %s is a warning", (service, dns) => {
    expect(hits(dnsRun(service, dns), "DNS-05")).toEqual([`warning ${DNS}`]);
  });

  test.each([
    ["10.0.0.0/16", "10.0.1.0"], // offset 256, the last of the band
    ["10.0.0.0/24", "10.0.0.16"],
    ["10.0.0.0/27", "10.0.0.16"], // the last of a /27's band of 16
    ["10.0.0.0/16", "10.0.0.10"],
  ])("in %s, %s is in the band", (service, dns) => {
    expect(dnsRun(service, dns).findings).toEqual([]);
  });
});

describe("end to end through a config", () => {
  const withDns = (service: string, dns: string) => withField(withField(seedConfig(), "network.serviceCidr", service), "network.dnsServiceIp", dns);
  const report = stacks({
    first: () => reportOf(withDns("10.2.16.0/20", "10.2.16.1")),
    network: () => reportOf(withDns("10.2.16.0/20", "10.2.16.0")),
    broadcast: () => reportOf(withDns("10.2.16.0/20", "10.2.31.255")),
    outside: () => reportOf(withDns("10.2.16.0/20", "10.2.32.10")),
    ordinary: () => reportOf(withDns("10.2.16.0/20", "10.2.17.1")),
    banded: () => reportOf(withDns("10.2.16.0/20", "10.2.16.10")),
  });

  test.each([
    ["DNS-01", "outside"],
    ["DNS-02", "first"],
    ["DNS-03", "network"],
    ["DNS-04", "broadcast"],
  ] as const)("%s is reported at network.dnsServiceIp (stack %s)", (rule, key) => {
    expect(pathsOf(report(key).errors, rule)).toEqual([DNS]);
  });

  test("10.2.17.1 in 10.2.16.0/20 is no error, only outside the static band", () => {
    expect(report("ordinary").errors).toEqual([]);
    expect(pathsOf(report("ordinary").warnings, "DNS-05")).toEqual([DNS]);
  });

  test("10.2.16.10 in 10.2.16.0/20 has no DNS finding at all", () => {
    expect(report("banded").errors).toEqual([]);
    expect(pathsOf(report("banded").warnings, "DNS-05")).toEqual([]);
  });
});
