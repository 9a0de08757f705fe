/**
 * Names this project derives for the resources it creates, each valid for
 * its resource type for every valid input: characters outside the type's set
 * are replaced, and a name that would be too long is shortened and given a
 * short hash of the full name, so that two long inputs never collapse into
 * one name. Pure and deterministic.
 *
 * The limits are Azure's (resource-name-rules) where they are stricter than
 * the azurerm provider's checks, which for several of these types only
 * require a non-empty string.
 */
import { createHash } from "crypto";

/** The naming rule of one resource type. */
export interface NameRule {
  /** What the name is for, in messages. */
  readonly what: string;
  readonly min: number;
  readonly max: number;
  /** The whole-string pattern a valid name matches. */
  readonly pattern: RegExp;
  /** Characters allowed anywhere, as a character class body (for sanitising). */
  readonly chars: string;
  /** Characters a name may start and end with, as character class bodies. */
  readonly first: string;
  readonly last: string;
}

const rule = (what: string, min: number, max: number, chars: string, first: string, last: string): NameRule => ({
  what,
  min,
  max,
  chars,
  first,
  last,
  pattern: new RegExp(`^(?=.{${min},${max}}$)[${first}](?:[${chars}]*[${last}])?$`),
});

/** azurerm LogAnalyticsWorkspaceName: 4-63 letters, digits and '-', alphanumeric at both ends. */
export const WORKSPACE_NAME = rule("Log Analytics workspace name", 4, 63, "A-Za-z0-9-", "A-Za-z0-9", "A-Za-z0-9");
/** Azure: user-assigned identity names are 3-128 letters, digits, '-' and '_', alphanumeric first. */
export const IDENTITY_NAME = rule("user-assigned identity name", 3, 128, "A-Za-z0-9_-", "A-Za-z0-9", "A-Za-z0-9_-");
/** Azure: network security group names are 1-80 letters, digits, '_', '.', '-'; alphanumeric first, alphanumeric or '_' last. */
export const NSG_NAME = rule("network security group name", 1, 80, "A-Za-z0-9_.-", "A-Za-z0-9", "A-Za-z0-9_");
/** Custom role names: kept to 64 characters of letters, digits, '_', '.', '-', not ending in '.' (no '%'). */
export const ROLE_NAME = rule("custom role name", 1, 64, "A-Za-z0-9_.-", "A-Za-z0-9", "A-Za-z0-9_-");
/** azurerm KubernetesAgentPoolName (also temporary_name_for_rotation): a lowercase letter, then up to 11 lowercase letters or digits. */
export const POOL_NAME_RULE = rule("node pool name", 1, 12, "a-z0-9", "a-z", "a-z0-9");
/** azurerm KubernetesClusterName: 1-63 letters, digits, '_' and '-', alphanumeric at both ends. */
export const CLUSTER_NAME_RULE = rule("cluster name", 1, 63, "A-Za-z0-9_-", "A-Za-z0-9", "A-Za-z0-9");
/** Azure: VNet names are 2-64 letters, digits, '_', '.', '-'; alphanumeric first, alphanumeric or '_' last. */
export const VNET_NAME_RULE = rule("VNet name", 2, 64, "A-Za-z0-9_.-", "A-Za-z0-9", "A-Za-z0-9_");
/** Azure: subnet names are 1-80 letters, digits, '_', '.', '-'; alphanumeric first, alphanumeric or '_' last. */
export const SUBNET_NAME_RULE = rule("subnet name", 1, 80, "A-Za-z0-9_.-", "A-Za-z0-9", "A-Za-z0-9_");
/** azurerm KubernetesDNSPrefix: 1-54 letters, digits and '-', alphanumeric at both ends. */
export const DNS_PREFIX_RULE = rule("DNS prefix", 1, 54, "A-Za-z0-9-", "A-Za-z0-9", "A-Za-z0-9");

/** A short, stable hash of `text`: 6 base-36 characters (lowercase letters and digits). */
function shortHash(text: string): string {
  return BigInt(`0x${createHash("sha256").update(text).digest("hex").slice(0, 12)}`).toString(36).slice(-6).padStart(6, "0");
}

/**
 * `text` made valid for `r`: characters outside the rule's set become '-'
 * (or are dropped where '-' is not allowed), the ends are trimmed to allowed
 * characters, and a name still invalid (too long, or empty) keeps as much of
 * its start as fits and ends with a hash of the whole input.
 */
function deriveName(r: NameRule, text: string): string {
  const sep = new RegExp(`^[${r.chars}]$`).test("-") ? "-" : "";
  const trim = (s: string) => s.replace(new RegExp(`^[^${r.first}]+`), "").replace(new RegExp(`[^${r.last}]+$`), "");
  const clean = trim(text.replace(new RegExp(`[^${r.chars}]`, "g"), sep));
  if (r.pattern.test(clean)) return clean;
  const hash = shortHash(text);
  const head = trim(clean.slice(0, r.max - hash.length - sep.length));
  const name = head ? `${head}${sep}${hash}` : hash;
  // A hash may start with a digit, which some rules do not allow first.
  return r.pattern.test(name) ? name : `n${name.slice(0, r.max - 1)}`;
}

/**
 * The DNS prefix derived from a cluster name when none is given: `_` becomes
 * `-` and the name is cut to 54 characters. A valid cluster name always gives
 * a valid prefix this way (alphanumeric first; trailing `-` removed); no hash
 * is added, so existing clusters keep their prefix (changing it replaces the cluster).
 */
export function deriveDnsPrefix(clusterName: string): string {
  return clusterName.replace(/_/g, "-").slice(0, DNS_PREFIX_RULE.max).replace(/-+$/, "");
}

/** The Log Analytics workspace created for a cluster. */
export function workspaceName(clusterName: string): string {
  return deriveName(WORKSPACE_NAME, `log-${clusterName}`);
}

/** The diagnostic setting that sends a cluster's control-plane logs (1-260 characters without < > * % & : \\ ? + /). */
export const CONTROL_PLANE_LOGS_SETTING = "aks-control-plane-logs";

/** The user-assigned control-plane identity of a cluster (or of the network prefix it was given). */
export function controlPlaneIdentityName(prefix: string): string {
  return deriveName(IDENTITY_NAME, `id-${prefix}-control-plane`);
}

/** The user-assigned kubelet identity created for a cluster. */
export function kubeletIdentityName(clusterName: string): string {
  return deriveName(IDENTITY_NAME, `id-${clusterName}-kubelet`);
}

/** The security group of a node subnet. */
export function nodeSecurityGroupName(subnetName: string): string {
  return deriveName(NSG_NAME, `nsg-${subnetName}`);
}

/** The custom role with subnet join and read only. */
export function subnetJoinRoleName(prefix: string): string {
  return deriveName(ROLE_NAME, `aks-byocni-subnet-join-${prefix}`);
}

/** AKS's default node resource group name, `MC_<rg>_<cluster>_<location>` (AKS derives it; NAME-07 checks its length). */
export function defaultNodeResourceGroup(resourceGroup: string, cluster: string, location: string): string {
  return `MC_${resourceGroup}_${cluster}_${location}`;
}

/**
 * Temporary pool names for rotation, one per pool, unique among themselves
 * and the pool names: the given one, or the pool name's first 9 characters
 * and "tmp" (a lowercase letter first, 12 at most); on a clash, a name from a
 * hash of the pool name.
 */
export function rotationNames(pools: readonly { readonly name: string; readonly temporaryNameForRotation?: string }[]): string[] {
  const taken = new Set<string>(pools.map((p) => p.name));
  for (const p of pools) if (p.temporaryNameForRotation !== undefined) taken.add(p.temporaryNameForRotation);
  return pools.map((p) => {
    if (p.temporaryNameForRotation !== undefined) return p.temporaryNameForRotation;
    let candidate = deriveName(POOL_NAME_RULE, `${p.name.toLowerCase().slice(0, 9)}tmp`);
    for (let i = 0; taken.has(candidate); i++) candidate = `r${shortHash(`${p.name}#${i}`)}`;
    taken.add(candidate);
    return candidate;
  });
}
