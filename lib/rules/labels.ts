/**
 * LBL: node labels and taints of a pool (Kubernetes labels-and-selectors
 * syntax; taint-and-toleration; AKS use-labels, use-node-taints,
 * use-system-pools).
 */
import type { ClusterPlan } from "../plan/cluster";
import type { PoolPlan } from "../plan/pools";
import { defineRules, type RuleContext } from "./engine";

const SYNTAX = "Kubernetes labels-and-selectors (Syntax and character set); apimachinery validation IsQualifiedName, IsValidLabelValue";

export const LABEL_RULES = defineRules({
  "LBL-01": {
    severity: "error",
    title: "A node label key is [prefix/]name: the name 1-63 characters of letters, digits, '-', '_', '.', alphanumeric at both ends; the prefix a DNS subdomain of at most 253 characters",
    source: SYNTAX,
    why: "refused: Kubernetes refuses the label on the node (kubelet cannot register it), and AKS refuses node labels Kubernetes would",
    fix: "write the label key as [prefix/]name: a name of 1-63 letters, digits, '-', '_' or '.' that starts and ends alphanumeric, after an optional DNS subdomain prefix",
  },
  "LBL-02": {
    severity: "error",
    title: "A node label value is empty or 1-63 characters of letters, digits, '-', '_', '.', alphanumeric at both ends",
    source: SYNTAX,
    why: "refused: Kubernetes refuses the label on the node, and AKS refuses node labels Kubernetes would",
    fix: "leave the label value empty, or write 1-63 letters, digits, '-', '_' or '.' that start and end alphanumeric",
  },
  "LBL-03": {
    severity: "error",
    title: "No node label in a reserved namespace: kubernetes.azure.com, or kubernetes.io and k8s.io (and their subdomains) other than kubelet.kubernetes.io and node.kubernetes.io",
    source: "use-labels (Reserved prefixes: kubernetes.azure.com/ and kubernetes.io/; changing AKS's reserved labels is an error); kubelet --node-labels (kubernetes.io and k8s.io labels only under kubelet.kubernetes.io or node.kubernetes.io)",
    why: "refused: AKS refuses labels with its reserved prefixes, and kubelet refuses to start with --node-labels in the kubernetes.io or k8s.io namespaces outside the allowed prefixes",
    fix: "use a label prefix of your own: not kubernetes.azure.com, and kubernetes.io or k8s.io only as kubelet.kubernetes.io or node.kubernetes.io",
  },
  "LBL-04": {
    severity: "error",
    title: "A taint is key=value:Effect or key:Effect, the key and value in label syntax, the effect NoSchedule, PreferNoSchedule or NoExecute",
    source: "Kubernetes taint-and-toleration; kubectl taint syntax; AKS use-node-taints (--node-taints key=value:Effect)",
    why: "refused: AKS refuses a node taint it cannot parse, and Kubernetes refuses other effects",
    fix: "write the taint as key=value:Effect or key:Effect, the effect NoSchedule, PreferNoSchedule or NoExecute",
  },
  "LBL-05": {
    severity: "error",
    title: "A pool's taints are unique by key and effect",
    source: "Kubernetes API validation of Node.spec.taints (taints must be unique by key and effect pair)",
    why: "refused: Kubernetes refuses a node with two taints of the same key and effect",
    fix: "keep one taint per key and effect on the pool",
  },
  "LBL-06": {
    severity: "error",
    title: "No taints on the system pool: it gets CriticalAddonsOnly=true:NoSchedule itself once a user pool exists",
    source: "azurerm 4.55.0 and 4.73.0 default_node_pool (no node_taints since 4.0; only_critical_addons_enabled sets CriticalAddonsOnly=true:NoSchedule); use-system-pools",
    why: "refused: azurerm's default_node_pool has no node_taints argument; the one taint a system pool may carry comes from only_critical_addons_enabled, which this project sets with a user pool (CKV_AZURE_232)",
    fix: "remove nodeTaints from the system pool and put the tainted workloads on a user pool",
  },
});

const NAME = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

/** Kubernetes' qualified name: `[prefix/]name`. */
function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (!NAME.test(name)) return false;
  return prefix === undefined || (prefix.length >= 1 && prefix.length <= 253 && prefix.split(".").every((l) => DNS_LABEL.test(l)));
}

/** Kubernetes' label value. */
const isLabelValue = (value: string): boolean => VALUE.test(value);

/** The reserved namespace a label key is in, if any. */
function reservedNamespace(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  if (slash < 0) return undefined;
  const domain = key.slice(0, slash).toLowerCase();
  const under = (d: string) => domain === d || domain.endsWith(`.${d}`);
  if (under("kubernetes.azure.com")) return "kubernetes.azure.com";
  if (under("kubelet.kubernetes.io") || under("node.kubernetes.io")) return undefined;
  if (under("kubernetes.io")) return "kubernetes.io";
  if (under("k8s.io")) return "k8s.io";
  return undefined;
}

/** A taint parsed: key, value (maybe empty), effect; undefined when it is not `key[=value]:Effect`. */
function parseTaint(taint: string): { key: string; value: string; effect: string } | undefined {
  const m = /^([^=:]+)(?:=([^:]*))?:([^:]+)$/.exec(taint);
  return m ? { key: m[1]!, value: m[2] ?? "", effect: m[3]! } : undefined;
}

function checkLabels(ctx: RuleContext, pool: PoolPlan): void {
  const labels = pool.nodeLabels;
  if (!labels || ctx.unknown(["LBL-01", "LBL-02", "LBL-03"], `${pool.path}.nodeLabels`, labels)) return;
  for (const [key, value] of Object.entries(labels)) {
    const at = `${pool.path}.nodeLabels.${key}`;
    if (!isLabelKey(key)) {
      ctx.report("LBL-01", at, `"${key}" is not a label key: [prefix/]name, the name 1-63 letters, digits, '-', '_' or '.', starting and ending alphanumeric`);
      continue;
    }
    const reserved = reservedNamespace(key);
    if (reserved) ctx.report("LBL-03", at, `"${key}" is in the ${reserved} namespace, which ${reserved === "kubernetes.azure.com" ? "AKS reserves" : "kubelet refuses in --node-labels (only kubelet.kubernetes.io and node.kubernetes.io are allowed)"}; use a prefix of your own`);
    if (!ctx.unknown("LBL-02", at, value) && !(typeof value === "string" && isLabelValue(value))) {
      ctx.report("LBL-02", at, `${JSON.stringify(value)} is not a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric`);
    }
  }
}

function checkTaints(ctx: RuleContext, pool: PoolPlan): void {
  const taints = pool.nodeTaints;
  if (!taints || taints.length === 0) return;
  if (pool.system) {
    ctx.report("LBL-06", `${pool.path}.nodeTaints`, "the system pool takes no taints (azurerm has none for it); with a user pool it is tainted CriticalAddonsOnly=true:NoSchedule, which is the taint AKS allows there");
    return;
  }
  const seen = new Set<string>();
  taints.forEach((taint, i) => {
    const at = `${pool.path}.nodeTaints[${i}]`;
    if (ctx.unknown("LBL-04", at, taint)) return;
    const t = typeof taint === "string" ? parseTaint(taint) : undefined;
    if (!t || !isLabelKey(t.key) || !isLabelValue(t.value) || !(TAINT_EFFECTS as readonly string[]).includes(t.effect)) {
      ctx.report("LBL-04", at, `${JSON.stringify(taint)} is not key=value:Effect or key:Effect (label syntax; effect ${TAINT_EFFECTS.join(", ")})`);
      return;
    }
    const id = `${t.key}:${t.effect}`;
    if (seen.has(id)) ctx.report("LBL-05", at, `a taint with key "${t.key}" and effect ${t.effect} is already set on this pool`);
    seen.add(id);
  });
}

/** LBL-01..06 on every pool. */
export function checkLabelsAndTaints(ctx: RuleContext, plan: ClusterPlan): void {
  for (const pool of plan.pools) {
    checkLabels(ctx, pool);
    checkTaints(ctx, pool);
  }
}
