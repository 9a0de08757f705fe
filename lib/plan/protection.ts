/**
 * What a deploy may replace or destroy: every protected resource carries
 * Terraform's `prevent_destroy` unless the environment turns protection off
 * or accepts its replacement for the next deploy. The constructs render this
 * plan; the change-impact check reads it back from each stack's
 * `protection.json`.
 */
import type { AcceptedReplacement, ProtectionSettings } from "../config/types";
import { DEFAULTS } from "./defaults";

/** Protected resources that exist at most once per environment. */
export const PROTECTED_RESOURCES = [
  "resourceGroup",
  "vnet",
  "subnet",
  "subnetGrant",
  "apiServerSubnet",
  "apiServerSubnetGrant",
  "privateDnsZoneGrant",
  "vnetGrant",
  "identity",
  "kubeletIdentity",
  "kubeletGrant",
  "workspace",
  "cluster",
] as const;

/** The protected-resource name of a node pool. */
export const nodePoolResource = (poolName: string): `nodePool:${string}` => `nodePool:${poolName}`;
/** The protected-resource name of a subnet created for pools of their own. */
export const poolSubnetResource = (subnetName: string): `poolSubnet:${string}` => `poolSubnet:${subnetName}`;
/** The protected-resource name of the grant on a pool subnet. */
export const poolSubnetGrantResource = (subnetName: string): `poolSubnetGrant:${string}` => `poolSubnetGrant:${subnetName}`;
/** The protected-resource name of the grant on an outbound public IP or prefix (by its name). */
export const outboundIpGrantResource = (name: string): `outboundIpGrant:${string}` => `outboundIpGrant:${name}`;

/** Names of subnets and public IPs, as they follow the kinds above (Azure: 1-80 characters). */
const AZURE_NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,79}";

/** A protected-resource name as written: one of {@link PROTECTED_RESOURCES}, `nodePool:<name>`, `poolSubnet:<name>`, `poolSubnetGrant:<name>` or `outboundIpGrant:<name>`. */
export const PROTECTED_RESOURCE_PATTERN = new RegExp(
  `^(?:${PROTECTED_RESOURCES.join("|")}|nodePool:[a-z][a-z0-9]{0,11}|(?:poolSubnet|poolSubnetGrant|outboundIpGrant):${AZURE_NAME})$`,
);

/** Protection after defaults. */
export interface ProtectionPlan {
  /** `prevent_destroy` on protected resources. */
  readonly preventDestroy: boolean;
  /** Accepted replacements, by protected-resource name, with their reasons. */
  readonly accepted: ReadonlyMap<string, string>;
  /** The entries as written (rules report on these). */
  readonly acceptedAsWritten: readonly AcceptedReplacement[];
}

/** Resolves the `protection` section. */
export function resolveProtection(settings: ProtectionSettings | undefined): ProtectionPlan {
  const accepted = new Map<string, string>();
  for (const a of settings?.acceptedReplacements ?? []) {
    if (typeof a?.resource === "string") accepted.set(a.resource, String(a.reason ?? ""));
  }
  return {
    preventDestroy: settings?.preventDestroy ?? DEFAULTS.ProtectionSettings.preventDestroy,
    accepted,
    acceptedAsWritten: settings?.acceptedReplacements ?? [],
  };
}

/** True when `resource` keeps `prevent_destroy` under this plan. */
export function keepsPreventDestroy(plan: ProtectionPlan, resource: string): boolean {
  return plan.preventDestroy && !plan.accepted.has(resource);
}

/** One protected resource of a stack, as `protection.json` lists it. */
export interface ProtectedResourceEntry {
  /** Terraform address, e.g. `azurerm_kubernetes_cluster.aks_cluster_D4B35EC5`. */
  readonly address: string;
  /** Protected-resource name: `cluster`, `nodePool:apps`, ... */
  readonly resource: string;
  /** Where it is configured, e.g. `cluster.userNodePools[0]`. */
  readonly configPath: string;
  /** True when it carries `prevent_destroy`. */
  readonly preventDestroy: boolean;
}

/** The content of `protection.json`. */
export interface ProtectionFile {
  /** Format version. */
  readonly version: 1;
  /** `protection.preventDestroy` of the environment. */
  readonly preventDestroy: boolean;
  /** Accepted replacements, as written. */
  readonly acceptedReplacements: readonly AcceptedReplacement[];
  /** The protected resources of the stack. */
  readonly resources: readonly ProtectedResourceEntry[];
}

