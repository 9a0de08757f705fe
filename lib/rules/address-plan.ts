/**
 * The cluster's address plan, parsed once: pod, service and DNS values (with
 * the API defaults applied when unset, since AKS applies them too), the node
 * subnet and its VNet, and the connected networks.
 */
import { ipv4, type Cidr, type Ipv4Cidr } from "../net/cidr";
import type { RuleContext } from "./engine";
import type { ClusterFacts, RangeList } from "./facts";
import { readCidrList, readIpv4Address, readIpv4Cidr } from "./format";

/** AKS API defaults (2022-06-01 spec), used when the fields are unset. */
export const DEFAULT_POD_CIDR = "10.244.0.0/16";
export const DEFAULT_SERVICE_CIDR = "10.0.0.0/16";
export const DEFAULT_DNS_SERVICE_IP = "10.0.0.10";

/** Rules that cannot be decided while the value is unknown at synth time. */
const POD_DEPENDENTS = ["RES-02", "POD-02", "POD-03", "POD-04", "POD-05", "SVC-04"];
const SERVICE_DEPENDENTS = ["RES-01", "SVC-01", "SVC-02", "SVC-03", "SVC-04", "SVC-05", "SVC-06", "DNS-01", "DNS-02", "DNS-03", "DNS-04", "DNS-05"];
const DNS_DEPENDENTS = ["DNS-01", "DNS-02", "DNS-03", "DNS-04", "DNS-05"];

/** A parsed range and where it was written. */
export interface PlannedRange<C extends Cidr = Cidr> {
  readonly cidr: C;
  readonly path: string;
  /** True when the value is the API default, not written in the config. */
  readonly defaulted?: boolean;
}

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

function readList(ctx: RuleContext, list: RangeList | undefined): PlannedRange[] {
  // The network construct owns these fields and reports their format findings.
  return list ? readCidrList(ctx, list.path, list.values, { silent: true }) : [];
}

/** Reads the address plan of a cluster, reporting format findings of the cluster's own fields. */
export function readAddressPlan(ctx: RuleContext, facts: ClusterFacts): AddressPlan {
  const n = facts.network;
  const podValue = n.podCidr ?? DEFAULT_POD_CIDR;
  const podCidr = readIpv4Cidr(ctx, "network.podCidr", podValue, { dependents: POD_DEPENDENTS });
  const serviceSet = n.serviceCidr !== undefined || n.dnsServiceIp !== undefined;
  // SVC-08 reports a half-set pair; the other half still takes the AKS default for the remaining checks.
  const serviceCidr = readIpv4Cidr(ctx, "network.serviceCidr", n.serviceCidr ?? DEFAULT_SERVICE_CIDR, { dependents: SERVICE_DEPENDENTS });
  const dns = readIpv4Address(ctx, "network.dnsServiceIp", n.dnsServiceIp ?? DEFAULT_DNS_SERVICE_IP, { dependents: DNS_DEPENDENTS });
  const connected = readCidrList(ctx, "network.connectedNetworks", n.connectedNetworks, {
    ipv4Only: true,
    dependents: ["SVC-03", "POD-03"],
  }) as PlannedRange<Ipv4Cidr>[];
  return {
    pod: podCidr && { cidr: podCidr, path: "network.podCidr", defaulted: n.podCidr === undefined },
    service: serviceCidr && {
      cidr: serviceCidr,
      path: "network.serviceCidr",
      defaulted: n.serviceCidr === undefined,
    },
    dns: dns === undefined ? undefined : { address: dns, path: "network.dnsServiceIp", defaulted: !serviceSet || n.dnsServiceIp === undefined },
    vnetSpace: readList(ctx, facts.subnet?.vnetAddressSpace),
    nodeSubnet: readList(ctx, facts.subnet?.addressPrefixes),
    otherSubnets: (facts.subnet?.otherSubnets ?? []).flatMap((s) => readList(ctx, s)),
    connected,
  };
}

/** The default pod range as a parsed value (for CNI defaults). */
export const DEFAULT_POD_RANGE = ipv4(DEFAULT_POD_CIDR);
