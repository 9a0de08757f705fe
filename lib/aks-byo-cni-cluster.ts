import { KubernetesCluster, KubernetesClusterNodePool, LogAnalyticsWorkspace, UserAssignedIdentity, type KubernetesClusterConfig } from "./bindings/azurerm";
import { Construct, Fn, Op, TerraformOutput, type ITerraformDependable } from "./bindings/cdktf";
import type { AksNodeSubnet } from "./aks-network";
import type { AcceptedRisk, ClusterIdentityType, ClusterSettings, CniSettings, NetworkSettings, NodePoolSettings } from "./config/types";
import { literalOf } from "./known-values";
import { systemPoolOf } from "./plan/defaults";
import { DEFAULT_POD_CIDR } from "./rules/address-plan";
import { block } from "./rules/byocni";
import { checkCluster } from "./rules/checks";
import type { Skipped } from "./rules/engine";
import { deriveDnsPrefix } from "./rules/names";
import { DEFAULT_MAX_PODS, DEFAULT_MAX_SURGE, planOsDisk, totalNodesWithSurge } from "./rules/nodepools";
import { synthesizedAttributes, isUnknownValue } from "./synthesized";
import { AcceptedRisks, addRuleValidation } from "./validation";
import { suppressPolicy } from "./policy/suppressions";

/** Props of {@link AksByoCniCluster}. */
export interface AksByoCniClusterProps {
  /** Azure region (config: `location`). */
  readonly location: string;
  /** Resource group of the cluster (config: `resourceGroup.name`); a reference orders the group first. */
  readonly resourceGroupName: string;
  /** The cluster (config: `cluster`). */
  readonly cluster: ClusterSettings;
  /**
   * Address plan and egress (config: `network`). Only the cluster-level
   * fields are read here; the VNet comes in through `nodeSubnet`.
   * @default pod CIDR 10.244.0.0/16, service CIDR 10.0.0.0/16, DNS 10.0.0.10, loadBalancer egress
   */
  readonly network?: NetworkSettings;
  /**
   * The node subnet, usually `AksNetwork.nodeSubnet`.
   * @default the VNet AKS creates itself
   */
  readonly nodeSubnet?: AksNodeSubnet;
  /**
   * The CNI that will be installed, so the pod range is checked against its per-node blocks (POD-05).
   * @default assume Cilium's default /24 per node
   */
  readonly cni?: CniSettings;
  /** @default none */
  readonly tags?: Record<string, string>;
  /** Rules accepted knowingly for this construct and everything below it. @default none */
  readonly acceptedRisks?: AcceptedRisk[];
  /**
   * Prefix of the output names (`<prefix>pod_cidr`, ...).
   * @default the construct id in snake case and "_"
   */
  readonly outputPrefix?: string;
}

/**
 * An AKS cluster with `network_plugin = "none"`: AKS installs no CNI, nodes
 * stay NotReady until you install one. Nothing AKS-managed is set in the
 * network profile besides the pod and service ranges. Secure by default:
 * Entra ID with Azure RBAC, no local accounts, Azure Policy, OIDC issuer and
 * workload identity, Standard tier, auto-upgrades, ephemeral OS disks where
 * the VM size allows, monitoring.
 */
export class AksByoCniCluster extends Construct {
  /** The `azurerm_kubernetes_cluster` resource (escape hatch for overrides). */
  public readonly kubernetesCluster: KubernetesCluster;
  /** One `azurerm_kubernetes_cluster_node_pool` per entry of `cluster.userNodePools`, in order. */
  public readonly userNodePools: KubernetesClusterNodePool[];
  /** The workspace created for monitoring, if any. */
  public readonly logAnalyticsWorkspace?: LogAnalyticsWorkspace;
  /** The user-assigned control-plane identity created here (no subnet given). */
  public readonly identity?: UserAssignedIdentity;
  /** The control-plane identity type after defaults. */
  public readonly identityType: ClusterIdentityType;
  /** The pod CIDR, after the default: the CNI's IPAM pool must equal it. */
  public readonly podCidr: string;
  /** Principal ID of the control-plane identity. */
  public readonly controlPlanePrincipalId: string;
  /** The cluster settings it was built from, for constructs that size or reach it (the CNI stack). */
  public readonly settings: ClusterSettings;
  /** The CNI it was checked against (POD-05), if any. */
  public readonly cni?: CniSettings;

  constructor(scope: Construct, id: string, props: AksByoCniClusterProps) {
    super(scope, id);
    AcceptedRisks.add(this, props.acceptedRisks ?? []);
    const c = props.cluster;
    this.settings = c;
    this.cni = props.cni;
    const n = props.network ?? {};
    const subnet = props.nodeSubnet;
    const security = c.security ?? {};
    const upgrade = { channel: c.upgrade?.channel ?? "patch", nodeOsChannel: c.upgrade?.nodeOsChannel ?? "NodeImage" };
    this.identityType = c.identity ?? (subnet ? "UserAssigned" : "SystemAssigned");
    this.podCidr = n.podCidr ?? DEFAULT_POD_CIDR;
    const common = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };

    let identityIds: string[] | undefined;
    if (this.identityType === "UserAssigned") {
      if (subnet?.controlPlaneIdentity) {
        identityIds = [subnet.controlPlaneIdentity.id];
      } else {
        this.identity = new UserAssignedIdentity(this, "control-plane", { ...common, name: `id-${c.name}-control-plane` });
        identityIds = [this.identity.id];
      }
    }

    const monitoring = c.monitoring ?? {};
    let workspaceId = monitoring.logAnalyticsWorkspaceId;
    if (monitoring.enabled !== false && workspaceId === undefined) {
      this.logAnalyticsWorkspace = new LogAnalyticsWorkspace(this, "logs", {
        ...common,
        name: `log-${c.name}`,
        sku: "PerGB2018",
        retentionInDays: monitoring.retentionInDays ?? 30,
      });
      workspaceId = this.logAnalyticsWorkspace.id;
    }

    const hasUserPools = (c.userNodePools ?? []).length > 0;
    const systemPool = systemPoolOf(c);
    const systemDisk = planOsDisk(systemPool);
    const ignoreChanges = ["network_profile[0].pod_cidr"]; // hashicorp/terraform-provider-azurerm#30985
    if (upgrade.channel !== "none") ignoreChanges.push("kubernetes_version", "default_node_pool[0].orchestrator_version");
    if (systemPool.autoScaling) ignoreChanges.push("default_node_pool[0].node_count");

    const dnsPrefix = c.dnsPrefix ?? deriveDnsPrefix(c.name);
    const config: KubernetesClusterConfig = {
      ...common,
      name: c.name,
      dnsPrefix,
      kubernetesVersion: c.kubernetesVersion,
      skuTier: c.skuTier ?? "Standard",
      nodeResourceGroup: c.nodeResourceGroup,
      roleBasedAccessControlEnabled: true,
      localAccountDisabled: security.localAccountsDisabled ?? true,
      azureActiveDirectoryRoleBasedAccessControl:
        security.azureRbac === false
          ? undefined
          : { azureRbacEnabled: true, tenantId: security.tenantId, adminGroupObjectIds: security.adminGroupObjectIds },
      // AKS 1.34+ turns the issuer on and it cannot be turned off; provider 4.55 predates that fix.
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: security.workloadIdentity ?? true,
      azurePolicyEnabled: security.azurePolicy ?? true,
      diskEncryptionSetId: security.diskEncryptionSetId,
      keyVaultSecretsProvider: security.keyVaultSecretsProvider ? { secretRotationEnabled: true } : undefined,
      automaticUpgradeChannel: upgrade.channel === "none" ? undefined : upgrade.channel,
      nodeOsUpgradeChannel: upgrade.nodeOsChannel,
      privateClusterEnabled: c.apiServer?.private ? true : undefined,
      apiServerAccessProfile: c.apiServer?.authorizedIpRanges?.length
        ? { authorizedIpRanges: c.apiServer.authorizedIpRanges }
        : undefined,
      omsAgent: workspaceId === undefined ? undefined : { logAnalyticsWorkspaceId: workspaceId, msiAuthForMonitoringEnabled: true },
      identity: { type: this.identityType, identityIds },
      defaultNodePool: {
        ...nodePoolAttributes(systemPool, systemDisk),
        vnetSubnetId: subnet?.id,
        onlyCriticalAddonsEnabled: hasUserPools ? true : undefined,
        temporaryNameForRotation: systemPool.temporaryNameForRotation ?? `${systemPool.name.slice(0, 9)}tmp`,
      },
      networkProfile: {
        networkPlugin: n.networkPlugin ?? "none",
        podCidr: this.podCidr,
        serviceCidr: n.serviceCidr,
        dnsServiceIp: n.dnsServiceIp,
        outboundType: n.outboundType ?? "loadBalancer",
        loadBalancerSku: n.loadBalancerSku ?? "standard",
        // Carried through only so that the BYO rules can refuse them with their IDs.
        networkPolicy: n.networkPolicy,
        networkPluginMode: n.networkPluginMode,
        networkDataPlane: n.networkDataPlane,
        networkMode: n.networkMode,
        advancedNetworking: n.advancedNetworking,
      },
      lifecycle: { ignoreChanges, preventDestroy: c.preventDestroy ? true : undefined },
      dependsOn: subnet?.dependables.length ? (subnet.dependables as ITerraformDependable[]) : undefined,
    };
    this.kubernetesCluster = new KubernetesCluster(this, "cluster", config);
    if (n.dockerBridgeCidr !== undefined) this.kubernetesCluster.addOverride("network_profile.docker_bridge_cidr", n.dockerBridgeCidr);

    this.controlPlanePrincipalId =
      this.identityType === "UserAssigned"
        ? (subnet?.controlPlaneIdentity?.principalId ?? this.identity!.principalId)
        : this.kubernetesCluster.identity.principalId;
    if (subnet && !subnet.controlPlaneIdentity) subnet.grantTo(this.controlPlanePrincipalId);

    this.userNodePools = (c.userNodePools ?? []).map((pool) => {
      const disk = planOsDisk(pool);
      return new KubernetesClusterNodePool(this, `pool-${pool.name}`, {
        ...nodePoolAttributes(pool, disk),
        kubernetesClusterId: this.kubernetesCluster.id,
        mode: "User",
        vnetSubnetId: subnet?.id,
        tags: props.tags,
        lifecycle: {
          ignoreChanges: [
            ...(pool.autoScaling ? ["node_count"] : []),
            ...(upgrade.channel !== "none" ? ["orchestrator_version"] : []),
          ],
        },
      });
    });

    if (systemDisk.managedBecause) {
      suppressPolicy(this.kubernetesCluster, "CKV_AZURE_226", `The system pool uses a managed OS disk because ${systemDisk.managedBecause}.`);
    }

    // Rules that Terraform can check when a range is a reference, not a literal.
    const covered = new Set<string>();
    this.addRangePreconditions(n, covered);
    const peak = totalNodesWithSurge(c) + (n.internalLoadBalancerFrontends ?? 0);
    if (subnet && !subnet.facts.addressPrefixes && subnet.requireCapacity(peak)) covered.add(`${subnet.facts.idPath}|NET-07`);

    addRuleValidation(
      this,
      (ctx) => {
        const clusterJson = synthesizedAttributes(this.kubernetesCluster);
        checkCluster(ctx, {
          location: props.location,
          resourceGroupName: literalOf(props.resourceGroupName),
          cluster: c,
          network: n,
          identity: this.identityType,
          subnet: subnet?.facts,
          cni: props.cni,
          clusterJson,
          networkProfileJson: block(clusterJson.network_profile),
          defaultNodePoolJson: block(clusterJson.default_node_pool),
          userNodePoolsJson: this.userNodePools.map((p) => synthesizedAttributes(p)),
        });
      },
      { coveredByTerraform: (s: Skipped) => covered.has(`${s.path}|${s.rule}`) },
    );

    this.addOutputs(props.outputPrefix ?? `${id.replace(/[^A-Za-z0-9]+/g, "_").toLowerCase()}_`);
  }

  /**
   * Preconditions for pod and service ranges given as references (a variable,
   * another resource): Terraform then refuses at plan time what synth could
   * not see. Built with Fn/Op so that references and literals mix correctly.
   */
  private addRangePreconditions(n: NetworkSettings, covered: Set<string>): void {
    const conditions: { condition: unknown; errorMessage: string }[] = [];
    const canonical = (path: string, value: string) => {
      conditions.push({
        condition: Op.and(Fn.can(Fn.cidrnetmask(value)), Op.eq(Fn.cidrsubnet(value, 0, 0), value)),
        errorMessage: `${path} must be a canonical IPv4 CIDR (network address, explicit prefix) [FMT-01, FMT-02, FMT-03]`,
      });
      for (const rule of ["FMT-01", "FMT-02", "FMT-03", "FMT-04", "FMT-05"]) covered.add(`${path}|${rule}`);
    };
    if (isUnknownValue(this.podCidr)) canonical("network.podCidr", this.podCidr);
    const svc = n.serviceCidr;
    const dns = n.dnsServiceIp;
    if (svc !== undefined && isUnknownValue(svc)) canonical("network.serviceCidr", svc);
    if (svc !== undefined && dns !== undefined && (isUnknownValue(svc) || isUnknownValue(dns))) {
      const prefix = Fn.element(Fn.split("/", svc), 1);
      conditions.push(
        {
          condition: Op.eq(Fn.cidrhost(Fn.format("%s/%s", [dns, prefix]), 0), Fn.cidrhost(svc, 0)),
          errorMessage: "network.dnsServiceIp must be inside network.serviceCidr [DNS-01]",
        },
        {
          condition: Op.not(Fn.contains([Fn.cidrhost(svc, 0), Fn.cidrhost(svc, 1), Fn.cidrhost(svc, -1)], dns)),
          errorMessage: "network.dnsServiceIp must not be the network, first (kubernetes service) or broadcast address of network.serviceCidr [DNS-02, DNS-03, DNS-04]",
        },
      );
      for (const path of ["network.dnsServiceIp", "network.serviceCidr"]) {
        for (const rule of ["DNS-01", "DNS-02", "DNS-03", "DNS-04"]) covered.add(`${path}|${rule}`);
      }
      if (isUnknownValue(dns)) covered.add("network.dnsServiceIp|FMT-06");
    }
    if (conditions.length > 0) {
      const k = this.kubernetesCluster;
      k.lifecycle = { ...k.lifecycle, precondition: conditions };
    }
  }

  private addOutputs(prefix: string): void {
    const k = this.kubernetesCluster;
    const out = (name: string, value: string, description: string, sensitive = false) =>
      new TerraformOutput(this, `${prefix}${name}`, { value, description, sensitive }).overrideLogicalId(`${prefix}${name}`);
    out("id", k.id, "ARM ID of the AKS cluster");
    out("name", k.name, "Name of the AKS cluster");
    out("node_resource_group", k.nodeResourceGroup, "Resource group AKS manages for node resources");
    out("oidc_issuer_url", k.oidcIssuerUrl, "OIDC issuer URL, for workload identity federation");
    out("control_plane_principal_id", this.controlPlanePrincipalId, "Principal ID of the control-plane identity");
    out("kubelet_identity_object_id", k.kubeletIdentity.objectId, "Object ID of the kubelet identity, for image pull grants");
    out("pod_cidr", this.podCidr, "Pod CIDR: the CNI's IPAM pool must be exactly this range");
    out("kube_config_raw", k.kubeConfigRaw, "Kubeconfig of the cluster (with local accounts disabled it needs kubelogin, but treat it as a secret)", true);
  }
}

/** The attributes shared by the default pool and user pools. */
function nodePoolAttributes(pool: NodePoolSettings, disk: ReturnType<typeof planOsDisk>) {
  return {
    name: pool.name,
    vmSize: pool.vmSize,
    nodeCount: pool.nodeCount,
    maxPods: pool.maxPods ?? DEFAULT_MAX_PODS,
    autoScalingEnabled: pool.autoScaling ? true : undefined,
    minCount: pool.autoScaling?.minCount,
    maxCount: pool.autoScaling?.maxCount,
    osDiskType: disk.type,
    osDiskSizeGb: disk.sizeGb,
    hostEncryptionEnabled: pool.hostEncryption ? true : undefined,
    zones: pool.zones,
    podSubnetId: pool.podSubnetId,
    upgradeSettings: { maxSurge: pool.maxSurge ?? DEFAULT_MAX_SURGE },
  };
}
