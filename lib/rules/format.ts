/**
 * FMT: syntax of address ranges and addresses (network-rules §6, §8.1).
 *
 * The resolve step parses every range and address of the plan once
 * (lib/plan/addresses.ts). The readers here are the only way other rule
 * families get a parsed range: they report the format finding the plan
 * recorded, once, and hand back `undefined` for a value that is invalid or
 * unknown at synth time.
 */
import type { Cidr } from "../net/cidr";
import type { PlannedAddress, PlannedCidr, PlannedText, RangeList } from "../plan/addresses";
import { defineRules, type RuleContext } from "./engine";

const AZURERM_VALIDATE = "azurerm helpers/validate/network.go";

export const FORMAT_RULES = defineRules({
  "FMT-01": {
    severity: "error",
    title: "IPv4 CIDR syntax: four decimal octets 0-255 without leading zeros, '/', a prefix 0-32; nothing else",
    source: `AKS API pattern; ${AZURERM_VALIDATE}; Azure/AKS#506; azure-service-operator#997`,
    why: "refused: azurerm validate.CIDR refuses other characters at plan; the Network RP and the AKS RP refuse octets above 255 and leading zeros (CidrStringParseError, InvalidAddressPrefixFormat)",
    fix: "write the range as four decimal octets 0-255 without leading zeros, a '/' and a prefix length 0-32, e.g. 10.244.0.0/16",
  },
  "FMT-02": {
    severity: "error",
    title: "The prefix length is written explicitly (an authorized IP range may be a bare address, sent as its /32)",
    source: "validate.CIDR (optional prefix); azure-service-operator#997 (InvalidAddressPrefixFormat); Azure CLI validate_ip_ranges (--api-server-authorized-ip-ranges: \"a list of IPv4 addresses or CIDRs\")",
    why: "refused: the Network RP refuses a VNet or subnet prefix without a length (InvalidAddressPrefixFormat); a pod or service range without one is not a range. The API server's authorized IP ranges take a bare address (azurerm validate.CIDR, the Azure CLI), so it is not refused there",
    fix: "add the prefix length to the address, e.g. 10.244.0.0/16",
  },
  "FMT-03": {
    severity: "error",
    title: "No host bits: the address is the network address of its prefix",
    source: "Network RP error InvalidCIDRNotation; api-server-authorized-ip-ranges (start with the first address of the range); Kubernetes rejects ambiguous CIDRs",
    why: "refused: the Network RP refuses a VNet or subnet prefix with host bits (InvalidCIDRNotation); for pod, service and authorized ranges Microsoft asks for the network address, and which range was meant is ambiguous",
    fix: "write the network address of the prefix (the message names it), e.g. 10.1.0.0/16 rather than 10.1.2.3/16",
  },
  "FMT-04": {
    severity: "error",
    title: "IPv4 only for pod_cidr, service_cidr, connected networks and authorized IP ranges (the address plan is IPv4)",
    source: "azurerm validate.CIDR (pod_cidr, service_cidr); this project (dual-stack is not modelled)",
    why: "refused: azurerm validate.CIDR refuses IPv6 in pod_cidr and service_cidr at plan; for connected networks and authorized ranges this project's address plan is IPv4 and could not check the value",
    fix: "give an IPv4 range: this field takes no IPv6",
  },
  "FMT-05": {
    severity: "error",
    title: "IPv6 ranges parse as canonical IPv6 networks",
    source: "configure-dual-stack; VNet FAQ",
    why: "refused: the Network RP refuses a prefix it cannot parse",
    fix: "write the IPv6 range in canonical lower-case form without host bits, e.g. fd00:10::/64",
  },
  "FMT-06": {
    severity: "error",
    title: "dns_service_ip is a canonical IPv4 dotted quad (no leading zeros, no IPv4-mapped IPv6, no whitespace)",
    source: "azurerm validate.IPv4Address; AKS API pattern",
    why: "refused: azurerm validate.IPv4Address refuses leading zeros and non-IPv4 text at plan; the AKS API pattern refuses the IPv4-mapped form",
    fix: "write network.dnsServiceIp as a plain IPv4 dotted quad without leading zeros or spaces, e.g. 10.0.0.10",
  },
});

const FMT_CIDR = ["FMT-01", "FMT-02", "FMT-03", "FMT-04", "FMT-05"] as const;

/** Options of the readers. */
export interface ReadOptions {
  /** Do not report format findings (another construct owns the field). */
  readonly silent?: boolean;
  /** Rules that use the value, recorded as skipped too when it is unknown. */
  readonly dependents?: readonly string[];
}

/**
 * The parsed value of a range or address of the plan, its format finding
 * reported: the resolve step parsed it and said whether it is a Terraform
 * reference; this only reports what it found. Undefined when the value is
 * absent, unknown (`rules` are recorded as skipped) or malformed.
 */
function read<T>(ctx: RuleContext, value: PlannedText | undefined, parsed: T | undefined, rules: readonly string[], opts: ReadOptions): T | undefined {
  if (value === undefined || value.text === undefined || value.text === null) return undefined;
  if (value.unknown) {
    for (const rule of rules) ctx.skip(rule, value.path);
    return undefined;
  }
  if (value.problem && !(opts.silent ?? false)) ctx.report(value.problem.rule, value.path, value.problem.message);
  return parsed;
}

/** Reads a range of the plan (the resolve step chose its parser: IPv4 only for pod, service, connected and authorized ranges). */
export function readRange<C extends Cidr>(ctx: RuleContext, range: PlannedCidr<C> | undefined, opts: ReadOptions = {}): C | undefined {
  return read(ctx, range, range?.cidr, [...FMT_CIDR, ...(opts.dependents ?? [])], opts);
}

/** Reads every entry of a list of ranges; returns the valid ones with their paths. */
export function readRangeList<C extends Cidr>(ctx: RuleContext, list: RangeList<C> | undefined, opts: ReadOptions = {}): { cidr: C; path: string }[] {
  if (!list) return [];
  if (list.hasUnknown) {
    for (const rule of [...FMT_CIDR, ...(opts.dependents ?? [])]) ctx.skip(rule, list.path);
    return [];
  }
  const out: { cidr: C; path: string }[] = [];
  for (const r of list.ranges) {
    const c = readRange(ctx, r, opts);
    if (c) out.push({ cidr: c, path: r.path });
  }
  return out;
}

/** Reads an address of the plan (the DNS service IP). */
export function readAddress(ctx: RuleContext, address: PlannedAddress, opts: ReadOptions = {}): number | undefined {
  return read(ctx, address, address.address, ["FMT-06", ...(opts.dependents ?? [])], opts);
}
