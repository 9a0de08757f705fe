/**
 * In-process timings with tinybench, on the built library (dist/):
 *   - the resolve step of one environment (every default and derived value
 *     of config/prod.yaml);
 *   - the pure checks of one environment (checkResourceGroup, checkNetwork,
 *     checkCluster on config/prod.yaml, with a fresh RuleRun each time);
 *   - collectProblems on an app with that one stack (the app and stack are
 *     built in beforeEach, outside the timed part);
 *   - for scale: building the app and stack, and reading the config file.
 * Usage: node bench/in-process.js <project root> <output json>
 * Run by bench/run.js in a process of its own.
 */
"use strict";
const fs = require("fs");
const path = require("path");

async function main() {
  const [root, outFile] = process.argv.slice(2);
  const dist = (p) => require(path.join(root, "dist", "lib", p));
  const { Bench } = await import("tinybench");
  const checks = dist("rules/checks");
  const { RuleRun } = dist("rules/engine");
  const { RULE_CATALOGUE } = dist("rules/catalogue");
  const { isUnknownValue } = dist("constructs/private/synthesized");
  const { loadConfigFile } = dist("config/load");
  const { AksByoCniStack } = dist("constructs/aks-byo-cni-stack");
  const { collectProblems } = dist("app/synth");
  const { resolveEnvironment } = dist("plan/environment");
  const { App } = dist("bindings/cdktf");

  const configFile = path.join(root, "config", "prod.yaml");
  const loaded = loadConfigFile(configFile, "prod");
  if (loaded.problems.length > 0) throw new Error(`config/prod.yaml does not load: ${JSON.stringify(loaded.problems)}`);
  const config = loaded.environments[0].config;
  const outdir = fs.mkdtempSync(path.join(root, "bench", "tmp", "in-process-"));
  const newApp = () => {
    const app = new App({ outdir, stackTraces: false });
    new AksByoCniStack(app, "prod", config);
    return app;
  };

  // The arguments the constructs pass to the checks, captured from one real validation run.
  const captured = {};
  for (const name of ["checkResourceGroup", "checkNetwork", "checkCluster"]) {
    const original = checks[name];
    checks[name] = (ctx, ...args) => {
      captured[name] = args;
      return original(ctx, ...args);
    };
  }
  collectProblems(newApp());
  const missing = ["checkResourceGroup", "checkNetwork", "checkCluster"].filter((n) => !captured[n]);
  if (missing.length > 0) throw new Error(`the prod stack did not call ${missing.join(", ")}`);

  const bench = new Bench({ time: 700, iterations: 30, warmupTime: 150, warmupIterations: 5 });
  bench.add("resolveEnvironment (prod)", () => resolveEnvironment(config, isUnknownValue));
  bench.add("checks (resource group + network + cluster)", () => {
    const run = new RuleRun(RULE_CATALOGUE, isUnknownValue);
    checks.checkResourceGroup(run, ...captured.checkResourceGroup);
    checks.checkNetwork(run, ...captured.checkNetwork);
    checks.checkCluster(run, ...captured.checkCluster);
  });
  let app;
  bench.add("collectProblems, app of one stack", () => collectProblems(app), {
    beforeEach: () => {
      app = newApp();
    },
  });
  bench.add("new App + AksByoCniStack (prod)", () => newApp());
  bench.add("loadConfigFile (prod.yaml)", () => loadConfigFile(configFile, "prod"));
  await bench.run();

  const results = {};
  for (const task of bench.tasks) {
    const r = task.result;
    if (!r || !r.latency) throw new Error(`${task.name}: ${r && r.error ? r.error.stack : "no result"}`);
    results[task.name] = { medianMs: r.latency.p50, minMs: r.latency.min, maxMs: r.latency.max, samples: r.latency.samplesCount ?? null };
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
