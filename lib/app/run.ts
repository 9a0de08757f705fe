/**
 * The app behind `main.ts`: one stack per config file, validated as a whole,
 * written only when every stack is valid.
 */
import * as path from "path";
import { App } from "../bindings/cdktf";
import { AksByoCniStack } from "../aks-byo-cni-stack";
import { loadConfigDir } from "../config/load";
import { formatFinding } from "../rules/engine";
import { formatLine, stagingDirectory, synthesizeSafely, type ReportLine } from "./synth";

export interface RunOptions {
  /** Directory of config files. @default `$AKS_CONFIG_DIR`, else `config` */
  readonly configDir?: string;
  /** Output directory. @default `$CDKTF_OUTDIR`, else `cdktf.out` */
  readonly outdir?: string;
  /** Where report lines go. @default stderr for errors and warnings, stdout for the rest */
  readonly print?: (line: ReportLine) => void;
}

function defaultPrint(line: ReportLine): void {
  (line.level === "note" ? process.stdout : process.stderr).write(`${formatLine(line)}\n`);
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

  const app = new App({ outdir: stagingDirectory(), stackTraces: false });
  for (const env of loaded.environments) new AksByoCniStack(app, env.name, env.config);
  const outcome = synthesizeSafely(app, outdir);
  outcome.lines.forEach(print);
  if (!outcome.ok) {
    const errors = outcome.lines.filter((l) => l.level === "error").length;
    print({ level: "note", stack: "synth", message: `${errors} problem${errors === 1 ? "" : "s"} found; nothing was written to ${outdir}` });
    return 1;
  }
  const stacks = loaded.environments.map((e) => e.name);
  print({ level: "note", stack: "synth", message: `wrote ${stacks.length} stack${stacks.length === 1 ? "" : "s"} (${stacks.join(", ")}) to ${path.join(outdir, "stacks")}` });
  return 0;
}
