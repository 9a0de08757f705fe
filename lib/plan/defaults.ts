/**
 * Every default of the config model, decided once. The resolve step applies
 * them, the rules see their results, and the JSON Schema shows them as
 * `default` (keyed like the schema: by type name, then field).
 *
 * Defaults that depend on other fields (the identity, the DNS prefix, derived
 * resource names) are functions in the resolve step, not literals here.
 */
import type {
  AksByoCniConfig,
  ApiServerSettings,
  AutoScalerProfileSettings,
  BackendSettings,
  ClusterSettings,
  CniSettings,
  ControlPlaneLogSettings,
  KubeletIdentitySettings,
  MaintenanceWindowSettings,
  LoadBalancerSettings,
  MonitoringSettings,
  NetworkSettings,
  NodePoolSettings,
  ProtectionSettings,
  ResourceGroupSettings,
  SecuritySettings,
  SubnetRoleAssignmentSettings,
  SystemNodePoolSettings,
  UpgradeSettings,
  VnetSettings,
} from "../config/types";

/** The config model's types by name, as the JSON Schema names its definitions. */
interface ConfigTypes {
  AksByoCniConfig: AksByoCniConfig;
  ResourceGroupSettings: ResourceGroupSettings;
  ClusterSettings: ClusterSettings;
  SystemNodePoolSettings: SystemNodePoolSettings;
  NodePoolSettings: NodePoolSettings;
  ApiServerSettings: ApiServerSettings;
  AutoScalerProfileSettings: AutoScalerProfileSettings;
  SecuritySettings: SecuritySettings;
  UpgradeSettings: UpgradeSettings;
  MonitoringSettings: MonitoringSettings;
  ControlPlaneLogSettings: ControlPlaneLogSettings;
  KubeletIdentitySettings: KubeletIdentitySettings;
  MaintenanceWindowSettings: MaintenanceWindowSettings;
  NetworkSettings: NetworkSettings;
  LoadBalancerSettings: LoadBalancerSettings;
  VnetSettings: VnetSettings;
  SubnetRoleAssignmentSettings: SubnetRoleAssignmentSettings;
  CniSettings: CniSettings;
  BackendSettings: BackendSettings;
  ProtectionSettings: ProtectionSettings;
}

/** Literal defaults, by type and field. */
export type DefaultsTable = { readonly [K in keyof ConfigTypes]?: { readonly [F in keyof ConfigTypes[K]]?: ConfigTypes[K][F] } };

/** The control-plane identity when the cluster joins a subnet you provide: granted its role before the cluster exists. */
export const IDENTITY_WITH_OWN_SUBNET = "UserAssigned";
/** The control-plane identity with the VNet AKS creates itself, as in Microsoft's template. */
export const IDENTITY_WITHOUT_SUBNET = "SystemAssigned";

/**
 * Public IPs AKS manages for egress when neither a count nor IPs of your own
 * are given (AKS's default; not written, so a count changed in Azure stays).
 */
export const AKS_MANAGED_OUTBOUND_IPS = 1;

/**
 * The node subnet of the VNet AKS creates when the cluster joins no subnet of
 * yours: nodes get 10.224.0.x addresses, and new clusters must keep their
 * service and pod ranges off it (Azure/AKS CHANGELOG, release 2022-02-24).
 * The VNet's own address space is not documented consistently, so it is not
 * assumed.
 */
export const AKS_MANAGED_NODE_SUBNET = "10.224.0.0/16";

/** The private DNS zone of a private API server when none is given (AKS's default; not written). */
export const AKS_PRIVATE_DNS_ZONE = "System";

/** What every pool gets when unset. */
const POOL = {
  /** kubelet's default, made explicit (checkov assumes 30 when unset). */
  maxPods: 110,
  /** AKS's default surge for new pools. */
  maxSurge: "10%",
  hostEncryption: false,
  // AKS's upgrade defaults, declared: unsetting a value that was set in Azure forces a new cluster in azurerm.
  drainTimeoutInMinutes: 30,
  nodeSoakDurationInMinutes: 0,
  undrainableNodeBehavior: "Schedule",
} as const;

export const DEFAULTS = {
  ResourceGroupSettings: { existing: false },
  // As `az aks create`: the Free tier. The Standard tier's uptime SLA costs money, so CKV_AZURE_170 only warns.
  ClusterSettings: { skuTier: "Free" },
  // As `az aks create`: "nodepool1" of 3 nodes. The VM size is named (AKS would pick one by quota)
  // so that the OS disk and capacity can be planned: a system-pool size whose temp disk holds an
  // ephemeral OS disk.
  SystemNodePoolSettings: { name: "nodepool1", nodeCount: 3, vmSize: "Standard_D4ds_v5", ...POOL },
  NodePoolSettings: { ...POOL },
  ApiServerSettings: { private: false },
  // AKS's cluster autoscaler defaults (cluster-autoscaler docs, profile settings; azurerm's own defaults agree).
  // The delay after a deletion defaults to the scan interval (resolve step).
  AutoScalerProfileSettings: {
    balanceSimilarNodeGroups: false,
    daemonsetEvictionForEmptyNodes: false,
    daemonsetEvictionForOccupiedNodes: true,
    expander: "random",
    ignoreDaemonsetsUtilization: false,
    maxGracefulTerminationSec: 600,
    maxNodeProvisioningTime: "15m",
    maxUnreadyNodes: 3,
    maxUnreadyPercentage: 45,
    newPodScaleUpDelay: "0s",
    scanInterval: "10s",
    scaleDownDelayAfterAdd: "10m",
    scaleDownDelayAfterFailure: "3m",
    scaleDownUnneeded: "10m",
    scaleDownUnready: "20m",
    scaleDownUtilizationThreshold: 0.5,
    emptyBulkDeleteMax: 10,
    skipNodesWithLocalStorage: false,
    skipNodesWithSystemPods: true,
  },
  SecuritySettings: {
    localAccountsDisabled: true,
    azureRbac: true,
    azurePolicy: true,
    workloadIdentity: true,
    keyVaultSecretsProvider: false,
    // The security baseline's (Azure Policy built-ins) rather than az aks create's: Image Cleaner on, run command off.
    imageCleaner: true,
    // az aks update --enable-image-cleaner's interval: one week.
    imageCleanerIntervalHours: 168,
    runCommand: false,
  },
  UpgradeSettings: { channel: "patch", nodeOsChannel: "NodeImage" },
  MonitoringSettings: { enabled: true, retentionInDays: 30 },
  // Not az aks create's (it sends no control-plane logs): the security baseline's audit trail (PSRule Azure.AKS.AuditLogs),
  // kube-audit-admin rather than kube-audit for its cost (Azure.AKS.AuditAdmin), as Microsoft's AKS baseline does.
  ControlPlaneLogSettings: { enabled: true, categories: ["kube-audit-admin", "guard"] },
  // The API's offset default, written out (azurerm reads it back, so an unwritten one would plan a change every time);
  // every recurrence once per its period unless said otherwise.
  MaintenanceWindowSettings: { interval: 1, utcOffset: "+00:00" },
  // AKS refuses a cluster whose control-plane identity cannot operate the kubelet identity.
  KubeletIdentitySettings: { grantOperatorRole: true },
  NetworkSettings: {
    // The AKS API's defaults (2022-06-01 spec), made explicit so that every check sees them.
    podCidr: "10.244.0.0/16",
    serviceCidr: "10.0.0.0/16",
    dnsServiceIp: "10.0.0.10",
    outboundType: "loadBalancer",
    loadBalancerSku: "standard",
    subnetRole: "NetworkContributor",
    internalLoadBalancerFrontends: 0,
    networkPlugin: "none",
  },
  // azurerm's and AKS's defaults, written whenever the block is: 0 lets Azure allocate ports by pool size.
  LoadBalancerSettings: { idleTimeoutInMinutes: 30, allocatedOutboundPorts: 0 },
  VnetSettings: { networkSecurityGroup: true },
  SubnetRoleAssignmentSettings: { principalType: "ServicePrincipal" },
  CniSettings: { plugin: "none", kubeProxyReplacement: false, kubeloginMode: "azurecli" },
  BackendSettings: { useAzureadAuth: true, useOidc: false },
  // A running environment is not destroyed by an edit unless the edit says so (protection.acceptedReplacements).
  ProtectionSettings: { preventDestroy: true },
} as const satisfies DefaultsTable;

