#!/usr/bin/env node
// @ts-check
/**
 * `npm run impact -- [--json] BASE_OUTDIR HEAD_OUTDIR`: the change-impact
 * check (lib/impact/cli.ts) from source. Without a `tofu`/`terraform` whose
 * registry answers, it uses the offline provider bundle next to the
 * repository (../shared/terraform), as `npm run validate:terraform` does.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { registerTypeScript } = require("./register-ts");

const ROOT = path.resolve(__dirname, "..");
registerTypeScript();
/** @type {typeof import("../lib/impact/cli")} */
const cli = require(path.join(ROOT, "lib", "impact", "cli.ts"));
const args = process.argv.slice(2);
const bundle = path.resolve(ROOT, "..", "shared", "terraform", "install.sh");
if (!args.includes("--install-script") && fs.existsSync(bundle)) args.unshift("--install-script", bundle, "--install-dir", path.join(ROOT, ".tools", "tofu"));
cli.main(args).then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`impact: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
