/**
 * The fast replacement check (`replacementChanges`, a hand-kept table of
 * azurerm's ForceNew attributes) against the real provider: every config
 * field of the shipped and option-matrix configs is edited once, and the
 * resources the real provider would replace or destroy must be exactly
 * those the table predicts. A field without an edit here fails the
 * completeness test, so a new field cannot skip the oracle.
 */
import * as fs from "fs";
import * as path from "path";
import { loadConfigFile } from "../../lib/config/load";
import type { AksByoCniConfig } from "../../lib/config/types";
import { replacementChanges } from "../../lib/testing/replacements";
import type { OfflinePlanner } from "../../lib/testing/offline-planner";
import { cleanUp, edited, planner, synthEnvironment } from "./support";

const ROOT = path.join(__dirname, "..", "..");
const MATRIX = path.join(ROOT, "__tests__", "terraform", "matrix");
const FILES = [path.join(ROOT, "config", "dev.yaml"), path.join(ROOT, "config", "prod.yaml"), ...fs.readdirSync(MATRIX).filter((f) => f.endsWith(".yaml")).map((f) => path.join(MATRIX, f))];
const CONFIGS = new Map(
  FILES.map((f) => {
    const loaded = loadConfigFile(f);
    if (loaded.problems.length > 0) throw new Error(`${f}: ${JSON.stringify(loaded.problems)}`);
    return [path.basename(f, ".yaml"), loaded.environments[0]!.config] as const;
  }),
);

/**
 * Fields that no Terraform attribute of the cluster stack carries, so there
 * is nothing for the provider to plan: why, per field prefix.
 */
const NOT_PLANNED: Readonly<Record<string, string>> = {
  acceptedRisks: "rule acceptances: synth only",
  backend: "the state's location: the change-impact check reports it (IMP-04), no plan sees it",
  cni: "the Helm stack of the CNI, which the azurerm provider does not plan",
  "protection.acceptedReplacements": "lifts prevent_destroy, which the offline plan lifts anyway",
  "protection.preventDestroy": "prevent_destroy, which the offline plan lifts anyway",
  "network.existingVnetAddressSpace": "checked at synth, and by a postcondition of a data source the offline plan stands in for",
  "network.existingSubnetAddressPrefixes": "checked at synth, and by a postcondition of a data source the offline plan stands in for",
  "network.existingPoolSubnets[*].addressPrefixes": "checked at synth, and by a postcondition of a data source the offline plan stands in for",
  "network.existingApiServerSubnetAddressPrefixes": "checked at synth, and by a postcondition of a data source the offline plan stands in for",
  "network.connectedNetworks": "ranges other networks use: synth checks only",
  "network.internalLoadBalancerFrontends": "a capacity figure: synth checks only",
  "network.vnet.otherSubnets": "subnets other teams create: synth checks only",
  "cluster.userNodePools[*].renamedFrom": "the rename scenario (scenarios.test.ts) plans it",
  "network.advancedNetworking": "refused by the provider's CustomizeDiff on any plan (BYO-06)",
  "network.networkDataPlane": "only azure is valid (BYO-04)",
  "network.networkPlugin": "only none is valid (BYO-01)",
  "network.loadBalancerSku": "only standard is valid",
};

type Edit = { readonly config: string; readonly apply: (c: any) => void };
const bumpName = (s: string) => `${s.replace(/\d+$/, "")}x2`;

/** One edit per field: which config it applies to, and a valid new value. */
const EDITS: Readonly<Record<string, Edit>> = {
  location: { config: "prod", apply: (c) => (c.location = "northeurope") },
  "resourceGroup.name": { config: "prod", apply: (c) => (c.resourceGroup.name = `${c.resourceGroup.name}2`) },
  "resourceGroup.existing": { config: "adopted-udr-private", apply: (c) => (c.resourceGroup.existing = false) },
  "cluster.name": { config: "prod", apply: (c) => (c.cluster.name = `${c.cluster.name}2`) },
  "cluster.dnsPrefix": { config: "managed-nat-long-names", apply: (c) => (c.cluster.dnsPrefix = "aks-other-prefix") },
  "cluster.kubernetesVersion": { config: "adopted-nat-role-id", apply: (c) => (c.cluster.kubernetesVersion = "1.34") },
  "cluster.identity": { config: "vnet-system-identity", apply: (c) => (c.cluster.identity = "UserAssigned") },
  "cluster.kubeletIdentity.name": { config: "cluster-settings", apply: (c) => (c.cluster.kubeletIdentity.name = "id-aks-settings-kubelet-2") },
  "cluster.kubeletIdentity.grantOperatorRole": { config: "cluster-settings", apply: (c) => (c.cluster.kubeletIdentity.grantOperatorRole = false) },
  "cluster.kubeletIdentity.id": {
    config: "kubelet-existing",
    apply: (c) => (c.cluster.kubeletIdentity.id = c.cluster.kubeletIdentity.id.replace("id-aks-existing-kubelet", "id-aks-existing-kubelet-2")),
  },
  "cluster.kubeletIdentity.clientId": { config: "kubelet-existing", apply: (c) => (c.cluster.kubeletIdentity.clientId = "5a6b7c8d-1111-4222-8333-000000000001") },
  "cluster.kubeletIdentity.objectId": { config: "kubelet-existing", apply: (c) => (c.cluster.kubeletIdentity.objectId = "6b7c8d9e-2222-4333-8444-000000000001") },
  "cluster.skuTier": { config: "prod", apply: (c) => (c.cluster.skuTier = "Premium") },
  "cluster.nodeResourceGroup": { config: "managed-nat-long-names", apply: (c) => (c.cluster.nodeResourceGroup = `${c.cluster.nodeResourceGroup}2`) },
  "cluster.apiServer.authorizedIpRanges": { config: "prod", apply: (c) => (c.cluster.apiServer.authorizedIpRanges = ["198.51.100.0/24"]) },
  "cluster.apiServer.private": { config: "adopted-udr-private", apply: (c) => (c.cluster.apiServer.private = false) },
  "cluster.defaultNodePool.name": { config: "prod", apply: (c) => (c.cluster.defaultNodePool.name = "sys2") },
  "cluster.defaultNodePool.nodeCount": { config: "prod", apply: (c) => (c.cluster.defaultNodePool.nodeCount = 4) },
  "cluster.defaultNodePool.vmSize": { config: "prod", apply: (c) => (c.cluster.defaultNodePool.vmSize = "Standard_D8ds_v5") },
  "cluster.defaultNodePool.maxPods": { config: "prod", apply: (c) => (c.cluster.defaultNodePool.maxPods = 100) },
  "cluster.defaultNodePool.zones": { config: "prod", apply: (c) => (c.cluster.defaultNodePool.zones = ["1", "2"]) },
  "cluster.defaultNodePool.osDiskType": {
    config: "prod",
    apply: (c) => {
      c.cluster.defaultNodePool.osDiskType = "Managed";
      c.acceptedRisks.push({ rule: "CKV_AZURE_226", reason: "A managed OS disk on the system pool, for this edit only." });
    },
  },
  "cluster.defaultNodePool.osDiskSizeGb": { config: "adopted-nat-role-id", apply: (c) => (c.cluster.defaultNodePool.osDiskSizeGb = 64) },
  "cluster.defaultNodePool.osSku": { config: "cluster-settings", apply: (c) => (c.cluster.defaultNodePool.osSku = "Ubuntu") },
  "cluster.defaultNodePool.hostEncryption": { config: "adopted-udr-private", apply: (c) => (c.cluster.defaultNodePool.hostEncryption = false) },
  "cluster.defaultNodePool.maxSurge": { config: "adopted-udr-private", apply: (c) => (c.cluster.defaultNodePool.maxSurge = "2") },
  "cluster.userNodePools[*].name": { config: "prod", apply: (c) => (c.cluster.userNodePools[0].name = bumpName(c.cluster.userNodePools[0].name)) },
  "cluster.userNodePools[*].nodeCount": { config: "vnet-system-identity", apply: (c) => (c.cluster.userNodePools[0].nodeCount += 1) },
  "cluster.userNodePools[*].vmSize": { config: "prod", apply: (c) => (c.cluster.userNodePools[0].vmSize = "Standard_D8ds_v5") },
  "cluster.userNodePools[*].maxPods": { config: "prod", apply: (c) => (c.cluster.userNodePools[0].maxPods = 100) },
  "cluster.userNodePools[*].zones": { config: "prod", apply: (c) => (c.cluster.userNodePools[0].zones = ["1", "2"]) },
  "cluster.userNodePools[*].autoScaling.minCount": { config: "prod", apply: (c) => (c.cluster.userNodePools[0].autoScaling.minCount = 2) },
  "cluster.userNodePools[*].autoScaling.maxCount": { config: "prod", apply: (c) => (c.cluster.userNodePools[0].autoScaling.maxCount = 12) },
  "cluster.defaultNodePool.nodeLabels.*": { config: "cluster-settings", apply: (c) => (c.cluster.defaultNodePool.nodeLabels["example.com/tier"] = "system-2") },
  "cluster.defaultNodePool.tags.*": { config: "cluster-settings", apply: (c) => (c.cluster.defaultNodePool.tags.owner = "another-team") },
  "cluster.userNodePools[*].nodeLabels.*": { config: "cluster-settings", apply: (c) => (c.cluster.userNodePools[0].nodeLabels.workload = "batch") },
  "cluster.userNodePools[*].nodeTaints": { config: "cluster-settings", apply: (c) => c.cluster.userNodePools[0].nodeTaints.push("spot:PreferNoSchedule") },
  "cluster.userNodePools[*].tags.*": { config: "cluster-settings", apply: (c) => (c.cluster.userNodePools[0].tags.owner = "batch-team") },
  "cluster.userNodePools[*].osSku": { config: "cluster-settings", apply: (c) => (c.cluster.userNodePools[0].osSku = "AzureLinux3") },
  "cluster.userNodePools[*].hostEncryption": { config: "adopted-udr-private", apply: (c) => (c.cluster.userNodePools[0].hostEncryption = false) },
  "cluster.userNodePools[*].osDiskType": { config: "adopted-udr-private", apply: (c) => (c.cluster.userNodePools[0].osDiskType = "Ephemeral") },
  "cluster.userNodePools[*].osDiskSizeGb": { config: "adopted-udr-private", apply: (c) => (c.cluster.userNodePools[0].osDiskSizeGb = 128) },
  "cluster.userNodePools[*].temporaryNameForRotation": { config: "adopted-udr-private", apply: (c) => (c.cluster.userNodePools[1].temporaryNameForRotation = "batchtmp2") },
  "cluster.userNodePools[*].drainTimeoutInMinutes": { config: "adopted-udr-private", apply: (c) => (c.cluster.userNodePools[1].drainTimeoutInMinutes = 90) },
  "cluster.userNodePools[*].nodeSoakDurationInMinutes": { config: "adopted-udr-private", apply: (c) => (c.cluster.userNodePools[1].nodeSoakDurationInMinutes = 10) },
  "cluster.userNodePools[*].undrainableNodeBehavior": { config: "adopted-udr-private", apply: (c) => (c.cluster.userNodePools[1].undrainableNodeBehavior = "Schedule") },
  "cluster.security.adminGroupObjectIds": { config: "adopted-nat-role-id", apply: (c) => (c.cluster.security.adminGroupObjectIds = ["11111111-1111-1111-1111-111111111111"]) },
  "cluster.security.azurePolicy": { config: "adopted-nat-role-id", apply: (c) => (c.cluster.security.azurePolicy = !c.cluster.security.azurePolicy) },
  "cluster.security.azureRbac": { config: "vnet-system-identity", apply: (c) => (c.cluster.security.azureRbac = !c.cluster.security.azureRbac) },
  "cluster.security.diskEncryptionSetId": { config: "adopted-udr-private", apply: (c) => (c.cluster.security.diskEncryptionSetId = c.cluster.security.diskEncryptionSetId.replace("des-aks", "des-aks-2")) },
  "cluster.security.keyVaultSecretsProvider": { config: "adopted-udr-private", apply: (c) => (c.cluster.security.keyVaultSecretsProvider = false) },
  "cluster.security.localAccountsDisabled": { config: "vnet-system-identity", apply: (c) => (c.cluster.security.localAccountsDisabled = !c.cluster.security.localAccountsDisabled) },
  "cluster.security.tenantId": { config: "adopted-udr-private", apply: (c) => (c.cluster.security.tenantId = "22222222-3333-4444-5555-666666666666") },
  "cluster.security.workloadIdentity": { config: "vnet-system-identity", apply: (c) => (c.cluster.security.workloadIdentity = !c.cluster.security.workloadIdentity) },
  "cluster.security.defender.enabled": { config: "cluster-settings", apply: (c) => (c.cluster.security.defender = { enabled: false }) },
  "cluster.security.defender.logAnalyticsWorkspaceId": {
    config: "cluster-settings",
    apply: (c) => (c.cluster.security.defender.logAnalyticsWorkspaceId = c.cluster.security.defender.logAnalyticsWorkspaceId.replace("log-security", "log-defender")),
  },
  "cluster.security.imageCleaner": {
    config: "cluster-settings",
    apply: (c) => {
      c.cluster.security.imageCleaner = false;
      c.acceptedRisks.push({ rule: "SEC-03", reason: "Image Cleaner off on this cluster, for this edit only." });
    },
  },
  "cluster.security.imageCleanerIntervalHours": { config: "cluster-settings", apply: (c) => (c.cluster.security.imageCleanerIntervalHours = 240) },
  "cluster.security.runCommand": {
    config: "cluster-settings",
    apply: (c) => {
      c.cluster.security.runCommand = true;
      c.acceptedRisks.push({ rule: "SEC-04", reason: "Run command on for this cluster, for this edit only." });
    },
  },
  "cluster.upgrade.channel": { config: "managed-nat-long-names", apply: (c) => (c.cluster.upgrade.channel = "patch") },
  "cluster.upgrade.nodeOsChannel": { config: "vnet-system-identity", apply: (c) => (c.cluster.upgrade.nodeOsChannel = "SecurityPatch") },
  "cluster.monitoring.enabled": { config: "adopted-nat-role-id", apply: (c) => (c.cluster.monitoring.enabled = true) },
  "cluster.monitoring.logAnalyticsWorkspaceId": { config: "adopted-udr-private", apply: (c) => (c.cluster.monitoring.logAnalyticsWorkspaceId = c.cluster.monitoring.logAnalyticsWorkspaceId.replace("log-central", "log-central-2")) },
  // A block azurerm writes as a whole (the autoscaler profile, a maintenance configuration) is edited as a whole: every
  // setting at once, so that a setting that replaced anything would show in this one plan.
  "cluster.autoScalerProfile.*": {
    config: "cluster-settings",
    apply: (c) =>
      Object.assign(c.cluster.autoScalerProfile, {
        balanceSimilarNodeGroups: false,
        daemonsetEvictionForEmptyNodes: false,
        daemonsetEvictionForOccupiedNodes: false,
        expander: "most-pods",
        ignoreDaemonsetsUtilization: false,
        maxGracefulTerminationSec: 600,
        maxNodeProvisioningTime: "15m",
        maxUnreadyNodes: 3,
        maxUnreadyPercentage: 45,
        newPodScaleUpDelay: "0s",
        scanInterval: "10s",
        scaleDownDelayAfterAdd: "10m",
        scaleDownDelayAfterDelete: "10s",
        scaleDownDelayAfterFailure: "3m",
        scaleDownUnneeded: "10m",
        scaleDownUnready: "20m",
        scaleDownUtilizationThreshold: 0.5,
        emptyBulkDeleteMax: 10,
        skipNodesWithLocalStorage: false,
        skipNodesWithSystemPods: true,
      }),
  },
  "cluster.maintenance.autoUpgrade.*": {
    config: "cluster-settings",
    apply: (c) =>
      (c.cluster.maintenance.autoUpgrade = {
        frequency: "AbsoluteMonthly",
        interval: 2,
        dayOfMonth: 1,
        startTime: "01:30",
        durationHours: 6,
        utcOffset: "+02:00",
        startDate: "2027-02-07",
        notAllowedDates: [{ start: "2027-12-22", end: "2028-01-04" }],
      }),
  },
  "cluster.maintenance.nodeOs.*": {
    config: "cluster-settings",
    apply: (c) => (c.cluster.maintenance.nodeOs = { frequency: "Weekly", interval: 3, dayOfWeek: "Thursday", startTime: "20:00", durationHours: 12, utcOffset: "-03:00" }),
  },
  "cluster.maintenance.aksReleases.*": {
    config: "cluster-settings",
    apply: (c) =>
      (c.cluster.maintenance.aksReleases = { allowed: [{ day: "Sunday", hours: [1, 2, 3, 4] }], notAllowed: [{ start: "2027-12-23T00:00:00Z", end: "2027-12-28T00:00:00Z" }] }),
  },
  "cluster.monitoring.controlPlaneLogs.enabled": {
    config: "cluster-settings",
    apply: (c) => {
      c.cluster.monitoring.controlPlaneLogs.enabled = false;
      c.acceptedRisks.push({ rule: "SEC-01", reason: "Control-plane logs off on this cluster, for this edit only." });
    },
  },
  "cluster.monitoring.controlPlaneLogs.categories": { config: "cluster-settings", apply: (c) => c.cluster.monitoring.controlPlaneLogs.categories.push("kube-scheduler") },
  "cluster.monitoring.controlPlaneLogs.logAnalyticsWorkspaceId": {
    config: "cluster-settings",
    apply: (c) => (c.cluster.monitoring.controlPlaneLogs.logAnalyticsWorkspaceId = c.cluster.monitoring.controlPlaneLogs.logAnalyticsWorkspaceId.replace("log-security", "log-security-2")),
  },
  "cluster.monitoring.controlPlaneLogs.storageAccountId": {
    config: "adopted-nat-role-id",
    apply: (c) => (c.cluster.monitoring.controlPlaneLogs.storageAccountId = c.cluster.monitoring.controlPlaneLogs.storageAccountId.replace("stauditnat", "stauditnat2")),
  },
  "cluster.monitoring.retentionInDays": { config: "vnet-system-identity", apply: (c) => (c.cluster.monitoring.retentionInDays = 60) },
  "network.podCidr": { config: "prod", apply: (c) => (c.network.podCidr = "10.245.0.0/16") },
  "network.serviceCidr": { config: "prod", apply: (c) => Object.assign(c.network, { serviceCidr: "10.1.0.0/16", dnsServiceIp: "10.1.0.10" }) },
  "network.dnsServiceIp": { config: "prod", apply: (c) => (c.network.dnsServiceIp = "10.0.0.11") },
  "network.networkPluginMode": { config: "vnet-role-none", apply: (c) => delete c.network.networkPluginMode },
  "network.outboundType": { config: "vnet-system-identity", apply: (c) => (c.network.outboundType = "loadBalancer") },
  "network.existingSubnetId": { config: "adopted-nat-role-id", apply: (c) => (c.network.existingSubnetId = c.network.existingSubnetId.replace(/subnets\/[^/]+$/, "subnets/snet-other")) },
  "network.subnetRole": { config: "prod", apply: (c) => (c.network.subnetRole = "MinimalCustomRole") },
  "network.subnetRoleAssignment.condition": { config: "adopted-nat-role-id", apply: (c) => (c.network.subnetRoleAssignment.condition = c.network.subnetRoleAssignment.condition.replace(/'[^']*'$/, "'snet-other'")) },
  "network.subnetRoleAssignment.conditionVersion": { config: "adopted-nat-role-id", apply: (c) => (c.network.subnetRoleAssignment.conditionVersion = "1.0") },
  "network.subnetRoleAssignment.name": { config: "adopted-nat-role-id", apply: (c) => (c.network.subnetRoleAssignment.name = "6f4c5b2a-1111-4222-8333-944455556666") },
  // ServicePrincipal is the only valid value (RA-02), so the edit writes it out or leaves it to the default.
  "network.subnetRoleAssignment.principalType": { config: "adopted-nat-role-id", apply: (c) => delete c.network.subnetRoleAssignment.principalType },
  "network.subnetRoleAssignment.roleDefinitionId": { config: "adopted-nat-role-id", apply: (c) => (c.network.subnetRoleAssignment.roleDefinitionId = c.network.subnetRoleAssignment.roleDefinitionId.replace(/[0-9a-f-]{36}$/, "9980e02c-c2be-4d73-94e8-173b1dc7cf3c")) },
  "network.subnetRoleAssignment.roleDefinitionName": { config: "vnet-system-identity", apply: (c) => (c.network.subnetRoleAssignment.roleDefinitionName = "Contributor") },
  "network.vnet.name": { config: "prod", apply: (c) => (c.network.vnet.name = `${c.network.vnet.name}-2`) },
  "network.vnet.addressSpace": { config: "prod", apply: (c) => c.network.vnet.addressSpace.push("10.250.0.0/16") },
  "network.vnet.subnet.name": { config: "prod", apply: (c) => (c.network.vnet.subnet.name = `${c.network.vnet.subnet.name}-2`) },
  "network.vnet.subnet.addressPrefixes": { config: "prod", apply: (c) => (c.network.vnet.subnet.addressPrefixes = ["10.224.0.0/15"]) },
  // Overlay is the only mode AKS takes: the edit removes it, which azurerm's CustomizeDiff answers with a new cluster (BYO-03).
  "network.vnet.networkSecurityGroup": { config: "vnet-system-identity", apply: (c) => (c.network.vnet.networkSecurityGroup = !c.network.vnet.networkSecurityGroup) },
  // Subnets for pools of their own, API Server VNet Integration, a private DNS zone of your own, the load balancer's outbound rule.
  "cluster.defaultNodePool.subnetName": { config: "adopted-pool-subnets-public-vnet-integration", apply: (c) => (c.cluster.defaultNodePool.subnetName = "snet-web") },
  "cluster.userNodePools[*].subnetName": { config: "vnet-pool-subnets-private-dns", apply: (c) => (c.cluster.userNodePools[0].subnetName = "snet-system") },
  "network.vnet.poolSubnets[*].name": {
    config: "vnet-pool-subnets-private-dns",
    apply: (c) => {
      c.network.vnet.poolSubnets[0].name = "snet-apps-2";
      c.cluster.userNodePools[0].subnetName = "snet-apps-2";
    },
  },
  "network.vnet.poolSubnets[*].addressPrefixes": { config: "vnet-pool-subnets-private-dns", apply: (c) => (c.network.vnet.poolSubnets[0].addressPrefixes = ["10.224.8.0/22"]) },
  "network.existingPoolSubnets[*].id": {
    config: "adopted-pool-subnets-public-vnet-integration",
    apply: (c) => {
      c.network.existingPoolSubnets[1].id = c.network.existingPoolSubnets[1].id.replace(/snet-batch$/, "snet-batch-2");
      c.cluster.userNodePools[1].subnetName = "snet-batch-2";
    },
  },
  "network.vnet.apiServerSubnet.name": { config: "vnet-pool-subnets-private-dns", apply: (c) => (c.network.vnet.apiServerSubnet.name = "snet-apiserver-2") },
  "network.vnet.apiServerSubnet.addressPrefixes": { config: "vnet-pool-subnets-private-dns", apply: (c) => (c.network.vnet.apiServerSubnet.addressPrefixes = ["10.224.254.0/27"]) },
  "network.existingApiServerSubnetId": {
    config: "adopted-pool-subnets-public-vnet-integration",
    apply: (c) => (c.network.existingApiServerSubnetId = c.network.existingApiServerSubnetId.replace(/snet-apiserver$/, "snet-apiserver-2")),
  },
  // Turning VNet integration off takes its subnet away too (API-14 otherwise): azurerm replaces the cluster, and AKS could not turn it off in place anyway.
  "cluster.apiServer.vnetIntegration": {
    config: "adopted-pool-subnets-public-vnet-integration",
    apply: (c) => {
      c.cluster.apiServer.vnetIntegration = false;
      delete c.network.existingApiServerSubnetId;
      delete c.network.existingApiServerSubnetAddressPrefixes;
    },
  },
  "cluster.apiServer.privateDnsZone": { config: "vnet-pool-subnets-private-dns", apply: (c) => (c.cluster.apiServer.privateDnsZone = c.cluster.apiServer.privateDnsZone.replace(/privatelink\./, "aks.privatelink.")) },
  "network.loadBalancer.managedOutboundIpCount": { config: "vnet-pool-subnets-private-dns", apply: (c) => (c.network.loadBalancer.managedOutboundIpCount = 3) },
  "network.loadBalancer.allocatedOutboundPorts": { config: "vnet-pool-subnets-private-dns", apply: (c) => (c.network.loadBalancer.allocatedOutboundPorts = 4096) },
  "network.loadBalancer.idleTimeoutInMinutes": { config: "vnet-pool-subnets-private-dns", apply: (c) => (c.network.loadBalancer.idleTimeoutInMinutes = 30) },
  "network.loadBalancer.outboundIpIds": {
    config: "adopted-pool-subnets-public-vnet-integration",
    apply: (c) => c.network.loadBalancer.outboundIpIds.push(c.network.loadBalancer.outboundIpIds[0].replace(/-1$/, "-3")),
  },
  "network.loadBalancer.outboundIpPrefixIds": { config: "managed-vnet-lb-prefix-integration", apply: (c) => (c.network.loadBalancer.outboundIpPrefixIds = [c.network.loadBalancer.outboundIpPrefixIds[0].replace(/prefix$/, "prefix-2")]) },
  ignoredTags: { config: "adopted-udr-private", apply: (c) => (c.ignoredTags = ["CostCenter"]) },
  "tags.*": { config: "adopted-udr-private", apply: (c) => (c.tags.owner = "another-team") },
};

/** Config blocks that azurerm writes in one piece: one edit covers every setting in them. */
const WHOLE_BLOCKS = ["cluster.autoScalerProfile", "cluster.maintenance.autoUpgrade", "cluster.maintenance.nodeOs", "cluster.maintenance.aksReleases"];

/** The fields the configs set, array indexes as `[*]`, tags, labels, Helm values and whole blocks as `.*`. */
function fieldsOf(value: unknown, prefix = "", out = new Set<string>()): Set<string> {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      const p = prefix ? `${prefix}.${k}` : k;
      // Maps of free keys (tags, labels, Helm values) and blocks azurerm writes as a whole are edited as a whole.
      if (p === "cni.values" || /(?:^|\.)(?:tags|nodeLabels)$/.test(p) || WHOLE_BLOCKS.includes(p)) out.add(`${p}.*`);
      else fieldsOf(v, p, out);
    }
  } else if (Array.isArray(value) && value.some((x) => x && typeof x === "object")) {
    value.forEach((x) => fieldsOf(x, `${prefix}[*]`, out));
  } else out.add(prefix);
  return out;
}

const notPlanned = (field: string) => Object.keys(NOT_PLANNED).some((p) => field === p || field.startsWith(`${p}.`) || field.startsWith(`${p}[`));

test("every field the shipped and option-matrix configs set has an edit here, or a reason why no plan sees it", () => {
  const fields = new Set([...CONFIGS.values()].flatMap((c) => [...fieldsOf(c)]));
  expect([...fields].filter((f) => !(f in EDITS) && !notPlanned(f)).sort()).toEqual([]);
});

/** Per edit: what the table predicts and what the provider plans (address -> replace | destroy), or why it could not be planned. */
const verdicts = new Map<string, { predicted: Record<string, string>; planned: Record<string, string> } | { error: string }>();

/** The verdict of the real provider: replaced and destroyed addresses. */
function plannedVerdict(changes: readonly { address: string; actions: readonly string[]; previousAddress?: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of changes) {
    if (c.actions.includes("delete")) out[c.previousAddress ?? c.address] = c.actions.includes("create") ? "replace" : "destroy";
  }
  return out;
}

function predictedVerdict(base: Record<string, unknown>, head: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of replacementChanges(base, head)) if (c.effect !== "rotates") out[c.resource] = c.effect === "destroys" ? "destroy" : "replace";
  return out;
}

beforeAll(async () => {
  const bases = new Map<string, Record<string, unknown>>();
  const jobs = Object.entries(EDITS).map(([field, e]) => ({ field, ...e }));
  const run = (p: OfflinePlanner, job: (typeof jobs)[number]) =>
    plan(p, job).catch((e: unknown) => verdicts.set(job.field, { error: `${job.field} (${job.config}): ${e instanceof Error ? e.message : String(e)}` }));
  const plan = async (p: OfflinePlanner, job: (typeof jobs)[number]) => {
    const config = CONFIGS.get(job.config)!;
    if (!bases.has(job.config)) bases.set(job.config, synthEnvironment(config, job.config).json);
    const base = bases.get(job.config)!;
    const head = synthEnvironment(edited(config as AksByoCniConfig, job.apply), job.config).json;
    const result = await p.planAgainst(head, await p.deployedState(base));
    if (!result.ok) throw new Error(`${job.field} (${job.config}): the provider refuses the plan: ${result.error}`);
    verdicts.set(job.field, { predicted: predictedVerdict(base, head), planned: plannedVerdict(result.changes) });
  };
  // Two planners (the machines running CI have two cores); each takes the next edit.
  const planners = await Promise.all([planner(), planner()]);
  let next = 0;
  try {
    await Promise.all(
      planners.map(async (p) => {
        while (next < jobs.length) await run(p, jobs[next++]!);
      }),
    );
  } finally {
    await Promise.all(planners.map((p) => p.close()));
    cleanUp();
  }
  // About a hundred plans on two planners: ten minutes on an idle machine, more when it is shared.
}, 1_800_000);

test.each(Object.keys(EDITS))("%s: the resources the table says are replaced or destroyed are those the provider plans to", (field) => {
  const v = verdicts.get(field)!;
  if ("error" in v) throw new Error(v.error);
  expect(v.predicted).toEqual(v.planned);
});
