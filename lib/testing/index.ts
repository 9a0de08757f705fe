/**
 * Snapshot testing of synthesized plans, for this project and its users.
 *
 * `synthesizeForSnapshot` returns what `cdktf synth` would write for a stack,
 * as stable, key-sorted JSON, after running the aspects and validations that
 * cdktf's `Testing.synth` skips and preparing cross-stack references.
 * `replacementChanges` tells which differences between two such plans would
 * make Terraform replace an AKS cluster or rotate its system pool.
 */
import * as fs from "fs";
import { invokeAspects, TerraformStack } from "../bindings/cdktf";
import { collectProblems, formatLine } from "../app/synth";
import { block } from "../rules/byocni";
import type { TerraformJson } from "./terraform";

/** Options of {@link synthesizeForSnapshot}. */
export interface SnapshotOptions {
  /**
   * Run aspects and validations first and throw, listing every problem, when
   * any is an error.
   * @default true
   */
  readonly validate?: boolean;
}

/**
 * Keys sorted, and the working directory replaced by `<cwd>` (cdktf writes the
 * default local state path as an absolute path), so a plan reads the same on
 * every machine.
 */
function stable(value: unknown, cwd: string): unknown {
  if (typeof value === "string") return cwd && value.includes(cwd) ? value.split(cwd).join("<cwd>") : value;
  if (Array.isArray(value)) return value.map((v) => stable(v, cwd));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, stable((value as Record<string, unknown>)[k], cwd)]),
    );
  }
  return value;
}

/**
 * The stack's Terraform JSON as `cdktf synth` writes it, keys sorted. Every
 * stack of the app is prepared (cross-stack references become outputs and
 * remote state) and validated first.
 */
export function synthesizeForSnapshot(stack: TerraformStack, options: SnapshotOptions = {}): Record<string, unknown> {
  const root = stack.node.root;
  if (options.validate ?? true) {
    const problems = collectProblems(root).filter((l) => l.level === "error");
    if (problems.length > 0) throw new Error(`synth would fail:\n${problems.map(formatLine).join("\n")}`);
  } else {
    const stacks = root.node.findAll().filter(TerraformStack.isStack);
    stacks.forEach((s) => s.prepareStack());
    stacks.forEach((s) => invokeAspects(s));
  }
  return stable(stack.toTerraform(), process.cwd()) as Record<string, unknown>;
}

const PLAN = Symbol.for("aks-byocni.plan");

/** Wraps a plan so that {@link planSerializer} prints it as JSON in a Jest snapshot. */
export function asPlanSnapshot(plan: Record<string, unknown>): object {
  return { [PLAN]: plan };
}

/**
 * A Jest snapshot serializer that stores plans as plain, indented JSON, so a
 * snapshot file is readable in review and parseable by {@link readPlanSnapshot}.
 */
export const planSerializer = {
  /** True for values wrapped by {@link asPlanSnapshot}. */
  test: (value: unknown): boolean => !!value && typeof value === "object" && PLAN in (value as object),
  /** The plan as indented JSON. */
  serialize: (value: unknown): string => JSON.stringify((value as Record<symbol, unknown>)[PLAN], null, 2),
};

/**
 * Reads the plans stored by `planSerializer` in a Jest snapshot file
 * (`__snapshots__/<file>.snap`), by snapshot name. Missing file: `{}`.
 */
export function readPlanSnapshot(snapFile: string): Record<string, Record<string, unknown>> {
  if (!fs.existsSync(snapFile)) return {};
  const exportsObject: Record<string, string> = {};
  new Function("exports", fs.readFileSync(snapFile, "utf8"))(exportsObject);
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, text] of Object.entries(exportsObject)) {
    try {
      out[name] = JSON.parse(text.trim());
    } catch {
      // not a plan snapshot
    }
  }
  return out;
}

/** Cluster attributes whose change makes Terraform destroy and recreate the cluster (azurerm 4.55). */
export const CLUSTER_REPLACING_ATTRIBUTES = [
  "name",
  "location",
  "resource_group_name",
  "dns_prefix",
  "dns_prefix_private_cluster",
  "node_resource_group",
  "private_cluster_enabled",
  "private_dns_zone_id",
  "disk_encryption_set_id",
  "role_based_access_control_enabled",
  "edge_zone",
  "network_profile",
] as const;

/** System pool attributes whose change rotates the pool through `temporary_name_for_rotation` (nodes are recreated). */
export const POOL_ROTATING_ATTRIBUTES = [
  "vm_size",
  "os_disk_type",
  "os_disk_size_gb",
  "max_pods",
  "only_critical_addons_enabled",
  "host_encryption_enabled",
  "zones",
  "vnet_subnet_id",
  "pod_subnet_id",
  "kubelet_disk_type",
  "os_sku",
  "fips_enabled",
  "ultra_ssd_enabled",
] as const;

/** One difference that replaces a cluster or rotates its system pool. */
export interface ReplacementChange {
  /** `azurerm_kubernetes_cluster.<name>` */
  readonly resource: string;
  /** e.g. `network_profile.service_cidr` or `default_node_pool.vm_size`. */
  readonly attribute: string;
  /** What Terraform does to the cluster because of it. */
  readonly effect: "replaces the cluster" | "rotates the system pool";
  /** The value in the earlier plan. */
  readonly before: unknown;
  /** The value in the later plan. */
  readonly after: unknown;
}

type Json = Record<string, unknown>;
const clusters = (plan: Json): Record<string, Json> =>
  (((plan.resource as Json | undefined)?.azurerm_kubernetes_cluster as Record<string, Json> | undefined) ?? {});
const one = (v: unknown): Json => (block(v) as Json | undefined) ?? {};
const same = (a: unknown, b: unknown) => JSON.stringify(stable(a, "")) === JSON.stringify(stable(b, ""));

/** The differences between two plans that would replace an AKS cluster or rotate its system pool. */
export function replacementChanges(before: TerraformJson, after: TerraformJson): ReplacementChange[] {
  const out: ReplacementChange[] = [];
  const was = clusters(before);
  for (const [name, now] of Object.entries(clusters(after))) {
    const old = was[name];
    if (!old) continue; // a new cluster is a creation, not a replacement
    const resource = `azurerm_kubernetes_cluster.${name}`;
    for (const attr of CLUSTER_REPLACING_ATTRIBUTES) {
      if (attr === "network_profile") {
        const a = one(old.network_profile);
        const b = one(now.network_profile);
        const ignored = new Set(["pod_cidr"]); // lifecycle.ignore_changes in AksByoCniCluster
        for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
          if (!ignored.has(key) && !same(a[key], b[key])) {
            out.push({ resource, attribute: `network_profile.${key}`, effect: "replaces the cluster", before: a[key], after: b[key] });
          }
        }
      } else if (!same(old[attr], now[attr])) {
        out.push({ resource, attribute: attr, effect: "replaces the cluster", before: old[attr], after: now[attr] });
      }
    }
    const a = one(old.default_node_pool);
    const b = one(now.default_node_pool);
    for (const attr of POOL_ROTATING_ATTRIBUTES) {
      if (!same(a[attr], b[attr])) {
        out.push({ resource, attribute: `default_node_pool.${attr}`, effect: "rotates the system pool", before: a[attr], after: b[attr] });
      }
    }
  }
  return out;
}

/** One readable line per change, for test failures and PR comments. */
export function describeReplacements(changes: readonly ReplacementChange[]): string {
  return changes
    .map((c) => `${c.resource}: ${c.attribute} ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)} ${c.effect}`)
    .join("\n");
}

export * from "./terraform";
