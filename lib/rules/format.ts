/**
 * FMT: syntax of address ranges and addresses (network-rules §6, §8.1).
 *
 * The readers here are the only way other rule families get a parsed range:
 * they report the format finding once and hand back `undefined` for a value
 * that is invalid or unknown at synth time.
 */
import { parseCidr, parseIpv4Address, parseIpv4Cidr, type Cidr, type Ipv4Cidr, type Parsed } from "../net/cidr";
import { defineRules, type RuleContext } from "./engine";

const AZURERM_VALIDATE = "azurerm helpers/validate/network.go";

export const FORMAT_RULES = defineRules({
  "FMT-01": {
    severity: "error",
    title: "IPv4 CIDR syntax: four decimal octets 0-255 without leading zeros, '/', a prefix 0-32; nothing else",
    source: `AKS API pattern; ${AZURERM_VALIDATE}; Azure/AKS#506; azure-service-operator#997`,
    why: "refused: azurerm validate.CIDR refuses other characters at plan; the Network RP and the AKS RP refuse octets above 255 and leading zeros (CidrStringParseError, InvalidAddressPrefixFormat)",
  },
  "FMT-02": {
    severity: "error",
    title: "The prefix length is written explicitly",
    source: "validate.CIDR (optional prefix); azure-service-operator#997 (InvalidAddressPrefixFormat)",
    why: "refused: the Network RP refuses a VNet or subnet prefix without a length (InvalidAddressPrefixFormat); a pod or service range without one is not a range",
  },
  "FMT-03": {
    severity: "error",
    title: "No host bits: the address is the network address of its prefix",
    source: "Network RP error InvalidCIDRNotation; api-server-authorized-ip-ranges (start with the first address of the range); Kubernetes rejects ambiguous CIDRs",
    why: "refused: the Network RP refuses a VNet or subnet prefix with host bits (InvalidCIDRNotation); for pod, service and authorized ranges Microsoft asks for the network address, and which range was meant is ambiguous",
  },
  "FMT-04": {
    severity: "error",
    title: "IPv4 only for pod_cidr, service_cidr, connected networks and authorized IP ranges (the address plan is IPv4)",
    source: "azurerm validate.CIDR (pod_cidr, service_cidr); this project (dual-stack is not modelled)",
    why: "refused: azurerm validate.CIDR refuses IPv6 in pod_cidr and service_cidr at plan; for connected networks and authorized ranges this project's address plan is IPv4 and could not check the value",
  },
  "FMT-05": {
    severity: "error",
    title: "IPv6 ranges parse as canonical IPv6 networks",
    source: "configure-dual-stack; VNet FAQ",
    why: "refused: the Network RP refuses a prefix it cannot parse",
  },
  "FMT-06": {
    severity: "error",
    title: "dns_service_ip is a canonical IPv4 dotted quad (no leading zeros, no IPv4-mapped IPv6, no whitespace)",
    source: "azurerm validate.IPv4Address; AKS API pattern",
    why: "refused: azurerm validate.IPv4Address refuses leading zeros and non-IPv4 text at plan; the AKS API pattern refuses the IPv4-mapped form",
  },
});

const FMT_CIDR = ["FMT-01", "FMT-02", "FMT-03", "FMT-04", "FMT-05"] as const;

function read<T>(ctx: RuleContext, path: string, value: unknown, parse: (s: string) => Parsed<T>, opts: ReadOptions): T | undefined {
  const silent = opts.silent ?? false;
  if (value === undefined || value === null) return undefined;
  if (ctx.unknown([...FMT_CIDR, ...(opts.dependents ?? [])], path, value)) return undefined;
  if (typeof value !== "string") {
    if (!silent) ctx.report("FMT-01", path, `expected a string, got ${typeof value}`);
    return undefined;
  }
  const parsed = parse(value);
  if (parsed.ok) return parsed.value;
  if (!silent) ctx.report(parsed.error.rule, path, parsed.error.message);
  return undefined;
}

/** Options of the readers. */
export interface ReadOptions {
  /** Do not report format findings (another construct owns the field). */
  readonly silent?: boolean;
  /** Rules that use the value, recorded as skipped too when it is unknown. */
  readonly dependents?: readonly string[];
}

/** Reads an IPv4-only CIDR field (pod and service ranges, authorized ranges). */
export function readIpv4Cidr(ctx: RuleContext, path: string, value: unknown, opts: ReadOptions = {}): Ipv4Cidr | undefined {
  return read(ctx, path, value, parseIpv4Cidr, opts);
}

/** Reads a VNet or subnet range, IPv4 or IPv6. */
export function readCidr(ctx: RuleContext, path: string, value: unknown, opts: ReadOptions = {}): Cidr | undefined {
  return read(ctx, path, value, parseCidr, opts);
}

/** Reads every entry of a list of ranges; returns the valid ones with their paths. */
export function readCidrList(
  ctx: RuleContext,
  path: string,
  values: readonly unknown[] | undefined,
  opts: ReadOptions & { ipv4Only?: boolean } = {},
): { cidr: Cidr; path: string }[] {
  if (!values) return [];
  if (ctx.unknown([...FMT_CIDR, ...(opts.dependents ?? [])], path, values as unknown)) return [];
  const out: { cidr: Cidr; path: string }[] = [];
  values.forEach((v, i) => {
    const p = `${path}[${i}]`;
    const c = opts.ipv4Only ? readIpv4Cidr(ctx, p, v, opts) : readCidr(ctx, p, v, opts);
    if (c) out.push({ cidr: c, path: p });
  });
  return out;
}

/** Reads an IPv4 address field (the DNS service IP). */
export function readIpv4Address(ctx: RuleContext, path: string, value: unknown, opts: ReadOptions = {}): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (ctx.unknown(["FMT-06", ...(opts.dependents ?? [])], path, value)) return undefined;
  if (typeof value !== "string") {
    ctx.report("FMT-06", path, `expected a string, got ${typeof value}`);
    return undefined;
  }
  const parsed = parseIpv4Address(value);
  if (parsed.ok) return parsed.value;
  ctx.report("FMT-06", path, parsed.error.message);
  return undefined;
}
