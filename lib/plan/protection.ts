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
export const PROTECTED_RESOURCES = ["resourceGroup", "vnet", "subnet", "subnetGrant", "identity", "kubeletIdentity", "kubeletGrant", "workspace", "cluster"] as const;

/** The protected-resource name of a node pool. */
export const nodePoolResource = (poolName: string): `nodePool:${string}` => `nodePool:${poolName}`;

/** A protected-resource name as written: one of {@link PROTECTED_RESOURCES} or `nodePool:<name>`. */
export const PROTECTED_RESOURCE_PATTERN = /^(?:resourceGroup|vnet|subnet|subnetGrant|identity|kubeletIdentity|kubeletGrant|workspace|cluster|nodePool:[a-z][a-z0-9]{0,11})$/;

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
