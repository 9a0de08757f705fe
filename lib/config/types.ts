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
   * Policy rules only: limit the acceptance to resources whose construct path
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
   * `cni.plugin: cilium` (CFG-06).
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

/** `cluster.apiServer`: how the Kubernetes API server is reached. */
export interface ApiServerSettings {
  /**
   * CIDRs allowed to reach the public API server. The runner that installs the
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
   * VNet before the cluster. ForceNew: changing it replaces the cluster.
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
   * @default "UserAssigned" when the cluster uses a subnet you provide (created or adopted), otherwise "SystemAssigned"
   */
  readonly identity?: ClusterIdentityType;
  /**
   * Pricing tier; `Standard` has the uptime SLA (CKV_AZURE_170 warns on the others).
   * @default "Free" (as `az aks create`)
   */
  readonly skuTier?: "Free" | "Standard" | "Premium";
  /**
   * Name of the resource group AKS creates for node resources.
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
   * Kubernetes service range (prefix /13 to /30). Set together with `dnsServiceIp`.
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
 * the control-plane identity, the Log Analytics workspace, the cluster and
 * each node pool.
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
   * `vnetGrant`, `identity`, `workspace`, `cluster`, `nodePool:<pool name>`,
   * `poolSubnet:<subnet name>`, `poolSubnetGrant:<subnet name>` or
   * `outboundIpGrant:<public IP or prefix name>`.
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
