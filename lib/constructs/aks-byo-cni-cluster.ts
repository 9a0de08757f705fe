import {
  DataAzurermClientConfig,
  KubernetesCluster,
  KubernetesClusterNodePool,
  LogAnalyticsWorkspace,
  MonitorDiagnosticSetting,
  RoleAssignment,
  UserAssignedIdentity,
  type KubernetesClusterConfig,
} from "../bindings/azurerm";
import * as path from "path";
import {
  addCustomSynthesis,
  Construct,
  Fn,
  makeUniqueId,
  Op,
  TerraformOutput,
  type TerraformResource,
  TerraformStack,
  Token,
  type ISynthesisSession,
  type ITerraformDependable,
} from "../bindings/cdktf";
import { nodeSubnetLink, type AksNodeSubnet, type NodeSubnetLink } from "./aks-network";
import { AksResourceGroup } from "./aks-resource-group";
import type { AcceptedRisk, ClusterIdentityType, CniSettings } from "../config/types";
import { protectResource } from "./aks-protection";
import { ignoreChanges, ignoredTagChanges } from "./private/lifecycle";
import { MovedBlock, TerraformData } from "./private/terraform-builtins";
import { usableSubnetAddressesHcl } from "../plan/capacity";
import { nodePoolResource, outboundIpGrantResource } from "../plan/protection";
import { NETWORK_CONTRIBUTOR } from "../plan/network";
import { isCustomPrivateDnsZone } from "../rules/apiserver";
import { resolveCluster, type ClusterNetworkSettings, type ClusterOptions, type ClusterPlan, type MaintenanceWindowPlan } from "../plan/cluster";
import { poolTags, type PoolPlan } from "../plan/pools";
import { ADDRESS_PLAN_FILE, writeAddressPlan } from "../report/address-plan/files";
import { addressPlanView } from "../report/address-plan/from-plan";
import { block } from "../rules/facts";
import { checkCluster } from "../rules/checks";
import { checkIgnoredTags, checkPoolTagsNotIgnored } from "../rules/day2";
import { checkPoolTags, checkTags } from "../rules/tags";
import type { Skipped } from "../rules/engine";
import type { SynthesizedCluster } from "../rules/facts";
import { isUnknownValue, synthesizedAttributes } from "./private/synthesized";
import { AcceptedRisks } from "./accepted-risks";
import { addRuleValidation } from "./private/rule-validation";
import { freeChildId } from "./private/child-ids";
import { functionArgument, literalArgument } from "./private/function-arguments";
import { recordConfigPath } from "./private/config-paths";

/** Props of {@link AksByoCniCluster} shared by both ways of placing its nodes. */
export interface AksByoCniClusterBaseProps {
  /** Azure region (config: `location`). */
  readonly location: string;
  /**
   * Resource group of the cluster (config: `resourceGroup.name`). Pass
   * `AksResourceGroup.name`: the reference orders the group first, and the
   * rules still see the literal name.
   */
  readonly resourceGroupName: string;
  /** The cluster (config: `cluster`, without `identity`: see `identity` and `nodeSubnet`). */
  readonly cluster: ClusterOptions;
  /**
   * Address plan and egress (config: the cluster-level fields of `network`;
   * the node subnet comes in through `nodeSubnet`).
   * @default pod CIDR 10.244.0.0/16, service CIDR 10.0.0.0/16, DNS 10.0.0.10, loadBalancer egress
   */
  readonly network?: ClusterNetworkSettings;
  /**
   * The CNI that will be installed, so the pod range is checked against its per-node blocks (POD-05).
   * @default assume Cilium's default /24 per node
   */
  readonly cni?: CniSettings;
  /** Tags on the cluster, its pools, identity and workspace. @default none */
  readonly tags?: Record<string, string>;
  /** Tag keys set outside this code (e.g. by an Azure Policy) that deploys leave alone. @default none */
  readonly ignoredTags?: string[];
  /** Rules accepted knowingly for this construct and everything below it. @default none */
  readonly acceptedRisks?: AcceptedRisk[];
  /**
   * Prefix of the output names (`<prefix>pod_cidr`, ...).
   * @default the construct id in snake case and "_"
   */
  readonly outputPrefix?: string;
}

/** A cluster whose nodes join a subnet of yours: the identity is the one the subnet was granted to. */
export interface AksByoCniClusterInSubnetProps extends AksByoCniClusterBaseProps {
  /** The node subnet, from `AksNetwork.nodeSubnet` (or `AksNetwork.fromSubnet(...).nodeSubnet`). */
  readonly nodeSubnet: AksNodeSubnet;
  /** Decided by the node subnet (`AksNetworkProps.identity`); not set here. */
  readonly identity?: undefined;
}

/** A cluster in the VNet AKS creates itself. */
export interface AksByoCniClusterManagedVnetProps extends AksByoCniClusterBaseProps {
  /** No subnet of yours: AKS creates the VNet. */
  readonly nodeSubnet?: undefined;
  /**
   * Control-plane identity; `UserAssigned` creates one here.
   * @default "SystemAssigned" (as Microsoft's template)
   */
  readonly identity?: ClusterIdentityType;
}

/** Props of {@link AksByoCniCluster}: in a subnet of yours (identity from it), or in the VNet AKS creates. */
export type AksByoCniClusterProps = AksByoCniClusterInSubnetProps | AksByoCniClusterManagedVnetProps;

/**
 * An AKS cluster with `network_plugin = "none"`: AKS installs no CNI, nodes
 * stay NotReady until you install one. Nothing AKS-managed is set in the
 * network profile besides the pod and service ranges. Secure by default:
 * Entra ID with Azure RBAC, no local accounts, Azure Policy, OIDC issuer and
 * workload identity, auto-upgrades, ephemeral OS disks where the VM size
 * allows, monitoring. The cluster, its pools, identity and workspace are
 * protected (see {@link AksProtection}).
 */
export class AksByoCniCluster extends Construct {
  /** The cluster as resolved: every default applied, names derived (what the rules check). */
  public readonly plan: ClusterPlan;
  /** The `azurerm_kubernetes_cluster` resource (escape hatch for overrides). */
  public readonly kubernetesCluster: KubernetesCluster;
  /** One `azurerm_kubernetes_cluster_node_pool` per entry of `cluster.userNodePools`, in order. */
  public readonly userNodePools: KubernetesClusterNodePool[];
  /** The workspace created for monitoring, if any. */
  public readonly logAnalyticsWorkspace?: LogAnalyticsWorkspace;
  /** The diagnostic setting that sends the control plane's logs (`cluster.monitoring.controlPlaneLogs`), if any. */
  public readonly controlPlaneLogs?: MonitorDiagnosticSetting;
  /** The kubelet identity created here (`cluster.kubeletIdentity` without `id`). */
  public readonly kubeletIdentity?: UserAssignedIdentity;
  /** Managed Identity Operator on the kubelet identity for the control-plane identity, made before the cluster. */
  public readonly kubeletIdentityGrant?: RoleAssignment;
  /** The user-assigned control-plane identity created here (no subnet of yours, `identity: UserAssigned`). */
  public readonly identity?: UserAssignedIdentity;
  /** The pod CIDR, after the default: the CNI's IPAM pool must equal it. */
  public readonly podCidr: string;
  /**
   * Holds the pod CIDR for the cluster's `replace_triggered_by`: AKS does not
   * report a BYOCNI cluster's pod CIDR, so the cluster ignores the attribute
   * (hashicorp/terraform-provider-azurerm#30985), and a change of it
   * replaces the cluster through this resource instead of being ignored.
   */
  public readonly podCidrTrigger: TerraformResource;
  /** Principal ID of the control-plane identity. */
  public readonly controlPlanePrincipalId: string;
  /**
   * The control-plane identity's grants the cluster makes itself: Private DNS
   * Zone Contributor on a private DNS zone of your own and Network
   * Contributor on the VNet, Network Contributor on each outbound public IP
   * or prefix of your own, and Managed Identity Operator on a kubelet
   * identity of your own. Made before the cluster with a user-assigned
   * identity (the cluster depends on them), after it with a system-assigned one.
   */
  public readonly roleAssignments: RoleAssignment[] = [];
  private readonly subnetLink?: NodeSubnetLink;

  constructor(scope: Construct, id: string, props: AksByoCniClusterProps) {
    super(scope, id);
    AcceptedRisks.add(this, props.acceptedRisks ?? []);
    const link = props.nodeSubnet && nodeSubnetLink(props.nodeSubnet);
    this.subnetLink = link;
    const plan = resolveCluster(
      {
        location: props.location,
        resourceGroupName: AksResourceGroup.literalName(this, props.resourceGroupName),
        cluster: props.cluster,
        identity: props.identity,
        network: props.network,
        subnet: link?.plan,
        cni: props.cni,
      },
      isUnknownValue,
    );
    this.plan = plan;
    this.podCidr = plan.pod.text;
    this.podCidrTrigger = new TerraformData(this, "pod-cidr", { pod_cidr: plan.pod.text });
    const common = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    const ignoredTags = ignoredTagChanges(props.ignoredTags);
    this.identity = this.controlPlaneIdentity(plan, common, ignoredTags);
    this.logAnalyticsWorkspace = this.workspace(plan, common, ignoredTags);
    const kubelet = this.kubeletIdentityOf(plan, props, common, ignoredTags);
    this.kubeletIdentity = kubelet?.created;
    this.kubeletIdentityGrant = kubelet?.grant;
    const granted = this.clusterWithGrants(props, link, kubelet);
    this.kubernetesCluster = granted.cluster;
    this.controlPlanePrincipalId = granted.principalId;
    ignoreChanges(this.kubernetesCluster, [...ignoredTags, ...ignoredTags.map((t) => `default_node_pool[0].${t}`)]);
    protectResource(this.kubernetesCluster, "cluster", "cluster");
    this.userNodePools = plan.pools.slice(1).map((pool, i) => this.userPool(pool, i, props));
    this.controlPlaneLogs = this.controlPlaneLogSetting(plan);

    const covered = new Set<string>();
    this.addRangePreconditions(plan, covered);
    this.addSubnetPlanChecks(plan, link, covered);
    addRuleValidation(
      this,
      (ctx) => {
        checkCluster(ctx, { plan, synthesized: this.synthesized() });
        checkTags(ctx, props.tags);
        checkIgnoredTags(ctx, props.ignoredTags, props.tags);
        for (const pool of plan.pools) {
          checkPoolTags(ctx, props.tags, pool.settings.tags, `${pool.path}.tags`);
          checkPoolTagsNotIgnored(ctx, props.ignoredTags, pool.settings.tags, `${pool.path}.tags`);
        }
      },
      { coveredByTerraform: (s: Skipped) => covered.has(`${s.path}|${s.rule}`) },
    );
    this.addOutputs(props.outputPrefix ?? `${id.replace(/[^A-Za-z0-9]+/g, "_").toLowerCase()}_`);
    addCustomSynthesis(this, { onSynthesize: (session) => this.writeAddressPlan(session) });
  }

  /**
   * The cluster and the control-plane identity's grants: a user-assigned
   * identity exists before the cluster, so its grants are made first and the
   * cluster waits for them; a system-assigned one is granted after the cluster.
   */
  private clusterWithGrants(
    props: AksByoCniClusterProps,
    link: NodeSubnetLink | undefined,
    kubelet: KubeletIdentityResources | undefined,
  ): { cluster: KubernetesCluster; principalId: string } {
    const userAssigned = this.plan.identity.type === "UserAssigned" ? (props.nodeSubnet?.identity.principalId ?? this.identity?.principalId ?? "") : undefined;
    if (userAssigned !== undefined) this.grantControlPlane(userAssigned, link);
    const cluster = this.clusterResource(props, link, [...this.roleAssignments], kubelet?.block);
    if (userAssigned !== undefined) return { cluster, principalId: userAssigned };
    const principalId = cluster.identity.principalId;
    link?.grantAfterCluster(principalId);
    this.grantControlPlane(principalId, link);
    return { cluster, principalId };
  }

  /**
   * The grants the cluster makes to its control-plane identity: on a private
   * DNS zone of your own and the VNet (private-clusters), and on outbound
   * public IPs and prefixes of your own (configure-load-balancer-standard).
   */
  private grantControlPlane(principalId: string, link: NodeSubnetLink | undefined): void {
    const plan = this.plan;
    const zone = plan.apiServer.privateDnsZone;
    if (plan.apiServer.private && isCustomPrivateDnsZone(zone) && plan.identity.type === "UserAssigned") {
      this.grant(principalId, zone, PRIVATE_DNS_ZONE_CONTRIBUTOR, "private-dns-zone-role", "privateDnsZoneGrant", "cluster.apiServer.privateDnsZone");
      if (link) this.grant(principalId, link.vnetId, NETWORK_CONTRIBUTOR, "vnet-role", "vnetGrant", "cluster.apiServer.privateDnsZone");
    }
    const lb = plan.loadBalancer;
    if (!lb || plan.outboundType !== "loadBalancer") return;
    const own: [string, readonly string[] | undefined][] = [
      ["outboundIpIds", lb.outboundIpIds],
      ["outboundIpPrefixIds", lb.outboundIpPrefixIds],
    ];
    const taken = new Set<string>();
    for (const [key, ids] of own) {
      (ids ?? []).forEach((id, i) => {
        const literal = typeof id === "string" && !Token.isUnresolved(id);
        const name = literal ? id.split("/").pop()! : `${key}-${i}`;
        // The construct id keys the Terraform address: by the IP's name, so that reordering the list replaces nothing.
        const cid = taken.has(name) ? `${name}-${i}` : name;
        taken.add(name);
        this.grant(principalId, id, NETWORK_CONTRIBUTOR, freeChildId(this, `outbound-ip-role-${cid}`), outboundIpGrantResource(name), `network.loadBalancer.${key}[${i}]`);
      });
    }
  }

  /** One grant to the control-plane identity, with a name derived from scope, principal and role (stable across runs). */
  private grant(principalId: string, scope: string, role: string, id: string, protectedName: string, configPath: string): RoleAssignment {
    const assignment = new RoleAssignment(this, id, {
      // The scope as written, a reference's text too: hashing its value instead would rename, and so replace, grants made before.
      name: Fn.uuidv5("url", `aks-byocni|${literalArgument(scope)}|${principalId}|${role}`),
      scope,
      principalId,
      principalType: "ServicePrincipal",
      roleDefinitionName: role,
    });
    protectResource(assignment, protectedName, configPath);
    this.roleAssignments.push(assignment);
    return assignment;
  }

  /** The `azurerm_kubernetes_cluster`, rendered from the plan. */
  private clusterResource(
    props: AksByoCniClusterProps,
    link: NodeSubnetLink | undefined,
    grants: readonly ITerraformDependable[],
    kubeletIdentity: KubeletIdentityResources["block"] | undefined,
  ): KubernetesCluster {
    const plan = this.plan;
    const identityIds = plan.identity.type === "UserAssigned" ? [props.nodeSubnet?.identity.id ?? this.identity?.id ?? ""] : undefined;
    const dependsOn = [...(link?.dependables ?? []), ...grants];
    const system = plan.pools[0]!;
    const cluster = new KubernetesCluster(this, "cluster", {
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
      ...clusterAttributes(plan, link),
      azureActiveDirectoryRoleBasedAccessControl: this.entraIntegration(plan),
      omsAgent: this.monitoringAgent(plan),
      microsoftDefender: this.defender(plan),
      identity: { type: plan.identity.type, identityIds },
      kubeletIdentity,
      defaultNodePool: {
        ...poolAttributes(system, plan),
        vnetSubnetId: link ? (link.subnetIdOf(system.subnetName) ?? props.nodeSubnet?.id) : undefined,
        onlyCriticalAddonsEnabled: plan.pools.length > 1 ? true : undefined,
        tags: poolTags(props.tags, system.settings.tags),
      },
      networkProfile: networkProfile(plan),
      // A plain address: cdktf would render a resource as "${...}", which Terraform's JSON syntax refuses here.
      lifecycle: { ignoreChanges: ignoredChanges(plan), replaceTriggeredBy: [`${this.podCidrTrigger.terraformResourceType}.${this.podCidrTrigger.friendlyUniqueId}`] },
      dependsOn: dependsOn.length ? dependsOn : undefined,
    });
    // Only so that BYO-09 can refuse it with its ID: the binding no longer has the attribute.
    const dockerBridge = plan.networkSettings.dockerBridgeCidr;
    if (dockerBridge !== undefined) cluster.addOverride("network_profile.docker_bridge_cidr", dockerBridge);
    return cluster;
  }

  /** The user-assigned control-plane identity the cluster creates itself (no subnet of yours). */
  private controlPlaneIdentity(plan: ClusterPlan, common: CommonProps, ignoredTags: string[]): UserAssignedIdentity | undefined {
    if (!plan.identity.createdName) return undefined;
    const identity = new UserAssignedIdentity(this, "control-plane", { ...common, name: plan.identity.createdName });
    ignoreChanges(identity, ignoredTags);
    protectResource(identity, "identity", "cluster.identity");
    return identity;
  }

  /** The Log Analytics workspace created for monitoring, unless one is given or monitoring is off. */
  private workspace(plan: ClusterPlan, common: CommonProps, ignoredTags: string[]): LogAnalyticsWorkspace | undefined {
    if (!plan.monitoring.createdWorkspaceName) return undefined;
    const { createdWorkspaceName: name, retentionInDays } = plan.monitoring;
    // Local authentication as Azure defaults it, written out: azurerm 4.73 plans it from null otherwise, 4.55 does not.
    const workspace = new LogAnalyticsWorkspace(this, "logs", { ...common, name, sku: "PerGB2018", retentionInDays, localAuthenticationEnabled: true });
    ignoreChanges(workspace, ignoredTags);
    protectResource(workspace, "workspace", "cluster.monitoring");
    return workspace;
  }

  /**
   * A kubelet identity of your own: created (or an existing one by ID), and
   * Managed Identity Operator on it for the control-plane identity, which
   * AKS needs to assign it to the nodes; the cluster waits for the grant.
   */
  private kubeletIdentityOf(
    plan: ClusterPlan,
    props: AksByoCniClusterProps,
    common: CommonProps,
    ignoredTags: string[],
  ): KubeletIdentityResources | undefined {
    const k = plan.kubeletIdentity;
    if (!k) return undefined;
    let created: UserAssignedIdentity | undefined;
    let identity = k.existing;
    if (k.createdName !== undefined) {
      created = new UserAssignedIdentity(this, "kubelet", { ...common, name: k.createdName });
      ignoreChanges(created, ignoredTags);
      protectResource(created, "kubeletIdentity", "cluster.kubeletIdentity");
      identity = { id: created.id, clientId: created.clientId, objectId: created.principalId };
    }
    if (!identity) return undefined;
    const controlPlane = props.nodeSubnet?.identity.principalId ?? this.identity?.principalId;
    // KID-01 keeps the control-plane identity user-assigned here, so the grant exists before the cluster.
    const grant =
      k.grantOperatorRole && controlPlane !== undefined
        ? this.grant(controlPlane, identity.id, "Managed Identity Operator", "kubelet-identity-operator", "kubeletGrant", "cluster.kubeletIdentity")
        : undefined;
    return { created, grant, block: { userAssignedIdentityId: identity.id, clientId: identity.clientId, objectId: identity.objectId } };
  }

  /** The cluster and its pools as they will be synthesized (overrides included), for the rules. */
  private synthesized(): SynthesizedCluster {
    const json = synthesizedAttributes(this.kubernetesCluster);
    return {
      cluster: json,
      networkProfile: block(json.network_profile),
      defaultNodePool: block(json.default_node_pool),
      userNodePools: this.userNodePools.map((p) => synthesizedAttributes(p)),
      vnetLocation: this.subnetLink?.synthesizedLocation(),
    };
  }

  /**
   * The address plan (picture, table, JSON) next to the stack's `cdk.tf.json`;
   * with several clusters in one stack, each file name carries the cluster's id.
   */
  private writeAddressPlan(session: ISynthesisSession): void {
    const stack = TerraformStack.of(this);
    const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
    const clusters = stack.node.findAll().filter((c) => c instanceof AksByoCniCluster);
    const base = clusters.length > 1 ? `${ADDRESS_PLAN_FILE}-${this.node.id}` : ADDRESS_PLAN_FILE;
    writeAddressPlan(dir, addressPlanView(stack.node.id, this.plan), base);
  }

  /**
   * Entra ID with Azure RBAC. Without a tenant or admin groups azurerm
   * refuses the block, so the tenant defaults to the deploying identity's.
   */
  private entraIntegration(plan: ClusterPlan): KubernetesClusterConfig["azureActiveDirectoryRoleBasedAccessControl"] {
    const s = plan.security;
    if (!s.azureRbac) return undefined;
    const tenantId = s.tenantId ?? new DataAzurermClientConfig(this, "deployer").tenantId;
    return { azureRbacEnabled: true, tenantId, adminGroupObjectIds: s.adminGroupObjectIds };
  }

  /** Defender on, with its workspace; off or left to Azure otherwise (see `ignoredChanges`). */
  private defender(plan: ClusterPlan): KubernetesClusterConfig["microsoftDefender"] {
    const d = plan.security.defender;
    if (!d.declared || !d.enabled || !d.workspace) return undefined;
    const workspaceId = "id" in d.workspace ? d.workspace.id : this.logAnalyticsWorkspace?.id;
    return workspaceId === undefined ? undefined : { logAnalyticsWorkspaceId: workspaceId };
  }

  private monitoringAgent(plan: ClusterPlan): KubernetesClusterConfig["omsAgent"] {
    const workspaceId = plan.monitoring.workspaceId ?? this.logAnalyticsWorkspace?.id;
    return plan.monitoring.enabled && workspaceId !== undefined ? { logAnalyticsWorkspaceId: workspaceId, msiAuthForMonitoringEnabled: true } : undefined;
  }

  /**
   * The control plane's logs: a diagnostic setting on the cluster, into the
   * resource-specific tables (AKSAuditAdmin, AKSControlPlane) that AKS's
   * monitoring guide recommends over AzureDiagnostics.
   */
  private controlPlaneLogSetting(plan: ClusterPlan): MonitorDiagnosticSetting | undefined {
    const logs = plan.monitoring.controlPlaneLogs;
    if (logs.settingName === undefined) return undefined;
    const workspaceId = logs.workspace && ("id" in logs.workspace ? logs.workspace.id : this.logAnalyticsWorkspace?.id);
    const setting = new MonitorDiagnosticSetting(this, "control-plane-logs", {
      name: logs.settingName,
      targetResourceId: this.kubernetesCluster.id,
      logAnalyticsWorkspaceId: workspaceId,
      logAnalyticsDestinationType: workspaceId === undefined ? undefined : "Dedicated",
      storageAccountId: logs.storageAccountId,
      enabledLog: logs.categories.map((category) => ({ category })),
    });
    recordConfigPath(setting, "cluster.monitoring.controlPlaneLogs");
    return setting;
  }

  private userPool(pool: PoolPlan, index: number, props: AksByoCniClusterProps): KubernetesClusterNodePool {
    // The pool name keys the construct (and the Terraform address); a duplicate name (NAME-06) must not crash the build.
    const taken = this.plan.pools.slice(1, index + 1).some((p) => p.name === pool.name);
    const renamed = pool.renamedFrom !== undefined && typeof pool.renamedFrom === "string" && pool.renamedFrom !== pool.name;
    const link = this.subnetLink;
    // A pool on a subnet of its own waits for that subnet's grant too (a subnet added later is granted before the pool moves).
    const grants = link && pool.subnetName !== undefined ? link.dependablesOf(pool.subnetName) : [];
    const resource = new KubernetesClusterNodePool(this, freeChildId(this, taken ? `pool-${pool.name}-${index}` : `pool-${pool.name}`), {
      ...poolAttributes(pool, this.plan),
      kubernetesClusterId: this.kubernetesCluster.id,
      mode: "User",
      vnetSubnetId: link ? (link.subnetIdOf(pool.subnetName) ?? props.nodeSubnet?.id) : undefined,
      nodeTaints: pool.nodeTaints && [...pool.nodeTaints],
      tags: poolTags(props.tags, pool.settings.tags),
      dependsOn: grants.length ? [...grants] : undefined,
      lifecycle: {
        ignoreChanges: [
          ...(pool.autoScaling ? ["node_count"] : []),
          ...(this.plan.versionDrift === "ignored" ? ["orchestrator_version"] : []),
          ...ignoredTagChanges(props.ignoredTags),
        ],
        // A renamed pool: the new one first, so that capacity never drops.
        createBeforeDestroy: renamed ? true : undefined,
      },
    });
    if (renamed) new MovedBlock(resource, "moved", `${resource.terraformResourceType}.${this.logicalIdOf(`pool-${pool.renamedFrom}`)}`, resource);
    protectResource(resource, nodePoolResource(pool.name), pool.path, renamed);
    return resource;
  }

  /** The Terraform address name a child of this construct with id `id` gets (what an earlier synth gave a renamed pool). */
  private logicalIdOf(id: string): string {
    const scopes = this.node.scopes;
    const stack = TerraformStack.of(this);
    return makeUniqueId([...scopes.slice(scopes.indexOf(stack) + 1).map((c) => c.node.id), id]);
  }

  /**
   * Preconditions for pod and service ranges given as references (a variable,
   * another resource): Terraform then refuses at plan time what synth could
   * not see. Built with Fn/Op so that references and literals mix correctly.
   */
  private addRangePreconditions(plan: ClusterPlan, covered: Set<string>): void {
    const conditions: { condition: unknown; errorMessage: string }[] = [];
    const canonical = (path: string, text: string) => {
      const value = functionArgument(text);
      conditions.push({
        condition: Op.and(Fn.can(Fn.cidrnetmask(value)), Op.eq(Fn.cidrsubnet(value, 0, 0), value)),
        errorMessage: `${path} must be a canonical IPv4 CIDR (network address, explicit prefix) [FMT-01, FMT-02, FMT-03]`,
      });
      for (const rule of ["FMT-01", "FMT-02", "FMT-03", "FMT-04", "FMT-05"]) covered.add(`${path}|${rule}`);
    };
    if (plan.pod.unknown) canonical(plan.pod.path, plan.pod.text);
    // A reference is always written (the API defaults are literals): the plan's text is the config's.
    const { service, dnsServiceIp } = plan;
    if (service.unknown) canonical(service.path, service.text);
    const { serviceCidr, dnsServiceIp: dnsText } = plan.networkSettings;
    if (serviceCidr !== undefined && dnsText !== undefined && (service.unknown || dnsServiceIp.unknown)) {
      const [svc, dns] = [functionArgument(serviceCidr), functionArgument(dnsText)];
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
      if (dnsServiceIp.unknown) covered.add("network.dnsServiceIp|FMT-06");
    }
    if (conditions.length > 0) {
      const k = this.kubernetesCluster;
      k.lifecycle = { ...k.lifecycle, precondition: conditions };
    }
  }

  /** Plan-time checks on adopted subnets whose facts synth cannot see: their capacity, and a route table for UDR egress. */
  private addSubnetPlanChecks(plan: ClusterPlan, link: NodeSubnetLink | undefined, covered: Set<string>): void {
    const subnet = plan.subnet;
    if (!link || !subnet) return;
    for (const use of plan.nodeSubnets) {
      const needed = use.peakAddresses;
      if (use.prefixes !== undefined || needed === undefined || (use.kind === "pool" && use.pools.length === 0)) continue;
      const what = use.kind === "node" ? "the adopted node subnet" : `the adopted pool subnet ${use.name}`;
      const added = link.addPlanCheck(
        `\${${usableSubnetAddressesHcl("self.address_prefixes")} >= ${needed}}`,
        `${what} holds fewer than ${needed} node addresses (nodes at maximum scale with upgrade surge${use.internalLoadBalancerFrontends ? ", plus internal load balancer frontends" : ""}) [NET-07]`,
        use.kind === "node" ? undefined : use.name,
      );
      if (added) covered.add(`${use.kind === "node" ? subnet.idPath : use.path}|NET-07`);
    }
    if (plan.outboundType === "userDefinedRouting") {
      link.addPlanCheck(
        "${length(compact([self.route_table_id])) > 0}",
        "network.outboundType is userDefinedRouting but the adopted subnet has no route table; associate one with 0.0.0.0/0 to your firewall or appliance [OUT-03]",
      );
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

/** Private DNS Zone Contributor, by name: what AKS needs on a private DNS zone of your own (private-clusters). */
const PRIVATE_DNS_ZONE_CONTRIBUTOR = "Private DNS Zone Contributor";

/** The API server's access profile: authorized ranges, and VNet integration with its subnet. */
function apiServerAccessProfile(plan: ClusterPlan, link: NodeSubnetLink | undefined): KubernetesClusterConfig["apiServerAccessProfile"] {
  const api = plan.apiServer;
  const ranges = api.authorizedIpRanges?.sent.length ? [...api.authorizedIpRanges.sent] : undefined;
  if (!api.vnetIntegration) return ranges ? { authorizedIpRanges: ranges } : undefined;
  return { authorizedIpRanges: ranges, virtualNetworkIntegrationEnabled: true, subnetId: link?.apiServerSubnetId };
}

/** What every resource created beside the cluster shares. */
interface CommonProps {
  readonly location: string;
  readonly resourceGroupName: string;
  readonly tags?: Record<string, string>;
}

/** The kubelet identity's resources and the cluster's `kubelet_identity` block. */
interface KubeletIdentityResources {
  readonly created?: UserAssignedIdentity;
  readonly grant?: RoleAssignment;
  readonly block: NonNullable<KubernetesClusterConfig["kubeletIdentity"]>;
}

/** The cluster's own attributes, from the plan. */
function clusterAttributes(plan: ClusterPlan, link: NodeSubnetLink | undefined) {
  const s = plan.security;
  const api = plan.apiServer;
  return {
    name: plan.name,
    dnsPrefix: plan.dnsPrefix,
    kubernetesVersion: plan.settings.kubernetesVersion,
    skuTier: plan.skuTier,
    nodeResourceGroup: plan.nodeResourceGroup.derived ? undefined : plan.nodeResourceGroup.name,
    roleBasedAccessControlEnabled: true,
    localAccountDisabled: s.localAccountsDisabled,
    // AKS 1.34+ turns the issuer on and it cannot be turned off; provider 4.55 predates that fix.
    oidcIssuerEnabled: true,
    workloadIdentityEnabled: s.workloadIdentity,
    azurePolicyEnabled: s.azurePolicy,
    diskEncryptionSetId: s.diskEncryptionSetId,
    keyVaultSecretsProvider: s.keyVaultSecretsProvider ? { secretRotationEnabled: true } : undefined,
    imageCleanerEnabled: s.imageCleaner,
    // Written even with the cleaner off: azurerm sends it when the cleaner is turned off, and reads back AKS's value.
    imageCleanerIntervalHours: s.imageCleanerIntervalHours,
    runCommandEnabled: s.runCommand,
    automaticUpgradeChannel: plan.upgrade.channel === "none" ? undefined : plan.upgrade.channel,
    nodeOsUpgradeChannel: plan.upgrade.nodeOsChannel,
    autoScalerProfile: plan.autoScalerProfile && autoScalerProfile(plan.autoScalerProfile),
    maintenanceWindowAutoUpgrade: plan.maintenance.autoUpgrade && maintenanceWindow(plan.maintenance.autoUpgrade),
    maintenanceWindowNodeOs: plan.maintenance.nodeOs && maintenanceWindow(plan.maintenance.nodeOs),
    maintenanceWindow: plan.maintenance.aksReleases && {
      allowed: plan.maintenance.aksReleases.allowed?.map((a) => ({ day: a.day, hours: [...a.hours] })),
      notAllowed: plan.maintenance.aksReleases.notAllowed?.map((n) => ({ start: n.start, end: n.end })),
    },
    privateClusterEnabled: api.private ? true : undefined,
    privateDnsZoneId: api.privateDnsZone,
    apiServerAccessProfile: apiServerAccessProfile(plan, link),
  };
}

/** The autoscaler profile, every setting written; numbers AKS keeps as strings are sent as their decimal text. */
function autoScalerProfile(p: NonNullable<ClusterPlan["autoScalerProfile"]>): NonNullable<KubernetesClusterConfig["autoScalerProfile"]> {
  return {
    balanceSimilarNodeGroups: p.balanceSimilarNodeGroups,
    daemonsetEvictionForEmptyNodesEnabled: p.daemonsetEvictionForEmptyNodes,
    daemonsetEvictionForOccupiedNodesEnabled: p.daemonsetEvictionForOccupiedNodes,
    expander: p.expander,
    ignoreDaemonsetsUtilizationEnabled: p.ignoreDaemonsetsUtilization,
    maxGracefulTerminationSec: String(p.maxGracefulTerminationSec),
    maxNodeProvisioningTime: p.maxNodeProvisioningTime,
    maxUnreadyNodes: p.maxUnreadyNodes,
    maxUnreadyPercentage: p.maxUnreadyPercentage,
    newPodScaleUpDelay: p.newPodScaleUpDelay,
    scanInterval: p.scanInterval,
    scaleDownDelayAfterAdd: p.scaleDownDelayAfterAdd,
    scaleDownDelayAfterDelete: p.scaleDownDelayAfterDelete,
    scaleDownDelayAfterFailure: p.scaleDownDelayAfterFailure,
    scaleDownUnneeded: p.scaleDownUnneeded,
    scaleDownUnready: p.scaleDownUnready,
    scaleDownUtilizationThreshold: String(p.scaleDownUtilizationThreshold),
    emptyBulkDeleteMax: String(p.emptyBulkDeleteMax),
    skipNodesWithLocalStorage: p.skipNodesWithLocalStorage,
    skipNodesWithSystemPods: p.skipNodesWithSystemPods,
  };
}

/** A day as azurerm reads it back from AKS's date: midnight UTC, so that the plan shows no change. */
const dayAsTime = (day: string) => `${day}T00:00:00Z`;

/** A recurring maintenance window; only the fields of its frequency are sent (azurerm sends no others). */
function maintenanceWindow(w: MaintenanceWindowPlan): NonNullable<KubernetesClusterConfig["maintenanceWindowNodeOs"]> {
  const s = w.settings;
  return {
    frequency: s.frequency,
    interval: w.interval,
    dayOfWeek: s.frequency === "Weekly" || s.frequency === "RelativeMonthly" ? s.dayOfWeek : undefined,
    dayOfMonth: s.frequency === "AbsoluteMonthly" ? s.dayOfMonth : undefined,
    weekIndex: s.frequency === "RelativeMonthly" ? s.weekIndex : undefined,
    startTime: s.startTime,
    duration: s.durationHours,
    utcOffset: w.utcOffset,
    startDate: s.startDate === undefined ? undefined : dayAsTime(s.startDate),
    notAllowed: s.notAllowedDates?.map((r) => ({ start: dayAsTime(r.start), end: dayAsTime(r.end) })),
  };
}

/** The network profile: only what BYOCNI allows, plus what the config sets so that the BYO rules can refuse it by ID. */
function networkProfile(plan: ClusterPlan): KubernetesClusterConfig["networkProfile"] {
  const n = plan.networkSettings;
  return {
    networkPlugin: plan.networkPlugin,
    podCidr: plan.pod.notSent ? undefined : plan.pod.text,
    serviceCidr: n.serviceCidr,
    dnsServiceIp: n.dnsServiceIp,
    outboundType: plan.outboundType,
    loadBalancerSku: plan.loadBalancerSku,
    networkPolicy: n.networkPolicy,
    networkPluginMode: n.networkPluginMode,
    networkDataPlane: n.networkDataPlane,
    networkMode: n.networkMode,
    advancedNetworking: n.advancedNetworking,
    loadBalancerProfile: loadBalancerProfile(plan),
  };
}

/** The load balancer's outbound rule, when the config sets it (the ports and timeout always written: azurerm's defaults). */
function loadBalancerProfile(plan: ClusterPlan): NonNullable<KubernetesClusterConfig["networkProfile"]>["loadBalancerProfile"] {
  const lb = plan.loadBalancer;
  if (!lb) return undefined;
  return {
    managedOutboundIpCount: lb.managedOutboundIpCount,
    outboundIpAddressIds: lb.outboundIpIds && [...lb.outboundIpIds],
    outboundIpPrefixIds: lb.outboundIpPrefixIds && [...lb.outboundIpPrefixIds],
    idleTimeoutInMinutes: lb.idleTimeoutInMinutes,
    outboundPortsAllocated: lb.allocatedOutboundPorts,
  };
}

/**
 * Attributes Terraform must not fight AKS over: the pod CIDR AKS does not
 * report (a change replaces the cluster through `replace_triggered_by`), the
 * version where the channel moves it, the node count the autoscaler owns,
 * and Defender when the config does not declare it, since an Azure Policy
 * may enable it.
 */
function ignoredChanges(plan: ClusterPlan): string[] {
  const out = ["network_profile[0].pod_cidr"]; // hashicorp/terraform-provider-azurerm#30985
  if (!plan.security.defender.declared) out.push("microsoft_defender");
  if (plan.versionDrift === "ignored") out.push("kubernetes_version", "default_node_pool[0].orchestrator_version");
  if (plan.pools[0]!.autoScaling) out.push("default_node_pool[0].node_count");
  return out;
}

/** The attributes shared by the default pool and user pools. */
function poolAttributes(pool: PoolPlan, cluster: ClusterPlan) {
  const s = pool.settings;
  return {
    name: pool.name,
    vmSize: pool.vmSize,
    nodeCount: pool.nodeCount,
    maxPods: pool.maxPods,
    autoScalingEnabled: pool.autoScaling ? true : undefined,
    minCount: pool.autoScaling?.minCount,
    maxCount: pool.autoScaling?.maxCount,
    osDiskType: pool.osDisk.type,
    osDiskSizeGb: pool.osDisk.sizeGb,
    hostEncryptionEnabled: pool.hostEncryption ? true : undefined,
    osSku: pool.osSku,
    nodeLabels: pool.nodeLabels && { ...pool.nodeLabels },
    zones: s.zones,
    podSubnetId: s.podSubnetId,
    // Every pool runs the cluster's version, so a minor bump upgrades the pools after the control plane.
    orchestratorVersion: cluster.settings.kubernetesVersion,
    temporaryNameForRotation: pool.temporaryNameForRotation,
    upgradeSettings: {
      maxSurge: pool.maxSurge,
      drainTimeoutInMinutes: pool.drain.timeoutInMinutes,
      nodeSoakDurationInMinutes: pool.drain.soakInMinutes,
      undrainableNodeBehavior: pool.drain.undrainableNodeBehavior,
    },
  };
}
