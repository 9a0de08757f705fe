/**
 * CNI: the Cilium install must agree with the cluster (network-rules §5.1, §6).
 * The pod CIDR is the single source of truth; Cilium's default pool
 * (10.0.0.0/8) collides with AKS's default service CIDR and most VNets.
 */
import { ciliumChartCatalog, unknownChartKeys, type ChartValuesCatalog, type UnknownChartKey } from "../catalog/cilium-chart";
import type { Ipv4Cidr } from "../net/cidr";
import { validMaskRange } from "../plan/capacity";
import { CILIUM_MASK_KEY, helmValue } from "../plan/cluster";
import { defineRules, type RuleContext } from "./engine";

export const CNI_RULES = defineRules({
  "CNI-01": {
    severity: "error",
    title: "Cilium: aksbyocni.enabled is true and azure.enabled is not true",
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

/** What the values must agree with. */
export interface CiliumExpectation {
  readonly pod: Ipv4Cidr;
  readonly nodes: number;
  readonly maxPods: number;
}

/** A value that the cluster fixes, and what to say when `cni.values` says otherwise. */
interface FixedValue {
  readonly key: string;
  readonly rule: string;
  readonly ok: (v: unknown) => boolean;
  readonly message: (v: unknown) => string;
}

const FIXED: readonly FixedValue[] = [
  { key: "aksbyocni.enabled", rule: "CNI-01", ok: (v) => v === true, message: (v) => `is ${JSON.stringify(v)}; Cilium on an AKS BYOCNI cluster needs aksbyocni.enabled: true` },
  { key: "azure.enabled", rule: "CNI-01", ok: (v) => v === false, message: () => "azure.enabled is for Azure CNI clusters and conflicts with aksbyocni; remove it" },
  { key: "routingMode", rule: "CNI-02", ok: (v) => v === "tunnel", message: (v) => `is ${JSON.stringify(v)}; with aksbyocni the chart requires "tunnel" (the default)` },
  { key: "ipam.mode", rule: "CNI-03", ok: (v) => v === "cluster-pool", message: (v) => `is ${JSON.stringify(v)}; AKS BYOCNI needs cluster-pool IPAM (Azure IPAM is not available)` },
];

const POD_LIST_KEY = "ipam.operator.clusterPoolIPv4PodCIDRList";

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
  for (const f of FIXED) {
    const v = get(f.key, f.rule);
    if (v !== undefined && !f.ok(v)) ctx.report(f.rule, at(f.key), f.message(v));
  }
  const list = get(POD_LIST_KEY, "CNI-03");
  const entries = Array.isArray(list) ? list : [list];
  if (list !== undefined && (entries.length !== 1 || entries[0] !== expect.pod.text)) {
    ctx.report("CNI-03", at(POD_LIST_KEY), `is ${JSON.stringify(list)}; it must be exactly ["${expect.pod.text}"], the cluster's network.podCidr (remove it: it is set for you)`);
  }
  const mask = get(CILIUM_MASK_KEY, "CNI-04");
  if (mask !== undefined) checkMask(ctx, at(CILIUM_MASK_KEY), mask, expect);
}

/** CNI-04: a per-node block size given in the values fits the pod range, the nodes and maxPods. */
function checkMask(ctx: RuleContext, path: string, mask: unknown, expect: CiliumExpectation): void {
  const { lo, hi } = validMaskRange(expect.pod, expect.nodes, expect.maxPods);
  if (typeof mask === "number" && Number.isInteger(mask) && mask >= lo && mask <= hi) return;
  ctx.report(
    "CNI-04",
    path,
    lo > hi
      ? `no per-node mask fits: pod CIDR ${expect.pod.text} cannot hold ${expect.nodes} nodes (with surge) of ${expect.maxPods} pods each; enlarge network.podCidr`
      : `${JSON.stringify(mask)} does not fit: with pod CIDR ${expect.pod.text}, ${expect.nodes} nodes (with surge) and maxPods ${expect.maxPods}, use a mask from /${lo} to /${hi}`,
  );
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
