/**
 * RES: ranges AKS and Azure reserve. Overlap in either direction counts, so
 * the edges are the ranges right next to each reserved block.
 */
import { cidr, ipv4 } from "../../lib/net/cidr";
import { checkClusterReserved, checkVnetReserved } from "../../lib/rules/reserved";
import { runCheck, seedConfig, vnetConfig, withField } from "../support";
import { hits, messageOf, pathsOf, reportOf, stacks } from "./helpers";

const SERVICE = "network.serviceCidr";
const POD = "network.podCidr";
const SPACE = "network.vnet.addressSpace[0]";

const clusterRun = (service: string | undefined, pod: string | undefined) =>
  runCheck((ctx) =>
    checkClusterReserved(ctx, {
      service: service === undefined ? undefined : { cidr: ipv4(service), path: SERVICE },
      pod: pod === undefined ? undefined : { cidr: ipv4(pod), path: POD },
    }),
  );
const vnetRun = (space: string) => runCheck((ctx) => checkVnetReserved(ctx, [{ cidr: cidr(space), path: SPACE }]));

describe("RES-01: the service CIDR", () => {
  test.each([
    ["172.30.0.0/16", "172.30.0.0/16"],
    ["172.31.255.0/24", "172.31.0.0/16"],
    ["169.254.0.0/17", "169.254.0.0/16"],
    ["192.0.2.0/24", "192.0.2.0/24"],
    ["192.0.0.0/22", "192.0.2.0/24"],
    ["172.16.0.0/12", "172.30.0.0/16 and 172.31.0.0/16"],
  ])("%s is rejected (overlaps %s)", (service, hit) => {
    const run = clusterRun(service, undefined);
    expect(hits(run, "RES-01")).toEqual([`error ${SERVICE}`]);
    expect(messageOf(run, "RES-01")).toContain(`overlaps ${hit}, which AKS reserves`);
  });

  test.each(["172.29.0.0/16", "172.32.0.0/16", "172.16.0.0/13", "169.253.0.0/16", "169.255.0.0/16", "192.0.1.0/24", "192.0.3.0/24", "10.0.0.0/16"])(
    "%s, next to a reserved block, is accepted",
    (service) => {
      expect(clusterRun(service, undefined).findings).toEqual([]);
    },
  );
});

describe("RES-05: the service CIDR in Azure's reserved list", () => {
  test.each([
    ["224.0.0.0/16", "224.0.0.0/4"],
    ["239.255.0.0/16", "224.0.0.0/4"],
    ["127.0.0.0/16", "127.0.0.0/8"],
    ["168.63.128.0/23", "168.63.129.16/32"],
    ["255.255.255.0/24", "255.255.255.255/32"],
  ])("%s is rejected (overlaps %s)", (service, hit) => {
    const run = clusterRun(service, undefined);
    expect(hits(run, "RES-05")).toEqual([`error ${SERVICE}`]);
    expect(messageOf(run, "RES-05")).toContain(`overlaps ${hit}, which AKS blocks for service ranges`);
  });

  test("169.254.0.0/16, on both lists, is RES-01's alone", () => {
    const run = clusterRun("169.254.0.0/16", undefined);
    expect(hits(run, "RES-01")).toEqual([`error ${SERVICE}`]);
    expect(hits(run, "RES-05")).toEqual([]);
  });

  test.each(["223.255.0.0/16", "240.0.0.0/16", "126.255.0.0/16", "128.0.0.0/16", "168.63.130.0/24"])("%s, next to a reserved block, is not RES-05's", (service) => {
    expect(hits(clusterRun(service, undefined), "RES-05")).toEqual([]);
  });

  test("a pod range there is not RES-05's: no source says AKS checks pods against Azure's list", () => {
    expect(clusterRun(undefined, "224.0.0.0/16").findings).toEqual([]);
  });
});

describe("RES-02: the pod CIDR", () => {
  test.each([
    // The example the AKS docs give: it contains both 172.30/16 and 172.31/16.
    ["172.16.0.0/12", "172.30.0.0/16 and 172.31.0.0/16"],
    ["172.24.0.0/13", "172.30.0.0/16 and 172.31.0.0/16"],
    // Inside a reserved block.
    ["169.254.0.0/17", "169.254.0.0/16"],
    ["169.254.128.0/24", "169.254.0.0/16"],
    ["192.0.2.128/25", "192.0.2.0/24"],
    ["0.0.0.0/0", "169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24"],
  ])("%s is rejected (overlaps %s)", (pod, hit) => {
    const run = clusterRun(undefined, pod);
    expect(hits(run, "RES-02")).toEqual([`error ${POD}`]);
    expect(messageOf(run, "RES-02")).toContain(`pod CIDR ${pod} overlaps ${hit}`);
  });

  test.each(["172.16.0.0/13", "172.28.0.0/15", "172.32.0.0/11", "169.255.0.0/17", "192.0.3.0/24", "10.244.0.0/16"])(
    "%s is accepted",
    (pod) => {
      expect(clusterRun(undefined, pod).findings).toEqual([]);
    },
  );
});

describe("RES-03 and RES-04: the VNet address space", () => {
  test.each([
    ["172.30.0.0/16", ["RES-03"]],
    ["172.31.0.0/24", ["RES-03"]],
    ["192.0.2.0/24", ["RES-03"]],
    ["172.16.0.0/12", ["RES-03"]],
    ["169.254.0.0/17", ["RES-03", "RES-04"]],
    ["224.0.0.0/4", ["RES-04"]],
    ["239.255.255.0/24", ["RES-04"]],
    ["240.0.0.0/4", ["RES-04"]],
    ["255.255.255.255/32", ["RES-04"]],
    ["127.0.0.0/8", ["RES-04"]],
    ["127.0.0.0/16", ["RES-04"]],
    ["168.63.129.16/32", ["RES-04"]],
    ["168.63.129.16/28", ["RES-04"]],
    ["168.63.128.0/23", ["RES-04"]],
  ])("%s is rejected with %j", (space, rules) => {
    const run = vnetRun(space);
    expect([...new Set(run.findings.map((f) => f.rule))]).toEqual(rules);
    for (const rule of rules) expect(hits(run, rule)).toEqual([`error ${SPACE}`]);
  });

  test("RES-04 names what the reserved range is", () => {
    expect(messageOf(vnetRun("168.63.128.0/23"), "RES-04")).toContain("168.63.129.16/32 (Azure's internal DNS and health probe address)");
  });

  test.each([
    "168.63.129.0/28", // ends at .15, one before Azure's DNS address
    "168.63.129.32/27",
    "223.255.255.0/24", // just below multicast
    "128.0.0.0/8", // just above loopback
    "126.0.0.0/8",
    "172.28.0.0/15", // just below 172.30/16
    "172.32.0.0/16",
    "10.224.0.0/12",
    "fd00::/48", // IPv6 never overlaps the IPv4 reserved blocks
  ])("%s is accepted", (space) => {
    expect(vnetRun(space).findings).toEqual([]);
  });
});

describe("end to end through a config", () => {
  const report = stacks({
    pod: () => reportOf(withField(seedConfig(), "network.podCidr", "172.16.0.0/12")),
    podEdge: () => reportOf(withField(seedConfig(), "network.podCidr", "172.16.0.0/13")),
    service: () => reportOf(withField(withField(seedConfig(), "network.serviceCidr", "192.0.2.0/24"), "network.dnsServiceIp", "192.0.2.10")),
    serviceEdge: () => reportOf(withField(withField(seedConfig(), "network.serviceCidr", "192.0.3.0/24"), "network.dnsServiceIp", "192.0.3.10")),
    vnet: () => reportOf(withField(vnetConfig(), "network.vnet.addressSpace", ["10.224.0.0/12", "169.254.0.0/17"])),
    vnetEdge: () => reportOf(withField(vnetConfig(), "network.vnet.addressSpace", ["10.224.0.0/12", "168.63.129.0/28"])),
  });

  test.each([
    ["RES-01", SERVICE, "service", "serviceEdge"],
    ["RES-02", POD, "pod", "podEdge"],
    ["RES-03", "network.vnet.addressSpace[1]", "vnet", "vnetEdge"],
    ["RES-04", "network.vnet.addressSpace[1]", "vnet", "vnetEdge"],
  ] as const)("%s is reported at %s (stack %s) and not for the edge (stack %s)", (rule, path, bad, good) => {
    expect(pathsOf(report(bad).errors, rule)).toEqual([path]);
    expect(pathsOf(report(good).errors, rule)).toEqual([]);
    expect(report(good).errors).toEqual([]);
  });

  test("the docs' example pod range is refused with both reserved blocks named", () => {
    expect(report("pod").errors).toContain(
      "network.podCidr: pod CIDR 172.16.0.0/12 overlaps 172.30.0.0/16 and 172.31.0.0/16, which AKS reserves; choose a range outside 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24 [RES-02]",
    );
  });
});
