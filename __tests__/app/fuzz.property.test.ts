/**
 * No config crashes the app. Valid configs (the seed, a created VNet, an
 * adopted subnet, Cilium, user pools with autoscaling, and the shipped and
 * matrix files) are mutated at any field found by walking the document, list
 * items included: replaced by values of other types (strings, numbers of
 * every kind, booleans, null, lists, mappings), numbers pushed out of range,
 * strings emptied, made 10,000 characters long or given unicode and control
 * characters, keys deleted or added, mappings wrapped in lists and lists
 * turned into mappings, list items duplicated. To get past the shape check to
 * the rules and constructs, half the runs only make changes of the right
 * type: any field of the schema (or a Helm value the rules read) set to a
 * value that means something elsewhere (ranges, names, versions, rule IDs,
 * enum values), subtrees moved between configs, numbers pushed out of range.
 *
 * Each mutant is written as YAML or JSON into a config directory of its own
 * and run through `runApp` in-process. Every run must end in exit 0 or 1
 * (never a throw), every line must be one line, every error line must start
 * with its stack and end with a rule ID of the catalogue, and a failed run
 * must leave the output directory as it was.
 *
 * FUZZ_RUNS sets the number of runs (the default keeps this file within
 * about ten seconds); FUZZ_SEED (with FUZZ_PATH) replays a reported failure;
 * FUZZ_SHRINK=0 reports the first failure without shrinking it.
 */
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { CORE_SCHEMA, dump, load } from "js-yaml";
import { runApp } from "../../lib/app/run";
import { formatLine, type ReportLine } from "../../lib/app/synth";
import { RULE_CATALOGUE } from "../../lib/rules/catalogue";
import schemaDocument from "../../schema/aks-byocni-config.schema.json";
import { ciliumConfig, seedConfig, tempDir, vnetConfig, withField } from "../support";

const ROOT = path.join(__dirname, "..", "..");
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const STACK = "env";
/** FUZZ_STATS=1: print how often each rule ended a run, to see how deep the mutants reach. */
const STATS = process.env.FUZZ_STATS ? new Map<string, number>() : undefined;
afterAll(() => {
  if (STATS) console.log([...STATS].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join("\n"));
});

const fromFile = (file: string) => load(fs.readFileSync(path.join(ROOT, file), "utf8"), { schema: CORE_SCHEMA });

/** The valid configs that are mutated; each synthesizes as it is (checked below). */
const BASES: Record<string, unknown> = {
  seed: seedConfig(),
  vnet: vnetConfig(),
  adopted: fromFile("__tests__/terraform/matrix/adopted-udr-private.yaml"),
  cilium: ciliumConfig(),
  pools: withField(vnetConfig(), "cluster.userNodePools[1]", {
    name: "batch",
    nodeCount: 1,
    vmSize: "Standard_D8ds_v5",
    maxPods: 50,
    maxSurge: "33%",
    autoScaling: { minCount: 0, maxCount: 20 },
    zones: ["1", "2"],
  }),
  dev: fromFile("config/dev.yaml"),
  prod: fromFile("config/prod.yaml"),
  guide: fromFile("examples/guide/guide.yaml"),
  ...Object.fromEntries(
    fs
      .readdirSync(path.join(ROOT, "__tests__/terraform/matrix"))
      .filter((f) => f.endsWith(".yaml") && f !== "adopted-udr-private.yaml")
      .map((f) => [`matrix/${f}`, fromFile(`__tests__/terraform/matrix/${f}`)]),
  ),
};

interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly const?: string;
  readonly items?: SchemaNode;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
}
const DEFINITIONS = (schemaDocument as unknown as { definitions: Record<string, SchemaNode> }).definitions;

/** A field the schema allows: its path (list items as `[0]`), type and allowed values. */
interface SchemaField {
  readonly path: string;
  readonly type?: string;
  readonly itemType?: string;
  readonly values: readonly string[];
}

/** Every field path the schema allows, and every enum value it names. */
function schemaFields(): { fields: SchemaField[]; enums: string[] } {
  const fields: SchemaField[] = [];
  const enums = new Set<string>();
  const deref = (node: SchemaNode) => (node.$ref ? DEFINITIONS[node.$ref.replace("#/definitions/", "")]! : node);
  const visit = (node: SchemaNode, p: string, depth: number) => {
    const n = deref(node);
    const values = [...(n.enum ?? []), ...(n.const === undefined ? [] : [n.const])];
    values.forEach((v) => enums.add(v));
    if (p) fields.push({ path: p, type: n.type, itemType: n.items && deref(n.items).type, values });
    if (depth > 6) return;
    if (n.items) visit(n.items, `${p}[0]`, depth + 1);
    for (const [k, v] of Object.entries(n.properties ?? {})) visit(v, p ? `${p}.${k}` : k, depth + 1);
  };
  visit({ $ref: "#/definitions/AksByoCniConfig" }, "", 0);
  return { fields, enums: [...enums] };
}

/** Helm values the CNI rules and the Cilium stack read, as dotted paths under `cni.values`. */
const HELM_PATHS = [
  "aksbyocni.enabled",
  "azure.enabled",
  "routingMode",
  "tunnelProtocol",
  "ipam.mode",
  "ipam.operator.clusterPoolIPv4PodCIDRList",
  "ipam.operator.clusterPoolIPv4MaskSize",
  "kubeProxyReplacement",
  "k8sServiceHost",
  "k8sServicePort",
  "operator.tolerations",
  "operator.replicas",
  "hubble.relay.enabled",
  "hubble",
  "ipam",
].map((k) => `cni.values.${k}`);

const FIELDS = schemaFields();
/** Where a graft goes: every schema field, and the Helm values the rules read (any type). */
const GRAFTS: readonly SchemaField[] = [...FIELDS.fields, ...HELM_PATHS.map((path) => ({ path, values: [] }))];

/** Strings that mean something somewhere in a config: every string of the bases, every enum value, and edge cases of ranges, versions and IDs. */
const DOMAIN_STRINGS = [
  ...new Set([
    ...FIELDS.enums,
    "0.0.0.0/0",
    "255.255.255.255/32",
    "10.0.0.0/1",
    "10.0.0.0/31",
    "10.0.0.1/32",
    "10.224.0.0/29",
    "10.224.0.0/30",
    "10.244.0.0/16",
    "10.0.0.0/16",
    "10.0.0.10",
    "10.0.0.0",
    "10.0.0.255",
    "169.254.0.0/16",
    "172.30.0.0/16",
    "192.0.2.0/24",
    "100.64.0.0/10",
    "224.0.0.0/4",
    "::/0",
    "fd00::/8",
    "2001:db8::/64",
    "2001:db8::/128",
    "fe80::1",
    "10.0.0.0/08",
    "010.0.0.0/8",
    "10.0.0.0 /8",
    "1.2.3.4",
    "1.18.14",
    "1.18.0",
    "1.19.0",
    "2.0.0",
    "0.0.0",
    "v1.18.14",
    "1.18",
    "1.30",
    "1.33.2",
    "1.18.14-rc.1",
    "1",
    "100%",
    "0%",
    "101%",
    "33%",
    "Standard_B1s",
    "Standard_D2s_v3",
    "Standard_D4ds_v5",
    "Standard_E96ds_v5",
    "Standard_NC6",
    "CKV_AZURE_4",
    "NP-05",
    "CFG-01",
    "ACC-01",
    "RA-06",
    "nodepool1",
    "system",
    "apps",
    "tunnel",
    "native",
    "kubernetes",
    "cluster-pool",
    "00000000-0000-0000-0000-000000000000",
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet",
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet",
    "/subscriptions/x/resourceGroups//providers",
  ]),
];
const DOMAIN_NUMBERS = [0, 1, 2, 3, 5, 10, 11, 16, 24, 28, 29, 30, 31, 32, 33, 50, 100, 110, 250, 251, 1000, 1001, 5000, 65535, 2 ** 31, Number.MAX_SAFE_INTEGER, -1];

type Key = string | number;
type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every node below the root, as a path of keys and list indexes, parents before children. */
function nodesOf(doc: unknown, prefix: Key[] = [], out: Key[][] = []): Key[][] {
  const entries: [Key, unknown][] = Array.isArray(doc) ? doc.map((v, i) => [i, v]) : isMapping(doc) ? Object.entries(doc) : [];
  for (const [k, v] of entries) {
    out.push([...prefix, k]);
    nodesOf(v, [...prefix, k], out);
  }
  return out;
}

const at = (doc: unknown, p: readonly Key[]): unknown => p.reduce<unknown>((cur, k) => (cur as Record<Key, unknown>)[k], doc);

/** Replaces (or, with `remove`, deletes) the node at `p`; the root is replaced by returning the new value. */
function put(doc: unknown, p: readonly Key[], value: unknown, remove = false): unknown {
  if (p.length === 0) return value;
  const parent = at(doc, p.slice(0, -1)) as Record<Key, unknown> & unknown[];
  const last = p[p.length - 1]!;
  if (!remove) parent[last] = value;
  else if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return doc;
}

/** A double that cdktf reads as an encoded number token (its marker in the top 16 bits). */
function tokenDouble(index: number, list = false): number {
  const ints = new Uint32Array([index, (list ? 0xfbff : 0xfdff) << 16]);
  return new Float64Array(ints.buffer)[0]!;
}

/** Strings that have broken parsers, regexes, terminals and template engines elsewhere. */
const NASTY_STRINGS = [
  "",
  " ",
  "x".repeat(10_000),
  "NaN",
  "Infinity",
  "-Infinity",
  "1e999",
  "-0",
  "0x1F",
  "null",
  "~",
  "true",
  "yes",
  "١٢٣",
  "１０.０.０.０/８",
  "10.0.0.0/8",
  "10.0.0.0/33",
  "::/0",
  "0.0.0.0/0",
  "🚀",
  "e\u0301",
  "\u202eevil",
  "zero\u200bwidth",
  "\ufeffbom",
  "nul\u0000byte",
  "line\nbreak",
  "carriage\rreturn",
  "crlf\r\n",
  "tab\there",
  "\u001b[31mred\u001b[0m",
  "sep\u2028arator",
  "para\u2029graph",
  "nel\u0085",
  "%s%n%x",
  "${var.secret}",
  "${TfToken[TOKEN.1]}",
  "#{TfToken[TOKEN.1]}",
  "&{TfToken[TOKEN.1]}",
  "{{ .Values.x }}",
  "__proto__",
  "constructor",
  "../../etc/passwd",
  "C:\\Windows\\",
  "'; DROP TABLE x; --",
  "\ud800",
];

const NASTY_NUMBERS = [0, -0, -1, 1, 0.5, -0.5, 1.5, 2 ** 31, 2 ** 32, 2 ** 53 + 2, 1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, NaN, Infinity, -Infinity, tokenDouble(1), tokenDouble(1, true), tokenDouble(2 ** 40)];

const NASTY_KEYS = ["__proto__", "constructor", "toString", "hasOwnProperty", "<<", "", "name", "enabled", "password", "x".repeat(300), "a.b", "[0]", "\n", "🚀"];

const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...NASTY_KEYS));

const scalar = fc.oneof(
  fc.string({ unit: "binary", maxLength: 16 }),
  fc.constantFrom(...NASTY_STRINGS),
  fc.integer(),
  fc.double(),
  fc.constantFrom(...NASTY_NUMBERS),
  fc.boolean(),
  fc.constant(null),
);

/** Any value a file can hold: scalars, and small lists and mappings of them. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(key, tie("value"), { maxKeys: 3, noNullPrototype: true }),
  ),
})).value;

/** How a string is changed in place. */
const STRING_EDITS = ["empty", "long", "prefix", "suffix", "middle", "upper", "pad", "double"] as const;
/** How a number is changed in place. */
const NUMBER_EDITS = ["zero", "negate", "minusOne", "plusOne", "times1000", "fraction", "huge", "tokenLike"] as const;

/** Every string leaf of the bases: names, ranges and IDs that are valid somewhere, to be put elsewhere. */
const BASE_STRINGS = [...new Set(Object.values(BASES).flatMap((b) => nodesOf(b).map((p) => at(b, p)).filter((v): v is string => typeof v === "string")))];

const domainString = fc.constantFrom(...DOMAIN_STRINGS, ...BASE_STRINGS);
const domainNumber = fc.constantFrom(...DOMAIN_NUMBERS);
const domainValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: domainString },
  { weight: 3, arbitrary: domainNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.array(domainString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: hostileValue },
);

/** A value of the field's own type (an allowed value half the time where there are some): it passes the shape check. */
function typedValue(field: SchemaField): fc.Arbitrary<unknown> {
  const of = (type: string | undefined): fc.Arbitrary<unknown> => {
    switch (type) {
      case "string":
        return field.values.length > 0 ? fc.oneof(fc.constantFrom(...field.values), domainString) : domainString;
      case "integer":
      case "number":
        return domainNumber;
      case "boolean":
        return fc.boolean();
      case "object":
        return fc.constant({});
      default:
        return domainValue;
    }
  };
  return field.type === "array" ? fc.array(of(field.itemType), { maxLength: 3 }) : of(field.type);
}

/** A graft: a field of the schema (or a Helm value) set to a value of its type. */
const graftMutation = fc.constantFrom(...GRAFTS).chain((field) => typedValue(field).map((value) => ({ kind: "graft" as const, field: field.path, value })));

type Mutation =
  | { readonly kind: "replace"; readonly pick: number; readonly value: unknown }
  | { readonly kind: "delete"; readonly pick: number }
  | { readonly kind: "addKey"; readonly pick: number; readonly key: string; readonly value: unknown }
  | { readonly kind: "wrapInList"; readonly pick: number }
  | { readonly kind: "listToMapping"; readonly pick: number }
  | { readonly kind: "duplicateItem"; readonly pick: number; readonly item: number }
  | { readonly kind: "editString"; readonly pick: number; readonly edit: (typeof STRING_EDITS)[number]; readonly text: string }
  | { readonly kind: "editNumber"; readonly pick: number; readonly edit: (typeof NUMBER_EDITS)[number] }
  | { readonly kind: "sameType"; readonly pick: number; readonly text: string; readonly number: number; readonly items: readonly unknown[] }
  | { readonly kind: "graft"; readonly field: string; readonly value: unknown }
  | { readonly kind: "transplant"; readonly pick: number; readonly from: string; readonly source: number };

const pick = fc.nat();
const fragment = fc.oneof(fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length < 100)), fc.string({ unit: "binary", maxLength: 4 }));
// Mutations that keep a value's type are weighted up: they pass the shape check and reach the rules and constructs.
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("replace" as const), pick, value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("addKey" as const), pick, key, value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("wrapInList" as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("listToMapping" as const), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("duplicateItem" as const), pick, item: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("editString" as const), pick, edit: fc.constantFrom(...STRING_EDITS), text: fragment }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("editNumber" as const), pick, edit: fc.constantFrom(...NUMBER_EDITS) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("graft" as const), field: fc.constantFrom(...GRAFTS.map((g) => g.path)), value: domainValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("transplant" as const), pick, from: fc.constantFrom(...Object.keys(BASES)), source: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("sameType" as const),
      pick,
      text: fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ unit: "binary", maxLength: 16 })),
      number: fc.oneof(fc.integer(), fc.constantFrom(...NASTY_NUMBERS)),
      items: fc.array(hostileValue, { maxLength: 3 }),
    }),
  },
);

/**
 * Mutations that keep the shape and use values that mean something in a
 * config: they get past the shape check to the rules, the resolve step and
 * the constructs, where a value of the right type but the wrong meaning lands.
 */
const deepMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: graftMutation },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("transplant" as const), pick, from: fc.constantFrom(...Object.keys(BASES)), source: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("duplicateItem" as const), pick, item: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("editNumber" as const), pick, edit: fc.constantFrom(...NUMBER_EDITS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("editString" as const), pick, edit: fc.constantFrom(...STRING_EDITS), text: fragment }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick }) },
);

function editString(s: string, edit: (typeof STRING_EDITS)[number], text: string): string {
  switch (edit) {
    case "empty":
      return "";
    case "long":
      return (s || "x").repeat(Math.ceil(10_000 / Math.max(1, s.length))).slice(0, 10_000);
    case "prefix":
      return text + s;
    case "suffix":
      return s + text;
    case "middle":
      return s.slice(0, s.length >> 1) + text + s.slice(s.length >> 1);
    case "upper":
      return s.toUpperCase();
    case "pad":
      return ` ${s}\t`;
    case "double":
      return s + s;
  }
}

function editNumber(n: number, edit: (typeof NUMBER_EDITS)[number]): number {
  switch (edit) {
    case "zero":
      return 0;
    case "negate":
      return -n || -1;
    case "minusOne":
      return n - 1;
    case "plusOne":
      return n + 1;
    case "times1000":
      return n * 1000 || 1000;
    case "fraction":
      return n + 0.5;
    case "huge":
      return 2 ** 53 + 2;
    case "tokenLike":
      return tokenDouble(n >>> 0);
  }
}

/** Applies one mutation to the document (in place where it can), returning the new root. */
function mutate(doc: unknown, m: Mutation): unknown {
  const nodes = nodesOf(doc);
  const choose = (candidates: Key[][]) => (candidates.length === 0 || !("pick" in m) ? undefined : candidates[m.pick % candidates.length]!);
  switch (m.kind) {
    case "replace": {
      const p = choose([[], ...nodes]);
      return p ? put(doc, p, structuredClone(m.value)) : doc;
    }
    case "delete": {
      const p = choose(nodes);
      return p ? put(doc, p, undefined, true) : doc;
    }
    case "addKey": {
      const p = choose([[], ...nodes].filter((q) => isMapping(at(doc, q))));
      if (p) Object.defineProperty(at(doc, p), m.key, { value: structuredClone(m.value), enumerable: true, writable: true, configurable: true });
      return doc;
    }
    case "wrapInList": {
      const p = choose([[], ...nodes].filter((q) => isMapping(at(doc, q))));
      return p ? put(doc, p, [at(doc, p)]) : doc;
    }
    case "listToMapping": {
      const p = choose(nodes.filter((q) => Array.isArray(at(doc, q))));
      return p ? put(doc, p, Object.fromEntries((at(doc, p) as unknown[]).map((v, i) => [String(i), v]))) : doc;
    }
    case "duplicateItem": {
      const p = choose(nodes.filter((q) => Array.isArray(at(doc, q)) && (at(doc, q) as unknown[]).length > 0));
      if (p) {
        const list = at(doc, p) as unknown[];
        list.push(structuredClone(list[m.item % list.length]));
      }
      return doc;
    }
    case "editString": {
      const p = choose(nodes.filter((q) => typeof at(doc, q) === "string"));
      return p ? put(doc, p, editString(at(doc, p) as string, m.edit, m.text)) : doc;
    }
    case "editNumber": {
      const p = choose(nodes.filter((q) => typeof at(doc, q) === "number"));
      return p ? put(doc, p, editNumber(at(doc, p) as number, m.edit)) : doc;
    }
    case "graft":
      // Intermediate mappings and lists are created as needed; a scalar on the way is replaced by one.
      return isMapping(doc) ? graft(doc, m.field, structuredClone(m.value)) : doc;
    case "transplant": {
      // A subtree of another (or the same) base, at a node whose key it came from or anywhere else.
      const p = choose(nodes);
      const sources = nodesOf(BASES[m.from]);
      if (!p || sources.length === 0) return doc;
      const q = sources.find((s) => s.join() === p.join()) ?? sources[m.source % sources.length]!;
      return put(doc, p, structuredClone(at(BASES[m.from], q)));
    }
    case "sameType": {
      const p = choose(nodes);
      if (!p) return doc;
      const old = at(doc, p);
      const value =
        typeof old === "string" ? m.text : typeof old === "number" ? m.number : typeof old === "boolean" ? !old : Array.isArray(old) ? structuredClone(m.items) : {};
      return put(doc, p, value);
    }
  }
}

/** `doc` with `value` at the dotted path, creating what is missing on the way (like `withField`, in place). */
function graft(doc: Mapping, field: string, value: unknown): Mapping {
  const keys = field.replace(/\[(\d+)\]/g, ".$1").split(".");
  let cur: Record<string, unknown> = doc;
  for (const [i, k] of keys.slice(0, -1).entries()) {
    const next = cur[k];
    if (typeof next !== "object" || next === null) cur[k] = /^\d+$/.test(keys[i + 1]!) ? [] : {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
  return doc;
}

/** The file text: YAML as a user writes it, or JSON (also for a document js-yaml refuses to dump). */
function serialize(doc: unknown, format: "yaml" | "json"): { name: string; text: string } {
  if (format === "yaml") {
    try {
      return { name: `${STACK}.yaml`, text: dump(doc, { schema: CORE_SCHEMA, lineWidth: -1 }) };
    } catch {
      // fall through to JSON
    }
  }
  return { name: `${STACK}.json`, text: JSON.stringify(doc, null, 2) ?? "null" };
}

const SENTINEL = "keep.txt";

interface Outcome {
  readonly code: number;
  readonly lines: readonly ReportLine[];
  readonly outdirAfter: string[];
  readonly sentinel: string;
}

function runOn(files: readonly { name: string; text: string }[]): Outcome {
  const configDir = tempDir("aks-fuzz-config-");
  const outdir = tempDir("aks-fuzz-out-");
  try {
    for (const f of files) fs.writeFileSync(path.join(configDir, f.name), f.text);
    fs.writeFileSync(path.join(outdir, SENTINEL), "before");
    const lines: ReportLine[] = [];
    const code = runApp({ configDir, outdir, verbose: true, print: (l) => lines.push(l) });
    return { code, lines, outdirAfter: fs.readdirSync(outdir).sort(), sentinel: fs.readFileSync(path.join(outdir, SENTINEL), "utf8") };
  } finally {
    fs.rmSync(configDir, { recursive: true, force: true });
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Line breaks of any kind: a report line holds none. */
const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/;
/** `[RULE]` at the end; a policy finding names its aliases after the ID (`[CKV_AZURE_115 / AVD-AZU-0041]`). */
const RULE_AT_END = /\[([A-Za-z0-9_-]+)(?: \/ [A-Za-z0-9_-]+)*\]$/;

/** The promises of the app's output, as failures (empty when kept). */
function brokenPromises(outcome: Outcome, stacks: readonly string[]): string[] {
  const broken: string[] = [];
  if (outcome.code !== 0 && outcome.code !== 1) broken.push(`exit code ${outcome.code}`);
  const errors = outcome.lines.filter((l) => l.level === "error");
  if (outcome.code === 0 && errors.length > 0) broken.push("exit 0 with errors");
  if (outcome.code === 1 && errors.length === 0) broken.push("exit 1 without an error line");
  for (const l of outcome.lines) {
    const text = formatLine(l);
    if (LINE_BREAK.test(text)) broken.push(`not one line: ${JSON.stringify(text.slice(0, 300))}`);
    if (l.level !== "error") continue;
    if (!stacks.includes(l.stack) || !text.startsWith(`${l.stack}: `)) broken.push(`error of no stack: ${JSON.stringify(text.slice(0, 300))}`);
    const rule = RULE_AT_END.exec(text)?.[1];
    if (!rule || !(rule in RULE_CATALOGUE || rule === "CFG-05")) broken.push(`error without a catalogued rule ID: ${JSON.stringify(text.slice(-300))}`);
  }
  if (outcome.code !== 0 && (outcome.outdirAfter.join() !== SENTINEL || outcome.sentinel !== "before")) {
    broken.push(`a failed run wrote into the output directory: ${outcome.outdirAfter.join(", ")}`);
  }
  return broken;
}

test.each(Object.keys(BASES))("base %s synthesizes as it is, as YAML and as JSON", (name) => {
  for (const format of ["yaml", "json"] as const) {
    const outcome = runOn([serialize(BASES[name], format)]);
    expect(outcome.lines.filter((l) => l.level === "error").map(formatLine)).toEqual([]);
    expect(outcome.code).toBe(0);
  }
});

test(`mutated configs never crash the app (${RUNS} runs)`, () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...Object.keys(BASES)),
      fc.oneof(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.array(deepMutation, { minLength: 1, maxLength: 4 })),
      fc.constantFrom("yaml" as const, "json" as const),
      fc.boolean(),
      (base, mutations, format, neighbour) => {
        const doc = mutations.reduce((d, m) => mutate(d, m), structuredClone(BASES[base]));
        const files = [serialize(doc, format)];
        // A valid second environment: problems of one stack must not leak into another's lines.
        if (neighbour) files.push({ name: "aaa.yaml", text: dump(BASES.cilium) });
        let outcome: Outcome;
        try {
          outcome = runOn(files);
        } catch (e) {
          throw new Error(`runApp threw: ${(e as Error).stack ?? String(e)}`);
        }
        if (STATS) {
          const rules = new Set(outcome.lines.filter((l) => l.level === "error").map((l) => RULE_AT_END.exec(formatLine(l))?.[1] ?? "?"));
          for (const r of rules.size > 0 ? rules : ["exit 0"]) STATS.set(r, (STATS.get(r) ?? 0) + 1);
        }
        const stacks = [STACK, `${STACK}-cni`, "aaa", "aaa-cni"];
        const broken = brokenPromises(outcome, stacks);
        const leaked = outcome.lines.filter((l) => l.level === "error" && l.stack.startsWith("aaa"));
        if (leaked.length > 0) broken.push(`errors in the valid neighbour: ${leaked.map(formatLine).join(" | ").slice(0, 300)}`);
        if (broken.length > 0) throw new Error(broken.join("\n"));
      },
    ),
    {
      numRuns: RUNS,
      seed: process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED),
      path: process.env.FUZZ_PATH,
      endOnFailure: process.env.FUZZ_SHRINK === "0",
    },
  );
});
