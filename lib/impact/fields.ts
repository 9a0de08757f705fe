/**
 * What the attributes of the resources this project synthesizes are called
 * in a config file, and what replacing each protected resource means for a
 * cluster whose CNI was installed by hand or by the `<env>-cni` stack.
 */

/** Config fields of attribute paths, by resource type; `.x` is relative to the resource's own config path. */
const FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  azurerm_kubernetes_cluster: {
    name: "cluster.name",
    location: "location",
    resource_group_name: "resourceGroup.name",
    dns_prefix: "cluster.dnsPrefix",
    node_resource_group: "cluster.nodeResourceGroup",
    kubernetes_version: "cluster.kubernetesVersion",
    sku_tier: "cluster.skuTier",
    private_cluster_enabled: "cluster.apiServer.private",
    private_dns_zone_id: "cluster.apiServer.privateDnsZone",
    "api_server_access_profile.0.authorized_ip_ranges": "cluster.apiServer.authorizedIpRanges",
    "api_server_access_profile.0.virtual_network_integration_enabled": "cluster.apiServer.vnetIntegration",
    "api_server_access_profile.0.subnet_id": "cluster.apiServer.vnetIntegration",
    disk_encryption_set_id: "cluster.security.diskEncryptionSetId",
    local_account_disabled: "cluster.security.localAccountsDisabled",
    azure_policy_enabled: "cluster.security.azurePolicy",
    workload_identity_enabled: "cluster.security.workloadIdentity",
    image_cleaner_enabled: "cluster.security.imageCleaner",
    image_cleaner_interval_hours: "cluster.security.imageCleanerIntervalHours",
    run_command_enabled: "cluster.security.runCommand",
    "microsoft_defender.0.log_analytics_workspace_id": "cluster.security.defender",
    automatic_upgrade_channel: "cluster.upgrade.channel",
    node_os_upgrade_channel: "cluster.upgrade.nodeOsChannel",
    auto_scaler_profile: "cluster.autoScalerProfile",
    maintenance_window_auto_upgrade: "cluster.maintenance.autoUpgrade",
    maintenance_window_node_os: "cluster.maintenance.nodeOs",
    maintenance_window: "cluster.maintenance.aksReleases",
    "identity.0.type": "cluster.identity",
    "identity.0.identity_ids": "cluster.identity",
    kubelet_identity: "cluster.kubeletIdentity",
    "default_node_pool.0.name": "cluster.defaultNodePool.name",
    "default_node_pool.0.vm_size": "cluster.defaultNodePool.vmSize",
    "default_node_pool.0.node_count": "cluster.defaultNodePool.nodeCount",
    "default_node_pool.0.max_pods": "cluster.defaultNodePool.maxPods",
    "default_node_pool.0.zones": "cluster.defaultNodePool.zones",
    "default_node_pool.0.os_disk_type": "cluster.defaultNodePool.osDiskType",
    "default_node_pool.0.os_disk_size_gb": "cluster.defaultNodePool.osDiskSizeGb",
    "default_node_pool.0.os_sku": "cluster.defaultNodePool.osSku",
    "default_node_pool.0.node_labels": "cluster.defaultNodePool.nodeLabels",
    "default_node_pool.0.tags": "cluster.defaultNodePool.tags",
    "default_node_pool.0.orchestrator_version": "cluster.kubernetesVersion",
    "default_node_pool.0.vnet_subnet_id": "network.vnet.subnet",
    "default_node_pool.0.temporary_name_for_rotation": "cluster.defaultNodePool.temporaryNameForRotation",
    "default_node_pool.0.upgrade_settings.0.max_surge": "cluster.defaultNodePool.maxSurge",
    "default_node_pool.0.upgrade_settings.0.drain_timeout_in_minutes": "cluster.defaultNodePool.drainTimeoutInMinutes",
    "default_node_pool.0.upgrade_settings.0.node_soak_duration_in_minutes": "cluster.defaultNodePool.nodeSoakDurationInMinutes",
    "default_node_pool.0.upgrade_settings.0.undrainable_node_behavior": "cluster.defaultNodePool.undrainableNodeBehavior",
    "network_profile.0.pod_cidr": "network.podCidr",
    "network_profile.0.service_cidr": "network.serviceCidr",
    "network_profile.0.dns_service_ip": "network.dnsServiceIp",
    "network_profile.0.outbound_type": "network.outboundType",
    "network_profile.0.load_balancer_sku": "network.loadBalancerSku",
    "network_profile.0.load_balancer_profile.0.managed_outbound_ip_count": "network.loadBalancer.managedOutboundIpCount",
    "network_profile.0.load_balancer_profile.0.outbound_ip_address_ids": "network.loadBalancer.outboundIpIds",
    "network_profile.0.load_balancer_profile.0.outbound_ip_prefix_ids": "network.loadBalancer.outboundIpPrefixIds",
    "network_profile.0.load_balancer_profile.0.idle_timeout_in_minutes": "network.loadBalancer.idleTimeoutInMinutes",
    "network_profile.0.load_balancer_profile.0.outbound_ports_allocated": "network.loadBalancer.allocatedOutboundPorts",
    "oms_agent.0.log_analytics_workspace_id": "cluster.monitoring",
    tags: "tags",
  },
  azurerm_kubernetes_cluster_node_pool: {
    name: ".name",
    vm_size: ".vmSize",
    node_count: ".nodeCount",
    max_pods: ".maxPods",
    zones: ".zones",
    os_disk_type: ".osDiskType",
    os_disk_size_gb: ".osDiskSizeGb",
    os_sku: ".osSku",
    node_labels: ".nodeLabels",
    node_taints: ".nodeTaints",
    orchestrator_version: "cluster.kubernetesVersion",
    vnet_subnet_id: "network.vnet.subnet",
    min_count: ".autoScaling.minCount",
    max_count: ".autoScaling.maxCount",
    "upgrade_settings.0.max_surge": ".maxSurge",
    "upgrade_settings.0.drain_timeout_in_minutes": ".drainTimeoutInMinutes",
    "upgrade_settings.0.node_soak_duration_in_minutes": ".nodeSoakDurationInMinutes",
    "upgrade_settings.0.undrainable_node_behavior": ".undrainableNodeBehavior",
    tags: "tags",
  },
  azurerm_resource_group: { name: "resourceGroup.name", location: "location", tags: "tags" },
  azurerm_virtual_network: { name: "network.vnet.name", address_space: "network.vnet.addressSpace", location: "location", resource_group_name: "resourceGroup.name", tags: "tags" },
  // Relative to the subnet's config path: the node subnet, a pool subnet or the API server subnet.
  azurerm_subnet: {
    name: ".name",
    address_prefixes: ".addressPrefixes",
    virtual_network_name: "network.vnet.name",
    resource_group_name: "resourceGroup.name",
  },
  azurerm_user_assigned_identity: { name: "cluster.name", location: "location", resource_group_name: "resourceGroup.name", tags: "tags" },
  azurerm_log_analytics_workspace: { name: "cluster.name", retention_in_days: "cluster.monitoring.retentionInDays", location: "location", tags: "tags" },
  azurerm_role_assignment: { role_definition_name: "network.subnetRole", role_definition_id: "network.subnetRole", condition: "network.subnetRoleAssignment.condition" },
  azurerm_monitor_diagnostic_setting: {
    name: "cluster.monitoring.controlPlaneLogs",
    target_resource_id: "cluster.name",
    enabled_log: "cluster.monitoring.controlPlaneLogs.categories",
    log_analytics_workspace_id: "cluster.monitoring.controlPlaneLogs.logAnalyticsWorkspaceId",
    storage_account_id: "cluster.monitoring.controlPlaneLogs.storageAccountId",
  },
};

/**
 * The config field an attribute path of a resource comes from, or undefined
 * when the attribute is not set from the config. `configPath` is where the
 * resource itself is configured (a user pool's `cluster.userNodePools[1]`).
 */
export function configFieldOf(type: string, attribute: string, configPath?: string): string | undefined {
  const table = FIELDS[type];
  if (!table) return undefined;
  const top = attribute.split(".")[0]!;
  // The longest attribute path the table names that contains this one (`default_node_pool.0.tags.0.owner` is `default_node_pool.0.tags`).
  const within = Object.keys(table)
    .filter((k) => attribute.startsWith(`${k}.`))
    .sort((x, y) => y.length - x.length)[0];
  const field = table[attribute] ?? (within && table[within]) ?? (attribute.startsWith("tags.") ? table.tags : undefined) ?? table[top];
  if (field === undefined) return undefined;
  return field.startsWith(".") ? `${configPath ?? DEFAULT_CONFIG_PATHS[type] ?? "?"}${field}` : field;
}

/** Where a resource of a type is configured when a stack does not say (no `protection.json`): the node subnet for subnets. */
const DEFAULT_CONFIG_PATHS: Readonly<Record<string, string>> = { azurerm_subnet: "network.vnet.subnet" };

/** The pod CIDR's trigger resource: a change of it replaces the cluster on purpose. */
export const POD_CIDR_TRIGGER_FIELD = "network.podCidr";

/** What replacing or deleting a protected resource does, by protected-resource kind. */
const CONSEQUENCES: Readonly<Record<string, string>> = {
  cluster:
    "a new cluster: new API server address and credentials, a new OIDC issuer (workload identity federations stop working), a new kubelet identity (image pull grants), and nodes NotReady until the CNI is installed again; workloads and their local data are gone",
  nodePool: "its nodes are deleted and its pods evicted; capacity drops until a replacement pool is ready",
  subnet: "the node subnet is deleted and created again, which Azure refuses while nodes use it: the deploy fails halfway",
  subnetGrant: "the control plane loses its role on the node subnet until the new assignment exists: node operations fail meanwhile",
  poolSubnet: "the pool subnet is deleted and created again, which Azure refuses while nodes use it: the deploy fails halfway",
  poolSubnetGrant: "the control plane loses its role on the pool subnet until the new assignment exists: node operations of its pools fail meanwhile",
  apiServerSubnet: "the API server subnet is deleted and created again, which Azure refuses while the API server is in it; AKS cannot move a VNet-integrated API server out of it",
  apiServerSubnetGrant: "the control plane loses its role on the API server subnet until the new assignment exists: API server operations fail meanwhile",
  privateDnsZoneGrant: "the control plane loses Private DNS Zone Contributor on the zone until the new assignment exists: the API server's DNS record cannot be updated meanwhile",
  vnetGrant: "the control plane loses Network Contributor on the VNet until the new assignment exists: linking the private DNS zone fails meanwhile",
  outboundIpGrant: "the control plane loses its role on the outbound IP until the new assignment exists: load balancer updates fail meanwhile",
  identity: "a new control-plane identity: its grants are made again and the cluster switches to it",
  kubeletIdentity: "a new kubelet identity, which replaces the cluster (azurerm: kubelet_identity is ForceNew); its image pull and other grants must be made again",
  kubeletGrant: "the control plane loses Managed Identity Operator on the kubelet identity until the new assignment exists: node operations that assign the identity fail meanwhile",
  workspace: "the Log Analytics workspace and the logs in it are deleted",
  vnet: "the VNet is deleted and created again, with every subnet in it: the deploy fails halfway while nodes use it",
  resourceGroup: "the resource group is deleted with everything in it",
};

/** What replacing or deleting `resource` (a protected-resource name) means. */
export function consequenceOf(resource: string): string | undefined {
  return CONSEQUENCES[resource.split(":")[0]!];
}

/** The protected-resource name of a resource from its type and attributes, for stacks without `protection.json`. */
export function protectedResourceByType(type: string, attributes: Readonly<Record<string, unknown>>): string | undefined {
  switch (type) {
    case "azurerm_kubernetes_cluster":
      return "cluster";
    case "azurerm_kubernetes_cluster_node_pool":
      return `nodePool:${String(attributes.name ?? "?")}`;
    case "azurerm_subnet":
      return "subnet";
    case "azurerm_role_assignment":
      return "subnetGrant";
    case "azurerm_user_assigned_identity":
      return "identity";
    case "azurerm_log_analytics_workspace":
      return "workspace";
    case "azurerm_virtual_network":
      return "vnet";
    case "azurerm_resource_group":
      return "resourceGroup";
    default:
      return undefined;
  }
}
