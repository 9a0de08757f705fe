#!/usr/bin/env node
// @ts-check
/**
 * What every shipped source synthesizes, byte for byte: the record that
 * `__tests__/output.test.ts` compares the current code with.
 *
 * Sources: every app of scripts/synth-sources.js (config/, the option
 * matrix, the accepted corpus cases, the guide, both examples) and each
 * refused corpus case on its own. Each runs as a process, as users run it;
 * the record holds its exit code, its stdout and stderr, and every file it
 * writes (manifest.json and, per stack, cdk.tf.json, .checkov.yaml,
 * protection.json and the address-plan files). Paths that differ per
 * machine are written as `<root>` (the repository) and `<out>` (the output
 * directory), so the record reads the same everywhere.
 *
 * `npm run output:record` rewrites __tests__/output/ after a deliberate
 * change of output; review the diff like a plan. `node
 * scripts/record-output.js --check` compares without writing (exit 1 on a
 * difference).
 */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { ROOT, SOURCES, synthesize } = require("./synth-sources");

const RECORD = path.join(ROOT, "__tests__", "output");

/** Every source, with the refused corpus cases one by one (a refused case writes nothing, so each needs its own run). */
function sources() {
  const refusedDir = path.join(ROOT, "corpus", "refused");
  const refused = fs
    .readdirSync(refusedDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ group: `corpus-refused/${f.replace(/\.ya?ml$/, "")}`, entry: "main.ts", file: path.join(refusedDir, f) }));
  return [...SOURCES, ...refused];
}

/** Machine-specific paths written as placeholders. */
function normalize(/** @type {string} */ text, /** @type {Record<string, string>} */ paths) {
  let out = text;
  for (const [from, to] of Object.entries(paths)) out = out.split(from).join(to);
  return out;
}

/** Every file under `dir`, relative, sorted. */
function filesUnder(/** @type {string} */ dir, base = dir) {
  /** @type {string[]} */
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p, base));
    else out.push(path.relative(base, p));
  }
  return out.sort();
}

/**
 * Synthesizes every source into a temporary directory; resolves with the
 * record as a map from its relative path to its content.
 * @returns {Promise<Map<string, string>>}
 */
async function collect() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "record-output-"));
  try {
    const runs = await Promise.all(
      sources().map(async (source) => {
        const outdir = path.join(tmp, "out", source.group);
        let configDir;
        if ("file" in source) {
          configDir = path.join(tmp, "config", source.group);
          fs.mkdirSync(configDir, { recursive: true });
          fs.copyFileSync(source.file, path.join(configDir, path.basename(source.file)));
        }
        const result = await synthesize(configDir ? { ...source, configDir } : source, outdir);
        return { source, outdir, configDir, result };
      }),
    );
    /** @type {Map<string, string>} */
    const record = new Map();
    for (const { source, outdir, configDir, result } of runs) {
      const paths = { [outdir]: "<out>", ...(configDir ? { [configDir]: "<config>" } : {}), [ROOT]: "<root>" };
      const at = (/** @type {string} */ rel) => `${source.group}/${rel}`;
      record.set(at("exit-code"), `${result.code}\n`);
      record.set(at("stdout"), normalize(result.stdout, paths));
      record.set(at("stderr"), normalize(result.errors, paths));
      for (const rel of filesUnder(outdir)) record.set(at(`out/${rel}`), normalize(fs.readFileSync(path.join(outdir, rel), "utf8"), paths));
    }
    return record;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The record as committed. */
function readRecord() {
  /** @type {Map<string, string>} */
  const record = new Map();
  for (const rel of filesUnder(RECORD)) if (rel !== "README.md") record.set(rel.split(path.sep).join("/"), fs.readFileSync(path.join(RECORD, rel), "utf8"));
  return record;
}

/** Paths whose content differs between two records (missing on either side included). */
function differences(/** @type {Map<string, string>} */ recorded, /** @type {Map<string, string>} */ current) {
  return [...new Set([...recorded.keys(), ...current.keys()])].sort().filter((k) => recorded.get(k) !== current.get(k));
}

function write(/** @type {Map<string, string>} */ record) {
  for (const entry of fs.existsSync(RECORD) ? fs.readdirSync(RECORD) : []) {
    if (entry !== "README.md") fs.rmSync(path.join(RECORD, entry), { recursive: true, force: true });
  }
  for (const [rel, content] of record) {
    const file = path.join(RECORD, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

async function main(/** @type {string[]} */ argv) {
  const started = Date.now();
  const current = await collect();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (argv.includes("--check")) {
    const diff = differences(readRecord(), current);
    for (const d of diff) process.stdout.write(`differs: ${d}\n`);
    process.stderr.write(`output:check: ${current.size} files, ${diff.length} differ; ${seconds} s\n`);
    process.exitCode = diff.length > 0 ? 1 : 0;
    return;
  }
  write(current);
  process.stderr.write(`output:record: ${current.size} files in ${path.relative(process.cwd(), RECORD) || "."}; ${seconds} s\n`);
}

module.exports = { RECORD, collect, readRecord, differences };

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`record-output: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  });
}
