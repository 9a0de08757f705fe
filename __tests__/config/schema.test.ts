/**
 * The JSON Schema shipped for editors and the shape check agree: the
 * committed file is what the types generate, every shipped config passes
 * both, every rejected case fails both, and so do random documents.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import fc from "fast-check";
import { CORE_SCHEMA, load } from "js-yaml";
import { checkConfigShape, CONFIG_JSON_SCHEMA } from "../../lib/config/schema";
import { parseCidr, parseIpv4Address, parseIpv4Cidr, parseIpv4CidrOrAddress } from "../../lib/net/cidr";
import { DEFAULTS } from "../../lib/plan/defaults";
import { NODE_RESOURCE_GROUP_MAX } from "../../lib/rules/names";
import { renderSchema, SCHEMA_FILE, TYPES_FILE } from "../../scripts/build-schema";
import { REJECTED } from "./cases";

const ROOT = path.join(__dirname, "..", "..");
type Json = Record<string, any>;
const committed = fs.readFileSync(SCHEMA_FILE, "utf8");
const schema = JSON.parse(committed) as Json;
const definitions = schema.definitions as Record<string, Json>;

/** Draft-07, strict: an unknown keyword or a malformed pattern in the file fails here. */
function compile(document: Json): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true });
  // Editor keywords (VS Code, yaml-language-server), not draft-07.
  ajv.addKeyword("enumDescriptions");
  ajv.addKeyword("patternErrorMessage");
  return ajv.compile(document);
}

/** The schema without `pattern`: what the shape check enforces (names and ranges are the rules' job). */
function withoutPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPatterns);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => k !== "pattern" && k !== "patternErrorMessage")
      .map(([k, v]) => [k, k === "properties" || k === "definitions" ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, withoutPatterns(s)])) : withoutPatterns(v)]),
  );
}

const validate = compile(schema);
const validateShape = compile(withoutPatterns(schema) as Json);

/** Dotted paths of Ajv's errors, as the shape check writes them (`a.b[0].c`). */
function ajvPaths(errors: ErrorObject[] | null | undefined, doc: unknown): Set<string> {
  const paths = new Set<string>();
  for (const e of errors ?? []) {
    let p = "";
    let cur: any = doc;
    for (const raw of e.instancePath.split("/").slice(1)) {
      const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      p = Array.isArray(cur) ? `${p}[${seg}]` : p ? `${p}.${seg}` : seg;
      cur = cur?.[seg];
    }
    const child = e.keyword === "required" ? e.params.missingProperty : e.keyword === "additionalProperties" ? e.params.additionalProperty : undefined;
    paths.add(child === undefined ? p : p ? `${p}.${child}` : child);
  }
  return paths;
}

const readYaml = (file: string) => load(fs.readFileSync(file, "utf8"), { schema: CORE_SCHEMA, filename: file });
/** The YAML files of a directory; a missing or empty directory fails (a test over nothing would pass silently). */
function yamlFiles(dir: string): string[] {
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  if (files.length === 0) throw new Error(`no YAML files in ${dir}`);
  return files.map((f) => path.join(dir, f));
}

describe("generation", () => {
  test("the committed schema is what `npm run schema` generates from the types (else: run it)", () => {
    expect(renderSchema()).toBe(committed);
  });

  test("a field added to the types, or one removed, makes the committed schema stale", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aks-schema-"));
    try {
      const changed = path.join(dir, "types.ts");
      const source = fs.readFileSync(TYPES_FILE, "utf8");
      const edited = source
        .replace(/(export interface ClusterSettings \{\n)/, "$1  /** Added by the test. */\n  readonly addedByTest?: string;\n")
        .replace(/\n\s*\/\*\*(?:(?!\*\/)[\s\S])*\*\/\n\s*readonly kubernetesVersion\?: string;/, "");
      expect(edited).toContain("addedByTest");
      expect(edited).not.toContain("readonly kubernetesVersion");
      fs.writeFileSync(changed, edited);
      const text = renderSchema(changed);
      expect(text).not.toBe(committed);
      const cluster = JSON.parse(text).definitions.ClusterSettings.properties;
      expect(Object.keys(cluster)).toContain("addedByTest");
      expect(Object.keys(cluster)).not.toContain("kubernetesVersion");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the shape check reads the committed file", () => {
    expect(CONFIG_JSON_SCHEMA).toEqual(schema);
  });

  test("every field has a description, and every literal default is DEFAULTS' value, which its TSDoc names", () => {
    for (const [name, def] of Object.entries(definitions)) {
      expect([name, typeof def.description]).toEqual([name, "string"]);
      for (const [field, prop] of Object.entries((def.properties ?? {}) as Record<string, Json>)) {
        expect([`${name}.${field}`, typeof prop.description]).toEqual([`${name}.${field}`, "string"]);
      }
    }
    for (const [name, fields] of Object.entries(DEFAULTS)) {
      for (const [field, value] of Object.entries(fields)) {
        const prop = definitions[name]!.properties[field] as Json;
        expect([`${name}.${field}`, prop.default]).toEqual([`${name}.${field}`, value]);
        // The TSDoc's own words for the default start with the same literal, or the docs have drifted.
        const words = /\n\nDefault: (.*)$/.exec(prop.description)?.[1];
        expect([`${name}.${field}`, words?.startsWith(JSON.stringify(value))]).toEqual([`${name}.${field}`, true]);
      }
    }
  });
});

describe("agreement with Ajv", () => {
  const shipped = [
    ...yamlFiles(path.join(ROOT, "config")),
    ...yamlFiles(path.join(ROOT, "examples", "guide")),
    ...yamlFiles(path.join(ROOT, "__tests__", "terraform", "matrix")),
  ];

  test.each(shipped.map((f) => [path.relative(ROOT, f)]))("%s passes the schema (patterns included) and the shape check", (file) => {
    const doc = readYaml(path.join(ROOT, file));
    validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(checkConfigShape(doc)).toEqual([]);
  });

  test("shipped configs point editors at the schema", () => {
    for (const file of yamlFiles(path.join(ROOT, "config"))) {
      expect([file, fs.readFileSync(file, "utf8").split("\n")[0]]).toEqual([file, "# yaml-language-server: $schema=../schema/aks-byocni-config.schema.json"]);
    }
  });

  test.each(REJECTED.map((c) => [c.what, c] as const))("%s: Ajv agrees with the shape check", (_what, c) => {
    expect(checkConfigShape(c.value)).not.toEqual([]);
    expect(validateShape(c.value)).toBe(!c.schemaRejects);
  });

  test("random documents: both accept or both reject, at the same field paths", () => {
    const property = fc.property(documentOf(definitions.AksByoCniConfig!), (doc) => {
      const ours = checkConfigShape(doc);
      const ok = validateShape(doc);
      expect([ok, new Set(ours.map((p) => p.path))]).toEqual([ours.length === 0, ajvPaths(validateShape.errors, doc)]);
    });
    fc.assert(property, { numRuns: 400 });
  });
});

describe("patterns are the parser's syntax", () => {
  const network = definitions.NetworkSettings!.properties as Record<string, Json>;
  const ipv4Cidr = new RegExp(network.podCidr!.pattern, "u");
  const anyCidr = new RegExp(network.connectedNetworks!.items.pattern, "u");
  const ipv4Address = new RegExp(network.dnsServiceIp!.pattern, "u");
  const authorized = new RegExp(definitions.ApiServerSettings!.properties.authorizedIpRanges.items.pattern, "u");
  const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom("00", "01", "010", "256", ""));
  const dotted = fc.tuple(octet, octet, octet, octet).map((o) => o.join("."));
  const prefix = fc.oneof(fc.integer({ min: 0, max: 40 }).map((p) => `/${p}`), fc.constantFrom("", "/", "/08", "/-1"));
  const noise = fc.string({ unit: fc.constantFrom(..."0123456789./: a"), maxLength: 20 });

  test("IPv4 CIDR: the pattern accepts exactly what parses, up to host bits (FMT-03, arithmetic)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(dotted, prefix).map(([a, p]) => a + p), noise), (s) => {
        const r = parseIpv4Cidr(s);
        expect([s, ipv4Cidr.test(s)]).toEqual([s, r.ok || r.error.rule === "FMT-03"]);
      }),
      { numRuns: 2000 },
    );
  });

  test("authorized IP ranges: the pattern accepts exactly what parses there, a bare address included, up to host bits", () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(dotted, prefix).map(([a, p]) => a + p), noise), (s) => {
        const r = parseIpv4CidrOrAddress(s);
        expect([s, authorized.test(s)]).toEqual([s, r.ok || r.error.rule === "FMT-03"]);
      }),
      { numRuns: 2000 },
    );
    expect(authorized.test("203.0.113.5")).toBe(true);
  });

  test("IPv4 or IPv6 CIDR: the pattern never rejects a range the parser accepts", () => {
    const v6 = fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 130 })).map(([a, p]) => `${a}/${p}`);
    fc.assert(
      fc.property(fc.oneof(v6, fc.tuple(dotted, prefix).map(([a, p]) => a + p), noise), (s) => {
        if (parseCidr(s).ok) expect([s, anyCidr.test(s)]).toEqual([s, true]);
        if (!s.includes(":")) expect([s, anyCidr.test(s)]).toEqual([s, ipv4Cidr.test(s)]);
      }),
      { numRuns: 2000 },
    );
    expect(anyCidr.test("fd00:10::/64")).toBe(true);
  });

  test("IPv4 address: the pattern accepts exactly what parses (FMT-06)", () => {
    fc.assert(
      fc.property(fc.oneof(dotted, noise), (s) => {
        expect([s, ipv4Address.test(s)]).toEqual([s, parseIpv4Address(s).ok]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("name patterns are the NAME rules' at their length edges", () => {
  const cluster = definitions.ClusterSettings!.properties as Record<string, Json>;
  const vnet = definitions.VnetSettings!.properties as Record<string, Json>;
  const subnet = definitions.SubnetSettings!.properties as Record<string, Json>;
  const group = definitions.ResourceGroupSettings!.properties as Record<string, Json>;
  const accepts = (field: Json, s: string) => new RegExp(field.pattern, "u").test(s);
  test.each([
    ["cluster.name", cluster.name!, 63],
    ["vnet.name", vnet.name!, 64],
    ["subnet.name", subnet.name!, 80],
    ["resourceGroup.name", group.name!, 90],
    ["cluster.nodeResourceGroup (AKS's limit, below a resource group's 90)", cluster.nodeResourceGroup!, NODE_RESOURCE_GROUP_MAX],
  ] as const)("%s: the maximum passes, one more does not", (_what, field, max) => {
    expect(accepts(field, "a".repeat(max))).toBe(true);
    expect(accepts(field, "a".repeat(max + 1))).toBe(false);
  });
});

/**
 * Documents shaped by the schema, mostly valid: each value is right with
 * high odds, otherwise of a wrong type; required fields go missing and
 * unknown keys turn up now and then. No nulls as field values (the shape
 * check reads those as absent, see load.test.ts) and no credential-looking
 * keys or values (the secret scan is not part of the schema).
 */
function documentOf(root: Json): fc.Arbitrary<unknown> {
  const deref = (n: Json): Json => (n.$ref ? definitions[String(n.$ref).split("/").pop()!]! : n);
  const key = fc.stringMatching(/^[a-zA-Z]{1,10}$/).filter((k) => !/secret|passw|key|token|sas|cert|connection/i.test(k));
  const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.double({ noNaN: true }), fc.boolean());
  const wrong = (withNull: boolean) =>
    fc.oneof(scalar, fc.constant([]), fc.constant({}), fc.array(fc.integer(), { maxLength: 2 }), ...(withNull ? [fc.constant(null)] : []));
  const free = fc.dictionary(key, fc.oneof(scalar, fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.dictionary(key, scalar, { maxKeys: 2 })), { maxKeys: 3 });
  const mostly = (n: Json, withNull: boolean) => fc.oneof({ arbitrary: valid(n), weight: 12 }, { arbitrary: wrong(withNull), weight: 1 });

  function valid(node: Json): fc.Arbitrary<unknown> {
    const n = deref(node);
    switch (n.type) {
      case "string":
        if (n.const !== undefined) return fc.constantFrom(n.const, String(n.const).toUpperCase());
        if (n.enum) return fc.oneof({ arbitrary: fc.constantFrom(...(n.enum as string[])), weight: 5 }, { arbitrary: fc.constantFrom(...(n.enum as string[]).map((v) => v.toLowerCase())), weight: 1 });
        return fc.string({ maxLength: 12 });
      case "integer":
        return fc.oneof({ arbitrary: fc.integer({ min: 0, max: 1000 }), weight: 8 }, { arbitrary: fc.constant(2.5), weight: 1 });
      case "number":
        return fc.oneof({ arbitrary: fc.double({ min: 0, max: 100, noNaN: true }), weight: 8 }, { arbitrary: fc.constant("0.5"), weight: 1 });
      case "boolean":
        return fc.boolean();
      case "array":
        return fc.array(mostly(n.items, true), { maxLength: 3 });
      case "object": {
        if (!n.properties) return n.additionalProperties?.type ? fc.dictionary(key, mostly(n.additionalProperties, true), { maxKeys: 3 }) : free;
        const required = new Set<string>(n.required ?? []);
        const fields = Object.fromEntries(
          Object.entries(n.properties as Record<string, Json>).map(([k, v]) => [
            k,
            required.has(k) ? fc.option(mostly(v, false), { nil: undefined, freq: 25 }) : mostly(v, false),
          ]),
        );
        const record = fc.record(fields, { requiredKeys: [...required] });
        const extra = fc.option(fc.dictionary(key, wrong(false), { minKeys: 1, maxKeys: 2 }), { nil: undefined, freq: 8 });
        return fc.tuple(record, extra).map(([r, x]) => Object.fromEntries(Object.entries({ ...r, ...x }).filter(([, v]) => v !== undefined)));
      }
      default:
        throw new Error(`no generator for ${JSON.stringify(n)}`);
    }
  }
  return valid(root);
}
