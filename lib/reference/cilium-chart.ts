/**
 * The Helm values keys of the Cilium chart, and the unknown keys of a values
 * object with the nearest known key for each.
 *
 * The chart's values.schema.json checks types but not unknown keys, so a
 * misspelled key renders silently with the chart's default for the setting
 * that was meant. The key tree is generated from the chart package by
 * `node scripts/cilium-chart-keys.js` (values.yaml, plus the keys its
 * templates read); never edit cilium-chart-values.json by hand.
 */
import { keyDistance } from "../text/edit-distance";

/**
 * A node of the key tree: a mapping of its known sub-keys, or a marker.
 * `scalar`: a value, no sub-keys. `list`: a list, items unchecked. `open`: a
 * mapping whose sub-keys are free-form (an empty mapping by default, such as
 * `podAnnotations`, or one the templates render whole, such as `nodeSelector`).
 * `any`: read by the templates without a default in values.yaml, shape unknown.
 */
export type ChartKeyNode = ChartKeyMap | "scalar" | "list" | "open" | "any";

/** Known sub-keys of a mapping. */
export interface ChartKeyMap {
  readonly [key: string]: ChartKeyNode;
}

/** The generated catalog of one chart version. */
export interface ChartValuesCatalog {
  /** Chart name, from its Chart.yaml. */
  readonly chart: string;
  /** Chart version the keys come from. */
  readonly version: string;
  /** SHA-256 of the chart package the keys were read from. */
  readonly sha256: string;
  /** The tree of known keys. */
  readonly keys: ChartKeyMap;
  /** Why each `open` or `any` key is unchecked, by dotted path. */
  readonly unchecked: Readonly<Record<string, string>>;
  /** Keys the chart refuses (its templates/validate.yaml fails on them). */
  readonly removedOptions: readonly string[];
}

let catalog: ChartValuesCatalog | undefined;

/**
 * The key catalog of the Cilium chart (its version in `.version`). Read on
 * first use: 68 KB of JSON that only a Cilium install needs.
 */
export function ciliumChartCatalog(): ChartValuesCatalog {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (catalog ??= require("./cilium-chart-values.json") as ChartValuesCatalog);
}

/** A key of a values object that the chart does not know. */
export interface UnknownChartKey {
  /** The path as written, dot-separated (see {@link formatKeyPath}), e.g. `ipam.operator.clusterPoolIPv4PodCIDRLlist`. */
  readonly path: string;
  /** The keys from the root, as written (a key may itself contain dots). */
  readonly segments: readonly string[];
  /**
   * The nearest known key: the name of a sibling when one is close, else the
   * dotted path of a known key elsewhere in the tree.
   * @default none: nothing known is reasonably close
   */
  readonly suggestion?: string;
  /**
   * Why it is unknown: `misspelled` (no such key at that level), `under-scalar`
   * (the parent takes a value, not sub-keys), `dotted` (a key that contains
   * dots, as in `--set`, where a values file nests mappings).
   */
  readonly kind: "misspelled" | "under-scalar" | "dotted";
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  // Class instances (cdktf tokens, Lazy values) are values, not mappings.
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/**
 * The closest of `candidates` to `key`, ties broken by `tieBreak`, when it is
 * at most one edit per four characters away (at least `minEdits`; a
 * case-only difference always qualifies).
 */
function nearest<T>(key: string, candidates: Iterable<T>, name: (c: T) => string, tieBreak: (c: T) => number, minEdits: number): T | undefined {
  const limit = Math.max(minEdits, Math.floor(key.length / 4));
  let best: { c: T; d: number; t: number } | undefined;
  for (const c of candidates) {
    const n = name(c);
    // The distance is at least the difference in length: skip the far ones cheaply.
    if (Math.abs(n.length - key.length) > limit) continue;
    const d = keyDistance(key, n);
    if (Math.floor(d) > limit) continue;
    if (!best || d < best.d || (d === best.d && tieBreak(c) < best.t)) best = { c, d, t: tieBreak(c) };
  }
  return best?.c;
}

/** Every known key with its segments, walking `open`, `any` and `list` nodes as leaves. */
function allPaths(keys: ChartKeyMap, at: readonly string[] = [], out: string[][] = []): string[][] {
  for (const [key, node] of Object.entries(keys)) {
    const here = [...at, key];
    out.push(here);
    if (typeof node === "object") allPaths(node, here, out);
  }
  return out;
}

const pathCache = new WeakMap<ChartKeyMap, string[][]>();

/** The node at `segments`, or undefined when a segment is unknown or lies under a non-mapping. */
function nodeAt(keys: ChartKeyMap, segments: readonly string[]): ChartKeyNode | undefined {
  let node: ChartKeyNode = keys;
  for (const s of segments) {
    if (typeof node !== "object" || !hasOwn(node, s)) return undefined;
    node = node[s]!;
  }
  return node;
}

/**
 * The unknown keys of Helm `values` for a chart whose key tree is `keys`
 * (the Cilium chart's by default), in the order they are written, each with
 * the nearest known key when one is reasonably close (edit distance among the
 * siblings at that level first, then among every known key's name, the full
 * path closest to the written one winning ties). Only the first unknown
 * segment of a path is reported: what lies under it is unknown too.
 *
 * Sub-keys of `open` and `any` keys and list items are not checked; values are
 * not checked either (values.schema.json checks types). Pure.
 */
export function unknownChartKeys(values: Readonly<Record<string, unknown>>, keys: ChartKeyMap = ciliumChartCatalog().keys): UnknownChartKey[] {
  const out: UnknownChartKey[] = [];
  const report = (segments: readonly string[], kind: UnknownChartKey["kind"], suggestion?: string) =>
    out.push({ path: formatKeyPath(segments), segments, kind, ...(suggestion === undefined ? {} : { suggestion }) });
  const paths = () => {
    let cached = pathCache.get(keys);
    if (!cached) pathCache.set(keys, (cached = allPaths(keys)));
    return cached;
  };

  const suggest = (at: readonly string[], key: string, siblings: ChartKeyMap): string | undefined => {
    // One edit is worth suggesting among a few siblings; across the whole tree short names collide.
    const sibling = nearest(key, Object.keys(siblings), (k) => k, () => 0, 1);
    if (sibling !== undefined) return sibling;
    const written = [...at, key].join(".");
    const elsewhere = nearest(key, paths(), (p) => p[p.length - 1]!, (p) => keyDistance(written, p.join(".")), 0);
    return elsewhere?.join(".");
  };

  const walk = (value: Readonly<Record<string, unknown>>, node: ChartKeyMap, at: readonly string[]) => {
    for (const [key, child] of Object.entries(value)) {
      const here = [...at, key];
      if (!hasOwn(node, key)) {
        const split = key.split(".");
        if (split.length > 1 && split.every(Boolean) && nodeAt(node, split) !== undefined) {
          report(here, "dotted", [...at, ...split].join("."));
        } else {
          report(here, "misspelled", suggest(at, key, node));
        }
        continue;
      }
      const known = node[key]!;
      if (typeof known === "object") {
        if (isPlainObject(child)) walk(child, known, here);
      } else if (known === "scalar" && isPlainObject(child)) {
        for (const sub of Object.keys(child)) report([...here, sub], "under-scalar");
      }
    }
  };
  walk(values, keys, []);
  return out;
}

/** A path as written, dot-separated; a key that contains a dot is quoted in brackets: `a["b.c"]`. */
export function formatKeyPath(segments: readonly string[]): string {
  return segments.map((s, i) => (s.includes(".") ? `[${JSON.stringify(s)}]` : i === 0 ? s : `.${s}`)).join("");
}

/** Where the Cilium chart comes from. */
export const CILIUM_CHART_REPOSITORY = "https://helm.cilium.io";
