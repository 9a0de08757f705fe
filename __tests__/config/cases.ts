/**
 * Documents the shape check rejects, with the one message each must give.
 * Shared by load.test.ts (the messages) and schema.test.ts (Ajv rejects
 * them too, when the schema can see the problem).
 */
import { seedConfig, vnetConfig, withField } from "../support";

/** A document the shape check rejects, and why. */
export interface RejectedCase {
  /** What is wrong, for the test name. */
  readonly what: string;
  /** The parsed document. */
  readonly value: unknown;
  /** The single problem line, `path: message [RULE]`. */
  readonly expected: RegExp;
  /**
   * Whether the JSON Schema rejects it too. Only credential-looking values
   * (a SAS token, a storage key) are invisible to it: the secret scan looks
   * at content, the schema at shape.
   */
  readonly schemaRejects: boolean;
}

/** The vnet config with a second, autoscaled user pool (for deep paths). */
function twoPools() {
  const pool = { name: "batch", nodeCount: 1, vmSize: "Standard_D4ds_v5", autoScaling: { minCount: 1, maxCount: 5 } };
  return withField(vnetConfig(), "cluster.userNodePools[1]", pool);
}

const row = (what: string, value: unknown, expected: RegExp, schemaRejects = true): RejectedCase => ({ what, value, expected, schemaRejects });

export const REJECTED: readonly RejectedCase[] = [
  row("an unknown key", withField(seedConfig(), "cluster.nodeCount", 3), /^cluster\.nodeCount: unknown key; allowed here: name, dnsPrefix, .* \[CFG-02\]$/),
  row("a near-miss key (case)", withField(seedConfig(), "network.podCIDR", "10.244.0.0/16"), /^network\.podCIDR: unknown key; did you mean "podCidr"\? \[CFG-02\]$/),
  row("a near-miss key (transposed letters)", withField(seedConfig(), "network.podCdir", "10.244.0.0/16"), /^network\.podCdir: unknown key; did you mean "podCidr"\? \[CFG-02\]$/),
  row("a near-miss key (a letter missing)", withField(vnetConfig(), "cluster.userNodePools[0].maxPod", 50), /^cluster\.userNodePools\[0\]\.maxPod: unknown key; did you mean "maxPods"\? \[CFG-02\]$/),
  row("a near-miss key (British spelling)", withField(seedConfig(), "cluster.apiServer.authorisedIpRanges", ["203.0.113.0/24"]), /^cluster\.apiServer\.authorisedIpRanges: unknown key; did you mean "authorizedIpRanges"\? \[CFG-02\]$/),
  row("a missing required field", withField(vnetConfig(), "cluster.userNodePools[0].vmSize", undefined), /^cluster\.userNodePools\[0\]\.vmSize: is required \[CFG-04\]$/),
  row("a missing top-level field", withField(seedConfig(), "location", undefined), /^location: is required \[CFG-04\]$/),
  row("an empty list of subnet prefixes", withField(vnetConfig(), "network.vnet.subnet.addressPrefixes", []), /^network\.vnet\.subnet\.addressPrefixes: expected a list of at least 1, got an empty list \[CFG-03\]$/),
  row("an empty declared VNet space", withField(seedConfig(), "network.existingVnetAddressSpace", []), /^network\.existingVnetAddressSpace: expected a list of at least 1, got an empty list \[CFG-03\]$/),
  row("a string where a number goes", withField(seedConfig(), "cluster.defaultNodePool.nodeCount", "3"), /^cluster\.defaultNodePool\.nodeCount: expected a whole number, got the string "3" \[CFG-03\]$/),
  row("a string deep in a list", withField(twoPools(), "cluster.userNodePools[1].autoScaling.minCount", "2"), /^cluster\.userNodePools\[1\]\.autoScaling\.minCount: expected a whole number, got the string "2" \[CFG-03\]$/),
  row("a fraction where a whole number goes", withField(seedConfig(), "cluster.defaultNodePool.nodeCount", 2.5), /^cluster\.defaultNodePool\.nodeCount: expected a whole number, got number 2\.5 \[CFG-03\]$/),
  row("a number where a string goes (YAML 1.30)", withField(seedConfig(), "cluster.kubernetesVersion", 1.3), /^cluster\.kubernetesVersion: expected a string, got number 1\.3; quote the value/),
  row("a scalar where a list goes", withField(vnetConfig(), "network.vnet.addressSpace", "10.0.0.0/16"), /^network\.vnet\.addressSpace: expected a list, got the string "10\.0\.0\.0\/16" \[CFG-03\]$/),
  row("a wrong list item", withField(vnetConfig(), "network.vnet.addressSpace[1]", 10), /^network\.vnet\.addressSpace\[1\]: expected a string, got number 10/),
  row("a list where a mapping goes", withField(seedConfig(), "cluster.security", []), /^cluster\.security: expected a mapping, got a list \[CFG-03\]$/),
  row("an enum in the wrong case", withField(seedConfig(), "cluster.identity", "userassigned"), /^cluster\.identity: "userassigned" is not one of "SystemAssigned", "UserAssigned" \(case-sensitive\); did you mean "UserAssigned"\? \[CFG-03\]$/),
  row("a value that is no enum member", withField(seedConfig(), "cluster.upgrade", { channel: "weekly" }), /^cluster\.upgrade\.channel: "weekly" is not one of "patch", "stable", "rapid", "node-image", "none" \(case-sensitive\) \[CFG-03\]$/),
  row("another backend type", withField(seedConfig(), "backend", { type: "s3", storageAccountName: "s", containerName: "c" }), /^backend\.type: "s3" is not one of "azurerm" \(case-sensitive\) \[CFG-03\]$/),
  row("yes for a boolean", withField(seedConfig(), "resourceGroup.existing", "yes"), /^resourceGroup\.existing: expected true or false, got the string "yes" \[CFG-03\]$/),
  row("a number as a tag value", withField(seedConfig(), "tags", { team: "aks", costCenter: 42 }), /^tags\.costCenter: expected a string, got number 42; quote the value in the file \[CFG-03\]$/),
  row("tags as a list", withField(seedConfig(), "tags", ["team=aks"]), /^tags: expected a mapping of strings, got a list \[CFG-03\]$/),
  row("Helm values as a string", withField(seedConfig(), "cni", { plugin: "cilium", version: "1.18.4", values: "ipam.mode=kubernetes" }), /^cni\.values: expected a mapping, got the string "ipam\.mode=kubernetes" \[CFG-03\]$/),
  row("a credential field", withField(seedConfig(), "backend", { type: "azurerm", storageAccountName: "s", containerName: "c", accessKey: "x" }), /^backend\.accessKey: is a credential field; credentials never live in config files.* \[CFG-01\]$/),
  row("a client secret anywhere", withField(seedConfig(), "clientSecret", "x"), /^clientSecret: is a credential field.* \[CFG-01\]$/),
  row("a SAS token as a value", withField(seedConfig(), "tags", { note: "?sv=2022-11-02&ss=b&sig=abcdefghijklmnopqrstuvwxyz0123456789%3D" }), /^tags\.note: looks like a SAS token.* \[CFG-01\]$/, false),
  row("a storage key in Helm values", withField(seedConfig(), "cni", { plugin: "cilium", version: "1.18.4", values: { x: `${"A".repeat(86)}==` } }), /^cni\.values\.x: looks like a storage account key.* \[CFG-01\]$/, false),
  row("a password key in Helm values", withField(seedConfig(), "cni", { plugin: "cilium", version: "1.18.4", values: { hubble: { password: "x" } } }), /^cni\.values\.hubble\.password: is a credential field.* \[CFG-01\]$/, false),
];
