/**
 * Reads the environments of a config directory: one file per environment
 * (`.yaml`, `.yml` or `.json`), one stack per file, named by the basename.
 */
import * as fs from "fs";
import * as path from "path";
import { CORE_SCHEMA, load, YAMLException } from "js-yaml";
import { checkConfigShape } from "./schema";
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
  /** Rule ID: `CFG-01` to `CFG-04` for the shape check, `CFG-05` for files and names. */
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

function parseFile(file: string, text: string): { value?: unknown; errors: { path: string; message: string }[] } {
  if (file.endsWith(".json")) {
    try {
      return { value: JSON.parse(text), errors: [] };
    } catch (e) {
      return { errors: [{ path: "", message: `not valid JSON: ${(e as Error).message}` }] };
    }
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

/**
 * The document with null fields removed: YAML writes an emptied field
 * (`dnsPrefix:` with nothing after it) as null, which the shape check treats
 * as absent, so the rules and the constructs must see it absent too. Helm
 * values keep their nulls (`cni.values`: null unsets a chart default).
 */
function withoutNulls(value: unknown, path = ""): unknown {
  if (Array.isArray(value)) return value.map((v, i) => withoutNulls(v, `${path}[${i}]`));
  if (!value || typeof value !== "object" || path === "cni.values") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v, path ? `${path}.${k}` : k)]),
  );
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
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    return { environments: [], problems: [problem("", `cannot read: ${(e as Error).message}`, "CFG-05")] };
  }
  const parsed = parseFile(file, text);
  if (parsed.errors.length > 0) {
    return { environments: [], problems: parsed.errors.map((e) => problem(e.path, e.message, "CFG-05")) };
  }
  const shape = checkConfigShape(parsed.value);
  if (shape.length > 0) {
    return {
      environments: [],
      problems: shape.map((s) => problem(s.path, s.path ? s.message : `the document ${s.message}`, s.rule)),
    };
  }
  return { environments: [{ name: stack, file: shown, config: withoutNulls(parsed.value) as AksByoCniConfig }], problems: [] };
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
