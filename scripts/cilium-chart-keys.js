#!/usr/bin/env node
/**
 * Writes lib/reference/cilium-chart-values.json: the Helm values keys the Cilium
 * chart knows, read from the chart package itself (never typed by hand).
 *
 *   node scripts/cilium-chart-keys.js [chart.tgz]
 *   (default: ../shared/cilium/cilium-1.18.12.tgz, relative to the repository)
 *
 * The chart's values.schema.json checks types but not unknown keys, so a
 * misspelled key renders silently with the chart's default. The known keys:
 *
 * - every key of values.yaml;
 * - every key the templates read that values.yaml leaves out (`.Values.a.b`,
 *   `hasKey .Values.a "b"`, `get`, `index`): values.yaml only mentions some of
 *   them in comments (`loadBalancer.algorithm`, `devices`, ...). Reads in
 *   templates/validate.yaml add no key: there they are removed options the
 *   chart fails on; they are listed under `removedOptions`.
 *
 * Each node of `keys` is a mapping of its known sub-keys, or a marker:
 * - "scalar": takes a value, no sub-keys (also a null default whose
 *   values.schema.json type allows neither object nor array);
 * - "list": takes a list; items are not checked (they are free-form);
 * - "open": takes a mapping with any sub-keys, unchecked: its default is an
 *   empty mapping (`podAnnotations: {}`), or it is null and the schema allows
 *   an object, or a template renders it whole (`toYaml`/`toJson`/`mapToString`
 *   of it, directly or through `with`: `nodeSelector`, `affinity`,
 *   `operator.securityContext`, ...) or ranges over its keys;
 * - "any": read by the templates but absent from values.yaml, so its shape is
 *   unknown; nothing under it is checked.
 * `unchecked` says, for each open or any key, why (with a template that shows it).
 *
 * Also exports `buildCatalog(tgzBuffer)`, used by the test that checks the
 * committed JSON is current.
 */
"use strict";

const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const yaml = require("js-yaml");

const ROOT = path.join(__dirname, "..");
const DEFAULT_CHART = path.join(ROOT, "..", "shared", "cilium", "cilium-1.18.12.tgz");
const OUTPUT = path.join(ROOT, "lib", "reference", "cilium-chart-values.json");

const SCALAR = "scalar";
const LIST = "list";
const OPEN = "open";
const ANY = "any";

/** The regular files of an uncompressed tar archive (ustar, GNU long names, pax paths). */
function untar(tar) {
  const files = new Map();
  const cString = (buf) => {
    const end = buf.indexOf(0);
    return buf.subarray(0, end < 0 ? buf.length : end).toString("utf8");
  };
  let offset = 0;
  let nextName;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, length) => cString(header.subarray(start, start + length));
    // The checksum is the byte sum of the header with its own field read as spaces.
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
    if (sum !== parseInt(field(148, 8).trim(), 8)) throw new Error(`tar: bad header checksum at byte ${offset}`);
    if (header[124] & 0x80) throw new Error("tar: base-256 sizes are not supported");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = header[156] === 0 ? "0" : String.fromCharCode(header[156]);
    const prefix = field(257, 6).startsWith("ustar") ? field(345, 155) : "";
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === "L") {
      nextName = cString(body);
    } else if (type === "x") {
      // pax records: "<length> <key>=<value>\n"
      const text = body.toString("utf8");
      for (let i = 0; i < text.length; ) {
        const space = text.indexOf(" ", i);
        const length = parseInt(text.slice(i, space), 10);
        if (!(length > 0)) break;
        const record = text.slice(space + 1, i + length - 1);
        if (record.startsWith("path=")) nextName = record.slice(5);
        i += length;
      }
    } else if (type !== "g") {
      if (type === "0" || type === "7") files.set(nextName ?? name, Buffer.from(body));
      nextName = undefined;
    }
  }
  return files;
}

const isMap = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

/** Types a values.schema.json node allows. */
function schemaTypes(node) {
  if (!node) return [];
  const alternatives = [...(node.anyOf ?? []), ...(node.oneOf ?? [])];
  return [...[].concat(node.type ?? []), ...alternatives.flatMap(schemaTypes)];
}

/**
 * The key tree of values.yaml. Nodes are maps (`Map` of children) or markers;
 * `reasons` collects why a path is open.
 */
function treeOfDefaults(value, schema, at, reasons) {
  if (Array.isArray(value)) return LIST;
  if (isMap(value)) {
    if (Object.keys(value).length === 0) {
      reasons.set(at, [["empty mapping by default"]]);
      return OPEN;
    }
    const node = new Map();
    for (const [key, child] of Object.entries(value)) {
      node.set(key, treeOfDefaults(child, schema?.properties?.[key], at ? `${at}.${key}` : key, reasons));
    }
    return node;
  }
  if (value === null) {
    // A null default says nothing about the shape; the schema does.
    const types = schemaTypes(schema);
    if (!schema || types.includes("object")) {
      reasons.set(at, [[schema ? "null by default; values.schema.json allows an object" : "null by default, not in values.schema.json"]]);
      return OPEN;
    }
    return types.includes("array") ? LIST : SCALAR;
  }
  return SCALAR;
}

const VALUES_PATH = /^\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/;
const VALUES_REF = /\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g;
const LITERAL_KEY = /\b(hasKey|get|index)\s+\(?(\$?\.Values(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\)?((?:\s+"[^"]*")+)/g;
const RENDER = "(?:toYaml|toJson|toPrettyJson|toRawJson|mapToString)";
// `toYaml .`, `. | toYaml`, `omit . "x" | toYaml`: the current dot rendered whole.
const RENDERS_DOT = new RegExp(`${RENDER}\\s+\\.(?=[\\s)|]|$)|(?:^|[\\s(])\\.\\s*\\|\\s*${RENDER}\\b|\\bomit\\s+\\.\\s[^|]*\\|\\s*${RENDER}\\b`);
const RENDERS_PATH = new RegExp(`${RENDER}\\s+\\(?(\\$?\\.Values(?:\\.[A-Za-z_][A-Za-z0-9_]*)+)|(\\$?\\.Values(?:\\.[A-Za-z_][A-Za-z0-9_]*)+)\\s*\\|\\s*${RENDER}\\b`, "g");
const DOT_REF = /(?<![\w$)\]."'])\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)/g;
const RANGES_KEYS = /^range\s+\$\w+\s*,\s*\$\w+\s*:=\s*\(?(\$?\.Values(?:\.[A-Za-z_][A-Za-z0-9_]*)+)\)?$/;

const valuesPath = (expr) => {
  const m = VALUES_PATH.exec(expr.trim().replace(/^\((.*)\)$/, "$1").trim());
  return m ? m[1].slice(1) : undefined;
};

/**
 * What the templates do with values: keys read (`reads`), and keys rendered
 * whole or whose keys are ranged over (`opened`), each with the files.
 */
function analyseTemplates(templates) {
  const reads = new Map();
  const opened = new Map();
  const read = (key, file) => {
    if (!reads.has(key)) reads.set(key, new Set());
    reads.get(key).add(file);
  };
  const open = (key, what, file) => {
    if (!key) return;
    if (!opened.has(key)) opened.set(key, new Map());
    const whats = opened.get(key);
    if (!whats.has(what)) whats.set(what, new Set());
    whats.get(what).add(file);
  };
  for (const { name, text } of templates) {
    // Frames of if/with/range/define blocks: what `.` is inside (a values path, or undefined).
    const frames = [{ kind: "root", dot: "", outer: "" }];
    for (const m of text.matchAll(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g)) {
      const action = m[1];
      if (action.startsWith("/*")) continue;
      const top = frames[frames.length - 1];
      const word = /^(\w+)/.exec(action)?.[1];
      const rest = action.slice(word ? word.length : 0).trim();
      if (word === "if") frames.push({ kind: "if", dot: top.dot, outer: top.dot });
      else if (word === "with") frames.push({ kind: "with", dot: valuesPath(rest), outer: top.dot });
      else if (word === "range") {
        const keys = RANGES_KEYS.exec(action);
        if (keys) open(valuesPath(keys[1]), "its keys are ranged over in", name);
        frames.push({ kind: "range", dot: undefined, outer: top.dot });
      } else if (word === "define" || word === "block") frames.push({ kind: word, dot: undefined, outer: undefined });
      else if (word === "else") {
        // `else with X` rebinds the dot; any other else runs with the block's outer dot.
        top.dot = /^with\s/.test(rest) ? valuesPath(rest.slice(4)) : top.outer;
      } else if (word === "end") {
        if (frames.length > 1) frames.pop();
        continue;
      }
      if (name.endsWith("validate.yaml")) continue;
      // Keys inside string literals are messages, not reads (literal keys of hasKey/get/index are read first).
      for (const k of action.matchAll(LITERAL_KEY)) {
        const base = valuesPath(k[2]);
        if (base === undefined) continue;
        const literals = [...k[3].matchAll(/"([^"]*)"/g)].map((l) => l[1]);
        const keys = k[1] === "index" ? literals : literals.slice(0, 1);
        read([base, ...keys].filter(Boolean).join("."), name);
      }
      const code = action.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`/g, '""');
      for (const r of code.matchAll(VALUES_REF)) read(r[1].slice(1), name);
      const dot = frames[frames.length - 1].dot;
      // Inside `with .Values.x`, `.y` reads x.y.
      if (dot) for (const r of code.replace(VALUES_REF, "").matchAll(DOT_REF)) read(`${dot}.${r[1]}`, name);
      if (dot && RENDERS_DOT.test(code)) open(dot, "rendered whole by", name);
      for (const r of code.matchAll(RENDERS_PATH)) open(valuesPath(r[1] ?? r[2]), "rendered whole by", name);
    }
    // Unbalanced blocks would mean the dot was tracked wrongly: refuse rather than guess.
    if (frames.length !== 1) throw new Error(`${name}: ${frames.length - 1} template blocks left open; the template reader is out of step`);
  }
  return { reads, opened };
}

/** The path of `node` under `tree`, or undefined. */
function nodeAt(tree, segments) {
  let node = tree;
  for (const s of segments) {
    if (!(node instanceof Map) || !node.has(s)) return undefined;
    node = node.get(s);
  }
  return node;
}

/** Adds the keys only the templates read: intermediate keys are maps, the deepest ones open. */
function mergeReads(tree, reads, reasons) {
  const trie = new Map();
  for (const key of [...reads.keys()].sort()) {
    let node = trie;
    for (const s of key.split(".")) {
      if (!node.has(s)) node.set(s, new Map());
      node = node.get(s);
    }
  }
  // The templates that read `at` or anything under it.
  const readers = (at) => new Set([...reads].filter(([r]) => r === at || r.startsWith(`${at}.`)).flatMap(([, files]) => [...files]));
  const merge = (node, readNode, at) => {
    for (const [key, child] of readNode) {
      const here = at ? `${at}.${key}` : key;
      const existing = node.get(key);
      if (existing === undefined) {
        if (child.size) {
          node.set(key, new Map());
          merge(node.get(key), child, here);
        } else {
          node.set(key, ANY);
          reasons.set(here, [["not in values.yaml; read by", readers(here)]]);
        }
      } else if (existing instanceof Map) {
        merge(existing, child, here);
      } else if (existing === SCALAR && child.size) {
        node.set(key, OPEN);
        reasons.set(here, [["a value in values.yaml, read with sub-keys by", readers(here)]]);
      }
    }
  };
  merge(tree, trie, "");
}

/** Marks the keys templates render whole or range over as open (lists stay lists). */
function applyOpened(tree, opened, reasons) {
  for (const key of [...opened.keys()].sort()) {
    const segments = key.split(".");
    const parent = nodeAt(tree, segments.slice(0, -1));
    const last = segments[segments.length - 1];
    if (!(parent instanceof Map) || !parent.has(last)) continue; // under an open key or a list, or unknown
    const current = parent.get(last);
    if (current === LIST) continue;
    const why = [...opened.get(key)].sort(([a], [b]) => (a < b ? -1 : 1));
    parent.set(last, OPEN);
    reasons.set(key, current === OPEN ? [...(reasons.get(key) ?? []), ...why] : why);
  }
}

/** One reason with its files, e.g. "rendered whole by templates/a.yaml (and 3 more)". */
function summarize([what, files]) {
  if (!files) return what;
  const sorted = [...files].sort();
  return `${what} ${sorted[0]}${sorted.length > 1 ? ` (and ${sorted.length - 1} more)` : ""}`;
}

/** The plain-JSON form of the tree, and why each open or any key that remains (not under another) is so. */
function serialize(tree, reasons) {
  const unchecked = {};
  const walk = (node, at) => {
    if (!(node instanceof Map)) {
      if (node === OPEN || node === ANY) unchecked[at] = (reasons.get(at) ?? [[node]]).map(summarize).join("; ");
      return node;
    }
    const out = {};
    for (const [key, child] of node) out[key] = walk(child, at ? `${at}.${key}` : key);
    return out;
  };
  const keys = walk(tree, "");
  return { keys, unchecked: Object.fromEntries(Object.entries(unchecked).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

/** The catalog object written to the JSON file, from the bytes of a chart package. */
function buildCatalog(tgz) {
  const files = untar(zlib.gunzipSync(tgz));
  const chartFile = [...files.keys()].find((n) => /^[^/]+\/Chart\.yaml$/.test(n));
  if (!chartFile) throw new Error("not a Helm chart package: no <name>/Chart.yaml");
  const dir = chartFile.slice(0, chartFile.indexOf("/"));
  const text = (name) => {
    const buf = files.get(`${dir}/${name}`);
    if (!buf) throw new Error(`the chart package has no ${dir}/${name}`);
    return buf.toString("utf8");
  };
  const chart = yaml.load(text("Chart.yaml"));
  const values = yaml.load(text("values.yaml")) ?? {};
  const schema = files.has(`${dir}/values.schema.json`) ? JSON.parse(text("values.schema.json")) : undefined;
  const templates = [...files]
    .filter(([n]) => n.startsWith(`${dir}/templates/`))
    .map(([n, b]) => ({ name: n.slice(dir.length + 1), text: b.toString("utf8") }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));

  const reasons = new Map();
  const tree = treeOfDefaults(values, schema, "", reasons);
  const { reads, opened } = analyseTemplates(templates);
  mergeReads(tree, reads, reasons);
  applyOpened(tree, opened, reasons);

  // Keys validate.yaml reads that exist nowhere else: options the chart refuses.
  const validate = templates.filter((t) => t.name === "templates/validate.yaml");
  const removedOptions = new Set();
  for (const { text: body } of validate) {
    for (const m of body.matchAll(/dig((?:\s+"[^"]*")+)\s+\$?\.Values\.AsMap/g)) {
      const segments = [...m[1].matchAll(/"([^"]*)"/g)].map((l) => l[1]).slice(0, -1);
      if (nodeAt(tree, segments) === undefined) removedOptions.add(segments.join("."));
    }
    for (const m of body.matchAll(VALUES_REF)) {
      const segments = m[1].slice(1).split(".");
      if (segments[0] !== "AsMap" && nodeAt(tree, segments) === undefined) removedOptions.add(segments.join("."));
    }
  }

  const { keys, unchecked } = serialize(tree, reasons);
  return {
    $comment:
      "Generated by scripts/cilium-chart-keys.js from the chart package; do not edit. A key maps to its known sub-keys or to a marker: scalar (a value, no sub-keys), list (items unchecked), open (a mapping with any sub-keys), any (read by the templates, not in values.yaml: shape unknown, unchecked). `unchecked` says why each open or any key is so.",
    chart: chart.name,
    version: String(chart.version),
    sha256: crypto.createHash("sha256").update(tgz).digest("hex"),
    keys,
    unchecked,
    removedOptions: [...removedOptions].sort(),
  };
}

/** The file's text: stable formatting, so that a regeneration diffs cleanly. */
function renderCatalog(catalog) {
  return `${JSON.stringify(catalog, null, 2)}\n`;
}

function main(argv) {
  const chartPath = path.resolve(argv[0] ?? DEFAULT_CHART);
  if (!fs.existsSync(chartPath)) {
    console.error(`${chartPath} not found: fetch it with \`helm pull cilium --repo https://helm.cilium.io --version 1.18.12\` and pass its path`);
    return 1;
  }
  const catalog = buildCatalog(fs.readFileSync(chartPath));
  fs.writeFileSync(OUTPUT, renderCatalog(catalog));
  console.log(`${path.relative(process.cwd(), OUTPUT)}: ${catalog.chart} ${catalog.version} (sha256 ${catalog.sha256}), ${Object.keys(catalog.unchecked).length} open or any keys`);
  return 0;
}

module.exports = { buildCatalog, renderCatalog, untar, DEFAULT_CHART, OUTPUT };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
