/**
 * CNI: the user's Cilium Helm values must agree with the cluster. The checks
 * run in the `<env>-cni` stack (CiliumCniStack), built for `cni.plugin: cilium`.
 */
import { ipv4 } from "../../lib/net/cidr";
import { chooseMaskSize, validMaskRange } from "../../lib/plan/capacity";
import { helmValue } from "../../lib/plan/cluster";
import { checkCiliumValues, type CiliumExpectation } from "../../lib/rules/cni";
import { runCheck } from "../support";
import { cniReport, hits, messageOf, pathsOf, stacks } from "./helpers";

/** A /16 pod range, 256 nodes with surge and 110 pods each: masks /24 and /25 fit. */
const EXPECT: CiliumExpectation = { pod: ipv4("10.244.0.0/16"), nodes: 256, maxPods: 110 };
const cniRun = (values: Record<string, unknown>, expect: CiliumExpectation = EXPECT) => runCheck((ctx) => checkCiliumValues(ctx, values, expect));
const at = (key: string) => `cni.values.${key}`;

describe("CNI-01: aksbyocni on, azure off", () => {
  test.each([
    [{ aksbyocni: { enabled: false } }, "aksbyocni.enabled"],
    [{ aksbyocni: { enabled: "true" } }, "aksbyocni.enabled"],
    [{ azure: { enabled: true } }, "azure.enabled"],
  ])("%j is a warning: the chart renders it", (values, key) => {
    expect(hits(cniRun(values), "CNI-01")).toEqual([`warning ${at(key)}`]);
  });

  test.each([{ aksbyocni: { enabled: true } }, { azure: { enabled: false } }, {}])("%j is accepted", (values) => {
    expect(cniRun(values).findings).toEqual([]);
  });
});

describe("CNI-02: tunnel routing", () => {
  test.each(["native", "Tunnel", ""])("routingMode %j is rejected", (routingMode) => {
    expect(hits(cniRun({ routingMode }), "CNI-02")).toEqual([`error ${at("routingMode")}`]);
  });

  test("tunnel is accepted", () => {
    expect(cniRun({ routingMode: "tunnel" }).findings).toEqual([]);
  });
});

describe("CNI-03: cluster-pool IPAM with exactly the pod CIDR", () => {
  const LIST = "ipam.operator.clusterPoolIPv4PodCIDRList";
  test.each([
    [{ ipam: { mode: "kubernetes" } }, "ipam.mode"],
    [{ ipam: { mode: "azure" } }, "ipam.mode"],
    [{ ipam: { operator: { clusterPoolIPv4PodCIDRList: ["10.0.0.0/8"] } } }, LIST],
    [{ ipam: { operator: { clusterPoolIPv4PodCIDRList: ["10.244.0.0/16", "10.245.0.0/16"] } } }, LIST],
    [{ ipam: { operator: { clusterPoolIPv4PodCIDRList: ["10.244.0.0/17"] } } }, LIST],
    [{ ipam: { operator: { clusterPoolIPv4PodCIDRList: [] } } }, LIST],
  ])("%j is a warning: the chart and Azure accept it", (values, key) => {
    expect(hits(cniRun(values), "CNI-03")).toEqual([`warning ${at(key)}`]);
  });

  test.each([
    { ipam: { mode: "cluster-pool" } },
    { ipam: { operator: { clusterPoolIPv4PodCIDRList: ["10.244.0.0/16"] } } },
    { ipam: { operator: { clusterPoolIPv4PodCIDRList: "10.244.0.0/16" } } },
  ])("%j is accepted", (values) => {
    expect(cniRun(values).findings).toEqual([]);
  });
});

describe("CNI-04: the per-node mask fits the pod CIDR, the nodes and maxPods", () => {
  const MASK = "ipam.operator.clusterPoolIPv4MaskSize";
  const withMask = (mask: unknown) => ({ ipam: { operator: { clusterPoolIPv4MaskSize: mask } } });

  test.each([23, 26, "24", 24.5, 8])("mask %j is a warning", (mask) => {
    const run = cniRun(withMask(mask));
    expect(hits(run, "CNI-04")).toEqual([`warning ${at(MASK)}`]);
    expect(messageOf(run, "CNI-04")).toContain("use a mask from /24 to /25");
  });

  test.each([24, 25])("mask %i is accepted", (mask) => {
    expect(cniRun(withMask(mask)).findings).toEqual([]);
  });

  test.each([
    // [pod, nodes, maxPods, lo, hi]: 2^(mask - prefix) >= nodes and 2^(32 - mask) - 2 >= maxPods.
    ["10.244.0.0/16", 256, 110, 24, 25],
    ["10.244.0.0/16", 257, 110, 25, 25],
    ["10.244.0.0/16", 1, 110, 16, 25],
    ["10.244.0.0/16", 256, 126, 24, 25],
    ["10.244.0.0/16", 256, 127, 24, 24],
    ["10.244.0.0/20", 17, 110, 25, 25],
  ])("%s, %i nodes, %i pods: masks /%i to /%i", (pod, nodes, maxPods, lo, hi) => {
    expect(validMaskRange(ipv4(pod), nodes, maxPods)).toEqual({ lo, hi });
  });

  test("no mask fits: the pod CIDR must grow", () => {
    const run = cniRun(withMask(24), { pod: ipv4("10.244.0.0/24"), nodes: 2, maxPods: 250 });
    expect(messageOf(run, "CNI-04")).toContain("no per-node mask fits");
  });

  test("no mask given and none fits: reported on the pod CIDR; one that fits is not", () => {
    const tight = { pod: ipv4("10.244.0.0/24"), nodes: 2, maxPods: 250 };
    expect(hits(cniRun({}, tight), "CNI-04")).toEqual(["warning network.podCidr"]);
    expect(hits(cniRun({}, { ...tight, nodes: 1 }), "CNI-04")).toEqual([]);
  });

  test("counts that are Terraform references: CNI-04 is skipped, and a given mask is not judged", () => {
    const run = cniRun(withMask(8), { pod: ipv4("10.244.0.0/16"), nodes: undefined, maxPods: 110 });
    expect(run.findings).toEqual([]);
    expect(run.skipped).toEqual([expect.objectContaining({ rule: "CNI-04", path: "cluster" })]);
  });

  test.each([
    ["10.244.0.0/16", 256, 110, 24],
    ["10.244.0.0/20", 17, 110, 25],
    ["10.244.0.0/16", 1, 250, 24],
    ["10.244.0.0/24", 2, 250, undefined],
  ])("the mask chosen for %s, %i nodes, %i pods is %j", (pod, nodes, maxPods, mask) => {
    expect(chooseMaskSize(ipv4(pod), nodes, maxPods)).toBe(mask);
  });
});

describe("helm values", () => {
  test.each([
    ["ipam.operator.clusterPoolIPv4MaskSize", 25],
    ["ipam.mode", undefined],
    ["ipam.operator.missing.deeper", undefined],
    ["list.0", undefined],
  ])("%s reads %j", (key, value) => {
    expect(helmValue({ ipam: { operator: { clusterPoolIPv4MaskSize: 25 } }, list: ["x"] }, key)).toBe(value);
  });

  test("a value that is a Terraform reference is skipped", () => {
    const run = cniRun({ routingMode: "${var.routing}" });
    expect(run.findings).toEqual([]);
    expect(run.skipped).toEqual([{ rule: "CNI-02", path: at("routingMode") }]);
  });
});

describe("end to end through a config (the cluster stack and its CNI stack)", () => {
  /** Builds `env` and `env-cni` as the app does for `cni.plugin: cilium`; the errors of the CNI stack. */
  const report = stacks({
    // The seed: pod 10.244.0.0/16, 3 nodes + 1 surge, 110 pods per node: masks /18 to /25 fit.
    bad: () =>
      cniReport({
        aksbyocni: { enabled: false },
        routingMode: "native",
        ipam: { operator: { clusterPoolIPv4PodCIDRList: ["10.0.0.0/8"], clusterPoolIPv4MaskSize: 26 } },
      }),
    edge: () =>
      cniReport({
        aksbyocni: { enabled: true },
        routingMode: "tunnel",
        ipam: { mode: "cluster-pool", operator: { clusterPoolIPv4PodCIDRList: ["10.244.0.0/16"], clusterPoolIPv4MaskSize: 25 } },
      }),
  });

  test("CNI-02 is an error at cni.values.routingMode: the chart fails to render", () => {
    expect(pathsOf(report("bad").errors, "CNI-02")).toEqual(["cni.values.routingMode"]);
  });

  test.each([
    ["CNI-01", "cni.values.aksbyocni.enabled"],
    ["CNI-03", "cni.values.ipam.operator.clusterPoolIPv4PodCIDRList"],
    ["CNI-04", "cni.values.ipam.operator.clusterPoolIPv4MaskSize"],
  ])("%s warns at %s", (rule, path) => {
    expect(pathsOf(report("bad").warnings, rule)).toEqual([path]);
  });

  test("values that agree with the cluster, mask /25 at the edge: no error", () => {
    expect(report("edge").errors).toEqual([]);
  });
});
