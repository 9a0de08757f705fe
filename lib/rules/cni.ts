/**
 * CNI: the Cilium install must agree with the cluster (network-rules §5.1, §6).
 * The pod CIDR is the single source of truth; Cilium's default pool
 * (10.0.0.0/8) collides with AKS's default service CIDR and most VNets.
 */
import { ciliumChartCatalog, unknownChartKeys, type ChartValuesCatalog, type UnknownChartKey } from "../catalog/cilium-chart";
import type { Ipv4Cidr } from "../net/cidr";
import { defineRules, type RuleContext } from "./engine";

export const CNI_RULES = defineRules({
  "CNI-01": {
    severity: "error",
    title: "Cilium: aksbyocni.enabled is true and azure.enabled is not set",
    source: "Cilium docs k8s-install-helm (AKS tab); chart reference aksbyocni.enabled",
  },
  "CNI-02": {
    severity: "error",
    title: "Cilium: routingMode is tunnel when aksbyocni is on",
    source: "cilium chart templates/cilium-configmap.yaml (fails otherwise)",
  },
  "CNI-03": {
    severity: "error",
    title: "Cilium: ipam.mode cluster-pool and clusterPoolIPv4PodCIDRList equal to [podCidr]",
    source: "Cilium cluster-pool doc; setup-aks-cluster action; use-byo-cni",
  },
  "CNI-04": {
    severity: "error",
    title: "Cilium: clusterPoolIPv4MaskSize fits the pod CIDR, every node with surge, and maxPods",
    source: "Cilium chart defaults; network-rules §5.1",
  },
  "CNI-06": {
    severity: "error",
    title: "Cilium: every key in cni.values is a key of the chart (a misspelled key renders silently with the chart's default)",
    source:
      "cilium chart 1.18.12 values.yaml and the keys its templates read (lib/catalog/cilium-chart-values.json, from scripts/cilium-chart-keys.js); its values.schema.json checks types only, not unknown keys",
  },
});

/** Cilium's default per-node block. */
export const CILIUM_DEFAULT_MASK = 24;

/** Bits needed to count `n` distinct things. */
const bitsFor = (n: number) => (n <= 1 ? 0 : Math.ceil(Math.log2(n)));

/** The range of per-node mask sizes that fit: `[lo, hi]`, empty when lo > hi. */
export function validMaskRange(pod: Ipv4Cidr, nodes: number, maxPods: number): { lo: number; hi: number } {
  // Every node needs its own block; each block holds maxPods plus network and broadcast.
  return { lo: pod.prefix + bitsFor(nodes), hi: 32 - bitsFor(maxPods + 2) };
}

/** Cilium's default mask if it fits, else the nearest mask that does; `undefined` when none fits. */
export function chooseMaskSize(pod: Ipv4Cidr, nodes: number, maxPods: number): number | undefined {
  const { lo, hi } = validMaskRange(pod, nodes, maxPods);
  if (lo > hi) return undefined;
  return Math.min(Math.max(CILIUM_DEFAULT_MASK, lo), hi);
}

/** Reads a dotted key of nested Helm values. */
export function helmValue(values: Readonly<Record<string, unknown>>, dotted: string): unknown {
  let cur: unknown = values;
  for (const key of dotted.split(".")) {
    if (!cur || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** What the values must agree with. */
export interface CiliumExpectation {
  readonly pod: Ipv4Cidr;
  readonly nodes: number;
  readonly maxPods: number;
}

/**
 * CNI-01..04 on the user's `cni.values` (the computed values always agree;
 * what the user adds must not contradict them).
 */
export function checkCiliumValues(ctx: RuleContext, user: Readonly<Record<string, unknown>>, expect: CiliumExpectation): void {
  const at = (key: string) => `cni.values.${key}`;
  const get = (key: string, rule: string) => {
    const v = helmValue(user, key);
    return ctx.unknown(rule, at(key), v) ? undefined : v;
  };
  const aks = get("aksbyocni.enabled", "CNI-01");
  if (aks !== undefined && aks !== true) {
    ctx.report("CNI-01", at("aksbyocni.enabled"), `is ${JSON.stringify(aks)}; Cilium on an AKS BYOCNI cluster needs aksbyocni.enabled: true`);
  }
  const azure = get("azure.enabled", "CNI-01");
  if (azure !== undefined && azure !== false) {
    ctx.report("CNI-01", at("azure.enabled"), "azure.enabled is for Azure CNI clusters and conflicts with aksbyocni; remove it");
  }
  const routing = get("routingMode", "CNI-02");
  if (routing !== undefined && routing !== "tunnel") {
    ctx.report("CNI-02", at("routingMode"), `is ${JSON.stringify(routing)}; with aksbyocni the chart requires "tunnel" (the default)`);
  }
  const ipamMode = get("ipam.mode", "CNI-03");
  if (ipamMode !== undefined && ipamMode !== "cluster-pool") {
    ctx.report("CNI-03", at("ipam.mode"), `is ${JSON.stringify(ipamMode)}; AKS BYOCNI needs cluster-pool IPAM (Azure IPAM is not available)`);
  }
  const listKey = "ipam.operator.clusterPoolIPv4PodCIDRList";
  const list = get(listKey, "CNI-03");
  if (list !== undefined) {
    const entries = Array.isArray(list) ? list : [list];
    if (entries.length !== 1 || entries[0] !== expect.pod.text) {
      ctx.report("CNI-03", at(listKey), `is ${JSON.stringify(list)}; it must be exactly ["${expect.pod.text}"], the cluster's network.podCidr (remove it: it is set for you)`);
    }
  }
  const maskKey = "ipam.operator.clusterPoolIPv4MaskSize";
  const mask = get(maskKey, "CNI-04");
  if (mask !== undefined) {
    const { lo, hi } = validMaskRange(expect.pod, expect.nodes, expect.maxPods);
    if (typeof mask !== "number" || !Number.isInteger(mask) || mask < lo || mask > hi) {
      ctx.report(
        "CNI-04",
        at(maskKey),
        lo > hi
          ? `no per-node mask fits: pod CIDR ${expect.pod.text} cannot hold ${expect.nodes} nodes (with surge) of ${expect.maxPods} pods each; enlarge network.podCidr`
          : `${JSON.stringify(mask)} does not fit: with pod CIDR ${expect.pod.text}, ${expect.nodes} nodes (with surge) and maxPods ${expect.maxPods}, use a mask from /${lo} to /${hi}`,
      );
    }
  }
}

/** The message of one unknown key. */
function unknownKeyMessage(found: UnknownChartKey, chartVersion: string): string {
  const head = `unknown key for the Cilium chart ${chartVersion}`;
  switch (found.kind) {
    case "dotted":
      return `${head}; a values file nests keys (dots are --set syntax): write "${found.suggestion}" as nested mappings`;
    case "under-scalar":
      return `${head}: "${found.segments[found.segments.length - 2]}" takes a value, not sub-keys`;
    default:
      return found.suggestion === undefined
        ? `${head}; the chart would ignore it and use its default for what was meant`
        : `${head}; did you mean "${found.suggestion}"?`;
  }
}

/**
 * CNI-06 on the user's `cni.values`: each key the Cilium chart does not know
 * is an error at `cni.values.<dotted key>`, with the nearest known key. The
 * keys come from one chart version (`catalog.version`); with a pinned
 * `chartVersion` of another minor release the rule is skipped, since keys
 * come and go between minors (patch releases keep them).
 */
export function checkCiliumChartKeys(
  ctx: RuleContext,
  user: Readonly<Record<string, unknown>>,
  chartVersion?: string,
  catalog: ChartValuesCatalog = ciliumChartCatalog(),
): void {
  const minor = (v: string) => /^v?(\d+)\.(\d+)(?:\.|$)/.exec(v)?.slice(1, 3).join(".");
  if (typeof chartVersion === "string" && minor(chartVersion) !== undefined && minor(chartVersion) !== minor(catalog.version)) {
    ctx.skip("CNI-06", "cni.version", `the known keys are those of chart ${catalog.version}; version ${chartVersion} is another minor release`);
    return;
  }
  for (const found of unknownChartKeys(user, catalog.keys)) {
    const path = `cni.values${found.path.startsWith("[") ? "" : "."}${found.path}`;
    // A key given as a Terraform reference cannot be checked at synth time.
    if (found.segments.some((s) => ctx.unknown("CNI-06", path, s))) continue;
    ctx.report("CNI-06", path, unknownKeyMessage(found, catalog.version));
  }
}
