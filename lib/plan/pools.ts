/**
 * Node pools after defaults: names, counts, surge, OS disk, rotation names,
 * and the node arithmetic that the subnet and pod-range sizes depend on.
 */
import { maxEphemeralOsDiskGiB, vmSize, type VmSize } from "../reference/vm-sizes";
import type { AutoScalingSettings, ClusterSettings, NodePoolOptions, NodePoolSettings } from "../config/types";
import { DEFAULTS } from "./defaults";
import { rotationNames } from "./names";

/** AKS node images need at least this much OS disk (create-node-pools, ephemeral OS note). */
export const MIN_OS_DISK_GIB = 30;
/** Size given to an ephemeral OS disk when none is set: AKS's managed default for small VMs. */
const DEFAULT_EPHEMERAL_OS_DISK_GIB = 128;

/** The OS disk a pool gets, and why when it is not ephemeral. */
export interface OsDiskPlan {
  /** The OS disk type. */
  readonly type: "Ephemeral" | "Managed";
  /** Its size in GiB; undefined leaves it to AKS (managed disks). */
  readonly sizeGb?: number;
  /** Set when the pool asked for a managed disk itself (`osDiskType: Managed`). */
  readonly managedByChoice?: boolean;
  /** Set when the VM size cannot hold an ephemeral OS disk: why (with the arithmetic). */
  readonly managedBecause?: string;
  /** A contradiction in the pool's settings (reported as NP-12). */
  readonly problem?: string;
}

/** A pool as written: the system pool's name, count and VM size may be absent. */
export type NodePoolSettingsAsWritten = NodePoolOptions & Partial<Pick<NodePoolSettings, "name" | "nodeCount" | "vmSize">>;

/** One pool, as it will be built. */
export interface PoolPlan {
  /** Config path of the pool, e.g. `cluster.userNodePools[0]`. */
  readonly path: string;
  /** The system (default) pool. */
  readonly system: boolean;
  /** The pool as written (rules report on these values). */
  readonly settings: NodePoolSettingsAsWritten;
  /** The pool name. */
  readonly name: string;
  /** Nodes at creation. */
  readonly nodeCount: number;
  /** The VM size, as written. */
  readonly vmSize: string;
  /** The VM size's entry in this project's catalogue (vCPU, memory, local disks); undefined for a size outside it. */
  readonly vmSizeEntry?: VmSize;
  /** Maximum pods per node. */
  readonly maxPods: number;
  /** Extra nodes during upgrades, as written (a count or a percentage). */
  readonly maxSurge: string;
  /** How AKS drains the pool's nodes during upgrades: every value declared (AKS's defaults unless set). */
  readonly drain: {
    /** Minutes AKS waits for pods to leave a node. */
    readonly timeoutInMinutes: number;
    /** Minutes AKS waits after a drain before the next node. */
    readonly soakInMinutes: number;
    /** What AKS does with a node it cannot drain. */
    readonly undrainableNodeBehavior: "Schedule" | "Cordon";
  };
  /** The pool's previous name when it is being renamed (user pools only). */
  readonly renamedFrom?: string;
  /** Autoscaler bounds, if any. */
  readonly autoScaling?: AutoScalingSettings;
  /** Encryption at host. */
  readonly hostEncryption: boolean;
  /** The node OS SKU; undefined leaves it to AKS (Ubuntu). */
  readonly osSku?: string;
  /** Kubernetes labels of the nodes. */
  readonly nodeLabels?: Readonly<Record<string, string>>;
  /** Taints of the nodes (user pools; LBL-06 refuses them on the system pool). */
  readonly nodeTaints?: readonly string[];
  /** Name of the pool used when a change forces rotation (given, or derived; unique in the cluster). */
  readonly temporaryNameForRotation: string;
  /** The OS disk, and why when it is not ephemeral. */
  readonly osDisk: OsDiskPlan;
  /** Nodes at creation; undefined when the count is a reference. */
  readonly initialNodes?: number;
  /** The most nodes the pool can have (autoscaler maximum, else node count); undefined when a reference. */
  readonly maxNodes?: number;
  /** Extra nodes during an upgrade (0 when the surge is malformed: NP-08 reports it); undefined when a reference. */
  readonly surgeNodes?: number;
  /** Maximum pods per node; undefined when a reference. */
  readonly knownMaxPods?: number;
  /** Config paths of the pool's counts that are Terraform references, unknown until apply (why a figure above is undefined). */
  readonly unknownPaths: readonly string[];
  /** Name of the subnet the pool joins, as written; undefined: the node subnet. */
  readonly subnetName?: string;
}

/** What the pools ask of the node subnet and the pod range. */
export interface NodeDemand {
  /** Nodes at creation, all pools; undefined when a count is a reference. */
  readonly initialNodes?: number;
  /** Nodes at maximum scale plus upgrade surge, all pools; undefined when any part is unknown. */
  readonly peakNodes?: number;
  /** The largest maxPods of any pool; undefined when one is a reference. */
  readonly largestMaxPods?: number;
  /** Config paths of the counts that are references (why a figure is undefined). */
  readonly unknownPaths: readonly string[];
}

/** A max surge AKS accepts: a whole number of nodes from 1, or a percentage from 1% to 100%. */
export const MAX_SURGE = /^(?:[1-9][0-9]*|(?:100|[1-9][0-9]?)%)$/;

/** Extra nodes during an upgrade for `maxNodes` nodes; a percentage rounds up, as AKS does. 0 when malformed. */
function surgeNodes(maxSurge: string, maxNodes: number): number {
  if (typeof maxSurge !== "string" || !MAX_SURGE.test(maxSurge)) return 0;
  return maxSurge.endsWith("%") ? Math.ceil((maxNodes * Number(maxSurge.slice(0, -1))) / 100) : Number(maxSurge);
}

/**
 * A VM size's entry in this project's catalogue; undefined for a size
 * outside it, or a value that is no name (a reference). The resolve step
 * looks each pool's size up here once and keeps the entry in the pool's plan.
 */
export function vmSizeEntry(name: unknown): VmSize | undefined {
  return typeof name === "string" ? vmSize(name) : undefined;
}

/**
 * Ephemeral where the VM size's cache, temp or NVMe disk holds the OS disk
 * (AKS prefers the cache), otherwise managed with the reason.
 */
export function planOsDisk(pool: {
  readonly vmSize: string;
  readonly vmSizeEntry: VmSize | undefined;
  readonly osDiskType?: "Ephemeral" | "Managed";
  readonly osDiskSizeGb?: number;
}): OsDiskPlan {
  const size = pool.vmSizeEntry;
  const room = size ? maxEphemeralOsDiskGiB(size) : undefined;
  const wanted = pool.osDiskSizeGb;
  if (pool.osDiskType === "Managed") return { type: "Managed", sizeGb: wanted, managedByChoice: true };
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

/** How AKS drains a pool's nodes: every value declared, AKS's defaults unless set. */
function drainOf(s: NodePoolOptions, d: typeof DEFAULTS.NodePoolSettings): PoolPlan["drain"] {
  return {
    timeoutInMinutes: s.drainTimeoutInMinutes ?? d.drainTimeoutInMinutes,
    soakInMinutes: s.nodeSoakDurationInMinutes ?? d.nodeSoakDurationInMinutes,
    undrainableNodeBehavior: s.undrainableNodeBehavior ?? d.undrainableNodeBehavior,
  };
}

/** Every pool of a cluster after defaults, the system pool first. */
export function resolvePools(cluster: Pick<ClusterSettings, "defaultNodePool" | "userNodePools">, isUnknown: (v: unknown) => boolean): PoolPlan[] {
  const sys = DEFAULTS.SystemNodePoolSettings;
  const user = DEFAULTS.NodePoolSettings;
  const system = cluster.defaultNodePool ?? {};
  const written = [
    { path: "cluster.defaultNodePool", system: true, settings: system, name: system.name ?? sys.name, nodeCount: system.nodeCount ?? sys.nodeCount, vmSize: system.vmSize ?? sys.vmSize },
    ...(cluster.userNodePools ?? []).map((p, i) => ({ path: `cluster.userNodePools[${i}]`, system: false, settings: p, name: p.name, nodeCount: p.nodeCount, vmSize: p.vmSize })),
  ];
  const rotation = rotationNames(written.map((w) => ({ name: String(w.name), temporaryNameForRotation: w.settings.temporaryNameForRotation })));
  return written.map((w, i) => {
    const s = w.settings;
    const d = w.system ? sys : user;
    const maxSurge = s.maxSurge ?? d.maxSurge;
    const maxPods = s.maxPods ?? d.maxPods;
    const maxNodes = s.autoScaling ? s.autoScaling.maxCount : w.nodeCount;
    const maxKnown = !isUnknown(maxNodes);
    const entry = vmSizeEntry(w.vmSize);
    return {
      path: w.path,
      system: w.system,
      settings: s,
      name: w.name,
      nodeCount: w.nodeCount,
      vmSize: w.vmSize,
      vmSizeEntry: entry,
      maxPods,
      maxSurge,
      drain: drainOf(s, d),
      renamedFrom: w.system ? undefined : (s as Partial<NodePoolSettings>).renamedFrom,
      autoScaling: s.autoScaling,
      hostEncryption: s.hostEncryption ?? d.hostEncryption,
      osSku: s.osSku,
      nodeLabels: s.nodeLabels,
      nodeTaints: s.nodeTaints,
      temporaryNameForRotation: rotation[i]!,
      osDisk: planOsDisk({ vmSize: w.vmSize, vmSizeEntry: entry, osDiskType: s.osDiskType, osDiskSizeGb: s.osDiskSizeGb }),
      initialNodes: isUnknown(w.nodeCount) ? undefined : w.nodeCount,
      maxNodes: maxKnown ? maxNodes : undefined,
      surgeNodes: maxKnown && !isUnknown(maxSurge) ? surgeNodes(maxSurge, maxNodes) : undefined,
      knownMaxPods: isUnknown(maxPods) ? undefined : maxPods,
      // In the order the skips name them; `autoScaling` stands for its maximum.
      unknownPaths: Object.entries({ nodeCount: w.nodeCount, autoScaling: s.autoScaling?.maxCount, maxSurge, maxPods })
        .filter(([, v]) => isUnknown(v))
        .map(([key]) => `${w.path}.${key}`),
      subnetName: s.subnetName,
    };
  });
}

/**
 * A pool's Azure tags: its own merged over the environment's (a key of the
 * pool wins); undefined when neither has any.
 */
export function poolTags(environment: Readonly<Record<string, string>> | undefined, pool: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (pool === undefined) return environment && { ...environment };
  return { ...(environment ?? {}), ...pool };
}

/** What the pools ask of the subnet and pod range; sums are undefined when any part is unknown or malformed. */
export function nodeDemand(pools: readonly PoolPlan[]): NodeDemand {
  let initial: number | undefined = 0;
  let peak: number | undefined = 0;
  let largest: number | undefined = 0;
  for (const p of pools) {
    initial = initial === undefined || p.initialNodes === undefined ? undefined : initial + p.initialNodes;
    peak = peak === undefined || p.maxNodes === undefined || p.surgeNodes === undefined ? undefined : peak + p.maxNodes + p.surgeNodes;
    largest = largest === undefined || p.knownMaxPods === undefined ? undefined : Math.max(largest, p.knownMaxPods);
  }
  return { initialNodes: initial, peakNodes: peak, largestMaxPods: largest, unknownPaths: pools.flatMap((p) => p.unknownPaths) };
}
