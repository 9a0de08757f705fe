#!/usr/bin/env node
// @ts-check
/**
 * `npm run cdk -- <command> [args]`: the CDK CLI this checkout deploys with,
 * chosen by AKS_CDK, so that the workflows (and a user's pipeline) run either
 * package with the same steps:
 *
 * - AKS_CDK=cdktf (default): `cdktf <args>` with cdktf.json's app (dist/app.js).
 * - AKS_CDK=cdktn: `cdktn <args>` on Node >= 22.19 with the CDK Terrain
 *   build's app (packages/cdktn/build/dist/app.js), writing cdktf.out as cdktf
 *   does, so the steps after it read the same paths.
 *
 * `synth` builds first (`npm run build`, or for cdktn `npm run cdktn:install`
 * when packages/cdktn/node_modules is missing, then `npm run cdktn:build`).
 * Other commands (`diff`, `deploy`) run on what was built; pass --skip-synth
 * after a synth, as the workflows do.
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (r.error) throw r.error;
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function main(args) {
  const cdk = process.env.AKS_CDK ?? "cdktf";
  if (cdk !== "cdktf" && cdk !== "cdktn") throw new Error(`AKS_CDK is "${cdk}": use cdktf or cdktn`);
  const synth = args[0] === "synth";
  if (cdk === "cdktf") {
    if (synth) run(NPM, ["run", "--silent", "build"]);
    run(process.execPath, [path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf"), ...args]);
    return;
  }
  const cdktn = require("./cdktn");
  if (synth) {
    if (!fs.existsSync(path.join(cdktn.CDKTN_MODULES, "cdktn", "package.json"))) run(NPM, ["run", "--silent", "cdktn:install"]);
    cdktn.build();
  }
  cdktn.cli(args, "cdktf.out");
}

try {
  main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`cdk: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
