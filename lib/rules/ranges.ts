/**
 * The cluster's address plan for the rules: the valid ranges of the cluster
 * plan (parsed by the resolve step), namely pod, service and DNS values (the
 * plan carries the API defaults, which AKS applies too), the node subnet and
 * its VNet, and the connected networks. Format findings of the cluster's own
 * fields are reported here, once.
 */
import { cidr, type Cidr, type Ipv4Cidr } from "../net/cidr";
import { addressCollisions, RESERVED_RANGES, type AddressRangeKind, type ReservedRange } from "../net/overlaps";
import type { RangeList } from "../plan/addresses";
import type { ClusterPlan } from "../plan/cluster";
import { AKS_MANAGED_NODE_SUBNET } from "../plan/defaults";
import type { RuleContext } from "./engine";
import { readAddress, readRange, readRangeList } from "./format";

/** Rules that cannot be decided while the value is unknown at synth time. */
const POD_DEPENDENTS = ["RES-02", "POD-02", "POD-03", "POD-04", "POD-05", "POD-08", "SVC-04"];
const SERVICE_DEPENDENTS = ["RES-01", "SVC-01", "SVC-02", "SVC-03", "SVC-04", "SVC-05", "SVC-06", "DNS-01", "DNS-02", "DNS-03", "DNS-04", "DNS-05"];
const DNS_DEPENDENTS = ["DNS-01", "DNS-02", "DNS-03", "DNS-04", "DNS-05"];

/** A valid range of the plan, as the rules compare it: the range the resolve step parsed, and where it was written. */
export interface PlannedRange<C extends Cidr = Cidr> {
  readonly cidr: C;
  readonly path: string;
  /** True when the value is the API default, not written in the config. */
  readonly defaulted?: boolean;
}

/** The cluster's address plan: its valid ranges, for the overlap and size rules. */
export interface AddressPlan {
  readonly pod?: PlannedRange<Ipv4Cidr>;
  readonly service?: PlannedRange<Ipv4Cidr>;
  readonly dns?: { readonly address: number; readonly path: string; readonly defaulted?: boolean };
  /** The VNet's address space (created, or declared for an adopted subnet). */
  readonly vnetSpace: PlannedRange[];
  /** The node subnet's prefixes. */
  readonly nodeSubnet: PlannedRange[];
  /** Other subnets of the same VNet. */
  readonly otherSubnets: PlannedRange[];
  /** Peered, VPN or on-premises ranges. */
  readonly connected: PlannedRange<Ipv4Cidr>[];
}

/** How a range is named in messages: `10.0.0.0/16 (network.serviceCidr, the AKS default)`. */
export function describe(r: PlannedRange): string {
  return `${r.cidr.text} (${r.path}${r.defaulted ? ", the AKS default" : ""})`;
}

const MANAGED_SUBNET: PlannedRange = { cidr: cidr(AKS_MANAGED_NODE_SUBNET), path: "the node subnet AKS creates", defaulted: true };

/** True for the node subnet AKS creates: no config field holds it, so a finding about it goes to the other range's field. */
export function isAksManaged(r: PlannedRange): boolean {
  return r === MANAGED_SUBNET;
}

function readList(ctx: RuleContext, list: RangeList | undefined): PlannedRange[] {
  // The network's own checks report these fields' format findings.
  return readRangeList(ctx, list, { silent: true });
}

/** Reads the address plan of a cluster, reporting format findings of the cluster's own fields. */
export function readAddressPlan(ctx: RuleContext, plan: ClusterPlan): AddressPlan {
  // A pod range AKS is not given (pods on pod subnets) is no range of the cluster's.
  const podCidr = plan.pod.notSent ? undefined : readRange(ctx, plan.pod, { dependents: POD_DEPENDENTS });
  const serviceCidr = readRange(ctx, plan.service, { dependents: SERVICE_DEPENDENTS });
  const dns = readAddress(ctx, plan.dnsServiceIp, { dependents: DNS_DEPENDENTS });
  const connected = readRangeList(ctx, plan.connectedNetworks, { dependents: ["SVC-03", "POD-03"] });
  const subnet = plan.subnet;
  return {
    pod: podCidr && { cidr: podCidr, path: plan.pod.path, defaulted: plan.pod.defaulted },
    service: serviceCidr && { cidr: serviceCidr, path: plan.service.path, defaulted: plan.service.defaulted },
    dns: dns === undefined ? undefined : { address: dns, path: plan.dnsServiceIp.path, defaulted: plan.dnsServiceIp.defaulted },
    vnetSpace: readList(ctx, subnet?.vnetSpace),
    // Every subnet nodes join: the node subnet and the pool subnets; without a subnet of yours, the one AKS creates.
    nodeSubnet: subnet ? [...readList(ctx, subnet.subnetPrefixes), ...subnet.poolSubnets.flatMap((s) => readList(ctx, s.prefixes))] : [MANAGED_SUBNET],
    // The API server subnet holds no nodes: it is another subnet of the VNet.
    otherSubnets: [...(subnet?.otherSubnets ?? []).flatMap((s) => readList(ctx, s)), ...readList(ctx, subnet?.apiServerSubnet?.prefixes)],
    connected,
  };
}

/** A range of the plan as the overlap decision sees it: one of the cluster's, or a reserved one. */
export type PlanEntry =
  | { readonly kind: Exclude<AddressRangeKind, "aksReserved" | "azureReserved">; readonly range: PlannedRange }
  | { readonly kind: "aksReserved" | "azureReserved"; readonly reserved: ReservedRange };

/** An overlap the rules report: the rule, the range it is about, and the range it collides with. */
export interface PlannedCollision {
  readonly rule: string;
  readonly subject: PlanEntry;
  readonly other: PlanEntry;
}

/** Any part of an address plan: what the network checks know (the VNet and subnets), or all of it. */
export type PlanRanges = { readonly [K in keyof AddressPlan]?: AddressPlan[K] extends readonly (infer R)[] ? readonly R[] : AddressPlan[K] };

/** The ranges of a (partial) address plan, in the order the address-plan report lists them, then the reserved ranges. */
function planEntries(plan: PlanRanges): PlanEntry[] {
  const of = (kind: Exclude<AddressRangeKind, "aksReserved" | "azureReserved">, ranges: readonly (PlannedRange | undefined)[] = []): PlanEntry[] =>
    ranges.filter((r): r is PlannedRange => r !== undefined).map((range) => ({ kind, range }));
  return [
    ...of("vnet", plan.vnetSpace),
    ...of("nodeSubnet", plan.nodeSubnet),
    ...of("otherSubnet", plan.otherSubnets),
    ...of("pod", [plan.pod]),
    ...of("service", [plan.service]),
    ...of("connected", plan.connected),
    ...RESERVED_RANGES.map((reserved): PlanEntry => ({ kind: reserved.kind, reserved })),
  ];
}

/**
 * Every overlap of the plan that breaks a rule, decided by lib/net's
 * `addressCollisions`, the same function the address-plan report uses.
 */
export function collisionsOf(plan: PlanRanges): PlannedCollision[] {
  const entries = planEntries(plan);
  const cidrOf = (e: PlanEntry) => ("range" in e ? e.range.cidr : e.reserved.range);
  return addressCollisions(entries.map((e) => ({ kind: e.kind, cidr: cidrOf(e) }))).map((c) => ({
    rule: c.rule,
    subject: entries[c.subject]!,
    other: entries[c.other]!,
  }));
}

/** How an entry is named in messages. */
export function describeEntry(e: PlanEntry): string {
  return "range" in e ? describe(e.range) : `${e.reserved.range.text} (${e.reserved.what})`;
}
