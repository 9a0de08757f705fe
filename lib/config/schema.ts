/**
 * Shape checking of a parsed config file: unknown keys, wrong types, missing
 * required fields, and secrets that must not live in a file.
 *
 * The schema is written with small typed helpers so that the compiler checks
 * it against `AksByoCniConfig`: a field missing from the schema, an extra one,
 * or a required/optional mismatch is a type error, so the two cannot drift.
 */
import type {
  AcceptedRisk,
  AdvancedNetworkingSettings,
  AksByoCniConfig,
  ApiServerSettings,
  AutoScalingSettings,
  BackendSettings,
  ClusterSettings,
  CniSettings,
  MonitoringSettings,
  NetworkSettings,
  NodePoolSettings,
  ResourceGroupSettings,
  SecuritySettings,
  SubnetRoleAssignmentSettings,
  SubnetSettings,
  SystemNodePoolSettings,
  UpgradeSettings,
  VnetSettings,
} from "./types";

/** A problem with the shape of a config file. */
export interface ShapeProblem {
  /** Dotted field path, list items as `[i]`; empty for the document itself. */
  readonly path: string;
  /** What is wrong, and what would be valid. */
  readonly message: string;
  /** CFG-01 secret, CFG-02 unknown key, CFG-03 wrong type, CFG-04 missing field. */
  readonly rule: "CFG-01" | "CFG-02" | "CFG-03" | "CFG-04";
}

type Node =
  | { readonly kind: "string"; readonly values?: readonly string[] }
  | { readonly kind: "integer" }
  | { readonly kind: "boolean" }
  | { readonly kind: "list"; readonly item: Node }
  | { readonly kind: "map" }
  | { readonly kind: "free" }
  | { readonly kind: "object"; readonly fields: Readonly<Record<string, FieldSpec<unknown>>> };

/** A schema node that stands for values of type T (T is only a compile-time tag). */
interface Spec<T> {
  readonly node: Node;
  readonly _type?: (t: T) => T;
}
interface FieldSpec<T> {
  readonly spec: Spec<T>;
  readonly required: boolean;
}

type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];
/** One entry per key of T: `req(...)` for required keys, `opt(...)` for optional ones. */
type Fields<T> = {
  readonly [K in keyof T]-?: K extends OptionalKeys<T>
    ? FieldSpec<NonNullable<T[K]>> & { readonly required: false }
    : FieldSpec<T[K]> & { readonly required: true };
};

const str = (): Spec<string> => ({ node: { kind: "string" } });
const oneOf = <V extends string>(...values: V[]): Spec<V> => ({ node: { kind: "string", values } });
const int = (): Spec<number> => ({ node: { kind: "integer" } });
const bool = (): Spec<boolean> => ({ node: { kind: "boolean" } });
const list = <T>(item: Spec<T>): Spec<T[]> => ({ node: { kind: "list", item: item.node } });
const stringMap = (): Spec<Record<string, string>> => ({ node: { kind: "map" } });
const free = (): Spec<Record<string, unknown>> => ({ node: { kind: "free" } });
const obj = <T>(fields: Fields<T>): Spec<T> => ({
  node: { kind: "object", fields: fields as unknown as Record<string, FieldSpec<unknown>> },
});
const req = <T>(spec: Spec<T>) => ({ spec, required: true }) as const;
const opt = <T>(spec: Spec<T>) => ({ spec, required: false }) as const;

const poolOptions = {
  maxPods: opt(int()),
  autoScaling: opt(obj<AutoScalingSettings>({ minCount: req(int()), maxCount: req(int()) })),
  maxSurge: opt(str()),
  osDiskType: opt(oneOf("Ephemeral", "Managed")),
  osDiskSizeGb: opt(int()),
  hostEncryption: opt(bool()),
  zones: opt(list(str())),
  temporaryNameForRotation: opt(str()),
  podSubnetId: opt(str()),
};
const nodePool = obj<NodePoolSettings>({ name: req(str()), nodeCount: req(int()), vmSize: req(str()), ...poolOptions });
const systemNodePool = obj<SystemNodePoolSettings>({ name: opt(str()), nodeCount: opt(int()), vmSize: opt(str()), ...poolOptions });

const subnet = obj<SubnetSettings>({ name: req(str()), addressPrefixes: req(list(str())) });

/** The schema of a whole config file. */
export const CONFIG_SCHEMA = obj<AksByoCniConfig>({
  location: req(str()),
  resourceGroup: req(obj<ResourceGroupSettings>({ name: req(str()), existing: opt(bool()) })),
  cluster: req(
    obj<ClusterSettings>({
      name: req(str()),
      dnsPrefix: opt(str()),
      kubernetesVersion: opt(str()),
      identity: opt(oneOf("SystemAssigned", "UserAssigned")),
      skuTier: opt(oneOf("Free", "Standard", "Premium")),
      nodeResourceGroup: opt(str()),
      defaultNodePool: opt(systemNodePool),
      userNodePools: opt(list(nodePool)),
      apiServer: opt(obj<ApiServerSettings>({ authorizedIpRanges: opt(list(str())), private: opt(bool()) })),
      security: opt(
        obj<SecuritySettings>({
          localAccountsDisabled: opt(bool()),
          azureRbac: opt(bool()),
          adminGroupObjectIds: opt(list(str())),
          tenantId: opt(str()),
          azurePolicy: opt(bool()),
          workloadIdentity: opt(bool()),
          diskEncryptionSetId: opt(str()),
          keyVaultSecretsProvider: opt(bool()),
        }),
      ),
      upgrade: opt(
        obj<UpgradeSettings>({
          channel: opt(oneOf("patch", "stable", "rapid", "node-image", "none")),
          nodeOsChannel: opt(oneOf("NodeImage", "SecurityPatch", "Unmanaged", "None")),
        }),
      ),
      monitoring: opt(
        obj<MonitoringSettings>({
          logAnalyticsWorkspaceId: opt(str()),
          retentionInDays: opt(int()),
          enabled: opt(bool()),
        }),
      ),
      preventDestroy: opt(bool()),
    }),
  ),
  network: opt(
    obj<NetworkSettings>({
      podCidr: opt(str()),
      serviceCidr: opt(str()),
      dnsServiceIp: opt(str()),
      outboundType: opt(str()),
      loadBalancerSku: opt(str()),
      vnet: opt(
        obj<VnetSettings>({
          name: req(str()),
          addressSpace: req(list(str())),
          subnet: req(subnet),
          otherSubnets: opt(list(subnet)),
          networkSecurityGroup: opt(bool()),
        }),
      ),
      existingSubnetId: opt(str()),
      existingVnetAddressSpace: opt(list(str())),
      existingSubnetAddressPrefixes: opt(list(str())),
      connectedNetworks: opt(list(str())),
      subnetRole: opt(oneOf("NetworkContributor", "MinimalCustomRole", "Existing", "None")),
      subnetRoleAssignment: opt(
        obj<SubnetRoleAssignmentSettings>({
          roleDefinitionId: opt(str()),
          roleDefinitionName: opt(str()),
          name: opt(str()),
          principalType: opt(str()),
          condition: opt(str()),
          conditionVersion: opt(str()),
        }),
      ),
      internalLoadBalancerFrontends: opt(int()),
      networkPlugin: opt(str()),
      networkPolicy: opt(str()),
      networkPluginMode: opt(str()),
      networkDataPlane: opt(str()),
      networkMode: opt(str()),
      advancedNetworking: opt(
        obj<AdvancedNetworkingSettings>({ securityEnabled: opt(bool()), observabilityEnabled: opt(bool()) }),
      ),
      dockerBridgeCidr: opt(str()),
    }),
  ),
  cni: opt(
    obj<CniSettings>({
      plugin: req(oneOf("none", "cilium")),
      version: opt(str()),
      kubeProxyReplacement: opt(bool()),
      kubeloginMode: opt(oneOf("azurecli", "workloadidentity")),
      values: opt(free()),
    }),
  ),
  backend: opt(
    obj<BackendSettings>({
      type: req(oneOf("azurerm")),
      storageAccountName: req(str()),
      containerName: req(str()),
      key: opt(str()),
      resourceGroupName: opt(str()),
      useAzureadAuth: opt(bool()),
      useOidc: opt(bool()),
      subscriptionId: opt(str()),
      tenantId: opt(str()),
    }),
  ),
  acceptedRisks: opt(
    list(obj<AcceptedRisk>({ rule: req(str()), reason: req(str()), resource: opt(str()) })),
  ),
  tags: opt(stringMap()),
});

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

function scanSecretValues(value: unknown, path: string, out: ShapeProblem[]): void {
  if (typeof value === "string") {
    for (const [re, what] of SECRET_VALUE) {
      if (re.test(value)) out.push({ path, rule: "CFG-01", message: `looks like ${what}; ${SECRET_HINT}` });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => scanSecretValues(v, `${path}[${i}]`, out));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const p = join(path, k);
      if (isSecretKey(k)) out.push({ path: p, rule: "CFG-01", message: `is a credential field; ${SECRET_HINT}` });
      else scanSecretValues(v, p, out);
    }
  }
}

function check(node: Node, value: unknown, path: string, out: ShapeProblem[]): void {
  switch (node.kind) {
    case "string":
      if (typeof value !== "string") {
        const hint =
          typeof value === "number" ? "; quote the value in the file (YAML reads an unquoted 1.30 as the number 1.3)" : "";
        out.push({ path, rule: "CFG-03", message: `expected a string, got ${typeName(value)}${hint}` });
      } else if (node.values && !node.values.includes(value)) {
        out.push({
          path,
          rule: "CFG-03",
          message: `${JSON.stringify(value)} is not one of ${node.values.map((v) => JSON.stringify(v)).join(", ")} (case-sensitive)`,
        });
      } else {
        scanSecretValues(value, path, out);
      }
      return;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) {
        out.push({ path, rule: "CFG-03", message: `expected a whole number, got ${typeName(value)}` });
      }
      return;
    case "boolean":
      if (typeof value !== "boolean") {
        out.push({ path, rule: "CFG-03", message: `expected true or false, got ${typeName(value)}` });
      }
      return;
    case "list":
      if (!Array.isArray(value)) {
        out.push({ path, rule: "CFG-03", message: `expected a list, got ${typeName(value)}` });
        return;
      }
      value.forEach((item, i) => check(node.item, item, `${path}[${i}]`, out));
      return;
    case "map":
      if (!value || typeof value !== "object" || Array.isArray(value)) {
        out.push({ path, rule: "CFG-03", message: `expected a mapping of strings, got ${typeName(value)}` });
        return;
      }
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== "string") {
          out.push({ path: join(path, k), rule: "CFG-03", message: `expected a string, got ${typeName(v)}` });
        } else {
          scanSecretValues(v, join(path, k), out);
        }
      }
      return;
    case "free":
      if (!value || typeof value !== "object" || Array.isArray(value)) {
        out.push({ path, rule: "CFG-03", message: `expected a mapping, got ${typeName(value)}` });
        return;
      }
      scanSecretValues(value, path, out);
      return;
    case "object": {
      if (!value || typeof value !== "object" || Array.isArray(value)) {
        out.push({ path, rule: "CFG-03", message: `expected a mapping, got ${typeName(value)}` });
        return;
      }
      const record = value as Record<string, unknown>;
      for (const [key, field] of Object.entries(node.fields)) {
        const v = record[key];
        if (v === undefined || v === null) {
          if (field.required) out.push({ path: join(path, key), rule: "CFG-04", message: "is required" });
        } else {
          check(field.spec.node, v, join(path, key), out);
        }
      }
      for (const key of Object.keys(record)) {
        if (key in node.fields) continue;
        if (isSecretKey(key)) {
          out.push({ path: join(path, key), rule: "CFG-01", message: `is a credential field; ${SECRET_HINT}` });
        } else {
          const known = Object.keys(node.fields);
          const near = known.find((k) => k.toLowerCase() === key.toLowerCase());
          out.push({
            path: join(path, key),
            rule: "CFG-02",
            message: near ? `unknown key; did you mean "${near}"?` : `unknown key; allowed here: ${known.join(", ")}`,
          });
        }
      }
      return;
    }
  }
}

/**
 * Checks a parsed config document against the schema. Returns every problem;
 * an empty list means the value is an `AksByoCniConfig`.
 */
export function checkConfigShape(value: unknown): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  check(CONFIG_SCHEMA.node, value, "", out);
  return out;
}

/** Type guard over `checkConfigShape`. */
export function isAksByoCniConfig(value: unknown): value is AksByoCniConfig {
  return checkConfigShape(value).length === 0;
}
