/**
 * The azurerm provider classes this library uses, each imported by its deep
 * path. Importing the package root loads all ~1,500 resource classes (about
 * 3.5 s and 350 MB); a deep path loads only the one needed.
 */
import providerPackage from "@cdktf/provider-azurerm/package.json";

/**
 * The hashicorp/azurerm version these bindings were generated from, which
 * they pin in `required_providers` (4.55.0 for cdktf, 4.73.0 for cdktn).
 */
export const AZURERM_PROVIDER_VERSION: string = providerPackage.cdktf.provider.version;
export { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
export { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
export { DataAzurermResourceGroup } from "@cdktf/provider-azurerm/lib/data-azurerm-resource-group";
export { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
export { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
export { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
export { DataAzurermSubnet } from "@cdktf/provider-azurerm/lib/data-azurerm-subnet";
export { DataAzurermVirtualNetwork } from "@cdktf/provider-azurerm/lib/data-azurerm-virtual-network";
export { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
export { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
export { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
export { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
export { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
export { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
export { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
export type { KubernetesClusterConfig } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
export { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
export { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
export { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
