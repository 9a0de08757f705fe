/**
 * The configuration model: one object per environment, the same shape as a
 * file in `config/`. The constructs take the same sections as props, so a
 * finding's field path (`network.vnet.subnet.addressPrefixes[0]`) reads the
 * same whether it came from a config file or from code.
 *
 * Pure types, no runtime code.
 */

/** Managed identity of the AKS control plane. */
export type ClusterIdentityType = "SystemAssigned" | "UserAssigned";

/** The role the control-plane identity gets on the node subnet. */
export type SubnetRole =
  /** Built-in Network Contributor (`4d97b98b-1d4f-4787-a291-c67834d212e7`). */
  | "NetworkContributor"
  /** A custom role with exactly `subnets/join/action` and `subnets/read`. */
  | "MinimalCustomRole"
  /** A role you name in `subnetRoleAssignment.roleDefinitionId` or `.roleDefinitionName`. */
  | "Existing"
  /** No grant: someone else grants it. Fails rule RA-06 unless accepted. */
  | "None";

/** A rule you knowingly accept, by ID, with the reason. */
export interface AcceptedRisk {
  /** A rule ID from the network rules (e.g. `SVC-02`) or the policy pack (e.g. `CKV_AZURE_115`). */
  readonly rule: string;
  /** Why the risk is acceptable: at least one full sentence (20 characters or more). */
  readonly reason: string;
  /**
   * Policy rules only: limit the acceptance to resources whose construct
   * path, Terraform address or config field (e.g. `cluster.userNodePools[1]`)
   * contains this text.
   * @default every resource the rule inspects
   */
  readonly resource?: string;
}

/** `resourceGroup`: where the cluster and its network live. */
export interface ResourceGroupSettings {
  /** Resource group name (1-90 characters of `A-Za-z0-9_().-`, not ending in `.`). */
  readonly name: string;
  /**
   * `true`: reference an existing resource group (a data source) instead of creating it.
   * @default false
   */
  readonly existing?: boolean;
}

/** Autoscaler bounds of a node pool. */
export interface AutoScalingSettings {
  /** Lower bound, 1-1000 (0-1000 for user pools). */
  readonly minCount: number;
  /** Upper bound, 1-1000, at least `minCount`. */
  readonly maxCount: number;
}

/** What every node pool may set: the system pool and user pools alike. */
export interface NodePoolOptions {
  /**
   * Maximum pods per node (10-250). Under BYOCNI this only limits scheduling
   * density: the CNI's IPAM must hand out that many addresses per node.
   * @default 110
   */
  readonly maxPods?: number;
  /**
   * Cluster autoscaler bounds. When set, later changes to the node count are
   * left to the autoscaler (Terraform ignores `node_count` drift).
   * @default no autoscaling
   */
  readonly autoScaling?: AutoScalingSettings;
  /**
   * Extra nodes during upgrades, a count (`"1"`) or a percentage (`"33%"`).
   * Counted in the subnet and pod-range capacity checks.
   * @default "10%"
   */
  readonly maxSurge?: string;
  /**
   * OS disk type.
   * @default "Ephemeral" when the VM size's cache or temp disk holds the OS disk, otherwise "Managed"
   */
  readonly osDiskType?: "Ephemeral" | "Managed";
  /**
   * OS disk size in GiB.
   * @default the largest ephemeral size the VM allows (capped at 128), or AKS's default for managed disks
   */
  readonly osDiskSizeGb?: number;
  /**
   * Kubernetes labels on every node of the pool, for node selectors and
   * affinity. Keys and values follow Kubernetes' label syntax (LBL-01,
   * LBL-02); the prefixes AKS and Kubernetes reserve are refused (LBL-03).
   * Removing `nodeLabels` altogether leaves the labels on the nodes (azurerm
   * keeps the labels it reads back); removing some of them removes those.
   * @default none
   */
  readonly nodeLabels?: Record<string, string>;
  /**
   * Taints on every node of a user pool, `key=value:Effect` or `key:Effect`
   * with the effect `NoSchedule`, `PreferNoSchedule` or `NoExecute`. Not on
   * the system pool: azurerm has no taints there, and it gets
   * `CriticalAddonsOnly=true:NoSchedule` itself once a user pool exists (LBL-06).
   * @default none
   */
  readonly nodeTaints?: string[];
  /**
   * Azure tags of the pool (its scale set and VMs), merged over the
   * environment's `tags`: a key given here wins. The TAG rules apply to the result.
   * @default the environment's tags
   */
  readonly tags?: Record<string, string>;
  /**
   * The node OS: `Ubuntu` (AKS picks the release for the Kubernetes
   * version), `Ubuntu2204`, `AzureLinux` (Azure Linux 3.0 from Kubernetes
   * 1.32; 2.0 before, which AKS retired: NP-11) or `AzureLinux3`: the Linux
   * SKUs both azurerm 4.55 and 4.73 accept. Changing between Ubuntu and
   * Azure Linux is done in place: AKS reimages the nodes.
   * @default AKS's default for Linux pools, Ubuntu (not written)
   */
  readonly osSku?: "Ubuntu" | "Ubuntu2204" | "AzureLinux" | "AzureLinux3";
  /**
   * Encryption at host. Needs the subscription feature
   * `Microsoft.Compute/EncryptionAtHost` and a supporting VM size.
   * @default false
   */
  readonly hostEncryption?: boolean;
  /**
   * Availability zones, e.g. `["1", "2", "3"]`.
   * @default no zones (regional placement)
   */
  readonly zones?: string[];
  /**
   * Name of the temporary pool used when a change forces the pool to rotate
   * (a lowercase letter, then up to 11 lowercase letters or digits).
   * @default derived from the pool name: its first 9 characters and "tmp"
   */
  readonly temporaryNameForRotation?: string;
  /**
   * Minutes AKS waits for pods to leave a node during an upgrade (1-1440).
   * Declared so that a value set in Azure is updated in place: azurerm
   * replaces the cluster when a drain timeout that was set becomes unset
   * (hashicorp/terraform-provider-azurerm#26568).
   * @default 30 (AKS's default)
   */
  readonly drainTimeoutInMinutes?: number;
  /**
   * Minutes AKS waits after draining a node before it moves on to the next (0-30).
   * @default 0 (AKS's default)
   */
  readonly nodeSoakDurationInMinutes?: number;
  /**
   * What AKS does with a node it cannot drain during an upgrade: `Schedule`
   * makes it schedulable again and fails the upgrade; `Cordon` keeps it
   * cordoned and replaces it with a surge node. Declared for the same reason
   * as `drainTimeoutInMinutes`.
   * @default "Schedule" (AKS's default)
   */
  readonly undrainableNodeBehavior?: "Schedule" | "Cordon";
  /**
   * ARM ID of a pod subnet. AKS accepts it with network_plugin none; pods take
   * addresses from it only with a CNI that uses Azure's delegated IPAM (BYO-07
   * warns), and `network.podCidr` is then not sent unless you set it. Not with
   * `cni.plugin: cilium` (CNI-09).
   * @default none
   */
  readonly podSubnetId?: string;
  /**
   * Name of the subnet the pool's nodes join: the node subnet
   * (`network.vnet.subnet`, or the subnet of `network.existingSubnetId`), a
   * subnet of `network.vnet.poolSubnets`, or one of
   * `network.existingPoolSubnets`. The control-plane identity gets the
   * subnet role on it before the cluster and the pool; the subnet's capacity
   * is checked against the pools on it (NET-07). Changing it rotates the
   * pool's nodes onto the other subnet (azurerm recreates them through
   * `temporaryNameForRotation`; the pool stays).
   * @default the node subnet
   */
  readonly subnetName?: string;
}

/** A user node pool: name, size and VM size are required. */
export interface NodePoolSettings extends NodePoolOptions {
  /** Pool name: a lowercase letter, then up to 11 lowercase letters or digits. */
  readonly name: string;
  /** Nodes at creation, 0-1000. */
  readonly nodeCount: number;
  /** VM size, e.g. `Standard_D4ds_v5`. */
  readonly vmSize: string;
  /**
   * The pool's previous name, when it is renamed: the new pool is created
   * before the old one is deleted (a Terraform `moved` block and
   * `create_before_destroy`), so capacity never drops. It also accepts that
   * the old pool is replaced. Remove it once the rename is deployed.
   * @default not renamed
   */
  readonly renamedFrom?: string;
}

/** The system (default) node pool: every field has a default, as with `az aks create`. */
export interface SystemNodePoolSettings extends NodePoolOptions {
  /**
   * Pool name: a lowercase letter, then up to 11 lowercase letters or digits.
   * @default "nodepool1" (as `az aks create`)
   */
  readonly name?: string;
  /**
   * Nodes at creation, 1-1000.
   * @default 3 (as `az aks create`)
   */
  readonly nodeCount?: number;
  /**
   * VM size. `az aks create` lets AKS pick one by quota and capacity; this
   * project names one so that the OS disk and capacity can be planned: it
   * supports system pools (4 vCPU, 16 GiB, not burstable) and its 150 GiB
   * temp disk holds an ephemeral OS disk.
   * @default "Standard_D4ds_v5"
   */
  readonly vmSize?: string;
}

/**
 * `cluster.autoScalerProfile`: the cluster autoscaler's settings, for every
 * pool with `autoScaling`. Durations are Go durations (`"10s"`, `"10m"`);
 * the scale-down delays and unneeded or unready times, and the node
 * provisioning time, in whole minutes only (AKS refuses other units).
 */
export interface AutoScalerProfileSettings {
  /**
   * Balance the node count between similar pools (same VM size, labels, taints).
   * @default false
   */
  readonly balanceSimilarNodeGroups?: boolean;
  /**
   * Evict DaemonSet pods gracefully before deleting an empty node.
   * @default false
   */
  readonly daemonsetEvictionForEmptyNodes?: boolean;
  /**
   * Evict DaemonSet pods gracefully before deleting a node that still runs pods.
   * @default true
   */
  readonly daemonsetEvictionForOccupiedNodes?: boolean;
  /**
   * Which pool grows when several could: `least-waste`, `most-pods`, `priority` (a ConfigMap of priorities) or `random`.
   * @default "random"
   */
  readonly expander?: "least-waste" | "most-pods" | "priority" | "random";
  /**
   * Leave DaemonSet pods out of a node's utilization when deciding on scale-down.
   * @default false
   */
  readonly ignoreDaemonsetsUtilization?: boolean;
  /**
   * Seconds the autoscaler waits for pods to terminate when it removes a node.
   * @default 600
   */
  readonly maxGracefulTerminationSec?: number;
  /**
   * How long the autoscaler waits for a new node to become ready, whole minutes.
   * @default "15m"
   */
  readonly maxNodeProvisioningTime?: string;
  /**
   * Unready nodes tolerated before the autoscaler stops, whatever their share.
   * @default 3
   */
  readonly maxUnreadyNodes?: number;
  /**
   * Share of unready nodes (0-100 %) above which the autoscaler stops.
   * @default 45
   */
  readonly maxUnreadyPercentage?: number;
  /**
   * How old an unschedulable pod must be before it triggers a scale-up.
   * @default "0s"
   */
  readonly newPodScaleUpDelay?: string;
  /**
   * How often the autoscaler re-evaluates the cluster.
   * @default "10s"
   */
  readonly scanInterval?: string;
  /**
   * How long after a scale-up scale-down resumes, whole minutes.
   * @default "10m"
   */
  readonly scaleDownDelayAfterAdd?: string;
  /**
   * How long after a node deletion scale-down resumes.
   * @default the scan interval
   */
  readonly scaleDownDelayAfterDelete?: string;
  /**
   * How long after a failed scale-down it resumes, whole minutes.
   * @default "3m"
   */
  readonly scaleDownDelayAfterFailure?: string;
  /**
   * How long a node must be unneeded before it is removed, whole minutes.
   * @default "10m"
   */
  readonly scaleDownUnneeded?: string;
  /**
   * How long an unready node must be unneeded before it is removed, whole minutes.
   * @default "20m"
   */
  readonly scaleDownUnready?: string;
  /**
   * Requested resources over capacity below which a node may be removed (a ratio, e.g. 0.5).
   * @default 0.5
   */
  readonly scaleDownUtilizationThreshold?: number;
  /**
   * Empty nodes removed at once.
   * @default 10
   */
  readonly emptyBulkDeleteMax?: number;
  /**
   * Keep nodes whose pods use local storage (emptyDir, hostPath).
   * @default false
   */
  readonly skipNodesWithLocalStorage?: boolean;
  /**
   * Keep nodes that run kube-system pods (other than DaemonSets).
   * @default true
   */
  readonly skipNodesWithSystemPods?: boolean;
}

/**
 * `cluster.kubeletIdentity`: a user-assigned identity of your own for
 * kubelet (image pulls, and what node workloads do as the node), instead of
 * the one AKS creates in the node resource group. It needs a user-assigned
 * control-plane identity, which is granted Managed Identity Operator on it
 * before the cluster is created.
 */
export interface KubeletIdentitySettings {
  /**
   * Name of the identity created for kubelet; not with `id`.
   * @default derived from the cluster name: `id-<cluster>-kubelet`
   */
  readonly name?: string;
  /**
   * ARM ID of an existing user-assigned identity to use instead of creating
   * one; with `clientId` and `objectId` (azurerm needs all three).
   * @default none: an identity is created
   */
  readonly id?: string;
  /** Client (application) ID of the existing identity `id`. */
  readonly clientId?: string;
  /** Object (principal) ID of the existing identity `id`. */
  readonly objectId?: string;
  /**
   * Grant the control-plane identity Managed Identity Operator on the
   * kubelet identity, before the cluster. Turn it off only when someone
   * else grants it (KID-05 warns): AKS refuses the cluster without it.
   * @default true
   */
  readonly grantOperatorRole?: boolean;
}

/** `cluster.apiServer`: how the Kubernetes API server is reached. */
export interface ApiServerSettings {
  /**
   * CIDRs allowed to reach the public API server; a bare IPv4 address is that
   * one address, written to Terraform as its /32 (AKS stores CIDRs, so the
   * bare text would plan a change on every deploy). The runner that installs the
   * CNI (nodes stay NotReady until it does) must be inside them. `0.0.0.0/32`
   * alone allows only the cluster's outbound IPs (API-02); none with a
   * private API server unless `vnetIntegration` is on (API-01); at most 200,
   * or 2,000 with `vnetIntegration` (API-07).
   * @default none: a public API server open to every address (warning CKV_AZURE_6)
   */
  readonly authorizedIpRanges?: string[];
  /**
   * A private API server (ForceNew). The CNI install then needs network
   * line-of-sight into the VNet.
   * @default false
   */
  readonly private?: boolean;
  /**
   * API Server VNet Integration: the API server gets an internal load
   * balancer address in a subnet delegated to
   * `Microsoft.ContainerService/managedClusters`, and nodes reach it without
   * a tunnel. With a subnet of yours the API server subnet is
   * `network.vnet.apiServerSubnet` or `network.existingApiServerSubnetId`
   * (API-06); with the VNet AKS creates, AKS creates that subnet too. It
   * allows a private API server together with `authorizedIpRanges` (API-01),
   * and up to 2,000 authorized ranges instead of 200 (API-07). AKS cannot
   * turn it off again: removing it replaces the cluster.
   * @default true when the network declares an API server subnet, otherwise false
   */
  readonly vnetIntegration?: boolean;
  /**
   * Private DNS zone of a private API server: `System` (AKS creates one in
   * the node resource group), `None` (no private zone; the public FQDN
   * resolves to the private address), or the ARM ID of a zone of your own
   * named `privatelink.<region>.azmk8s.io` or
   * `<subzone>.privatelink.<region>.azmk8s.io` (with VNet integration also
   * `private.<region>.azmk8s.io`; API-10). With a zone of your own the
   * control-plane identity must be user-assigned (API-11) and is granted
   * Private DNS Zone Contributor on the zone and Network Contributor on the
   * VNet before the cluster. ForceNew: changing it replaces the cluster
   * (writing out `System` where it was unset changes nothing).
   * Only with `private: true` (API-08).
   * @default AKS's `System` (not written)
   */
  readonly privateDnsZone?: string;
}

/** `cluster.security`: the secure defaults, each with its opt-out. */
export interface SecuritySettings {
  /**
   * Disable local Kubernetes accounts; sign-in goes through Entra ID (CKV_AZURE_141).
   * @default true
   */
  readonly localAccountsDisabled?: boolean;
  /**
   * Entra ID integration with Azure RBAC for Kubernetes authorization.
   * Required when local accounts are disabled.
   * @default true
   */
  readonly azureRbac?: boolean;
  /**
   * Entra ID groups with cluster-admin.
   * @default none (grant roles with Azure RBAC instead)
   */
  readonly adminGroupObjectIds?: string[];
  /**
   * Entra tenant of the cluster's RBAC integration.
   * @default the tenant the provider authenticates to
   */
  readonly tenantId?: string;
  /**
   * Azure Policy add-on (CKV_AZURE_116).
   * @default true
   */
  readonly azurePolicy?: boolean;
  /**
   * OIDC issuer and workload identity. AKS 1.34+ forces the issuer on, so it
   * is set explicitly (provider 4.55 would otherwise show a diff).
   * @default true
   */
  readonly workloadIdentity?: boolean;
  /**
   * Disk encryption set for customer-managed keys on node disks (CKV_AZURE_117, ForceNew).
   * @default none: platform-managed keys
   */
  readonly diskEncryptionSetId?: string;
  /**
   * Key Vault Secrets Store CSI driver add-on, with secret rotation (CKV_AZURE_172).
   * @default false
   */
  readonly keyVaultSecretsProvider?: boolean;
  /**
   * Microsoft Defender for Containers (`microsoft_defender`). Declared, Terraform
   * manages it: `enabled: true` turns it on, `enabled: false` turns it off
   * (also when an Azure Policy turned it on, on every deploy).
   * @default not declared: Terraform leaves Defender as it is in Azure, so a policy that enables it is not fought
   */
  readonly defender?: DefenderSettings;
  /**
   * Image Cleaner: removes unused images with known vulnerabilities from the
   * nodes (the Azure Policy "Azure Kubernetes Service Clusters should enable
   * Image Cleaner"; SEC-03 fails when turned off unless accepted).
   * @default true
   */
  readonly imageCleaner?: boolean;
  /**
   * How often Image Cleaner scans the nodes, in hours (24-2160).
   * @default 168 (one week, as `az aks update --enable-image-cleaner`)
   */
  readonly imageCleanerIntervalHours?: number;
  /**
   * `az aks command invoke` (run command): runs kubectl commands on the
   * cluster through ARM, as cluster-admin, bypassing the API server's
   * network restrictions (the Azure Policy "Azure Kubernetes Clusters should
   * disable Command Invoke"; SEC-04 fails when turned on unless accepted).
   * @default false
   */
  readonly runCommand?: boolean;
}

/** `cluster.security.defender`: Microsoft Defender for Containers. */
export interface DefenderSettings {
  /** Defender on (a per-vCore charge) or off. */
  readonly enabled: boolean;
  /**
   * ARM ID of the Log Analytics workspace Defender writes to; only with `enabled: true`.
   * @default the cluster's workspace (`cluster.monitoring`)
   */
  readonly logAnalyticsWorkspaceId?: string;
}

/** `cluster.upgrade`: automatic upgrades. */
export interface UpgradeSettings {
  /**
   * Cluster auto-upgrade channel (CKV_AZURE_171). `patch` and `node-image`
   * keep the minor version of `cluster.kubernetesVersion`, so bumping it in
   * the config upgrades the cluster and its pools; `stable` and `rapid`
   * move the minor version themselves, so `kubernetesVersion` is then only
   * the version at creation (Terraform ignores it afterwards).
   * @default "patch"
   */
  readonly channel?: "patch" | "stable" | "rapid" | "node-image" | "none";
  /**
   * Node OS upgrade channel; must be `NodeImage` with the `node-image` channel (UPG-01: azurerm refuses the pair).
   * @default "NodeImage"
   */
  readonly nodeOsChannel?: "NodeImage" | "SecurityPatch" | "Unmanaged" | "None";
}

/** A day of the week, as AKS writes it. */
export type WeekDay = "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday";

/** A range of calendar days, both included. */
export interface DateRange {
  /** First day, `YYYY-MM-DD` (in the window's `utcOffset`). */
  readonly start: string;
  /** Last day, `YYYY-MM-DD`, not before `start`. */
  readonly end: string;
}

/**
 * A recurring maintenance window (AKS planned maintenance,
 * `aksManagedAutoUpgradeSchedule` and `aksManagedNodeOSUpgradeSchedule`).
 */
export interface MaintenanceWindowSettings {
  /**
   * How it recurs: `Daily`, `Weekly` (on `dayOfWeek`), `AbsoluteMonthly`
   * (on `dayOfMonth`) or `RelativeMonthly` (on the `weekIndex` `dayOfWeek`,
   * e.g. the first Monday).
   */
  readonly frequency: "Daily" | "Weekly" | "AbsoluteMonthly" | "RelativeMonthly";
  /**
   * Every how many days (1-7), weeks (1-4) or months (1-6).
   * @default 1
   */
  readonly interval?: number;
  /** The day, with `Weekly` and `RelativeMonthly` (and only with them). */
  readonly dayOfWeek?: WeekDay;
  /** The day of the month (1-31), with `AbsoluteMonthly` (and only with it). */
  readonly dayOfMonth?: number;
  /** Which week of the month, with `RelativeMonthly` (and only with it). */
  readonly weekIndex?: "First" | "Second" | "Third" | "Fourth" | "Last";
  /** When the window opens, `HH:mm` from `00:00` to `23:59`, in `utcOffset`. */
  readonly startTime: string;
  /** Its length in hours, 4-24. */
  readonly durationHours: number;
  /**
   * The offset of `startTime` and the dates from UTC, `+HH:mm` or `-HH:mm`.
   * @default "+00:00" (AKS's default, written out)
   */
  readonly utcOffset?: string;
  /**
   * The day (`YYYY-MM-DD`) from which the window applies.
   * @default the day AKS creates the window (not written)
   */
  readonly startDate?: string;
  /**
   * Days on which no maintenance of this kind runs (a freeze).
   * @default none
   */
  readonly notAllowedDates?: DateRange[];
}

/** A weekly slot of the `default` maintenance configuration. */
export interface WeeklySlot {
  /** The day. */
  readonly day: WeekDay;
  /**
   * Hours of the day (0-23, UTC) in which AKS may work.
   * @minItems 1
   */
  readonly hours: number[];
}

/** A span of time, both ends RFC 3339 (`2026-12-24T00:00:00Z`). */
export interface TimeSpan {
  /** Start. */
  readonly start: string;
  /** End, after `start`. */
  readonly end: string;
}

/** The `default` maintenance configuration: when AKS may roll out its own releases. */
export interface AksReleaseWindowSettings {
  /** Weekly slots AKS may use. @default none (any time, unless `notAllowed`) */
  readonly allowed?: WeeklySlot[];
  /** Spans AKS must not use. @default none */
  readonly notAllowed?: TimeSpan[];
}

/** `cluster.maintenance`: when AKS may upgrade and patch the cluster (planned maintenance). */
export interface MaintenanceSettings {
  /**
   * When the auto-upgrade channel (`cluster.upgrade.channel`) upgrades Kubernetes.
   * @default no window: any time
   */
  readonly autoUpgrade?: MaintenanceWindowSettings;
  /**
   * When the node OS channel (`cluster.upgrade.nodeOsChannel`) updates node images or packages.
   * @default no window: any time
   */
  readonly nodeOs?: MaintenanceWindowSettings;
  /**
   * When AKS may roll out its weekly releases (the `default` configuration).
   * @default no window: any time
   */
  readonly aksReleases?: AksReleaseWindowSettings;
}

/** `cluster.monitoring`: Container Insights (oms_agent, CKV_AZURE_4). */
export interface MonitoringSettings {
  /**
   * ID of an existing Log Analytics workspace.
   * @default a workspace is created in the resource group (unless `enabled: false`)
   */
  readonly logAnalyticsWorkspaceId?: string;
  /**
   * Retention of a created workspace, in days (30-730).
   * @default 30
   */
  readonly retentionInDays?: number;
  /**
   * Turn monitoring off (CKV_AZURE_4 then fails unless accepted).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The control plane's own logs (the API server's audit trail and more),
   * through a diagnostic setting on the cluster. Container Insights
   * (`oms_agent`) collects node and pod data, not these.
   * @default kube-audit-admin and guard to the cluster's workspace
   */
  readonly controlPlaneLogs?: ControlPlaneLogSettings;
}

/** `cluster.monitoring.controlPlaneLogs`: a diagnostic setting on the cluster (`azurerm_monitor_diagnostic_setting`). */
export interface ControlPlaneLogSettings {
  /**
   * Send the control plane's logs (SEC-01 fails when off, or without
   * kube-audit-admin or kube-audit and guard, unless accepted).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Log categories of the cluster: kube-audit-admin (every change to the
   * API, no get or list), kube-audit (everything, at far higher volume and
   * cost: SEC-02 warns), guard (Entra ID and Azure RBAC decisions),
   * kube-apiserver, kube-controller-manager, kube-scheduler,
   * cluster-autoscaler, cloud-controller-manager, csi-azuredisk-controller,
   * csi-azurefile-controller, csi-snapshot-controller.
   * @default ["kube-audit-admin","guard"]
   * @minItems 1
   */
  readonly categories?: string[];
  /**
   * ARM ID of the Log Analytics workspace that receives them (into the
   * resource-specific tables AKSAuditAdmin, AKSAudit and AKSControlPlane).
   * @default the cluster's workspace (`cluster.monitoring`); none when monitoring is off
   */
  readonly logAnalyticsWorkspaceId?: string;
  /**
   * ARM ID of a storage account that also (or, with monitoring off, only)
   * receives them, for retention outside Log Analytics. It must be in the
   * cluster's region.
   * @default none
   */
  readonly storageAccountId?: string;
}

/** `cluster`: the AKS cluster. */
export interface ClusterSettings {
  /** Cluster name: 1-63 characters of letters, digits, `-` and `_`, alphanumeric at both ends. */
  readonly name: string;
  /**
   * DNS prefix of the API server FQDN (1-54 characters, letters, digits and `-`).
   * @default derived from `name` (`_` becomes `-`, cut to 54 characters)
   */
  readonly dnsPrefix?: string;
  /**
   * Kubernetes version, `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`. Quote it in
   * YAML ("1.30" unquoted is the number 1.3). Every pool runs it too. With
   * the `patch` auto-upgrade channel give `MAJOR.MINOR`: AKS then applies
   * patches without changing this value, and bumping the minor version here
   * upgrades the control plane, then the pools.
   * @default AKS picks its default version at creation
   */
  readonly kubernetesVersion?: string;
  /**
   * Control-plane identity.
   * @default "UserAssigned" when the cluster uses a subnet you provide (created or adopted) or a kubelet identity of your own, otherwise "SystemAssigned"
   */
  readonly identity?: ClusterIdentityType;
  /**
   * A kubelet identity of your own (created, or given by ID). Adding or
   * changing it replaces the cluster (azurerm: ForceNew).
   * @default the kubelet identity AKS creates in the node resource group
   */
  readonly kubeletIdentity?: KubeletIdentitySettings;
  /**
   * Pricing tier; `Standard` has the uptime SLA (CKV_AZURE_170 warns on the others).
   * @default "Free" (as `az aks create`)
   */
  readonly skuTier?: "Free" | "Standard" | "Premium";
  /**
   * Name of the resource group AKS creates for node resources. A change
   * replaces the cluster; writing out the name AKS derived, where it was
   * unset, changes nothing.
   * @default `MC_<resourceGroup>_<cluster>_<location>` (must fit in 80 characters)
   */
  readonly nodeResourceGroup?: string;
  /**
   * The system node pool.
   * @default pool "nodepool1" of 3 x Standard_D4ds_v5 (see {@link SystemNodePoolSettings})
   */
  readonly defaultNodePool?: SystemNodePoolSettings;
  /**
   * User node pools. With at least one, the system pool only runs critical
   * add-ons (CKV_AZURE_232).
   * @default none
   */
  readonly userNodePools?: NodePoolSettings[];
  /**
   * How the API server is reached: authorized IP ranges, or a private API server.
   * @default public API server, no authorized ranges (a warning)
   */
  readonly apiServer?: ApiServerSettings;
  /**
   * Local accounts, Entra ID and Azure RBAC, add-ons and disk encryption: secure defaults, each with an opt-out.
   * @default every secure default on
   */
  readonly security?: SecuritySettings;
  /**
   * Automatic upgrade channels of the cluster and of the node OS.
   * @default channel "patch", node OS channel "NodeImage"
   */
  readonly upgrade?: UpgradeSettings;
  /**
   * Container Insights and its Log Analytics workspace.
   * @default a Log Analytics workspace is created
   */
  readonly monitoring?: MonitoringSettings;
  /**
   * The cluster autoscaler's settings, for the pools with `autoScaling`.
   * Declared, every setting is written (AKS's defaults where not given), so
   * removing one from the config sets it back to AKS's default.
   * @default not declared: AKS's defaults, and whatever is set in Azure stays
   */
  readonly autoScalerProfile?: AutoScalerProfileSettings;
  /**
   * Maintenance windows: when auto-upgrades, node OS updates and AKS's own
   * releases may run. AKS may still act outside them for urgent fixes.
   * @default none: AKS picks the time
   */
  readonly maintenance?: MaintenanceSettings;
}

/** `network.vnet.subnet`: the node subnet of a created VNet. */
export interface SubnetSettings {
  /** Subnet name: 1-80 characters of `A-Za-z0-9_.-`, alphanumeric first, alphanumeric or `_` last. */
  readonly name: string;
  /**
   * Address prefixes (IPv4 /2 to /29; an IPv6 prefix must be /64); at least one.
   * @minItems 1
   */
  readonly addressPrefixes: string[];
}

/** `network.vnet`: a VNet and node subnet this project creates. */
export interface VnetSettings {
  /** VNet name: 2-64 characters of `A-Za-z0-9_.-`, alphanumeric first, alphanumeric or `_` last. */
  readonly name: string;
  /**
   * Address space of the VNet; at least one range.
   * @minItems 1
   */
  readonly addressSpace: string[];
  /** The node subnet. */
  readonly subnet: SubnetSettings;
  /**
   * Other subnets that exist (or will) in this VNet. Not created here; used by
   * the overlap and containment checks.
   * @default none
   */
  readonly otherSubnets?: SubnetSettings[];
  /**
   * Subnets for node pools of their own, created beside the node subnet and
   * protected like it; a pool names one with `subnetName`. Each gets the
   * control-plane identity's subnet role before the cluster, and the node
   * security group.
   * @default none
   */
  readonly poolSubnets?: SubnetSettings[];
  /**
   * The API server subnet of VNet integration (`cluster.apiServer.vnetIntegration`),
   * created delegated to `Microsoft.ContainerService/managedClusters`: at
   * least a /28 (API-04), used by no node pool (API-05). The control-plane
   * identity gets the subnet role on it before the cluster.
   * @default none
   */
  readonly apiServerSubnet?: SubnetSettings;
  /**
   * Create a network security group on the node subnet that allows all
   * traffic within the node subnet (the BYOCNI prerequisite; CKV2_AZURE_31).
   * @default true
   */
  readonly networkSecurityGroup?: boolean;
}

/** `network.subnetRoleAssignment`: fine-tuning of the grant on the node subnet. */
export interface SubnetRoleAssignmentSettings {
  /** Role definition ID, with `subnetRole: Existing` (exactly one of ID or name). */
  readonly roleDefinitionId?: string;
  /** Role definition name, with `subnetRole: Existing` (exactly one of ID or name). */
  readonly roleDefinitionName?: string;
  /**
   * Name (a UUID) of the role assignment.
   * @default derived from scope, principal and role (stable across runs)
   */
  readonly name?: string;
  /**
   * Principal type; managed identities are `ServicePrincipal`.
   * @default "ServicePrincipal"
   */
  readonly principalType?: string;
  /** ABAC condition. @default none */
  readonly condition?: string;
  /** ABAC condition version, `1.0` or `2.0`; only with `condition`. @default "2.0" with a condition */
  readonly conditionVersion?: string;
}

/**
 * `network.advancedNetworking`: Advanced Container Networking Services, for
 * Azure CNI Powered by Cilium. Refused under BYOCNI, whatever the flags
 * (BYO-06): azurerm fails the plan of any such block unless the plugin is
 * azure with the cilium data plane.
 */
export interface AdvancedNetworkingSettings {
  /** Security (FQDN filtering). */
  readonly securityEnabled?: boolean;
  /** Observability. */
  readonly observabilityEnabled?: boolean;
}

/** A subnet that exists already, adopted by ARM ID (`network.existingPoolSubnets[]`). */
export interface ExistingSubnetSettings {
  /** ARM ID of the subnet; in the node subnet's VNet (NET-13). */
  readonly id: string;
  /**
   * Its address prefixes, so that capacity and overlaps are checked at synth
   * time (and compared with Azure's at plan time).
   * @default unknown (capacity is checked at plan time)
   * @minItems 1
   */
  readonly addressPrefixes?: string[];
}

/**
 * `network.loadBalancer`: the outbound rule of the Standard load balancer
 * AKS creates with `outboundType: loadBalancer` (OUT-07). At most one of
 * `managedOutboundIpCount`, `outboundIpIds` and `outboundIpPrefixIds`
 * (OUT-08). Every node at peak (autoscaler maximum plus upgrade surge) must
 * get its `allocatedOutboundPorts` out of 64,000 ports per outbound IP
 * (OUT-11).
 */
export interface LoadBalancerSettings {
  /**
   * Public IPs AKS creates and manages for egress, 1-100.
   * @default AKS's 1 (not written, so a count changed in Azure is kept)
   */
  readonly managedOutboundIpCount?: number;
  /**
   * ARM IDs of public IPs of your own for egress. The control-plane identity
   * is granted Network Contributor on each before the cluster.
   * @default none
   */
  readonly outboundIpIds?: string[];
  /**
   * ARM IDs of public IP prefixes of your own for egress (every address of a
   * prefix adds 64,000 ports). The control-plane identity is granted Network
   * Contributor on each before the cluster.
   * @default none
   */
  readonly outboundIpPrefixIds?: string[];
  /**
   * Minutes an idle outbound flow keeps its SNAT port, 4-100.
   * @default 30 (AKS's and azurerm's default)
   */
  readonly idleTimeoutInMinutes?: number;
  /**
   * SNAT ports per node, 0-64000 in steps of 8; 0 lets Azure allocate by
   * backend pool size (1,024 per node up to 50 nodes, fewer beyond).
   * @default 0
   */
  readonly allocatedOutboundPorts?: number;
}

/** `network`: address plan and node subnet. */
export interface NetworkSettings {
  /**
   * Pod range: routed to by the control plane, and the CNI's IPAM pool.
   * @default "10.244.0.0/16" (the API's default, made explicit)
   */
  readonly podCidr?: string;
  /**
   * Kubernetes service range (prefix /13 to /30). Set together with
   * `dnsServiceIp`. A change of either replaces the cluster; writing out
   * AKS's defaults on a cluster created without them changes nothing.
   * @default "10.0.0.0/16" (AKS's default, checked as if set)
   */
  readonly serviceCidr?: string;
  /**
   * ClusterIP of kube-dns, inside `serviceCidr`, not its first address.
   * @default "10.0.0.10" (AKS's default, checked as if set)
   */
  readonly dnsServiceIp?: string;
  /**
   * Egress: `loadBalancer`, `userDefinedRouting` (adopted subnet with a
   * route table), `managedNATGateway` (AKS-managed VNet only) or
   * `userAssignedNATGateway` (adopted subnet with a NAT gateway).
   * @default "loadBalancer"
   */
  readonly outboundType?: string;
  /** Load balancer SKU; only `standard` is supported. @default "standard" */
  readonly loadBalancerSku?: string;
  /**
   * Outbound IPs, SNAT ports and idle timeout of the load balancer; only with
   * `outboundType: loadBalancer`.
   * @default AKS's: one managed outbound IP, ports allocated by pool size, 30 minutes idle timeout
   */
  readonly loadBalancer?: LoadBalancerSettings;
  /** Create a VNet and node subnet (exclusive with `existingSubnetId`). @default none */
  readonly vnet?: VnetSettings;
  /** ARM ID of an existing node subnet to adopt (exclusive with `vnet`). @default none */
  readonly existingSubnetId?: string;
  /**
   * Address space of the adopted subnet's VNet, so that the overlap checks can see it.
   * @default unknown (the checks that need it print a warning)
   * @minItems 1
   */
  readonly existingVnetAddressSpace?: string[];
  /**
   * Address prefixes of the adopted subnet, for the capacity and overlap checks.
   * @default unknown (the checks that need it print a warning)
   * @minItems 1
   */
  readonly existingSubnetAddressPrefixes?: string[];
  /**
   * Adopted subnets for node pools of their own, in the node subnet's VNet
   * (NET-13); a pool names one with `subnetName` (the last segment of its
   * ID). Each gets the control-plane identity's subnet role before the cluster.
   * @default none
   */
  readonly existingPoolSubnets?: ExistingSubnetSettings[];
  /**
   * ARM ID of an adopted API server subnet for VNet integration, delegated to
   * `Microsoft.ContainerService/managedClusters` and in the node subnet's
   * VNet (exclusive with `vnet.apiServerSubnet`).
   * @default none
   */
  readonly existingApiServerSubnetId?: string;
  /**
   * Address prefixes of the adopted API server subnet, for the size (API-04) and overlap checks.
   * @default unknown (the checks that need it print a warning)
   * @minItems 1
   */
  readonly existingApiServerSubnetAddressPrefixes?: string[];
  /**
   * Peered, VPN, ExpressRoute or on-premises ranges that nothing may overlap.
   * @default none
   */
  readonly connectedNetworks?: string[];
  /**
   * Role of the control-plane identity on the node subnet.
   * @default "NetworkContributor"
   */
  readonly subnetRole?: SubnetRole;
  /**
   * Details of the role assignment on the node subnet: the role with `subnetRole: Existing`, name, principal type, condition.
   * @default a deterministic name, principal type ServicePrincipal, no condition
   */
  readonly subnetRoleAssignment?: SubnetRoleAssignmentSettings;
  /**
   * Internal load balancer frontends that will take addresses from the node
   * subnet (counted in the capacity check).
   * @default 0
   */
  readonly internalLoadBalancerFrontends?: number;
  /** Must be "none" if given (BYO-01). @default "none" */
  readonly networkPlugin?: string;
  /**
   * An AKS-managed policy engine; BYO-02 warns: AKS documents them only with
   * Azure CNI or kubenet, the CNI you install enforces NetworkPolicy, and
   * removing it later replaces the cluster.
   * @default none
   */
  readonly networkPolicy?: string;
  /**
   * `overlay`: AKS accepts it with network_plugin none; BYO-03 warns that
   * removing it later replaces the cluster.
   * @default none
   */
  readonly networkPluginMode?: string;
  /** Only "azure" is allowed (BYO-04). @default "azure" (the provider's default) */
  readonly networkDataPlane?: string;
  /** Refused under BYOCNI (BYO-05). */
  readonly networkMode?: string;
  /** Refused under BYOCNI (BYO-06); accepted by the parser only so that it is refused with a rule ID. */
  readonly advancedNetworking?: AdvancedNetworkingSettings;
  /** Removed in azurerm 4.0; refused (BYO-09). */
  readonly dockerBridgeCidr?: string;
}

/** `cni`: the CNI installed after the cluster, in the `<env>-cni` stack. */
export interface CniSettings {
  /**
   * `cilium`: install Cilium with Helm in a second stack; `none`: install a CNI yourself.
   * @default "none"
   */
  readonly plugin: "none" | "cilium";
  /** Helm chart version, e.g. `1.18.14`. Required with `cilium`. */
  readonly version?: string;
  /**
   * Replace kube-proxy with Cilium's eBPF service handling. Cilium then talks
   * to the API server by its FQDN (`k8sServiceHost`), not the service IP.
   * AKS's kube-proxy keeps running beside it: azurerm cannot turn it off
   * (a preview of the AKS API only; see docs/cni.md).
   * @default false
   */
  readonly kubeProxyReplacement?: boolean;
  /**
   * How the Helm provider signs in to the cluster (Entra ID clusters), as the
   * `kubelogin get-token --login` mode: `azurecli` uses the `az login` session
   * (a workstation, or CI after `azure/login`); `workloadidentity` uses a
   * federated token from `AZURE_CLIENT_ID`, `AZURE_TENANT_ID` and
   * `AZURE_FEDERATED_TOKEN_FILE` (e.g. GitHub Actions OIDC). See docs/cni.md.
   * @default "azurecli"
   */
  readonly kubeloginMode?: "azurecli" | "workloadidentity";
  /**
   * Extra Helm values, merged over the computed ones. Values that contradict
   * the cluster (another pod CIDR list, native routing, `azure.enabled`) are errors.
   * @default none
   */
  readonly values?: Record<string, unknown>;
}

/** `backend`: where Terraform keeps state. Credentials come from the environment (`ARM_*`, OIDC). */
export interface BackendSettings {
  /** Only `azurerm` (Azure Blob Storage, with lease-based locking). */
  readonly type: "azurerm";
  /** Storage account holding the state container. */
  readonly storageAccountName: string;
  /** Blob container for state files. */
  readonly containerName: string;
  /**
   * State blob name. The `<stack>-cni` stack adds `-cni` to it (before `.tfstate`).
   * @default `<stack>.tfstate`
   */
  readonly key?: string;
  /** Resource group of the storage account. @default none (not needed with Entra ID auth) */
  readonly resourceGroupName?: string;
  /** Authenticate to the storage data plane with Entra ID. @default true */
  readonly useAzureadAuth?: boolean;
  /** Authenticate with OIDC (GitHub Actions federated credentials). @default false */
  readonly useOidc?: boolean;
  /** Subscription of the storage account. @default from `ARM_SUBSCRIPTION_ID` */
  readonly subscriptionId?: string;
  /** Tenant of the storage account. @default from `ARM_TENANT_ID` */
  readonly tenantId?: string;
}

/**
 * What a deploy may replace or destroy. Protected: the resource group, VNet,
 * every subnet created here and every grant to the control-plane identity,
 * the control-plane identity, the kubelet identity, the Log Analytics
 * workspace, the cluster and each node pool.
 */
export type ProtectedResource =
  | "resourceGroup"
  | "vnet"
  | "subnet"
  | "subnetGrant"
  | "apiServerSubnet"
  | "apiServerSubnetGrant"
  | "privateDnsZoneGrant"
  | "vnetGrant"
  | "identity"
  | "kubeletIdentity"
  | "kubeletGrant"
  | "workspace"
  | "cluster"
  | `nodePool:${string}`
  | `poolSubnet:${string}`
  | `poolSubnetGrant:${string}`
  | `outboundIpGrant:${string}`;

/** A replacement or deletion accepted for the next deploy, with the reason. */
export interface AcceptedReplacement {
  /**
   * The protected resource: `resourceGroup`, `vnet`, `subnet`, `subnetGrant`,
   * `apiServerSubnet`, `apiServerSubnetGrant`, `privateDnsZoneGrant`,
   * `vnetGrant`, `identity`, `kubeletIdentity`, `kubeletGrant`, `workspace`,
   * `cluster`, `nodePool:<pool name>`, `poolSubnet:<subnet name>`,
   * `poolSubnetGrant:<subnet name>` or `outboundIpGrant:<public IP or prefix name>`.
   */
  readonly resource: ProtectedResource;
  /** Why replacing or deleting it is acceptable: at least one full sentence (20 characters or more). */
  readonly reason: string;
}

/** `protection`: what keeps a running environment from being replaced by a deploy. */
export interface ProtectionSettings {
  /**
   * Terraform `prevent_destroy` on every protected resource: a plan that
   * would destroy or replace one fails, whoever runs it.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Protected resources the next deploy may replace or delete: their
   * `prevent_destroy` is lifted, and the change-impact check accepts it.
   * Remove each entry once the change is deployed.
   * @default none
   */
  readonly acceptedReplacements?: AcceptedReplacement[];
}

/** One environment: the content of one file in `config/`. */
export interface AksByoCniConfig {
  /** Azure region of every resource, e.g. `eastus` (`East US` is normalised the same way). */
  readonly location: string;
  /** The resource group of the cluster and its network. */
  readonly resourceGroup: ResourceGroupSettings;
  /** The AKS cluster and its node pools. */
  readonly cluster: ClusterSettings;
  /**
   * The address plan (pod, service and node ranges) and the node subnet: created, adopted or AKS-managed.
   * @default AKS-managed VNet, pod CIDR 10.244.0.0/16, service CIDR 10.0.0.0/16
   */
  readonly network?: NetworkSettings;
  /**
   * The CNI installed after the cluster, if any.
   * @default `plugin: none` (install a CNI yourself)
   */
  readonly cni?: CniSettings;
  /**
   * Where Terraform keeps state (Azure Blob Storage).
   * @default local state, with a warning
   */
  readonly backend?: BackendSettings;
  /** Rules accepted knowingly, each with a reason. @default none */
  readonly acceptedRisks?: AcceptedRisk[];
  /** Tags on every resource that takes tags. @default none */
  readonly tags?: Record<string, string>;
  /**
   * Tag keys set outside this config, e.g. by an Azure Policy with the
   * Modify effect: deploys leave them alone instead of removing them every
   * time. A key may not also be in `tags`.
   * @default none
   */
  readonly ignoredTags?: string[];
  /**
   * What a deploy may replace or destroy.
   * @default every protected resource has `prevent_destroy`; no replacement accepted
   */
  readonly protection?: ProtectionSettings;
}
