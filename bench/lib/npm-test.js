/**
 * Times `npm test` (type-check, lint, jest) as one process, with jest's JSON
 * report for the time of each test file.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

function measureNpmTest(root, scratch) {
  const report = path.join(scratch, "jest-report.json");
  fs.rmSync(report, { force: true });
  const t0 = process.hrtime.bigint();
  // npm appends arguments after `--` to the script's last command, which is jest.
  const r = spawnSync("npm", ["test", "--", "--json", `--outputFile=${report}`], { cwd: root, encoding: "utf8", env: process.env });
  const totalS = Number(process.hrtime.bigint() - t0) / 1e9;
  const result = { totalS, ok: r.status === 0, exitCode: r.status, jestS: null, files: [], slowest: null };
  if (fs.existsSync(report)) {
    const jest = JSON.parse(fs.readFileSync(report, "utf8"));
    result.files = jest.testResults
      .map((f) => ({ file: path.relative(root, f.name), seconds: (f.endTime - f.startTime) / 1000, status: f.status }))
      .sort((a, b) => b.seconds - a.seconds);
    result.slowest = result.files[0] ?? null;
    result.jestS = jest.testResults.length ? (Math.max(...jest.testResults.map((f) => f.endTime)) - jest.startTime) / 1000 : null;
    result.tests = { total: jest.numTotalTests, failed: jest.numFailedTests };
  }
  if (!result.ok) result.error = `${r.stdout}${r.stderr}`.trim().split("\n").slice(-20).join("\n");
  return result;
}

module.exports = { measureNpmTest };
