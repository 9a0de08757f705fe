/**
 * DAY: settings that decide what an edit does to a running environment:
 * protection, pool renames, tags managed elsewhere, and versions the
 * auto-upgrade channel moves. See docs/day-2.md.
 */
import type { ClusterPlan } from "../plan/cluster";
import { PROTECTED_RESOURCE_PATTERN, PROTECTED_RESOURCES, type ProtectionPlan } from "../plan/protection";
import { defineRules, MIN_REASON_LENGTH, type RuleContext } from "./engine";

export const DAY2_RULES = defineRules({
  "DAY-01": {
    severity: "error",
    title:
      "An accepted replacement names a protected resource: resourceGroup, vnet, subnet, subnetGrant, apiServerSubnet, apiServerSubnetGrant, privateDnsZoneGrant, vnetGrant, identity, kubeletIdentity, kubeletGrant, workspace, cluster, nodePool:<name>, poolSubnet:<name>, poolSubnetGrant:<name> or outboundIpGrant:<name>",
    source: "this project (protection.json, docs/day-2.md)",
    acceptable: false,
    why: "the config's own contract: an unknown name would lift the protection of nothing and accept nothing",
    fix: "name a protected resource the message lists, e.g. cluster or nodePool:<pool name>",
  },
  "DAY-02": {
    severity: "error",
    title: "An accepted replacement gives a reason of at least a sentence",
    source: "this project",
    acceptable: false,
    why: "the config's own contract: a replacement is reviewed with its reason",
    fix: `give a reason of at least ${MIN_REASON_LENGTH} characters saying why the replacement is acceptable`,
  },
  "DAY-03": {
    severity: "warning",
    title: "A resource whose replacement is accepted has no prevent_destroy: remove the entry once the change is deployed",
    source: "Terraform lifecycle prevent_destroy; this project",
    why: "tolerated by Azure and Terraform; an entry left in place leaves the resource without prevent_destroy for every later deploy",
    fix: "remove the acceptedReplacements entry once the change is deployed",
  },
  "DAY-04": {
    severity: "warning",
    title: "Protection is on: protection.preventDestroy false lets any deploy replace or destroy the cluster and its network",
    source: "Terraform lifecycle prevent_destroy; this project",
    why: "tolerated by Azure and Terraform; throwaway environments turn it off on purpose",
    fix: "keep protection.preventDestroy true outside throwaway environments, and accept DAY-04 with a reason in those",
  },
  "DAY-05": {
    severity: "error",
    title: "A pool's renamedFrom is another name than its own and than every other pool's",
    source: "AKS pool names are unique per cluster; azurerm node pool name is ForceNew; Terraform moved blocks",
    acceptable: false,
    why: "refused: Terraform refuses a moved block whose source address is still in the configuration, and AKS refuses two pools of one name",
    fix: "set renamedFrom to the pool's previous name, which no pool has now, or remove it",
  },
  "DAY-06": {
    severity: "error",
    title: "A tag key in ignoredTags is not also in tags, and appears once (ignoring case)",
    source: "this project: Terraform would ignore the value the config sets",
    acceptable: false,
    why: "the config's own contract: an ignored key that the config also sets would never be applied",
    fix: "keep each tag key either in tags or in ignoredTags, and list it once",
  },
  "DAY-07": {
    severity: "warning",
    title: "With the patch or node-image auto-upgrade channel, kubernetesVersion is MAJOR.MINOR",
    source: "AKS API ManagedClusterProperties.kubernetesVersion (an alias keeps its value across patches); Azure/AKS#3573",
    why: "tolerated at creation; the deploy after AKS's next patch plans a downgrade, which ARM refuses",
    fix: "write cluster.kubernetesVersion as MAJOR.MINOR (e.g. \"1.33\") with this auto-upgrade channel",
  },
});

/** DAY-01..04 on the `protection` section at `path`. */
export function checkProtection(ctx: RuleContext, plan: ProtectionPlan, path: string): void {
  if (!plan.preventDestroy) {
    ctx.report("DAY-04", `${path}.preventDestroy`, "false: a deploy may replace or delete the cluster, its pools and its network without being stopped; keep true outside throwaway environments");
  }
  plan.acceptedAsWritten.forEach((entry, i) => {
    const at = `${path}.acceptedReplacements[${i}]`;
    const resource = typeof entry?.resource === "string" ? entry.resource : "";
    if (!PROTECTED_RESOURCE_PATTERN.test(resource)) {
      ctx.report("DAY-01", `${at}.resource`, `"${resource}" is not a protected resource; use one of ${PROTECTED_RESOURCES.join(", ")}, nodePool:<pool name>, poolSubnet:<subnet name>, poolSubnetGrant:<subnet name> or outboundIpGrant:<public IP or prefix name>`);
    }
    const reason = typeof entry?.reason === "string" ? entry.reason.trim() : "";
    if (reason.length < MIN_REASON_LENGTH) {
      ctx.report("DAY-02", `${at}.reason`, reason ? `"${reason}" is too short: say why replacing ${resource || "it"} is acceptable in a sentence` : "a reason is required");
    }
    if (PROTECTED_RESOURCE_PATTERN.test(resource) && plan.preventDestroy) {
      ctx.report("DAY-03", at, `${resource} may be replaced or deleted by the next deploy (prevent_destroy lifted); remove this entry once the change is deployed`);
    }
  });
}

/** DAY-05 (pool renames) and DAY-07 (versions under an auto-upgrade channel). */
export function checkDay2Cluster(ctx: RuleContext, plan: ClusterPlan): void {
  const names = plan.pools.map((p) => p.name);
  const seen = new Map<string, string>();
  for (const pool of plan.pools) {
    const from = pool.renamedFrom;
    if (from === undefined || ctx.unknown("DAY-05", `${pool.path}.renamedFrom`, from)) continue;
    const at = `${pool.path}.renamedFrom`;
    if (from === pool.name) ctx.report("DAY-05", at, `"${from}" is the pool's own name; remove renamedFrom`);
    else if (names.includes(from)) ctx.report("DAY-05", at, `"${from}" is the name of another pool of this cluster; a pool can only be renamed from a name that no longer exists`);
    else if (seen.has(from)) ctx.report("DAY-05", at, `"${from}" is also renamedFrom of ${seen.get(from)}; one old pool becomes one new pool`);
    seen.set(from, pool.path);
  }
  const version = plan.settings.kubernetesVersion;
  const channel = plan.upgrade.channel;
  if (typeof version === "string" && !ctx.unknown("DAY-07", "cluster.kubernetesVersion", version) && /^\d+\.\d+\.\d+$/.test(version) && (channel === "patch" || channel === "node-image")) {
    const minor = version.split(".").slice(0, 2).join(".");
    ctx.report(
      "DAY-07",
      "cluster.kubernetesVersion",
      `"${version}" pins a patch while the ${channel} channel applies newer patches: AKS then stores the newer version, and the next deploy plans a downgrade that AKS refuses; use "${minor}"`,
    );
  }
}

/** DAY-06 on `ignoredTags` against `tags`. */
export function checkIgnoredTags(ctx: RuleContext, ignored: readonly string[] | undefined, tags: Readonly<Record<string, string>> | undefined, path = "ignoredTags"): void {
  if (!ignored || ctx.unknown("DAY-06", path, ignored)) return;
  const given = new Map(Object.keys(tags ?? {}).map((k) => [k.toLowerCase(), k]));
  const seen = new Set<string>();
  ignored.forEach((key, i) => {
    const lower = String(key).toLowerCase();
    if (given.has(lower)) ctx.report("DAY-06", `${path}[${i}]`, `"${key}" is also set in tags (as "${given.get(lower)}"); a tag is either set here or managed elsewhere`);
    if (seen.has(lower)) ctx.report("DAY-06", `${path}[${i}]`, `"${key}" is listed twice (tag names are case-insensitive)`);
    seen.add(lower);
  });
}

/** DAY-06 on a pool's own tags (`path`): a key that ignoredTags names is managed elsewhere, so the pool cannot set it. */
export function checkPoolTagsNotIgnored(ctx: RuleContext, ignored: readonly string[] | undefined, tags: Readonly<Record<string, string>> | undefined, path: string): void {
  if (!ignored?.length || !tags || ctx.unknown("DAY-06", path, tags) || ctx.unknown("DAY-06", "ignoredTags", ignored)) return;
  const managed = new Set(ignored.map((k) => String(k).toLowerCase()));
  for (const name of Object.keys(tags)) {
    if (managed.has(name.toLowerCase())) ctx.report("DAY-06", `${path}.${name}`, `"${name}" is in ignoredTags; a tag is either set here or managed elsewhere`);
  }
}
