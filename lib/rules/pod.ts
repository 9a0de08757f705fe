/**
 * POD: the pod range under BYOCNI (network-rules §2.4, §5.1, §6).
 * AKS allocates no pod IPs here, but the control plane routes to pods through
 * this range and the CNI's IPAM pool must equal it.
 */
import { contains, type Ipv4Cidr } from "../net/cidr";
import { PRIVATE_RANGES, PRIVATE_RANGES_TEXT } from "../net/overlaps";
import { podBlocks, podPrefixFor } from "../plan/capacity";
import { collisionsOf, describeEntry, type AddressPlan, type PlannedRange } from "./ranges";
import { defineRules, type RuleContext } from "./engine";
import { isSet, type Attributes } from "./facts";

export const POD_RULES = defineRules({
  "POD-02": {
    severity: "error",
    title: "The pod CIDR does not overlap any subnet of the cluster VNet",
    source:
      "use-byo-cni; concepts-network-azure-cni-overlay; Cilium cluster-pool doc; AKS RP error NetworkProfileCIDROverlapVNET (Azure/AKS-Construction#403); Azure/AKS CHANGELOG Release 2024-10-25 (the pod CIDR is checked against every subnet of the VNet) and Release 2022-02-24 (with the VNet AKS creates, pod and service ranges must not overlap its node subnet, 10.224.0.0/16)",
    why: "refused: the AKS RP refuses a networkProfile.podCIDR that overlaps a subnet of the VNet (NetworkProfileCIDROverlapVNET; observed with overlay, the same field carries the BYOCNI pod range)",
    fix: "choose a network.podCidr that overlaps no subnet of the cluster's VNet, best one outside the VNet address space",
  },
  "POD-03": {
    severity: "warning",
    title: "The pod CIDR does not overlap connected networks",
    source: "use-byo-cni; concepts-network-azure-cni-overlay; MicrosoftDocs/azure-aks-docs#291",
    why: "tolerated: Azure does not see connected networks when it creates the cluster; pods cannot reach the connected addresses inside the pod range",
    fix: "choose a network.podCidr outside the ranges of network.connectedNetworks",
  },
  "POD-04": {
    severity: "warning",
    title: "The pod CIDR is RFC 1918 or RFC 6598 (support scope)",
    source: "concepts-network-azure-cni-overlay (Pods)",
    why: "tolerated: public pod ranges are not blocked, only outside Microsoft's support scope",
    fix: `choose a network.podCidr inside ${PRIVATE_RANGES_TEXT}`,
  },
  "POD-05": {
    severity: "warning",
    title: "The pod CIDR holds a per-node block for every node, surge included",
    source: "Cilium chart defaults (clusterPoolIPv4MaskSize 24); network-rules §5.1",
    why: "tolerated: AKS allocates no pod addresses under BYOCNI; the CNI gives nodes past the last block no pod range, and they stay NotReady",
    fix: "enlarge network.podCidr (a shorter prefix), or lower maxCount, maxSurge or the per-node block size, until every node with surge gets a block",
  },
  "POD-07": {
    severity: "warning",
    title: "pod_cidr and pod_cidrs are not both set unless pod_cidrs[0] equals pod_cidr",
    source: "API model has both fields; avoids ambiguity",
    why: "tolerated as far as known (no provider or ARM check found); which of the two AKS uses is not documented",
    fix: "remove the pod_cidrs override, or make its first entry equal network.podCidr",
  },
  "POD-08": {
    severity: "warning",
    title: "The pod CIDR does not overlap the cluster VNet address space",
    source: "use-byo-cni; concepts-network-azure-cni-overlay; Azure/AKS CHANGELOG Release 2024-10-25 (the pod CIDR is checked against the subnets, no longer the VNet address space)",
    why: "tolerated: since 2024-10-25 AKS checks the pod CIDR against the subnets only (POD-02); a subnet added in the overlap later collides with the pods",
    fix: "choose a network.podCidr outside the VNet address space",
  },
});

/** What each pod-range overlap means, after "pod CIDR ... overlaps <range>". */
const POD_OVERLAPS: Readonly<Record<string, string>> = {
  "POD-02": "; AKS refuses a pod CIDR that overlaps a subnet of the VNet",
  "POD-03": "; pods cannot reach its addresses inside the pod range",
  "POD-08": "; AKS accepts an overlap with the VNet that misses every subnet, but a subnet added there later collides with the pods",
};
const POD_OTHER: Readonly<Record<string, string>> = { "POD-02": "subnet ", "POD-03": "connected network ", "POD-08": "the VNet address space " };

/** POD-02..04, POD-08: overlaps by the shared decision (subnets, else the VNet; connected networks), and the support scope. */
export function checkPodRange(ctx: RuleContext, plan: AddressPlan): void {
  const pod = plan.pod;
  if (!pod) return;
  const what = `pod CIDR ${pod.cidr.text}${pod.defaulted ? " (the AKS default; set network.podCidr)" : ""}`;
  for (const c of collisionsOf(plan)) {
    const why = POD_OVERLAPS[c.rule];
    if (why === undefined || !("range" in c.subject) || c.subject.range !== pod) continue;
    ctx.report(c.rule, pod.path, `${what} overlaps ${POD_OTHER[c.rule]}${describeEntry(c.other)}${why}`);
  }
  if (!PRIVATE_RANGES.some((r) => contains(r, pod.cidr))) {
    ctx.report("POD-04", pod.path, `${what} is not in 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10; public pod ranges are outside Microsoft's support scope`);
  }
}

/** What the pod range must hold: nodes (with surge) and a per-node block of `mask` bits. */
export interface PodCapacityDemand {
  readonly nodes: number;
  readonly mask: number;
  /** Where the mask comes from, for the message. */
  readonly maskSource: string;
}

/** POD-05. */
export function checkPodCapacity(ctx: RuleContext, pod: PlannedRange<Ipv4Cidr> | undefined, demand: PodCapacityDemand): void {
  if (!pod) return;
  const { mask, nodes } = demand;
  if (mask < pod.cidr.prefix) {
    ctx.report("POD-05", pod.path, `pod CIDR ${pod.cidr.text} is smaller than one per-node block /${mask} (${demand.maskSource}); use a /${podPrefixFor(mask, nodes)} or larger`);
    return;
  }
  const blocks = podBlocks(pod.cidr, mask);
  if (blocks < nodes) {
    ctx.report("POD-05", pod.path, `pod CIDR ${pod.cidr.text} holds ${blocks} per-node /${mask} blocks (${demand.maskSource}) but the cluster can reach ${nodes} nodes with surge; use a /${podPrefixFor(mask, nodes)} or larger`);
  }
}

/** POD-07: the list form of the pod range, which only an override can add here, agrees with the single one. */
export function checkPodCidrList(ctx: RuleContext, networkProfile: Attributes): void {
  const one = networkProfile.pod_cidr;
  const many = networkProfile.pod_cidrs;
  if (!Array.isArray(many) || many.length === 0) return;
  if (ctx.unknown("POD-07", "network.podCidr", one) || ctx.unknown("POD-07", "network.podCidr", many)) return;
  if (isSet(one) && many[0] !== one) {
    ctx.report("POD-07", "network.podCidr", `network_profile.pod_cidr is ${JSON.stringify(one)} but pod_cidrs[0] is ${JSON.stringify(many[0])}; set one of them, or make them equal`);
  }
}
