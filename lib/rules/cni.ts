/**
 * CNI: the Cilium install must agree with the cluster (network-rules §5.1, §6).
 * The pod CIDR is the single source of truth; Cilium's default pool
 * (10.0.0.0/8) collides with AKS's default service CIDR and most VNets.
 */
import { ciliumChartCatalog, unknownChartKeys, type ChartValuesCatalog, type UnknownChartKey } from "../reference/cilium-chart";
import type { Ipv4Cidr } from "../net/cidr";
import { CILIUM_DEFAULT_MASK, validMaskRange } from "../plan/capacity";
import { CILIUM_MASK_KEY, helmValue, type ClusterPlan, type CniPlan } from "../plan/cluster";
import { defineRules, type RuleContext } from "./engine";

export const CNI_RULES = defineRules({
  "CNI-01": {
    severity: "warning",
    title: "Cilium: aksbyocni.enabled is true and azure.enabled is not true",
    source: "Cilium docs k8s-install-helm (AKS tab); chart reference aksbyocni.enabled",
    why: "tolerated: the chart renders either (no fail in its templates); Cilium's Azure IPAM does not work on a BYOCNI cluster, and without aksbyocni its defaults are not the ones AKS BYOCNI needs",
    fix: "remove aksbyocni.enabled and azure.enabled from cni.values: the stack sets aksbyocni.enabled: true",
  },
  "CNI-02": {
    severity: "error",
    title: "Cilium: routingMode is tunnel when aksbyocni is on",
    source: "cilium chart templates/cilium-configmap.yaml (fails otherwise)",
    why: "refused: the chart fails to render (\"RoutingMode must be set to tunnel when aksbyocni.enabled=true\"), so the Helm release fails",
    fix: "remove routingMode from cni.values, or set it to tunnel",
  },
  "CNI-03": {
    severity: "warning",
    title: "Cilium: ipam.mode cluster-pool and clusterPoolIPv4PodCIDRList equal to [podCidr]",
    source: "Cilium cluster-pool doc; setup-aks-cluster action; use-byo-cni",
    why: "tolerated: the chart and Azure accept another pool; pods then get addresses the control plane does not route to (webhooks, kubectl logs and exec fail)",
    fix: "remove ipam.mode and ipam.operator.clusterPoolIPv4PodCIDRList from cni.values (the stack sets them from network.podCidr), and write network.podCidr as a literal range",
  },
  "CNI-04": {
    severity: "warning",
    title: "Cilium: clusterPoolIPv4MaskSize fits the pod CIDR, every node with surge, and maxPods",
    source: "Cilium chart defaults; network-rules §5.1",
    why: "tolerated: the chart renders any mask; Cilium's operator then has no block for some nodes or too few addresses per node",
    fix: `remove ${CILIUM_MASK_KEY} from cni.values so that the stack chooses it, or use a mask in the range the message gives; enlarge network.podCidr when none fits`,
  },
  "CNI-06": {
    severity: "warning",
    title: "Cilium: every key in cni.values is a key of the chart (a misspelled key renders silently with the chart's default)",
    source:
      "cilium chart 1.18.12 values.yaml and the keys its templates read (lib/reference/cilium-chart-values.json, from scripts/cilium-chart-keys.js); its values.schema.json checks types only, not unknown keys",
    why: "tolerated: the chart ignores unknown keys and renders its default for what was meant; a removed option that is set is refused (an error): the chart's validate.yaml fails on it",
    fix: "correct the key (the message names the nearest known one), nest dotted keys, and remove options the chart removed",
  },
  "CNI-07": {
    severity: "error",
    title: "The Cilium stack installs cni.plugin cilium",
    source: "this project (CiliumCniStack installs the Cilium chart)",
    acceptable: false,
    why: "the config names another plugin than the Cilium the stack installs",
    fix: "set cni.plugin: cilium for the Cilium stack",
  },
  "CNI-08": {
    severity: "error",
    title: "With cni.plugin cilium, cni.version pins the Cilium chart version",
    source: "this project (the chart's keys are checked against one version, CNI-06); helm_release installs the newest chart when no version is given",
    acceptable: false,
    why: "the config leaves the chart version open, so each deploy could install another Cilium release than the one its values were checked against",
    fix: "pin cni.version to the Cilium chart version to install",
  },
  "CNI-09": {
    severity: "error",
    title: "No pod subnet (podSubnetId) with cni.plugin cilium: Cilium's cluster-pool IPAM takes pod IPs from network.podCidr",
    source: "this project (the Cilium stack installs cluster-pool IPAM, CNI-03); concepts-network-azure-cni-pod-subnet (pods on pod subnets take addresses Azure's delegated IPAM gives)",
    acceptable: false,
    why: "the config asks for pod subnets and for a Cilium install that gives pods addresses from network.podCidr instead, so the pod subnets would hold no pods",
    fix: "remove podSubnetId from the pools, or set cni.plugin: none and install a CNI that uses Azure's delegated IPAM yourself",
  },
});

/** What the values must agree with. */
export interface CiliumExpectation {
  readonly pod: Ipv4Cidr;
  /** Nodes at maximum scale with surge; undefined when a count is a Terraform reference (CNI-04 is then skipped). */
  readonly nodes?: number;
  /** The largest maxPods; undefined when one is a Terraform reference (CNI-04 is then skipped). */
  readonly maxPods?: number;
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
  checkMask(ctx, user, expect);
}

/**
 * CNI-04: the per-node block fits the pod range, the nodes and maxPods: the
 * size given in the values, or, without one, some size (the stack picks it).
 */
function checkMask(ctx: RuleContext, user: Readonly<Record<string, unknown>>, expect: CiliumExpectation): void {
  const { pod, nodes, maxPods } = expect;
  if (nodes === undefined || maxPods === undefined) {
    ctx.skip("CNI-04", "cluster", `node counts or maxPods are Terraform references, so Cilium's default /${CILIUM_DEFAULT_MASK} per node is used unchecked`);
    return;
  }
  const path = `cni.values.${CILIUM_MASK_KEY}`;
  const mask = helmValue(user, CILIUM_MASK_KEY);
  if (ctx.unknown("CNI-04", path, mask)) return;
  const { lo, hi } = validMaskRange(pod, nodes, maxPods);
  if (mask === undefined) {
    if (lo > hi) {
      ctx.report(
        "CNI-04",
        "network.podCidr",
        `no per-node block fits: ${nodes} nodes (with surge) need a mask of /${lo} or longer in ${pod.text}, and ${maxPods} pods per node need /${hi} or shorter; enlarge network.podCidr or lower the node count or maxPods (POD-05)`,
      );
    }
    return;
  }
  if (typeof mask === "number" && Number.isInteger(mask) && mask >= lo && mask <= hi) return;
  ctx.report(
    "CNI-04",
    path,
    lo > hi
      ? `no per-node mask fits: pod CIDR ${pod.text} cannot hold ${nodes} nodes (with surge) of ${maxPods} pods each; enlarge network.podCidr`
      : `${JSON.stringify(mask)} does not fit: with pod CIDR ${pod.text}, ${nodes} nodes (with surge) and maxPods ${maxPods}, use a mask from /${lo} to /${hi}`,
  );
}

/** What Helm's `if` takes as set: not false, 0, "", null, or an empty list or mapping. */
function isTruthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === "") return false;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
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
    // The chart's validate.yaml fails on a removed option that is set: Helm refuses the release.
    const value = found.segments.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), user);
    if (catalog.removedOptions.includes(found.path) && isTruthy(value)) {
      ctx.report("CNI-06", path, `was removed from the Cilium chart, and chart ${catalog.version} fails to render while it is set (templates/validate.yaml); remove it`, "error");
      continue;
    }
    ctx.report("CNI-06", path, unknownKeyMessage(found, catalog.version));
  }
}

/**
 * CNI-03 for a pod range that is a Terraform reference (Cilium's pool is
 * written at synth time), else CNI-01..04 on the values against the cluster.
 */
export function checkCiliumAgainstCluster(ctx: RuleContext, plan: ClusterPlan, pod: Ipv4Cidr | undefined, podIsReference: boolean): void {
  if (podIsReference) {
    ctx.report("CNI-03", "network.podCidr", "is a Terraform reference; Cilium's pool is written at synth time and needs the literal pod CIDR");
    return;
  }
  if (!pod) return; // a malformed pod CIDR is reported by the cluster's checks
  checkCiliumValues(ctx, plan.cni.values, { pod, nodes: plan.demand.peakNodes, maxPods: plan.demand.largestMaxPods });
}

/** CNI-07, CNI-08: the Cilium stack installs a pinned chart of plugin cilium. */
export function checkCiliumStack(ctx: RuleContext, cni: CniPlan): void {
  if (cni.plugin !== "cilium") ctx.report("CNI-07", "cni.plugin", `is ${JSON.stringify(cni.plugin)}; the Cilium stack needs plugin cilium`);
  if (cni.version === undefined) ctx.report("CNI-08", "cni.version", 'is required with plugin cilium: pin the Helm chart version, e.g. "1.18.14"');
}

/** CNI-09: the Cilium stack takes pod IPs from network.podCidr (cluster-pool IPAM), which pods on pod subnets do not use. */
export function checkPodSubnetCni(ctx: RuleContext, plan: ClusterPlan): void {
  const pool = plan.pools.find((p) => p.settings.podSubnetId !== undefined);
  if (!pool || plan.cni.plugin !== "cilium") return;
  ctx.report(
    "CNI-09",
    `${pool.path}.podSubnetId`,
    "cni.plugin cilium installs Cilium with cluster-pool IPAM from network.podCidr, but pods on pod subnets need a CNI that takes addresses from them (Azure's delegated IPAM); install that CNI yourself (cni.plugin: none), or remove the pod subnets",
  );
}
