/**
 * The app behind `main.ts`: one stack per config file, validated as a whole,
 * written only when every stack is valid.
 */
import * as path from "path";
import { App } from "../bindings/cdktf";
import { AksByoCniStack } from "../aks-byo-cni-stack";
import type { CiliumCniStack } from "../cilium-cni-stack";
import { loadConfigDir } from "../config/load";
import { checkAcceptances, formatFinding } from "../rules/engine";
import { RULE_CATALOGUE } from "../validation";
import { formatLine, stagingDirectory, synthesizeSafely, type ReportLine } from "./synth";

/** Options of {@link runApp}. */
export interface RunOptions {
  /** Directory of config files. @default `$AKS_CONFIG_DIR`, else `config` */
  readonly configDir?: string;
  /** Output directory. @default `$CDKTF_OUTDIR`, else `cdktf.out` */
  readonly outdir?: string;
  /** Where report lines go. @default errors to stderr, warnings and notes to stdout (left to the CLI under cdktf synth) */
  readonly print?: (line: ReportLine) => void;
}

/** Suffix of the stack that installs an environment's CNI. */
const CNI_STACK_SUFFIX = "-cni";

/**
 * The CNI stack class, loaded only when an environment installs Cilium, so
 * that apps without a CNI never load it (or the optional Helm bindings).
 */
function ciliumCniStackClass(): typeof CiliumCniStack {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../cilium-cni-stack") as typeof import("../cilium-cni-stack")).CiliumCniStack;
}

/**
 * Errors go to stderr, the rest to stdout. Under `cdktf synth`/`deploy` (the
 * CLI sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS for the app) warnings and
 * notes are left to the CLI, which prints them from the manifest; printing
 * them here too would show each twice.
 */
function defaultPrint(line: ReportLine): void {
  if (line.level === "error") process.stderr.write(`${formatLine(line)}\n`);
  else if (!process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) process.stdout.write(`${formatLine(line)}\n`);
}

/** Runs the app; returns the process exit code (0 when everything was written). */
export function runApp(options: RunOptions = {}): number {
  const configDir = options.configDir ?? process.env.AKS_CONFIG_DIR ?? "config";
  const outdir = options.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
  const print = options.print ?? defaultPrint;

  const loaded = loadConfigDir(configDir);
  if (loaded.problems.length > 0) {
    for (const p of loaded.problems) {
      print({ level: "error", stack: p.stack, message: formatFinding({ rule: p.rule, severity: "error", path: p.path, message: p.message }) });
    }
    return 1;
  }

  const withCilium = loaded.environments.filter((e) => e.config.cni?.plugin === "cilium");
  const names = new Set(loaded.environments.map((e) => e.name));
  const clashes = withCilium.filter((e) => names.has(`${e.name}${CNI_STACK_SUFFIX}`));
  if (clashes.length > 0) {
    for (const e of clashes) {
      const message = `the CNI stack of this environment is named "${e.name}${CNI_STACK_SUFFIX}", like another config file; rename one of them`;
      print({ level: "error", stack: e.name, message: formatFinding({ rule: "CFG-05", severity: "error", path: "cni.plugin", message }) });
    }
    return 1;
  }

  const app = new App({ outdir: stagingDirectory(), stackTraces: false });
  const Cni = withCilium.length > 0 ? ciliumCniStackClass() : undefined;
  const stacks: string[] = [];
  for (const env of loaded.environments) {
    const stack = new AksByoCniStack(app, env.name, env.config);
    stacks.push(env.name);
    const cni = env.config.cni;
    if (Cni && cni?.plugin === "cilium") {
      // `<env>-cni` right after `<env>`: it reads the cluster from that stack's state.
      const id = `${env.name}${CNI_STACK_SUFFIX}`;
      new Cni(app, id, {
        cluster: stack.cluster,
        cni,
        backend: env.config.backend,
        // The CNI rules' acceptances; a malformed one is already reported once, by `<env>`.
        acceptedRisks: (env.config.acceptedRisks ?? []).filter(
          (r) => r.rule.startsWith("CNI-") && checkAcceptances([r], RULE_CATALOGUE).length === 0,
        ),
      });
      stacks.push(id);
    }
  }
  const outcome = synthesizeSafely(app, outdir);
  outcome.lines.forEach(print);
  if (!outcome.ok) {
    const errors = outcome.lines.filter((l) => l.level === "error").length;
    print({ level: "note", stack: "synth", message: `${errors} problem${errors === 1 ? "" : "s"} found; nothing was written to ${outdir}` });
    return 1;
  }
  print({ level: "note", stack: "synth", message: `wrote ${stacks.length} stack${stacks.length === 1 ? "" : "s"} (${stacks.join(", ")}) to ${path.join(outdir, "stacks")}` });
  return 0;
}
