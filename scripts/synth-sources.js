#!/usr/bin/env node
// @ts-check
/**
 * Every app this repository ships, synthesized from source: the shipped
 * environments (config/), the option matrix (__tests__/terraform/matrix/),
 * the accepted cases of the corpus of published definitions (corpus/accepted/),
 * the guide's minimal config (examples/guide/) and both examples. Used by
 * `npm run validate:terraform` (the provider check), the comparison of the
 * two packages' outputs, the release record (record-release.js) and the
 * day-2 tests.
 *
 * Each app runs in a child process, TypeScript compiled by swc (no build, no
 * type-check), against cdktf, or against cdktn (`framework: "cdktn"`: the
 * staged cdktn bindings of `npm run cdktn:build`, see scripts/cdktn.js).
 *
 * `node scripts/synth-sources.js --both [OUT] [--json]` (`npm run
 * cdktn:compare`) synthesizes every app with both frameworks into
 * OUT/cdktf/<group> and OUT/cdktn/<group> (OUT: a temporary directory,
 * removed afterwards) and
 * compares each pair of stacks: they must be equal but for the differences
 * listed in DELIBERATE. Prints the pairs (with --json, as JSON: the input a
 * plan of one against a state deployed from the other takes); exit 1 on any
 * other difference or a failed synth.
 */
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const { registerTypeScript } = require("./register-ts");

const ROOT = path.resolve(__dirname, "..");

/**
 * What to synthesize: a label (prefix of each stack in the report), the
 * TypeScript entry point and the config directory for the app.
 * @type {{ group: string; entry: string; configDir?: string }[]}
 */
const SOURCES = [
  { group: "config", entry: "main.ts", configDir: "config" },
  { group: "matrix", entry: "main.ts", configDir: path.join("__tests__", "terraform", "matrix") },
  { group: "corpus", entry: "main.ts", configDir: path.join("corpus", "accepted") },
  { group: "guide", entry: "main.ts", configDir: path.join("examples", "guide") },
  { group: "existing-vnet", entry: path.join("examples", "existing-vnet", "main.ts") },
  { group: "multi-env", entry: path.join("examples", "multi-env", "main.ts") },
];

/** @typedef {"cdktf" | "cdktn"} Framework */

/**
 * Runs one app in a child process; resolves with its exit code and output.
 * @param {{ group: string; entry: string; configDir?: string }} source
 * @param {string} outdir
 * @param {Framework} [framework]
 * @returns {Promise<{ code: number; output: string; stdout: string; errors: string }>}
 */
function synthesize(source, outdir, framework = "cdktf") {
  const env = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", AKS_FRAMEWORK: framework };
  if (source.configDir) env.AKS_CONFIG_DIR = path.resolve(ROOT, source.configDir);
  // cdktf's App creates the output directory without its parents.
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [__filename, "--run", path.join(ROOT, source.entry)], { cwd: ROOT, env });
    let output = "";
    let stdout = "";
    let errors = "";
    child.stdout.on("data", (d) => {
      output += d;
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
      errors += d;
    });
    child.on("close", (code) => resolve({ code: code ?? 1, output, stdout, errors }));
  });
}

/**
 * How the cdktn output differs from the cdktf output on purpose, each with
 * its reason; `normalize` maps a cdktn stack's JSON to what cdktf writes.
 * Anything else that differs is a defect.
 */
const DELIBERATE = [
  {
    what: "terraform.required_providers.azurerm.version",
    why: "the prebuilt bindings pin the azurerm version they were generated from: 4.55.0 (@cdktf/provider-azurerm 14.23.1, final), 4.73.0 (@cdktn/provider-azurerm 16.1.0)",
    /** @param {any} cdktn @param {any} cdktf */
    normalize: (cdktn, cdktf) => {
      const a = cdktn.terraform?.required_providers?.azurerm;
      const b = cdktf.terraform?.required_providers?.azurerm;
      if (a && b && a.version === "4.73.0" && b.version === "4.55.0") a.version = b.version;
    },
  },
  {
    what: '"//".metadata.version',
    why: "the framework writes its own version into the stack's metadata block (0.21.0 / 0.24.0); Terraform ignores the block",
    /** @param {any} cdktn @param {any} cdktf */
    normalize: (cdktn, cdktf) => {
      const a = cdktn["//"]?.metadata;
      const b = cdktf["//"]?.metadata;
      if (a && b && typeof a.version === "string" && typeof b.version === "string") a.version = b.version;
    },
  },
];

/** Sorted-key JSON, so that key order does not count as a difference. */
function canonical(/** @type {unknown} */ v) {
  return JSON.stringify(v, (_k, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));
}

/** The first paths where two JSON values differ (at most `limit`). */
function differences(/** @type {any} */ a, /** @type {any} */ b, p = "", out = /** @type {string[]} */ ([]), limit = 5) {
  if (out.length >= limit) return out;
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) differences(a[k], b[k], p ? `${p}.${k}` : k, out, limit);
  } else if (canonical(a) !== canonical(b)) {
    out.push(`${p || "(root)"}: ${JSON.stringify(a)?.slice(0, 80)} (cdktf) vs ${JSON.stringify(b)?.slice(0, 80)} (cdktn)`);
  }
  return out;
}

/**
 * What differs between a stack's cdktf JSON and its cdktn JSON beyond
 * DELIBERATE (at most five paths); empty when they agree.
 * @param {unknown} cdktfJson
 * @param {unknown} cdktnJson
 */
function compareStackJson(cdktfJson, cdktnJson) {
  const a = JSON.parse(JSON.stringify(cdktfJson));
  const b = JSON.parse(JSON.stringify(cdktnJson));
  for (const d of DELIBERATE) d.normalize(b, a);
  return differences(a, b);
}

/** Files of a stack directory (cdk.tf.json aside) that must be byte for byte the same. */
function sideFiles(/** @type {string} */ dir) {
  return fs.readdirSync(dir).filter((f) => f !== "cdk.tf.json" && fs.statSync(path.join(dir, f)).isFile()).sort();
}

/**
 * Synthesizes every source with both frameworks under `outdir` and pairs the
 * stacks. A pair's `problems` lists what differs beyond DELIBERATE.
 * @param {string} outdir
 * @returns {Promise<{ pairs: { label: string; group: string; stack: string; cdktf: string; cdktn: string; problems: string[] }[]; failures: string[] }>}
 */
async function synthesizeSideBySide(outdir) {
  const failures = [];
  const runs = await Promise.all(
    SOURCES.flatMap((source) =>
      /** @type {Framework[]} */ (["cdktf", "cdktn"]).map(async (framework) => ({ source, framework, ...(await synthesize(source, path.join(outdir, framework, source.group), framework)) })),
    ),
  );
  for (const r of runs.filter((x) => x.code !== 0)) failures.push(`${r.framework} ${r.source.group}: synth exit ${r.code}: ${r.errors.trim().split("\n").slice(-3).join(" | ")}`);
  const pairs = [];
  for (const source of SOURCES) {
    const dirs = (/** @type {Framework} */ fw) => path.join(outdir, fw, source.group, "stacks");
    if (!fs.existsSync(dirs("cdktf")) || !fs.existsSync(dirs("cdktn"))) continue;
    const names = [...new Set([...fs.readdirSync(dirs("cdktf")), ...fs.readdirSync(dirs("cdktn"))])].sort();
    for (const stack of names) {
      const cdktf = path.join(dirs("cdktf"), stack);
      const cdktn = path.join(dirs("cdktn"), stack);
      const problems = [];
      if (!fs.existsSync(path.join(cdktf, "cdk.tf.json")) || !fs.existsSync(path.join(cdktn, "cdk.tf.json"))) {
        problems.push("synthesized by one framework only");
      } else {
        const read = (/** @type {string} */ dir) => JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
        problems.push(...compareStackJson(read(cdktf), read(cdktn)));
        const files = [...new Set([...sideFiles(cdktf), ...sideFiles(cdktn)])];
        for (const f of files) {
          const x = path.join(cdktf, f);
          const y = path.join(cdktn, f);
          if (!fs.existsSync(x) || !fs.existsSync(y) || !fs.readFileSync(x).equals(fs.readFileSync(y))) problems.push(`${f} differs`);
        }
      }
      pairs.push({ label: `${source.group}/${stack}`, group: source.group, stack, cdktf, cdktn, problems });
    }
  }
  return { pairs, failures };
}

/**
 * Synthesizes every source into `<outdir>/<group>` with one framework, in parallel.
 * @param {string} outdir
 * @param {Framework} [framework]
 */
function synthesizeAll(outdir, framework = "cdktf") {
  return Promise.all(SOURCES.map((s) => synthesize(s, path.join(outdir, s.group), framework).then((r) => ({ source: s, outdir: path.join(outdir, s.group), ...r }))));
}

/**
 * The lines of a failed synth worth showing: errors, without warnings, notes or stack frames.
 * @param {{ code: number; output: string; errors: string }} result
 */
function failureLines(result) {
  const lines = result.errors.split("\n").filter((l) => l.trim() && !/: (warning|note): /.test(l) && !/^\s+at /.test(l));
  return lines.length > 0 ? lines : result.output.trim().split("\n").slice(-3);
}

async function main(argv) {
  const i = argv.indexOf("--both");
  if (i < 0) {
    process.stderr.write("usage: node scripts/synth-sources.js --both [OUT] [--json]\n");
    process.exitCode = 2;
    return;
  }
  const out = argv[i + 1] && !argv[i + 1].startsWith("--") ? argv[i + 1] : undefined;
  const started = Date.now();
  const outdir = out ? path.resolve(out) : fs.mkdtempSync(path.join(require("os").tmpdir(), "side-by-side-"));
  fs.rmSync(outdir, { recursive: true, force: true });
  const { pairs, failures } = await synthesizeSideBySide(outdir);
  const bad = pairs.filter((p) => p.problems.length > 0);
  if (argv.includes("--json")) process.stdout.write(`${JSON.stringify({ deliberate: DELIBERATE.map(({ what, why }) => ({ what, why })), pairs, failures }, null, 2)}\n`);
  else {
    for (const f of failures) process.stdout.write(`${f}\n`);
    for (const p of pairs) process.stdout.write(`${p.label}: ${p.problems.length === 0 ? "same but for the deliberate differences" : p.problems.join("; ")}\n`);
  }
  process.stderr.write(
    `synth-sources: ${pairs.length} stacks synthesized by cdktf and cdktn${out ? ` into ${out}` : ""}, ${bad.length} differ beyond ${DELIBERATE.map((d) => d.what).join(" and ")}` +
      `${failures.length ? `, ${failures.length} synth failure(s)` : ""}; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  process.exitCode = bad.length > 0 || failures.length > 0 ? 1 : 0;
  if (!out) fs.rmSync(outdir, { recursive: true, force: true });
}

module.exports = { ROOT, SOURCES, DELIBERATE, compareStackJson, synthesize, synthesizeAll, synthesizeSideBySide, failureLines };

if (process.argv[2] === "--run") {
  // Child mode: run one app (main.ts or an example) with the environment the parent set.
  registerTypeScript();
  if (process.env.AKS_FRAMEWORK === "cdktn") require("./cdktn").registerCdktn();
  require(path.resolve(process.argv[3]));
} else if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`synth-sources: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  });
}
