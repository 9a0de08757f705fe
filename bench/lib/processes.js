/**
 * Timing whole processes: wall time from hyperfine when it is installed,
 * peak memory (max RSS) from GNU time (`/usr/bin/time -f %M`) wrapped around
 * the same runs. Without hyperfine, the runs are spawned here and timed with
 * process.hrtime.
 *
 * For a command that starts other processes (the cdktf CLI starts the app),
 * max RSS is that of the largest single process, not the sum.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");
const { summarize } = require("./stats");

const GNU_TIME = "/usr/bin/time";

function hasHyperfine() {
  return spawnSync("hyperfine", ["--version"], { encoding: "utf8" }).status === 0;
}

function hasGnuTime() {
  return fs.existsSync(GNU_TIME) && spawnSync(GNU_TIME, ["-f", "%M", "true"], { encoding: "utf8" }).status === 0;
}

/** hyperfine splits its command line like a POSIX shell: quote what needs it. */
function shellQuote(arg) {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

function readRss(file, keepLast) {
  if (!fs.existsSync(file)) return [];
  const values = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .map((l) => Number.parseInt(l.trim(), 10))
    .filter((v) => Number.isFinite(v))
    .map((kb) => kb / 1024);
  return values.slice(-keepLast);
}

/** Runs the command once with its output captured, to say why it failed. */
function explainFailure(command, options) {
  const r = spawnSync(command[0], command.slice(1), { ...options, encoding: "utf8" });
  const tail = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
  return `exit ${r.status}: ${tail}`;
}

/**
 * Measures `command` (an argv array) `runs` times after `warmup` runs.
 * @returns {{ wall, rss, samples, tool, error? }} wall in seconds, rss in MiB
 */
function measureProcess({ name, command, cwd, env, warmup, runs, scratch, useHyperfine, useGnuTime }) {
  const options = { cwd, env: { ...process.env, ...env } };
  const slug = name.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase();
  const rssFile = path.resolve(scratch, `rss-${slug}.txt`);
  fs.rmSync(rssFile, { force: true });
  const wrapped = useGnuTime ? [GNU_TIME, "-f", "%M", "-a", "-o", rssFile, ...command] : command;

  let wallS = [];
  let tool;
  if (useHyperfine) {
    tool = "hyperfine";
    const json = path.resolve(scratch, `hyperfine-${slug}.json`);
    const r = spawnSync(
      "hyperfine",
      ["-N", "--style", "none", "--warmup", String(warmup), "--runs", String(runs), "--export-json", json, "--command-name", name, wrapped.map(shellQuote).join(" ")],
      { ...options, encoding: "utf8" },
    );
    if (r.status !== 0) return { tool, error: explainFailure(command, options) };
    wallS = JSON.parse(fs.readFileSync(json, "utf8")).results[0].times;
  } else {
    tool = useGnuTime ? "node + /usr/bin/time" : "node";
    for (let i = 0; i < warmup + runs; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(wrapped[0], wrapped.slice(1), { ...options, stdio: "ignore" });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (r.status !== 0) return { tool, error: explainFailure(command, options) };
      if (i >= warmup) wallS.push(seconds);
    }
  }
  const rssMiB = useGnuTime ? readRss(rssFile, runs) : [];
  return { tool, wall: summarize(wallS), rss: summarize(rssMiB), samples: { wallS, rssMiB } };
}

module.exports = { measureProcess, hasHyperfine, hasGnuTime };
