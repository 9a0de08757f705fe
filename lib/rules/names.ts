/**
 * NAME: resource names (network-rules §4, §6). Every pattern is anchored on
 * the whole string and uses explicit ASCII classes, like Go's RE2.
 */
import type { ClusterPlan } from "../plan/cluster";
import { CLUSTER_NAME_RULE, DNS_PREFIX_RULE, POOL_NAME_RULE, SUBNET_NAME_RULE, VNET_NAME_RULE } from "../plan/names";
import { defineRules, type RuleContext } from "./engine";
import type { Attributes } from "./facts";

/** AKS refuses a node resource group name longer than this (NAME-07), though resource groups allow 90. */
export const NODE_RESOURCE_GROUP_MAX = 80;

export const NAME_RULES = defineRules({
  "NAME-01": {
    severity: "error",
    title: "Cluster name: 1-63 characters of A-Za-z0-9_-, alphanumeric at both ends",
    source: "resource-name-rules (managedClusters); AKS REST resourceName pattern; azurerm validate/kubernetes.go KubernetesClusterName",
    why: "refused: ARM refuses names outside the resourceName pattern (azurerm only checks that it is not empty)",
    fix: "name the cluster with 1-63 letters, digits, '_' and '-', starting and ending with a letter or digit",
  },
  "NAME-02": {
    severity: "error",
    title: "dns_prefix: 1-54 characters of A-Za-z0-9-, alphanumeric at both ends",
    source: "azurerm validate/kubernetes.go KubernetesDNSPrefix",
    why: "refused: azurerm KubernetesDNSPrefix at plan",
    fix: "set cluster.dnsPrefix to 1-54 letters, digits and '-', starting and ending with a letter or digit",
  },
  "NAME-03": {
    severity: "error",
    title: "Exactly one of dns_prefix and dns_prefix_private_cluster; dns_prefix unless private",
    source: "azurerm schema (ExactlyOneOf) and create code",
    why: "refused: azurerm ExactlyOneOf at plan; dns_prefix without a private cluster at apply",
    fix: "keep exactly one of dns_prefix and dns_prefix_private_cluster, dns_prefix on a public cluster: remove the override that adds the other",
  },
  "NAME-04": {
    severity: "error",
    title: "Node pool name: a lowercase letter, then up to 11 lowercase letters or digits",
    source: "azurerm KubernetesAgentPoolName; AKS API agentPoolName pattern",
    why: "refused: azurerm KubernetesAgentPoolName at plan",
    fix: "name the pool with a lowercase letter followed by up to 11 lowercase letters or digits",
  },
  "NAME-06": {
    severity: "error",
    title: "Node pool names are unique; temporaryNameForRotation differs from every pool name",
    source: "AKS API (pool names key the agent pools)",
    why: "refused: ARM keys agent pools by name (a second pool of the same name is a conflict)",
    fix: "give every pool, and every temporaryNameForRotation, a name no other pool uses",
  },
  "NAME-07": {
    severity: "error",
    title: "Node resource group name (explicit, or MC_<rg>_<cluster>_<location>) fits in 80 characters; an explicit one follows RG rules and differs from the cluster's RG",
    source: "ARM error quoted in rancher/rancher#21264, Azure/aad-pod-identity#810; azurerm docs node_resource_group; AKS FAQ",
    why: "refused: ARM refuses the cluster when the node resource group name is too long or is the cluster's own group",
    fix: `shorten the cluster or resource group name, or set cluster.nodeResourceGroup to a valid name of at most ${NODE_RESOURCE_GROUP_MAX} characters other than the cluster's resource group`,
  },
  "NAME-08": {
    severity: "error",
    title: "Resource group name: 1-90 characters of ASCII A-Za-z0-9_().-, not ending in '.'",
    source: "go-azure-helpers resourcegroups/validate.go; resource-name-rules",
    why: "refused: azurerm resourcegroups.ValidateName at plan",
    fix: "name the resource group with 1-90 ASCII letters, digits, '_', '(', ')', '.' and '-', not ending in '.'",
  },
  "NAME-09": {
    severity: "error",
    title: "VNet name: 2-64 characters of A-Za-z0-9_.-, alphanumeric first, alphanumeric or '_' last",
    source: "resource-name-rules (virtualNetworks)",
    why: "refused: ARM's naming rules for virtualNetworks",
    fix: "name the VNet with 2-64 letters, digits, '_', '.' and '-', starting with a letter or digit and ending with a letter, digit or '_'",
  },
  "NAME-10": {
    severity: "error",
    title: "Subnet name: 1-80 characters of A-Za-z0-9_.-, alphanumeric first, alphanumeric or '_' last",
    source: "resource-name-rules (virtualNetworks/subnets)",
    why: "refused: ARM's naming rules for subnets",
    fix: "name the subnet with 1-80 letters, digits, '_', '.' and '-', starting with a letter or digit and ending with a letter, digit or '_'",
  },
});

export const CLUSTER_NAME = CLUSTER_NAME_RULE.pattern;
export const DNS_PREFIX = DNS_PREFIX_RULE.pattern;
export const POOL_NAME = POOL_NAME_RULE.pattern;
export const RESOURCE_GROUP_NAME = /^[A-Za-z0-9_().-]{0,89}[A-Za-z0-9_()-]$/;
export const VNET_NAME = VNET_NAME_RULE.pattern;
export const SUBNET_NAME = SUBNET_NAME_RULE.pattern;

function nameCheck(ctx: RuleContext, rule: string, path: string, value: unknown, re: RegExp, what: string): boolean {
  if (value === undefined || ctx.unknown(rule, path, value)) return false;
  if (typeof value !== "string" || !re.test(value)) {
    ctx.report(rule, path, `${JSON.stringify(value)} is not a valid ${what}`);
    return false;
  }
  return true;
}

/** NAME-08. */
export function checkResourceGroupName(ctx: RuleContext, path: string, name: unknown): void {
  if (typeof name === "string" && name.length > 90 && !ctx.unknown("NAME-08", path, name)) {
    ctx.report("NAME-08", path, `is ${name.length} characters; a resource group name has at most 90`);
    return;
  }
  nameCheck(ctx, "NAME-08", path, name, RESOURCE_GROUP_NAME, "resource group name (1-90 characters of ASCII letters, digits, _ ( ) . -, not ending in \".\")");
}

/** NAME-09, NAME-10. */
export function checkVnetName(ctx: RuleContext, path: string, name: unknown): void {
  nameCheck(ctx, "NAME-09", path, name, VNET_NAME, "VNet name (2-64 characters of letters, digits, _ . -, starting with a letter or digit, ending with a letter, digit or _)");
}
export function checkSubnetName(ctx: RuleContext, path: string, name: unknown): void {
  nameCheck(ctx, "NAME-10", path, name, SUBNET_NAME, "subnet name (1-80 characters of letters, digits, _ . -, starting with a letter or digit, ending with a letter, digit or _)");
}

/**
 * NAME-03 on the synthesized cluster (overrides included): exactly one of
 * dns_prefix and dns_prefix_private_cluster, and the private form only on a
 * private cluster. Presence is what counts, so a reference counts as set.
 */
export function checkDnsPrefixChoice(ctx: RuleContext, clusterJson: Attributes): void {
  const path = "cluster.dnsPrefix";
  const present = (v: unknown) => v !== undefined && v !== null;
  const publicSet = present(clusterJson.dns_prefix);
  const privateSet = present(clusterJson.dns_prefix_private_cluster);
  if (publicSet && privateSet) {
    ctx.report("NAME-03", path, "dns_prefix and dns_prefix_private_cluster are both set; set exactly one (dns_prefix unless the cluster is private)");
  } else if (!publicSet && !privateSet) {
    ctx.report("NAME-03", path, "neither dns_prefix nor dns_prefix_private_cluster is set; set exactly one (dns_prefix unless the cluster is private)");
  } else if (privateSet) {
    const isPrivate = clusterJson.private_cluster_enabled;
    if (!ctx.unknown("NAME-03", path, isPrivate) && isPrivate !== true) {
      ctx.report("NAME-03", path, "dns_prefix_private_cluster is set but the cluster is not private (cluster.apiServer.private); a public cluster needs dns_prefix");
    }
  }
}

const POOL_NAME_TEXT = "node pool name (a lowercase letter, then up to 11 lowercase letters or digits)";

/** NAME-01, 02, 04, 06, 07 for a cluster. */
export function checkClusterNames(ctx: RuleContext, plan: ClusterPlan): void {
  const c = plan.settings;
  const nameOk = nameCheck(ctx, "NAME-01", "cluster.name", c.name, CLUSTER_NAME, "cluster name (1-63 characters of letters, digits, _ and -, starting and ending with a letter or digit)");
  if (c.dnsPrefix !== undefined) {
    nameCheck(ctx, "NAME-02", "cluster.dnsPrefix", c.dnsPrefix, DNS_PREFIX, "DNS prefix (1-54 characters of letters, digits and -, starting and ending with a letter or digit; no _ or .)");
  }
  checkPoolNames(ctx, plan);
  checkNodeResourceGroup(ctx, plan, nameOk);
}

/** NAME-04, NAME-06: pool names, and the rotation names given in the config (derived ones are valid and unique by construction). */
function checkPoolNames(ctx: RuleContext, plan: ClusterPlan): void {
  const names = new Map<string, string>();
  for (const pool of plan.pools) {
    nameCheck(ctx, "NAME-04", `${pool.path}.name`, pool.name, POOL_NAME, POOL_NAME_TEXT);
    const previous = names.get(pool.name);
    if (previous) ctx.report("NAME-06", `${pool.path}.name`, `"${pool.name}" is already the name of ${previous}`);
    else names.set(pool.name, pool.path);
  }
  for (const pool of plan.pools) {
    const given = pool.settings.temporaryNameForRotation;
    if (given === undefined) continue;
    const p = `${pool.path}.temporaryNameForRotation`;
    if (!nameCheck(ctx, "NAME-04", p, given, POOL_NAME, POOL_NAME_TEXT)) continue;
    const clash = names.get(given) ?? plan.pools.find((o) => o !== pool && o.temporaryNameForRotation === given)?.path;
    if (clash) ctx.report("NAME-06", p, `"${given}" is already used by ${clash}; the rotation pool needs a name of its own`);
  }
}

/** NAME-07: the node resource group, given or derived by AKS. */
function checkNodeResourceGroup(ctx: RuleContext, plan: ClusterPlan, clusterNameOk: boolean): void {
  const { name, derived } = plan.nodeResourceGroup;
  const path = "cluster.nodeResourceGroup";
  if (!derived) {
    if (ctx.unknown("NAME-07", path, name)) return;
    if (name.length > NODE_RESOURCE_GROUP_MAX) {
      ctx.report("NAME-07", path, `is ${name.length} characters; AKS allows at most ${NODE_RESOURCE_GROUP_MAX}`);
    } else if (!RESOURCE_GROUP_NAME.test(name)) {
      ctx.report("NAME-07", path, `${JSON.stringify(name)} is not a valid resource group name`);
    } else if (name.toLowerCase() === String(plan.resourceGroupName).toLowerCase()) {
      ctx.report("NAME-07", path, "must differ from the cluster's own resource group: AKS creates it and owns its contents");
    }
    return;
  }
  if (!clusterNameOk || ctx.unknown("NAME-07", "resourceGroup.name", plan.resourceGroupName) || ctx.unknown("NAME-07", "location", plan.location)) return;
  if (name.length > NODE_RESOURCE_GROUP_MAX) {
    ctx.report(
      "NAME-07",
      "cluster.name",
      `the node resource group AKS derives, "${name}", is ${name.length} characters (at most ${NODE_RESOURCE_GROUP_MAX}); shorten the cluster or resource group name by ${name.length - NODE_RESOURCE_GROUP_MAX}, or set cluster.nodeResourceGroup`,
    );
  }
}
