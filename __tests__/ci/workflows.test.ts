/**
 * scripts/check-workflows.js over .github/workflows: no job that runs
 * repository or package code can obtain an Azure token, installs run no
 * package scripts, checkouts keep no token. Each rule is shown to reject a
 * workflow that breaks it and to accept the nearest one that does not.
 */
import * as path from "path";
import { dump } from "js-yaml";
import { checkWorkflow, checkWorkflowDir } from "../../scripts/check-workflows";

const WORKFLOWS = path.join(__dirname, "..", "..", ".github", "workflows");

test("the shipped workflows pass", () => {
  expect(checkWorkflowDir(WORKFLOWS)).toEqual([]);
});

const CHECKOUT = { uses: "actions/checkout@93cb6efe18208431cddfb8368fd83d5badbf9bfd", with: { "persist-credentials": false } };
const LOGIN = { uses: "azure/login@f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca", with: { "client-id": "x" } };
const PLAN = { run: 'terraform -chdir="$RUNNER_TEMP/stack" plan -out=tfplan' };

/** A workflow with one job of these permissions and steps. */
function workflow(job: Record<string, unknown>, top: Record<string, unknown> = { permissions: {} }): string {
  return dump({ name: "x", on: "push", ...top, jobs: { deploy: { "runs-on": "ubuntu-latest", ...job } } });
}
const check = (job: Record<string, unknown>, top?: Record<string, unknown>) => checkWorkflow("w.yml", workflow(job, top));
const ID_TOKEN = { permissions: { "id-token": "write" } };

test("a job with an id-token that runs only Terraform after signing in passes", () => {
  expect(check({ ...ID_TOKEN, steps: [LOGIN, PLAN] })).toEqual([]);
});

test.each([
  ["a checkout", CHECKOUT, /uses actions\/checkout@.* in a job that can request an id-token/],
  ["a local action", { uses: "./.github/actions/deploy" }, /uses \.\/\.github\/actions\/deploy in a job that can request an id-token/],
  ["another action", { uses: "actions/github-script@ed597411d8f924073f98dfc5c65a23a2325f34cd" }, /uses actions\/github-script@.* in a job/],
  ["npm ci with scripts", { run: "npm ci" }, /runs npm in a job that can request an id-token/],
  ["npm ci without scripts (still package code)", { run: "npm ci --ignore-scripts" }, /runs npm in a job/],
  ["npx cdktf deploy", { run: "npx cdktf deploy prod --auto-approve" }, /runs npx in a job/],
  ["node", { run: 'echo start\nnode "$GITHUB_WORKSPACE/dist/app.js"' }, /runs node in a job/],
  ["a script of the repository", { run: ".ci/stack-bundle.sh prod in out" }, /runs a file of the repository \(\.ci\/\)/],
  ["a script run by bash", { run: "bash deploy.sh" }, /runs a file of the repository \(bash d\)/],
  ["a sourced file", { run: "set -e\n. ./env.sh" }, /runs a file of the repository/],
  ["another shell", { run: "console.log(1)", shell: "node {0}" }, /shell node \{0\} in a job that can request an id-token/],
])("a job with an id-token is refused with %s", (_what, step, expected) => {
  expect(check({ ...ID_TOKEN, steps: [LOGIN, step, PLAN] })).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
});

test("the same steps without an id-token are no credential problem", () => {
  expect(check({ permissions: { contents: "read" }, steps: [CHECKOUT, { run: "npm ci --ignore-scripts && npm run synth" }, { run: ".ci/stack-bundle.sh prod in out" }] })).toEqual([]);
});

test("an id-token inherited from the workflow, or write-all, counts", () => {
  expect(check({ steps: [CHECKOUT] }, { permissions: { "id-token": "write", contents: "read" } })).toEqual([expect.stringMatching(/checkout.* in a job that can request an id-token/)]);
  expect(check({ permissions: "write-all", steps: [{ run: "npm test" }] })).toEqual([expect.stringMatching(/runs npm in a job/)]);
  expect(check({ permissions: "read-all", steps: [{ run: "npm test" }] })).toEqual([]);
});

test("a workflow without top-level permissions is refused", () => {
  expect(check({ steps: [PLAN] }, {})).toEqual(["w.yml: no top-level permissions: jobs without their own get the repository's default token permissions"]);
});

test("an id-token passed to a reusable workflow: checked when it is one of this directory, refused otherwise", () => {
  expect(check({ ...ID_TOKEN, uses: "./.github/workflows/deploy-environment.yml" })).toEqual([]);
  expect(checkWorkflow("w.yml", workflow({ ...ID_TOKEN, uses: "./.github/workflows/missing.yml" }), () => false)).toEqual([expect.stringMatching(/passes id-token to \.\/\.github\/workflows\/missing\.yml, a workflow this check cannot read/)]);
  expect(check({ ...ID_TOKEN, uses: "someone/else/.github/workflows/deploy.yml@0123456789012345678901234567890123456789" })).toEqual([expect.stringMatching(/passes id-token to someone\/else/)]);
  expect(check({ permissions: { contents: "read" }, uses: "someone/else/.github/workflows/deploy.yml@0123456789012345678901234567890123456789" })).toEqual([]);
});

test.each([
  ["npm ci", "npm ci --no-audit", /"npm ci --no-audit" runs the packages' install scripts; add --ignore-scripts/],
  ["npm install in a worktree", "cd base && npm install", /"npm install" runs the packages' install scripts/],
  ["yarn", "yarn install --frozen-lockfile", /"yarn install --frozen-lockfile" runs the packages' install scripts/],
])("%s without --ignore-scripts is refused in any job", (_what, run, expected) => {
  expect(check({ permissions: { contents: "read" }, steps: [{ run }] })).toEqual([expect.stringMatching(expected)]);
  expect(check({ permissions: { contents: "read" }, steps: [{ run: `${run} --ignore-scripts` }] })).toEqual([]);
});

test("a checkout that keeps its token is refused", () => {
  expect(check({ permissions: { contents: "read" }, steps: [{ uses: CHECKOUT.uses }] })).toEqual([expect.stringMatching(/checkout keeps its token in \.git\/config; set persist-credentials: false/)]);
  expect(check({ permissions: { contents: "read" }, steps: [CHECKOUT] })).toEqual([]);
});
