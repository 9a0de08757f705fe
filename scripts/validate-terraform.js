#!/usr/bin/env node
// @ts-check
/**
 * `npm run validate:terraform`: shows every synthesized stack to the real
 * providers (hashicorp/azurerm, hashicorp/helm), without Azure credentials.
 *
 * Synthesizes, each into its own temporary directory and in parallel: the
 * shipped environments (config/), the guide's minimal config (examples/guide/), both examples, the option matrix
 * (__tests__/terraform/matrix/) and the accepted cases of the corpus of published definitions (corpus/accepted/)
 * (scripts/synth-sources.js). Then, for every stack: `tofu init`,
 * `tofu validate` and a plan with mocked providers (lib/testing/terraform/).
 * Prints one line per failing stack and a summary; exits 1 on any failure.
 *
 * TypeScript runs from source through swc (no build step, no type-check:
 * `npm run typecheck` does that), so the check always sees the current code.
 *
 * The CLI: `tofu`/`terraform` from PATH when its registry answers, else the
 * offline bundle `../shared/terraform/install.sh` unpacked into .tools/tofu.
 *
 * Options:
 *   --per-problem   one line per problem instead of one per failing stack
 *   --keep          keep the synth output and the working directories (paths printed)
 *   --json FILE     write every result (problems, warnings, notes, timings) as JSON
 *   --only TEXT     check only stacks whose label (<group>/<stack>) contains TEXT
 *   --framework cdktn   synthesize with the CDK Terrain package's bindings (after `npm run cdktn:build`);
 *                   its stacks pin azurerm 4.73.0, which the offline bundle holds beside 4.55.0
 */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { registerTypeScript } = require("./register-ts");
const { ROOT, synthesizeAll, failureLines } = require("./synth-sources");

function parseArgs(argv) {
  const opts = { perProblem: false, keep: false, json: undefined, only: undefined, framework: /** @type {"cdktf" | "cdktn"} */ ("cdktf") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--per-problem") opts.perProblem = true;
    else if (a === "--keep") opts.keep = true;
    else if (a === "--json") opts.json = argv[++i];
    else if (a === "--only") opts.only = argv[++i];
    else if (a === "--framework" && (argv[i + 1] === "cdktf" || argv[i + 1] === "cdktn")) opts.framework = argv[++i];
    else throw new Error(`unknown option ${a}; see the header of ${path.relative(process.cwd(), __filename)}`);
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  registerTypeScript();
  /** @type {typeof import("../lib/testing/terraform/check") & typeof import("../lib/testing/terraform/cli")} */
  const tf = { ...require(path.join(ROOT, "lib", "testing", "terraform", "check.ts")), ...require(path.join(ROOT, "lib", "testing", "terraform", "cli.ts")) };

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "validate-terraform-"));
  // The CLI lookup (registry probe, or unpacking the offline bundle) overlaps with synthesis.
  const cliPromise = tf
    .findTerraformCli({
      installScript: path.resolve(ROOT, "..", "shared", "terraform", "install.sh"),
      installDir: path.join(ROOT, ".tools", "tofu"),
    })
    .then(
      (cli) => ({ cli, error: undefined }),
      (error) => ({ cli: undefined, error }),
    );

  const synthFailures = [];
  /** @type {{ label: string; dir: string }[]} */
  const stacks = [];
  const synths = await synthesizeAll(tmp, opts.framework);
  for (const result of synths) {
    const { source, code } = result;
    if (code !== 0) {
      synthFailures.push(`${source.group}: synth: exit ${code}: ${failureLines(result).join(" | ")}`);
      continue;
    }
    for (const dir of tf.listSynthesizedStacks(path.join(tmp, source.group))) {
      const label = `${source.group}/${path.basename(dir)}`;
      if (!opts.only || label.includes(opts.only)) stacks.push({ label, dir });
    }
  }
  const synthSeconds = (Date.now() - started) / 1000;

  const { cli, error } = await cliPromise;
  if (!cli) {
    for (const line of synthFailures) process.stdout.write(`${line}\n`);
    process.stderr.write(`validate:terraform: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
    return;
  }

  if (path.basename(cli.binary) === "terraform") {
    process.stderr.write("validate:terraform: using terraform; its mock plans skip the provider's validation of mocked values, OpenTofu checks more\n");
  }
  const labels = new Map(stacks.map((s) => [s.dir, s.label]));
  const results = (
    await tf.checkSynthesizedStacks(
      stacks.map((s) => s.dir),
      { binary: cli.binary, cliConfigFile: cli.cliConfigFile, keepWorkDirs: opts.keep },
    )
  ).map((r) => ({ ...r, stack: labels.get(r.stackDir) ?? r.stack }));

  const lines = [...synthFailures, ...tf.formatTerraformFailures(results, { perProblem: opts.perProblem })];
  for (const line of lines) process.stdout.write(`${line}\n`);
  if (opts.json) fs.writeFileSync(opts.json, `${JSON.stringify(results, null, 2)}\n`);
  if (opts.keep) {
    process.stdout.write(`synth output kept in ${tmp}\n`);
    for (const r of results) process.stdout.write(`  ${r.stack}: ${r.workDir}\n`);
  } else {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const failed = results.filter((r) => !r.ok).length;
  const slowest = results.reduce((a, r) => (r.seconds > a.seconds ? r : a), { stack: "-", seconds: 0 });
  const wall = (Date.now() - started) / 1000;
  process.stdout.write(
    `validate:terraform: ${opts.framework}: ${results.length} stacks checked with ${path.basename(cli.binary)} (${cli.origin}), ` +
      `${failed} failed${synthFailures.length > 0 ? `, ${synthFailures.length} app(s) failed to synthesize` : ""}; ` +
      `${wall.toFixed(1)} s wall (synth ${synthSeconds.toFixed(1)} s, slowest stack ${slowest.stack} ${slowest.seconds.toFixed(1)} s)\n`,
  );
  process.exitCode = failed > 0 || synthFailures.length > 0 ? 1 : 0;
}

main().catch((e) => {
  process.stderr.write(`validate:terraform: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 2;
});
