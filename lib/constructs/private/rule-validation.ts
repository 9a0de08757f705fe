/**
 * The cdktf side of every rule, network, naming, config and policy alike:
 * runs the pure checks from `node.addValidation`, applies the risks accepted
 * on a construct or any of its ancestors ({@link AcceptedRisks}), and turns
 * the findings into lines: errors fail the validation, warnings and skipped
 * rules become annotations.
 */
import { Annotations, type IConstruct } from "../../bindings/cdktf";
import { RULE_CATALOGUE } from "../../rules/catalogue";
import { applyAcceptances, RuleRun, type Acceptance, type Finding, type Skipped } from "../../rules/engine";
import { AcceptedRisks } from "../accepted-risks";
import { reportFindings } from "./reported-findings";
import { isUnknownValue } from "./synthesized";

/** Turns findings and skips into the lines a user sees; the findings' lines are recorded at `scope` as its report's. */
function render(scope: IConstruct, findings: readonly Finding[], skipped: readonly Skipped[], accepted: readonly Acceptance[]) {
  const errors = reportFindings(scope, findings.filter((f) => f.severity === "error"));
  const warnings = reportFindings(scope, findings.filter((f) => f.severity === "warning"));
  const byPath = new Map<string, string[]>();
  for (const s of skipped) {
    if (accepted.some((a) => a.rule === s.rule)) continue;
    if (s.reason) {
      warnings.push(`${s.path}: ${s.reason} [${s.rule} skipped]`);
    } else {
      byPath.set(s.path, [...(byPath.get(s.path) ?? []), s.rule]);
    }
  }
  for (const [path, rules] of byPath) {
    warnings.push(`${path}: not known at synth time (a Terraform reference); not checked here [${rules.join(", ")} skipped]`);
  }
  return { errors, warnings };
}

/** Options of {@link evaluateRules} and `addRuleValidation`. */
export interface RuleValidationOptions {
  /** Skips that the construct turned into Terraform preconditions, so they need no warning. */
  readonly coveredByTerraform?: (skip: Skipped) => boolean;
  /**
   * What an acceptance's `resource` text is looked for in.
   * @default the construct's path
   */
  readonly names?: readonly string[];
  /**
   * Accepted findings print nothing: the policy pack lists them as
   * suppressed instead (its report, `.checkov.yaml`, the app's notes).
   * @default false: an accepted finding is a warning that carries the reason
   */
  readonly suppressAccepted?: boolean;
}

/** What the checks of one construct found, after accepted risks. */
export interface RuleOutcome {
  /** The construct the findings are about; their warnings are annotated on it. */
  readonly scope: IConstruct;
  /** Every finding, in the order reported; an accepted one is a warning that carries the reason. */
  readonly findings: readonly Finding[];
  /** The lines that fail validation. */
  readonly errors: readonly string[];
  /** The lines that print and pass. */
  readonly warnings: readonly string[];
}

/**
 * Applies the risks accepted at `scope` to what its checks reported and
 * renders the result, without reporting it (see {@link reportOutcome}).
 */
export function evaluateRules(scope: IConstruct, findings: readonly Finding[], skipped: readonly Skipped[], options: RuleValidationOptions = {}): RuleOutcome {
  const accepted = AcceptedRisks.of(scope);
  const applied = applyAcceptances(findings, accepted, options.names ?? [scope.node.path]);
  const shown = options.suppressAccepted ? applied.filter((f) => f.acceptedBecause === undefined) : applied;
  const lines = render(scope, shown, skipped.filter((s) => !options.coveredByTerraform?.(s)), accepted);
  return { scope, findings: applied, ...lines };
}

/** Reports an outcome from a validation: its warnings become annotations on its construct, its errors are returned. */
export function reportOutcome(outcome: RuleOutcome): string[] {
  for (const w of outcome.warnings) Annotations.of(outcome.scope).addWarning(w);
  return [...outcome.errors];
}

/**
 * Registers a check on `scope`. It runs when cdktf validates the stack (once
 * per synth): errors fail the validation, warnings become annotations,
 * accepted findings become warnings that carry their reason.
 */
export function addRuleValidation(scope: IConstruct, check: (run: RuleRun) => void, options: RuleValidationOptions = {}): void {
  scope.node.addValidation({
    validate: () => {
      const run = new RuleRun(RULE_CATALOGUE, isUnknownValue);
      check(run);
      return reportOutcome(evaluateRules(scope, run.findings, run.skipped, options));
    },
  });
}
