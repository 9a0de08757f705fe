/**
 * Policy suppressions decided by the constructs themselves, with their
 * reasons (for example a managed OS disk because the VM size has no room for
 * an ephemeral one). User suppressions are accepted risks (see validation.ts).
 */
import type { IConstruct } from "../bindings/cdktf";

const SUPPRESSED = Symbol.for("aks-byocni.policySuppressions");

/** A suppression of one policy rule on one resource. */
export interface PolicySuppression {
  readonly rule: string;
  readonly reason: string;
}

interface WithSuppressions {
  [SUPPRESSED]?: PolicySuppression[];
}

/** Suppresses `rule` on `resource`, with the reason shown in the synth output and in .checkov.yaml. */
export function suppressPolicy(resource: IConstruct, rule: string, reason: string): void {
  ((resource as unknown as WithSuppressions)[SUPPRESSED] ??= []).push({ rule, reason });
}

/** The suppressions recorded on `resource`. */
export function policySuppressionsOf(resource: IConstruct): readonly PolicySuppression[] {
  return (resource as unknown as WithSuppressions)[SUPPRESSED] ?? [];
}
