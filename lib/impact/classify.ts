/**
 * From the real provider's plan of one stack (head config against the state
 * a deploy of the base left) to the change-impact entries and findings: what
 * is replaced, destroyed, updated or created, because of which config
 * field, whether it is a protected resource, and whether the head config
 * accepts that.
 */
import type { ProtectionFile } from "../plan/protection";
import type { PlannedResourceChange } from "../testing/offline-planner";
import { configFieldOf, consequenceOf, POD_CIDR_TRIGGER_FIELD, protectedResourceByType } from "./fields";

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

/** What the deploy does to one resource. */
export type ImpactAction = "replace" | "destroy" | "update" | "create";

/** One resource a deploy of the head would change. */
export interface ImpactEntry {
  /** The stack (environment). */
  readonly stack: string;
  /** Terraform address. */
  readonly address: string;
  /** What happens to it. */
  readonly action: ImpactAction;
  /** Attribute paths that force the replacement, differ (an update), or why it is destroyed. */
  readonly because: readonly string[];
  /** The config fields behind `because`, where known. */
  readonly fields: readonly string[];
  /** The protected-resource name (`cluster`, `nodePool:apps`, ...), when the resource is protected. */
  readonly resource?: string;
  /** True for a replacement that creates the new resource before deleting the old one. */
  readonly createFirst?: boolean;
  /** True when a protected resource is replaced or destroyed. */
  readonly protected: boolean;
  /** True when the head config accepts it (protection off, an accepted replacement, a pool's renamedFrom). */
  readonly accepted: boolean;
  /** What it means for the running environment. */
  readonly consequence?: string;
}

/** A finding of the check, one line each. */
export interface ImpactFinding {
  /** The stack. */
  readonly stack: string;
  /** `error` fails the check. */
  readonly level: "error" | "warning" | "note";
  /** The finding's ID (docs/day-2.md). */
  readonly rule: string;
  /** The config field it is about, where known. */
  readonly field?: string;
  /** What is wrong and what to do. */
  readonly message: string;
}

/** What a stack's `protection.json` says; absent for stacks synthesized before it existed. */
export type StackProtection = Pick<ProtectionFile, "preventDestroy" | "acceptedReplacements" | "resources">;

/** One stack of the base and the head, with what the offline plan of the head against the base's state found. */
export interface StackComparison {
  /** The stack (environment). */
  readonly stack: string;
  /** The base's synthesized stack (`cdk.tf.json`). */
  readonly base: Record<string, unknown>;
  /** The head's synthesized stack. */
  readonly head: Record<string, unknown>;
  /** The base's `protection.json`, if it has one. */
  readonly baseProtection?: StackProtection;
  /** The head's `protection.json`, if it has one. */
  readonly headProtection?: StackProtection;
  /** What the real provider plans for the head against the base's deployed state. */
  readonly changes: readonly PlannedResourceChange[];
}

const actionOf = (c: PlannedResourceChange): ImpactAction => {
  const a = c.actions;
  if (a.includes("delete") && a.includes("create")) return "replace";
  if (a.includes("delete")) return "destroy";
  if (a.includes("create")) return "create";
  return "update";
};

/** A resource's config in a stack JSON, by address. */
function resourceConfig(json: Json, address: string): Json | undefined {
  const dot = address.indexOf(".");
  return asObject(asObject(json.resource)[address.slice(0, dot)])[address.slice(dot + 1)] as Json | undefined;
}

/** The value at a dotted attribute path of a synthesized resource (blocks are objects or one-element lists). */
function valueAt(config: Json | undefined, dotted: string): unknown {
  let cur: unknown = config;
  for (const step of dotted.split(".")) {
    if (/^\d+$/.test(step)) {
      if (Array.isArray(cur)) cur = cur[Number(step)];
      continue; // cdktf writes single blocks as objects
    }
    cur = asObject(Array.isArray(cur) ? cur[0] : cur)[step];
  }
  return cur;
}

/** Addresses a value refers to (`${type.name.attr}`). */
function referencedAddresses(value: unknown): string[] {
  const text = JSON.stringify(value ?? "");
  return [...text.matchAll(/\$\{[^}]*?\b([a-z0-9_]+\.[A-Za-z0-9_-]+)\./g)].map((m) => m[1]!);
}

interface Context {
  readonly cmp: StackComparison;
  readonly byAddress: ReadonlyMap<string, PlannedResourceChange>;
}

/** The protected-resource name and config path of an address, from the head's or base's protection.json, else by type. */
function identify(ctx: Context, c: PlannedResourceChange): { resource?: string; configPath?: string } {
  for (const p of [ctx.cmp.headProtection, ctx.cmp.baseProtection]) {
    const hit = p?.resources.find((r) => r.address === c.address || r.address === c.previousAddress);
    if (hit) return { resource: hit.resource, configPath: hit.configPath };
  }
  const attrs = resourceConfig(ctx.cmp.head, c.address) ?? resourceConfig(ctx.cmp.base, c.previousAddress ?? c.address) ?? {};
  return { resource: protectedResourceByType(c.type, attrs) };
}

/** True when the head accepts replacing or deleting `resource` at `address`. */
function acceptedByHead(ctx: Context, address: string, resource: string | undefined): boolean {
  const p = ctx.cmp.headProtection;
  if (!p) return false;
  if (!p.preventDestroy) return true;
  if (resource && p.acceptedReplacements.some((a) => a.resource === resource)) return true;
  const entry = p.resources.find((r) => r.address === address);
  return entry !== undefined && !entry.preventDestroy;
}

/** The config fields behind a change's attribute paths; a replaced dependency is named as such. */
function fieldsOf(ctx: Context, c: PlannedResourceChange, because: readonly string[], configPath?: string): string[] {
  const out = new Set<string>();
  const head = resourceConfig(ctx.cmp.head, c.address);
  for (const attr of because) {
    if (attr === "replace_by_triggers") {
      out.add(POD_CIDR_TRIGGER_FIELD);
      continue;
    }
    const field = configFieldOf(c.type, attr, configPath);
    const followed = referencedAddresses(valueAt(head, attr)).filter((a) => {
      const other = ctx.byAddress.get(a);
      return other && (actionOf(other) === "replace" || actionOf(other) === "create");
    });
    if (followed.length > 0) followed.forEach((a) => out.add(`(follows ${a})`));
    else if (field) out.add(field);
  }
  return [...out];
}

function entryOf(ctx: Context, c: PlannedResourceChange): ImpactEntry {
  const action = actionOf(c);
  const { resource, configPath } = identify(ctx, c);
  const because =
    action === "replace"
      ? c.replacePaths.length > 0
        ? [...c.replacePaths]
        : c.reason === "replace_by_triggers"
          ? ["replace_by_triggers"]
          : [c.reason ?? "replaced"]
      : action === "update"
        ? [...c.changedPaths]
        : action === "destroy"
          ? [c.reason ?? "no longer in the configuration"]
          : [];
  const isProtected = resource !== undefined && (action === "replace" || action === "destroy");
  return {
    stack: ctx.cmp.stack,
    address: c.address,
    action,
    because,
    fields: action === "create" ? [] : fieldsOf(ctx, c, because, configPath),
    resource,
    createFirst: action === "replace" ? c.actions[0] === "create" : undefined,
    protected: isProtected,
    accepted: isProtected && acceptedByHead(ctx, c.address, resource),
    consequence: isProtected && resource ? consequenceOf(resource) : undefined,
  };
}

/** IMP-01: a protected resource replaced or destroyed without acceptance. */
function protectionFindings(stack: string, entries: readonly ImpactEntry[]): ImpactFinding[] {
  return entries
    .filter((e) => e.protected && !e.accepted)
    .map((e) => {
      const field = e.fields.find((f) => !f.startsWith("(follows")) ?? e.fields[0];
      const why = e.fields.length > 0 ? ` because of ${e.fields.join(", ")}` : "";
      const verb = e.action === "replace" ? "replaces" : "deletes";
      const how =
        e.resource?.startsWith("nodePool:") && e.action === "destroy"
          ? `; to rename the pool, keep its old name in renamedFrom; to delete it, accept it in protection.acceptedReplacements (resource: ${e.resource})`
          : `; if that is intended, add protection.acceptedReplacements: [{ resource: ${e.resource}, reason: ... }] for this change`;
      return {
        stack,
        level: "error" as const,
        rule: "IMP-01",
        field,
        message: `the deploy ${verb} ${e.resource} (${e.address})${why}: ${e.consequence ?? "it is recreated"}${how}`,
      };
    });
}

/** IMP-02: a user pool deleted while another is created, with no renamedFrom: capacity drops in between. */
function renameFindings(stack: string, entries: readonly ImpactEntry[]): ImpactFinding[] {
  const gone = entries.filter((e) => e.action === "destroy" && e.resource?.startsWith("nodePool:"));
  const added = entries.filter((e) => e.action === "create" && e.address.startsWith("azurerm_kubernetes_cluster_node_pool."));
  if (gone.length === 0 || added.length === 0) return [];
  return gone.map((e) => ({
    stack,
    level: "warning" as const,
    rule: "IMP-02",
    message: `${e.resource} is deleted while ${added.map((a) => a.address).join(", ")} is created, in no particular order: if this is a rename, set renamedFrom: ${e.resource!.slice("nodePool:".length)} on the new pool so that it is created first`,
  }));
}

const ranges = (json: Json): string[] | undefined => {
  for (const cluster of Object.values(asObject(asObject(json.resource).azurerm_kubernetes_cluster))) {
    const v = valueAt(asObject(cluster), "api_server_access_profile.0.authorized_ip_ranges");
    return Array.isArray(v) ? v.map(String) : [];
  }
  return undefined;
};

/** IMP-03: authorized IP ranges removed, which azurerm cannot send; IMP-08: a pod CIDR change the cluster does not follow. */
function ineffectiveEditFindings(cmp: StackComparison, entries: readonly ImpactEntry[]): ImpactFinding[] {
  const out: ImpactFinding[] = [];
  const before = ranges(cmp.base);
  const after = ranges(cmp.head);
  if (before && after && before.length > 0 && after.length === 0) {
    out.push({
      stack: cmp.stack,
      level: "warning",
      rule: "IMP-03",
      field: "cluster.apiServer.authorizedIpRanges",
      message:
        "removing every authorized IP range does not reach AKS: azurerm sends no list when it is empty, AKS keeps the old ranges, and every deploy plans the same update again; clear them once with `az aks update --api-server-authorized-ip-ranges \"\"`",
    });
  }
  const pod = (json: Json) => {
    for (const cluster of Object.values(asObject(asObject(json.resource).azurerm_kubernetes_cluster))) return valueAt(asObject(cluster), "network_profile.0.pod_cidr");
    return undefined;
  };
  const clusterReplaced = entries.some((e) => e.resource === "cluster" && e.action !== "update" && e.action !== "create");
  if (pod(cmp.base) !== undefined && pod(cmp.head) !== undefined && pod(cmp.base) !== pod(cmp.head) && !clusterReplaced) {
    out.push({
      stack: cmp.stack,
      level: "error",
      rule: "IMP-08",
      field: POD_CIDR_TRIGGER_FIELD,
      message: `the pod CIDR changes from ${String(pod(cmp.base))} to ${String(pod(cmp.head))} but the running cluster keeps the old one (AKS does not report a BYO CNI cluster's pod CIDR, so the cluster ignores it) while the CNI's pool follows the new one; deploy this release once without changing the pod CIDR, then change it (it replaces the cluster)`,
    });
  }
  return out;
}

/** IMP-06: resources replaced or destroyed that are not protected. */
function unprotectedFindings(stack: string, entries: readonly ImpactEntry[]): ImpactFinding[] {
  return entries
    .filter((e) => (e.action === "replace" || e.action === "destroy") && !e.protected)
    .map((e) => ({ stack, level: "note" as const, rule: "IMP-06", message: `${e.action === "replace" ? "replaces" : "deletes"} ${e.address}${e.fields.length ? ` because of ${e.fields.join(", ")}` : ""}` }));
}

/** What a deploy does to one stack. */
export interface StackImpact {
  /** Every resource the deploy changes. */
  readonly entries: ImpactEntry[];
  /** What needs attention. */
  readonly findings: ImpactFinding[];
}

/** The entries and findings of one stack. */
export function classifyStack(cmp: StackComparison): StackImpact {
  const ctx: Context = { cmp, byAddress: new Map(cmp.changes.map((c) => [c.address, c])) };
  const entries = cmp.changes.map((c) => entryOf(ctx, c));
  const findings = [
    ...protectionFindings(cmp.stack, entries),
    ...renameFindings(cmp.stack, entries),
    ...ineffectiveEditFindings(cmp, entries),
    ...unprotectedFindings(cmp.stack, entries),
  ];
  return { entries, findings };
}
