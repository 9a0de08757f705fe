#!/usr/bin/env node
// @ts-check
/**
 * Checks the GitHub workflows for what lets repository or package code reach
 * Azure credentials:
 *
 * - a job that can request an OIDC token (`id-token: write`, or `write-all`,
 *   its own or inherited from the workflow) must run no repository or package
 *   code: no checkout, no local action, only the actions in ID_TOKEN_ACTIONS,
 *   no `run:` that starts npm, npx, node, yarn, pnpm, cdktf, python, make or
 *   a script of the repository, and no other shell than bash;
 * - a job calling a reusable workflow with that permission passes it on: the
 *   called workflow (in this directory) is checked like any other, and a
 *   workflow of another repository cannot be checked, so it is refused;
 * - every workflow sets `permissions` at its top, so that no job gets the
 *   repository's default token permissions;
 * - every npm ci / npm install / yarn install runs with --ignore-scripts;
 * - every checkout sets persist-credentials: false.
 *
 *   node scripts/check-workflows.js [DIR]     (default .github/workflows)
 *
 * One line per problem, `<file>: <job>: <problem>`; exit 1 when there is one.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { load } = require("js-yaml");

/** The actions a job with an OIDC token may use: artifacts, Terraform, the Azure sign-in and kubelogin. */
const ID_TOKEN_ACTIONS = ["actions/download-artifact", "actions/upload-artifact", "hashicorp/setup-terraform", "azure/login", "azure/use-kubelogin"];

/** Commands that run repository or package code (a word of a `run:` script). */
const CODE_RUNNERS = /(^|[\s;&|()`$])(npm|npx|node|yarn|pnpm|bun|deno|cdktf|tsx|ts-node|python3?|pip3?|pipx|uv|make|go|source)(?=$|[\s;&|)])/m;
/** Running a file of the checkout: ./x, .ci/x, scripts/x, bash x.sh, `. x`. */
const REPOSITORY_FILE = /(^|[\s;&|()`$])(\.\/|\.ci\/|scripts\/|bench\/|(bash|sh)[ \t]+(?!-c\b)[^\s-])|(^|[;&|])[ \t]*\.[ \t]+\S/m;
/** Installs of npm packages. */
const INSTALL = /(^|[\s;&|()])(npm\s+(ci|install|i|add)|yarn(\s+install)?|pnpm\s+(install|i|add))(?=$|[\s;&|)])[^\n;&|]*/gm;

/** @param {unknown} v */
const isMapping = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

/** True when these permissions let the job request an OIDC token. */
function grantsIdToken(permissions) {
  if (permissions === "write-all") return true;
  return isMapping(permissions) && permissions["id-token"] === "write";
}

/** The action of a `uses:` without its version: `owner/repo`, `./path` or `docker://...`. */
function actionOf(uses) {
  if (uses.startsWith("./") || uses.startsWith("$/") || uses.startsWith("docker://")) return uses;
  return uses.split("@")[0].split("/").slice(0, 2).join("/");
}

/**
 * Problems of one workflow file.
 * @param {string} file shown in messages
 * @param {string} text the YAML
 * @param {(uses: string) => boolean} [isCheckedLocalWorkflow] whether a `./...` reusable workflow is one this check also reads
 * @returns {string[]}
 */
function checkWorkflow(file, text, isCheckedLocalWorkflow = () => true) {
  const out = [];
  const doc = load(text);
  if (!isMapping(doc)) return [`${file}: not a workflow`];
  if (!("permissions" in doc)) out.push(`${file}: no top-level permissions: jobs without their own get the repository's default token permissions`);
  const jobs = isMapping(doc.jobs) ? doc.jobs : {};
  for (const [id, job] of Object.entries(jobs)) {
    if (!isMapping(job)) continue;
    const where = `${file}: ${id}`;
    const permissions = "permissions" in job ? job.permissions : doc.permissions;
    const idToken = grantsIdToken(permissions);
    if (typeof job.uses === "string") {
      if (idToken && !(job.uses.startsWith("./") && isCheckedLocalWorkflow(job.uses))) out.push(`${where}: passes id-token to ${job.uses}, a workflow this check cannot read`);
      continue;
    }
    const steps = Array.isArray(job.steps) ? job.steps : [];
    steps.forEach((step, i) => {
      if (!isMapping(step)) return;
      const at = `${where}: step ${i + 1}${step.name ? ` (${step.name})` : ""}`;
      out.push(...stepProblems(step, at, idToken, job));
    });
  }
  return out;
}

/** Problems of one step; `idToken`: the job can request an OIDC token. */
function stepProblems(step, at, idToken, job) {
  const out = [];
  if (typeof step.uses === "string") {
    const action = actionOf(step.uses);
    if (action === "actions/checkout" && !(isMapping(step.with) && (step.with["persist-credentials"] === false || step.with["persist-credentials"] === "false"))) {
      out.push(`${at}: checkout keeps its token in .git/config; set persist-credentials: false`);
    }
    if (idToken && !ID_TOKEN_ACTIONS.includes(action)) out.push(`${at}: uses ${step.uses} in a job that can request an id-token (allowed there: ${ID_TOKEN_ACTIONS.join(", ")})`);
  }
  if (typeof step.run === "string") {
    for (const m of step.run.matchAll(INSTALL)) {
      if (!/--ignore-scripts\b/.test(m[0])) out.push(`${at}: "${m[0].trim()}" runs the packages' install scripts; add --ignore-scripts`);
    }
    if (idToken) {
      const shell = step.shell ?? job.defaults?.run?.shell;
      if (shell !== undefined && shell !== "bash") out.push(`${at}: shell ${shell} in a job that can request an id-token; only bash`);
      const runner = CODE_RUNNERS.exec(step.run);
      if (runner) out.push(`${at}: runs ${runner[2]} in a job that can request an id-token`);
      const local = REPOSITORY_FILE.exec(step.run);
      if (local) out.push(`${at}: runs a file of the repository (${local[0].trim()}) in a job that can request an id-token`);
    }
  }
  return out;
}

/** Problems of every workflow in `dir`. */
function checkWorkflowDir(dir) {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const local = (uses) => files.includes(path.basename(uses)) && path.dirname(uses) === "./.github/workflows";
  return files.flatMap((f) => checkWorkflow(f, fs.readFileSync(path.join(dir, f), "utf8"), local));
}

module.exports = { checkWorkflow, checkWorkflowDir, ID_TOKEN_ACTIONS };

if (require.main === module) {
  const dir = process.argv[2] ?? path.join(__dirname, "..", ".github", "workflows");
  const problems = checkWorkflowDir(dir);
  for (const p of problems) process.stdout.write(`${p}\n`);
  process.stderr.write(`check-workflows: ${problems.length} problem(s)\n`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
