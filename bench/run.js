#!/usr/bin/env node
/**
 * `npm run bench`: times the app against a bare cdktf app and the cdktf CLI,
 * how synth scales with the number of environments, validation in-process,
 * and the test suite; prints a table and the targets that hold or miss, and
 * writes bench/results.json and docs/performance.md (bench/lib/doc.js).
 *
 * Options: --runs=N --warmup=N (every process case), --quick (3 runs, no
 * npm test), --skip-test, --no-build, --out=FILE.
 * Everything it creates goes to bench/tmp/ (git-ignored).
 */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");
const { machineInfo } = require("./lib/machine");
const { fresh, makeBareApp, makeBareCliProject, makeEnvironments } = require("./lib/fixtures");
const { measureProcess, hasHyperfine, hasGnuTime } = require("./lib/processes");
const { leastSquares, summarize } = require("./lib/stats");
const { measureNpmTest } = require("./lib/npm-test");
const { table, ratios, targetLines } = require("./lib/report");
const { performanceDoc } = require("./lib/doc");

const ROOT = path.resolve(__dirname, "..");
const TMP = path.join(ROOT, "bench", "tmp");
/** Environment counts of the scaling case. */
const SCALE = [1, 10, 25, 50];
/** Each group of compared cases is measured in this many interleaved rounds. */
const ROUNDS = 2;

const log = (line) => process.stderr.write(`${line}\n`);
const scaleName = (n) => `app: ${n} environment${n === 1 ? "" : "s"}`;

function parseArgs(argv) {
  const opt = { quick: false, skipTest: false, build: true, runs: null, warmup: null, out: path.join(ROOT, "bench", "results.json") };
  for (const a of argv) {
    const [k, v] = a.replace(/^--/, "").split("=");
    if (k === "quick") opt.quick = true;
    else if (k === "skip-test") opt.skipTest = true;
    else if (k === "no-build") opt.build = false;
    else if (k === "runs") opt.runs = Number(v);
    else if (k === "warmup") opt.warmup = Number(v);
    else if (k === "out") opt.out = path.resolve(v);
    else throw new Error(`unknown option ${a}`);
  }
  if (opt.quick) {
    opt.runs ??= 3;
    opt.warmup ??= 1;
    opt.skipTest = true;
  }
  return opt;
}

/**
 * The process cases, in groups of cases compared with each other: the app
 * with the bare app, the CLI on the project with the CLI on the bare app, and
 * the scaling points.
 */
function processGroups(opt) {
  const scratch = fresh(path.join(TMP, "scratch"));
  const out = fresh(path.join(TMP, "out"));
  const bareDir = makeBareApp(TMP);
  const bareCliDir = makeBareCliProject(TMP);
  const fast = { warmup: opt.warmup ?? 2, runs: opt.runs ?? 10 };
  const slow = { warmup: opt.warmup ?? 1, runs: opt.runs ?? 6 };
  const env = { CHECKPOINT_DISABLE: "1" };
  // What `cdktf synth` runs (the bundle), and tsc's unbundled output for comparison.
  const appCommand = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app.split(/\s+/);
  const app = (configDir, outName, command = appCommand) => ({
    command,
    cwd: ROOT,
    env: { ...env, AKS_CONFIG_DIR: configDir, CDKTF_OUTDIR: path.join(out, outName) },
  });
  const cliSynth = (cwd, outName) => ({ command: ["npx", "cdktf", "synth", "--output", path.join(out, outName)], cwd, env });
  return {
    scratch,
    settings: { fast, slow, rounds: ROUNDS },
    groups: [
      [
        { name: "bare app", command: ["node", "bare.js"], cwd: bareDir, env: { ...env, CDKTF_OUTDIR: path.join(out, "bare") }, ...fast },
        { name: "app: config/", ...app(path.join(ROOT, "config"), "app"), ...fast },
        { name: "bare app, bundled", command: ["node", "bare.bundle.js"], cwd: bareDir, env: { ...env, CDKTF_OUTDIR: path.join(out, "bare-bundled") }, ...fast },
        { name: "app: config/, unbundled", ...app(path.join(ROOT, "config"), "app-unbundled", ["node", "dist/main.js"]), ...fast },
      ],
      [
        { name: "cdktf synth: bare app", ...cliSynth(bareCliDir, "cli-bare"), ...slow },
        { name: "cdktf synth: project", ...cliSynth(ROOT, "cli-project"), ...slow },
      ],
      SCALE.map((n) => ({ name: scaleName(n), ...app(makeEnvironments(TMP, ROOT, n), `envs-${n}`), ...slow })),
    ],
  };
}

/**
 * Measures a group in rounds (A, B, A, B): a change in machine load between
 * runs then falls on both sides of a ratio, not on one.
 */
function measureGroup(group, tools, scratch, results) {
  const samples = new Map(group.map((c) => [c.name, { wallS: [], rssMiB: [] }]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of group) {
      if (results[c.name]?.error) continue;
      const runs = Math.ceil(c.runs / ROUNDS);
      log(`measuring ${c.name}, round ${round}/${ROUNDS} (${c.warmup} warm-up + ${runs} runs)...`);
      const r = measureProcess({ ...c, runs, scratch, ...tools });
      const shown = c.command.map((a) => (path.isAbsolute(a) ? path.relative(ROOT, a) : a)).join(" ");
      const entry = { command: shown, cwd: path.relative(ROOT, c.cwd) || ".", tool: r.tool };
      if (r.error) {
        log(`  ${c.name} failed: ${r.error}`);
        results[c.name] = { ...entry, error: r.error };
        continue;
      }
      const s = samples.get(c.name);
      s.wallS.push(...r.samples.wallS);
      s.rssMiB.push(...r.samples.rssMiB);
      results[c.name] = { ...entry, wall: summarize(s.wallS), rss: summarize(s.rssMiB), samples: s };
    }
  }
}

/** Least-squares line through the scaling medians, and 50 over 1. */
function scaling(cases) {
  const points = SCALE.map((n) => ({ x: n, y: cases[scaleName(n)]?.wall?.median })).filter((p) => p.y != null);
  if (points.length !== SCALE.length) return undefined;
  const fit = leastSquares(points);
  return {
    mediansS: Object.fromEntries(points.map((p) => [p.x, p.y])),
    slopeMsPerStack: fit.slope * 1000,
    interceptMs: fit.intercept * 1000,
    ratio50to1: points[points.length - 1].y / points[0].y,
  };
}

function inProcess(scratch) {
  log("in-process timings (tinybench)...");
  const file = path.join(scratch, "in-process.json");
  const r = spawnSync("node", [path.join(__dirname, "in-process.js"), ROOT, file], { cwd: ROOT, encoding: "utf8" });
  if (r.status === 0) return JSON.parse(fs.readFileSync(file, "utf8"));
  log(`  in-process timings failed:\n${r.stderr}`);
  return undefined;
}

function print(results) {
  const m = results.machine;
  console.log(`\n${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.os}; Node ${m.node}; ${m.date}`);
  console.log(`wall time: ${results.settings.wallTime}; memory: ${results.settings.memory ?? "not measured"}; load average ${m.loadAverageAtStart[0]} at start, ${m.loadAverageAtEnd[0]} at end\n`);
  console.log(table(results));
  if (results.scaling) {
    const sc = results.scaling;
    console.log(`\nscaling (least squares over N = ${SCALE.join(", ")}): ${sc.slopeMsPerStack.toFixed(1)} ms per stack + ${sc.interceptMs.toFixed(0)} ms fixed`);
  }
  console.log("\ntargets:");
  for (const line of targetLines(results.targets)) console.log(line);
}

function main() {
  const opt = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const tools = { useHyperfine: hasHyperfine(), useGnuTime: hasGnuTime() };
  if (!tools.useHyperfine) log("hyperfine not found: timing with repeated spawns instead. For hyperfine: apt-get install -y hyperfine");
  if (!tools.useGnuTime) log("/usr/bin/time not found: no memory figures. For GNU time: apt-get install -y time");

  const machine = machineInfo(ROOT);
  if (machine.loadAverageAtStart[0] > machine.cores / 2) {
    log(`note: load average ${machine.loadAverageAtStart[0]} on ${machine.cores} cores at start; other work on the machine makes the figures noisy`);
  }
  if (opt.build) {
    log("building (npm run build)...");
    const b = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
    if (b.status !== 0) throw new Error(`npm run build failed:\n${b.stdout}${b.stderr}`);
  }

  fs.mkdirSync(TMP, { recursive: true });
  const { scratch, settings, groups } = processGroups(opt);
  const results = {
    machine,
    settings: { ...settings, wallTime: tools.useHyperfine ? "hyperfine" : "node spawnSync", memory: tools.useGnuTime ? "/usr/bin/time -f %M (max RSS)" : null },
    cases: {},
  };
  for (const group of groups) measureGroup(group, tools, scratch, results.cases);
  results.scaling = scaling(results.cases);
  results.inProcess = inProcess(scratch);
  if (!opt.skipTest) {
    log("npm test (type-check, lint, jest), once...");
    results.npmTest = measureNpmTest(ROOT, scratch);
    if (!results.npmTest.ok) log(`  npm test failed (exit ${results.npmTest.exitCode}):\n${results.npmTest.error}`);
  }
  results.targets = ratios(results);
  results.machine.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  results.benchSeconds = Math.round((Date.now() - started) / 1000);

  print(results);
  console.log(`\n${results.benchSeconds} s in all; results in ${path.relative(process.cwd(), opt.out)}`);
  // Six significant digits: enough for these timings, and diffs of the file stay readable.
  const rounded = (_key, v) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v);
  fs.writeFileSync(opt.out, `${JSON.stringify(results, rounded, 2)}\n`);
  // The page is rendered from what was written, so that it matches the committed results.
  if (opt.out === path.join(ROOT, "bench", "results.json")) {
    fs.writeFileSync(path.join(ROOT, "docs", "performance.md"), performanceDoc(JSON.parse(fs.readFileSync(opt.out, "utf8"))));
  }
}

try {
  main();
} catch (e) {
  process.stderr.write(`bench: ${e.stack ?? e}\n`);
  process.exitCode = 1;
}
