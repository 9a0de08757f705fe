/**
 * Who enforces Kubernetes NetworkPolicy on a BYOCNI cluster. With
 * `network_plugin = "none"` AKS installs no CNI and no policy engine, so
 * CKV_AZURE_7 is met only by the CNI installed afterwards. Synth knows that
 * CNI only when a stack of this project installs it (the Cilium stack), and
 * then from the chart values it installs with.
 */

/** The CNI installed on a cluster by a stack of this project, and whether it enforces NetworkPolicy. */
export interface NetworkPolicyEngine {
  /** The CNI, e.g. `Cilium`. */
  readonly cni: string;
  /** `true`: enforced; `false`: turned off by its settings; `undefined`: its settings are not known at synth time. */
  readonly enforced: boolean | undefined;
  /** The settings that decide it, e.g. `policyEnforcementMode "default"`. */
  readonly detail: string;
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Whether Cilium, installed with these chart values (the computed ones with
 * `cni.values` merged over them), enforces NetworkPolicy. Cilium's chart
 * enforces it by default (`policyEnforcementMode: default`: every endpoint a
 * policy selects is restricted); three settings turn it off:
 * `policyEnforcementMode: never`, `k8sNetworkPolicy.enabled: false` (the
 * agent ignores NetworkPolicy objects) and `policyAuditMode: true`
 * (verdicts are logged, not enforced).
 */
export function ciliumNetworkPolicy(values: Readonly<Record<string, unknown>>): NetworkPolicyEngine {
  const mode = values.policyEnforcementMode ?? "default";
  const k8s = isMapping(values.k8sNetworkPolicy) ? values.k8sNetworkPolicy.enabled : undefined;
  const audit = values.policyAuditMode;
  const off = [
    mode === "never" ? 'policyEnforcementMode "never"' : undefined,
    k8s === false ? "k8sNetworkPolicy.enabled false" : undefined,
    audit === true ? "policyAuditMode true (verdicts are logged, not enforced)" : undefined,
  ].filter((x): x is string => x !== undefined);
  if (off.length > 0) return { cni: "Cilium", enforced: false, detail: off.join(", ") };
  // Anything but the chart's own values (a reference, a string "false") is not counted as enforcing: a reference is no such value.
  const known = (mode === "default" || mode === "always") && (k8s === undefined || k8s === true) && (audit === undefined || audit === false);
  return known
    ? { cni: "Cilium", enforced: true, detail: `policyEnforcementMode ${JSON.stringify(mode)}` }
    : { cni: "Cilium", enforced: undefined, detail: "policyEnforcementMode, k8sNetworkPolicy.enabled or policyAuditMode holds a value synth cannot check" };
}
