#!/usr/bin/env node
/**
 * `npm run impact -- [--json] BASE_OUTDIR HEAD_OUTDIR` (in a project that
 * uses the package: `npx aks-byocni-impact ...`): the change-impact check
 * between two `cdktf.out` folders. Lines on stdout; with `--json`,
 * a JSON array (one object per changed resource) on stdout and the lines on
 * stderr. Exit 0: nothing protected is replaced or destroyed without the
 * head accepting it; 1: something is (or a plan fails); 2: a usage or tool
 * error. Needs OpenTofu or Terraform with the azurerm provider (a registry,
 * or `--install-script` with an offline mirror); never Azure credentials.
 */
import * as path from "path";
import { findTerraformCli } from "../testing/terraform/cli";
import { checkChangeImpact } from "./check";
import { reportJson, reportLines } from "./format";

interface Args {
  json: boolean;
  base?: string;
  head?: string;
  installScript?: string;
  installDir?: string;
  concurrency?: number;
}

const USAGE = "usage: impact [--json] [--install-script SCRIPT --install-dir DIR] [--concurrency N] BASE_OUTDIR HEAD_OUTDIR";

function parse(argv: readonly string[]): Args | string {
  const args: Args = { json: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--json") args.json = true;
    else if (a === "--install-script") args.installScript = argv[++i];
    else if (a === "--install-dir") args.installDir = argv[++i];
    else if (a === "--concurrency") args.concurrency = Number(argv[++i]);
    else if (a.startsWith("--")) return `unknown option ${a}`;
    else positional.push(a);
  }
  if (positional.length !== 2) return "needs two cdktf.out folders: the base and the head";
  [args.base, args.head] = positional;
  return args;
}

/** Where the report goes: stdout and stderr, or anything with `write` (typed without Node's global types, which a package's users may not have). */
interface TextSink {
  write(text: string): unknown;
}

/** Runs the check; resolves with the exit status. */
export async function main(argv: readonly string[], out: TextSink = process.stdout, err: TextSink = process.stderr): Promise<number> {
  const args = parse(argv);
  if (typeof args === "string") {
    err.write(`impact: ${args}\n${USAGE}\n`);
    return 2;
  }
  let cli;
  try {
    cli = await findTerraformCli({ installScript: args.installScript, installDir: args.installDir && path.resolve(args.installDir) });
  } catch (e) {
    err.write(`impact: ${(e as Error).message}\n`);
    return 2;
  }
  const report = await checkChangeImpact(path.resolve(args.base!), path.resolve(args.head!), { cli, concurrency: args.concurrency });
  if (args.json) {
    // The JSON for tools on stdout; the same report as lines, for people, on stderr.
    out.write(`${reportJson(report)}\n`);
    for (const line of reportLines(report)) err.write(`${line}\n`);
  } else {
    for (const line of reportLines(report)) out.write(`${line}\n`);
  }
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`impact: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
