/**
 * NP: node pool counts, pods per node, VM sizes, OS disks, version format
 * (network-rules §2.12, §6). The arithmetic (max nodes, surge, the OS disk
 * that fits a VM size) is the plan's.
 */
import type { AutoScalingSettings } from "../config/types";
import type { ClusterPlan } from "../plan/cluster";
import { DEFAULTS } from "../plan/defaults";
import { MAX_SURGE, MIN_OS_DISK_GIB, type PoolPlan } from "../plan/pools";
import { defineRules, type RuleContext } from "./engine";

export const NODE_POOL_RULES = defineRules({
  "NP-01": {
    severity: "error",
    title: "Node counts: system pool 1-1000 (min/max 1-1000), user pools 0-1000",
    source: "azurerm schema; AKS REST agent-pools create-or-update",
    why: "refused: azurerm IntBetween(1, 1000) on default_node_pool at plan; ARM's agent-pool count range",
    fix: "keep node counts from 1 to 1000 on the system pool and from 0 to 1000 on user pools, autoScaling minCount and maxCount included",
  },
  "NP-02": {
    severity: "warning",
    title: "A system pool has at least 2 nodes, at its autoscaler minimum too (3 recommended)",
    source: "use-system-pools",
    why: "tolerated: the API allows one node; Microsoft recommends two or more for resilience",
    fix: "give the system pool 2 or more nodes (3 recommended), at autoScaling.minCount too",
  },
  "NP-03": {
    severity: "error",
    title: "maxPods is 10-250, and a pool with maxPods < 30 has room for 30 pods (nodeCount x maxPods >= 30)",
    source: "concepts-network-ip-address-planning (\"strictly enforced\"); use-system-pools",
    why: "refused: ARM enforces the range and the 30-pod minimum per pool (\"strictly enforced\"); azurerm does not check max_pods",
    fix: "set maxPods from 10 to 250, and raise maxPods or nodeCount until the pool has room for 30 pods",
  },
  "NP-04": {
    severity: "error",
    title: "Autoscaler bounds: minCount <= nodeCount <= maxCount",
    source: "azurerm kubernetes_nodepool.go (apply-time check)",
    why: "refused: azurerm's default-pool expander at apply, before calling Azure",
    fix: "keep autoScaling.minCount <= nodeCount <= autoScaling.maxCount",
  },
  "NP-05": {
    severity: "warning",
    title: "System pool VM size has >= 4 vCPU and 4 GiB and is not B-series; user pools >= 2 vCPU and 2 GiB",
    source: "quotas-skus-regions (restricted VM sizes); use-system-pools (2026: 4 vCPU; earlier 2 vCPU); API AgentPoolMode; AKS changelog 2025-04-27",
    why: "tolerated by the API in practice, and Microsoft's own template uses a B-series system pool; the docs disagree on the minimum",
    fix: `give the system pool a VM size of 4 vCPU and 4 GiB or more that is not B-series, e.g. ${DEFAULTS.SystemNodePoolSettings.vmSize}, and user pools one of 2 vCPU and 2 GiB or more`,
  },
  "NP-07": {
    severity: "error",
    title: "kubernetesVersion is MAJOR.MINOR or MAJOR.MINOR.PATCH, digits only",
    source: "AKS API description; azure-cli validate_k8s_version",
    why: "refused: ARM refuses a version it does not offer, and no other spelling is ever offered (azurerm only checks that it is not empty)",
    fix: "write cluster.kubernetesVersion as MAJOR.MINOR or MAJOR.MINOR.PATCH, digits only, e.g. \"1.33\"",
  },
  "NP-09": {
    severity: "error",
    title: "drainTimeoutInMinutes is a whole number of minutes from 1 to 1440",
    source: "AKS API AgentPoolUpgradeSettings.drainTimeoutInMinutes (1-1440); azurerm sends 0 as unset and forces a new cluster when a set timeout becomes unset (kubernetes_cluster_resource.go CustomizeDiff)",
    why: "refused: ARM's range for drainTimeoutInMinutes is 1-1440; 0 is what azurerm sends for unset, which forces a new cluster after a value was set",
    fix: "set drainTimeoutInMinutes to a whole number from 1 to 1440, or remove it for AKS's default of 30",
  },
  "NP-10": {
    severity: "error",
    title: "nodeSoakDurationInMinutes is a whole number of minutes from 0 to 30",
    source: "azurerm kubernetes_nodepool.go (IntBetween(0, 30)); AKS API AgentPoolUpgradeSettings.nodeSoakDurationInMinutes",
    why: "refused: azurerm's IntBetween(0, 30) at validate",
    fix: "set nodeSoakDurationInMinutes to a whole number from 0 to 30",
  },
  "NP-11": {
    severity: "warning",
    title: "osSku AzureLinux goes with Kubernetes 1.32 or later (Azure Linux 3.0); before, it is Azure Linux 2.0, which AKS retired",
    source: "auto-upgrade-node-image (Azure Linux 2.0: no security updates since 2025-11-30, node images removed from 2026-03-31; migrate to AzureLinux3 or a newer Kubernetes version)",
    why: "tolerated: AKS still runs existing Azure Linux 2.0 nodes, but they get no security updates and the pool can no longer scale or be created",
    fix: "set osSku to AzureLinux3, or use Kubernetes 1.32 or later",
  },
  "NP-08": {
    severity: "error",
    title: "maxSurge is a whole number of nodes from 1, or a percentage from 1% to 100%",
    source: "AKS API AgentPoolUpgradeSettings.maxSurge; upgrade-aks-cluster (customize node surge upgrade)",
    why: "refused: ARM refuses other maxSurge values",
    fix: "set maxSurge to a whole number of nodes from 1, e.g. \"1\", or a percentage from 1% to 100%, e.g. \"33%\"",
  },
  "NP-12": {
    severity: "error",
    title: "An ephemeral OS disk (osDiskType Ephemeral) fits the VM size's local disk (cache, temp or NVMe), at osDiskSizeGb and at the 30 GiB a node image needs",
    source:
      "AKS RP error VMCacheSizeTooSmall (\"Use a VM size with larger cache or disable ephemeral OS\", XenitAB/terraform-modules#543); PSRule Azure.AKS.EphemeralOSDisk (an explicit Ephemeral request that does not fit is a validation error); lib/reference/vm-sizes (local disk sizes)",
    why: "refused: the AKS RP refuses an ephemeral OS disk larger than the VM size's local disk (VMCacheSizeTooSmall); accept it if this project's VM size catalogue is wrong about the size",
    fix: "choose a VM size whose local disk holds the OS disk, lower osDiskSizeGb, or remove osDiskType: Ephemeral so that the pool gets a managed OS disk where it does not fit",
  },
  "NP-13": {
    severity: "error",
    title: `osDiskSizeGb is at least ${MIN_OS_DISK_GIB} GiB`,
    source: `AKS node images are about ${MIN_OS_DISK_GIB} GiB (Azure/AKS-Construction#612); AKS does not take a smaller OS disk (Azure/application-gateway-kubernetes-ingress#78, Azure/aks-engine#827); azurerm only checks IntAtLeast(1)`,
    why: `refused: AKS does not create nodes on an OS disk smaller than the ${MIN_OS_DISK_GIB} GiB node image`,
    fix: `set osDiskSizeGb to ${MIN_OS_DISK_GIB} or more, or remove it`,
  },
});

const VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?$/;

/** The minor version of a MAJOR.MINOR[.PATCH] version, as a number pair; undefined for anything else. */
function minorOf(version: unknown): [number, number] | undefined {
  const m = typeof version === "string" ? /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(version) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** NP-11: AzureLinux on a Kubernetes version that still maps it to Azure Linux 2.0. */
function checkOsSku(ctx: RuleContext, pool: PoolPlan, version: unknown): void {
  if (pool.osSku !== "AzureLinux") return;
  const v = minorOf(version);
  if (v && (v[0] < 1 || (v[0] === 1 && v[1] < 32))) {
    ctx.report("NP-11", `${pool.path}.osSku`, `AzureLinux on Kubernetes ${String(version)} is Azure Linux 2.0, which AKS retired (no security updates, no node images to scale with); use AzureLinux3, or Kubernetes 1.32 or later`);
  }
}

/** NP-01..05 and NP-07..13 on every pool. */
export function checkNodePools(ctx: RuleContext, plan: ClusterPlan): void {
  const version = plan.settings.kubernetesVersion;
  if (version !== undefined && !ctx.unknown("NP-07", "cluster.kubernetesVersion", version) && !VERSION.test(version)) {
    ctx.report("NP-07", "cluster.kubernetesVersion", `"${version}" is not MAJOR.MINOR or MAJOR.MINOR.PATCH (digits only, no "v"), e.g. "1.33"`);
  }
  for (const pool of plan.pools) {
    checkCounts(ctx, pool);
    checkMaxPods(ctx, pool);
    checkSurge(ctx, pool);
    checkOsDisk(ctx, pool);
    checkVmSize(ctx, pool);
    checkOsSku(ctx, pool, version);
  }
}

/** NP-01, NP-02, NP-04. A count given as a reference is skipped (it reads as a huge negative number). */
function checkCounts(ctx: RuleContext, pool: PoolPlan): void {
  const lo = pool.system ? 1 : 0;
  const countPath = `${pool.path}.nodeCount`;
  if (!ctx.unknown("NP-01", countPath, pool.nodeCount) && (pool.nodeCount < lo || pool.nodeCount > 1000)) {
    ctx.report("NP-01", countPath, `${pool.nodeCount} is outside ${lo}-1000${pool.system ? " (a system pool needs a node)" : ""}`);
  }
  if (pool.autoScaling) checkAutoscaler(ctx, pool, pool.autoScaling, lo);
  // The fewest nodes the pool can have: the autoscaler may scale it down to its minimum.
  const [minPath, least] = pool.autoScaling ? [`${pool.path}.autoScaling.minCount`, pool.autoScaling.minCount] : [countPath, pool.nodeCount];
  if (pool.system && !ctx.unknown("NP-02", minPath, least) && least < 2) {
    ctx.report("NP-02", minPath, "a system pool with one node has no redundancy for CoreDNS and the CNI operator; use 2 or more (3 recommended)");
  }
}

/** NP-01, NP-04 on the autoscaler bounds. */
function checkAutoscaler(ctx: RuleContext, pool: PoolPlan, as: AutoScalingSettings, lo: number): void {
  if (ctx.unknown(["NP-01", "NP-04"], `${pool.path}.autoScaling`, [as.minCount, as.maxCount])) return;
  for (const key of ["minCount", "maxCount"] as const) {
    if (as[key] < lo || as[key] > 1000) ctx.report("NP-01", `${pool.path}.autoScaling.${key}`, `${as[key]} is outside ${lo}-1000`);
  }
  const countPath = `${pool.path}.nodeCount`;
  if (as.minCount > as.maxCount) {
    ctx.report("NP-04", `${pool.path}.autoScaling.minCount`, `minCount ${as.minCount} is above maxCount ${as.maxCount}`);
  } else if (!ctx.unknown("NP-04", countPath, pool.nodeCount) && (pool.nodeCount < as.minCount || pool.nodeCount > as.maxCount)) {
    ctx.report("NP-04", countPath, `${pool.nodeCount} is outside the autoscaler bounds ${as.minCount}-${as.maxCount}`);
  }
}

/** NP-03. */
function checkMaxPods(ctx: RuleContext, pool: PoolPlan): void {
  const path = `${pool.path}.maxPods`;
  if (ctx.unknown("NP-03", path, pool.maxPods)) return;
  if (pool.maxPods < 10 || pool.maxPods > 250) {
    ctx.report("NP-03", path, `${pool.maxPods} is outside 10-250`);
  } else if (pool.maxPods < 30 && !ctx.unknown("NP-03", `${pool.path}.nodeCount`, pool.nodeCount) && pool.nodeCount * pool.maxPods < 30) {
    ctx.report("NP-03", path, `${pool.nodeCount} nodes x ${pool.maxPods} pods leaves room for fewer than 30 pods; raise maxPods or nodeCount`);
  }
}

/** NP-08, NP-09, NP-10: how AKS surges and drains the pool during upgrades. */
function checkSurge(ctx: RuleContext, pool: PoolPlan): void {
  const path = `${pool.path}.maxSurge`;
  if (!ctx.unknown("NP-08", path, pool.maxSurge) && !MAX_SURGE.test(pool.maxSurge)) {
    ctx.report("NP-08", path, `${JSON.stringify(pool.maxSurge)} is not a node count from 1 or a percentage from 1% to 100% (e.g. "1" or "33%")`);
  }
  const drain = pool.drain.timeoutInMinutes;
  if (!ctx.unknown("NP-09", `${pool.path}.drainTimeoutInMinutes`, drain) && !(Number.isInteger(drain) && drain >= 1 && drain <= 1440)) {
    ctx.report("NP-09", `${pool.path}.drainTimeoutInMinutes`, `${drain} is not a whole number of minutes from 1 to 1440 (AKS's default is 30)`);
  }
  const soak = pool.drain.soakInMinutes;
  if (!ctx.unknown("NP-10", `${pool.path}.nodeSoakDurationInMinutes`, soak) && !(Number.isInteger(soak) && soak >= 0 && soak <= 30)) {
    ctx.report("NP-10", `${pool.path}.nodeSoakDurationInMinutes`, `${soak} is not a whole number of minutes from 0 to 30`);
  }
}

/** NP-12: an ephemeral OS disk fits the VM size; NP-13: the OS disk holds a node image. */
function checkOsDisk(ctx: RuleContext, pool: PoolPlan): void {
  if (pool.osDisk.problem) ctx.report("NP-12", `${pool.path}.osDiskType`, pool.osDisk.problem);
  const size = pool.settings.osDiskSizeGb;
  if (size !== undefined && size < MIN_OS_DISK_GIB) {
    ctx.report("NP-13", `${pool.path}.osDiskSizeGb`, `${size} GiB is below the ${MIN_OS_DISK_GIB} GiB AKS node images need`);
  }
}

/** NP-05. */
function checkVmSize(ctx: RuleContext, pool: PoolPlan): void {
  const size = pool.vmSizeEntry;
  if (!size) return;
  const path = `${pool.path}.vmSize`;
  if (pool.system && size.burstable) {
    ctx.report("NP-05", path, `${pool.vmSize} is B-series (burstable), which AKS does not support for system pools; use e.g. ${DEFAULTS.SystemNodePoolSettings.vmSize}`);
  } else if (pool.system && (size.vcpus < 4 || size.memoryGiB < 4)) {
    ctx.report("NP-05", path, `${pool.vmSize} has ${size.vcpus} vCPU and ${size.memoryGiB} GiB; Microsoft's system-pool guidance asks for at least 4 vCPU and 4 GiB`);
  } else if (!pool.system && (size.vcpus < 2 || size.memoryGiB < 2)) {
    ctx.report("NP-05", path, `${pool.vmSize} has ${size.vcpus} vCPU and ${size.memoryGiB} GiB; user pools need at least 2 vCPU and 2 GiB`);
  }
}
