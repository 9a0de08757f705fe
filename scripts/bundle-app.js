#!/usr/bin/env node
// @ts-check
/**
 * Part of `npm run build`: bundles the compiled app (dist/main.js, with
 * cdktf, constructs and the provider classes it imports) into one file,
 * dist/app.js, which cdktf.json runs.
 *
 * Why: a synth is mostly Node loading modules. The unbundled app resolves,
 * stats and reads ~480 files on every run; the bundle is one read and one
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
const esbuild = require("esbuild");

const ROOT = path.resolve(__dirname, "..");
const ENTRY = path.join(ROOT, "dist", "main.js");
const OUT = path.join(ROOT, "dist", "app.js");

const started = process.hrtime.bigint();
const result = esbuild.buildSync({
  entryPoints: [ENTRY],
  outfile: OUT,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: "linked",
  // Not minified: traces and a reader of the bundle still see the names.
  minify: false,
  metafile: true,
  logLevel: "warning",
});
const output = result.metafile.outputs[path.relative(process.cwd(), OUT)] ?? Object.values(result.metafile.outputs).find((o) => o.entryPoint);
const inputs = Object.keys(result.metafile.inputs).length;
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const size = output ? ` (${(output.bytes / 1024 / 1024).toFixed(1)} MiB)` : "";
process.stderr.write(`bundle: ${path.relative(ROOT, OUT)}${size} from ${inputs} modules in ${ms.toFixed(0)} ms\n`);
