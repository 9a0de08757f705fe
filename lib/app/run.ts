/**
 * The app behind `main.ts`: one stack per config file, validated as a whole,
 * written only when every stack is valid.
 */
import * as path from "path";
import type { App } from "../bindings/cdktf";
import { TerraformStack } from "../bindings/cdktf";
import { AksByoCniStack } from "../constructs/aks-byo-cni-stack";
import type { CiliumCniStack } from "../constructs/cilium-cni-stack";
import { loadConfigDir, type Environment } from "../config/load";
import { policyReportOf } from "../constructs/aks-policy-checks";
import type { SuppressedFinding } from "../rules/policy";
import { CHECKOV_CONFIG_FILE } from "../constructs/aks-policy-pack";
import { checkAcceptances } from "../rules/config";
import { formatFinding } from "../rules/engine";
import { printable } from "../text/printable";
import { RULE_CATALOGUE } from "../rules/catalogue";
import { fixLines, formatLine, synthesizeSafely, type ReportLine } from "./synth";

/** Options of {@link runApp}. */
export interface RunOptions {
  /** Directory of config files. @default `$AKS_CONFIG_DIR`, else `config` */
  readonly configDir?: string;
  /** Output directory. @default `$CDKTF_OUTDIR`, else `cdktf.out` */
  readonly outdir?: string;
  /**
   * Print every note (each suppressed policy finding with its reason), not
   * just one summary line per stack.
   * @default `--verbose` among the arguments, or `AKS_BYOCNI_VERBOSE` set to 1 or true
   */
  readonly verbose?: boolean;
  /** Where report lines go. @default errors to stderr (stdout under `cdktf synth`), the rest to stdout */
  readonly print?: (line: ReportLine) => void;
}

/** Suffix of the stack that installs an environment's CNI. */
export const CNI_STACK_SUFFIX = "-cni";

/**
 * The CNI stack class, loaded only when an environment installs Cilium, so
 * that apps without a CNI never load it (or the optional Helm bindings).
 */
function ciliumCniStackClass(): typeof CiliumCniStack {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../constructs/cilium-cni-stack") as typeof import("../constructs/cilium-cni-stack")).CiliumCniStack;
}

/**
 * Errors go to stderr, the rest to stdout; a fix line goes with the line it
 * explains. Under `cdktf synth`/`deploy` (the CLI sets
 * CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS for the app) everything goes to
 * stdout, which the CLI shows as it is, so the lines read the same both ways.
 */
function defaultPrint(line: ReportLine): void {
  const underCli = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
  const error = line.level === "error" || (line.level === "fix" && line.explains === "error");
  (error && !underCli ? process.stderr : process.stdout).write(`${formatLine(line)}\n`);
}

/** `--verbose` among the arguments, or `AKS_BYOCNI_VERBOSE` set to 1 or true. */
export function verboseRequested(): boolean {
  const env = (process.env.AKS_BYOCNI_VERBOSE ?? "").toLowerCase();
  return process.argv.includes("--verbose") || env === "1" || env === "true";
}

const errorLine = (stack: string, rule: string, p: string, message: string): ReportLine => ({
  level: "error",
  stack,
  message: formatFinding({ rule, severity: "error", path: p, message }),
  rule,
  fix: RULE_CATALOGUE[rule]?.fix,
});

/** Environments whose CNI stack name is taken by another environment (CFG-05). */
function cniStackClashes(environments: readonly Environment[]): ReportLine[] {
  const names = new Set(environments.map((e) => e.name));
  return environments
    .filter((e) => e.config.cni?.plugin === "cilium" && names.has(`${e.name}${CNI_STACK_SUFFIX}`))
    .map((e) => errorLine(e.name, "CFG-05", "cni.plugin", `the CNI stack of this environment is named "${e.name}${CNI_STACK_SUFFIX}", like another config file; rename one of them`));
}

/** A stack whose construction threw. */
interface BuildFailure {
  readonly stack: string;
  readonly error: unknown;
}

/**
 * One stack per environment, and `<env>-cni` right after `<env>` where
 * Cilium is installed. An environment whose stacks throw while they are
 * built leaves an empty stack of its name that fails validation with one
 * line, so that the other environments are still validated and nothing is
 * written.
 */
function buildStacks(app: App, environments: readonly Environment[]): { stacks: string[]; failures: BuildFailure[] } {
  const Cni = environments.some((e) => e.config.cni?.plugin === "cilium") ? ciliumCniStackClass() : undefined;
  const stacks: string[] = [];
  const failures: BuildFailure[] = [];
  for (const env of environments) {
    const cniId = Cni && env.config.cni?.plugin === "cilium" ? `${env.name}${CNI_STACK_SUFFIX}` : undefined;
    try {
      const stack = new AksByoCniStack(app, env.name, env.config);
      if (Cni && cniId !== undefined) {
        new Cni(app, cniId, {
          cluster: stack.cluster,
          backend: env.config.backend,
          // The CNI rules' acceptances; a malformed one is already reported once, by `<env>`.
          acceptedRisks: (env.config.acceptedRisks ?? []).filter((r) => r.rule.startsWith("CNI-") && checkAcceptances([r], RULE_CATALOGUE).length === 0),
        });
      }
      stacks.push(env.name, ...(cniId === undefined ? [] : [cniId]));
    } catch (error) {
      for (const id of [env.name, cniId]) if (id !== undefined) app.node.tryRemoveChild(id);
      const failed = new TerraformStack(app, env.name);
      const message = `internal error: building the stack failed: ${firstLine(error)}; the environment's other problems are not known (AKS_BYOCNI_VERBOSE=1 prints the stack trace)`;
      failed.node.addValidation({ validate: () => [message] });
      failures.push({ stack: env.name, error });
    }
  }
  return { stacks, failures };
}

/** The first line of what was thrown. */
export function firstLine(error: unknown): string {
  return printable((error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split("\n")[0]!);
}

/** The stack trace of an internal error, as note lines (verbose only). */
function traceLines(stack: string, error: unknown): ReportLine[] {
  const trace = error instanceof Error && error.stack !== undefined ? error.stack : String(error);
  return trace.split("\n").map((line) => ({ level: "note" as const, stack, message: `trace: ${line}` }));
}

/** Per stack, the suppressed policy findings: one summary line, or every one with its reason. */
function suppressionLines(app: App, outdir: string, verbose: boolean): ReportLine[] {
  const lines: ReportLine[] = [];
  for (const stack of app.node.findAll().filter(TerraformStack.isStack)) {
    const suppressed = policyReportOf(stack)?.suppressed ?? [];
    if (suppressed.length === 0) continue;
    const name = stack.node.id;
    if (verbose) {
      lines.push(...suppressed.map((s) => ({ level: "note" as const, stack: name, message: describeSuppression(s) })));
    } else {
      const rules = [...new Set(suppressed.map((s) => s.rule))];
      const where = path.join(outdir, "stacks", name, CHECKOV_CONFIG_FILE);
      lines.push({ level: "note", stack: name, message: `${rules.length} polic${rules.length === 1 ? "y check" : "y checks"} suppressed (${rules.join(", ")}); reasons in ${where} (AKS_BYOCNI_VERBOSE=1 prints them)` });
    }
  }
  return lines;
}

function describeSuppression(s: SuppressedFinding): string {
  // The reason of an accepted risk is the user's text.
  return printable(`${s.address}: ${s.rule} suppressed (${s.by === "pack" ? "not applicable" : "accepted risk"}): ${s.reason}`);
}

/**
 * Runs the app; returns the process exit code: 0 when everything was
 * written, 1 when a config has problems, 2 when a stack could not be built
 * (an internal error; the other stacks are still validated).
 */
export function runApp(options: RunOptions = {}): number {
  // An empty AKS_CONFIG_DIR is unset, as in a shell's ${AKS_CONFIG_DIR:-config}.
  const configDir = options.configDir ?? (process.env.AKS_CONFIG_DIR || "config");
  const outdir = options.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
  const verbose = options.verbose ?? verboseRequested();
  const print = options.print ?? defaultPrint;

  const loaded = loadConfigDir(configDir);
  const early = [...loaded.problems.map((p) => errorLine(p.stack, p.rule, p.path, p.message)), ...cniStackClashes(loaded.environments)];
  if (early.length > 0) {
    early.forEach(print);
    fixLines(early).forEach(print);
    return 1;
  }

  let built: ReturnType<typeof buildStacks> = { stacks: [], failures: [] };
  const outcome = synthesizeSafely((app) => (built = buildStacks(app, loaded.environments)), outdir);
  const { stacks, failures } = built;
  outcome.lines.filter((l) => l.level !== "note" || verbose).forEach(print);
  if (verbose) failures.flatMap((f) => traceLines(f.stack, f.error)).forEach(print);
  fixLines(outcome.lines).forEach(print);
  if (!outcome.ok) {
    const errors = outcome.lines.filter((l) => l.level === "error").length;
    print({ level: "note", stack: "synth", message: `${errors} problem${errors === 1 ? "" : "s"} found; nothing was written to ${outdir}` });
    return failures.length > 0 ? 2 : 1;
  }
  suppressionLines(outcome.app, outdir, verbose).forEach(print);
  print({ level: "note", stack: "synth", message: `wrote ${stacks.length} stack${stacks.length === 1 ? "" : "s"} (${stacks.join(", ")}) to ${path.join(outdir, "stacks")}` });
  return 0;
}
