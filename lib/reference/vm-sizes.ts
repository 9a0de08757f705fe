/**
 * A small catalogue of VM sizes commonly used for AKS node pools, with the facts
 * the node-pool rules need: vCPU and memory (system/user pool minimums, B-series
 * exclusion) and local storage (where an ephemeral OS disk can go).
 *
 * Sources (Microsoft Learn size pages, from MicrosoftDocs/azure-compute-docs unless noted;
 * "Memory (GB)" in those tables is used as GiB, as the pages use it):
 * - Bv1:    articles/virtual-machines/sizes/general-purpose/bv1-series.md (temp disk; Premium Storage
 *           and Ephemeral OS Disk "Supported"; no cache disk listed)
 * - Dsv3:   articles/virtual-machines/sizes/general-purpose/dsv3-series.md (temp disk and
 *           "Disk Cache Size (GiB)"; Ephemeral OS Disks "Supported")
 * - DSv2:   MicrosoftDocs/azure-docs articles/virtual-machines/dv2-dsv2-series.md (temp disk, and the
 *           cache size in parentheses: DS2_v2 86 GiB, DS3_v2 172 GiB; Premium Storage and Ephemeral
 *           OS Disks "Supported"). AKS's own docs give the same 86/172 GiB (concepts-storage.md,
 *           create-node-pools.md). Note: the stored versions of azure-compute-docs
 *           sizes/general-purpose/dsv2-series.md contradict each other on Premium Storage and
 *           Ephemeral OS support, and ephemeral-os-disks.md says DS3_v2 has a 127 GiB cache; the
 *           dv2-dsv2 table and the AKS docs are used here.
 * - Dsv5:   articles/virtual-machines/sizes/general-purpose/dsv5-series.md (no local storage;
 *           Ephemeral OS Disk "Not Supported")
 * - Ddsv5:  articles/virtual-machines/sizes/general-purpose/ddsv5-series.md (temp disk; ephemeral supported)
 * - Dasv5:  articles/virtual-machines/sizes/general-purpose/dasv5-series.md (no local storage;
 *           Ephemeral OS Disk "Not Supported")
 * - Dadsv5: articles/virtual-machines/sizes/general-purpose/dadsv5-series.md (temp disk; ephemeral supported)
 * - Ddsv6:  articles/virtual-machines/sizes/general-purpose/ddsv6-series.md (local disk of 110/220 GiB,
 *           listed there as "Temp Disk Size"; ephemeral-os-disks.md names Ddsv6 among the v6 series
 *           that use NVMe disk placement, so it is recorded as `nvmeGiB`)
 * - Edsv5:  articles/virtual-machines/sizes/memory-optimized/edsv5-series.md (temp disk; ephemeral supported)
 * - Fsv2:   articles/virtual-machines/sizes/compute-optimized/fsv2-series.md (temp disk; ephemeral
 *           supported); cache size from MicrosoftDocs/azure-docs articles/virtual-machines/fsv2-series.md
 *           ("cache size in GiB": F4s_v2 64 GiB)
 *
 * Ephemeral OS disk placement (articles/virtual-machines/ephemeral-os-disks.md):
 * - Three placements: cache disk (older sizes with a cache, e.g. Dsv2, Dsv3), temp/resource disk
 *   (e.g. Dadsv5, Ddsv5), NVMe disk (v6 series, e.g. Dadsv6, Ddsv6).
 * - The OS disk must fit the chosen local disk; limit is that disk's size or 2,040 GiB, whichever
 *   is smaller. Trusted Launch / Confidential VMs reserve 1 GiB of it for the VM guest state.
 * - Compute API default (DiffDiskSettings.placement): CacheDisk if the size has a cache disk,
 *   otherwise ResourceDisk (or NvmeDisk).
 * - AKS: "if it fits in exactly one of os cache or temp disk, we will put it there. If it fits in
 *   either, we will prefer using the os cache" (AKS team, github.com/Azure/AKS/issues/2672).
 *   When the OS disk type is not set, AKS uses an ephemeral OS disk if the pool's size allows it,
 *   otherwise a managed disk (articles/aks/concepts-storage.md, MicrosoftDocs/azure-aks-docs).
 *
 * OS disk size (os_disk_size_gb):
 * - AKS docs: "the minimum size for AKS images is 30 GB" (articles/aks/create-node-pools.md,
 *   MicrosoftDocs/azure-aks-docs, note on Ephemeral OS disks under "Add a second node pool").
 * - terraform-provider-azurerm validates os_disk_size_gb with validation.IntAtLeast(1) only.
 * - Default when unset and ephemeral isn't possible: 128 GiB for 1-7 vCPU, 256 for 8-15, 512 for
 *   16-63, 1024 for 64+ (articles/aks/concepts-storage.md, "Default OS disk sizing").
 *
 * AKS pool rules (articles/aks/quotas-skus-regions.md, articles/aks/use-system-pools.md):
 * B-series VMs aren't supported for system node pools. use-system-pools.md (2026 version) says
 * system pools need "at least 4 vCPUs and 4 GB of memory"; older versions of that page said
 * 2 vCPUs and 4 GB. The AKS changelog (release 2025-04-27) says user pools need at least 2 GB.
 */
export interface VmSize {
  /** vCPUs. */
  readonly vcpus: number;
  /** Memory in GiB. */
  readonly memoryGiB: number;
  /** Max cache size in GiB usable for an ephemeral OS disk (0 = no cache). */
  readonly cacheGiB: number;
  /** Temp (resource) disk size in GiB (0 = none). */
  readonly tempDiskGiB: number;
  /** NVMe local disk size in GiB usable for ephemeral OS (0 = none). Optional. */
  readonly nvmeGiB?: number;
  /** Premium storage supported ("s" in the name). */
  readonly premiumStorage: boolean;
  /** B-series (burstable): not supported for AKS system pools. */
  readonly burstable: boolean;
  /** The size page's "Ephemeral OS Disk" support; `false` only where the page says "Not Supported". */
  readonly ephemeralOsDisk?: boolean;
}

const VM_SIZES: Readonly<Record<string, VmSize>> = {
  // Bv1 (bv1-series.md)
  Standard_B2s: { vcpus: 2, memoryGiB: 4, cacheGiB: 0, tempDiskGiB: 8, premiumStorage: true, burstable: true, ephemeralOsDisk: true },
  Standard_B2ms: { vcpus: 2, memoryGiB: 8, cacheGiB: 0, tempDiskGiB: 16, premiumStorage: true, burstable: true, ephemeralOsDisk: true },
  Standard_B4ms: { vcpus: 4, memoryGiB: 16, cacheGiB: 0, tempDiskGiB: 32, premiumStorage: true, burstable: true, ephemeralOsDisk: true },

  // Dsv3 (dsv3-series.md)
  Standard_D2s_v3: { vcpus: 2, memoryGiB: 8, cacheGiB: 50, tempDiskGiB: 16, premiumStorage: true, burstable: false, ephemeralOsDisk: true },
  Standard_D4s_v3: { vcpus: 4, memoryGiB: 16, cacheGiB: 100, tempDiskGiB: 32, premiumStorage: true, burstable: false, ephemeralOsDisk: true },
  Standard_D8s_v3: { vcpus: 8, memoryGiB: 32, cacheGiB: 200, tempDiskGiB: 64, premiumStorage: true, burstable: false, ephemeralOsDisk: true },

  // DSv2 (azure-docs dv2-dsv2-series.md; see the note above)
  Standard_DS2_v2: { vcpus: 2, memoryGiB: 7, cacheGiB: 86, tempDiskGiB: 14, premiumStorage: true, burstable: false, ephemeralOsDisk: true },
  Standard_DS3_v2: { vcpus: 4, memoryGiB: 14, cacheGiB: 172, tempDiskGiB: 28, premiumStorage: true, burstable: false, ephemeralOsDisk: true },

  // Dsv5 (dsv5-series.md): no local storage
  Standard_D2s_v5: { vcpus: 2, memoryGiB: 8, cacheGiB: 0, tempDiskGiB: 0, premiumStorage: true, burstable: false, ephemeralOsDisk: false },
  Standard_D4s_v5: { vcpus: 4, memoryGiB: 16, cacheGiB: 0, tempDiskGiB: 0, premiumStorage: true, burstable: false, ephemeralOsDisk: false },
  Standard_D8s_v5: { vcpus: 8, memoryGiB: 32, cacheGiB: 0, tempDiskGiB: 0, premiumStorage: true, burstable: false, ephemeralOsDisk: false },

  // Ddsv5 (ddsv5-series.md)
  Standard_D2ds_v5: { vcpus: 2, memoryGiB: 8, cacheGiB: 0, tempDiskGiB: 75, premiumStorage: true, burstable: false, ephemeralOsDisk: true },
  Standard_D4ds_v5: { vcpus: 4, memoryGiB: 16, cacheGiB: 0, tempDiskGiB: 150, premiumStorage: true, burstable: false, ephemeralOsDisk: true },
  Standard_D8ds_v5: { vcpus: 8, memoryGiB: 32, cacheGiB: 0, tempDiskGiB: 300, premiumStorage: true, burstable: false, ephemeralOsDisk: true },
  Standard_D16ds_v5: { vcpus: 16, memoryGiB: 64, cacheGiB: 0, tempDiskGiB: 600, premiumStorage: true, burstable: false, ephemeralOsDisk: true },

  // Dasv5 (dasv5-series.md): no local storage
  Standard_D2as_v5: { vcpus: 2, memoryGiB: 8, cacheGiB: 0, tempDiskGiB: 0, premiumStorage: true, burstable: false, ephemeralOsDisk: false },
  Standard_D4as_v5: { vcpus: 4, memoryGiB: 16, cacheGiB: 0, tempDiskGiB: 0, premiumStorage: true, burstable: false, ephemeralOsDisk: false },

  // Dadsv5 (dadsv5-series.md)
  Standard_D2ads_v5: { vcpus: 2, memoryGiB: 8, cacheGiB: 0, tempDiskGiB: 75, premiumStorage: true, burstable: false, ephemeralOsDisk: true },
  Standard_D4ads_v5: { vcpus: 4, memoryGiB: 16, cacheGiB: 0, tempDiskGiB: 150, premiumStorage: true, burstable: false, ephemeralOsDisk: true },

  // Edsv5 (memory-optimized/edsv5-series.md)
  Standard_E4ds_v5: { vcpus: 4, memoryGiB: 32, cacheGiB: 0, tempDiskGiB: 150, premiumStorage: true, burstable: false, ephemeralOsDisk: true },

  // Fsv2 (compute-optimized/fsv2-series.md; cache from azure-docs fsv2-series.md)
  Standard_F4s_v2: { vcpus: 4, memoryGiB: 8, cacheGiB: 64, tempDiskGiB: 32, premiumStorage: true, burstable: false, ephemeralOsDisk: true },

  // Ddsv6 (ddsv6-series.md): local disk recorded as NVMe (see the note above)
  Standard_D2ds_v6: { vcpus: 2, memoryGiB: 8, cacheGiB: 0, tempDiskGiB: 0, nvmeGiB: 110, premiumStorage: true, burstable: false, ephemeralOsDisk: true },
  Standard_D4ds_v6: { vcpus: 4, memoryGiB: 16, cacheGiB: 0, tempDiskGiB: 0, nvmeGiB: 220, premiumStorage: true, burstable: false, ephemeralOsDisk: true },
};

const BY_LOWER_NAME: ReadonlyMap<string, VmSize> = new Map(
  Object.entries(VM_SIZES).map(([name, size]) => [name.toLowerCase(), size]),
);

/** Case-insensitive lookup (Azure treats VM size names case-insensitively). */
export function vmSize(name: string): VmSize | undefined {
  return BY_LOWER_NAME.get(name.trim().toLowerCase());
}

/** Largest ephemeral OS disk Azure allows on any size (ephemeral-os-disks.md). */
const EPHEMERAL_OS_DISK_MAX_GIB = 2040;

/** Largest ephemeral OS disk (GiB) the size can hold: max(cache, temp disk, nvme); 0 when none or not supported. */
export function maxEphemeralOsDiskGiB(size: VmSize): number {
  if (size.ephemeralOsDisk === false) return 0;
  const local = Math.max(size.cacheGiB, size.tempDiskGiB, size.nvmeGiB ?? 0);
  return Math.min(local, EPHEMERAL_OS_DISK_MAX_GIB);
}
