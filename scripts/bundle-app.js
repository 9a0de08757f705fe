#!/usr/bin/env node
// @ts-check
/**
 * Part of `npm run build`: bundles the compiled app (dist/main.js, with
 * cdktf, constructs and the provider classes it imports) into one file,
 * dist/app.js, which cdktf.json runs.
 *
 * Why: a synth is mostly Node loading modules. The unbundled app resolves,
 * stats and reads ~490 files on every run; the bundle is one read and one
 * compile, which measured ~25% faster on `config/` (see README,
 * "Performance"). The code inside is the same: the bundle is built from
 * tsc's output, and the e2e tests run it. The library (dist/lib, what the
 * package ships) is not bundled; consumers get plain modules.
 *
 * A linked source map (dist/app.js.map) maps back through tsc's maps to the
 * TypeScript: `node --enable-source-maps dist/app.js` for readable traces.
 */
"use strict";
const path = require("path");

const ROOT = path.resolve(__dirname, "..");

/** How an app is bundled (the benchmark bundles its bare baseline the same way). */
const BUNDLE_OPTIONS = /** @type {const} */ ({
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // Not minified: traces and a reader of the bundle still see the names.
  minify: false,
  logLevel: "warning",
});

function main() {
  const esbuild = require("esbuild");
  const out = path.join(ROOT, "dist", "app.js");
  const started = process.hrtime.bigint();
  const result = esbuild.buildSync({ ...BUNDLE_OPTIONS, entryPoints: [path.join(ROOT, "dist", "main.js")], outfile: out, sourcemap: "linked", metafile: true });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  const inputs = Object.keys(result.metafile.inputs).length;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const size = output ? ` (${(output.bytes / 1024 / 1024).toFixed(1)} MiB)` : "";
  process.stderr.write(`bundle: ${path.relative(ROOT, out)}${size} from ${inputs} modules in ${ms.toFixed(0)} ms\n`);
}

module.exports = { BUNDLE_OPTIONS };

if (require.main === module) main();
