/**
 * docs/performance.md, written from bench/results.json: every figure on the
 * page is one the benchmark measured (a test compares the page with the
 * rendering of the committed results). `npm run bench` rewrites both;
 * `node bench/doc.js` rewrites the page from the results alone.
 */
"use strict";
const { ratios } = require("./report");

const sec = (x) => (x == null ? "-" : `${x.toFixed(2)} s`);
const mib = (x) => (x == null ? "-" : `${x.toFixed(0)} MiB`);
const msec = (x) => (x == null ? "-" : x < 0.1 ? `${x.toFixed(3)} ms` : `${x.toFixed(1)} ms`);
const times = (x) => (x == null ? "-" : `${x.toFixed(2)}x`);

/** What each measured process is, for a reader. */
const CASES = {
  "bare app": "a cdktf app with one empty stack (the baseline)",
  "app: config/": "this app, bundled (`dist/app.js`, what cdktf.json runs), on the shipped `config/`",
  "bare app, bundled": "the bare app bundled the same way (what bundling alone buys)",
  "app: config/, unbundled": "this app unbundled (`dist/main.js`)",
  "cdktf synth: bare app": "`cdktf synth` of the bare app (the CLI's own start-up included)",
  "cdktf synth: project": "`cdktf synth` of this project",
};

function processRows(results) {
  const rows = [];
  for (const [name, c] of Object.entries(results.cases)) {
    const what = CASES[name] ?? name.replace(/^app: (\d+) environments?$/, "this app with $1 environment(s) in one config directory");
    rows.push(c.error ? `| ${what} | failed | | | |` : `| ${what} | ${sec(c.wall.median)} | ${sec(c.wall.min)} | ${mib(c.rss?.median)} | ${c.wall.n} |`);
  }
  return rows;
}

function inProcessRows(results) {
  return Object.entries(results.inProcess ?? {}).map(([name, r]) => `| ${name} | ${msec(r.medianMs)} | ${msec(r.minMs)} | ${r.samples ?? ""} |`);
}

function targetRows(results) {
  return ratios(results).map((t) => {
    const value = t.unit === "x" ? times(t.value) : t.unit === "ms" ? msec(t.value) : sec(t.value);
    const verdict = t.holds == null ? "not measured" : t.holds ? "holds" : "**misses**";
    return `| ${t.what} | ${value} | ${t.cmp} ${t.limit}${t.unit === "x" ? "x" : ` ${t.unit}`} | ${verdict}${t.informational ? " (informational)" : ""} |`;
  });
}

function testLines(results) {
  const t = results.npmTest;
  if (!t) return ["`npm test` was not timed in this run (`--skip-test` or `--quick`)."];
  const files = t.files?.length ?? 0;
  return [
    `\`npm test\` (tools, type-check, lint, build, ${files} Jest files), once: ${sec(t.totalS)}${t.ok ? "" : " (it failed)"}, Jest ${sec(t.jestS)}, slowest file ${t.slowest ? `\`${t.slowest.file}\` ${sec(t.slowest.seconds)}` : "-"}.`,
  ];
}

/** The page. */
function performanceDoc(results) {
  const m = results.machine;
  const sc = results.scaling;
  return [
    "# Performance",
    "",
    "Generated from `bench/results.json` by `npm run bench` (or `node bench/doc.js` from the committed results); do not edit.",
    "Every figure below is one the benchmark measured; a test compares this page with the results.",
    "",
    `Measured on ${m.date.slice(0, 10)}: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, cdktf ${m.cdktf}, @cdktf/provider-azurerm ${m.providerAzurerm}; load average ${m.loadAverageAtStart[0]} at the start and ${m.loadAverageAtEnd[0]} at the end (other work on the machine makes figures noisy).`,
    `Wall time by ${results.settings.wallTime}, memory as ${results.settings.memory ?? "not measured"}; ${results.settings.slow.runs}-${results.settings.fast.runs} runs per case after ${results.settings.slow.warmup}-${results.settings.fast.warmup} warm-up runs, in ${results.settings.rounds} interleaved rounds.`,
    "",
    "## Synthesis as a process",
    "",
    "| Case | Median wall | Min wall | Median max RSS | Runs |",
    "| --- | --- | --- | --- | --- |",
    ...processRows(results),
    "",
    sc ? `Scaling (least squares over the environment counts): ${msec(sc.slopeMsPerStack)} per extra stack plus ${msec(sc.interceptMs)} fixed; 50 environments take ${times(sc.ratio50to1)} the time of one.` : "Scaling was not measured.",
    "",
    "## In-process timings (tinybench)",
    "",
    "| What | Median | Min | Samples |",
    "| --- | --- | --- | --- |",
    ...inProcessRows(results),
    "",
    "## The test suite",
    "",
    ...testLines(results),
    "",
    "## Targets",
    "",
    "| Target | Measured | Limit | |",
    "| --- | --- | --- | --- |",
    ...targetRows(results),
    "",
    "## Why it costs what it costs",
    "",
    "A synth is mostly Node loading modules: the app, cdktf, constructs and the provider classes. `npm run build` therefore bundles the compiled app into one file with esbuild (`scripts/bundle-app.js`); cdktf.json runs that bundle. A test checks that the bundle writes byte for byte what the unbundled build writes, and its source map leads back to the TypeScript (`node --enable-source-maps dist/app.js`). The library the package ships (`dist/lib`) is not bundled.",
    "",
    "Other measures: provider classes only by deep path (the package root loads every binding; lint forbids it), the Helm bindings and the Cilium chart's key list loaded only when an environment installs Cilium, the schema compiled on first use, and Jest on all cores with the swc transform. Beyond loading, an app pays for the azurerm bindings it uses, first-time compilation of cdktf's token resolution, and cdktf recording a stack trace for every token it creates, which an app cannot turn off. The CLI's own start-up dominates `cdktf synth`.",
    "",
    "Run `npm run bench` (everything it creates goes to `bench/tmp/`); `--quick` for 3 runs and no `npm test`.",
    "",
  ].join("\n");
}

module.exports = { performanceDoc };
