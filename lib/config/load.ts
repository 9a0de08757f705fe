/**
 * Reads the environments of a config directory: one file per environment
 * (`.yaml`, `.yml` or `.json`), one stack per file, named by the basename.
 */
import * as fs from "fs";
import * as path from "path";
import { CORE_SCHEMA, load, YAMLException } from "js-yaml";
import { expressionProblem } from "./expressions";
import { checkConfigShape, withoutAbsentFields } from "./schema";
import type { AksByoCniConfig } from "./types";

/** One environment read from a file. */
export interface Environment {
  /** Stack name: the file's basename without extension. */
  readonly name: string;
  /** The file, relative to the working directory when possible. */
  readonly file: string;
  /** The file's content, shape-checked. */
  readonly config: AksByoCniConfig;
}

/** A problem found while reading a file, before any construct exists. */
export interface LoadProblem {
  /** Stack name (basename), or the directory when no stack applies. */
  readonly stack: string;
  /** The file (or directory) the problem is in. */
  readonly file: string;
  /** Dotted field path, list items as `[i]`; empty for the file as a whole. */
  readonly path: string;
  /** What is wrong, and what would be valid. */
  readonly message: string;
  /** Rule ID: `CFG-01` to `CFG-04` for the shape check, `CFG-05` for files and names, `CFG-07` for Terraform expressions, `CFG-08` for references to secrets. */
  readonly rule: string;
}

/** What a config directory holds: its environments, or the problems that stop synth. */
export interface LoadResult {
  /** One per valid file, in file-name order. */
  readonly environments: Environment[];
  /** Every problem of every file; synth writes nothing when there is one. */
  readonly problems: LoadProblem[];
}

const EXTENSIONS = [".yaml", ".yml", ".json"];
/** Stack names become directory names and Terraform identifiers. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/**
 * Largest config file read, in bytes. A config is a few kilobytes; Cilium's
 * whole values.yaml (165 KB with its comments) pasted as `cni.values` still
 * fits six times over. Larger files are refused before they are read: tens of
 * megabytes took most of a minute to check and synthesize.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Deepest nesting of lists and mappings: the limit js-yaml applies to YAML by default, applied to JSON as well. */
const MAX_CONFIG_DEPTH = 100;
/**
 * Most values (mappings, lists and scalars) a document may hold, counted as
 * if every YAML alias were written out: a few hundred in a config, 1,500 in
 * Cilium's whole values.yaml. It stops alias bombs ("billion laughs"), which
 * parse to a small graph but expand to billions of values wherever the
 * document is walked, and it bounds the pairwise range checks of the address
 * plan to seconds.
 */
export const MAX_CONFIG_VALUES = 5000;
/** cdktf's token markers: a string holding one is resolved as a token, not kept as text. */
const TOKEN_MARKER = /[$#&]\{TfToken\[/;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The text of a file read as UTF-8. A leading byte-order mark (which Windows
 * editors write) is dropped, as editors and js-yaml do; bytes that are not
 * UTF-8 (a file saved as Latin-1 or UTF-16) are an error naming the first
 * line they are on, not silently replaced.
 */
function decode(bytes: Buffer): { text?: string; error?: string } {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    if (utf16) return { error: "is UTF-16 text; save it as UTF-8" };
    // A line break byte never occurs inside a UTF-8 sequence, so lines decode on their own.
    let line = 1;
    for (let start = 0; ; line++) {
      const end = bytes.indexOf(0x0a, start);
      try {
        utf8.decode(bytes.subarray(start, end < 0 ? bytes.length : end));
      } catch {
        break;
      }
      if (end < 0) break;
      start = end + 1;
    }
    return { error: `is not UTF-8 text (line ${line} holds other bytes, e.g. Latin-1); save it as UTF-8` };
  }
}

type DocumentRule = "CFG-03" | "CFG-05" | "CFG-07" | "CFG-08";

/**
 * What the shape check cannot see or would choke on: a document nested too
 * deeply or too large once its aliases are expanded (reported for the whole
 * file; the walk stops there); keys or values that cdktf would read as its
 * own tokens: strings with its markers, and numbers in its encoded-token
 * range, which lies far beyond any whole number a config holds; and keys or
 * values that Terraform would evaluate as expressions (CFG-07) or that
 * reference a secret (CFG-08).
 */
function documentProblems(doc: unknown): { path: string; message: string; rule: DocumentRule }[] {
  const out: { path: string; message: string; rule: DocumentRule }[] = [];
  const expression = (text: string, path: string, isKey: boolean) => {
    const problem = expressionProblem(text, path, isKey);
    if (problem) out.push({ path, ...problem });
  };
  let values = 0;
  const walk = (value: unknown, path: string, depth: number): boolean => {
    if (++values > MAX_CONFIG_VALUES) {
      out.push({ path: "", rule: "CFG-05", message: `holds more than ${MAX_CONFIG_VALUES} values (YAML aliases count once per use); a config holds a few hundred` });
      return false;
    }
    if (depth > MAX_CONFIG_DEPTH) {
      out.push({ path: "", rule: "CFG-05", message: `is nested more than ${MAX_CONFIG_DEPTH} levels deep (or a YAML alias refers to a node that holds it)` });
      return false;
    }
    if (typeof value === "string" && TOKEN_MARKER.test(value)) {
      out.push({ path, rule: "CFG-03", message: "holds cdktf's internal token syntax (${TfToken[...]}), which is no value; for a Terraform reference write the expression itself, e.g. ${var.name}" });
    } else if (typeof value === "string") {
      expression(value, path, false);
    } else if (typeof value === "number" && Math.abs(value) > Number.MAX_SAFE_INTEGER && Number.isFinite(value)) {
      out.push({ path, rule: "CFG-03", message: `${value} is too large; numbers in a config are at most ${Number.MAX_SAFE_INTEGER} in size` });
    } else if (Array.isArray(value)) {
      return value.every((v, i) => walk(v, `${path}[${i}]`, depth + 1));
    } else if (value !== null && typeof value === "object") {
      return Object.entries(value).every(([k, v]) => {
        const p = path ? `${path}.${k}` : k;
        if (TOKEN_MARKER.test(k)) out.push({ path: p, rule: "CFG-03", message: "this key holds cdktf's internal token syntax (&{TfToken[...]}); use a plain name" });
        else expression(k, p, true);
        return walk(v, p, depth + 1);
      });
    }
    return true;
  };
  walk(doc, "", 0);
  // Past a limit, the rest of the document is not looked at: only the limit is reported.
  const limit = out.find((p) => p.rule === "CFG-05");
  return limit ? [limit] : out;
}

function parseFile(file: string, text: string): { value?: unknown; errors: { path: string; message: string }[] } {
  if (file.endsWith(".json")) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { errors: [{ path: "", message: `not valid JSON: ${(e as Error).message}` }] };
    }
    // JSON.parse keeps the last of two equal keys silently; a YAML reader of the same text (JSON is YAML) finds them, as it does in .yaml files.
    const duplicate = duplicateKey(text, file);
    return duplicate ? { errors: [{ path: "", message: `not valid JSON: ${duplicate}` }] } : { value, errors: [] };
  }
  try {
    // The core schema: YAML 1.2 types only (no dates, no `yes`/`no` booleans); duplicate keys are errors.
    return { value: load(text, { schema: CORE_SCHEMA, filename: file }), errors: [] };
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const at = e.mark ? `line ${e.mark.line + 1}, column ${e.mark.column + 1}: ` : "";
    return { errors: [{ path: "", message: `not valid YAML: ${at}${e.reason}` }] };
  }
}

/** Where `text`, valid JSON, repeats a key in one object, as the YAML reader reports it; undefined when it does not. */
function duplicateKey(text: string, file: string): string | undefined {
  try {
    load(text, { schema: CORE_SCHEMA, filename: file });
    return undefined;
  } catch (e) {
    if (!(e instanceof YAMLException) || !/duplicated mapping key/.test(e.reason)) return undefined;
    return `${e.mark ? `line ${e.mark.line + 1}, column ${e.mark.column + 1}: ` : ""}${e.reason}`;
  }
}

/** Reads and shape-checks one config file. */
export function loadConfigFile(file: string, stack = stackNameOf(file)): LoadResult {
  const shown = displayPath(file);
  const problem = (p: string, message: string, rule: string): LoadProblem => ({
    stack,
    file: shown,
    path: p,
    message: `${message} (${shown})`,
    rule,
  });
  let bytes: Buffer;
  try {
    // Checked before reading: a FIFO would block the read forever, a huge file would take minutes,
    // and a symbolic link could point at any file of the machine that synthesizes (whose lines
    // would come back as "unknown key" errors in a CI log).
    const stat = fs.lstatSync(file);
    if (stat.isSymbolicLink()) return { environments: [], problems: [problem("", "is a symbolic link; a config file must be a regular file, not a link to one", "CFG-05")] };
    if (!stat.isFile()) return { environments: [], problems: [problem("", "is not a regular file", "CFG-05")] };
    if (stat.size > MAX_CONFIG_BYTES) {
      return { environments: [], problems: [problem("", `is ${stat.size} bytes; config files are at most ${MAX_CONFIG_BYTES} bytes (1 MiB)`, "CFG-05")] };
    }
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { environments: [], problems: [problem("", `cannot read: ${(e as Error).message}`, "CFG-05")] };
  }
  const decoded = decode(bytes);
  if (decoded.text === undefined) return { environments: [], problems: [problem("", decoded.error ?? "cannot be decoded", "CFG-05")] };
  const parsed = parseFile(file, decoded.text);
  if (parsed.errors.length > 0) {
    return { environments: [], problems: parsed.errors.map((e) => problem(e.path, e.message, "CFG-05")) };
  }
  // YAML reads an empty file, or one of only comments, as no document at all.
  if (parsed.value === undefined || parsed.value === null) {
    return { environments: [], problems: [problem("", "is empty (no document, or a null one): a config is a mapping with at least location, resourceGroup and cluster", "CFG-05")] };
  }
  const document = documentProblems(parsed.value);
  if (document.length > 0) {
    return { environments: [], problems: document.map((d) => problem(d.path, d.path ? d.message : `the document ${d.message}`, d.rule)) };
  }
  const shape = checkConfigShape(parsed.value);
  if (shape.length > 0) {
    return {
      environments: [],
      problems: shape.map((s) => problem(s.path, s.path ? s.message : `the document ${s.message}`, s.rule)),
    };
  }
  return { environments: [{ name: stack, file: shown, config: withoutAbsentFields(parsed.value) as AksByoCniConfig }], problems: [] };
}

/** Reads every environment of a directory; problems of all files are returned together. */
export function loadConfigDir(dir: string): LoadResult {
  const shownDir = displayPath(dir);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir).filter((f) => !f.startsWith(".") && EXTENSIONS.includes(path.extname(f)));
  } catch (e) {
    return {
      environments: [],
      problems: [{ stack: shownDir, file: shownDir, path: "", message: `cannot read the config directory: ${(e as Error).message}`, rule: "CFG-05" }],
    };
  }
  entries.sort();
  const environments: Environment[] = [];
  const problems: LoadProblem[] = [];
  const seen = new Map<string, string>();
  if (entries.length === 0) {
    problems.push({ stack: shownDir, file: shownDir, path: "", message: `no .yaml, .yml or .json files in ${shownDir}`, rule: "CFG-05" });
  }
  for (const entry of entries) {
    const file = path.join(dir, entry);
    const stack = stackNameOf(entry);
    if (!STACK_NAME.test(stack)) {
      problems.push({ stack, file: displayPath(file), path: "", message: `file name "${entry}" does not make a stack name: use a letter, then letters, digits, "-" or "_" (at most 63)`, rule: "CFG-05" });
      continue;
    }
    const previous = seen.get(stack);
    if (previous) {
      problems.push({ stack, file: displayPath(file), path: "", message: `${entry} and ${previous} both define stack "${stack}"`, rule: "CFG-05" });
      continue;
    }
    seen.set(stack, entry);
    const result = loadConfigFile(file, stack);
    environments.push(...result.environments);
    problems.push(...result.problems);
  }
  return { environments, problems };
}

function stackNameOf(file: string): string {
  return path.basename(file, path.extname(file));
}

function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith("..") ? rel : p;
}
