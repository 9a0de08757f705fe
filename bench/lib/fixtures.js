/**
 * Inputs the benchmark makes for itself under bench/tmp (git-ignored): the
 * bare cdktf app, a cdktf.json that runs it, and config directories of N
 * environments copied from config/prod.yaml.
 */
"use strict";
const fs = require("fs");
const path = require("path");

/** The baseline: a cdktf app with one empty stack, nothing else. */
const BARE_APP = `// Baseline for the benchmark: a cdktf app with one empty stack.
const { App, TerraformStack } = require("cdktf");
const app = new App();
new TerraformStack(app, "bare");
app.synth();
`;

function fresh(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * bench/tmp/bare/bare.js; run from inside the project so that `cdktf`
 * resolves from its node_modules. Also bare.bundle.js, bundled the way
 * scripts/bundle-app.js bundles the app: what bundling alone buys.
 */
function makeBareApp(tmp) {
  const dir = fresh(path.join(tmp, "bare"));
  fs.writeFileSync(path.join(dir, "bare.js"), BARE_APP);
  const { BUNDLE_OPTIONS } = require("../../scripts/bundle-app");
  require("esbuild").buildSync({ ...BUNDLE_OPTIONS, entryPoints: [path.join(dir, "bare.js")], outfile: path.join(dir, "bare.bundle.js") });
  return dir;
}

/** bench/tmp/bare-cli: the same app behind a cdktf.json, for `cdktf synth`. */
function makeBareCliProject(tmp) {
  const dir = fresh(path.join(tmp, "bare-cli"));
  fs.writeFileSync(path.join(dir, "bare.js"), BARE_APP);
  const cdktfJson = { language: "javascript", app: "node bare.js", terraformProviders: [], terraformModules: [], context: {} };
  fs.writeFileSync(path.join(dir, "cdktf.json"), `${JSON.stringify(cdktfJson, null, 2)}\n`);
  return dir;
}

/**
 * A config directory of `n` environments, each config/prod.yaml with its own
 * resource group and cluster names (comments and layout kept, so each file
 * costs what prod.yaml costs to parse).
 */
function makeEnvironments(tmp, root, n) {
  const dir = fresh(path.join(tmp, `envs-${n}`));
  const source = fs.readFileSync(path.join(root, "config", "prod.yaml"), "utf8");
  for (let i = 1; i <= n; i++) {
    const id = String(i).padStart(2, "0");
    const text = source
      .replace(/^(  name: )rg-aks-byocni-prod$/m, `$1rg-aks-byocni-env${id}`)
      .replace(/^(  name: )aks-byocni-prod$/m, `$1aks-byocni-env${id}`);
    if (text === source) throw new Error("config/prod.yaml no longer has the names this fixture renames");
    fs.writeFileSync(path.join(dir, `env${id}.yaml`), text);
  }
  return dir;
}

module.exports = { fresh, makeBareApp, makeBareCliProject, makeEnvironments };
