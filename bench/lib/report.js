/** The printed table and the target verdicts. */
"use strict";

const s = (x) => (x == null ? "-" : `${x.toFixed(3)} s`);
const ms = (x) => (x == null ? "-" : x < 0.1 ? `${(x * 1000).toFixed(1)} µs` : `${x.toFixed(2)} ms`);
const mb = (x) => (x == null ? "-" : `${x.toFixed(0)} MiB`);

function pad(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ")).join("\n");
}

/** One row per measured process, in-process timing and test-suite figure. */
function table(results) {
  const rows = [["case", "median", "min", "max", "max RSS (median)", "max RSS (max)", "runs"]];
  for (const [name, c] of Object.entries(results.cases)) {
    if (c.error) rows.push([name, "failed", "", "", "", "", ""]);
    else rows.push([name, s(c.wall.median), s(c.wall.min), s(c.wall.max), mb(c.rss?.median), mb(c.rss?.max), c.wall.n]);
  }
  for (const [name, r] of Object.entries(results.inProcess ?? {})) {
    rows.push([`in-process: ${name}`, ms(r.medianMs), ms(r.minMs), ms(r.maxMs), "", "", r.samples ?? ""]);
  }
  const t = results.npmTest;
  if (t) {
    rows.push([`npm test${t.ok ? "" : " (FAILED)"}`, s(t.totalS), "", "", "", "", 1]);
    if (t.jestS != null) rows.push(["  of which jest", s(t.jestS), "", "", "", "", ""]);
    if (t.slowest) rows.push([`  slowest jest file: ${t.slowest.file}`, s(t.slowest.seconds), "", "", "", "", ""]);
  }
  return pad(rows);
}

/** Ratios and other figures the targets are judged on. */
function ratios(results) {
  const c = results.cases;
  const med = (name, what = "wall") => c[name]?.[what]?.median ?? null;
  const div = (a, b) => (a == null || b == null ? null : a / b);
  const sc = results.scaling;
  return [
    { id: "app-time", what: "app (shipped config/) / bare app, median wall", value: div(med("app: config/"), med("bare app")), limit: 1.5, cmp: "<=", unit: "x" },
    { id: "app-memory", what: "app (shipped config/) / bare app, median max RSS", value: div(med("app: config/", "rss"), med("bare app", "rss")), limit: 1.3, cmp: "<=", unit: "x" },
    { id: "app-time-unbundled", what: "app unbundled (dist/main.js) / bare app (informational)", value: div(med("app: config/, unbundled"), med("bare app")), limit: 1.5, cmp: "<=", unit: "x", informational: true },
    { id: "app-time-both-bundled", what: "app / bare app, both bundled (informational)", value: div(med("app: config/"), med("bare app, bundled")), limit: 1.5, cmp: "<=", unit: "x", informational: true },
    { id: "cli-time", what: "npx cdktf synth (project) / cdktf synth (bare app), median wall", value: div(med("cdktf synth: project"), med("cdktf synth: bare app")), limit: 1.2, cmp: "<=", unit: "x" },
    { id: "scale-50", what: "50 environments / 1 environment, median wall", value: sc ? sc.ratio50to1 : null, limit: 10, cmp: "<=", unit: "x" },
    { id: "checks", what: "checks of one config (prod), median", value: results.inProcess?.["checks (resource group + network + cluster)"]?.medianMs ?? null, limit: 5, cmp: "<", unit: "ms" },
    { id: "collect", what: "collectProblems, app of one stack, median", value: results.inProcess?.["collectProblems, app of one stack"]?.medianMs ?? null, limit: 5, cmp: "<", unit: "ms" },
    { id: "test-total", what: "npm test, total (informational)", value: results.npmTest?.totalS ?? null, limit: 30, cmp: "<", unit: "s", informational: true },
    { id: "test-file", what: "slowest jest file (informational)", value: results.npmTest?.slowest?.seconds ?? null, limit: 2, cmp: "<=", unit: "s", informational: true },
  ].map((t) => ({ ...t, holds: t.value == null ? null : t.cmp === "<" ? t.value < t.limit : t.value <= t.limit }));
}

function targetLines(targets) {
  return targets.map((t) => {
    const verdict = t.holds == null ? "NOT MEASURED" : t.holds ? "holds" : "MISSES";
    const value = t.value == null ? "-" : `${t.value.toFixed(t.unit === "x" ? 2 : 3)}${t.unit === "x" ? "x" : ` ${t.unit}`}`;
    return `  ${verdict.padEnd(12)} ${t.what}: ${value} (target ${t.cmp} ${t.limit}${t.unit === "x" ? "x" : ` ${t.unit}`})`;
  });
}

module.exports = { table, ratios, targetLines };
