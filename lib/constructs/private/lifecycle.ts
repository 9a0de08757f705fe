/**
 * Lifecycle settings the constructs share: the `ignore_changes` entries for
 * what is managed outside the config.
 */
import type { TerraformResource } from "../../bindings/cdktf";

/**
 * `ignore_changes` entries for tag keys set outside the config (an Azure
 * Policy with the Modify effect): deploys then leave those keys alone.
 */
export function ignoredTagChanges(keys: readonly string[] | undefined): string[] {
  return (keys ?? []).map((k) => `tags[${JSON.stringify(k)}]`);
}

/** Adds `ignore_changes` entries to a resource's lifecycle. */
export function ignoreChanges(resource: TerraformResource, entries: readonly string[]): void {
  if (entries.length === 0) return;
  const current = resource.lifecycle?.ignoreChanges;
  const list = Array.isArray(current) ? current : [];
  resource.lifecycle = { ...resource.lifecycle, ignoreChanges: [...list, ...entries.filter((e) => !list.includes(e))] };
}
