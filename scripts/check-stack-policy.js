#!/usr/bin/env node
// @ts-check
/**
 * Checks synthesized stacks against the policy a stack must meet before it
 * is planned with credentials (lib/terraform/stack-policy.ts): nothing that
 * runs a program or reads the planning machine's files at plan time, no
 * provider, backend or setting this project does not use.
 *
 *   node scripts/check-stack-policy.js [--remote-state-only] [--local-charts-only] PATH...
 *
 * Each PATH is a stack directory (holding cdk.tf.json) or a directory of
 * them (cdktf.out/stacks, or cdktf.out). A stack directory must hold
 * cdk.tf.json as a regular file (not a link) and no other Terraform
 * configuration (*.tf, *.tf.json, *.tofu, *.tofu.json, *.tfvars), because
 * Terraform would read those too. Prints one line per finding,
 * `<stack>: <JSON path>: <message>`, and a summary on stderr.
 * Exit status: 0 every stack passes, 1 a finding, 2 a usage error.
 *
 * Needs the compiled library (npm run build:lib).
 */
"use strict";
const fs = require("fs");
const path = require("path");

const TERRAFORM_FILE = /\.(tf|tf\.json|tofu|tofu\.json|tfvars|tfvars\.json)$/;

function usage(message) {
  process.stderr.write(`check-stack-policy: ${message}\nusage: node scripts/check-stack-policy.js [--remote-state-only] [--local-charts-only] PATH...\n`);
  process.exit(2);
}

/** The stack directories under `p`: itself, its children, or stacks/ below it. */
function stackDirs(p) {
  const isDir = (d) => fs.existsSync(d) && fs.lstatSync(d).isDirectory();
  if (!isDir(p)) usage(`${p} is not a directory`);
  if (fs.existsSync(path.join(p, "cdk.tf.json"))) return [p];
  const base = isDir(path.join(p, "stacks")) ? path.join(p, "stacks") : p;
  const dirs = fs
    .readdirSync(base)
    .map((d) => path.join(base, d))
    .filter((d) => isDir(d) && fs.existsSync(path.join(d, "cdk.tf.json")))
    .sort();
  if (dirs.length === 0) usage(`no stack (a directory with cdk.tf.json) in ${p}`);
  return dirs;
}

/** Problems of the directory itself: the JSON file must be a regular file, and alone. */
function directoryProblems(dir) {
  const out = [];
  const file = path.join(dir, "cdk.tf.json");
  if (!fs.lstatSync(file).isFile()) out.push({ path: "", message: "cdk.tf.json is not a regular file (a link?)" });
  for (const entry of fs.readdirSync(dir)) {
    if (entry !== "cdk.tf.json" && TERRAFORM_FILE.test(entry)) out.push({ path: "", message: `${entry}: Terraform would read this file too; a stack directory holds cdk.tf.json only` });
  }
  return out;
}

function main() {
  const args = process.argv.slice(2);
  const options = { remoteStateOnly: false, localChartsOnly: false };
  const paths = [];
  for (const a of args) {
    if (a === "--remote-state-only") options.remoteStateOnly = true;
    else if (a === "--local-charts-only") options.localChartsOnly = true;
    else if (a.startsWith("--")) usage(`unknown option ${a}`);
    else paths.push(a);
  }
  if (paths.length === 0) usage("no path given");
  const policy = path.join(__dirname, "..", "dist", "lib", "terraform", "stack-policy.js");
  if (!fs.existsSync(policy)) usage(`${path.relative(process.cwd(), policy)} is missing; run npm run build:lib first`);
  /** @type {typeof import("../lib/terraform/stack-policy")} */
  const { checkStackPolicyText } = require(policy);

  let findings = 0;
  const dirs = paths.flatMap(stackDirs);
  for (const dir of dirs) {
    const stack = path.basename(dir);
    let problems = directoryProblems(dir);
    if (problems.length === 0) problems = checkStackPolicyText(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"), options);
    for (const p of problems) process.stdout.write(`${stack}: ${p.path ? `${p.path}: ` : ""}${p.message}\n`.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, "?"));
    findings += problems.length;
  }
  process.stderr.write(`check-stack-policy: ${dirs.length} stack(s) checked, ${findings} finding(s)\n`);
  process.exitCode = findings > 0 ? 1 : 0;
}

main();
