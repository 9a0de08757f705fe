#!/usr/bin/env node
// @ts-check
/**
 * `npm run release:record`: records what this revision synthesizes for
 * every shipped source (config/, the option matrix, the guide, the
 * examples) into __tests__/day2/release/, as the baseline of the next
 * release. The day-2 tests then fail when a Terraform address of a
 * recorded stack disappears without a `moved` block (a deploy would destroy
 * and recreate the resource), and plan each recorded stack against what the
 * current code synthesizes with the real provider. Run it when a version is
 * released (the version and commit go into release.json).
 *
 * Usage: node scripts/record-release.js [OUT_DIR]
 */
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { ROOT, synthesizeAll, failureLines } = require("./synth-sources");

/** The JSON without cdktf's `//` metadata, which does not reach Terraform. */
function strip(value) {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "//").map(([k, v]) => [k, strip(v)]));
  return value;
}

async function main() {
  const out = path.resolve(process.argv[2] ?? path.join(ROOT, "__tests__", "day2", "release"));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "record-release-"));
  try {
    const results = await synthesizeAll(tmp);
    const failed = results.filter((r) => r.code !== 0);
    if (failed.length > 0) {
      for (const r of failed) process.stderr.write(`${r.source.group}: ${failureLines(r).join(" | ")}\n`);
      process.exitCode = 1;
      return;
    }
    fs.rmSync(out, { recursive: true, force: true });
    let count = 0;
    for (const r of results) {
      const stacks = path.join(r.outdir, "stacks");
      for (const stack of fs.readdirSync(stacks).sort()) {
        const file = path.join(stacks, stack, "cdk.tf.json");
        if (!fs.existsSync(file)) continue;
        fs.mkdirSync(path.join(out, r.source.group), { recursive: true });
        fs.writeFileSync(path.join(out, r.source.group, `${stack}.json`), `${JSON.stringify(strip(JSON.parse(fs.readFileSync(file, "utf8"))), null, 1)}\n`);
        count++;
      }
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    let commit = "unknown";
    try {
      commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    } catch {
      // not a git checkout
    }
    fs.writeFileSync(path.join(out, "release.json"), `${JSON.stringify({ version: pkg.version, commit }, null, 2)}\n`);
    process.stdout.write(`release:record: ${count} stacks of ${pkg.version} (${commit.slice(0, 12)}) in ${path.relative(process.cwd(), out)}\n`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`release:record: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 2;
});
