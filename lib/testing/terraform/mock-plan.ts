/**
 * The plan with mocked providers: reading a synthesized stack (its
 * providers, references, variables) and writing the `tofu test` file that
 * plans it with `mock_provider`, `override_resource` and `override_data`.
 */
import { hclAttributes, hclString, hclValue } from "./hcl";
import { armMockValues, clusterId, COMPUTED_BLOCKS, genericArmId, literal, MOCK_SUBSCRIPTION_ID, PEM_BASE64, PRESENT_BLOCK_MOCKS, uuid, type Json, type MockContext, type TerraformJson } from "./mock-values";

/** `s` matched literally inside a regular expression. */
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");

/** An object, or `{}` for anything else. */
export const asObject = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

/** A resource or data source block of the stack. */
interface Block {
  readonly type: string;
  readonly name: string;
  readonly config: Json;
}

/** `{type: {name: config}}` sections of the stack, as (type, name, config) triples. */
function blocksOf(section: unknown): Block[] {
  const out: Block[] = [];
  for (const [type, byName] of Object.entries(asObject(section))) {
    for (const [name, config] of Object.entries(asObject(byName))) out.push({ type, name, config: asObject(config) });
  }
  return out;
}

/** Every string in a JSON value. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === "object") Object.values(v).forEach((x) => strings(x, out));
  return out;
}

/** Provider local names the stack uses: required, configured, or prefixing a resource type. */
function providersOf(json: TerraformJson): Map<string, string[]> {
  const aliases = new Map<string, string[]>();
  const add = (name: string, alias?: string) => {
    if (name === "terraform") return; // built in (terraform_remote_state, terraform_data)
    const list = aliases.get(name) ?? [];
    if (alias && !list.includes(alias)) list.push(alias);
    aliases.set(name, list);
  };
  const terraform = asObject(json.terraform);
  Object.keys(asObject(terraform.required_providers)).forEach((n) => add(n));
  for (const [name, configs] of Object.entries(asObject(json.provider))) {
    const list = Array.isArray(configs) ? configs : [configs];
    if (list.length === 0) add(name);
    for (const c of list) add(name, literal(asObject(c), "alias"));
  }
  for (const section of [json.resource, json.data]) {
    for (const type of Object.keys(asObject(section))) add(type.split("_")[0]);
  }
  return aliases;
}

/** The stack's mock context: the provider's literal subscription and the first literal location. */
function contextOf(json: TerraformJson, options: Pick<MockPlanOptions, "subscriptionId">): MockContext {
  const providerConfigs = asObject(json.provider).azurerm;
  const first = asObject(Array.isArray(providerConfigs) ? providerConfigs[0] : providerConfigs);
  const sub = literal(first, "subscription_id");
  const locations = blocksOf(json.resource).map((b) => literal(b.config, "location")).filter((l): l is string => !!l);
  return {
    subscriptionId: options.subscriptionId ?? (sub && /^[0-9a-f-]{36}$/i.test(sub) ? sub : MOCK_SUBSCRIPTION_ID),
    resourceGroup: "rg-mock",
    location: (locations[0] ?? "eastus").toLowerCase().replace(/\s+/g, ""),
  };
}

/**
 * Values a data source's postconditions demand of it, from the two shapes
 * this library writes: `toset(self.a) == toset([...])` and `self.a == "x"`.
 * The mock then agrees with what the configuration declares.
 */
function postconditionValues(config: Json): Json {
  const out: Json = {};
  const conditions = asObject(config.lifecycle).postcondition;
  for (const p of Array.isArray(conditions) ? conditions : []) {
    const cond = String(asObject(p).condition ?? "");
    for (const m of cond.matchAll(/toset\(self\.(\w+)\)\s*==\s*toset\((\[[^\]]*\])\)/g)) {
      try {
        out[m[1]] = JSON.parse(m[2]);
      } catch {
        // not a JSON list literal: leave it to the type defaults
      }
    }
    for (const m of cond.matchAll(/self\.(\w+)\s*==\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false)/g)) {
      if (!(m[1] in out)) out[m[1]] = JSON.parse(m[2]);
    }
  }
  return out;
}

/** A plausible value for a remote state output, from its key. */
export function remoteOutputValue(
  key: string,
  c: { readonly location: string; readonly resourceGroup: string; readonly subscriptionId: string } = { location: "eastus", resourceGroup: "rg-mock", subscriptionId: MOCK_SUBSCRIPTION_ID },
): unknown {
  const k = key.toLowerCase();
  if (k.endsWith("host")) return `https://aks-mock.hcp.${c.location}.azmk8s.io:443`;
  if (k.endsWith("private_fqdn")) return `aks-mock.privatelink.${c.location}.azmk8s.io`;
  if (k.endsWith("fqdn")) return `aks-mock.hcp.${c.location}.azmk8s.io`;
  if (/(certificate|client_key|_key)$/.test(k)) return PEM_BASE64;
  if (/(principal_id|object_id|client_id|tenant_id|subscription_id|workspace_id)$/.test(k)) return uuid(0x5747e);
  if (k.endsWith("url") || k.endsWith("uri")) return `https://mock.${c.location}.example/`;
  if (k.endsWith("cidr")) return "10.201.0.0/16";
  if (k.endsWith("node_resource_group")) return `MC_${c.resourceGroup}_aks-mock_${c.location}`;
  if (k.endsWith("id")) {
    return k.includes("kubernetes_cluster") ? clusterId(c) : genericArmId("azurerm_mock", c.subscriptionId, c.resourceGroup);
  }
  if (k.endsWith("name")) return "mock-name";
  return "mock-value";
}

/** A plausible value for a variable without a default, from its name and type. */
export function variableValue(name: string, config: Record<string, unknown>): unknown {
  const type = String(config.type ?? "string").replace(/\s+/g, "");
  const n = name.toLowerCase();
  const scalar = (): unknown => {
    if (type.includes("number")) return 1;
    if (type.includes("bool")) return false;
    if (/(object|principal|client|tenant|group|subscription)_?ids?$/.test(n)) return uuid(0x7a1);
    if (n.endsWith("_id")) return genericArmId("azurerm_mock");
    if (n.includes("cidr")) return "10.202.0.0/16";
    return "mock";
  };
  if (type.startsWith("list(") || type.startsWith("set(") || type.startsWith("tuple(")) return type.includes("object") ? [] : [scalar()];
  if (type.startsWith("map(") || type.startsWith("object(")) return {};
  return scalar();
}

/**
 * Mock values without the attributes that any block of the type sets in
 * its configuration: mocks may only fill computed values, and a default for
 * a configured attribute is an error.
 */
function withoutConfigured(values: Json, blocks: readonly Pick<Block, "type" | "config">[], type: string): Json {
  const configured = new Set(blocks.filter((b) => b.type === type).flatMap((b) => Object.keys(b.config)));
  return Object.fromEntries(Object.entries(values).filter(([k]) => !configured.has(k)));
}
/** Options of {@link mockPlanTestFile}. */
export interface MockPlanOptions {
  /**
   * Subscription of the mocked IDs.
   * @default the azurerm provider block's literal `subscription_id`, else {@link MOCK_SUBSCRIPTION_ID}
   */
  readonly subscriptionId?: string;
  /**
   * Values of the stack's variables. Variables without a default and
   * without a value here get a plausible one from their name and type.
   * @default none
   */
  readonly variables?: Record<string, unknown>;
  /**
   * Extra computed values by address (`azurerm_subnet.x`, `data.azurerm_subnet.y`),
   * merged over the generated ones; `terraform_remote_state` addresses take
   * `{ outputs: {...} }`.
   * @default none
   */
  readonly overrides?: Record<string, Record<string, unknown>>;
  /**
   * Name of the run block.
   * @default "plan"
   */
  readonly runName?: string;
}

/** Values of the stack's variables: the given ones, and plausible ones for those without a default. */
function variableValues(json: TerraformJson, given: Record<string, unknown> | undefined): Json {
  const values: Json = {};
  for (const [name, config] of Object.entries(asObject(json.variable))) {
    const v = asObject(config);
    if (given && name in given) values[name] = given[name];
    else if (!("default" in v)) values[name] = variableValue(name, v);
  }
  return values;
}

/** The `variables` block, or nothing when no variable needs a value. */
function variablesBlock(values: Json): string[] {
  return Object.keys(values).length > 0 ? ["", "variables {", hclAttributes(values, "  "), "}"] : [];
}

/** The azurerm types among the blocks, sorted. */
const azurermTypes = (blocks: readonly Block[]): string[] => [...new Set(blocks.map((b) => b.type).filter((t) => t.startsWith("azurerm_")))].sort();

/**
 * `mock_resource` and `mock_data` blocks with the defaults of every azurerm
 * type the stack uses, less the attributes its blocks configure.
 */
function azurermMockDefaults(c: MockContext, resources: readonly Block[], data: readonly Block[]): string[] {
  const body: string[] = [];
  for (const [kind, blocks, isData] of [["mock_resource", resources, false], ["mock_data", data, true]] as const) {
    for (const type of azurermTypes(blocks)) {
      const defaults = withoutConfigured(armMockValues(type, { data: isData, subscriptionId: c.subscriptionId, location: c.location }), blocks, type);
      body.push(`  ${kind} "${type}" {`, `    defaults = ${hclValue(defaults)}`, "  }");
    }
  }
  return body;
}

/** A `mock_provider` block per provider the stack uses and per alias of it; azurerm's carry the type defaults. */
function mockProviderBlocks(json: TerraformJson, c: MockContext, resources: readonly Block[], data: readonly Block[]): string[] {
  const lines: string[] = [];
  for (const [provider, aliases] of [...providersOf(json)].sort(([a], [b]) => a.localeCompare(b))) {
    const body = provider === "azurerm" ? azurermMockDefaults(c, resources, data) : [];
    for (const alias of [undefined, ...aliases]) {
      lines.push("", `mock_provider "${provider}" {`, ...(alias ? [`  alias = ${hclString(alias)}`] : []), ...body, "}");
    }
  }
  return lines;
}

/** An `override_resource` or `override_data` block. */
function overrideBlock(kind: "override_resource" | "override_data", target: string, values: Json): string[] {
  return ["", `${kind} {`, `  target = ${target}`, `  values = ${hclValue(values)}`, "}"];
}

/** Extra computed values by address, from {@link MockPlanOptions.overrides}. */
type Overrides = Record<string, Record<string, unknown>>;

/**
 * The override of a resource that has a block to fill ({@link PRESENT_BLOCK_MOCKS})
 * or given values; none for other resources. An override replaces the type's
 * defaults for that address, so it carries them too.
 */
function resourceOverride(r: Block, c: MockContext, overrides: Overrides): string[] {
  const address = `${r.type}.${r.name}`;
  const blocks = Object.entries(PRESENT_BLOCK_MOCKS[r.type] ?? {}).filter(([block]) => r.config[block] !== undefined);
  if (blocks.length === 0 && !overrides[address]) return [];
  const generated = r.type.startsWith("azurerm_") ? armMockValues(r.type, { subscriptionId: c.subscriptionId, location: c.location, config: r.config }) : {};
  const values = withoutConfigured(generated, [r], r.type);
  for (const [block, v] of blocks) values[block] = v;
  return overrideBlock("override_resource", address, { ...values, ...overrides[address] });
}

/** The outputs of a remote state that the stack reads (`<address>.outputs.x` or `.outputs["x"]`), with plausible values. */
function remoteStateOutputs(name: string, c: MockContext, allStrings: string): Json {
  const outputs: Json = {};
  const refs = new RegExp(`data\\.terraform_remote_state\\.${escapeRegExp(name)}\\.outputs(?:\\.([A-Za-z0-9_-]+)|\\[\\s*"([^"]+)"\\s*\\])`, "g");
  for (const m of allStrings.matchAll(refs)) {
    const key = m[1] ?? m[2];
    outputs[key] = remoteOutputValue(key, c);
  }
  return outputs;
}

/**
 * The override of an azurerm data source that names what it looks up, has
 * postconditions or has given values: the type's lookup result, agreeing with
 * the declared postconditions. None for other data sources.
 */
function azurermDataOverride(d: Block, address: string, c: MockContext, overrides: Overrides): string[] {
  const fromPostconditions = postconditionValues(d.config);
  const named = ["name", "resource_group_name", "virtual_network_name"].some((k) => literal(d.config, k));
  if (!named && Object.keys(fromPostconditions).length === 0 && !overrides[address]) return [];
  const values: Json = {
    ...withoutConfigured(armMockValues(d.type, { data: true, subscriptionId: c.subscriptionId, location: c.location, config: d.config }), [d], d.type),
    ...fromPostconditions,
  };
  // The single-prefix attribute follows the declared list.
  if (Array.isArray(values.address_prefixes) && "address_prefix" in values) values.address_prefix = values.address_prefixes[0];
  return overrideBlock("override_data", address, { ...values, ...overrides[address] });
}

/**
 * The override of a data source: remote state returns the outputs the stack
 * reads (`allStrings`: every string of the stack), azurerm lookups their
 * result, and other data sources only the given values.
 */
function dataOverride(d: Block, c: MockContext, overrides: Overrides, allStrings: string): string[] {
  const address = `data.${d.type}.${d.name}`;
  if (d.type === "terraform_remote_state") {
    const outputs = remoteStateOutputs(d.name, c, allStrings);
    return overrideBlock("override_data", address, { outputs: { ...outputs, ...asObject(asObject(overrides[address]).outputs) } });
  }
  if (d.type.startsWith("azurerm_")) return azurermDataOverride(d, address, c, overrides);
  return overrides[address] ? overrideBlock("override_data", address, overrides[address]) : [];
}

/**
 * The text of a `.tftest.hcl` file that plans the stack with every provider
 * mocked: `mock_provider` blocks with `mock_resource`/`mock_data` defaults
 * giving each azurerm type an `id` of its real ARM shape (and UUIDs for
 * principals, clients and tenants), `override_data` for remote state (the
 * outputs the stack reads) and for data sources whose postconditions need
 * the declared values, and one `run` with `command = plan`.
 *
 * Pure: reads only the given JSON.
 */
export function mockPlanTestFile(json: TerraformJson, options: MockPlanOptions = {}): string {
  const c = contextOf(json, options);
  const resources = blocksOf(json.resource);
  const data = blocksOf(json.data);
  const overrides = options.overrides ?? {};
  const allStrings = strings(json).join("\n");
  return [
    "# Generated: a plan with every provider mocked. Mocked IDs have the real ARM shapes, because azurerm parses them.",
    ...variablesBlock(variableValues(json, options.variables)),
    ...mockProviderBlocks(json, c, resources, data),
    ...resources.flatMap((r) => resourceOverride(r, c, overrides)),
    ...data.flatMap((d) => dataOverride(d, c, overrides, allStrings)),
    "",
    `run ${hclString(options.runName ?? "plan")} {`,
    "  command = plan",
    "}",
    "",
  ].join("\n");
}

/** A reference the plan copy reads through `try()`, because mocks leave the block empty. */
export interface MockedReference {
  /** e.g. `azurerm_kubernetes_cluster.aks.kubelet_identity` */
  readonly block: string;
  /** The value used under mocks. */
  readonly value: unknown;
}

/** A stack prepared by {@link mockFriendlyStack}. */
export interface MockFriendlyStack {
  /** The stack's JSON with the rewritten references (the input is not changed). */
  readonly json: TerraformJson;
  /** The blocks whose references were rewritten, one entry each. */
  readonly references: MockedReference[];
}

/**
 * The stack prepared for a mock plan: references such as
 * `azurerm_kubernetes_cluster.x.kubelet_identity[0].object_id` into blocks
 * that are computed only (a mock leaves them empty, a real plan leaves them
 * unknown) are read through `try(<reference>, <mock value>)`. Everything
 * else is unchanged. `extraBlocks` adds blocks found empty by an earlier
 * plan (`<type>.<name>.<block>`), for types missing from the table.
 */
export function mockFriendlyStack(json: TerraformJson, extraBlocks: readonly string[] = [], options: Pick<MockPlanOptions, "subscriptionId"> = {}): MockFriendlyStack {
  // The same context as the test file's (mockPlanTestFile), so that both halves use one subscription.
  const c = contextOf(json, options);
  const targets: { prefix: string; block: string; values: Json }[] = [];
  for (const r of blocksOf(json.resource)) {
    for (const [block, values] of Object.entries(COMPUTED_BLOCKS[r.type] ?? {})) {
      targets.push({ prefix: `${r.type}.${r.name}`, block, values: values(c) });
    }
  }
  for (const full of extraBlocks) {
    const i = full.lastIndexOf(".");
    if (i > 0 && !targets.some((t) => `${t.prefix}.${t.block}` === full)) targets.push({ prefix: full.slice(0, i), block: full.slice(i + 1), values: {} });
  }
  const references: MockedReference[] = [];
  const rewrite = (s: string): string => {
    if (!s.includes("${")) return s;
    let out = s;
    for (const t of targets) {
      const re = new RegExp(`(?<![\\w.-])${escapeRegExp(t.prefix)}\\.${escapeRegExp(t.block)}\\[0\\](?:\\.([A-Za-z_][A-Za-z0-9_]*))?`, "g");
      out = out.replace(re, (ref: string, attr: string | undefined) => {
        const value = attr ? (t.values[attr] ?? `mock-${attr}`) : t.values;
        if (!references.some((r) => r.block === `${t.prefix}.${t.block}`)) references.push({ block: `${t.prefix}.${t.block}`, value: t.values });
        return `try(${ref}, ${hclValue(value)})`;
      });
    }
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return rewrite(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === "//" ? x : walk(x)]));
    return v;
  };
  return { json: walk(json) as TerraformJson, references };
}
