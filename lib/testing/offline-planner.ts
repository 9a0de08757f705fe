/**
 * Plans with the real azurerm provider, offline: what a deploy would do to
 * a running environment, without Azure and without credentials.
 *
 * A mock provider composes its plan from the configuration: it never answers
 * "requires replace" and invents new computed values on every plan, so it
 * can show neither a replacement nor drift. Here the real provider plans
 * (ForceNew, CustomizeDiff, defaults, state upgraders) against a state that
 * stands for a deployed stack:
 *
 * 1. the base stack is planned against an empty state;
 * 2. its planned values become a state file: unknown IDs get ARM IDs of the
 *    right shape, principal/tenant/client IDs fixed GUIDs, the cluster's
 *    attributes the config leaves to AKS what AKS sets at creation (the
 *    service range, DNS service IP, node resource group, ...; see
 *    aks-computed.ts), other unknowns what a read of an unset attribute
 *    leaves (empty collections, null);
 * 3. the base is planned again against that state, and known planned values
 *    are folded back in, until the base plans "No changes" (usually three
 *    rounds; a base that never converges has a perpetual diff);
 * 4. the head stack (a config edit) is planned against that state, after
 *    an optional drift (what a change made in Azure leaves in the state).
 *
 * Plans run with `-refresh=false`, so nothing is read from Azure. Data
 * sources that would call Azure (an existing resource group or subnet,
 * remote state) are replaced by locals with values of the right shape.
 * `prevent_destroy` is lifted in the planned copies, so that a replacement
 * shows up as a replacement rather than as an error.
 *
 * What this cannot show: what only Azure decides (API errors at apply time,
 * values Azure normalises on read, values it fills in beyond those of
 * aks-computed.ts). A drift is a model of what the provider's read would
 * store; write it from the provider's flatten code.
 */
import { execFile } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AKS_COMPUTED_DEFAULTS } from "./aks-computed";
import { OFFLINE_SUBSCRIPTION_ID, OfflineAzure } from "./offline-azure";
import type { TerraformCli } from "./terraform/cli";
import { remoteOutputValue, variableValue } from "./terraform/mock-plan";
import { armMockValues, type TerraformJson } from "./terraform/mock-values";

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** What Terraform plans for one resource. */
export type PlanAction = "no-op" | "create" | "read" | "update" | "delete";

/** One managed resource the plan changes. */
export interface PlannedResourceChange {
  /** e.g. `azurerm_kubernetes_cluster.aks_cluster_D4B35EC5` */
  readonly address: string;
  /** The resource type. */
  readonly type: string;
  /** `["update"]`, `["create"]`, `["delete"]`, `["delete", "create"]` (replace) or `["create", "delete"]` (replace, new one first). */
  readonly actions: readonly PlanAction[];
  /** The attribute paths that force the replacement (`default_node_pool.0.name`). */
  readonly replacePaths: readonly string[];
  /** OpenTofu's reason (`replace_because_cannot_update`, `delete_because_no_resource_config`, ...). */
  readonly reason?: string;
  /** Paths of attributes whose planned value differs from the state (unknown after apply included). */
  readonly changedPaths: readonly string[];
  /** The address this resource was moved from (a `moved` block), if any. */
  readonly previousAddress?: string;
}

/** The outcome of an offline plan. */
export interface OfflinePlanResult {
  /** False when the plan itself failed (a provider or configuration error). */
  readonly ok: boolean;
  /** The CLI's error output, when the plan failed. */
  readonly error?: string;
  /** Every managed resource the plan changes (no-ops left out). */
  readonly changes: PlannedResourceChange[];
}

/** A Terraform state (format version 4), as the base's deploy would leave it. */
export interface DeployedState {
  /** The state file's content. */
  readonly state: Record<string, unknown>;
  /** True when the base planned "No changes" against it. */
  readonly converged: boolean;
  /** Planning rounds it took. */
  readonly rounds: number;
}

/** A change made in Azure, as a refresh would store it: dotted paths into one resource's attributes. */
export interface Drift {
  /** The resource, e.g. `azurerm_kubernetes_cluster.aks_cluster_D4B35EC5`. */
  readonly address: string;
  /** Attribute paths and their new values (`default_node_pool.0.upgrade_settings.0.drain_timeout_in_minutes`). */
  readonly set?: Record<string, unknown>;
  /** Attribute paths that become unset (null, or an empty list for blocks). */
  readonly unset?: readonly string[];
}

/** Options of {@link OfflinePlanner}. */
export interface OfflinePlannerOptions {
  /** The CLI and provider mirror ({@link findTerraformCli}). */
  readonly cli: TerraformCli;
  /**
   * Where deployed states are cached, by the hash of the base stack and the CLI.
   * @default a directory in the system temp directory
   */
  readonly cacheDir?: string;
  /**
   * Timeout of each CLI command, in milliseconds: a plan that reaches for
   * Azure hangs on retries until then.
   * @default 180000
   */
  readonly commandTimeoutMs?: number;
  /** Keep the working directory (for debugging). @default false */
  readonly keepWorkDir?: boolean;
  /**
   * Plan with `prevent_destroy` as synthesized, so that a plan that would
   * destroy a protected resource fails as it would for `cdktf deploy`.
   * @default false: lifted, so that the plan shows what would be replaced
   */
  readonly keepPreventDestroy?: boolean;
  /**
   * A working directory already initialised for the providers of the first
   * stack planned (e.g. the provider check's); the planner then skips its
   * first `init`. It is left in place on close.
   * @default a directory of its own, removed on close
   */
  readonly workDir?: string;
}

interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(binary: string, args: string[], cwd: string, env: Record<string, string | undefined>, timeout: number): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(binary, args, { cwd, env, timeout, maxBuffer: 512 * 1024 * 1024 }, (error, stdout, stderr) => {
      const timedOut = error && (error as NodeJS.ErrnoException & { killed?: boolean }).killed;
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      const note = timedOut ? `${args[0]} ran past ${timeout} ms: something in the stack needs Azure\n` : "";
      resolve({ code, stdout: String(stdout), stderr: note + String(stderr) });
    });
  });
}

// ---------------------------------------------------------------------------
// The planned copy of a stack
// ---------------------------------------------------------------------------

/** Data sources that work offline: they read only the provider's own sign-in. */
const OFFLINE_DATA_SOURCES = new Set(["azurerm_client_config"]);

/** `data.<type>.<name>` references in a string, rewritten to a local. */
function rewriteDataReferences(s: string, replaced: readonly { type: string; name: string; local: string }[]): string {
  if (!s.includes("data.")) return s;
  let out = s;
  for (const r of replaced) {
    out = out.split(`data.${r.type}.${r.name}`).join(`local.${r.local}`);
  }
  return out;
}

/** The outputs a stack reads from a remote state, with plausible values. */
function remoteStateOutputs(name: string, allStrings: string): Json {
  const outputs: Json = {};
  const re = new RegExp(`data\\.terraform_remote_state\\.${name.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}\\.outputs(?:\\.([A-Za-z0-9_-]+)|\\[\\s*"([^"]+)"\\s*\\])`, "g");
  for (const m of allStrings.matchAll(re)) {
    const key = m[1] ?? m[2]!;
    outputs[key] = remoteOutputValue(key, { location: "eastus", resourceGroup: "rg", subscriptionId: OFFLINE_SUBSCRIPTION_ID });
  }
  return outputs;
}

function walkStrings(v: unknown, f: (s: string) => string, skipKey?: string): unknown {
  if (typeof v === "string") return f(v);
  if (Array.isArray(v)) return v.map((x) => walkStrings(x, f, skipKey));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === skipKey ? x : walkStrings(x, f, skipKey)]));
  return v;
}

function allStringsOf(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => allStringsOf(x, out));
  else if (v && typeof v === "object") Object.values(v).forEach((x) => allStringsOf(x, out));
  return out;
}

/**
 * The stack as the offline plan sees it: no backend (local state in the
 * working directory), no outputs (they do not change what happens to
 * resources), `prevent_destroy` lifted, and data sources that would call
 * Azure replaced by locals of the right shape.
 */
export function offlinePlanCopy(json: TerraformJson, options: { readonly keepPreventDestroy?: boolean } = {}): TerraformJson {
  const copy = clone(json) as Json;
  delete asObject(copy.terraform).backend;
  delete copy.output;
  if (!options.keepPreventDestroy) {
    for (const config of blocks(copy.resource)) delete asObject(config.lifecycle).prevent_destroy;
  }
  return withOfflineData(copy, allStringsOf(json).join("\n"));
}

/** Every block of a `resource` or `data` section. */
function blocks(section: unknown): Json[] {
  return Object.values(asObject(section)).flatMap((byName) => Object.values(asObject(byName)).map(asObject));
}

/** The local that stands for a data source that would call Azure: its arguments, plus what a lookup returns. */
function offlineDataValue(type: string, name: string, config: Json, allStrings: string): unknown {
  if (type === "terraform_remote_state") return { outputs: remoteStateOutputs(name, allStrings) };
  const args = Object.fromEntries(Object.entries(config).filter(([k]) => !["//", "lifecycle", "depends_on", "provider"].includes(k)));
  return { ...args, ...armMockValues(type, { data: true, subscriptionId: OFFLINE_SUBSCRIPTION_ID, config }) };
}

/** `copy` with every data source that would call Azure replaced by a local, and the references rewritten. */
function withOfflineData(copy: Json, allStrings: string): Json {
  const data = asObject(copy.data);
  const replaced: { type: string; name: string; local: string }[] = [];
  const locals: Json = { ...asObject(copy.locals) };
  for (const [type, byName] of Object.entries(data)) {
    if (OFFLINE_DATA_SOURCES.has(type)) continue;
    for (const [name, config] of Object.entries(asObject(byName))) {
      const local = `offline_data_${type}_${name}`.replace(/[^A-Za-z0-9_]/g, "_");
      locals[local] = offlineDataValue(type, name, asObject(config), allStrings);
      replaced.push({ type, name, local });
    }
    delete data[type];
  }
  if (replaced.length === 0) return copy;
  if (Object.keys(data).length === 0) delete copy.data;
  copy.locals = locals;
  const rewritten = walkStrings(copy, (s) => rewriteDataReferences(s, replaced), "//") as Json;
  // depends_on may not name a local: a replaced data source orders nothing offline.
  for (const c of [...blocks(rewritten.resource), ...blocks(rewritten.data)]) {
    if (Array.isArray(c.depends_on)) c.depends_on = c.depends_on.filter((d) => !String(d).startsWith("local."));
  }
  return rewritten;
}

/** The provider requirements of a stack, as a stable string (a working directory is initialised once per value). */
const providerKey = (json: TerraformJson) => JSON.stringify(asObject(asObject(json.terraform).required_providers));

// ---------------------------------------------------------------------------
// State synthesis
// ---------------------------------------------------------------------------

interface SchemaBlock {
  attributes?: Record<string, { type: unknown }>;
  block_types?: Record<string, { nesting_mode?: string; block: SchemaBlock }>;
}
type ResourceSchemas = Record<string, { version?: number; block?: SchemaBlock }>;
type SchemaNode = { kind: "block"; block: SchemaBlock } | { kind: "blockType"; nesting: string; block: SchemaBlock } | { kind: "attr"; type: unknown };

/** One step into a schema node: an index into a block list or collection, or a named attribute or block. */
function schemaStep(node: SchemaNode, step: string | number): SchemaNode | undefined {
  if (typeof step === "number") {
    if (node.kind === "blockType") return { kind: "block", block: node.block };
    if (node.kind === "attr" && Array.isArray(node.type) && ["list", "set", "map"].includes(node.type[0] as string)) return { kind: "attr", type: node.type[1] };
    return undefined;
  }
  if (node.kind === "attr") return Array.isArray(node.type) && node.type[0] === "object" ? { kind: "attr", type: asObject(node.type[1])[step] } : undefined;
  if (node.kind !== "block") return undefined;
  const attr = node.block.attributes?.[step];
  if (attr) return { kind: "attr", type: attr.type };
  const bt = node.block.block_types?.[step];
  return bt ? { kind: "blockType", nesting: bt.nesting_mode ?? "list", block: bt.block } : undefined;
}

/** The schema of `path` inside a resource's block, or undefined. */
function schemaNode(block: SchemaBlock, p: readonly (string | number)[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = { kind: "block", block };
  for (const step of p) {
    node = node && schemaStep(node, step);
  }
  return node;
}

/** What a read leaves in an attribute that was never set: empty collections, null scalars. */
function zeroValue(node: SchemaNode | undefined): unknown {
  if (!node) return null;
  if (node.kind === "blockType") return node.nesting === "list" || node.nesting === "set" ? [] : null;
  if (node.kind === "attr" && Array.isArray(node.type)) {
    if (node.type[0] === "list" || node.type[0] === "set") return [];
    if (node.type[0] === "map") return {};
  }
  return null;
}

const GUID_ATTRIBUTES = new Set(["principal_id", "tenant_id", "client_id", "object_id", "workspace_id", "role_definition_id", "role_definition_resource_id"]);

function guid(...parts: string[]): string {
  const h = crypto.createHash("sha256").update(parts.join("|")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const isObject = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

/** Unknown parts of a planned value filled in: GUID-like attributes get GUIDs, the rest zero values. */
function fillUnknown(value: unknown, unknown: unknown, p: (string | number)[], address: string, block: SchemaBlock): unknown {
  if (unknown === true) {
    const leaf = p[p.length - 1];
    return typeof leaf === "string" && GUID_ATTRIBUTES.has(leaf) ? guid(address, ...p.map(String)) : zeroValue(schemaNode(block, p));
  }
  if (isObject(value) && isObject(unknown)) {
    const out: Json = {};
    for (const [k, x] of Object.entries(value)) out[k] = fillUnknown(x, unknown[k] ?? false, [...p, k], address, block);
    for (const [k, x] of Object.entries(unknown)) if (!(k in value)) out[k] = fillUnknown(null, x, [...p, k], address, block);
    return out;
  }
  if (Array.isArray(value) && Array.isArray(unknown)) return value.map((x, i) => fillUnknown(x, unknown[i] ?? false, [...p, i], address, block));
  return value;
}

/** The value at a dotted path (`network_profile.0.service_cidr`) of attributes or of an `after_unknown` tree. */
function valueAt(v: unknown, dotted: string): unknown {
  let cur = v;
  for (const k of dotted.split(".")) {
    if (!cur || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** A block's objects with every attribute and nested block of the schema (zero values where not given), and nothing else: the state must fit the schema. */
function fitBlock(value: unknown, node: SchemaNode | undefined): unknown {
  if (node?.kind !== "blockType" || !Array.isArray(value)) return value;
  const { attributes = {}, block_types = {} } = node.block;
  return value.map((item) => {
    const o = asObject(item);
    return Object.fromEntries([
      ...Object.entries(attributes).map(([k, a]) => [k, o[k] ?? zeroValue({ kind: "attr", type: a.type })]),
      ...Object.entries(block_types).map(([k, b]) => [k, o[k] ?? zeroValue({ kind: "blockType", nesting: b.nesting_mode ?? "list", block: b.block })]),
    ]);
  });
}

/**
 * Attributes the config left to AKS (unknown in the plan) hold what AKS
 * stores at creation rather than a zero value: on a running cluster,
 * writing that value out is no change.
 */
function withAksComputed(type: string, attributes: Json, unknown: unknown, block: SchemaBlock): Json {
  for (const [p, aks] of Object.entries(AKS_COMPUTED_DEFAULTS[type] ?? {})) {
    if (valueAt(unknown, p) !== true) continue;
    const value = aks((q) => valueAt(attributes, q) ?? undefined);
    const steps = p.split(".");
    const container = steps.length === 1 ? attributes : valueAt(attributes, steps.slice(0, -1).join("."));
    if (value === undefined || !container || typeof container !== "object") continue;
    (container as Json)[steps[steps.length - 1]!] = fitBlock(value, schemaNode(block, steps.map((k) => (/^\d+$/.test(k) ? Number(k) : k))));
  }
  return attributes;
}

/** A resource's planned values (`after`, `after_unknown`) as the state holds them after the deploy: unknowns filled. */
export function deployedAttributes(type: string, address: string, after: unknown, unknown: unknown, block: SchemaBlock): Json {
  return withAksComputed(type, asObject(fillUnknown(after, unknown, [], address, block)), unknown, block);
}

/** New where known, old where unknown. */
function mergeKnown(old: unknown, next: unknown, unknown: unknown): unknown {
  if (unknown === true) return old;
  if (next && typeof next === "object" && !Array.isArray(next) && unknown && typeof unknown === "object" && !Array.isArray(unknown)) {
    const o = asObject(old);
    return Object.fromEntries(Object.entries(next as Json).map(([k, v]) => [k, mergeKnown(o[k], v, (unknown as Json)[k] ?? false)]));
  }
  if (Array.isArray(next) && Array.isArray(unknown)) {
    const o = Array.isArray(old) ? old : [];
    return next.map((v, i) => mergeKnown(o[i], v, unknown[i] ?? false));
  }
  return next;
}

/** `after_sensitive` marks as the state's `sensitive_attributes` paths. */
function sensitivePaths(mark: unknown, p: (string | number)[] = []): unknown[] {
  if (mark === true) {
    return [p.map((s) => (typeof s === "string" ? { type: "get_attr", value: s } : { type: "index", value: { value: s, type: "number" } }))];
  }
  if (Array.isArray(mark)) return mark.flatMap((m, i) => sensitivePaths(m, [...p, i]));
  if (mark && typeof mark === "object") return Object.entries(mark).flatMap(([k, m]) => sensitivePaths(m, [...p, k]));
  return [];
}

const SUB = `/subscriptions/${OFFLINE_SUBSCRIPTION_ID}`;
const str = (v: unknown, fallback = "x") => (typeof v === "string" && v ? v : fallback);
const inGroup = (provider: string) => (a: Json) => `${SUB}/resourceGroups/${str(a.resource_group_name, "rg")}/providers/${provider}/${str(a.name)}`;
const sameAsSubnet = (a: Json) => str(a.subnet_id);

/** ARM IDs by type, from a resource's attributes. */
const OFFLINE_IDS: Readonly<Record<string, (a: Json) => string>> = {
  azurerm_resource_group: (a) => `${SUB}/resourceGroups/${str(a.name)}`,
  azurerm_virtual_network: inGroup("Microsoft.Network/virtualNetworks"),
  azurerm_subnet: (a) => `${SUB}/resourceGroups/${str(a.resource_group_name, "rg")}/providers/Microsoft.Network/virtualNetworks/${str(a.virtual_network_name)}/subnets/${str(a.name)}`,
  azurerm_network_security_group: inGroup("Microsoft.Network/networkSecurityGroups"),
  azurerm_network_security_rule: (a) =>
    `${SUB}/resourceGroups/${str(a.resource_group_name, "rg")}/providers/Microsoft.Network/networkSecurityGroups/${str(a.network_security_group_name)}/securityRules/${str(a.name)}`,
  azurerm_route_table: inGroup("Microsoft.Network/routeTables"),
  azurerm_subnet_network_security_group_association: sameAsSubnet,
  azurerm_subnet_route_table_association: sameAsSubnet,
  azurerm_subnet_nat_gateway_association: sameAsSubnet,
  azurerm_user_assigned_identity: inGroup("Microsoft.ManagedIdentity/userAssignedIdentities"),
  azurerm_log_analytics_workspace: inGroup("Microsoft.OperationalInsights/workspaces"),
  azurerm_kubernetes_cluster: inGroup("Microsoft.ContainerService/managedClusters"),
  azurerm_kubernetes_cluster_node_pool: (a) => `${str(a.kubernetes_cluster_id)}/agentPools/${str(a.name)}`,
  azurerm_role_assignment: (a) => `${str(a.scope)}/providers/Microsoft.Authorization/roleAssignments/${str(a.name)}`,
  azurerm_monitor_diagnostic_setting: (a) => `${str(a.target_resource_id)}|${str(a.name)}`,
  azurerm_role_definition: (a) => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${str(a.role_definition_id)}|${str(a.scope)}`,
};

/** An ARM ID of the right shape for a resource of `type` with these attributes. */
export function offlineResourceId(type: string, a: Record<string, unknown>): string {
  const known = OFFLINE_IDS[type];
  if (known) return known(a);
  return type.startsWith("azurerm_") ? inGroup(`Microsoft.Offline/${type}`)(a) : `${type}-${str(a.name)}`;
}

/** Folds what a re-plan knows into the draft: known planned values replace the draft's; from round two on, unknowns are filled again. */
function foldPlanned(resources: StateResource[], pending: NonNullable<PlanJson["resource_changes"]>, schemas: ResourceSchemas, refill: boolean): void {
  for (const rc of pending) {
    const r = resources.find((x) => x.address === rc.address);
    if (!r || rc.change.after === null || rc.change.after === undefined) continue;
    const merged = mergeKnown(r.attributes, rc.change.after, rc.change.after_unknown ?? {});
    r.attributes = refill ? deployedAttributes(rc.type, rc.address, merged, rc.change.after_unknown ?? {}, schemas[rc.type]?.block ?? {}) : asObject(merged);
    r.sensitive = sensitivePaths(rc.change.after_sensitive ?? {});
  }
}

interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly index?: unknown;
  readonly provider: string;
  attributes: Json;
  sensitive: unknown[];
}

/** The type of a JSON value in cty's JSON type notation. */
function ctyType(v: unknown): unknown {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return ["tuple", v.map(ctyType)];
  if (v && typeof v === "object") return ["object", Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ctyType(x)]))];
  return "dynamic";
}

/** Attributes of dynamic type (`terraform_data.input`) as the state stores them: the value with its type. */
function withDynamicTypes(attributes: Json, block: SchemaBlock): Json {
  const out: Json = { ...attributes };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (attr.type === "dynamic" && out[name] !== null && out[name] !== undefined) out[name] = { value: out[name], type: ctyType(out[name]) };
  }
  return out;
}

function stateFile(resources: readonly StateResource[], schemas: ResourceSchemas, serial: number): Json {
  const byName = new Map<string, Json>();
  for (const r of resources) {
    const key = `${r.type}.${r.name}`;
    const entry = byName.get(key) ?? { mode: "managed", type: r.type, name: r.name, provider: r.provider, instances: [] as Json[] };
    byName.set(key, entry);
    const instance: Json = {
      schema_version: schemas[r.type]?.version ?? 0,
      attributes: withDynamicTypes(r.attributes, schemas[r.type]?.block ?? {}),
      sensitive_attributes: r.sensitive,
      dependencies: [],
    };
    if (r.index !== undefined && r.index !== null) instance.index_key = r.index;
    (entry.instances as Json[]).push(instance);
  }
  return { version: 4, terraform_version: "1.10.10", serial, lineage: "offline-deployed-state", outputs: {}, resources: [...byName.values()], check_results: null };
}

/**
 * The state after `drift`: attribute paths set or unset as a refresh after a
 * change made in Azure would store them. Throws when an address or path does
 * not exist.
 */
export function applyDrift(deployed: DeployedState, drift: readonly Drift[]): DeployedState {
  const state = clone(deployed.state);
  const byAddress = new Map<string, Json>();
  for (const r of (state.resources as Json[]) ?? []) {
    for (const inst of (r.instances as Json[]) ?? []) {
      const idx = inst.index_key;
      byAddress.set(`${String(r.type)}.${String(r.name)}${idx === undefined ? "" : `[${JSON.stringify(idx)}]`}`, asObject(inst.attributes));
    }
  }
  for (const d of drift) {
    const attributes = byAddress.get(d.address);
    if (!attributes) throw new Error(`drift: no resource ${d.address} in the state (have ${[...byAddress.keys()].join(", ")})`);
    for (const [p, v] of Object.entries(d.set ?? {})) setPath(attributes, p, v, false);
    for (const p of d.unset ?? []) setPath(attributes, p, undefined, true);
  }
  state.serial = Number(state.serial ?? 0) + 1;
  return { ...deployed, state };
}

function setPath(target: Json, dotted: string, value: unknown, unset: boolean): void {
  const keys = dotted.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  let cur: unknown = target;
  for (const k of keys.slice(0, -1)) {
    const next = (cur as Record<string | number, unknown>)[k];
    if (next === undefined || next === null) throw new Error(`drift: ${dotted}: ${String(k)} does not exist`);
    cur = next;
  }
  const last = keys[keys.length - 1];
  const container = cur as Record<string | number, unknown>;
  if (unset) container[last] = Array.isArray(container[last]) ? [] : null;
  else container[last] = value;
}

// ---------------------------------------------------------------------------
// Reading a plan
// ---------------------------------------------------------------------------

const isEmpty = (v: unknown) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);

/** Attribute paths where `before` and `after` differ (unknown after apply counts as different). */
function changedPaths(before: unknown, after: unknown, unknown: unknown, p = ""): string[] {
  if (unknown === true) return [p || "(all)"];
  if (isObject(before) || isObject(after)) return changedObjectPaths(asObject(before), asObject(after), asObject(unknown), p);
  if (isBlockList(before, after)) return changedBlockPaths(before, after, unknown, p);
  if (Array.isArray(after) && Array.isArray(unknown) && unknown.some((x) => x !== false)) return [p];
  return JSON.stringify(before) === JSON.stringify(after) || (isEmpty(before) && isEmpty(after)) ? [] : [p];
}

/** Two lists of the same length of blocks (objects), compared element by element. */
const isBlockList = (before: unknown, after: unknown): before is Json[] =>
  Array.isArray(before) && Array.isArray(after) && before.length === after.length && [...before, ...after].every(isObject);

function changedBlockPaths(before: Json[], after: unknown, unknown: unknown, p: string): string[] {
  const u = Array.isArray(unknown) ? unknown : [];
  return (after as Json[]).flatMap((x, i) => changedPaths(before[i], x, u[i] ?? false, `${p}.${i}`));
}

function changedObjectPaths(b: Json, a: Json, u: Json, p: string): string[] {
  return [...new Set([...Object.keys(b), ...Object.keys(a), ...Object.keys(u)])].sort().flatMap((k) => changedPaths(b[k], a[k], u[k] ?? false, p ? `${p}.${k}` : k));
}

interface PlanJson {
  resource_changes?: {
    address: string;
    type: string;
    index?: unknown;
    mode?: string;
    previous_address?: string;
    action_reason?: string;
    change: { actions: PlanAction[]; before?: unknown; after?: unknown; after_unknown?: unknown; after_sensitive?: unknown; replace_paths?: (string | number)[][] };
  }[];
}

function changesOf(plan: PlanJson): PlannedResourceChange[] {
  return (plan.resource_changes ?? [])
    .filter((rc) => rc.mode !== "data" && !(rc.change.actions.length === 1 && rc.change.actions[0] === "no-op" && !rc.previous_address))
    .filter((rc) => !(rc.change.actions.length === 1 && rc.change.actions[0] === "read"))
    .map((rc) => ({
      address: rc.address,
      type: rc.type,
      actions: rc.change.actions,
      replacePaths: (rc.change.replace_paths ?? []).map((p) => p.join(".")),
      reason: rc.action_reason,
      changedPaths: rc.change.actions.includes("update") || rc.change.actions.includes("delete") ? changedPaths(rc.change.before, rc.change.after, rc.change.after_unknown ?? {}) : [],
      previousAddress: rc.previous_address,
    }));
}

// ---------------------------------------------------------------------------
// The planner
// ---------------------------------------------------------------------------

const schemaCache = new Map<string, ResourceSchemas>();

/** Part of a cached state's key: changed whenever states are synthesized differently, so that no older state is reused. */
const STATE_MODEL = "aks-computed-1";

/**
 * Plans stacks with the real provider, offline, in one working directory
 * (one plan at a time; create several planners to plan in parallel).
 */
export class OfflinePlanner {
  private readonly workDir: string;
  private readonly reusedDir: boolean;
  private initialisedFor?: string;
  private readonly timeout: number;

  private constructor(
    private readonly options: OfflinePlannerOptions,
    private readonly azure: OfflineAzure,
  ) {
    this.workDir = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "offline-plan-"));
    this.reusedDir = options.workDir !== undefined;
    this.timeout = options.commandTimeoutMs ?? 180_000;
  }

  /** A planner with the shared offline token endpoint started. Call {@link close} when done. */
  static async create(options: OfflinePlannerOptions): Promise<OfflinePlanner> {
    return new OfflinePlanner(options, await OfflineAzure.start());
  }

  /** Removes the working directory (unless kept) and releases the token endpoint. */
  async close(): Promise<void> {
    if (!this.options.keepWorkDir && !this.reusedDir) fs.rmSync(this.workDir, { recursive: true, force: true });
    await OfflineAzure.release();
  }

  /** The working directory (kept with `keepWorkDir`). */
  get directory(): string {
    return this.workDir;
  }

  /** The registry host the CLI writes into provider addresses. */
  private registryHost(): string {
    return path.basename(this.options.cli.binary).startsWith("terraform") ? "registry.terraform.io" : "registry.opentofu.org";
  }

  private env(): Record<string, string | undefined> {
    const env = this.azure.environment();
    env.TF_IN_AUTOMATION = "1";
    env.TF_INPUT = "0";
    env.CHECKPOINT_DISABLE = "1";
    if (this.options.cli.cliConfigFile) env.TF_CLI_CONFIG_FILE = path.resolve(this.options.cli.cliConfigFile);
    else if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
    return env;
  }

  private tofu(args: string[]): Promise<CommandResult> {
    return run(this.options.cli.binary, args, this.workDir, this.env(), this.timeout);
  }

  /** Writes the planned copy of `json` and initialises the directory for its providers when they changed. */
  private async use(json: TerraformJson): Promise<void> {
    for (const f of fs.readdirSync(this.workDir)) if (f.endsWith(".tf.json") || f.endsWith(".tfvars.json")) fs.rmSync(path.join(this.workDir, f));
    fs.writeFileSync(path.join(this.workDir, "main.tf.json"), JSON.stringify(offlinePlanCopy(json, { keepPreventDestroy: this.options.keepPreventDestroy }), null, 1));
    // Variables without a default get plausible values, as a deploy's -var would give them.
    const vars = Object.entries(asObject(json.variable)).filter(([, v]) => asObject(v).default === undefined);
    fs.writeFileSync(path.join(this.workDir, "offline.auto.tfvars.json"), JSON.stringify(Object.fromEntries(vars.map(([n, v]) => [n, variableValue(n, asObject(v))]))));
    const key = providerKey(json);
    // A directory given initialised counts as initialised for the first stack.
    if (this.reusedDir && this.initialisedFor === undefined) this.initialisedFor = key;
    if (this.initialisedFor === key) return;
    const init = await this.tofu(["init", "-backend=false", "-input=false", "-no-color", "-upgrade"]);
    if (init.code !== 0) throw new Error(`init failed: ${(init.stderr || init.stdout).trim()}`);
    this.initialisedFor = key;
  }

  private async schemas(json: TerraformJson): Promise<ResourceSchemas> {
    const key = `${this.options.cli.binary}|${providerKey(json)}`;
    const cached = schemaCache.get(key);
    if (cached) return cached;
    const out = await this.tofu(["providers", "schema", "-json"]);
    if (out.code !== 0) throw new Error(`providers schema failed: ${out.stderr.trim()}`);
    const all: ResourceSchemas = {};
    for (const provider of Object.values(asObject((JSON.parse(out.stdout) as Json).provider_schemas))) {
      Object.assign(all, asObject(asObject(provider).resource_schemas));
    }
    schemaCache.set(key, all);
    return all;
  }

  /** One plan of the current configuration against `state` (none: an empty state). */
  private async planJson(state: Json | undefined): Promise<{ plan?: PlanJson; error?: string }> {
    const statePath = path.join(this.workDir, "terraform.tfstate");
    fs.rmSync(statePath, { force: true });
    if (state) fs.writeFileSync(statePath, JSON.stringify(state));
    const plan = await this.tofu(["plan", "-refresh=false", "-input=false", "-no-color", "-lock=false", "-out=offline.plan"]);
    if (plan.code !== 0) return { error: `${plan.stderr}\n${plan.stdout}`.trim() };
    const show = await this.tofu(["show", "-json", "offline.plan"]);
    if (show.code !== 0) return { error: show.stderr.trim() };
    return { plan: JSON.parse(show.stdout) as PlanJson };
  }

  /** Plans `json` against an empty state: what a first deploy does (CustomizeDiff and the plan-time checks included). */
  async planFresh(json: TerraformJson): Promise<OfflinePlanResult> {
    await this.use(json);
    const { plan, error } = await this.planJson(undefined);
    return plan ? { ok: true, changes: changesOf(plan) } : { ok: false, error, changes: [] };
  }

  private cacheFile(json: TerraformJson): string {
    const dir = this.options.cacheDir ?? path.join(os.tmpdir(), "offline-plan-states");
    const hash = crypto.createHash("sha256").update(JSON.stringify(offlinePlanCopy(json))).update(this.options.cli.binary).update(STATE_MODEL).digest("hex").slice(0, 24);
    return path.join(dir, `${hash}.json`);
  }

  /**
   * The state a deploy of `base` leaves (cached by the base's content).
   * Throws when the base does not plan against an empty state.
   */
  async deployedState(base: TerraformJson): Promise<DeployedState> {
    const cache = this.cacheFile(base);
    if (fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, "utf8")) as DeployedState;
    const deployed = await this.converge(base);
    fs.mkdirSync(path.dirname(cache), { recursive: true });
    const tmp = `${cache}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(deployed));
    fs.renameSync(tmp, cache);
    return deployed;
  }

  /** The managed resources of a first plan, with unknowns filled: the state's first draft. */
  private firstDraft(plan: PlanJson, schemas: ResourceSchemas): StateResource[] {
    return (plan.resource_changes ?? [])
      .filter((rc) => rc.mode !== "data")
      .map((rc) => ({
        address: rc.address,
        type: rc.type,
        name: rc.address.replace(/\[.*\]$/, "").split(".").pop() ?? rc.address,
        index: rc.index,
        provider: rc.type.startsWith("terraform_") ? 'provider["terraform.io/builtin/terraform"]' : `provider["${this.registryHost()}/hashicorp/${rc.type.split("_")[0]}"]`,
        attributes: deployedAttributes(rc.type, rc.address, rc.change.after, rc.change.after_unknown ?? {}, schemas[rc.type]?.block ?? {}),
        sensitive: sensitivePaths(rc.change.after_sensitive ?? {}),
      }));
  }

  private async converge(base: TerraformJson, rounds = 6): Promise<DeployedState> {
    await this.use(base);
    const first = await this.planJson(undefined);
    if (!first.plan) throw new Error(`the base stack does not plan against an empty state:\n${first.error}`);
    const schemas = await this.schemas(base);
    const resources = this.firstDraft(first.plan, schemas);
    let state: Json = {};
    for (let round = 1; round <= rounds; round++) {
      for (const r of resources) r.attributes.id = offlineResourceId(r.type, r.attributes);
      state = stateFile(resources, schemas, round);
      const again = await this.planJson(state);
      if (!again.plan) throw new Error(`the base stack does not plan against its own state (round ${round}):\n${again.error}`);
      const pending = (again.plan.resource_changes ?? []).filter((rc) => rc.mode !== "data" && !(rc.change.actions.length === 1 && rc.change.actions[0] === "no-op"));
      if (pending.length === 0) return { state, converged: true, rounds: round };
      foldPlanned(resources, pending, schemas, round >= 2);
    }
    return { state, converged: false, rounds };
  }

  /**
   * Plans `head` against `deployed` (the state a deploy of the base left,
   * possibly drifted): what the next deploy of `head` does.
   */
  async planAgainst(head: TerraformJson, deployed: DeployedState): Promise<OfflinePlanResult> {
    await this.use(head);
    const { plan, error } = await this.planJson(deployed.state);
    return plan ? { ok: true, changes: changesOf(plan) } : { ok: false, error, changes: [] };
  }
}
