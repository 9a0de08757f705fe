/**
 * What a change between two synthesized stacks replaces or destroys,
 * decided from the JSON alone, without a provider: a fast check for
 * snapshot tests. The tables below are azurerm 4.55.0's ForceNew attributes
 * and plan-time rules (CustomizeDiff) for the attributes this project
 * writes; a test plans single-field edits of every shipped and option-matrix
 * config with the real provider and fails when this check disagrees with it
 * (`__tests__/day2/oracle.test.ts`). For the authoritative answer, use the
 * change-impact check (`checkChangeImpact` in `aks-byocni-cdktf/testing`), which asks the provider.
 */
import { AKS_COMPUTED_DEFAULTS } from "./aks-computed";

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

/** Attribute paths (blocks as `block.0.attr`) whose change makes azurerm replace the resource. */
const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  azurerm_resource_group: ["name", "location"],
  azurerm_virtual_network: ["name", "location", "resource_group_name", "edge_zone"],
  azurerm_subnet: ["name", "resource_group_name", "virtual_network_name"],
  azurerm_network_security_group: ["name", "location", "resource_group_name"],
  azurerm_network_security_rule: ["name", "resource_group_name", "network_security_group_name"],
  azurerm_subnet_network_security_group_association: ["subnet_id", "network_security_group_id"],
  azurerm_user_assigned_identity: ["name", "location", "resource_group_name"],
  azurerm_log_analytics_workspace: ["name", "location", "resource_group_name"],
  azurerm_role_assignment: ["name", "scope", "principal_id", "principal_type", "role_definition_id", "role_definition_name", "condition", "condition_version", "description"],
  azurerm_role_definition: ["scope", "role_definition_id"],
  azurerm_monitor_diagnostic_setting: ["name", "target_resource_id"],
  azurerm_kubernetes_cluster: [
    "name",
    "location",
    "resource_group_name",
    "dns_prefix",
    "dns_prefix_private_cluster",
    "disk_encryption_set_id",
    "edge_zone",
    "node_resource_group",
    "private_cluster_enabled",
    "private_dns_zone_id",
    "role_based_access_control_enabled",
    "network_profile.0.network_plugin",
    "network_profile.0.network_mode",
    "network_profile.0.dns_service_ip",
    "network_profile.0.pod_cidr",
    "network_profile.0.service_cidr",
    "network_profile.0.load_balancer_sku",
    "network_profile.0.ip_versions",
    "kubelet_identity.0.client_id",
    "kubelet_identity.0.object_id",
    "kubelet_identity.0.user_assigned_identity_id",
    // CustomizeDiff: the default pool's name (unless a failed rotation left the temporary name).
    "default_node_pool.0.name",
  ],
  azurerm_kubernetes_cluster_node_pool: [
    "name",
    "kubernetes_cluster_id",
    "os_type",
    "priority",
    "eviction_policy",
    "spot_max_price",
    "host_group_id",
    "capacity_reservation_group_id",
    "proximity_placement_group_id",
    "node_public_ip_prefix_id",
    "gpu_instance",
  ],
};

/**
 * CustomizeDiff: unsetting a value that was set replaces the resource
 * (azure-rest-api-specs#27373; the API server subnet of VNet integration,
 * which AKS cannot remove). A value that becomes unknown at plan time (it
 * refers to a resource being replaced) reads as unset there too.
 */
const FORCE_NEW_WHEN_UNSET: Readonly<Record<string, readonly string[]>> = {
  azurerm_kubernetes_cluster: [
    "default_node_pool.0.upgrade_settings.0.drain_timeout_in_minutes",
    "default_node_pool.0.upgrade_settings.0.undrainable_node_behavior",
    "api_server_access_profile.0.subnet_id",
  ],
  azurerm_kubernetes_cluster_node_pool: ["upgrade_settings.0.drain_timeout_in_minutes", "upgrade_settings.0.undrainable_node_behavior"],
};

/** An OS SKU AKS can migrate a pool between in place (azurerm: the value starts with Ubuntu or AzureLinux). */
const migratableOsSku = (v: unknown) => typeof v === "string" && (v.startsWith("Ubuntu") || v.startsWith("AzureLinux"));

/**
 * CustomizeDiff: attributes whose change replaces the resource only for some
 * values (ForceNewIfChange). `before` is the state's value: an attribute the
 * config did not set holds what AKS computed (its default).
 */
const FORCE_NEW_IF: Readonly<Record<string, Readonly<Record<string, (before: unknown, after: unknown) => boolean>>>> = {
  azurerm_kubernetes_cluster: {
    // Any network_plugin_mode other than overlay, removing it included, replaces the cluster.
    "network_profile.0.network_plugin_mode": (_before, after) => String(after ?? "").toLowerCase() !== "overlay",
    // Changing or removing a policy engine or data plane that was set.
    "network_profile.0.network_policy": (before) => before !== undefined && before !== "",
    "network_profile.0.network_data_plane": (before) => before !== undefined && before !== "",
  },
  // Ubuntu <-> AzureLinux is migrated in place; anything else replaces the pool. AKS's default for Linux is Ubuntu.
  azurerm_kubernetes_cluster_node_pool: { os_sku: (before, after) => !migratableOsSku(before ?? "Ubuntu") || !migratableOsSku(after) },
};

/** Changes that azurerm applies by rotating the pool through `temporary_name_for_rotation`: nodes are recreated, the pool stays. */
const ROTATING: Readonly<Record<string, readonly string[]>> = {
  azurerm_kubernetes_cluster: [
    "default_node_pool.0.host_encryption_enabled",
    "default_node_pool.0.node_public_ip_enabled",
    "default_node_pool.0.fips_enabled",
    "default_node_pool.0.kubelet_disk_type",
    "default_node_pool.0.max_pods",
    "default_node_pool.0.only_critical_addons_enabled",
    "default_node_pool.0.os_disk_size_gb",
    "default_node_pool.0.os_disk_type",
    "default_node_pool.0.pod_subnet_id",
    "default_node_pool.0.ultra_ssd_enabled",
    "default_node_pool.0.vnet_subnet_id",
    "default_node_pool.0.vm_size",
    "default_node_pool.0.zones",
  ],
  azurerm_kubernetes_cluster_node_pool: [
    "fips_enabled",
    "host_encryption_enabled",
    "kubelet_disk_type",
    "max_pods",
    "node_public_ip_enabled",
    "os_disk_size_gb",
    "os_disk_type",
    "pod_subnet_id",
    "ultra_ssd_enabled",
    "vm_size",
    "vnet_subnet_id",
    "zones",
  ],
};

/** Attributes that are computed when not set: removing them from the config changes nothing. */
const COMPUTED_WHEN_UNSET: Readonly<Record<string, readonly string[]>> = {
  azurerm_kubernetes_cluster: [
    "kubernetes_version",
    "dns_prefix",
    "node_resource_group",
    "private_dns_zone_id",
    "default_node_pool.0.orchestrator_version",
    "network_profile.0.service_cidr",
    "network_profile.0.dns_service_ip",
    "network_profile.0.pod_cidr",
    "network_profile.0.load_balancer_profile.0.managed_outbound_ip_count",
    "default_node_pool.0.os_sku",
    "kubelet_identity.0.client_id",
    "kubelet_identity.0.object_id",
    "kubelet_identity.0.user_assigned_identity_id",
    "maintenance_window_auto_upgrade.0.start_date",
    "maintenance_window_node_os.0.start_date",
  ],
  azurerm_kubernetes_cluster_node_pool: ["orchestrator_version", "zones", "os_sku"],
  azurerm_role_assignment: ["name", "role_definition_id", "role_definition_name", "principal_type"],
  azurerm_monitor_diagnostic_setting: ["log_analytics_destination_type"],
};

/** What a change does to one resource. */
export type ReplacementEffect = "replaces" | "destroys" | "rotates";

/** One difference that replaces, destroys or rotates a resource. */
export interface ReplacementChange {
  /** The resource's Terraform address in the earlier plan. */
  readonly resource: string;
  /** The attribute path that causes it (`default_node_pool.0.name`); for a destroyed resource, `(address)`. */
  readonly attribute: string;
  /** What happens to the resource. */
  readonly effect: ReplacementEffect;
  /** The value in the earlier plan. */
  readonly before: unknown;
  /** The value in the later plan. */
  readonly after: unknown;
  /** Set when the value is unchanged but refers to a resource that is replaced: its address. */
  readonly follows?: string;
}

const META = new Set(["//", "lifecycle", "depends_on", "provider", "count", "for_each", "connection", "provisioner"]);

/** A resource's attributes as `path -> value`, blocks as `block.0.attr`; lists of scalars stay values. */
function flatten(value: unknown, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  const obj = asObject(value);
  for (const [k, v] of Object.entries(obj)) {
    if (!prefix && META.has(k)) continue;
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v)) flatten(v, `${key}.0`, out);
    else if (Array.isArray(v) && v.some((x) => x && typeof x === "object")) v.forEach((x, i) => flatten(x, `${key}.${i}`, out));
    else out.set(key, v);
  }
  return out;
}

/** `network_profile[0].pod_cidr` (ignore_changes syntax) as a flattened path. */
const ignoredPath = (entry: string) => entry.replace(/\[(\d+)\]/g, ".$1").replace(/\["([^"]+)"\]/g, ".$1");

function resources(json: Json): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const [type, byName] of Object.entries(asObject(json.resource))) {
    for (const [name, config] of Object.entries(asObject(byName))) out.set(`${type}.${name}`, asObject(config));
  }
  for (const [type, byName] of Object.entries(asObject(json.data))) {
    for (const [name, config] of Object.entries(asObject(byName))) out.set(`data.${type}.${name}`, asObject(config));
  }
  return out;
}

/**
 * A value with references to attributes that the referenced block sets as
 * literals replaced by those literals: Terraform knows them at plan time,
 * even for a resource that is replaced or created, so only their values count.
 */
function resolveKnown(value: unknown, blocks: ReadonlyMap<string, Json>): unknown {
  if (typeof value !== "string" || !value.includes("${")) return value;
  const whole = /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/.exec(value);
  if (!whole) return value;
  const literal = blocks.get(whole[1]!)?.[whole[2]!];
  return typeof literal === "string" && !literal.includes("${") ? literal : typeof literal === "number" || typeof literal === "boolean" ? literal : value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
/** The first of `addresses` that `value` refers to (`${address.attr}`), if any. */
const refersTo = (value: unknown, addresses: ReadonlySet<string>): string | undefined => {
  const text = JSON.stringify(value ?? "");
  return [...addresses].find((a) => text.includes(`\${${a}.`) || text.includes(`\${${a}}`));
};

/** The attribute paths of `type` that force a replacement when they change from `before` to `after`. */
function forcingPaths(type: string, changed: readonly string[], b: Map<string, unknown>, a: Map<string, unknown>, replaced: ReadonlySet<string>): string[] {
  const force = FORCE_NEW[type] ?? [];
  const unset = FORCE_NEW_WHEN_UNSET[type] ?? [];
  const conditional = FORCE_NEW_IF[type] ?? {};
  const unsetOrUnknown = (p: string) => a.get(p) === undefined || refersTo(a.get(p), replaced) !== undefined;
  return changed.filter(
    (p) =>
      force.some((f) => p === f || p.startsWith(`${f}.`)) ||
      (unset.includes(p) && b.get(p) !== undefined && unsetOrUnknown(p)) ||
      (conditional[p]?.(b.get(p), a.get(p)) ?? false),
  );
}

/** Paths that differ between two resource configs; references to computed attributes of `replaced` resources count as changed. */
function changedPaths(type: string, before: Json, after: Json, replaced: ReadonlySet<string>, p: Pairing): { changed: string[]; b: Map<string, unknown>; a: Map<string, unknown> } {
  const b = new Map([...flatten(before)].map(([k, v]) => [k, resolveKnown(v, p.was)]));
  const a = new Map([...flatten(after)].map(([k, v]) => [k, resolveKnown(v, p.now)]));
  // Left to AKS before: the state holds what AKS chose, which the later config may write out as it is.
  for (const [path, aks] of Object.entries(AKS_COMPUTED_DEFAULTS[type] ?? {})) {
    if (b.get(path) !== undefined || a.get(path) === undefined) continue;
    const chosen = aks((q) => b.get(q));
    if (chosen !== undefined) b.set(path, chosen);
  }
  const ignored = (asObject(after.lifecycle).ignore_changes as string[] | undefined) ?? [];
  const ignoredPaths = ignored.map(ignoredPath);
  const computed = COMPUTED_WHEN_UNSET[type] ?? [];
  const changed: string[] = [];
  for (const p of new Set([...b.keys(), ...a.keys()])) {
    if (ignoredPaths.some((i) => p === i || p.startsWith(`${i}.`))) continue;
    if (a.get(p) === undefined && computed.includes(p)) continue; // removed from the config: the state keeps Azure's value
    if (!same(b.get(p), a.get(p)) || refersTo(a.get(p), replaced)) changed.push(p);
  }
  return { changed, b, a };
}

/** The two stacks' resources, and which earlier address each later one continues (same address, or a `moved` block). */
interface Pairing {
  readonly was: Map<string, Json>;
  readonly now: Map<string, Json>;
  readonly previousOf: (address: string) => string | undefined;
}

function pair(before: Record<string, unknown>, after: Record<string, unknown>): Pairing {
  const was = resources(asObject(before));
  const now = resources(asObject(after));
  const moved = new Map<string, string>();
  for (const m of (asObject(after).moved as { from: string; to: string }[] | undefined) ?? []) moved.set(m.to, m.from);
  const previousOf = (address: string) => {
    const previous = was.has(address) ? address : moved.get(address);
    return previous !== undefined && was.has(previous) ? previous : undefined;
  };
  return { was, now, previousOf };
}

/** Triggers (terraform_data) named in `replace_triggered_by` whose input changes. */
function changedTriggers(config: Json, p: Pairing): string[] {
  const triggers = (asObject(config.lifecycle).replace_triggered_by as string[] | undefined) ?? [];
  return triggers.filter((t) => {
    const trigger = p.now.get(t);
    const prior = p.was.get(t);
    return trigger !== undefined && prior !== undefined && !same(trigger.input, prior.input);
  });
}

/** One pass over the later resources: those that a forcing change or a trigger replaces. */
function replacementPass(p: Pairing, replaced: Set<string>, out: ReplacementChange[]): boolean {
  let grew = false;
  for (const [address, config] of p.now) {
    const previous = p.previousOf(address);
    if (!previous || replaced.has(address) || address.startsWith("data.")) continue;
    const type = address.split(".")[0]!;
    const { changed, b, a } = changedPaths(type, p.was.get(previous)!, config, replaced, p);
    const forcing = forcingPaths(type, changed, b, a, replaced);
    const triggered = changedTriggers(config, p);
    if (forcing.length === 0 && triggered.length === 0) continue;
    replaced.add(address);
    grew = true;
    for (const path of forcing) {
      const follows = same(b.get(path), a.get(path)) ? refersTo(a.get(path), replaced) : undefined;
      out.push({ resource: previous, attribute: path, effect: "replaces", before: b.get(path), after: a.get(path), follows });
    }
    for (const t of triggered) out.push({ resource: previous, attribute: `replace_triggered_by ${t}`, effect: "replaces", before: p.was.get(t)?.input, after: p.now.get(t)?.input });
  }
  return grew;
}

/**
 * The differences between two synthesized stacks that would replace or
 * destroy a resource, or rotate a node pool, as azurerm 4.55.0 plans them.
 * Replacements propagate: a resource that refers to a replaced one (an ID
 * that becomes unknown) is replaced when that attribute forces it.
 */
export function replacementChanges(before: Record<string, unknown>, after: Record<string, unknown>): ReplacementChange[] {
  const p = pair(before, after);
  const out: ReplacementChange[] = [];
  const replaced = new Set<string>();
  const continued = new Set([...p.now.keys()].map(p.previousOf).filter((a): a is string => a !== undefined));
  for (const [address, config] of p.was) {
    if (continued.has(address) || address.startsWith("data.")) continue;
    out.push({ resource: address, attribute: "(address)", effect: "destroys", before: config, after: undefined });
    replaced.add(address);
  }
  for (let round = 0; round < 10 && replacementPass(p, replaced, out); round++);
  for (const [address, config] of p.now) {
    const previous = p.previousOf(address);
    if (!previous || replaced.has(address) || address.startsWith("data.")) continue;
    const type = address.split(".")[0]!;
    const { changed, b, a } = changedPaths(type, p.was.get(previous)!, config, replaced, p);
    for (const c of changed.filter((x) => (ROTATING[type] ?? []).includes(x))) out.push({ resource: previous, attribute: c, effect: "rotates", before: b.get(c), after: a.get(c) });
  }
  return out;
}

/** One readable line per change, for test failures and PR comments. */
export function describeReplacements(changes: readonly ReplacementChange[]): string {
  return changes
    .map((c) => {
      if (c.effect === "destroys") return `${c.resource}: destroyed (no longer in the plan)`;
      const what = c.follows ? `${c.attribute} refers to ${c.follows}, which is replaced,` : `${c.attribute} ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`;
      return `${c.resource}: ${what} ${c.effect === "replaces" ? "replaces it" : "rotates its nodes"}`;
    })
    .join("\n");
}
