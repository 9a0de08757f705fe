/**
 * Credential-free checks of synthesized stacks by the real Terraform providers.
 *
 * `tofu validate` runs each provider's schema and validation code on every
 * resource; a plan under `tofu test` with mock providers then evaluates the
 * whole graph (references, `depends_on`, pre- and postconditions, outputs)
 * without Azure. azurerm parses the IDs it receives, so the mocks give every
 * resource and data source type an ID of its real ARM shape.
 *
 * Works with OpenTofu (1.8 or later) and Terraform (1.7 or later): both
 * understand `mock_provider`, `override_data` and `override_resource`.
 * OpenTofu proves more: its mock providers still run the real provider's
 * validation on the planned (mocked) values, so an ID of the wrong kind in a
 * reference fails the plan; Terraform's mocks skip that validation (its
 * `validate` phase still runs it on the literal values).
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";

/** A synthesized stack: the parsed `cdk.tf.json`. */
export type TerraformJson = Record<string, unknown>;

type Json = Record<string, unknown>;

/** `s` matched literally inside a regular expression. */
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");

// ---------------------------------------------------------------------------
// Mock values
// ---------------------------------------------------------------------------

/** What the mock values of one stack are built from. */
interface MockContext {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
}

/** Deterministic, well-formed UUIDs, distinct per role, so a failing value is easy to trace. */
const uuid = (n: number): string => `${n.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

const TENANT_ID = uuid(0x7e4a47);
const PRINCIPAL_ID = uuid(0x9417c1);
const CLIENT_ID = uuid(0xc11e47);
const OBJECT_ID = uuid(0x0b1ec7);
const ROLE_DEFINITION_GUID = uuid(0x401ede);
const ROLE_ASSIGNMENT_GUID = uuid(0x401ea5);
const WORKSPACE_GUID = uuid(0x10a9);

/** The default subscription of the mocks when the provider block names none. */
export const MOCK_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIBmock\n-----END CERTIFICATE-----\n";
const PEM_BASE64 = Buffer.from(PEM).toString("base64");

const subscriptionScope = (c: MockContext) => `/subscriptions/${c.subscriptionId}`;
const groupScope = (c: MockContext, group?: string) => `${subscriptionScope(c)}/resourceGroups/${group ?? c.resourceGroup}`;

/** A literal string attribute of a block's configuration (not a Terraform expression). */
function literal(attrs: Json, key: string): string | undefined {
  const v = attrs[key];
  return typeof v === "string" && v.length > 0 && !v.includes("${") ? v : undefined;
}

/** `{rg}/providers/<provider path>` with the block's own name and group when they are literals. */
function inGroup(c: MockContext, attrs: Json, providerPath: (name: string) => string, fallbackName: string): string {
  return `${groupScope(c, literal(attrs, "resource_group_name"))}/providers/${providerPath(literal(attrs, "name") ?? fallbackName)}`;
}

function subnetId(c: MockContext, attrs: Json): string {
  const vnet = literal(attrs, "virtual_network_name") ?? "vnet-mock";
  return inGroup(c, attrs, (n) => `Microsoft.Network/virtualNetworks/${vnet}/subnets/${n}`, "snet-mock");
}

function clusterId(c: MockContext, attrs: Json = {}): string {
  return inGroup(c, attrs, (n) => `Microsoft.ContainerService/managedClusters/${n}`, "aks-mock");
}

function identityId(c: MockContext, name = "id-mock"): string {
  return `${groupScope(c)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
}

const roleDefinitionResourceId = (c: MockContext) =>
  `${subscriptionScope(c)}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_DEFINITION_GUID}`;

/** The computed attributes a type needs for the provider's validation and for references into it. */
type MockValues = (c: MockContext, attrs: Json) => Json;

/** `Microsoft.<Namespace>/<type>/<name>` in a resource group, with the block's name. */
const armInGroup =
  (providerPath: string, fallbackName: string, extra: MockValues = () => ({})): MockValues =>
  (c, attrs) => ({ id: inGroup(c, attrs, (n) => `${providerPath}/${n}`, fallbackName), ...extra(c, attrs) });

const identityValues = { principal_id: PRINCIPAL_ID, client_id: CLIENT_ID, tenant_id: TENANT_ID };

/**
 * ARM ID shapes (and the other computed values references need) of managed
 * resource types, by Terraform type. Types not listed get a generic ID of
 * the same shape, see {@link genericArmId}.
 */
const RESOURCE_MOCKS: Record<string, MockValues> = {
  azurerm_resource_group: (c, a) => ({ id: groupScope(c, literal(a, "name")) }),
  azurerm_virtual_network: armInGroup("Microsoft.Network/virtualNetworks", "vnet-mock", () => ({ guid: uuid(0x6e7) })),
  azurerm_subnet: (c, a) => ({ id: subnetId(c, a) }),
  // Association resources take the ID of the subnet they attach to.
  azurerm_subnet_network_security_group_association: (c) => ({ id: subnetId(c, {}) }),
  azurerm_subnet_route_table_association: (c) => ({ id: subnetId(c, {}) }),
  azurerm_subnet_nat_gateway_association: (c) => ({ id: subnetId(c, {}) }),
  azurerm_network_security_group: armInGroup("Microsoft.Network/networkSecurityGroups", "nsg-mock"),
  azurerm_route_table: armInGroup("Microsoft.Network/routeTables", "rt-mock"),
  azurerm_nat_gateway: armInGroup("Microsoft.Network/natGateways", "ng-mock", () => ({ resource_guid: uuid(0x9a7) })),
  azurerm_public_ip: armInGroup("Microsoft.Network/publicIPAddresses", "pip-mock", () => ({ ip_address: "20.0.0.4" })),
  azurerm_private_dns_zone: armInGroup("Microsoft.Network/privateDnsZones", "privatelink.eastus.azmk8s.io"),
  azurerm_user_assigned_identity: armInGroup("Microsoft.ManagedIdentity/userAssignedIdentities", "id-mock", () => identityValues),
  azurerm_federated_identity_credential: (c) => ({ id: `${identityId(c)}/federatedIdentityCredentials/fic-mock` }),
  azurerm_log_analytics_workspace: armInGroup("Microsoft.OperationalInsights/workspaces", "log-mock", () => ({
    workspace_id: WORKSPACE_GUID,
    primary_shared_key: "bW9jaw==",
  })),
  azurerm_kubernetes_cluster: (c, a) => {
    const name = literal(a, "name") ?? "aks-mock";
    const fqdn = `${name.replace(/_/g, "-").toLowerCase()}-mock.hcp.${c.location}.azmk8s.io`;
    return {
      id: clusterId(c, a),
      fqdn,
      private_fqdn: fqdn.replace(".hcp.", ".privatelink."),
      oidc_issuer_url: `https://${c.location}.oic.prod-aks.azure.com/${TENANT_ID}/${uuid(0x01dc)}/`,
      node_resource_group: `MC_${c.resourceGroup}_${name}_${c.location}`,
      node_resource_group_id: `${subscriptionScope(c)}/resourceGroups/MC_${c.resourceGroup}_${name}_${c.location}`,
    };
  },
  azurerm_kubernetes_cluster_node_pool: (c, a) => ({
    id: `${clusterId(c)}/agentPools/${literal(a, "name") ?? "pool"}`,
  }),
  // azurerm's ID of a diagnostic setting is "<target resource ID>|<name>".
  azurerm_monitor_diagnostic_setting: (c, a) => ({ id: `${clusterId(c)}|${literal(a, "name") ?? "diag-mock"}` }),
  azurerm_role_assignment: (c) => ({
    id: `${subnetId(c, {})}/providers/Microsoft.Authorization/roleAssignments/${ROLE_ASSIGNMENT_GUID}`,
    role_definition_id: roleDefinitionResourceId(c),
    principal_type: "ServicePrincipal",
  }),
  // azurerm's ID of a role definition is "<role definition resource ID>|<scope>".
  azurerm_role_definition: (c) => ({
    id: `${roleDefinitionResourceId(c)}|${groupScope(c)}`,
    role_definition_id: ROLE_DEFINITION_GUID,
    role_definition_resource_id: roleDefinitionResourceId(c),
  }),
  azurerm_key_vault: armInGroup("Microsoft.KeyVault/vaults", "kv-mock", (_c, a) => ({
    vault_uri: `https://${literal(a, "name") ?? "kv-mock"}.vault.azure.net/`,
  })),
  azurerm_key_vault_key: () => ({
    id: `https://kv-mock.vault.azure.net/keys/key-mock/${"0".repeat(32)}`,
    versionless_id: "https://kv-mock.vault.azure.net/keys/key-mock",
  }),
  azurerm_disk_encryption_set: armInGroup("Microsoft.Compute/diskEncryptionSets", "des-mock"),
  azurerm_container_registry: armInGroup("Microsoft.ContainerRegistry/registries", "acrmock", (_c, a) => ({
    login_server: `${literal(a, "name") ?? "acrmock"}.azurecr.io`,
  })),
  azurerm_storage_account: armInGroup("Microsoft.Storage/storageAccounts", "stmock", (_c, a) => ({
    primary_blob_endpoint: `https://${literal(a, "name") ?? "stmock"}.blob.core.windows.net/`,
  })),
};

/** Data source types: the same shapes, plus what a lookup returns. */
const DATA_MOCKS: Record<string, MockValues> = {
  azurerm_client_config: (c) => ({
    id: `clientConfigs/clientId=${CLIENT_ID};objectId=${OBJECT_ID};subscriptionId=${c.subscriptionId};tenantId=${TENANT_ID}`,
    client_id: CLIENT_ID,
    object_id: OBJECT_ID,
    tenant_id: TENANT_ID,
    subscription_id: c.subscriptionId,
  }),
  azurerm_subscription: (c) => ({
    id: subscriptionScope(c),
    subscription_id: c.subscriptionId,
    tenant_id: TENANT_ID,
    display_name: "mock subscription",
  }),
  azurerm_resource_group: (c, a) => ({ id: groupScope(c, literal(a, "name")), location: c.location }),
  azurerm_virtual_network: (c, a) => ({
    ...RESOURCE_MOCKS.azurerm_virtual_network(c, a),
    location: c.location,
    address_space: ["10.0.0.0/8"],
  }),
  // A /16 with a route table and a security group: enough for capacity and egress postconditions.
  azurerm_subnet: (c, a) => ({
    id: subnetId(c, a),
    address_prefixes: ["10.200.0.0/16"],
    address_prefix: "10.200.0.0/16",
    route_table_id: `${groupScope(c)}/providers/Microsoft.Network/routeTables/rt-mock`,
    network_security_group_id: `${groupScope(c)}/providers/Microsoft.Network/networkSecurityGroups/nsg-mock`,
  }),
  azurerm_key_vault: (c, a) => ({ ...RESOURCE_MOCKS.azurerm_key_vault(c, a), tenant_id: TENANT_ID }),
  azurerm_role_definition: (c) => ({
    id: roleDefinitionResourceId(c),
    role_definition_id: ROLE_DEFINITION_GUID,
  }),
};

/**
 * Blocks that the configuration sets but whose attributes are partly
 * computed: a mock fills them only through a per-resource override, and
 * only when the block is present.
 */
const PRESENT_BLOCK_MOCKS: Record<string, Record<string, Json>> = {
  azurerm_kubernetes_cluster: { identity: { principal_id: PRINCIPAL_ID, tenant_id: TENANT_ID } },
};

/** An identity AKS creates for a component, as its computed block shows it. */
const addOnIdentity = (c: MockContext, component: string): Json => ({
  client_id: CLIENT_ID,
  object_id: OBJECT_ID,
  user_assigned_identity_id: identityId(c, `${component}-aks-mock`),
});

/** Kubeconfig-shaped values for `kube_config` and similar blocks. */
const KUBE_CONFIG = (c: MockContext): Json => ({
  host: `https://aks-mock.hcp.${c.location}.azmk8s.io:443`,
  username: "clusterUser_mock",
  password: "mock",
  client_certificate: PEM_BASE64,
  client_key: PEM_BASE64,
  cluster_ca_certificate: PEM_BASE64,
});

/**
 * Computed-only blocks: a mock cannot fill them (they are empty lists under
 * mocks, unknown in a real plan), so references into them are read through
 * `try()` with these values in the plan's copy of the configuration.
 */
const COMPUTED_BLOCKS: Record<string, Record<string, (c: MockContext) => Json>> = {
  azurerm_kubernetes_cluster: {
    kubelet_identity: (c) => addOnIdentity(c, "agentpool"),
    kube_config: KUBE_CONFIG,
    kube_admin_config: KUBE_CONFIG,
    // Nested in configured blocks: the add-ons' own identities.
    "oms_agent[0].oms_agent_identity": (c) => addOnIdentity(c, "omsagent"),
    "key_vault_secrets_provider[0].secret_identity": (c) => addOnIdentity(c, "azurekeyvaultsecretsprovider"),
  },
};

/** `lowerCamelCase` plural of the part of a type after its provider prefix. */
function armTypeSegment(type: string): string {
  const words = type.split("_").slice(1);
  const camel = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  return `${camel || "resource"}s`;
}

/** The ID of an azurerm type missing from the table: well-formed, in a made-up namespace. */
export function genericArmId(type: string, subscriptionId = MOCK_SUBSCRIPTION_ID, resourceGroup = "rg-mock"): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Mock/${armTypeSegment(type)}/${type.replace(/_/g, "-")}-mock`;
}

/** Options of {@link armMockValues}. */
export interface ArmMockOptions {
  /** The data source of the type rather than the managed resource. @default false */
  readonly data?: boolean;
  /** Subscription of the IDs. @default {@link MOCK_SUBSCRIPTION_ID} */
  readonly subscriptionId?: string;
  /** Region in values that contain one (FQDNs, a looked-up location). @default "eastus" */
  readonly location?: string;
  /** The block's configuration: its literal names go into the ID. @default none */
  readonly config?: Record<string, unknown>;
}

/**
 * The mocked computed values of an azurerm type, as `mock_resource` (or
 * `mock_data`, with `data`) defaults: at least an `id` of the type's real ARM
 * shape.
 */
export function armMockValues(type: string, options: ArmMockOptions = {}): Record<string, unknown> {
  const c: MockContext = { subscriptionId: options.subscriptionId ?? MOCK_SUBSCRIPTION_ID, resourceGroup: "rg-mock", location: options.location ?? "eastus" };
  const table = options.data ? DATA_MOCKS : RESOURCE_MOCKS;
  const values = table[type] ?? (options.data ? RESOURCE_MOCKS[type] : undefined);
  return values ? values(c, options.config ?? {}) : { id: genericArmId(type, c.subscriptionId, c.resourceGroup) };
}

// ---------------------------------------------------------------------------
// HCL text
// ---------------------------------------------------------------------------

/** A string literal in HCL, with template sequences escaped. */
function hclString(s: string): string {
  const escaped = s
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, "%%{");
  return `"${escaped}"`;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A JSON value as an HCL expression (objects on one line: mocks stay greppable). */
function hclValue(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return hclString(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(hclValue).join(", ")}]`;
  const entries = Object.entries(v as Json).map(([k, x]) => `${IDENT.test(k) ? k : hclString(k)} = ${hclValue(x)}`);
  return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
}

/** An object as indented `key = value` lines. */
function hclAttributes(values: Json, indent: string): string {
  return Object.entries(values)
    .map(([k, v]) => `${indent}${IDENT.test(k) ? k : hclString(k)} = ${hclValue(v)}`)
    .join("\n");
}

// ---------------------------------------------------------------------------
// Reading a stack
// ---------------------------------------------------------------------------

const asObject = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

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
export function remoteOutputValue(key: string, c: Pick<MockContext, "location" | "resourceGroup" | "subscriptionId"> = { location: "eastus", resourceGroup: "rg-mock", subscriptionId: MOCK_SUBSCRIPTION_ID }): unknown {
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
export function variableValue(name: string, config: Json): unknown {
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

// ---------------------------------------------------------------------------
// The test file
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Running the check
// ---------------------------------------------------------------------------

/** Where a stack's check stopped. */
export type TerraformCheckPhase = "setup" | "init" | "validate" | "plan" | "real-plan";

/** One problem the CLI or a provider reported, condensed to one line. */
export interface TerraformProblem {
  /** `error` fails the stack; warnings are reported only. */
  readonly severity: "error" | "warning";
  /** The provider's own message: summary and the first paragraph of the detail, on one line. */
  readonly message: string;
  /** The resource, data source or output the problem is about, when known. */
  readonly address?: string;
}

/** The outcome of the check of one stack. */
export interface StackCheckResult {
  /** The stack's name (cdktf metadata, else the directory name). */
  readonly stack: string;
  /** The synthesized stack directory that was checked. */
  readonly stackDir: string;
  /** True when init, validate and the mock plan all succeeded. */
  readonly ok: boolean;
  /** The phase that failed; undefined when ok. */
  readonly phase?: TerraformCheckPhase;
  /** The errors of the failing phase. */
  readonly problems: TerraformProblem[];
  /** Warnings of every phase (deprecations and the like). */
  readonly warnings: TerraformProblem[];
  /** What the mock plan adjusted (references read through `try()`). */
  readonly notes: string[];
  /** Wall time of the stack's check, in seconds. */
  readonly seconds: number;
  /** The working directory, when kept (`keepWorkDirs`). */
  readonly workDir?: string;
}

/** Options of {@link checkSynthesizedStacks}. */
export interface TerraformCheckOptions {
  /**
   * The CLI: `tofu` or `terraform`, a name on PATH or a path.
   * @default "tofu"
   */
  readonly binary?: string;
  /**
   * CLI configuration file (e.g. a provider filesystem mirror), passed as
   * `TF_CLI_CONFIG_FILE`. Without it, a `TF_CLI_CONFIG_FILE` of the
   * environment that names a missing file is dropped.
   * @default the environment's
   */
  readonly cliConfigFile?: string;
  /**
   * Stacks checked at once.
   * @default the number of CPU cores
   */
  readonly concurrency?: number;
  /**
   * Provider plugin cache shared by all stacks (inits are serialized, as the
   * cache is not safe for concurrent writers). Ignored with `cliConfigFile`,
   * whose mirror is linked, not copied.
   * @default `$TF_PLUGIN_CACHE_DIR`, else a directory in the system temp directory
   */
  readonly pluginCacheDir?: string;
  /**
   * Timeout of each CLI command, in milliseconds.
   * @default 300000
   */
  readonly commandTimeoutMs?: number;
  /**
   * Keep each stack's working directory (reported as `workDir`).
   * @default false
   */
  readonly keepWorkDirs?: boolean;
  /** Options of the generated test file, by stack name. @default none */
  readonly mockOptions?: Record<string, MockPlanOptions>;
  /** Called when a stack's check ends, e.g. for progress output. @default none */
  readonly onResult?: (result: StackCheckResult) => void;
  /**
   * After the mock plan, plan stacks with azurerm resources with the real
   * provider against an empty state, offline (a local token endpoint, no
   * refresh): the provider's plan-time checks (CustomizeDiff) run, which
   * mocks skip. Stacks without azurerm resources (a Helm stack needs a
   * cluster and a chart repository) are not planned this way.
   * @default true
   */
  readonly realPlan?: boolean;
}

interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(binary: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeout: number): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(binary, args, { cwd, env, timeout, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      const spawnError = error && typeof error.code === "string" ? `${error.message}\n` : "";
      resolve({ code, stdout: String(stdout), stderr: spawnError + String(stderr) });
    });
  });
}

/** First paragraph of a message, on one line. */
function firstParagraph(text: string): string {
  return text.trim().split(/\n\s*\n/)[0].replace(/\s+/g, " ").trim();
}

interface Diagnostic {
  severity?: string;
  summary?: string;
  detail?: string;
  address?: string;
  snippet?: { context?: string | null; values?: { traversal?: string; statement?: string }[] };
}

/** A diagnostic of `-json` output as one problem line. */
function problemOf(d: Diagnostic): TerraformProblem {
  const summary = firstParagraph(d.summary ?? "");
  const detail = firstParagraph(d.detail ?? "");
  const values = (d.snippet?.values ?? []).map((v) => `${v.traversal} ${v.statement}`.trim()).filter(Boolean);
  const message = [summary, detail].filter(Boolean).join(": ") + (values.length > 0 ? ` [${values.join("; ")}]` : "");
  const context = d.address ?? d.snippet?.context ?? undefined;
  return { severity: d.severity === "warning" ? "warning" : "error", message, address: context ? shortAddress(context) : undefined };
}

/** `resource.azurerm_x.name.block` -> `azurerm_x.name`; `data.t.n.x` -> `data.t.n`; `output.o` stays. */
function shortAddress(context: string): string {
  const parts = context.replace(/^resource\./, "").split(".");
  if (parts[0] === "output" || parts[0] === "variable" || parts[0] === "provider") return parts.slice(0, 2).join(".");
  if (parts[0] === "data") return parts.slice(0, 3).join(".");
  return parts.slice(0, 2).join(".");
}

/** Errors and warnings from human-readable CLI output (used for init, which has no JSON mode in Terraform). */
function problemsFromText(text: string): TerraformProblem[] {
  const out: TerraformProblem[] = [];
  const clean = text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").replace(/^[│╷╵]\s?/gm, "");
  for (const m of clean.matchAll(/^(Error|Warning): (.*)$/gm)) {
    const after = clean.slice((m.index ?? 0) + m[0].length);
    const paragraphs = after.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
    // Skip the "with ..., on file line N" location paragraph.
    const detail = paragraphs.find((p) => !/^(with |on )/.test(p) && !/^(Error|Warning):/.test(p));
    const address = /with ([^,\n]+),/.exec(paragraphs[0] ?? "")?.[1];
    out.push({
      severity: m[1] === "Warning" ? "warning" : "error",
      message: [m[2].trim(), detail ? firstParagraph(detail) : ""].filter(Boolean).join(": "),
      address,
    });
  }
  if (out.length === 0 && text.trim()) out.push({ severity: "error", message: firstParagraph(clean) });
  return out;
}

function diagnosticsOfValidate(stdout: string): Diagnostic[] {
  try {
    return (JSON.parse(stdout) as { diagnostics?: Diagnostic[] }).diagnostics ?? [];
  } catch {
    return [];
  }
}

function diagnosticsOfTest(stdout: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const msg = JSON.parse(line) as { type?: string; diagnostic?: Diagnostic };
      if (msg.type === "diagnostic" && msg.diagnostic) out.push(msg.diagnostic);
    } catch {
      // not a JSON line
    }
  }
  return out;
}

const unique = (problems: TerraformProblem[]) => {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.severity}|${p.message}|${p.address ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** Blocks a mock plan found empty: `X.kubelet_identity is empty list of object` in an "Invalid index" error. */
function emptyBlocks(diagnostics: Diagnostic[]): string[] {
  const out: string[] = [];
  for (const d of diagnostics) {
    if (d.severity !== "error" || d.summary !== "Invalid index") continue;
    for (const v of d.snippet?.values ?? []) {
      // A block of a resource or data source, possibly nested: `t.n.block` or `t.n.outer[0].block`.
      const block = /^(data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+(\.[a-z0-9_]+\[\d+\])*\.[a-z0-9_]+$/;
      if (v.traversal && v.statement === "is empty list of object" && block.test(v.traversal)) {
        out.push(v.traversal);
      }
    }
  }
  return [...new Set(out)];
}

/** A one-slot lock: plugin-cache writes must not overlap. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock<T>(f: () => Promise<T>): Promise<T> {
    const result = this.tail.then(f);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** The stack directories (`<outdir>/stacks/*` holding a `cdk.tf.json`) of a cdktf output directory, sorted. */
export function listSynthesizedStacks(outdir: string): string[] {
  const stacks = path.join(outdir, "stacks");
  if (!fs.existsSync(stacks)) return [];
  return fs
    .readdirSync(stacks)
    .sort()
    .map((d) => path.join(stacks, d))
    .filter((d) => fs.existsSync(path.join(d, "cdk.tf.json")));
}

const TEST_FILE = "mock_plan.tftest.hcl";

/** What a stack's check has found out so far: its name, its working directory, warnings and notes of every phase. */
interface CheckState {
  readonly stackDir: string;
  readonly started: number;
  /** The directory name until the stack's metadata names it. */
  stack: string;
  workDir?: string;
  readonly warnings: TerraformProblem[];
  readonly notes: string[];
}

/** How a stack's check stopped early: the phase and its problems. `undefined`: every phase passed. */
type PhaseFailure = { readonly phase: TerraformCheckPhase; readonly problems: TerraformProblem[] } | undefined;

/** How to run the CLI in a working directory. */
interface CliRun {
  readonly binary: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeout: number;
}

const runIn = (cli: CliRun, workDir: string, args: string[]) => run(cli.binary, args, workDir, cli.env, cli.timeout);
const isError = (d: Diagnostic) => d.severity === "error";
const isWarning = (d: Diagnostic) => d.severity === "warning";

/** A stack's parsed `cdk.tf.json`, or why it cannot be read. */
function readStack(stackDir: string): { json: TerraformJson } | { problem: TerraformProblem } {
  const file = path.join(stackDir, "cdk.tf.json");
  try {
    return { json: JSON.parse(fs.readFileSync(file, "utf8")) as TerraformJson };
  } catch (e) {
    return { problem: { severity: "error", message: `cannot read ${file}: ${(e as Error).message}` } };
  }
}

/** `init -backend=false`, one stack at a time (the plugin cache is shared). */
async function initPhase(cli: CliRun, workDir: string, initLock: Mutex): Promise<PhaseFailure> {
  const init = await initLock.lock(() => runIn(cli, workDir, ["init", "-backend=false", "-input=false", "-no-color"]));
  if (init.code === 0) return undefined;
  return { phase: "init", problems: problemsFromText(`${init.stderr}\n${init.stdout}`).filter((p) => p.severity === "error") };
}

/** `validate -json`: the providers' schema and validation code on every block. */
async function validatePhase(cli: CliRun, workDir: string, state: CheckState): Promise<PhaseFailure> {
  const validate = await runIn(cli, workDir, ["validate", "-json", "-no-color"]);
  const diagnostics = diagnosticsOfValidate(validate.stdout);
  state.warnings.push(...diagnostics.filter(isWarning).map(problemOf));
  const errors = diagnostics.filter(isError).map(problemOf);
  if (validate.code === 0 && errors.length === 0) return undefined;
  return { phase: "validate", problems: errors.length > 0 ? errors : problemsFromText(`${validate.stderr}\n${validate.stdout}`) };
}

/** One mock plan (`test -json`) of the stack with `extraBlocks` read through `try()`. */
async function mockPlan(cli: CliRun, workDir: string, json: TerraformJson, extraBlocks: string[], mockOptions: MockPlanOptions) {
  const prepared = mockFriendlyStack(json, extraBlocks, mockOptions);
  fs.writeFileSync(path.join(workDir, "cdk.tf.json"), JSON.stringify(prepared.json, null, 2));
  const test = await runIn(cli, workDir, ["test", "-json", "-no-color"]);
  const diagnostics = diagnosticsOfTest(test.stdout);
  return { references: prepared.references, test, diagnostics, errors: diagnostics.filter(isError) };
}

/**
 * The mock plan, at most twice: when the first fails on blocks it found
 * empty, the second reads them through `try()`.
 */
async function planPhase(cli: CliRun, workDir: string, json: TerraformJson, state: CheckState, mockOptions: MockPlanOptions): Promise<PhaseFailure> {
  fs.writeFileSync(path.join(workDir, TEST_FILE), mockPlanTestFile(json, mockOptions));
  let plan = await mockPlan(cli, workDir, json, [], mockOptions);
  const empty = emptyBlocks(plan.errors);
  if (plan.test.code !== 0 && empty.length > 0) plan = await mockPlan(cli, workDir, json, empty, mockOptions);
  state.notes.push(...plan.references.map((r) => `mock plan read ${r.block}[0] through try(): the block is computed only, and mocks leave it empty`));
  state.warnings.push(...plan.diagnostics.filter(isWarning).map(problemOf));
  if (plan.test.code === 0 && plan.errors.length === 0) return undefined;
  const problems = plan.errors.map(problemOf);
  return { phase: "plan", problems: problems.length > 0 ? problems : problemsFromText(`${plan.test.stderr}\n${plan.test.stdout}`) };
}

/**
 * Reads the stack, copies it into a fresh working directory (so that
 * .terraform and lock files never land in the synth output), then runs
 * init, validate and the mock plan there until one fails.
 */
async function runPhases(state: CheckState, cli: CliRun, options: TerraformCheckOptions, initLock: Mutex): Promise<PhaseFailure> {
  const read = readStack(state.stackDir);
  if ("problem" in read) return { phase: "setup", problems: [read.problem] };
  state.stack = literal(asObject(asObject(read.json["//"]).metadata), "stackName") ?? state.stack;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `tfcheck-${state.stack.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 40)}-`));
  state.workDir = workDir;
  fs.copyFileSync(path.join(state.stackDir, "cdk.tf.json"), path.join(workDir, "cdk.tf.json"));
  return (
    (await initPhase(cli, workDir, initLock)) ??
    (await validatePhase(cli, workDir, state)) ??
    (await planPhase(cli, workDir, read.json, state, options.mockOptions?.[state.stack] ?? {})) ??
    (options.realPlan === false ? undefined : await realPlanPhase(cli, options, read.json, state))
  );
}

/** The real provider's plan against an empty state, for stacks with azurerm resources. */
async function realPlanPhase(cli: CliRun, options: TerraformCheckOptions, json: TerraformJson, state: CheckState): Promise<PhaseFailure> {
  if (!Object.keys(asObject(json.resource)).some((t) => t.startsWith("azurerm_"))) {
    state.notes.push("no real-provider plan: no azurerm resources (a Helm release needs the cluster and the chart repository to plan)");
    return undefined;
  }
  // Loaded here: real-plan imports this module.
  const { OfflinePlanner } = await import("./real-plan");
  const planner = await OfflinePlanner.create({ cli: { binary: cli.binary, cliConfigFile: options.cliConfigFile, origin: "path" }, commandTimeoutMs: cli.timeout });
  try {
    const result = await planner.planFresh(json);
    if (result.ok) return undefined;
    const problems = problemsFromText(result.error ?? "").filter((p) => p.severity === "error");
    return { phase: "real-plan", problems: problems.length > 0 ? problems : [{ severity: "error", message: firstParagraph(result.error ?? "the plan failed") }] };
  } finally {
    await planner.close();
  }
}

/** The result of a stack's check, from what it found out and how it stopped. */
function checkResult(state: CheckState, options: TerraformCheckOptions, failure: PhaseFailure): StackCheckResult {
  return {
    stack: state.stack,
    stackDir: state.stackDir,
    ok: failure === undefined,
    phase: failure?.phase,
    problems: unique(failure?.problems ?? []),
    warnings: unique(state.warnings),
    notes: state.notes,
    seconds: (Date.now() - state.started) / 1000,
    workDir: options.keepWorkDirs ? state.workDir : undefined,
  };
}

/** Checks one stack in a working directory of its own, removed afterwards unless `keepWorkDirs`. */
async function checkOne(stackDir: string, options: TerraformCheckOptions, env: NodeJS.ProcessEnv, initLock: Mutex): Promise<StackCheckResult> {
  const state: CheckState = { stackDir, started: Date.now(), stack: path.basename(stackDir), warnings: [], notes: [] };
  const cli: CliRun = { binary: options.binary ?? "tofu", env, timeout: options.commandTimeoutMs ?? 300_000 };
  try {
    return checkResult(state, options, await runPhases(state, cli, options, initLock));
  } catch (e) {
    return checkResult(state, options, { phase: "setup", problems: [{ severity: "error", message: (e as Error).message }] });
  } finally {
    if (state.workDir && !options.keepWorkDirs) fs.rmSync(state.workDir, { recursive: true, force: true });
  }
}

/** The environment of the CLI: its CLI config, no prompts, no telemetry, a shared plugin cache. */
function cliEnvironment(options: TerraformCheckOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };
  if (options.cliConfigFile) env.TF_CLI_CONFIG_FILE = path.resolve(options.cliConfigFile);
  else if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
  if (!options.cliConfigFile) {
    const cache = options.pluginCacheDir ?? env.TF_PLUGIN_CACHE_DIR ?? path.join(os.tmpdir(), "tfcheck-plugin-cache");
    fs.mkdirSync(cache, { recursive: true });
    env.TF_PLUGIN_CACHE_DIR = cache;
  }
  return env;
}

/**
 * Checks synthesized stacks with the real providers, without credentials:
 * each stack's `cdk.tf.json` is copied into a fresh temporary directory,
 * then `init -backend=false`, `validate -json` and a mock plan
 * (`test`, with {@link mockPlanTestFile}) run there. Stacks run in parallel,
 * up to `concurrency`. Results come in the order of `stackDirs`.
 */
export async function checkSynthesizedStacks(stackDirs: readonly string[], options: TerraformCheckOptions = {}): Promise<StackCheckResult[]> {
  const env = cliEnvironment(options);
  const initLock = new Mutex();
  const results: StackCheckResult[] = new Array(stackDirs.length);
  const workers = Math.max(1, Math.min(options.concurrency ?? (os.availableParallelism?.() ?? os.cpus().length), stackDirs.length));
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < stackDirs.length) {
        const i = next++;
        results[i] = await checkOne(stackDirs[i], options, env, initLock);
        options.onResult?.(results[i]);
      }
    }),
  );
  return results;
}

/** Options of {@link formatTerraformFailures}. */
export interface FormatOptions {
  /**
   * One line per problem instead of one per failing stack.
   * @default false
   */
  readonly perProblem?: boolean;
}

const problemText = (p: TerraformProblem) => `${p.message}${p.address ? ` (${p.address})` : ""}`;

/**
 * One line per failing stack, `<stack>: <phase>: <provider message> (<address>)`;
 * a stack with several problems has them on its line, separated by ` | `.
 */
export function formatTerraformFailures(results: readonly StackCheckResult[], options: FormatOptions = {}): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (r.ok) continue;
    const problems = r.problems.length > 0 ? r.problems : [{ severity: "error" as const, message: "failed without a message" }];
    if (options.perProblem) problems.forEach((p) => lines.push(`${r.stack}: ${r.phase}: ${problemText(p)}`));
    else lines.push(`${r.stack}: ${r.phase}: ${problems.map(problemText).join(" | ")}`);
  }
  return lines;
}

// ---------------------------------------------------------------------------
// Finding the CLI
// ---------------------------------------------------------------------------

/** A CLI that can run the check. */
export interface TerraformCli {
  /** Absolute path of the binary. */
  readonly binary: string;
  /** CLI configuration to pass as `TF_CLI_CONFIG_FILE` (a provider mirror); undefined: the registry. */
  readonly cliConfigFile?: string;
  /** Where it came from. */
  readonly origin: "path" | "install-script";
}

/** Options of {@link findTerraformCli}. */
export interface FindTerraformOptions {
  /**
   * Binaries looked up on PATH, in order.
   * @default ["tofu", "terraform"]
   */
  readonly candidates?: readonly string[];
  /**
   * The PATH to search.
   * @default `process.env.PATH`
   */
  readonly searchPath?: string;
  /**
   * Timeout of the HTTPS probe of the provider registry, in milliseconds.
   * @default 4000
   */
  readonly probeTimeoutMs?: number;
  /**
   * Registry probed per binary name (a binary found on PATH is used only
   * when its registry answers).
   * @default tofu: registry.opentofu.org, terraform: registry.terraform.io
   */
  readonly registries?: Record<string, string>;
  /**
   * A script that unpacks a CLI and a provider mirror: run as
   * `<installScript> <installDir>`, it prints the binary's path and writes
   * `<installDir>/tofurc`.
   * @default none
   */
  readonly installScript?: string;
  /** Where `installScript` unpacks. Required with `installScript`. @default none */
  readonly installDir?: string;
}

const DEFAULT_REGISTRIES: Record<string, string> = {
  tofu: "https://registry.opentofu.org/.well-known/terraform.json",
  terraform: "https://registry.terraform.io/.well-known/terraform.json",
};

/** Resolves with an empty string when the URL answers, else with the reason. */
function probe(url: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const req = https.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500 ? "" : `HTTP ${res.statusCode}`);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (e) => resolve(e.message));
  });
}

function onPath(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The first of the candidates on PATH whose public provider registry answers
 * (a short HTTPS probe); adds why each other candidate was passed over to `tried`.
 */
async function cliOnPath(options: FindTerraformOptions, tried: string[]): Promise<TerraformCli | undefined> {
  const registries = { ...DEFAULT_REGISTRIES, ...options.registries };
  const timeout = options.probeTimeoutMs ?? 4000;
  for (const name of options.candidates ?? ["tofu", "terraform"]) {
    const binary = onPath(name, options.searchPath ?? process.env.PATH ?? "");
    if (!binary) {
      tried.push(`${name}: not on PATH`);
      continue;
    }
    const url = registries[name] ?? DEFAULT_REGISTRIES.terraform;
    const failure = await probe(url, timeout);
    if (!failure) return { binary, origin: "path" };
    tried.push(`${binary}: its provider registry ${new URL(url).host} is unreachable (${failure})`);
  }
  return undefined;
}

/**
 * The CLI and provider mirror that `script` unpacks into `installDir`, when
 * it prints an existing binary and writes `<installDir>/tofurc`; otherwise
 * adds why not to `tried`.
 */
async function cliFromInstallScript(script: string, installDir: string | undefined, tried: string[]): Promise<TerraformCli | undefined> {
  if (!installDir) throw new Error("findTerraformCli: installDir is required with installScript");
  if (!fs.existsSync(script)) {
    tried.push(`${script}: not found`);
    return undefined;
  }
  const result = await run(script, [installDir], process.cwd(), process.env, 600_000);
  const printed = result.stdout.trim().split("\n").pop() ?? "";
  const cliConfigFile = path.join(path.resolve(installDir), "tofurc");
  if (result.code === 0 && printed && fs.existsSync(printed) && fs.existsSync(cliConfigFile)) {
    return { binary: printed, cliConfigFile, origin: "install-script" };
  }
  tried.push(`${script} ${installDir}: failed (exit ${result.code}): ${firstParagraph(result.stderr || result.stdout)}`);
  return undefined;
}

/** What to install, and what was tried. */
function noCliMessage(tried: readonly string[]): string {
  return [
    "No OpenTofu or Terraform CLI that can load the providers was found.",
    "Install OpenTofu 1.10.10 (https://opentofu.org/docs/intro/install/; CI: opentofu/setup-opentofu with tofu_version 1.10.10) " +
      "or Terraform 1.7 or later, on PATH as `tofu` or `terraform`, on a machine that reaches its registry " +
      "(registry.opentofu.org or registry.terraform.io) to download hashicorp/azurerm 4.55.0 and hashicorp/helm 3.1.1; " +
      "or provide those providers in a filesystem mirror with an install script (installScript/installDir).",
    `Tried: ${tried.join("; ")}.`,
  ].join(" ");
}

/**
 * Finds a CLI for {@link checkSynthesizedStacks}: `tofu` or `terraform` (in
 * the order of `candidates`) from PATH when its public provider registry
 * answers (a short HTTPS probe);
 * otherwise the CLI and provider mirror unpacked by `installScript`;
 * otherwise throws an Error saying what to install.
 */
export async function findTerraformCli(options: FindTerraformOptions = {}): Promise<TerraformCli> {
  const tried: string[] = [];
  const found = (await cliOnPath(options, tried)) ?? (options.installScript ? await cliFromInstallScript(options.installScript, options.installDir, tried) : undefined);
  if (found) return found;
  throw new Error(noCliMessage(tried));
}
