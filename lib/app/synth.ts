/**
 * Synthesis that validates everything before it writes anything.
 *
 * cdktf's `App.synth()` validates and writes stack by stack, so a failure in
 * a later stack leaves earlier stacks rewritten and the failing one stale.
 * Here every stack of the app is prepared, its aspects and validations run,
 * and all problems of all stacks are collected first. Only when there is no
 * error does the app synthesize, into a staging directory, and the result is
 * copied over the output directory. On failure the output directory is left
 * exactly as it was.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnnotationMetadataEntryType, App, invokeAspects, TerraformStack, type IConstruct } from "../bindings/cdktf";
import { checkovConfig } from "../policy/checkov-config";
import { policyReportOf } from "../policy/aspect";
import { shareSynthesizedAttributes } from "../synthesized";

/** How serious a report line is: errors fail synth, warnings and notes print. */
export type Level = "error" | "warning" | "note";

/** One line of the synth report. */
export interface ReportLine {
  /** How serious it is. */
  readonly level: Level;
  /** The stack the line is about (`synth` for the run as a whole). */
  readonly stack: string;
  /** `<field.path>: <what is wrong> [RULE]`, or cdktf's own message. */
  readonly message: string;
}

/** What `synthesizeSafely` did. */
export interface SynthOutcome {
  /** True when every stack was valid and the output was written. */
  readonly ok: boolean;
  /** Every error, warning and note, errors first. */
  readonly lines: ReportLine[];
  /** Files written under the output directory (empty on failure). */
  readonly written: string[];
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

/** Runs aspects and validations of every stack and collects every problem, without writing. */
export function collectProblems(app: IConstruct): ReportLine[] {
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  stacks.forEach((s) => s.prepareStack());
  stacks.forEach((s) => invokeAspects(s));
  // Validations read the same resources several times (the cluster three times), and
  // resolving them is most of the work: resolve each once; validations change nothing.
  return shareSynthesizedAttributes(() => validationProblems(app));
}

/** Validation errors and annotations of every construct, errors first, without duplicates. */
function validationProblems(app: IConstruct): ReportLine[] {
  const lines: ReportLine[] = [];
  const seen = new Set<string>();
  const add = (line: ReportLine) => {
    const key = `${line.level}|${line.stack}|${line.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      lines.push(line);
    }
  };
  for (const c of app.node.findAll()) {
    for (const message of c.node.validate()) add({ level: "error", stack: stackName(c), message });
  }
  for (const c of app.node.findAll()) {
    for (const m of c.node.metadata) {
      const level = LEVELS[m.type];
      if (level) add({ level, stack: stackName(c), message: String(m.data) });
    }
  }
  const order: Record<Level, number> = { error: 0, warning: 1, note: 2 };
  return lines.sort((a, b) => order[a.level] - order[b.level]);
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
 * Validates the whole app, then synthesizes it into `outdir`, together with
 * each stack's generated `.checkov.yaml`. `app` must have been created with
 * `outdir` set to a directory of its own (see `stagingDirectory`).
 */
export function synthesizeSafely(app: App, outdir: string): SynthOutcome {
  if (!STAGING.has(path.resolve(app.outdir))) {
    throw new Error(`synthesizeSafely: create the App with { outdir: stagingDirectory() }, not ${app.outdir}: its output is copied to ${outdir} only after every stack validated`);
  }
  const lines = collectProblems(app);
  if (lines.some((l) => l.level === "error")) {
    fs.rmSync(app.outdir, { recursive: true, force: true });
    return { ok: false, lines, written: [] };
  }
  app.synth();
  for (const stack of app.node.findAll().filter(TerraformStack.isStack)) {
    // Every stack gets one, so a scan of cdktf.out finds a config next to each; a
    // stack without the policy pack (the CNI stack) suppresses nothing.
    const report = policyReportOf(stack);
    const dir = path.join(app.outdir, "stacks", stack.node.id);
    fs.writeFileSync(path.join(dir, ".checkov.yaml"), checkovConfig(stack.node.id, report?.suppressed ?? []));
  }
  const written: string[] = [];
  fs.mkdirSync(outdir, { recursive: true });
  copyTree(app.outdir, outdir, written, outdir);
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return { ok: true, lines, written };
}

/** Directories made by `stagingDirectory`, the only ones synthesizeSafely writes to and removes. */
const STAGING = new Set<string>();

/** A fresh directory for the app to synthesize into before the result is copied. */
export function stagingDirectory(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aks-byocni-synth-"));
  STAGING.add(path.resolve(dir));
  return dir;
}

/** The one-line form of a report line: `<stack>: <message>`, with the level for non-errors. */
export function formatLine(l: ReportLine): string {
  return l.level === "error" ? `${l.stack}: ${l.message}` : `${l.stack}: ${l.level}: ${l.message}`;
}
