/**
 * The cdktf side of the rules: runs the pure checks from `node.addValidation`,
 * turns errors into validation failures and warnings into annotations, and
 * applies the risks accepted on a construct or any of its ancestors.
 */
import { Annotations, Construct, type IConstruct } from "../../bindings/cdktf";
import { isUnknownValue } from "./synthesized";
import { NETWORK_RULE_CATALOGUE } from "../../rules/catalogue";
import {
  applyAcceptances,
  checkAcceptances,
  formatFinding,
  RuleRun,
  type Acceptance,
  type Finding,
  type RuleDefinition,
  type Skipped,
} from "../../rules/engine";
import { POLICY_RULE_CATALOGUE } from "../../rules/policy";

/** Every rule a risk can be accepted for: network, naming, config and policy rules. */
export const RULE_CATALOGUE: Readonly<Record<string, RuleDefinition>> = {
  ...NETWORK_RULE_CATALOGUE,
  ...POLICY_RULE_CATALOGUE,
};

const ACCEPTED = Symbol.for("aks-byocni.acceptedRisks");

interface WithAcceptances {
  [ACCEPTED]?: Acceptance[];
}

/**
 * Risks accepted on a construct apply to it and everything below it, so an
 * acceptance on a stack covers all its constructs.
 */
export class AcceptedRisks {
  /**
   * Accepts rules on `scope`. Each entry is checked (known rule ID, a reason
   * of a sentence); a bad entry is a validation error on `scope`, reported at
   * `pathPrefix[i]`.
   */
  static add(scope: IConstruct, entries: readonly Acceptance[], pathPrefix = "acceptedRisks"): void {
    if (entries.length === 0) return;
    const holder = scope as unknown as WithAcceptances;
    const list = (holder[ACCEPTED] ??= []);
    const offset = list.length;
    list.push(...entries);
    const problems = checkAcceptances(entries, RULE_CATALOGUE, pathPrefix);
    if (problems.length > 0) {
      const where = (f: Finding) => ({ ...f, path: f.path.replace(/\[(\d+)\]/, (_m, i: string) => `[${Number(i) + offset}]`) });
      scope.node.addValidation({ validate: () => problems.map((f) => formatFinding(offset ? where(f) : f)) });
    }
  }

  /** The acceptances in force at `scope`: its own and its ancestors'. */
  static of(scope: IConstruct): Acceptance[] {
    return scope.node.scopes.flatMap((s) => (s as unknown as WithAcceptances)[ACCEPTED] ?? []);
  }
}

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
