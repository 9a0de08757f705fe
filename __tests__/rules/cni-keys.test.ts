/**
 * CNI-06: every key of `cni.values` is a key of the Cilium chart. The chart's
 * values.schema.json checks types only, so a misspelled key would render
 * silently with the chart's default (see __tests__/cilium-chart.test.ts).
 */
import { ciliumChartCatalog, formatKeyPath, unknownChartKeys, type ChartKeyMap } from "../../lib/reference/cilium-chart";
import { keyDistance } from "../../lib/text/edit-distance";
import { computedCiliumValues } from "../../lib/plan/cilium-values";
import { checkCiliumChartKeys } from "../../lib/rules/cni";
import { runCheck } from "../support";
import { cniReport, hits, messageOf, stacks } from "./helpers";

const V = ciliumChartCatalog().version;
const keysRun = (values: Record<string, unknown>, chartVersion?: string) => runCheck((ctx) => checkCiliumChartKeys(ctx, values, chartVersion));
const at = (key: string) => `cni.values.${key}`;

test("the catalog is the Cilium chart 1.18.12", () => {
  expect(ciliumChartCatalog()).toMatchObject({ chart: "cilium", version: "1.18.12", sha256: "5923f9d9fcb11bc4692ad52353cc791b935d96e09ba0c535c5a8b88ea8a37572" });
});

describe("CNI-06 warns about keys the chart does not know (the chart ignores them)", () => {
  test("a misspelled key, with the sibling that was meant", () => {
    const run = keysRun({ ipam: { operator: { clusterPoolIPv4PodCIDRLlist: ["10.244.0.0/16"] } } });
    expect(hits(run, "CNI-06")).toEqual([`warning ${at("ipam.operator.clusterPoolIPv4PodCIDRLlist")}`]);
    expect(messageOf(run, "CNI-06")).toBe(`unknown key for the Cilium chart ${V}; did you mean "clusterPoolIPv4PodCIDRList"?`);
  });

  test.each([
    // [values, reported path, suggestion]
    [{ hubbel: { relay: { enabled: true } } }, "hubbel", "hubble"],
    [{ routingmode: "tunnel" }, "routingmode", "routingMode"],
    [{ operator: { replica: 1 } }, "operator.replica", "replicas"],
    [{ ipam: { operater: { clusterPoolIPv4MaskSize: 24 } } }, "ipam.operater", "operator"],
    [{ hubble: { relay: { enable: true } } }, "hubble.relay.enable", "enabled"],
  ])("%j: %s, did you mean %s", (values, key, suggestion) => {
    const run = keysRun(values);
    expect(hits(run, "CNI-06")).toEqual([`warning ${at(key)}`]);
    expect(messageOf(run, "CNI-06")).toContain(`did you mean "${suggestion}"?`);
  });

  test("an unknown top-level key with nothing close: no suggestion", () => {
    const run = keysRun({ notACiliumSetting: true });
    expect(hits(run, "CNI-06")).toEqual([`warning ${at("notACiliumSetting")}`]);
    expect(messageOf(run, "CNI-06")).toBe(`unknown key for the Cilium chart ${V}; the chart would ignore it and use its default for what was meant`);
  });

  test("a key at the wrong level: the full path of the known key", () => {
    expect(messageOf(keysRun({ clusterPoolIPv4PodCIDRList: ["10.244.0.0/16"] }), "CNI-06")).toContain('did you mean "ipam.operator.clusterPoolIPv4PodCIDRList"?');
    expect(messageOf(keysRun({ ipam: { clusterPoolIPv4MaskSize: 24 } }), "CNI-06")).toContain('did you mean "ipam.operator.clusterPoolIPv4MaskSize"?');
  });

  test("a dotted key (--set syntax) in a values mapping: write it nested", () => {
    const run = keysRun({ "ipam.operator.clusterPoolIPv4MaskSize": 24 });
    expect(hits(run, "CNI-06")).toEqual([`warning cni.values["ipam.operator.clusterPoolIPv4MaskSize"]`]);
    expect(messageOf(run, "CNI-06")).toContain('write "ipam.operator.clusterPoolIPv4MaskSize" as nested mappings');
  });

  test("sub-keys under a key that takes a value", () => {
    const run = keysRun({ kubeProxyReplacement: { enabled: true } });
    expect(hits(run, "CNI-06")).toEqual([`warning ${at("kubeProxyReplacement.enabled")}`]);
    expect(messageOf(run, "CNI-06")).toContain('"kubeProxyReplacement" takes a value, not sub-keys');
  });

  test("only the first unknown segment is reported, every unknown key once, in order", () => {
    const run = keysRun({ hubble: { relay: { enabled: true, enable: true } }, nope: { deeper: { still: 1 } }, ipam: { mode: "cluster-pool" } });
    expect(hits(run, "CNI-06")).toEqual([`warning ${at("hubble.relay.enable")}`, `warning ${at("nope")}`]);
  });

  test("a removed option that is set is an error: the chart's validate.yaml fails on it; unset, it is only unknown", () => {
    expect(ciliumChartCatalog().removedOptions).toContain("tunnel");
    expect(hits(keysRun({ tunnel: "vxlan" }), "CNI-06")).toEqual([`error ${at("tunnel")}`]);
    expect(hits(keysRun({ tunnel: "disabled" }), "CNI-06")).toEqual([`error ${at("tunnel")}`]);
    expect(messageOf(keysRun({ tunnel: "vxlan" }), "CNI-06")).toContain("fails to render while it is set");
    expect(hits(keysRun({ tunnel: "" }), "CNI-06")).toEqual([`warning ${at("tunnel")}`]);
    expect(hits(keysRun({ encryption: { keyFile: "keys" } }), "CNI-06")).toEqual([`error ${at("encryption.keyFile")}`]);
  });
});

describe("CNI-06 accepts known keys at the edges", () => {
  test.each([
    ["a deep known key", { hubble: { relay: { prometheus: { serviceMonitor: { interval: "10s" } } } } }],
    ["the keys this project computes", computedCiliumValues({ podCidr: "10.244.0.0/16", maskSize: 24, kubeProxyReplacement: true, k8sServiceHost: "x.hcp.eastus.azmk8s.io" })],
    ["any sub-key of an empty mapping (podAnnotations)", { podAnnotations: { "example.com/owner": "platform" }, operator: { podLabels: { team: "net" } } }],
    ["any sub-key of extraConfig (agent config, free-form)", { extraConfig: { "enable-anything": "true" } }],
    ["any sub-key of a mapping the templates render whole (nodeSelector, affinity)", { nodeSelector: { agentpool: "system" }, operator: { affinity: { nodeAffinity: { whatever: [] } } } }],
    ["list items of any shape", { tolerations: [{ key: "x", operator: "Exists", anything: true }], operator: { tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }] } }],
    ["a key the templates read that values.yaml only mentions in a comment", { loadBalancer: { algorithm: "maglev" }, devices: "eth+" }],
    ["a null default the schema types as an object", { envoy: { log: { format_json: { time: "%Y" } } } }],
  ])("%s", (_what, values) => {
    expect(keysRun(values).findings).toEqual([]);
  });

  test("values that are Terraform references are not inspected (CNI-06 checks keys only)", () => {
    expect(keysRun({ k8sServiceHost: "${azurerm_kubernetes_cluster.aks.fqdn}", hubble: "${var.hubble}" }).findings).toEqual([]);
  });

  test("a key that is a Terraform reference is skipped, not reported", () => {
    const run = keysRun({ "${var.key}": true });
    expect(run.findings).toEqual([]);
    expect(run.skipped).toEqual([{ rule: "CNI-06", path: 'cni.values["${var.key}"]' }]);
  });
});

describe("the chart version", () => {
  test.each(["1.18.12", "1.18.14", "1.18.0", "v1.18.4"])("%s: keys of 1.18 are checked", (version) => {
    expect(hits(keysRun({ hubbel: {} }, version), "CNI-06")).toEqual([`warning ${at("hubbel")}`]);
  });

  test.each(["1.17.9", "1.19.0"])("%s, another minor release: skipped, with the reason", (version) => {
    const run = keysRun({ hubbel: {} }, version);
    expect(run.findings).toEqual([]);
    expect(run.skipped).toEqual([{ rule: "CNI-06", path: "cni.version", reason: expect.stringContaining(`chart ${V}`) }]);
  });
});

describe("unknownChartKeys on a small tree", () => {
  const TREE: ChartKeyMap = { a: { b: "scalar", list: "list", open: "open", any: "any" }, top: "scalar", longerName: "scalar" };

  test.each([
    [{ a: { b: 1, list: [{ x: 1 }], open: { x: { y: 1 } }, any: { x: 1 } }, top: 1 }, []],
    [{ a: { c: 1 } }, [{ path: "a.c", segments: ["a", "c"], kind: "misspelled", suggestion: "b" }]],
    [{ longername: 1 }, [{ path: "longername", segments: ["longername"], kind: "misspelled", suggestion: "longerName" }]],
    [{ xyz: 1 }, [{ path: "xyz", segments: ["xyz"], kind: "misspelled" }]],
    [{ top: { x: 1 } }, [{ path: "top.x", segments: ["top", "x"], kind: "under-scalar" }]],
    [{ a: { "b.c": 1 } }, [{ path: 'a["b.c"]', segments: ["a", "b.c"], kind: "misspelled" }]],
  ])("%j", (values, expected) => {
    expect(unknownChartKeys(values, TREE)).toEqual(expected);
  });

  test("a short key far from every name gets no suggestion from elsewhere in the tree", () => {
    // "bar" is one edit from many short names of the Cilium chart (bpf.*, ...): not worth suggesting.
    expect(unknownChartKeys({ bar: 1 })).toEqual([{ path: "bar", segments: ["bar"], kind: "misspelled" }]);
  });

  test.each([
    ["routingMode", "routingMode", 0],
    ["routingmode", "routingMode", 0.1],
    ["ipma", "ipam", 1],
    ["clusterPoolIPv4PodCIDRLlist", "clusterPoolIPv4PodCIDRList", 1],
    ["abc", "xyz", 3],
  ])("distance %s to %s is %d", (a, b, d) => {
    expect(keyDistance(a, b)).toBeCloseTo(d);
  });

  test("paths: a key containing a dot is bracketed", () => {
    expect(formatKeyPath(["a", "b"])).toBe("a.b");
    expect(formatKeyPath(["kubernetes.io/os"])).toBe('["kubernetes.io/os"]');
    expect(formatKeyPath(["nodeSelector", "kubernetes.io/os"])).toBe('nodeSelector["kubernetes.io/os"]');
  });
});

describe("end to end through the cluster stack and its CNI stack", () => {
  /** The error lines of `env-cni`, built as the app builds it for `cni.plugin: cilium`. */
  const report = stacks({
    misspelled: () => cniReport({ ipam: { operator: { clusterPoolIPv4PodCIDRLlist: ["10.0.0.0/8"] } }, hubble: { relay: { enabled: true } } }),
    known: () =>
      cniReport({
        hubble: { relay: { enabled: true }, ui: { enabled: true } },
        operator: { replicas: 1, nodeSelector: { agentpool: "system" } },
        podAnnotations: { "example.com/owner": "platform" },
        loadBalancer: { algorithm: "maglev" },
      }),
  });

  test("a misspelled key is a CNI-06 warning of the CNI stack that names the key that was meant", () => {
    expect(report("misspelled").errors).toEqual([]);
    expect(report("misspelled").warnings).toContain(
      `cni.values.ipam.operator.clusterPoolIPv4PodCIDRLlist: unknown key for the Cilium chart ${V}; did you mean "clusterPoolIPv4PodCIDRList"? [CNI-06]`,
    );
  });

  test("known keys, open mappings and template-read keys: no finding", () => {
    expect(report("known").errors).toEqual([]);
    expect(report("known").warnings.filter((w) => w.includes("[CNI-06]"))).toEqual([]);
  });
});
