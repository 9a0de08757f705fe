/**
 * Mock values for the provider check: an ID of the real ARM shape, and the
 * computed attributes the constructs read, for every resource and data
 * source type (azurerm parses the IDs it receives, so mocks of the wrong
 * shape fail a plan).
 */

/** A synthesized stack: the parsed `cdk.tf.json`. */
export type TerraformJson = Record<string, unknown>;

/** A JSON object. */
export type Json = Record<string, unknown>;


/** What the mock values of one stack are built from. */
export interface MockContext {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
}

/** Deterministic, well-formed UUIDs, distinct per role, so a failing value is easy to trace. */
export const uuid = (n: number): string => `${n.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

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
export const PEM_BASE64 = Buffer.from(PEM).toString("base64");

const subscriptionScope = (c: MockContext) => `/subscriptions/${c.subscriptionId}`;
const groupScope = (c: MockContext, group?: string) => `${subscriptionScope(c)}/resourceGroups/${group ?? c.resourceGroup}`;

/** A literal string attribute of a block's configuration (not a Terraform expression). */
export function literal(attrs: Json, key: string): string | undefined {
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

export function clusterId(c: MockContext, attrs: Json = {}): string {
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
export const PRESENT_BLOCK_MOCKS: Record<string, Record<string, Json>> = {
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
export const COMPUTED_BLOCKS: Record<string, Record<string, (c: MockContext) => Json>> = {
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
