#!/usr/bin/env node
// @ts-check
/**
 * `npm run schema`: writes schema/aks-byocni-config.schema.json, the JSON
 * Schema (draft-07, the draft yaml-language-server implements) of a config
 * file, generated from the types in lib/config/types.ts.
 *
 *   - structure, `required`, enums and `additionalProperties: false` come from
 *     the types (ts-json-schema-generator);
 *   - every description is the field's TSDoc, with its `@default` text;
 *   - every `default` comes from `DEFAULTS` in lib/plan/defaults.ts, never
 *     from TSDoc;
 *   - `pattern` is set on names (the rules' own regexes) and on address
 *     ranges (their strict syntax), with the rule's title as
 *     `patternErrorMessage`, for editors only: the shape check ignores
 *     them, the NAME and FMT rules report those fields.
 *
 * `node scripts/build-schema.js --check` exits 1 when the committed file is
 * stale. The test __tests__/config/schema.test.ts calls `renderSchema()`.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { registerTypeScript } = require("./register-ts");

const ROOT = path.resolve(__dirname, "..");
const TYPES_FILE = path.join(ROOT, "lib", "config", "types.ts");
const SCHEMA_FILE = path.join(ROOT, "schema", "aks-byocni-config.schema.json");
const ROOT_TYPE = "AksByoCniConfig";

/** Drops the ^ and $ of a whole-string pattern, to compose it into another. */
const inner = (/** @type {RegExp} */ re) => re.source.replace(/^\^/, "").replace(/\$$/, "");

/**
 * Strict syntax of the address fields: the patterns lib/net/cidr.ts parses
 * with (FMT-01, FMT-02, FMT-06; a bare address where the authorized ranges
 * take one), and for IPv6 a looser shape (FMT-05 needs
 * the parser). Host bits need arithmetic and stay with the rules.
 * __tests__/config/schema.test.ts checks both against the parser.
 */
function addressPatterns() {
  const { IPV4_ADDRESS, IPV4_CIDR, IPV6_PREFIX_LENGTH } = require("../lib/net/cidr");
  return {
    address: IPV4_ADDRESS.source,
    ipv4Cidr: IPV4_CIDR.source,
    ipv4CidrOrAddress: `^(?:${inner(IPV4_CIDR)}|${inner(IPV4_ADDRESS)})$`,
    cidr: `^(?:${inner(IPV4_CIDR)}|[0-9a-f.]*:[0-9a-f:.]*/${IPV6_PREFIX_LENGTH})$`,
  };
}

/**
 * Field patterns, by definition name then field, each with the message
 * editors show instead of the regex: the title of the rule that reports the
 * field at synth. Names use the regexes the NAME rules test; address fields
 * the syntax above.
 * @returns {Record<string, Record<string, { pattern: string, message: string }>>}
 */
function patterns() {
  const names = require("../lib/rules/names");
  const { FORMAT_RULES } = require("../lib/rules/format");
  /** @param {RegExp | string} re @param {string} title @param {string} rules */
  const p = (re, title, rules) => ({ pattern: typeof re === "string" ? re : re.source, message: `${title} (${rules})` });
  /** @type {Record<string, { title: string } | undefined>} */
  const rules = { ...names.NAME_RULES, ...FORMAT_RULES };
  /** @param {string} id */
  const title = (id) => {
    const rule = rules[id];
    if (!rule) throw new Error(`build-schema: no rule ${id}`);
    return rule.title;
  };
  const pool = p(names.POOL_NAME, title("NAME-04"), "NAME-04");
  const syntax = addressPatterns();
  const ipv4Cidr = p(syntax.ipv4Cidr, title("FMT-01"), "FMT-01, FMT-02");
  const cidr = p(syntax.cidr, `${title("FMT-01")}; or IPv6, in canonical form`, "FMT-01, FMT-02, FMT-05");
  // The authorized ranges take a bare address too (FMT-02 does not apply there).
  const ipv4CidrOrAddress = p(syntax.ipv4CidrOrAddress, `${title("FMT-01")}; or a bare IPv4 address, sent as its /32`, "FMT-01");
  return {
    ResourceGroupSettings: { name: p(names.RESOURCE_GROUP_NAME, title("NAME-08"), "NAME-08") },
    ClusterSettings: {
      name: p(names.CLUSTER_NAME, title("NAME-01"), "NAME-01"),
      dnsPrefix: p(names.DNS_PREFIX, title("NAME-02"), "NAME-02"),
      // A resource group name (NAME-08's pattern) that AKS also limits to NODE_RESOURCE_GROUP_MAX characters.
      nodeResourceGroup: p(`^(?=.{1,${names.NODE_RESOURCE_GROUP_MAX}}$)${inner(names.RESOURCE_GROUP_NAME)}$`, title("NAME-07"), "NAME-07"),
    },
    NodePoolSettings: { name: pool, temporaryNameForRotation: pool },
    SystemNodePoolSettings: { name: pool, temporaryNameForRotation: pool },
    ApiServerSettings: { authorizedIpRanges: ipv4CidrOrAddress },
    NetworkSettings: {
      podCidr: ipv4Cidr,
      serviceCidr: ipv4Cidr,
      dnsServiceIp: p(syntax.address, title("FMT-06"), "FMT-06"),
      existingVnetAddressSpace: cidr,
      existingSubnetAddressPrefixes: cidr,
      existingApiServerSubnetAddressPrefixes: cidr,
      connectedNetworks: cidr,
    },
    ExistingSubnetSettings: { addressPrefixes: cidr },
    VnetSettings: { name: p(names.VNET_NAME, title("NAME-09"), "NAME-09"), addressSpace: cidr },
    SubnetSettings: { name: p(names.SUBNET_NAME, title("NAME-10"), "NAME-10"), addressPrefixes: cidr },
  };
}

/**
 * The `@default` text of a raw TSDoc comment (up to the next block tag),
 * `{@link X}` shown as `X`.
 * @param {string | undefined} full
 */
function defaultText(full) {
  const m = /(?:^|\s)@default\s+([\s\S]*?)(?=\n\s*@[A-Za-z]|$)/.exec(full ?? "");
  if (!m) return undefined;
  return m[1]
    .replace(/\{@link\s+([^}\s]+)\s*\}/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Comments on the members of string-literal unions (`SubnetRole`), which the
 * generator drops, as `enumDescriptions` (shown by editors next to each value).
 * @param {string} typesFile
 * @returns {Map<string, Map<string, string>>} type name -> value -> comment
 */
function unionMemberDocs(typesFile) {
  const ts = require("typescript");
  const text = fs.readFileSync(typesFile, "utf8");
  const file = ts.createSourceFile(typesFile, text, ts.ScriptTarget.ES2022, true);
  /** @type {Map<string, Map<string, string>>} */
  const out = new Map();
  for (const statement of file.statements) {
    if (!ts.isTypeAliasDeclaration(statement) || !ts.isUnionTypeNode(statement.type)) continue;
    /** @type {Map<string, string>} */
    const docs = new Map();
    let from = statement.type.pos;
    for (const member of statement.type.types) {
      // A member's comment sits before its `|`, outside the member's own node.
      const between = text.slice(from, member.getStart(file));
      from = member.end;
      if (!ts.isLiteralTypeNode(member) || !ts.isStringLiteral(member.literal)) continue;
      const comment = [...between.matchAll(/\/\*\*([\s\S]*?)\*\//g)].pop()?.[1];
      if (comment) docs.set(member.literal.text, comment.replace(/\s*\n\s*\*\s?/g, " ").trim());
    }
    if (docs.size > 0) out.set(statement.name.text, docs);
  }
  return out;
}

/** Key order of every schema node in the file: what a reader looks for first. */
const KEY_ORDER = [
  "$schema",
  "$comment",
  "title",
  "$ref",
  "description",
  "type",
  "const",
  "enum",
  "enumDescriptions",
  "pattern",
  "patternErrorMessage",
  "default",
  "items",
  "minItems",
  "properties",
  "required",
  "additionalProperties",
  "definitions",
];

/**
 * Recursively orders keys; property maps keep the declaration order of the types.
 * @param {any} node
 * @param {boolean} [isPropertyMap]
 * @returns {any}
 */
function ordered(node, isPropertyMap = false) {
  if (Array.isArray(node)) return node.map((n) => ordered(n));
  if (!node || typeof node !== "object") return node;
  const keys = Object.keys(node);
  if (!isPropertyMap) {
    const unknown = keys.filter((k) => !KEY_ORDER.includes(k));
    if (unknown.length > 0) throw new Error(`build-schema: no place for keyword(s) ${unknown.join(", ")} in the key order`);
    keys.sort((a, b) => KEY_ORDER.indexOf(a) - KEY_ORDER.indexOf(b));
  }
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const k of keys) out[k] = ordered(node[k], !isPropertyMap && (k === "properties" || k === "definitions"));
  return out;
}

/**
 * Builds the schema object. Throws when the types, DEFAULTS and the pattern
 * table disagree (a default or pattern for a field that does not exist, a
 * field without TSDoc).
 * @param {string} [typesFile] the model; another file only in tests (a changed copy)
 * @returns {Record<string, any>}
 */
function buildSchema(typesFile = TYPES_FILE) {
  const { createGenerator } = require("ts-json-schema-generator");
  const { DEFAULTS } = require("../lib/plan/defaults");
  const generated = createGenerator({
    path: typesFile,
    type: ROOT_TYPE,
    // types.ts imports nothing; the project's tsconfig would pull in (and wait for) every file.
    skipTypeCheck: true,
    sortProps: false,
    jsDoc: "extended",
    fullDescription: true,
    additionalProperties: false,
    topRef: true,
  }).createSchema(ROOT_TYPE);
  /** @type {Record<string, any>} */
  const definitions = generated.definitions ?? {};
  const memberDocs = unionMemberDocs(typesFile);
  /** @type {string[]} */
  const undocumented = [];

  /** Numbers of the model that may have a fraction (the rest are counts, sizes in GiB, days or hours). */
  const FRACTIONAL = new Set(["AutoScalerProfileSettings.scaleDownUtilizationThreshold", "AutoScalerProfileSettings.maxUnreadyPercentage"]);

  /** @param {any} node @param {string} where */
  const tidy = (node, where) => {
    const prose = defaultText(node.fullDescription);
    delete node.fullDescription;
    // TSDoc `@default` is prose for readers; the literal defaults are DEFAULTS (below).
    delete node.default;
    if (!node.description) undocumented.push(where);
    else if (prose) node.description = `${node.description}\n\nDefault: ${prose}`;
    // Every other number of the model is a count, a size in GiB or a number of days or hours.
    if (node.type === "number" && !FRACTIONAL.has(where)) node.type = "integer";
    if (node.items?.type === "number") node.items.type = "integer";
  };

  for (const [name, def] of Object.entries(definitions)) {
    tidy(def, name);
    const docs = memberDocs.get(name);
    if (docs && Array.isArray(def.enum)) def.enumDescriptions = def.enum.map((/** @type {string} */ v) => docs.get(v) ?? "");
    for (const [field, prop] of Object.entries(def.properties ?? {})) tidy(prop, `${name}.${field}`);
  }
  if (undocumented.length > 0) throw new Error(`build-schema: no TSDoc description (a summary, not only @default) on ${undocumented.join(", ")}`);

  /** @param {string} name @param {string} field */
  const propertyOf = (name, field) => {
    const prop = definitions[name]?.properties?.[field];
    if (!prop) throw new Error(`build-schema: ${name}.${field} is not a field of the schema`);
    return prop;
  };
  for (const [name, fields] of Object.entries(DEFAULTS)) {
    for (const [field, value] of Object.entries(/** @type {Record<string, unknown>} */ (fields))) propertyOf(name, field).default = value;
  }
  for (const [name, fields] of Object.entries(patterns())) {
    for (const [field, { pattern, message }] of Object.entries(fields)) {
      const prop = propertyOf(name, field);
      const target = prop.type === "array" ? prop.items : prop;
      if (target?.type !== "string") throw new Error(`build-schema: ${name}.${field} is not a string or a list of strings`);
      target.pattern = pattern;
      // Not draft-07: VS Code and yaml-language-server show it instead of the regex.
      target.patternErrorMessage = message;
    }
  }

  return ordered({
    $schema: "http://json-schema.org/draft-07/schema#",
    $comment: "Generated by scripts/build-schema.js (npm run schema) from lib/config/types.ts, lib/plan/defaults.ts and the NAME and FMT rules; do not edit.",
    title: "aks-byocni-cdktf environment config",
    $ref: `#/definitions/${ROOT_TYPE}`,
    definitions,
  });
}

/**
 * The file's text: the schema, two-space JSON, a final newline.
 * @param {string} [typesFile]
 */
function renderSchema(typesFile) {
  return `${JSON.stringify(buildSchema(typesFile), null, 2)}\n`;
}

module.exports = { SCHEMA_FILE, TYPES_FILE, buildSchema, renderSchema };

if (require.main === module) {
  registerTypeScript();
  const text = renderSchema();
  const shown = path.relative(process.cwd(), SCHEMA_FILE);
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
    if (current !== text) {
      process.stderr.write(`${shown} is stale: run npm run schema\n`);
      process.exitCode = 1;
    }
  } else {
    fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
    fs.writeFileSync(SCHEMA_FILE, text);
    process.stderr.write(`wrote ${shown}\n`);
  }
}
