/**
 * .ci/changed-envs.sh: which environments' stacks the workflows diff and
 * deploy for a set of changed paths.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { tempDir } from "../support";

const SCRIPT = path.join(__dirname, "..", "..", ".ci", "changed-envs.sh");
const configDir = tempDir("aks-changed-envs-");
for (const f of ["dev.yaml", "prod.yml", "stage.json", ".hidden.yaml", "notes.txt"]) fs.writeFileSync(path.join(configDir, f), "{}\n");

afterAll(() => fs.rmSync(configDir, { recursive: true, force: true }));

function changedEnvs(changed: string[], args: string[] = []): string[] {
  const r = spawnSync("bash", [SCRIPT, ...args], {
    input: changed.join("\n"),
    env: { ...process.env, AKS_CONFIG_DIR: configDir },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const config = (file: string) => path.join(configDir, file);

test("a config file touches its own environment only", () => {
  expect(changedEnvs([config("prod.yml")])).toEqual(["prod"]);
  expect(changedEnvs([config("stage.json"), config("dev.yaml"), config("dev.yaml")])).toEqual(["dev", "stage"]);
});

test("shared code touches every environment", () => {
  for (const file of ["lib/constructs/aks-network.ts", "lib/bindings/cdktf.ts", "main.ts", "package.json", "package-lock.json", "cdktf.json"]) {
    expect(changedEnvs(["README.md", file])).toEqual(["dev", "prod", "stage"]);
  }
});

test("what builds the app that synth runs, and the chart digests deploy checks, touch every environment", () => {
  for (const file of ["scripts/bundle-app.js", "scripts/register-ts.js", "schema/aks-byocni-config.schema.json", ".npmrc", "tsconfig.build.json", ".ci/helm-charts.sha256"]) {
    expect(changedEnvs(["README.md", file])).toEqual(["dev", "prod", "stage"]);
  }
});

test("docs, tests, workflows and deleted environments touch none", () => {
  expect(changedEnvs(["README.md", "docs/gitops.md", "__tests__/smoke.test.ts", ".github/workflows/pr.yml", config("gone.yaml")])).toEqual([]);
  expect(changedEnvs([])).toEqual([]);
  // A path that merely contains "lib/" is not shared code.
  expect(changedEnvs(["examples/lib/x.ts", "docs/lib/x.md", "examples/scripts/x.js", ".ci/run"])).toEqual([]);
});

test("--all lists every environment file, ignoring hidden and other files", () => {
  expect(changedEnvs(["README.md"], ["--all"])).toEqual(["dev", "prod", "stage"]);
});
