/**
 * The cdktf side of the rules: runs the pure checks from `node.addValidation`,
 * turns errors into validation failures and warnings into annotations, and
 * applies the risks accepted on a construct or any of its ancestors
 * ({@link AcceptedRisks}).
 */
import { Annotations, type Construct } from "../../bindings/cdktf";
import { RULE_CATALOGUE } from "../../rules/catalogue";
import { applyAcceptances, formatFinding, RuleRun, type Acceptance, type Finding, type Skipped } from "../../rules/engine";
import { AcceptedRisks } from "../accepted-risks";
import { isUnknownValue } from "./synthesized";

/** Turns findings and skips into the lines a user sees. */
function render(findings: readonly Finding[], skipped: readonly Skipped[], accepted: readonly Acceptance[]) {
  const errors = findings.filter((f) => f.severity === "error").map(formatFinding);
  const warnings = findings.filter((f) => f.severity === "warning").map(formatFinding);
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

/** Options of `addRuleValidation`. */
export interface RuleValidationOptions {
  /** Skips that the construct turned into Terraform preconditions, so they need no warning. */
  readonly coveredByTerraform?: (skip: Skipped) => boolean;
}

/**
 * Registers a check on `scope`. It runs when cdktf validates the stack (once
 * per synth): errors fail the validation, warnings become annotations,
 * accepted findings become warnings that carry their reason.
 */
export function addRuleValidation(scope: Construct, check: (run: RuleRun) => void, options: RuleValidationOptions = {}): void {
  scope.node.addValidation({
    validate: () => {
      const run = new RuleRun(RULE_CATALOGUE, isUnknownValue);
      check(run);
      const accepted = AcceptedRisks.of(scope);
      const findings = applyAcceptances(run.findings, accepted, [scope.node.path]);
      const skipped = run.skipped.filter((s) => !options.coveredByTerraform?.(s));
      const out = render(findings, skipped, accepted);
      for (const w of out.warnings) Annotations.of(scope).addWarning(w);
      return out.errors;
    },
  });
}
