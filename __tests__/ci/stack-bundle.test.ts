/**
 * .ci/stack-bundle.sh and .ci/provider-lock.sh: what a job with credentials
 * receives to plan. Only cdk.tf.json of the environment's stacks is taken;
 * the Cilium chart is a file checked against its pinned digest; the stack
 * policy for plans with credentials runs; each stack gets its lock file.
 * The registry and the chart repository are not reachable here: a stand-in
 * CLI writes the lock file, and the chart comes from ../shared/cilium
 * (the CI workflow downloads it there, checked against the same digest).
 */
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { dump } from "js-yaml";
import { runApp } from "../../lib/app/run";
import { seedConfig, tempDir, withField } from "../support";

const ROOT = path.join(__dirname, "..", "..");
const BUNDLE = path.join(ROOT, ".ci", "stack-bundle.sh");
const LOCK = path.join(ROOT, ".ci", "provider-lock.sh");
const CHARTS = path.join(ROOT, "..", "shared", "cilium");
const CHART = "cilium-1.18.12.tgz";
const PINNED = "5923f9d9fcb11bc4692ad52353cc791b935d96e09ba0c535c5a8b88ea8a37572";

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const temp = (prefix: string) => {
  const d = tempDir(prefix);
  made.push(d);
  return d;
};

/** A terraform stand-in: `providers lock` writes a lock file naming the platforms and a version stamp. */
function fakeTerraform(stamp = "1"): string {
  const dir = temp("aks-fake-terraform-");
  const bin = path.join(dir, "terraform");
  fs.writeFileSync(bin, `#!/usr/bin/env bash\n[ "$1 $2" = "providers lock" ] || exit 3\nshift 2\nprintf '# lock ${stamp}: %s\\n' "$*" > .terraform.lock.hcl\n`, { mode: 0o755 });
  return bin;
}

/** The synthesized stacks of an environment "env" with Cilium 1.18.12 and remote state, plus the local-state seed "dev". */
function synthesized(): string {
  const config = withField(withField(seedConfig(), "cni", { plugin: "cilium", version: "1.18.12" }), "backend", { type: "azurerm", storageAccountName: "stplan", containerName: "tfstate-env" });
  const dir = temp("aks-bundle-config-");
  fs.writeFileSync(path.join(dir, "env.yaml"), dump(config));
  fs.writeFileSync(path.join(dir, "dev.yaml"), dump(seedConfig()));
  const outdir = temp("aks-bundle-out-");
  expect(runApp({ configDir: dir, outdir, print: () => undefined })).toBe(0);
  return path.join(outdir, "stacks");
}

function bundle(env: string, stacks: string, extraEnv: Record<string, string> = {}) {
  const out = path.join(temp("aks-bundle-"), "bundle");
  const r = spawnSync("bash", [BUNDLE, env, stacks, out], { encoding: "utf8", env: { ...process.env, AKS_CHART_DIR: CHARTS, TERRAFORM: fakeTerraform(), ...extraEnv } });
  return { ...r, out };
}

let stacks: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(CHARTS, CHART))) {
    throw new Error(`${path.join(CHARTS, CHART)} is missing: helm pull cilium --repo https://helm.cilium.io --version 1.18.12 -d ${CHARTS}`);
  }
  stacks = synthesized();
});

test("the environment's stacks, the checked chart and lock files, and nothing else", () => {
  // Whatever else lies next to the JSON stays behind.
  fs.writeFileSync(path.join(stacks, "env", "evil.tf"), 'data "external" "x" { program = ["id"] }');
  fs.mkdirSync(path.join(stacks, "env", ".terraform"), { recursive: true });
  const r = bundle("env", stacks);
  expect(r.stderr).toMatch(/check-stack-policy: 2 stack\(s\) checked, 0 finding\(s\)/);
  expect(r.status).toBe(0);
  expect(r.stdout.trim().split("\n").slice(-2)).toEqual(["env", "env-cni"]);
  expect(fs.readdirSync(path.join(r.out, "env")).sort()).toEqual([".terraform.lock.hcl", "cdk.tf.json"]);
  expect(fs.readdirSync(path.join(r.out, "env-cni")).sort()).toEqual([".terraform.lock.hcl", "cdk.tf.json", CHART]);
  const digest = crypto.createHash("sha256").update(fs.readFileSync(path.join(r.out, "env-cni", CHART))).digest("hex");
  expect(digest).toBe(PINNED);
  const release = JSON.parse(fs.readFileSync(path.join(r.out, "env-cni", "cdk.tf.json"), "utf8")).resource.helm_release.cilium;
  expect(release).toMatchObject({ chart: `./${CHART}`, version: "1.18.12" });
  expect(release.repository).toBeUndefined();
  expect(fs.readFileSync(path.join(r.out, "env", ".terraform.lock.hcl"), "utf8")).toBe("# lock 1: -platform=linux_amd64 -platform=linux_arm64 -platform=darwin_amd64 -platform=darwin_arm64 -platform=windows_amd64\n");
});

test("a chart that is not the pinned one is refused", () => {
  const charts = temp("aks-bundle-charts-");
  fs.writeFileSync(path.join(charts, CHART), "not the chart");
  const r = bundle("env", stacks, { AKS_CHART_DIR: charts });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`env-cni: ${CHART.replace(/\./g, "\\.")} has SHA-256 [0-9a-f]{64}, not the pinned ${PINNED}`));
});

test("a chart version without a pinned digest is refused", () => {
  const other = temp("aks-bundle-other-");
  fs.cpSync(stacks, other, { recursive: true });
  const file = path.join(other, "env-cni", "cdk.tf.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  json.resource.helm_release.cilium.version = "1.18.14";
  fs.writeFileSync(file, JSON.stringify(json));
  const r = bundle("env", other);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/env-cni: cilium-1\.18\.14\.tgz has no pinned digest in \.ci\/helm-charts\.sha256/);
});

test("the stack policy for plans with credentials: local state and an external data source are refused", () => {
  const dev = bundle("dev", stacks);
  expect(dev.status).toBe(1);
  expect(dev.stdout).toMatch(/^dev: terraform\.backend\.local: state in "local" is refused/m);
  const other = temp("aks-bundle-poisoned-");
  fs.cpSync(stacks, other, { recursive: true });
  const file = path.join(other, "env", "cdk.tf.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  json.data.external = { x: { program: ["id"] } };
  fs.writeFileSync(file, JSON.stringify(json));
  const r = bundle("env", other);
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/^env: data\.external: data source type "external" is not one this project synthesizes/m);
});

test("a stack file that is a link, a missing stack, or a name that is no environment is refused", () => {
  const other = temp("aks-bundle-link-");
  fs.mkdirSync(path.join(other, "env"));
  fs.symlinkSync(path.join(stacks, "env", "cdk.tf.json"), path.join(other, "env", "cdk.tf.json"));
  expect(bundle("env", other)).toMatchObject({ status: 1, stderr: expect.stringMatching(/cdk\.tf\.json is missing or not a regular file/) });
  expect(bundle("nothere", stacks)).toMatchObject({ status: 1, stderr: expect.stringMatching(/nothere\/cdk\.tf\.json is missing/) });
  expect(bundle("../env", stacks).status).toBe(2);
});

describe("provider-lock.sh", () => {
  /** A copy of the repository's lock script with its own .ci/terraform-locks (so that committed files can be staged). */
  function sandbox(committed?: string) {
    const root = temp("aks-lock-");
    fs.mkdirSync(path.join(root, ".ci", "terraform-locks"), { recursive: true });
    fs.copyFileSync(LOCK, path.join(root, ".ci", "provider-lock.sh"));
    if (committed !== undefined) fs.writeFileSync(path.join(root, ".ci", "terraform-locks", "azurerm.terraform.lock.hcl"), committed);
    const stack = path.join(root, "stack");
    fs.mkdirSync(stack);
    fs.copyFileSync(path.join(stacks, "env", "cdk.tf.json"), path.join(stack, "cdk.tf.json"));
    const run = (args: string[], stamp = "1") =>
      spawnSync("bash", [path.join(root, ".ci", "provider-lock.sh"), ...args, stack], { encoding: "utf8", env: { ...process.env, TERRAFORM: fakeTerraform(stamp), LOCK_OUT: path.join(root, "generated") } });
    return { root, stack, run };
  }
  const generated = "# lock 1: -platform=linux_amd64 -platform=linux_arm64 -platform=darwin_amd64 -platform=darwin_arm64 -platform=windows_amd64\n";

  test("a committed lock file is used as it is", () => {
    const s = sandbox("# committed\n");
    expect(s.run([]).status).toBe(0);
    expect(fs.readFileSync(path.join(s.stack, ".terraform.lock.hcl"), "utf8")).toBe("# committed\n");
  });

  test("--check passes when the registry agrees with the committed file and fails when it does not", () => {
    expect(sandbox(generated).run(["--check"]).status).toBe(0);
    const r = sandbox(generated).run(["--check"], "2");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/the registry's hashes differ from \.ci\/terraform-locks\/azurerm\.terraform\.lock\.hcl/);
  });

  test("without a committed file: generated for the run, and for review under --check", () => {
    const s = sandbox();
    expect(s.run([])).toMatchObject({ status: 0, stdout: expect.stringMatching(/no committed .*azurerm\.terraform\.lock\.hcl; generated from the registry for this run/) });
    expect(fs.readFileSync(path.join(s.stack, ".terraform.lock.hcl"), "utf8")).toBe(generated);
    expect(s.run(["--check"]).status).toBe(0);
    expect(fs.readFileSync(path.join(s.root, "generated", "azurerm.terraform.lock.hcl"), "utf8")).toBe(generated);
  });
});
