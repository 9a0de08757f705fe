/**
 * Shape checking of a parsed config file: unknown keys, wrong types, missing
 * required fields, and secrets that must not live in a file.
 *
 * The shape is the JSON Schema in schema/aks-byocni-config.schema.json,
 * generated from `AksByoCniConfig` (`npm run schema`) and shipped for
 * editors. This module interprets the subset of draft-07 that file uses, so
 * editors and synth accept the same documents. `pattern` is deliberately
 * not checked here: names and address ranges are reported by the NAME and
 * FMT rules, with messages that say what a valid value looks like.
 */
import schemaDocument from "../../schema/aks-byocni-config.schema.json";
import { keyDistance } from "../text/edit-distance";
import type { AksByoCniConfig } from "./types";

/** A problem with the shape of a config file. */
export interface ShapeProblem {
  /** Dotted field path, list items as `[i]`; empty for the document itself. */
  readonly path: string;
  /** What is wrong, and what would be valid. */
  readonly message: string;
  /** CFG-01 secret, CFG-02 unknown key, CFG-03 wrong type, CFG-04 missing field. */
  readonly rule: "CFG-01" | "CFG-02" | "CFG-03" | "CFG-04";
}

/** A node of the schema file, as far as validation goes (annotations are left out). */
interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string;
  readonly const?: string;
  readonly enum?: readonly string[];
  readonly items?: SchemaNode;
  readonly minItems?: number;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | SchemaNode;
}

/** Keywords that carry no constraint here: documentation for editors, and `pattern` (see the module comment). */
const ANNOTATIONS = new Set(["$schema", "$comment", "title", "description", "default", "enumDescriptions", "definitions", "pattern", "patternErrorMessage"]);
/** Keywords this interpreter implements; anything else in the file is an error, not silently ignored. */
const KEYWORDS = new Set(["$ref", "type", "const", "enum", "items", "minItems", "properties", "required", "additionalProperties"]);

type Node =
  | { readonly kind: "string"; readonly values?: readonly string[] }
  | { readonly kind: "integer" }
  | { readonly kind: "number" }
  | { readonly kind: "boolean" }
  | { readonly kind: "any" }
  | { readonly kind: "list"; readonly item: Node; readonly minItems: number }
  | {
      readonly kind: "object";
      readonly fields: Map<string, { readonly node: Node; readonly required: boolean }>;
      /** Schema of keys not in `fields`; `undefined`: no other keys allowed. */
      readonly extra?: Node;
    };

/** Turns the schema file into checker nodes once; definitions are shared, not copied. */
function compile(document: SchemaNode & { readonly definitions?: Readonly<Record<string, SchemaNode>> }): Node {
  const definitions = document.definitions ?? {};
  const byRef = new Map<string, Node>();
  const resolve = (ref: string): Node => {
    const known = byRef.get(ref);
    if (known) return known;
    const name = /^#\/definitions\/([^/]+)$/.exec(ref)?.[1];
    const target = name === undefined ? undefined : definitions[name];
    if (!target) throw new Error(`config schema: unresolvable $ref ${ref}`);
    const node = toNode(target, ref);
    byRef.set(ref, node);
    return node;
  };
  const toNode = (s: SchemaNode, where: string): Node => {
    for (const key of Object.keys(s)) {
      if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key)) throw new Error(`config schema: unsupported keyword "${key}" at ${where}`);
    }
    // The generator puts annotations next to $ref; the constraint is the referenced definition's.
    return s.$ref !== undefined ? resolve(s.$ref) : typedNode(s, where);
  };
  const typedNode = (s: SchemaNode, where: string): Node => {
    switch (s.type) {
      case "string":
        return { kind: "string", values: s.const !== undefined ? [s.const] : s.enum };
      case "integer":
        return { kind: "integer" };
      case "number":
        return { kind: "number" };
      case "boolean":
        return { kind: "boolean" };
      case "array":
        if (!s.items) throw new Error(`config schema: array without items at ${where}`);
        return { kind: "list", item: toNode(s.items, `${where}/items`), minItems: s.minItems ?? 0 };
      case "object":
        return objectNode(s, where);
      case undefined:
        if (Object.keys(s).some((k) => KEYWORDS.has(k))) throw new Error(`config schema: constraint without type at ${where}`);
        return { kind: "any" };
      default:
        throw new Error(`config schema: unsupported type "${s.type}" at ${where}`);
    }
  };
  const objectNode = (s: SchemaNode, where: string): Node => {
    const required = new Set(s.required ?? []);
    const fields = new Map(Object.entries(s.properties ?? {}).map(([k, v]) => [k, { node: toNode(v, `${where}/properties/${k}`), required: required.has(k) }]));
    const extra = s.additionalProperties;
    if (extra === true) throw new Error(`config schema: additionalProperties true at ${where}; write {} for a free-form map`);
    return { kind: "object", fields, extra: extra === false || extra === undefined ? undefined : toNode(extra, `${where}/additionalProperties`) };
  };
  return toNode(document, "#");
}

let compiled: Node | undefined;
/** Compiled on first use, not when the library is imported. */
const root = (): Node => (compiled ??= compile(schemaDocument as SchemaNode));

/** Key names that only ever hold credentials. */
const SECRET_KEY = /(secret|password|passwd|access_?key|sas_?token|sas$|client_?certificate|private_?key|connection_?string|^token$|_token$|Token$)/i;
/** Keys that name or point at a secret rather than hold one (`secretName`, `existingSecret`). */
const SECRET_REFERENCE = /(Name|Ref|Namespace|Path|Enabled|Id|Ids)$|^existing/;
const isSecretKey = (key: string) => SECRET_KEY.test(key) && !SECRET_REFERENCE.test(key);
/** Values shaped like credentials: a SAS query, a storage account key, a PEM key. */
const SECRET_VALUE: ReadonlyArray<[RegExp, string]> = [
  [/(^|[?&])sig=[A-Za-z0-9%+/=]{20,}/, "a SAS token"],
  [/^[A-Za-z0-9+/]{86}==$/, "a storage account key"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
];

const SECRET_HINT =
  "credentials never live in config files: the provider and backend read them from the environment (ARM_CLIENT_ID, ARM_TENANT_ID, ARM_SUBSCRIPTION_ID, ARM_USE_OIDC / ARM_CLIENT_SECRET, ARM_ACCESS_KEY)";

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  return `${typeof v} ${String(v)}`;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The closest candidate, ignoring case: at most 1 edit for short words, 2 from five characters, 3 from twelve. */
function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const limit = w.length < 5 ? 1 : w.length < 12 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    // The distance is at least the difference in length: a key pasted in by mistake (megabytes long) is not measured.
    if (Math.abs(w.length - c.length) > limit) continue;
    const distance = keyDistance(word, c);
    if (distance < bestDistance) [best, bestDistance] = [c, distance];
  }
  return best;
}

function scanSecretValues(value: unknown, path: string, out: ShapeProblem[]): void {
  if (typeof value === "string") {
    for (const [re, what] of SECRET_VALUE) {
      if (re.test(value)) out.push({ path, rule: "CFG-01", message: `looks like ${what}; ${SECRET_HINT}` });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => scanSecretValues(v, `${path}[${i}]`, out));
  } else if (isMapping(value)) {
    for (const [k, v] of Object.entries(value)) {
      const p = join(path, k);
      if (isSecretKey(k)) out.push({ path: p, rule: "CFG-01", message: `is a credential field; ${SECRET_HINT}` });
      else scanSecretValues(v, p, out);
    }
  }
}

/** How an expected mapping is named in a message: its values' type when they all have one. */
function mappingName(node: Node & { kind: "object" }): string {
  if (node.fields.size > 0 || !node.extra) return "a mapping";
  switch (node.extra.kind) {
    case "string":
      return "a mapping of strings";
    case "integer":
      return "a mapping of whole numbers";
    case "boolean":
      return "a mapping of true or false";
    default:
      return "a mapping";
  }
}

type ObjectNode = Extract<Node, { kind: "object" }>;

function check(node: Node, value: unknown, path: string, out: ShapeProblem[]): void {
  switch (node.kind) {
    case "string":
      return checkString(node, value, path, out);
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) out.push({ path, rule: "CFG-03", message: `expected a whole number, got ${typeName(value)}` });
      return;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) out.push({ path, rule: "CFG-03", message: `expected a number, got ${typeName(value)}` });
      return;
    case "boolean":
      if (typeof value !== "boolean") out.push({ path, rule: "CFG-03", message: `expected true or false, got ${typeName(value)}` });
      return;
    case "any":
      return scanSecretValues(value, path, out);
    case "list":
      if (!Array.isArray(value)) {
        out.push({ path, rule: "CFG-03", message: `expected a list, got ${typeName(value)}` });
        return;
      }
      if (value.length < node.minItems) out.push({ path, rule: "CFG-03", message: `expected a list of at least ${node.minItems}, got an empty list` });
      value.forEach((item, i) => check(node.item, item, `${path}[${i}]`, out));
      return;
    case "object":
      return checkObject(node, value, path, out);
  }
}

function checkString(node: Extract<Node, { kind: "string" }>, value: unknown, path: string, out: ShapeProblem[]): void {
  if (typeof value !== "string") {
    // YAML turns unquoted digits into numbers, and 1.30 into 1.3: the fix is quotes, so say so.
    const hint = typeof value !== "number" ? "" : `; quote the value in the file${Number.isInteger(value) ? "" : " (YAML reads an unquoted 1.30 as the number 1.3)"}`;
    out.push({ path, rule: "CFG-03", message: `expected a string, got ${typeName(value)}${hint}` });
  } else if (node.values && !node.values.includes(value)) {
    const near = nearest(value, node.values);
    const allowed = node.values.map((v) => JSON.stringify(v)).join(", ");
    out.push({ path, rule: "CFG-03", message: `${JSON.stringify(value)} is not one of ${allowed} (case-sensitive)${near ? `; did you mean "${near}"?` : ""}` });
  } else {
    scanSecretValues(value, path, out);
  }
}

function checkObject(node: ObjectNode, value: unknown, path: string, out: ShapeProblem[]): void {
  if (!isMapping(value)) {
    out.push({ path, rule: "CFG-03", message: `expected ${mappingName(node)}, got ${typeName(value)}` });
    return;
  }
  for (const [key, field] of node.fields) {
    const v = value[key];
    // YAML writes an emptied section (`network:` with every line commented out) as null: treated as absent.
    if (v === undefined || v === null) {
      if (field.required) out.push({ path: join(path, key), rule: "CFG-04", message: "is required" });
    } else {
      check(field.node, v, join(path, key), out);
    }
  }
  for (const [key, v] of Object.entries(value)) {
    if (!node.fields.has(key)) checkOtherKey(node, key, v, join(path, key), out);
  }
}

/** A key the object's fields do not name: a free-form map's entry, a credential, or an unknown key. */
function checkOtherKey(node: ObjectNode, key: string, v: unknown, p: string, out: ShapeProblem[]): void {
  if (node.extra?.kind === "any") {
    // Free-form values (Helm values): a key may name a credential as well as hold one.
    if (isSecretKey(key)) out.push({ path: p, rule: "CFG-01", message: `is a credential field; ${SECRET_HINT}` });
    else scanSecretValues(v, p, out);
  } else if (node.extra) {
    check(node.extra, v, p, out);
  } else if (isSecretKey(key)) {
    out.push({ path: p, rule: "CFG-01", message: `is a credential field; ${SECRET_HINT}` });
  } else {
    const near = nearest(key, node.fields.keys());
    out.push({ path: p, rule: "CFG-02", message: near ? `unknown key; did you mean "${near}"?` : `unknown key; allowed here: ${[...node.fields.keys()].join(", ")}` });
  }
}

/** The JSON Schema of a config file, as shipped in schema/aks-byocni-config.schema.json. */
export const CONFIG_JSON_SCHEMA: Readonly<Record<string, unknown>> = schemaDocument;

/**
 * Checks a parsed config document against the schema. Returns every problem;
 * an empty list means the value is an `AksByoCniConfig`.
 */
export function checkConfigShape(value: unknown): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  check(root(), value, "", out);
  return out;
}

/**
 * A document that passed {@link checkConfigShape}, with its null fields
 * removed: YAML writes an emptied field (`dnsPrefix:` with nothing after it)
 * as null, which the check treats as absent, so the rules and the constructs
 * must see it absent too. Where the schema allows any value (Helm values)
 * nulls stay: there null unsets a chart default.
 */
export function withoutAbsentFields(value: unknown): unknown {
  return stripNulls(root(), value);
}

function stripNulls(node: Node, value: unknown): unknown {
  if (node.kind === "list" && Array.isArray(value)) return value.map((v) => stripNulls(node.item, v));
  if (node.kind !== "object" || !isMapping(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const field = node.fields.get(key);
    if (field && v === null) continue;
    const child = field?.node ?? node.extra;
    out[key] = child ? stripNulls(child, v) : v;
  }
  return out;
}

/** Type guard over `checkConfigShape`. */
export function isAksByoCniConfig(value: unknown): value is AksByoCniConfig {
  return checkConfigShape(value).length === 0;
}
