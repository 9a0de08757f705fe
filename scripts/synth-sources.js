// @ts-check
/**
 * Every app and config directory this repository ships, and how to
 * synthesize each in a child process of its own (in parallel): the shipped
 * environments (config/), the option matrix (__tests__/terraform/matrix/),
 * the guide's minimal config (examples/guide/) and the TypeScript examples.
 * Used by the provider check (validate-terraform.js), the release record
 * (record-release.js) and the day-2 tests.
 *
 * TypeScript runs from source through swc, so callers always see the
 * current code without a build.
 */
"use strict";
const { spawn } = require("child_process");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");

/**
 * What to synthesize: a label (prefix of each stack in reports), the
 * TypeScript entry point and the config directory for the app.
 * @type {readonly { group: string; entry: string; configDir?: string }[]}
 */
const SOURCES = [
  { group: "config", entry: "main.ts", configDir: "config" },
  { group: "matrix", entry: "main.ts", configDir: path.join("__tests__", "terraform", "matrix") },
  { group: "guide", entry: "main.ts", configDir: path.join("examples", "guide") },
  { group: "existing-vnet", entry: path.join("examples", "existing-vnet", "main.ts") },
  { group: "multi-env", entry: path.join("examples", "multi-env", "main.ts") },
];

/**
 * Runs one source's app in a child process, writing into `outdir`; resolves
 * with its exit code and output (the apps print their findings one per line,
 * errors on stderr).
 * @param {{ group: string; entry: string; configDir?: string }} source
 * @param {string} outdir
 * @returns {Promise<{ code: number; output: string; errors: string }>}
 */
function synthesize(source, outdir) {
  const env = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" };
  if (source.configDir) env.AKS_CONFIG_DIR = path.join(ROOT, source.configDir);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [__filename, "--run", path.join(ROOT, source.entry)], { cwd: ROOT, env });
    let output = "";
    let errors = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => {
      output += d;
      errors += d;
    });
    child.on("close", (code) => resolve({ code: code ?? 1, output, errors }));
  });
}

/**
 * Synthesizes every source into `<outdir>/<group>`, in parallel.
 * @param {string} outdir
 */
function synthesizeAll(outdir) {
  return Promise.all(SOURCES.map((s) => synthesize(s, path.join(outdir, s.group)).then((r) => ({ source: s, outdir: path.join(outdir, s.group), ...r }))));
}

/**
 * The lines of a failed synth worth showing: errors, without warnings, notes or stack frames.
 * @param {{ code: number; output: string; errors: string }} result
 */
function failureLines(result) {
  const lines = result.errors.split("\n").filter((l) => l.trim() && !/: (warning|note): /.test(l) && !/^\s+at /.test(l));
  return lines.length > 0 ? lines : result.output.trim().split("\n").slice(-3);
}

module.exports = { ROOT, SOURCES, synthesize, synthesizeAll, failureLines };

if (require.main === module && process.argv[2] === "--run") {
  // Child mode: run one app (main.ts or an example) with the environment the parent set.
  require("./register-ts").registerTypeScript();
  require(path.resolve(process.argv[3]));
}
