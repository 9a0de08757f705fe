/**
 * Synthesis that validates everything before it writes anything.
 *
 * cdktf's `App.synth()` validates and writes stack by stack, so a failure in
 * a later stack leaves earlier stacks rewritten and the failing one stale.
 * Here the app synthesizes into a staging directory of its own, running each
 * stack's aspects once and no validation, then every construct of every
 * stack is validated once and all problems of all stacks are collected. Only
 * when there is no error is the result copied over the output directory; on
 * failure the output directory is left exactly as it was. (Custom synthesis
 * thus runs before validation here: the policy pack's `.checkov.yaml` and
 * its validation share one evaluation whichever comes first.)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnnotationMetadataEntryType, App, invokeAspects, StackSynthesizer, TerraformStack, type IConstruct } from "../bindings/cdktf";
import { findingOfLine } from "../constructs/private/reported-findings";
import { RULE_CATALOGUE, ruleDocLink } from "../rules/catalogue";
import type { Finding, Severity } from "../rules/engine";
import { POLICY_RULE_CATALOGUE } from "../rules/policy";
import { printable } from "../text/printable";

/**
 * How serious a report line is: errors fail synth, warnings and notes print;
 * a fix line says how to fix a rule that fired, after the problem lines.
 */
export type Level = "error" | "warning" | "note" | "fix";

/** One line of the synth report. */
export interface ReportLine {
  /** How serious it is. */
  readonly level: Level;
  /** The stack the line is about (`synth` for the run as a whole). */
  readonly stack: string;
  /** `<field.path>: <what is wrong> [RULE]`, or cdktf's own message; on a fix line `fix RULE: <how> (docs/rules.md#rule)`. */
  readonly message: string;
  /** The rule the line is about: on the line of a finding (accepted ones too) and on a fix line. @default none: a skip, a note or cdktf's own message */
  readonly rule?: string;
  /**
   * How to make the config pass `rule` (the catalogue's `fix`, or a policy
   * rule's advice for the situation found). Not on an accepted finding,
   * which needs no fix.
   * @default none
   */
  readonly fix?: string;
  /** On a fix line: the level of the first line of its rule, which decides where it is printed. @default none */
  readonly explains?: Severity;
}

/** What `synthesizeSafely` did. */
export interface SynthOutcome {
  /** True when every stack was valid and the output was written. */
  readonly ok: boolean;
  /** Every error, warning and note, errors first. */
  readonly lines: ReportLine[];
  /** Files written under the output directory (empty on failure). */
  readonly written: string[];
  /** The app that was synthesized (its stacks carry their reports). */
  readonly app: App;
}

const LEVELS: Record<string, Level> = {
  [AnnotationMetadataEntryType.ERROR]: "error",
  [AnnotationMetadataEntryType.WARN]: "warning",
  [AnnotationMetadataEntryType.INFO]: "note",
};

function stackName(c: IConstruct): string {
  try {
    return TerraformStack.of(c).node.id;
  } catch {
    return c.node.path || "app";
  }
}

/** The rule and fix a finding's line carries (no fix for an accepted finding). */
function ruleOf(finding: Finding | undefined): Pick<ReportLine, "rule" | "fix"> {
  if (!finding) return {};
  if (finding.acceptedBecause !== undefined) return { rule: finding.rule };
  const fix = finding.fix ?? RULE_CATALOGUE[finding.rule]?.fix;
  return fix === undefined ? { rule: finding.rule } : { rule: finding.rule, fix };
}

/** Validation errors and annotations of every construct, errors first, without duplicates. */
function validationProblems(app: IConstruct): ReportLine[] {
  const lines: ReportLine[] = [];
  const seen = new Set<string>();
  const add = (raw: ReportLine) => {
    // Every line stays one line, cdktf's own messages included.
    const line = { ...raw, message: printable(raw.message), ...ruleOf(findingOfLine(app, raw.message)) };
    const key = `${line.level}|${line.stack}|${line.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      lines.push(line);
    }
  };
  const all = app.node.findAll();
  for (const c of all) {
    for (const message of c.node.validate()) add({ level: "error", stack: stackName(c), message });
  }
  for (const c of all) {
    for (const m of c.node.metadata) {
      const level = LEVELS[m.type];
      if (level) add({ level, stack: stackName(c), message: String(m.data) });
    }
  }
  const order: Record<Level, number> = { error: 0, warning: 1, note: 2, fix: 3 };
  return lines.sort((a, b) => order[a.level] - order[b.level]);
}

/**
 * Prepares every stack (cross-stack references), runs its aspects and all
 * validations once, and collects every problem, without writing anything.
 * For tests and snapshot helpers; `synthesizeSafely` does the same while writing.
 */
export function collectProblems(app: IConstruct): ReportLine[] {
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  stacks.forEach((s) => s.prepareStack());
  stacks.forEach((s) => invokeAspects(s));
  return validationProblems(app);
}

function copyTree(from: string, to: string, written: string[], root: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(dst, { recursive: true });
      copyTree(src, dst, written, root);
    } else {
      fs.copyFileSync(src, dst);
      written.push(path.relative(root, dst));
    }
  }
}

/**
 * The report lines are the caller's to print: the manifest keeps no
 * annotations, so that `cdktf synth` does not print them a second time in
 * its own format.
 */
function dropManifestAnnotations(outdir: string): void {
  const file = path.join(outdir, "manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { stacks: Record<string, { annotations?: unknown[] }> };
  for (const stack of Object.values(manifest.stacks)) stack.annotations = [];
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
}

/**
 * Builds an app with `build`, then synthesizes it into `outdir` only if every
 * stack is valid. The app gets a staging directory of its own; on failure
 * `outdir` is left byte for byte as it was. Aspects run once per stack,
 * validations once per construct.
 */
export function synthesizeSafely(build: (app: App) => void, outdir: string): SynthOutcome {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "aks-byocni-synth-"));
  try {
    const app = new App({ outdir: staging, skipValidation: true, stackTraces: false });
    build(app);
    for (const stack of app.node.findAll().filter(TerraformStack.isStack)) {
      // Errors are collected for every stack below; the default synthesizer would stop at the first.
      stack.synthesizer = new StackSynthesizer(stack, true, app.hclOutput);
    }
    app.synth();
    const lines = validationProblems(app);
    if (lines.some((l) => l.level === "error")) return { ok: false, lines, written: [], app };
    dropManifestAnnotations(staging);
    const written: string[] = [];
    fs.mkdirSync(outdir, { recursive: true });
    copyTree(staging, outdir, written, outdir);
    return { ok: true, lines, written, app };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The one-line form of a report line: `<stack>: <message>`, with the level
 * for warnings and notes (a fix line's message starts with `fix <RULE>:`).
 */
export function formatLine(l: ReportLine): string {
  return l.level === "error" || l.level === "fix" ? `${l.stack}: ${l.message}` : `${l.stack}: ${l.level}: ${l.message}`;
}

/**
 * The fix lines that follow the problem lines of a run: one per rule that
 * fired (an error or a warning not accepted), in the order first seen, e.g.
 * `synth: fix RES-01: choose a network.serviceCidr outside ... (docs/rules.md#res-01)`.
 * Each has the level `fix` and explains the level of its rule's first line,
 * so that it is printed where that line was. docs/rules.md is in the
 * repository and in the installed package.
 */
export function fixLines(lines: readonly ReportLine[]): ReportLine[] {
  const out: ReportLine[] = [];
  const seen = new Set<string>();
  for (const l of lines) {
    if ((l.level !== "error" && l.level !== "warning") || l.rule === undefined || l.fix === undefined || seen.has(l.rule)) continue;
    seen.add(l.rule);
    // A policy rule's line ends with "Fix: ..." for the situation it found, which the rule's general fix could contradict: the fix line only points to it.
    const how = l.rule in POLICY_RULE_CATALOGUE ? "see \"Fix:\" on its line" : l.fix;
    out.push({ level: "fix", stack: "synth", message: `fix ${l.rule}: ${how} (${ruleDocLink(l.rule)})`, rule: l.rule, fix: RULE_CATALOGUE[l.rule]?.fix ?? l.fix, explains: l.level });
  }
  return out;
}
