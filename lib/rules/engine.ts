/**
 * The rule engine: rule definitions, findings, accepted risks.
 *
 * Pure code, no cdktf. A check receives a `RuleContext`, reports findings
 * under rule IDs, and asks the context whether a value is known at synth time
 * (a cdktf token is not); the cdktf glue in `lib/constructs/private/rule-validation.ts` supplies that
 * test and turns findings into construct validations and warnings.
 */
import { printable, shortenQuotedValues } from "../text/printable";

/** How serious a finding is: `error` fails synth, `warning` prints and passes. */
export type Severity = "error" | "warning";

/** A rule of the catalogue: ID, default severity, one-line title, sources. */
export interface RuleDefinition {
  /** Rule ID, e.g. `SVC-02` or `CKV_AZURE_141`. */
  readonly id: string;
  /** `error` fails synth; `warning` prints and passes. */
  readonly severity: Severity;
  /** What the rule requires, in one line. */
  readonly title: string;
  /** Where the rule comes from (docs, API, provider code, issues). */
  readonly source: string;
  /**
   * Why the severity is what it is: for an error, what refuses a violation
   * (an azurerm function at plan or apply, an ARM error, Kubernetes, the
   * chart); for a warning, that Azure tolerates it, and what goes wrong.
   */
  readonly why: string;
  /**
   * How to make the config pass, in one short imperative sentence (the
   * field to change and to what). The app prints it once per rule that
   * fired, with the rule's anchor in docs/rules.md.
   */
  readonly fix: string;
  /** `false` for rules that cannot be accepted (config shape, secrets). @default true */
  readonly acceptable?: boolean;
}

/** One broken rule at one field. */
export interface Finding {
  /** ID of the broken rule. */
  readonly rule: string;
  /** After acceptances: an accepted error is a warning. */
  readonly severity: Severity;
  /** Field path as written in the config file, e.g. `network.vnet.addressSpace[0]`. */
  readonly path: string;
  /** What is wrong and what would be valid. */
  readonly message: string;
  /** Set when the finding was accepted: the reason given. */
  readonly acceptedBecause?: string;
  /** `false` when the rule cannot be accepted (see `RuleDefinition.acceptable`). */
  readonly acceptable?: false;
  /** Other scanners' IDs for the same check (trivy's `AVD-AZU-0041`), printed after the rule ID. */
  readonly aliases?: readonly string[];
  /** How to fix this finding when it differs from the rule's `fix` (a policy rule's advice for the situation found). @default the rule's fix */
  readonly fix?: string;
}

/** A rule that could not be decided because a value is unknown at synth time. */
export interface Skipped {
  readonly rule: string;
  readonly path: string;
  /** Why the rule could not be decided; defaults to "not known at synth time". */
  readonly reason?: string;
}

/** A rule accepted knowingly (see `AcceptedRisk` in the config types). */
export interface Acceptance {
  /** ID of the accepted rule. */
  readonly rule: string;
  /** Why it is acceptable, in a sentence. */
  readonly reason: string;
  /** Policy rules: only resources whose construct path, address or config field contains this text. @default every resource */
  readonly resource?: string;
}

/** What a check sees. */
export interface RuleContext {
  /** Reports a broken rule; the severity defaults to the rule's. */
  report(rule: string, path: string, message: string, severity?: Severity): void;
  /**
   * True when `value` (or any element of it) is unknown at synth time. The
   * rule is then recorded as skipped for that path, and the caller must not
   * inspect the value.
   */
  unknown(rule: string | readonly string[], path: string, value: unknown): boolean;
  /** Records that a rule cannot be decided from what synth knows, and why (without a reason: a Terraform reference). */
  skip(rule: string, path: string, reason?: string): void;
}

/** Declares a family of rules; keeps IDs and definitions in one object. */
export function defineRules<K extends string>(
  rules: Record<K, Omit<RuleDefinition, "id">>,
): Record<K, RuleDefinition> {
  const out = {} as Record<K, RuleDefinition>;
  for (const id of Object.keys(rules) as K[]) out[id] = { id, ...rules[id] };
  return out;
}

/** Collects findings and skips for one validation run. */
export class RuleRun implements RuleContext {
  readonly findings: Finding[] = [];
  readonly skipped: Skipped[] = [];

  constructor(
    private readonly catalogue: Readonly<Record<string, RuleDefinition>>,
    private readonly isUnknown: (value: unknown) => boolean,
  ) {}

  report(rule: string, path: string, message: string, severity?: Severity): void {
    const def = this.catalogue[rule];
    if (!def) throw new Error(`internal: rule ${rule} is not in the catalogue`);
    const finding: Finding = { rule, path, message: shortenQuotedValues(message), severity: severity ?? def.severity };
    this.findings.push(def.acceptable === false ? { ...finding, acceptable: false } : finding);
  }

  unknown(rule: string | readonly string[], path: string, value: unknown): boolean {
    if (!this.containsUnknown(value)) return false;
    for (const r of typeof rule === "string" ? [rule] : rule) this.skip(r, path);
    return true;
  }

  skip(rule: string, path: string, reason?: string): void {
    if (!this.skipped.some((s) => s.rule === rule && s.path === path && s.reason === reason)) this.skipped.push({ rule, path, reason });
  }

  private containsUnknown(value: unknown): boolean {
    if (this.isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some((v) => this.containsUnknown(v));
    return false;
  }
}

/** Minimum length of an acceptance reason: a sentence, not a word. */
export const MIN_REASON_LENGTH = 20;

/**
 * The acceptance that covers `rule` on a target: same rule ID, and either no
 * `resource` or a `resource` text contained in one of the target's names
 * (its construct path, its Terraform address and, for a resource built from
 * a config, that config field). No names: only acceptances without
 * `resource` cover it.
 */
function acceptanceFor(rule: string, acceptances: readonly Acceptance[], names: readonly string[] = []): Acceptance | undefined {
  return acceptances.find((a) => a.rule === rule && (a.resource === undefined || names.some((n) => n.includes(a.resource!))));
}

/**
 * Applies acceptances: an accepted finding becomes a warning that carries the
 * reason. A finding of a rule that cannot be accepted stays as it is (the
 * acceptance itself is an ACC-01 error).
 */
export function applyAcceptances(findings: readonly Finding[], acceptances: readonly Acceptance[], names: readonly string[] = []): Finding[] {
  return findings.map((f) => {
    if (f.acceptable === false) return f;
    const match = acceptanceFor(f.rule, acceptances, names);
    return match ? { ...f, severity: "warning", acceptedBecause: match.reason.trim() } : f;
  });
}


/** The one-line form of a finding: `<path>: <message> [RULE]` (`[RULE / ALIAS]` with aliases), plus the reason when accepted. */
export function formatFinding(f: Finding): string {
  const where = f.path ? `${f.path}: ` : "";
  const ids = [f.rule, ...(f.aliases ?? [])].join(" / ");
  const accepted = f.acceptedBecause ? ` (accepted: ${f.acceptedBecause})` : "";
  return printable(`${where}${f.message} [${ids}]${accepted}`);
}
