/**
 * The address plan as reviewers see it: a plain, JSON-serialisable view that
 * the resolve step fills from the rules' own functions, and that the SVG and
 * Markdown renderers only lay out. Nothing here computes capacity.
 */

import type { AddressRangeKind } from "../../net/overlaps";

/** What a range is, which also decides its column in the picture and what it may overlap (lib/net/overlaps.ts). */
export type { AddressRangeKind } from "../../net/overlaps";

/** Every kind, in the order the renderers show them. */
export const ADDRESS_RANGE_KINDS: readonly AddressRangeKind[] = [
  "vnet",
  "nodeSubnet",
  "otherSubnet",
  "pod",
  "service",
  "connected",
  "aksReserved",
  "azureReserved",
];

/** How each kind is named in tables and headings. */
export const ADDRESS_RANGE_KIND_NAMES: Readonly<Record<AddressRangeKind, string>> = {
  vnet: "VNet",
  nodeSubnet: "Node subnet",
  otherSubnet: "Other subnet",
  pod: "Pod range",
  service: "Service range",
  connected: "Connected network",
  aksReserved: "Reserved by AKS",
  azureReserved: "Reserved by Azure",
};

/** One range of the plan. */
export interface AddressPlanRange {
  /** What the range is; decides its column in the picture and what it may overlap. */
  readonly kind: AddressRangeKind;
  /** A name for people, e.g. the subnet's name or "loopback". */
  readonly label: string;
  /**
   * Canonical CIDR text, or `undefined` when the range is only known at apply
   * time (an adopted subnet without declared prefixes, a VNet AKS creates).
   * JSON drops the key; {@link readAddressPlanView} restores it.
   */
  readonly cidr: string | undefined;
  /** The config path the range comes from, or for reserved ranges where the reservation is documented. */
  readonly path: string;
  /** True when the value is the AKS API default rather than written in the config. */
  readonly defaulted: boolean;
}

/** The cluster DNS service's address, which lies inside the service range. */
export interface AddressPlanDnsServiceIp {
  /** Dotted quad, e.g. `10.0.0.10`. */
  readonly address: string;
  /** The config path, `network.dnsServiceIp`. */
  readonly path: string;
  /** True when the address is the AKS API default (10.0.0.10). */
  readonly defaulted: boolean;
}

/**
 * One capacity figure: what a range holds, what the cluster needs of it, and
 * what is left. A figure that is only known at apply time is `undefined`.
 */
export interface CapacityRow {
  /** Stable identity across commits, so that a diff can pair rows, e.g. `subnet.nodes` or `pool.apps.pods`. */
  readonly key: string;
  /** What is counted, e.g. "Node subnet 10.224.0.0/16: node addresses". */
  readonly label: string;
  /** The unit of value, demand and headroom, e.g. "nodes", "blocks", "pods". */
  readonly unit: string;
  /** What the range holds, e.g. 65,531 node addresses in a /16. */
  readonly value: number | undefined;
  /** What the cluster needs of it at peak, e.g. 15 nodes with upgrade surge. */
  readonly demand: number | undefined;
  /** `value - demand`, computed by the producer; negative means the plan does not fit. */
  readonly headroom: number | undefined;
  /** How the figures were obtained, e.g. "2^(32-16) - 5 Azure reserves; 15 nodes with surge + 0 internal LB frontends". */
  readonly basis: string;
}

/** Everything the renderers need about one stack's address plan. */
export interface AddressPlanView {
  /** Format of this object; bumped when a field changes meaning. */
  readonly version: 1;
  /** The stack (environment) name. */
  readonly stack: string;
  /** Every range: the cluster's own, the connected networks, and the reserved ranges they must avoid. */
  readonly ranges: readonly AddressPlanRange[];
  /** The cluster DNS service's address; `undefined` when the plan has none. */
  readonly dnsServiceIp: AddressPlanDnsServiceIp | undefined;
  /** Capacity figures, in the order they are shown. */
  readonly capacity: readonly CapacityRow[];
}

/** Why a JSON value is not an address plan view; `path` is a JSON path into it. */
export class AddressPlanViewError extends Error {
  /** Creates the error for the value at `path`. */
  constructor(
    /** Where in the JSON value the problem is, e.g. `$.ranges[2].kind`. */
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = "AddressPlanViewError";
  }
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new AddressPlanViewError(path, "is not an object");
  return value as Json;
}

function text(o: Json, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== "string") throw new AddressPlanViewError(`${path}.${key}`, "is not a string");
  return v;
}

function optionalText(o: Json, key: string, path: string): string | undefined {
  return o[key] === undefined || o[key] === null ? undefined : text(o, key, path);
}

function flag(o: Json, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== "boolean") throw new AddressPlanViewError(`${path}.${key}`, "is not true or false");
  return v;
}

function optionalNumber(o: Json, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new AddressPlanViewError(`${path}.${key}`, "is not a finite number");
  return v;
}

function list(o: Json, key: string, path: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new AddressPlanViewError(`${path}.${key}`, "is not an array");
  return v;
}

/**
 * Checks a parsed JSON value (e.g. a base branch's `address-plan.json`) and
 * returns it as a view, with keys that JSON dropped restored as `undefined`.
 * Throws {@link AddressPlanViewError} naming the first offending field.
 */
export function readAddressPlanView(json: unknown): AddressPlanView {
  const o = object(json, "$");
  if (o.version !== 1) throw new AddressPlanViewError("$.version", `is ${JSON.stringify(o.version)}; this reader understands version 1`);
  const ranges = list(o, "ranges", "$").map((r, i): AddressPlanRange => {
    const path = `$.ranges[${i}]`;
    const ro = object(r, path);
    const kind = text(ro, "kind", path);
    if (!(ADDRESS_RANGE_KINDS as readonly string[]).includes(kind)) {
      throw new AddressPlanViewError(`${path}.kind`, `is "${kind}"; expected one of ${ADDRESS_RANGE_KINDS.join(", ")}`);
    }
    return {
      kind: kind as AddressRangeKind,
      label: text(ro, "label", path),
      cidr: optionalText(ro, "cidr", path),
      path: text(ro, "path", path),
      defaulted: flag(ro, "defaulted", path),
    };
  });
  const dnsJson = o.dnsServiceIp;
  let dnsServiceIp: AddressPlanDnsServiceIp | undefined;
  if (dnsJson !== undefined && dnsJson !== null) {
    const d = object(dnsJson, "$.dnsServiceIp");
    dnsServiceIp = { address: text(d, "address", "$.dnsServiceIp"), path: text(d, "path", "$.dnsServiceIp"), defaulted: flag(d, "defaulted", "$.dnsServiceIp") };
  }
  const capacity = list(o, "capacity", "$").map((c, i): CapacityRow => {
    const path = `$.capacity[${i}]`;
    const co = object(c, path);
    return {
      key: text(co, "key", path),
      label: text(co, "label", path),
      unit: text(co, "unit", path),
      value: optionalNumber(co, "value", path),
      demand: optionalNumber(co, "demand", path),
      headroom: optionalNumber(co, "headroom", path),
      basis: text(co, "basis", path),
    };
  });
  return { version: 1, stack: text(o, "stack", "$"), ranges, dnsServiceIp, capacity };
}
