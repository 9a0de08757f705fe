/**
 * NP: node pool counts, pods per node, VM sizes, version format
 * (network-rules §2.12, §6), and the node arithmetic other families share.
 */
import type { ClusterSettings, NodePoolSettings } from "../config/types";
import { maxEphemeralOsDiskGiB, vmSize } from "../catalog/vm-sizes";
import { defineRules, type RuleContext } from "./engine";
import { systemPoolOf } from "../plan/defaults";

export const NODE_POOL_RULES = defineRules({
  "NP-01": {
    severity: "error",
    title: "Node counts: system pool 1-1000 (min/max 1-1000), user pools 0-1000",
    source: "azurerm schema; AKS REST agent-pools create-or-update",
  },
  "NP-02": {
    severity: "warning",
    title: "A system pool has at least 2 nodes (3 recommended)",
    source: "use-system-pools",
  },
  "NP-03": {
    severity: "error",
    title: "maxPods is 10-250, and a pool with maxPods < 30 has room for 30 pods (nodeCount x maxPods >= 30)",
    source: "concepts-network-ip-address-planning (\"strictly enforced\"); use-system-pools",
  },
  "NP-04": {
    severity: "error",
    title: "Autoscaler bounds: minCount <= nodeCount <= maxCount",
    source: "azurerm kubernetes_nodepool.go (apply-time check)",
  },
  "NP-05": {
    severity: "warning",
    title: "System pool VM size has >= 4 vCPU and 4 GiB and is not B-series; user pools >= 2 vCPU and 2 GiB",
    source: "quotas-skus-regions (restricted VM sizes); use-system-pools (2026: 4 vCPU; earlier 2 vCPU); API AgentPoolMode; AKS changelog 2025-04-27",
  },
  "NP-07": {
    severity: "error",
    title: "kubernetesVersion is MAJOR.MINOR or MAJOR.MINOR.PATCH, digits only",
    source: "AKS API description; azure-cli validate_k8s_version",
  },
});

/** AKS's default max surge for new pools. */
export const DEFAULT_MAX_SURGE = "10%";
/** Default pods per node when unset (kubelet's default, made explicit). */
export const DEFAULT_MAX_PODS = 110;

const SURGE = /^(?:[1-9][0-9]*|(?:100|[1-9][0-9]?)%)$/;

/** The most nodes a pool can have: the autoscaler's maximum, else its node count. */
export function poolMaxNodes(pool: NodePoolSettings): number {
  return pool.autoScaling ? pool.autoScaling.maxCount : pool.nodeCount;
}

/** Extra nodes during an upgrade; a percentage rounds up, as AKS does. `undefined` if unparseable. */
export function poolSurge(pool: NodePoolSettings): number | undefined {
  const s = pool.maxSurge ?? DEFAULT_MAX_SURGE;
  if (!SURGE.test(s)) return undefined;
  return s.endsWith("%") ? Math.ceil((poolMaxNodes(pool) * Number(s.slice(0, -1))) / 100) : Number(s);
}

/** Every pool of a cluster, with its config path; the default pool first. */
export function allPools(cluster: ClusterSettings): { pool: NodePoolSettings; path: string; system: boolean }[] {
  return [
    { pool: systemPoolOf(cluster), path: "cluster.defaultNodePool", system: true },
    ...(cluster.userNodePools ?? []).map((pool, i) => ({ pool, path: `cluster.userNodePools[${i}]`, system: false })),
  ];
}

/** Nodes the cluster can reach, upgrades included: Σ(max nodes + surge). */
export function totalNodesWithSurge(cluster: ClusterSettings): number {
  return allPools(cluster).reduce((sum, { pool }) => sum + poolMaxNodes(pool) + (poolSurge(pool) ?? 0), 0);
}

/** Largest maxPods of any pool (after the default). */
export function largestMaxPods(cluster: ClusterSettings): number {
  return Math.max(...allPools(cluster).map(({ pool }) => pool.maxPods ?? DEFAULT_MAX_PODS));
}

/** AKS node images need at least this much OS disk (create-node-pools, ephemeral OS note). */
export const MIN_OS_DISK_GIB = 30;
/** Size given to an ephemeral OS disk when none is set: AKS's managed default for small VMs. */
export const DEFAULT_EPHEMERAL_OS_DISK_GIB = 128;

/** The OS disk a pool gets, and why when it is not ephemeral. */
export interface OsDiskPlan {
  readonly type: "Ephemeral" | "Managed";
  readonly sizeGb?: number;
  /** Why the disk is managed although ephemeral is the secure default. */
  readonly managedBecause?: string;
  /** A contradiction in the pool's settings (reported as CFG-06). */
  readonly problem?: string;
}

/**
 * Ephemeral where the VM size's cache, temp or NVMe disk holds the OS disk
 * (AKS prefers the cache), otherwise managed with the reason.
 */
export function planOsDisk(pool: NodePoolSettings): OsDiskPlan {
  const size = vmSize(pool.vmSize);
  const room = size ? maxEphemeralOsDiskGiB(size) : undefined;
  const wanted = pool.osDiskSizeGb;
  if (pool.osDiskType === "Managed") {
    return { type: "Managed", sizeGb: wanted, managedBecause: "osDiskType is set to Managed" };
  }
  if (room === undefined) {
    if (pool.osDiskType === "Ephemeral") return { type: "Ephemeral", sizeGb: wanted };
    return {
      type: "Managed",
      sizeGb: wanted,
      managedBecause: `${pool.vmSize} is not in this project's VM size catalogue, so it is not known whether its cache or temp disk holds an OS disk; set osDiskType: Ephemeral if it does`,
    };
  }
  if (room < MIN_OS_DISK_GIB) {
    const why = `${pool.vmSize} has no local disk of ${MIN_OS_DISK_GIB} GiB or more (largest: ${room} GiB), and AKS node images need ${MIN_OS_DISK_GIB} GiB, so an ephemeral OS disk cannot fit`;
    return pool.osDiskType === "Ephemeral"
      ? { type: "Ephemeral", sizeGb: wanted, problem: `osDiskType Ephemeral is impossible: ${why}` }
      : { type: "Managed", sizeGb: wanted, managedBecause: why };
  }
  if (wanted !== undefined && wanted > room) {
    return pool.osDiskType === "Ephemeral"
      ? { type: "Ephemeral", sizeGb: wanted, problem: `osDiskSizeGb ${wanted} does not fit the ${room} GiB local disk of ${pool.vmSize}; use ${room} or less` }
      : { type: "Managed", sizeGb: wanted, managedBecause: `osDiskSizeGb ${wanted} is larger than the ${room} GiB local disk of ${pool.vmSize}` };
  }
  return { type: "Ephemeral", sizeGb: wanted ?? Math.min(DEFAULT_EPHEMERAL_OS_DISK_GIB, room) };
}

const VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?$/;

export function checkNodePools(ctx: RuleContext, cluster: ClusterSettings): void {
  if (cluster.kubernetesVersion !== undefined && !ctx.unknown("NP-07", "cluster.kubernetesVersion", cluster.kubernetesVersion)) {
    if (!VERSION.test(cluster.kubernetesVersion)) {
      ctx.report("NP-07", "cluster.kubernetesVersion", `"${cluster.kubernetesVersion}" is not MAJOR.MINOR or MAJOR.MINOR.PATCH (digits only, no "v"), e.g. "1.33"`);
    }
  }
  for (const { pool, path, system } of allPools(cluster)) {
    const lo = system ? 1 : 0;
    const range = `${lo}-1000`;
    const countPath = `${path}.nodeCount`;
    // A count given as a reference is a huge negative number at synth time: skip what reads it.
    const countKnown = (rule: string) => !ctx.unknown(rule, countPath, pool.nodeCount);
    if (countKnown("NP-01") && (pool.nodeCount < lo || pool.nodeCount > 1000)) {
      ctx.report("NP-01", countPath, `${pool.nodeCount} is outside ${range}${system ? " (a system pool needs a node)" : ""}`);
    }
    const as = pool.autoScaling;
    if (as && !ctx.unknown(["NP-01", "NP-04"], `${path}.autoScaling`, [as.minCount, as.maxCount])) {
      for (const key of ["minCount", "maxCount"] as const) {
        if (as[key] < lo || as[key] > 1000) ctx.report("NP-01", `${path}.autoScaling.${key}`, `${as[key]} is outside ${range}`);
      }
      if (as.minCount > as.maxCount) {
        ctx.report("NP-04", `${path}.autoScaling.minCount`, `minCount ${as.minCount} is above maxCount ${as.maxCount}`);
      } else if (countKnown("NP-04") && (pool.nodeCount < as.minCount || pool.nodeCount > as.maxCount)) {
        ctx.report("NP-04", countPath, `${pool.nodeCount} is outside the autoscaler bounds ${as.minCount}-${as.maxCount}`);
      }
    }
    if (system && !ctx.unknown("NP-02", as ? `${path}.autoScaling` : countPath, poolMaxNodes(pool)) && poolMaxNodes(pool) < 2) {
      ctx.report("NP-02", countPath, "a system pool with one node has no redundancy for CoreDNS and the CNI operator; use 2 or more (3 recommended)");
    }
    const maxPods = pool.maxPods ?? DEFAULT_MAX_PODS;
    if (!ctx.unknown("NP-03", `${path}.maxPods`, maxPods)) {
      if (maxPods < 10 || maxPods > 250) {
        ctx.report("NP-03", `${path}.maxPods`, `${maxPods} is outside 10-250`);
      } else if (maxPods < 30 && countKnown("NP-03") && pool.nodeCount * maxPods < 30) {
        ctx.report("NP-03", `${path}.maxPods`, `${pool.nodeCount} nodes x ${maxPods} pods leaves room for fewer than 30 pods; raise maxPods or nodeCount`);
      }
    }
    const disk = planOsDisk(pool);
    if (disk.problem) ctx.report("CFG-06", `${path}.osDiskType`, disk.problem);
    if (pool.osDiskSizeGb !== undefined && pool.osDiskSizeGb < MIN_OS_DISK_GIB) {
      ctx.report("CFG-06", `${path}.osDiskSizeGb`, `${pool.osDiskSizeGb} GiB is below the ${MIN_OS_DISK_GIB} GiB AKS node images need`);
    }
    const size = typeof pool.vmSize === "string" ? vmSize(pool.vmSize) : undefined;
    if (size) {
      if (system && size.burstable) {
        ctx.report("NP-05", `${path}.vmSize`, `${pool.vmSize} is B-series (burstable), which AKS does not support for system pools; use e.g. Standard_D4ds_v5`);
      } else if (system && (size.vcpus < 4 || size.memoryGiB < 4)) {
        ctx.report("NP-05", `${path}.vmSize`, `${pool.vmSize} has ${size.vcpus} vCPU and ${size.memoryGiB} GiB; Microsoft's system-pool guidance asks for at least 4 vCPU and 4 GiB`);
      } else if (!system && (size.vcpus < 2 || size.memoryGiB < 2)) {
        ctx.report("NP-05", `${path}.vmSize`, `${pool.vmSize} has ${size.vcpus} vCPU and ${size.memoryGiB} GiB; user pools need at least 2 vCPU and 2 GiB`);
      }
    }
  }
}
