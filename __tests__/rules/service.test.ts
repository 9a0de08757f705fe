/**
 * SVC: the Kubernetes service range against the VNet, its subnets, the
 * connected networks and the pod range; its size; the service/DNS pair; and
 * the list form (service_cidrs), which only an override can add.
 */
import type { AksByoCniConfig } from "../../lib/config/types";
import { readAddressPlan } from "../../lib/rules/ranges";
import { checkServiceRange } from "../../lib/rules/service";
import { runCheck, seedConfig, vnetConfig, withField } from "../support";
import { byoRun, hits, planOf, messageOf, pathsOf, reportOf, stacks } from "./helpers";

const SVC = "network.serviceCidr";
const DNS = "network.dnsServiceIp";

/** Sets the service range and a DNS IP at offset 10 inside it. */
function withService(config: AksByoCniConfig, service: string | undefined, dns?: string): AksByoCniConfig {
  const ip = dns ?? (service === undefined ? undefined : service.replace(/\.0\/\d+$/, ".10"));
  return withField(withField(config, "network.serviceCidr", service), "network.dnsServiceIp", ip);
}

/** The cluster VNet 10.1.0.0/16 with the node subnet 10.1.0.0/24. */
const vnet = () =>
  withField(withField(vnetConfig(), "network.vnet.addressSpace", ["10.1.0.0/16"]), "network.vnet.subnet.addressPrefixes", ["10.1.0.0/24"]);

const serviceRun = (config: AksByoCniConfig) =>
  runCheck((ctx) => {
    const plan = planOf(config).cluster;
    checkServiceRange(ctx, plan, readAddressPlan(ctx, plan));
  });

describe("overlaps: SVC-01 subnet, SVC-02 VNet, SVC-03 connected, SVC-04 pod", () => {
  test.each([
    ["SVC-01", "10.1.0.0/24 itself", withService(vnet(), "10.1.0.0/24")],
    ["SVC-01", "10.0.0.0/15 (contains the subnet)", withService(vnet(), "10.0.0.0/15")],
    ["SVC-01", "an other subnet of the VNet", withField(withService(vnet(), "10.1.128.0/24"), "network.vnet.otherSubnets", [{ name: "snet-db", addressPrefixes: ["10.1.128.0/25"] }])],
    ["SVC-02", "10.1.128.0/17 (inside the VNet, outside every subnet)", withService(vnet(), "10.1.128.0/17")],
    ["SVC-03", "10.2.0.0/15 with 10.3.0.0/16 connected", withField(withService(seedConfig(), "10.2.0.0/15"), "network.connectedNetworks", ["10.3.0.0/16"])],
    ["SVC-04", "10.0.0.0/15 with pod 10.1.0.0/16", withField(withService(seedConfig(), "10.0.0.0/15"), "network.podCidr", "10.1.0.0/16")],
    ["SVC-04", "the AKS default 10.0.0.0/16 with pod 10.0.0.0/8", withField(seedConfig(), "network.podCidr", "10.0.0.0/8")],
  ])("%s reports %s", (rule, _what, config) => {
    const run = serviceRun(config);
    // ARM refuses a subnet overlap; it tolerates the others (see docs/rules.md).
    expect(hits(run, rule)).toEqual([`${rule === "SVC-01" ? "error" : "warning"} ${SVC}`]);
    // SVC-01 and SVC-02 exclude each other: a subnet overlap is the one ARM reports.
    if (rule === "SVC-01") expect(hits(run, "SVC-02")).toEqual([]);
  });

  test.each([
    ["10.0.0.0/16 next to the VNet 10.1.0.0/16", withService(vnet(), "10.0.0.0/16")],
    ["10.2.0.0/16 next to the VNet", withService(vnet(), "10.2.0.0/16")],
    ["10.2.0.0/16 next to connected 10.3.0.0/16", withField(withService(seedConfig(), "10.2.0.0/16"), "network.connectedNetworks", ["10.3.0.0/16"])],
    ["10.0.0.0/16 next to pod 10.1.0.0/16", withField(withService(seedConfig(), "10.0.0.0/16"), "network.podCidr", "10.1.0.0/16")],
  ])("accepts %s", (_what, config) => {
    const run = serviceRun(config);
    for (const rule of ["SVC-01", "SVC-02", "SVC-03", "SVC-04"]) expect(hits(run, rule)).toEqual([]);
  });

  test("an unset service CIDR is checked as the AKS default 10.0.0.0/16", () => {
    const config = withField(withService(vnetConfig(), undefined), "network.vnet.addressSpace", ["10.0.0.0/8"]);
    const run = serviceRun(config);
    expect(hits(run, "SVC-02")).toEqual([`warning ${SVC}`]);
    expect(messageOf(run, "SVC-02")).toBe(
      "service CIDR 10.0.0.0/16 (the AKS default) overlaps the VNet address space 10.0.0.0/8 (network.vnet.addressSpace[0]); Azure accepts an overlap with the VNet that misses every subnet, but a subnet added there later is refused, and pods cannot reach those VNet addresses",
    );
  });
});

describe("size: SVC-05 (at most /13) and SVC-06 (at least /30, warning past /24)", () => {
  test.each([
    ["10.0.0.0/12", "SVC-05", "error", "AKS requires a range smaller than /12"],
    ["10.0.0.0/11", "SVC-05", "error", "larger than Kubernetes allows"],
    ["10.0.0.0/8", "SVC-05", "error", "larger than Kubernetes allows"],
    ["10.0.0.0/31", "SVC-06", "error", "leaves no address for kube-dns"],
    ["10.0.0.0/32", "SVC-06", "error", "leaves no address for kube-dns"],
    ["10.0.0.0/30", "SVC-06", "warning", "holds only 1 service IPs"],
    ["10.0.0.0/25", "SVC-06", "warning", "holds only 125 service IPs"],
  ])("%s: %s %s", (service, rule, severity, fragment) => {
    const run = serviceRun(withService(seedConfig(), service, "10.0.0.2"));
    expect(hits(run, rule)).toEqual([`${severity} ${SVC}`]);
    expect(messageOf(run, rule)).toContain(fragment);
  });

  test.each(["10.0.0.0/13", "10.0.0.0/16", "10.0.0.0/24"])("%s is accepted by SVC-05 and SVC-06", (service) => {
    const run = serviceRun(withService(seedConfig(), service));
    expect(hits(run, "SVC-05")).toEqual([]);
    expect(hits(run, "SVC-06")).toEqual([]);
  });
});

describe("SVC-08: serviceCidr and dnsServiceIp together", () => {
  test.each([
    ["only serviceCidr", "10.0.0.0/16", undefined, DNS],
    ["only dnsServiceIp", undefined, "10.0.0.10", SVC],
  ])("%s is rejected at the missing one", (_what, service, dns, missing) => {
    const run = serviceRun(withField(withField(seedConfig(), "network.serviceCidr", service), "network.dnsServiceIp", dns));
    expect(hits(run, "SVC-08")).toEqual([`error ${missing}`]);
  });

  test.each([
    ["both", "10.0.0.0/16", "10.0.0.10"],
    ["neither (the AKS defaults)", undefined, undefined],
  ])("%s is accepted", (_what, service, dns) => {
    const run = serviceRun(withField(withField(seedConfig(), "network.serviceCidr", service), "network.dnsServiceIp", dns));
    expect(hits(run, "SVC-08")).toEqual([]);
  });
});

describe("the list form on the synthesized network_profile: SVC-07 and SVC-09", () => {
  const byoNoneRun = (profile: Record<string, unknown>) => byoRun({ network_plugin: "none", ...profile });

  test.each([
    ["SVC-07", { service_cidrs: ["10.0.0.0/16", "fd00::/107"] }],
    ["SVC-07", { service_cidrs: ["10.0.0.0/16", "fd00::/64"] }],
  ])("%s rejects %j", (rule, profile) => {
    expect(hits(byoNoneRun(profile), rule)).toEqual([`error ${SVC}`]);
  });

  test.each([{ service_cidr: "10.0.0.0/16", service_cidrs: ["10.1.0.0/16"] }, { service_cidr: "10.0.0.0/16", service_cidrs: ["fd00::/108", "10.0.0.0/16"] }])(
    "SVC-09 warns about %j (no refusal known)",
    (profile) => {
      expect(hits(byoNoneRun(profile), "SVC-09")).toEqual([`warning ${SVC}`]);
    },
  );

  test.each([
    { service_cidrs: ["10.0.0.0/16", "fd00::/108"] },
    { service_cidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/120"] },
    { service_cidr: "10.0.0.0/16", service_cidrs: ["10.0.0.0/16", "fd00::/108"] },
    { service_cidr: "10.0.0.0/16" },
    { service_cidr: "10.0.0.0/16", service_cidrs: [] },
  ])("%j is accepted", (profile) => {
    const run = byoNoneRun(profile);
    expect(hits(run, "SVC-07")).toEqual([]);
    expect(hits(run, "SVC-09")).toEqual([]);
  });
});

describe("end to end through a config", () => {
  const report = stacks({
    svc01: () => reportOf(withService(vnet(), "10.0.0.0/15")),
    svc02: () => reportOf(withService(vnet(), "10.1.128.0/17")),
    svc03: () => reportOf(withField(withService(seedConfig(), "10.2.0.0/15"), "network.connectedNetworks", ["10.3.0.0/16"])),
    svc04: () => reportOf(withField(withService(seedConfig(), "10.0.0.0/15"), "network.podCidr", "10.1.0.0/16")),
    svc05: () => reportOf(withService(seedConfig(), "10.0.0.0/12")),
    svc06: () => reportOf(withService(seedConfig(), "10.0.0.0/31", "10.0.0.1")),
    svc08: () => reportOf(withField(seedConfig(), "network.serviceCidr", "10.0.0.0/16")),
    // 10.0.0.0/16 right below the VNet 10.1.0.0/16, and (edgePod) right below the pod range 10.1.0.0/16; /13 is the largest allowed.
    edge: () => reportOf(withField(withField(withService(vnet(), "10.0.0.0/16"), "network.podCidr", "10.2.0.0/16"), "network.connectedNetworks", ["10.3.0.0/16"])),
    edgePod: () => reportOf(withField(withService(seedConfig(), "10.0.0.0/16"), "network.podCidr", "10.1.0.0/16")),
    edge13: () => reportOf(withService(seedConfig(), "10.0.0.0/13")),
    edge30: () => reportOf(withService(seedConfig(), "10.0.0.0/30", "10.0.0.2")),
    // Reachable only through an override: the config has no list form.
    lists: () =>
      reportOf(seedConfig(), (stack) => {
        stack.cluster.kubernetesCluster.addOverride("network_profile.service_cidr", "10.0.0.0/16");
        stack.cluster.kubernetesCluster.addOverride("network_profile.service_cidrs", ["10.1.0.0/16", "fd00::/107"]);
      }),
    listsEdge: () =>
      reportOf(seedConfig(), (stack) => stack.cluster.kubernetesCluster.addOverride("network_profile.service_cidrs", ["10.0.0.0/16", "fd00::/108"])),
  });

  test.each([
    ["SVC-01", SVC, "svc01"],
    ["SVC-05", SVC, "svc05"],
    ["SVC-06", SVC, "svc06"],
    ["SVC-08", DNS, "svc08"],
    ["SVC-07", SVC, "lists"],
  ] as const)("%s is an error at %s (stack %s)", (rule, path, key) => {
    expect(pathsOf(report(key).errors, rule)).toEqual([path]);
  });

  test.each([
    ["SVC-02", SVC, "svc02"],
    ["SVC-03", SVC, "svc03"],
    ["SVC-04", SVC, "svc04"],
    ["SVC-09", SVC, "lists"],
  ] as const)("%s warns at %s (stack %s)", (rule, path, key) => {
    expect(pathsOf(report(key).warnings, rule)).toEqual([path]);
    expect(pathsOf(report(key).errors, rule)).toEqual([]);
  });

  test.each(["edge", "edgePod", "edge13", "edge30", "listsEdge"] as const)("stack %s has no error", (key) => {
    expect(report(key).errors).toEqual([]);
  });

  test("/30 is accepted with a capacity warning", () => {
    expect(pathsOf(report("edge30").warnings, "SVC-06")).toEqual([SVC]);
  });
});
