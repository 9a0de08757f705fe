/**
 * TAG: Azure's tag limits (azure-resource-manager/management/tag-resources,
 * "Limitations"). Azure refuses a request that breaks them, at apply time.
 */
import { defineRules, type RuleContext } from "./engine";

const SOURCE = "tag-resources (Limitations); azurerm tags.Validate";

/** Tags Azure allows on one resource. */
export const MAX_TAGS = 50;

export const TAG_RULES = defineRules({
  "TAG-01": {
    severity: "error",
    title: "At most 50 tags per resource, counting the tags this project adds",
    source: SOURCE,
    why: "refused: azurerm tags.Validate at plan; ARM",
    fix: `keep at most ${MAX_TAGS} tags per resource, the environment's tags included`,
  },
  "TAG-02": {
    severity: "error",
    title: "A tag name is 1-512 characters",
    source: SOURCE,
    why: "refused: azurerm tags.Validate at plan; ARM",
    fix: "give every tag a name of 1 to 512 characters",
  },
  "TAG-03": {
    severity: "error",
    title: "A tag value is at most 256 characters",
    source: SOURCE,
    why: "refused: azurerm tags.Validate at plan; ARM",
    fix: "shorten the tag value to at most 256 characters",
  },
  "TAG-04": {
    severity: "error",
    title: "A tag name has none of < > % & \\ ? /",
    source: "tag-resources (Limitations)",
    why: "refused: ARM refuses these characters in tag names",
    fix: "remove < > % & \\ ? / from the tag name",
  },
  "TAG-05": {
    severity: "error",
    title: "Tag names are unique ignoring case (Azure compares them case-insensitively)",
    source: "tag-resources (tag names are case-insensitive)",
    why: "refused: ARM compares tag names case-insensitively, so two that differ only in case are one duplicate name",
    fix: "keep one of the tag names that differ only in case",
  },
});

const MAX_NAME = 512;
const MAX_VALUE = 256;
const FORBIDDEN = /[<>%&\\?/]/g;

/**
 * TAG-01..05 on the tags given for a set of resources. `added` are the tags
 * this project puts on the same resources itself (none today; they would
 * count against the limit).
 */
export function checkTags(ctx: RuleContext, tags: Readonly<Record<string, string>> | undefined, added: readonly string[] = [], path = "tags"): void {
  if (!tags || ctx.unknown("TAG-01", path, tags)) return;
  const names = Object.keys(tags);
  const total = new Set([...names, ...added].map((n) => n.toLowerCase())).size;
  if (total > MAX_TAGS) {
    ctx.report("TAG-01", path, `${total} tags${added.length ? ` (${names.length} given, ${added.length} added by this project)` : ""}; Azure allows at most ${MAX_TAGS} per resource`);
  }
  const seen = new Map<string, string>();
  for (const name of names) {
    checkTag(ctx, `${path}.${name}`, name, tags[name]);
    const other = seen.get(name.toLowerCase());
    if (other !== undefined) ctx.report("TAG-05", `${path}.${name}`, `Azure treats tag names case-insensitively, so it is the same tag as "${other}"; keep one`);
    else seen.set(name.toLowerCase(), name);
  }
}

/** TAG-02..04 on one tag. */
function checkTag(ctx: RuleContext, at: string, name: string, value: unknown): void {
  if (name.length === 0 || name.length > MAX_NAME) ctx.report("TAG-02", at, `the tag name is ${name.length} characters; Azure allows 1-${MAX_NAME}`);
  const bad = [...new Set(name.match(FORBIDDEN) ?? [])];
  if (bad.length > 0) ctx.report("TAG-04", at, `the tag name contains ${bad.map((c) => JSON.stringify(c)).join(", ")}, which Azure does not allow in tag names (< > % & \\ ? /)`);
  if (typeof value === "string" && !ctx.unknown("TAG-03", at, value) && value.length > MAX_VALUE) {
    ctx.report("TAG-03", at, `the value is ${value.length} characters; Azure allows at most ${MAX_VALUE}`);
  }
}

/**
 * TAG-01..05 on a pool's own tags at `path`, merged over the
 * environment's: each tag the pool writes is checked there, the limit and
 * case-insensitive duplicates on the merged set (the environment's own tags
 * are reported once, at `tags`).
 */
export function checkPoolTags(
  ctx: RuleContext,
  environment: Readonly<Record<string, string>> | undefined,
  pool: Readonly<Record<string, string>> | undefined,
  path: string,
): void {
  if (!pool || ctx.unknown("TAG-01", path, pool)) return;
  const env = environment && !ctx.unknown("TAG-01", "tags", environment) ? environment : {};
  const merged = { ...env, ...pool };
  const total = new Set(Object.keys(merged).map((n) => n.toLowerCase())).size;
  if (total > MAX_TAGS) ctx.report("TAG-01", path, `${total} tags with the environment's; Azure allows at most ${MAX_TAGS} per resource`);
  const seen = new Map(Object.keys(env).map((n) => [n.toLowerCase(), n]));
  const own = new Map<string, string>();
  for (const name of Object.keys(pool)) {
    checkTag(ctx, `${path}.${name}`, name, pool[name]);
    const lower = name.toLowerCase();
    const same = own.get(lower) ?? (seen.get(lower) !== name ? seen.get(lower) : undefined);
    if (same !== undefined) ctx.report("TAG-05", `${path}.${name}`, `Azure treats tag names case-insensitively, so it is the same tag as "${same}"${own.has(lower) ? "" : " of the environment's tags"}; write it as "${same}" to override it`);
    own.set(lower, name);
  }
}
