/**
 * CNI: the Cilium install must agree with the cluster (network-rules §5.1, §6).
 * The pod CIDR is the single source of truth; Cilium's default pool
 * (10.0.0.0/8) collides with AKS's default service CIDR and most VNets.
 */
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
