/**
 * The cluster after defaults: names, identity, pools and their demand, the
 * address plan's values, the secure defaults, and the CNI's per-node block.
 * The cluster construct renders this plan and the rules check it, so every
 * default and derived value is decided here, once.
 */
import type {
  AksReleaseWindowSettings,
  ApiServerSettings,
  AutoScalerProfileSettings,
  ClusterIdentityType,
  ClusterSettings,
  CniSettings,
  KubeletIdentitySettings,
  MaintenanceWindowSettings,
  NetworkSettings,
  SecuritySettings,
} from "../config/types";
import type { Ipv4Cidr } from "../net/cidr";
import { normalizeLocation } from "../reference/regions";
import { addressReader, type AddressReader, type PlannedAddress, type PlannedCidr, type RangeList } from "./addresses";
import { CILIUM_DEFAULT_MASK, chooseMaskSize, subnetDemand } from "./capacity";
import { AKS_MANAGED_OUTBOUND_IPS, DEFAULTS, IDENTITY_WITH_OWN_SUBNET, IDENTITY_WITHOUT_SUBNET } from "./defaults";
import { CONTROL_PLANE_LOGS_SETTING, controlPlaneIdentityName, defaultNodeResourceGroup, deriveDnsPrefix, kubeletIdentityName, workspaceName } from "./names";
import type { ExtraSubnetPlan, NetworkPlan, NodeNetworkSettings } from "./network";
import { nodeDemand, resolvePools, type NodeDemand, type PoolPlan } from "./pools";

/** The cluster's settings: the `cluster` section without the identity, which the node subnet decides when there is one. */
export type ClusterOptions = Omit<ClusterSettings, "identity">;

/** The fields of the `network` section the cluster reads: the address plan and egress. */
export type ClusterNetworkSettings = Omit<NetworkSettings, keyof NodeNetworkSettings>;

/** What the cluster is resolved from. */
export interface ClusterInput {
  /** Azure region (config: `location`). */
  readonly location: string;
  /** The resource group's literal name where known (a reference otherwise). */
  readonly resourceGroupName: string;
  /** The cluster settings as written (config: `cluster`, without `identity`). */
  readonly cluster: ClusterOptions;
  /** Only without a subnet: with one, the identity is the one its grant is for. */
  readonly identity?: ClusterIdentityType;
  /** The cluster-level fields of `network`. @default the API defaults */
  readonly network?: ClusterNetworkSettings;
  /** The node network, when the cluster joins a subnet you provide. */
  readonly subnet?: NetworkPlan;
  /** The CNI to be installed (config: `cni`). @default `plugin: none` */
  readonly cni?: CniSettings;
}

/** The pod range after the API default, read once (see {@link PlannedCidr}). */
export interface PodRangePlan extends PlannedCidr<Ipv4Cidr> {
  /** Set when the range is not sent to AKS, and why (an unwritten pod range when pods use pod subnets). */
  readonly notSent?: string;
}

/** The control-plane identity and who decides it. */
export interface IdentityPlan {
  /** The identity type the cluster uses. */
  readonly type: ClusterIdentityType;
  /**
   * `subnet`: the node network created it and granted it before the cluster
   * (or, system-assigned, grants it after); `cluster`: the cluster decides
   * (no subnet of yours).
   */
  readonly source: "subnet" | "cluster";
  /** Name of the user-assigned identity the cluster creates itself (no subnet of yours). */
  readonly createdName?: string;
  /** An identity asked of the cluster although its node subnet decides it (RA-10). */
  readonly conflict?: ClusterIdentityType;
}

/** A kubelet identity of your own: created here, or an existing one by ID; granted to the control plane before the cluster. */
export interface KubeletIdentityPlan {
  /** The identity as written (rules report on these values). */
  readonly settings: KubeletIdentitySettings;
  /** Name of the identity this project creates; undefined for an existing one. */
  readonly createdName?: string;
  /** The existing identity, when given by ID. */
  readonly existing?: {
    /** Its ARM ID. */
    readonly id: string;
    /** Its client (application) ID. */
    readonly clientId: string;
    /** Its object (principal) ID. */
    readonly objectId: string;
  };
  /** Grant Managed Identity Operator on it to the control-plane identity, before the cluster. */
  readonly grantOperatorRole: boolean;
}

/** The per-node pod block the CNI will use, and where the size comes from. */
export interface PerNodeBlock {
  /** The block's prefix length, e.g. 24 for a /24 per node. */
  readonly mask: number;
  /** Where the size comes from, for messages ("the mask chosen for Cilium", ...). */
  readonly source: string;
  /** True when no block size fits the pod range, the nodes and maxPods (the default is shown instead). */
  readonly noneFits?: boolean;
}

/** The CNI after defaults. */
export interface CniPlan {
  /** `cilium`: installed in the `<env>-cni` stack; `none`: installed by you. */
  readonly plugin: "none" | "cilium";
  /** The pinned Helm chart version (required with Cilium). */
  readonly version?: string;
  /** Cilium replaces kube-proxy. */
  readonly kubeProxyReplacement: boolean;
  /** How the Helm provider signs in through kubelogin. */
  readonly kubeloginMode: "azurecli" | "workloadidentity";
  /** Values given in the config, merged over the computed ones. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The per-node pod block the CNI will use (a /24 assumed without Cilium). */
  readonly perNodeBlock: PerNodeBlock;
}

/**
 * A subnet that node pools join, with the pools on it and what they ask of
 * it: the node subnet, or a pool subnet. Capacity (NET-07) is per subnet.
 */
export interface NodeSubnetUse {
  /** The subnet's name (the node subnet's may be unknown for a malformed or referenced ID). */
  readonly name?: string;
  /** `node`: the node subnet; `pool`: a subnet of `poolSubnets` or `existingPoolSubnets`. */
  readonly kind: "node" | "pool";
  /** Config path the subnet is declared at, for messages. */
  readonly path: string;
  /** Its prefixes, when known. */
  readonly prefixes?: RangeList;
  /** The pool subnet's plan (kind `pool`). */
  readonly subnet?: ExtraSubnetPlan;
  /** The pools on it. */
  readonly pools: readonly PoolPlan[];
  /** What those pools ask of it. */
  readonly demand: NodeDemand;
  /** Internal load balancer frontends that take addresses from it (the node subnet's). */
  readonly internalLoadBalancerFrontends: number;
  /**
   * Addresses it must hold at peak: its pools' nodes at maximum scale with
   * upgrade surge, plus the internal load balancer frontends; undefined when
   * a count is a Terraform reference.
   */
  readonly peakAddresses?: number;
}

/** The outbound rule of the load balancer, after defaults (`network.loadBalancer`). */
export interface LoadBalancerPlan {
  /** The section as written (rules report on these values). */
  readonly settings: NonNullable<NetworkSettings["loadBalancer"]>;
  /** Managed outbound IPs, as written (unset: AKS keeps its count). */
  readonly managedOutboundIpCount?: number;
  /** Public IPs of your own. */
  readonly outboundIpIds?: readonly string[];
  /** Public IP prefixes of your own. */
  readonly outboundIpPrefixIds?: readonly string[];
  /** Idle timeout of outbound flows, minutes. */
  readonly idleTimeoutInMinutes: number;
  /** SNAT ports per node; 0: Azure allocates by pool size. */
  readonly allocatedOutboundPorts: number;
  /**
   * Outbound IP addresses, for the SNAT capacity (64,000 ports each): the
   * managed count (AKS's one when unset) or the number of IPs; undefined with
   * prefixes, whose sizes synth does not know.
   */
  readonly outboundIpAddresses?: number;
}

/** A Log Analytics workspace a setting sends data to: the one created for the cluster, or one given by ARM ID. */
export type WorkspaceRef =
  | {
      /** The workspace this project creates for the cluster (`cluster.monitoring`). */
      readonly createdForCluster: true;
    }
  | {
      /** ARM ID of a workspace of yours. */
      readonly id: string;
    };

/**
 * Microsoft Defender for Containers: left to Azure (`undeclared`, ignored by
 * Terraform so that an Azure Policy that enables it is not fought), or
 * managed: on with a workspace, or off.
 */
export type DefenderPlan =
  | {
      /** Not in the config: Terraform leaves Defender to Azure. */
      readonly declared: false;
    }
  | {
      /** In the config: Terraform manages Defender. */
      readonly declared: true;
      /** On or off. */
      readonly enabled: boolean;
      /** Where it writes when on; none is DEF-01's finding. */
      readonly workspace?: WorkspaceRef;
    };

/** The control plane's logs: a diagnostic setting on the cluster, when it is on and has somewhere to send them. */
export interface ControlPlaneLogsPlan {
  /** On (the default), or turned off in the config. */
  readonly enabled: boolean;
  /** True when the config writes `cluster.monitoring.controlPlaneLogs` at all. */
  readonly declared: boolean;
  /** The log categories. */
  readonly categories: readonly string[];
  /** Where in Log Analytics, if anywhere. */
  readonly workspace?: WorkspaceRef;
  /** A storage account that receives them. */
  readonly storageAccountId?: string;
  /** The diagnostic setting's name; undefined when none is created (off, or nowhere to send them). */
  readonly settingName?: string;
}

/** A maintenance window after defaults. */
export interface MaintenanceWindowPlan {
  /** Config path, e.g. `cluster.maintenance.nodeOs`. */
  readonly path: string;
  /** The window as written (rules report on these values). */
  readonly settings: MaintenanceWindowSettings;
  /** Every how many days, weeks or months. */
  readonly interval: number;
  /** The offset from UTC of its times and dates. */
  readonly utcOffset: string;
}

/** The maintenance windows; an absent one leaves AKS free to pick the time. */
export interface MaintenancePlan {
  /** When the auto-upgrade channel upgrades Kubernetes. */
  readonly autoUpgrade?: MaintenanceWindowPlan;
  /** When the node OS channel updates the nodes. */
  readonly nodeOs?: MaintenanceWindowPlan;
  /** When AKS rolls out its releases (the `default` configuration). */
  readonly aksReleases?: AksReleaseWindowSettings;
}

/** The cluster, as it will be built. */
export interface ClusterPlan {
  /** Azure region, as written. */
  readonly location: string;
  /** The resource group's name: the literal where known, else a reference. */
  readonly resourceGroupName: string;
  /** The cluster section as written (rules report on these values). */
  readonly settings: ClusterOptions;
  /** The network section as written, cluster-level fields. */
  readonly networkSettings: ClusterNetworkSettings;
  /** The cluster name. */
  readonly name: string;
  /** The DNS prefix: given, or derived from the name. */
  readonly dnsPrefix: string;
  /** The node resource group: given, or the one AKS derives (`derived` true). */
  readonly nodeResourceGroup: {
    /** The group's name. */
    readonly name: string;
    /** True when AKS derives it (`MC_<rg>_<cluster>_<location>`); it is then not set on the resource. */
    readonly derived: boolean;
  };
  /** The pricing tier. */
  readonly skuTier: "Free" | "Standard" | "Premium";
  /** The control-plane identity and who decides it. */
  readonly identity: IdentityPlan;
  /** A kubelet identity of your own; undefined leaves it to AKS. */
  readonly kubeletIdentity?: KubeletIdentityPlan;
  /** Every pool after defaults, the system pool first. */
  readonly pools: readonly PoolPlan[];
  /** What the pools ask of the node subnet and the pod range. */
  readonly demand: NodeDemand;
  /** Internal load balancer frontends that take node-subnet addresses. */
  readonly internalLoadBalancerFrontends: number;
  /** The pod range. */
  readonly pod: PodRangePlan;
  /** The service range. */
  readonly service: PlannedCidr<Ipv4Cidr>;
  /** The kube-dns ClusterIP. */
  readonly dnsServiceIp: PlannedAddress;
  /** Peered, VPN or on-premises ranges nothing may overlap. */
  readonly connectedNetworks?: RangeList<Ipv4Cidr>;
  /** The egress type. */
  readonly outboundType: string;
  /** The load balancer SKU. */
  readonly loadBalancerSku: string;
  /** The network plugin (`none`; anything else is refused by BYO-01). */
  readonly networkPlugin: string;
  /** The node network, when the cluster joins a subnet you provide. */
  readonly subnet?: NetworkPlan;
  /** How the API server is reached. */
  readonly apiServer: {
    /** A private API server. */
    readonly private: boolean;
    /** CIDRs allowed to reach the public API server; `sent` has a bare address as its /32. */
    readonly authorizedIpRanges?: RangeList<Ipv4Cidr>;
    /** API Server VNet Integration. */
    readonly vnetIntegration: boolean;
    /** The API server subnet of VNet integration, when the network declares one. */
    readonly subnet?: ExtraSubnetPlan;
    /** `System`, `None` or a private DNS zone's ARM ID, as written; undefined leaves AKS's `System`. */
    readonly privateDnsZone?: string;
  };
  /** The subnets node pools join, each with its pools; empty with the VNet AKS creates. */
  readonly nodeSubnets: readonly NodeSubnetUse[];
  /** The load balancer's outbound rule, when `network.loadBalancer` is set. */
  readonly loadBalancer?: LoadBalancerPlan;
  /** The secure defaults after defaults. */
  readonly security: Required<Omit<SecuritySettings, "adminGroupObjectIds" | "tenantId" | "diskEncryptionSetId" | "defender">> &
    Pick<SecuritySettings, "adminGroupObjectIds" | "tenantId" | "diskEncryptionSetId"> & {
      /** Microsoft Defender for Containers. */
      readonly defender: DefenderPlan;
    };
  /** Automatic upgrades. */
  readonly upgrade: {
    /** The cluster's auto-upgrade channel. */
    readonly channel: "patch" | "stable" | "rapid" | "node-image" | "none";
    /** The node OS upgrade channel. */
    readonly nodeOsChannel: "NodeImage" | "SecurityPatch" | "Unmanaged" | "None";
  };
  /** Container Insights. */
  readonly monitoring: {
    /** Monitoring on. */
    readonly enabled: boolean;
    /** A workspace of yours; undefined when one is created. */
    readonly workspaceId?: string;
    /** Name of the workspace created for the cluster. */
    readonly createdWorkspaceName?: string;
    /** Retention of a created workspace, in days. */
    readonly retentionInDays: number;
    /** The control plane's logs (a diagnostic setting on the cluster). */
    readonly controlPlaneLogs: ControlPlaneLogsPlan;
  };
  /** Maintenance windows. */
  readonly maintenance: MaintenancePlan;
  /** The cluster autoscaler's settings, every one after AKS's defaults; undefined when not declared (AKS's, or Azure's current values). */
  readonly autoScalerProfile?: Required<AutoScalerProfileSettings>;
  /**
   * How Terraform treats `kubernetes_version` after creation: `managed`, the
   * config's version is the cluster's (a minor bump upgrades it; with a
   * MAJOR.MINOR version the `patch` channel's patches do not change it);
   * `ignored`, AKS moves the minor version itself (`stable`, `rapid`).
   */
  readonly versionDrift: "managed" | "ignored";
  /** The CNI after defaults. */
  readonly cni: CniPlan;
}

/** Auto-upgrade channels that move the cluster to a newer minor version (azurerm then stores a version the config does not have). */
const VERSION_MOVING_CHANNELS: ReadonlySet<string> = new Set(["stable", "rapid"]);

/** Reads a dotted key of nested Helm values. */
export function helmValue(values: Readonly<Record<string, unknown>>, dotted: string): unknown {
  let cur: unknown = values;
  for (const key of dotted.split(".")) {
    if (!cur || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Helm key of Cilium's per-node block size. */
export const CILIUM_MASK_KEY = "ipam.operator.clusterPoolIPv4MaskSize";

/** The per-node block size given in the Helm values; a size that is no prefix length at all is CNI-04's finding alone. */
function explicitMask(values: Readonly<Record<string, unknown>>): number | undefined {
  const v = helmValue(values, CILIUM_MASK_KEY);
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 32 ? v : undefined;
}

function perNodeBlock(cni: CniSettings | undefined, pod: PodRangePlan, demand: NodeDemand): PerNodeBlock {
  const cilium = cni?.plugin === "cilium";
  if (cilium) {
    const explicit = explicitMask(cni.values ?? {});
    if (explicit !== undefined) return { mask: explicit, source: `cni.values ${CILIUM_MASK_KEY}` };
    if (pod.cidr && demand.peakNodes !== undefined && demand.largestMaxPods !== undefined) {
      const chosen = chooseMaskSize(pod.cidr, demand.peakNodes, demand.largestMaxPods);
      if (chosen !== undefined) return { mask: chosen, source: "the mask chosen for Cilium" };
      return { mask: CILIUM_DEFAULT_MASK, source: "Cilium's default", noneFits: true };
    }
  }
  return { mask: CILIUM_DEFAULT_MASK, source: cilium ? "Cilium's default" : "assuming a /24 per node, Cilium's default" };
}

function identityOf(input: ClusterInput): IdentityPlan {
  const c = input.cluster;
  if (input.subnet) {
    const conflict = input.identity !== undefined && input.identity !== input.subnet.identity.type ? input.identity : undefined;
    return { type: input.subnet.identity.type, source: "subnet", conflict };
  }
  // A kubelet identity of your own needs a user-assigned control-plane identity (azurerm RequiredWith identity_ids).
  const type = input.identity ?? (c.kubeletIdentity !== undefined ? IDENTITY_WITH_OWN_SUBNET : IDENTITY_WITHOUT_SUBNET);
  return { type, source: "cluster", createdName: type === IDENTITY_WITH_OWN_SUBNET ? controlPlaneIdentityName(c.name) : undefined };
}

/** Defender's workspace: the one named, else the cluster's (given, or created for it). */
function resolveDefender(s: SecuritySettings, monitoring: ClusterPlan["monitoring"]): DefenderPlan {
  const d = s.defender;
  if (d === undefined) return { declared: false };
  const workspace: WorkspaceRef | undefined =
    d.logAnalyticsWorkspaceId !== undefined
      ? { id: d.logAnalyticsWorkspaceId }
      : monitoring.enabled && monitoring.workspaceId !== undefined
        ? { id: monitoring.workspaceId }
        : monitoring.createdWorkspaceName !== undefined
          ? { createdForCluster: true }
          : undefined;
  return { declared: true, enabled: d.enabled, workspace: d.enabled ? workspace : undefined };
}

function resolveSecurity(s: SecuritySettings = {}, monitoring: ClusterPlan["monitoring"]): ClusterPlan["security"] {
  const d = DEFAULTS.SecuritySettings;
  return {
    localAccountsDisabled: s.localAccountsDisabled ?? d.localAccountsDisabled,
    azureRbac: s.azureRbac ?? d.azureRbac,
    azurePolicy: s.azurePolicy ?? d.azurePolicy,
    workloadIdentity: s.workloadIdentity ?? d.workloadIdentity,
    keyVaultSecretsProvider: s.keyVaultSecretsProvider ?? d.keyVaultSecretsProvider,
    imageCleaner: s.imageCleaner ?? d.imageCleaner,
    imageCleanerIntervalHours: s.imageCleanerIntervalHours ?? d.imageCleanerIntervalHours,
    runCommand: s.runCommand ?? d.runCommand,
    defender: resolveDefender(s, monitoring),
    adminGroupObjectIds: s.adminGroupObjectIds,
    tenantId: s.tenantId,
    diskEncryptionSetId: s.diskEncryptionSetId,
  };
}

function resolveMonitoring(c: ClusterOptions): ClusterPlan["monitoring"] {
  const m = c.monitoring ?? {};
  const d = DEFAULTS.MonitoringSettings;
  const enabled = m.enabled ?? d.enabled;
  const createdWorkspaceName = enabled && m.logAnalyticsWorkspaceId === undefined ? workspaceName(String(c.name)) : undefined;
  return {
    enabled,
    workspaceId: m.logAnalyticsWorkspaceId,
    createdWorkspaceName,
    retentionInDays: m.retentionInDays ?? d.retentionInDays,
    controlPlaneLogs: resolveControlPlaneLogs(m, enabled, createdWorkspaceName !== undefined),
  };
}

/** The control plane's logs: to the given workspace, else the cluster's (created or given), and to a storage account if given. */
function resolveControlPlaneLogs(m: NonNullable<ClusterOptions["monitoring"]>, monitoring: boolean, workspaceCreated: boolean): ControlPlaneLogsPlan {
  const l = m.controlPlaneLogs ?? {};
  const d = DEFAULTS.ControlPlaneLogSettings;
  const enabled = l.enabled ?? d.enabled;
  const workspace: WorkspaceRef | undefined =
    l.logAnalyticsWorkspaceId !== undefined
      ? { id: l.logAnalyticsWorkspaceId }
      : monitoring && m.logAnalyticsWorkspaceId !== undefined
        ? { id: m.logAnalyticsWorkspaceId }
        : workspaceCreated
          ? { createdForCluster: true }
          : undefined;
  const destination = workspace !== undefined || l.storageAccountId !== undefined;
  return {
    enabled,
    declared: m.controlPlaneLogs !== undefined,
    categories: l.categories ?? d.categories,
    workspace,
    storageAccountId: l.storageAccountId,
    settingName: enabled && destination ? CONTROL_PLANE_LOGS_SETTING : undefined,
  };
}

function resolveCni(cni: CniSettings | undefined, pod: PodRangePlan, demand: NodeDemand): CniPlan {
  const d = DEFAULTS.CniSettings;
  return {
    plugin: cni?.plugin ?? d.plugin,
    version: cni?.version,
    kubeProxyReplacement: cni?.kubeProxyReplacement ?? d.kubeProxyReplacement,
    kubeloginMode: cni?.kubeloginMode ?? d.kubeloginMode,
    values: cni?.values ?? {},
    perNodeBlock: perNodeBlock(cni, pod, demand),
  };
}

/** The kubelet identity: an existing one when `id` is given, else one created under the given or derived name. */
function resolveKubeletIdentity(c: ClusterOptions): KubeletIdentityPlan | undefined {
  const k = c.kubeletIdentity;
  if (k === undefined) return undefined;
  const grantOperatorRole = k.grantOperatorRole ?? DEFAULTS.KubeletIdentitySettings.grantOperatorRole;
  if (k.id !== undefined) return { settings: k, existing: { id: k.id, clientId: String(k.clientId ?? ""), objectId: String(k.objectId ?? "") }, grantOperatorRole };
  return { settings: k, createdName: k.name ?? kubeletIdentityName(String(c.name)), grantOperatorRole };
}

/** The autoscaler profile with every setting after AKS's defaults; the delay after a deletion is the scan interval unless given. */
function resolveAutoScalerProfile(p: AutoScalerProfileSettings | undefined): Required<AutoScalerProfileSettings> | undefined {
  if (p === undefined) return undefined;
  const d = DEFAULTS.AutoScalerProfileSettings;
  const scanInterval = p.scanInterval ?? d.scanInterval;
  return { ...d, ...definedOnly(p), scanInterval, scaleDownDelayAfterDelete: p.scaleDownDelayAfterDelete ?? scanInterval };
}

/** `o` without its undefined fields (so that spreading it keeps the defaults). */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The maintenance windows after defaults. */
function resolveMaintenance(c: ClusterOptions): MaintenancePlan {
  const m = c.maintenance ?? {};
  const d = DEFAULTS.MaintenanceWindowSettings;
  const windowOf = (w: MaintenanceWindowSettings | undefined, path: string): MaintenanceWindowPlan | undefined =>
    w && { path, settings: w, interval: w.interval ?? d.interval, utcOffset: w.utcOffset ?? d.utcOffset };
  return { autoUpgrade: windowOf(m.autoUpgrade, "cluster.maintenance.autoUpgrade"), nodeOs: windowOf(m.nodeOs, "cluster.maintenance.nodeOs"), aksReleases: m.aksReleases };
}

/** The node resource group: given, or the one AKS derives (`MC_<rg>_<cluster>_<location>`). */
function nodeResourceGroupOf(input: ClusterInput): ClusterPlan["nodeResourceGroup"] {
  const given = input.cluster.nodeResourceGroup;
  if (given !== undefined) return { name: given, derived: false };
  return { name: defaultNodeResourceGroup(input.resourceGroupName, input.cluster.name, normalizeLocation(String(input.location))), derived: true };
}

/** The address plan's values and egress, after the API defaults, each range read once. */
function resolveAddresses(n: ClusterNetworkSettings, read: AddressReader) {
  const d = DEFAULTS.NetworkSettings;
  return {
    pod: read.ipv4Range("network.podCidr", n.podCidr ?? d.podCidr, n.podCidr === undefined),
    // AKS takes both or neither; a half-set pair (SVC-08) still gets the default for the other half.
    service: read.ipv4Range("network.serviceCidr", n.serviceCidr ?? d.serviceCidr, n.serviceCidr === undefined),
    dnsServiceIp: read.ipv4Address("network.dnsServiceIp", n.dnsServiceIp ?? d.dnsServiceIp, n.dnsServiceIp === undefined),
    connectedNetworks: n.connectedNetworks && read.ipv4RangeList("network.connectedNetworks", n.connectedNetworks),
    internalLoadBalancerFrontends: n.internalLoadBalancerFrontends ?? d.internalLoadBalancerFrontends,
    outboundType: n.outboundType ?? d.outboundType,
    loadBalancerSku: n.loadBalancerSku ?? d.loadBalancerSku,
    networkPlugin: n.networkPlugin ?? d.networkPlugin,
  };
}

/** Addresses a subnet must hold at peak; undefined while a count is a reference. */
function peakAddressesOf(demand: NodeDemand, ilb: number, ilbKnown: boolean): number | undefined {
  return demand.peakNodes === undefined || !ilbKnown ? undefined : subnetDemand(demand.peakNodes, ilb);
}

/**
 * The subnets pools join: the node subnet with the pools that name no subnet
 * (or its name), then each pool subnet with its pools. A pool naming a subnet
 * the network does not declare is on none (NET-17 reports it). `ilbKnown`:
 * the frontend count is a literal, not a reference.
 */
function nodeSubnetsOf(subnet: NetworkPlan | undefined, pools: readonly PoolPlan[], ilb: number, ilbKnown: boolean): NodeSubnetUse[] {
  if (!subnet) return [];
  const onNode = pools.filter((p) => p.subnetName === undefined || p.subnetName === subnet.nodeSubnetName);
  const onNodeDemand = nodeDemand(onNode);
  const node: NodeSubnetUse = {
    name: subnet.nodeSubnetName,
    kind: "node",
    path: subnet.idPath,
    prefixes: subnet.subnetPrefixes,
    pools: onNode,
    demand: onNodeDemand,
    internalLoadBalancerFrontends: ilb,
    peakAddresses: peakAddressesOf(onNodeDemand, ilb, ilbKnown),
  };
  const others = subnet.poolSubnets
    .filter((ps, i) => subnet.poolSubnets.findIndex((o) => o.name === ps.name) === i && ps.name !== subnet.nodeSubnetName)
    .map((ps): NodeSubnetUse => {
      const on = pools.filter((p) => p.subnetName === ps.name);
      const demand = nodeDemand(on);
      return { name: ps.name, kind: "pool", path: ps.path, prefixes: ps.prefixes, subnet: ps, pools: on, demand, internalLoadBalancerFrontends: 0, peakAddresses: peakAddressesOf(demand, 0, true) };
    });
  return [node, ...others];
}

/** How the API server is reached, after defaults. */
function resolveApiServer(apiServer: ApiServerSettings, subnet: NetworkPlan | undefined, read: AddressReader): ClusterPlan["apiServer"] {
  return {
    private: apiServer.private ?? DEFAULTS.ApiServerSettings.private,
    // A bare address is sent as its /32: AKS stores CIDRs, and the bare text would show as a change on every plan.
    authorizedIpRanges: apiServer.authorizedIpRanges && read.ipv4RangeOrAddressList("cluster.apiServer.authorizedIpRanges", apiServer.authorizedIpRanges),
    // A declared API server subnet is for VNet integration; AKS creates one itself in the VNet it manages.
    vnetIntegration: apiServer.vnetIntegration ?? subnet?.apiServerSubnet !== undefined,
    subnet: subnet?.apiServerSubnet,
    privateDnsZone: apiServer.privateDnsZone,
  };
}

/** The load balancer's outbound rule after defaults. */
function resolveLoadBalancer(n: ClusterNetworkSettings): LoadBalancerPlan | undefined {
  const lb = n.loadBalancer;
  if (!lb) return undefined;
  const d = DEFAULTS.LoadBalancerSettings;
  const ids = lb.outboundIpIds;
  const addresses = lb.outboundIpPrefixIds !== undefined ? undefined : (lb.managedOutboundIpCount ?? (ids !== undefined ? ids.length : AKS_MANAGED_OUTBOUND_IPS));
  return {
    settings: lb,
    managedOutboundIpCount: lb.managedOutboundIpCount,
    outboundIpIds: ids,
    outboundIpPrefixIds: lb.outboundIpPrefixIds,
    idleTimeoutInMinutes: lb.idleTimeoutInMinutes ?? d.idleTimeoutInMinutes,
    allocatedOutboundPorts: lb.allocatedOutboundPorts ?? d.allocatedOutboundPorts,
    outboundIpAddresses: addresses,
  };
}

/**
 * Resolves a cluster: every default applied, every derived value computed.
 * `isUnknown` tells Terraform references (cdktf tokens) from literals; the
 * plan records the answer for every value whose arithmetic depends on it.
 */
export function resolveCluster(input: ClusterInput, isUnknown: (value: unknown) => boolean): ClusterPlan {
  const c = input.cluster;
  const n = input.network ?? {};
  const read = addressReader(isUnknown);
  const pools = resolvePools(c, isUnknown);
  const demand = nodeDemand(pools);
  const resolved = resolveAddresses(n, read);
  // Pods on pod subnets take VNet addresses: an unwritten pod range is then not the API default but unused.
  const podSubnets = n.podCidr === undefined && pools.some((p) => p.settings.podSubnetId !== undefined);
  const addresses = podSubnets ? { ...resolved, pod: { ...resolved.pod, notSent: "pods take addresses from the node pools' pod subnets" } } : resolved;
  const apiServer: ApiServerSettings = c.apiServer ?? {};
  const monitoring = resolveMonitoring(c);
  const ilb = addresses.internalLoadBalancerFrontends;
  return {
    location: input.location,
    resourceGroupName: input.resourceGroupName,
    settings: c,
    networkSettings: n,
    name: c.name,
    dnsPrefix: c.dnsPrefix ?? deriveDnsPrefix(String(c.name)),
    nodeResourceGroup: nodeResourceGroupOf(input),
    skuTier: c.skuTier ?? DEFAULTS.ClusterSettings.skuTier,
    identity: identityOf(input),
    kubeletIdentity: resolveKubeletIdentity(c),
    pools,
    demand,
    ...addresses,
    subnet: input.subnet,
    apiServer: resolveApiServer(apiServer, input.subnet, read),
    nodeSubnets: nodeSubnetsOf(input.subnet, pools, ilb, !isUnknown(ilb)),
    loadBalancer: resolveLoadBalancer(n),
    security: resolveSecurity(c.security, monitoring),
    upgrade: { channel: c.upgrade?.channel ?? DEFAULTS.UpgradeSettings.channel, nodeOsChannel: c.upgrade?.nodeOsChannel ?? DEFAULTS.UpgradeSettings.nodeOsChannel },
    monitoring,
    maintenance: resolveMaintenance(c),
    autoScalerProfile: resolveAutoScalerProfile(c.autoScalerProfile),
    versionDrift: VERSION_MOVING_CHANNELS.has(c.upgrade?.channel ?? DEFAULTS.UpgradeSettings.channel) ? "ignored" : "managed",
    cni: resolveCni(input.cni, addresses.pod, demand),
  };
}
