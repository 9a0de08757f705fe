/**
 * Capacity arithmetic of the address plan, shared by the rules that refuse a
 * plan that does not fit and by the figures that show how much room is left.
 */
import type { Ipv4Cidr } from "../net/cidr";

/** Azure reserves five addresses in every subnet: network, gateway, two for DNS, broadcast (VNet FAQ). */
export const AZURE_SUBNET_RESERVED = 5;

/** IPv4 subnet prefix lengths Azure accepts (NET-03). */
export const SUBNET_PREFIX_MIN = 2;
export const SUBNET_PREFIX_MAX = 29;

/** True for an IPv4 subnet prefix length Azure accepts. */
export const isSubnetPrefix = (prefix: number): boolean => prefix >= SUBNET_PREFIX_MIN && prefix <= SUBNET_PREFIX_MAX;

/**
 * The prefix whose capacity counts for nodes (NET-07): the first IPv4 one
 * Azure accepts. Outside /2../29 capacity means nothing (NET-03 reports it).
 */
export function capacityPrefix<T>(prefixes: readonly T[], ipv4PrefixOf: (p: T) => number | undefined): T | undefined {
  return prefixes.find((p) => {
    const prefix = ipv4PrefixOf(p);
    return prefix !== undefined && isSubnetPrefix(prefix);
  });
}

/** Node addresses the subnet must hold: nodes at maximum scale with upgrade surge, plus internal load balancer frontends. */
export function subnetDemand(peakNodes: number, internalLoadBalancerFrontends: number): number {
  return peakNodes + internalLoadBalancerFrontends;
}

/** Node addresses an IPv4 subnet of `/prefix` holds: its size minus Azure's 5. */
export function usableSubnetAddresses(prefix: number): number {
  return 2 ** (32 - prefix) - AZURE_SUBNET_RESERVED;
}

/**
 * The same, as a Terraform expression over a subnet's first prefix, for a
 * postcondition on a subnet whose prefixes are only known at plan time.
 */
export function usableSubnetAddressesHcl(prefixesExpression: string): string {
  return `pow(2, 32 - tonumber(split("/", ${prefixesExpression}[0])[1])) - ${AZURE_SUBNET_RESERVED}`;
}

/** How many per-node blocks of size /mask fit in the pod range (0 when the mask is shorter than the range). */
export function podBlocks(pod: Ipv4Cidr, mask: number): number {
  return mask < pod.prefix ? 0 : 2 ** (mask - pod.prefix);
}

/** Pod addresses in one per-node block of /mask (Cilium hands out all but the network and broadcast addresses). */
export function podsPerBlock(mask: number): number {
  return Math.max(0, 2 ** (32 - mask) - 2);
}

/** Bits needed to count `n` distinct things. */
const bitsFor = (n: number) => (n <= 1 ? 0 : Math.ceil(Math.log2(n)));

/** The range of per-node mask sizes that fit: `[lo, hi]`, empty when lo > hi. */
export function validMaskRange(pod: Ipv4Cidr, nodes: number, maxPods: number): { lo: number; hi: number } {
  // Every node needs its own block; each block holds maxPods plus network and broadcast.
  return { lo: pod.prefix + bitsFor(nodes), hi: 32 - bitsFor(maxPods + 2) };
}

/** Cilium's default per-node block. */
export const CILIUM_DEFAULT_MASK = 24;

/** Cilium's default mask if it fits, else the nearest mask that does; `undefined` when none fits. */
export function chooseMaskSize(pod: Ipv4Cidr, nodes: number, maxPods: number): number | undefined {
  const { lo, hi } = validMaskRange(pod, nodes, maxPods);
  if (lo > hi) return undefined;
  return Math.min(Math.max(CILIUM_DEFAULT_MASK, lo), hi);
}

/** The prefix a pod range needs so that `nodes` blocks of /mask fit. */
export function podPrefixFor(mask: number, nodes: number): number {
  return Math.max(0, mask - bitsFor(nodes));
}
