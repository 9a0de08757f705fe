/**
 * The Helm values of the Cilium install on an AKS BYOCNI cluster, and their
 * rendering into one YAML document for `helm_release.values`.
 *
 * Pure code, no cdktf: a value may be a cdktf token (the API server FQDN from
 * the cluster stack); it is kept out of the YAML serializer and put back as
 * a Terraform interpolation.
 */
import { dump } from "js-yaml";

/**
 * Tolerations of the cilium-operator Deployment.
 *
 * The agent DaemonSet's chart default is `tolerations: [{operator: Exists}]`
 * (every taint), so it runs on the system pool. The operator's is not: since
 * chart 1.17.7/1.18.0 (cilium/cilium#40137, backport #40475) it is a fixed
 * list (control-plane, master, not-ready; uninitialized since 1.18.2,
 * #41098; the agent-not-ready taint is always added by the template, #40531),
 * with no `CriticalAddonsOnly`. With a user pool, AKS taints the system pool
 * `CriticalAddonsOnly=true:NoSchedule`, so the operator could land only on
 * user nodes, and with none (scaled to 0, or tainted) nothing starts the
 * agents. Setting the value replaces the chart's list, so it is repeated here.
 */
const OPERATOR_TOLERATIONS: ReadonlyArray<Readonly<Record<string, string>>> = [
  { key: "node-role.kubernetes.io/control-plane", operator: "Exists" },
  { key: "node-role.kubernetes.io/master", operator: "Exists" },
  { key: "node.kubernetes.io/not-ready", operator: "Exists" },
  { key: "node.cloudprovider.kubernetes.io/uninitialized", operator: "Exists" },
  { key: "CriticalAddonsOnly", operator: "Exists" },
];

/** What the computed values are made of. */
export interface CiliumValuesInput {
  /** The cluster's pod CIDR, the only entry of Cilium's pool (CNI-03). */
  readonly podCidr: string;
  /** Per-node block size (CNI-04, POD-05). */
  readonly maskSize: number;
  /** Replace kube-proxy; needs `k8sServiceHost`. */
  readonly kubeProxyReplacement: boolean;
  /**
   * The API server FQDN (may be a cdktf token).
   * @default none: only read with `kubeProxyReplacement`
   */
  readonly k8sServiceHost?: string;
}

/** The values this project sets; every one agrees with rules CNI-01..04. */
export function computedCiliumValues(input: CiliumValuesInput): Record<string, unknown> {
  const values: Record<string, unknown> = {
    aksbyocni: { enabled: true },
    routingMode: "tunnel",
    ipam: {
      mode: "cluster-pool",
      operator: { clusterPoolIPv4PodCIDRList: [input.podCidr], clusterPoolIPv4MaskSize: input.maskSize },
    },
    operator: { tolerations: OPERATOR_TOLERATIONS.map((t) => ({ ...t })) },
  };
  if (input.kubeProxyReplacement) {
    // Without kube-proxy the service IP of the API server is not routable until
    // Cilium runs, so the agent must reach the API server by name.
    values.kubeProxyReplacement = true;
    values.k8sServiceHost = input.k8sServiceHost;
    values.k8sServicePort = 443;
  }
  return values;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `over` merged into `base`, key by key, as Helm merges values files: nested
 * mappings merge, anything else (lists included) replaces. Inputs are not changed.
 */
export function deepMergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMergeValues(current, value) : value;
  }
  return out;
}

/**
 * Renders values as YAML for `helm_release.values`. Terraform reads that
 * string as a template: a literal `${` or `%{` is escaped (`$${` and `%%{`,
 * already escaped ones kept), and strings for which `isReference` is true
 * (cdktf tokens, plain references) become double-quoted YAML scalars holding
 * the interpolation, escaped as JSON, so that no value can add YAML of its own.
 */
export function renderValuesDocument(values: Record<string, unknown>, isReference: (s: string) => boolean): string {
  const references: string[] = [];
  // A stand-in no value contains, so that only a reference is swapped back in.
  const everything = JSON.stringify(values);
  let tag = "CDKTFREF";
  while (everything.includes(tag)) tag += "X";
  const placeholder = (i: number) => `${tag}${i}END`;
  const strip = (v: unknown): unknown => {
    if (typeof v === "string" && isReference(v)) {
      references.push(v);
      return placeholder(references.length - 1);
    }
    if (Array.isArray(v)) return v.map(strip);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]));
    return v;
  };
  const text = escapeTemplateSequences(dump(strip(values), { lineWidth: -1, noRefs: true }));
  return references.reduce((doc, ref, i) => doc.replace(placeholder(i), () => JSON.stringify(ref)), text);
}

/** `${` and `%{` as Terraform's literal escapes, read left to right as Terraform does: `$${` and `%%{` stay as they are. */
function escapeTemplateSequences(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith("$${", i) || text.startsWith("%%{", i)) {
      out += text.slice(i, i + 3);
      i += 2;
    } else if (text.startsWith("${", i) || text.startsWith("%{", i)) {
      out += `${text[i]}${text[i]}{`;
      i += 1;
    } else {
      out += text[i];
    }
  }
  return out;
}
