/**
 * AKS with a CNI of your own choosing, as CDK for Terraform constructs.
 *
 * Importing this module has no side effects: it reads no files and
 * synthesizes nothing. The app (`aks-byocni-cdktf/app`, run by `main.ts`) does that.
 * @packageDocumentation
 */
export { AksResourceGroup, type AksResourceGroupProps } from "./constructs/aks-resource-group";
export {
  AksNetwork,
  AksNodeSubnet,
  MINIMAL_SUBNET_ACTIONS,
  NETWORK_CONTRIBUTOR,
  type AksAdoptedSubnetProps,
  type AksNetworkProps,
  type ControlPlaneIdentity,
} from "./constructs/aks-network";
export {
  AksByoCniCluster,
  type AksByoCniClusterBaseProps,
  type AksByoCniClusterInSubnetProps,
  type AksByoCniClusterManagedVnetProps,
  type AksByoCniClusterProps,
} from "./constructs/aks-byo-cni-cluster";
export { AksByoCniStack, type AksByoCniStackProps } from "./constructs/aks-byo-cni-stack";
// Loads the Helm bindings only when constructed: @cdktf/provider-helm stays an optional peer.
export { CiliumCniStack, type CiliumCniStackProps } from "./constructs/cilium-cni-stack";
export type * from "./config/types";
export { checkConfigShape, isAksByoCniConfig, type ShapeProblem } from "./config/schema";
export { resolveEnvironment, environmentInputs, type EnvironmentPlan, type EnvironmentInputs } from "./plan/environment";
export {
  resolveCluster,
  type ClusterPlan,
  type ClusterInput,
  type ClusterOptions,
  type ClusterNetworkSettings,
  type CniPlan,
  type ControlPlaneLogsPlan,
  type DefenderPlan,
  type IdentityPlan,
  type KubeletIdentityPlan,
  type LoadBalancerPlan,
  type MaintenancePlan,
  type MaintenanceWindowPlan,
  type NodeSubnetUse,
  type PerNodeBlock,
  type PodRangePlan,
  type WorkspaceRef,
} from "./plan/cluster";
export { resolveNetwork, type ExtraSubnetPlan, type NetworkPlan, type NetworkInput, type NodeNetworkSettings, type PlannedSubnetId, type SubnetGrantPlan } from "./plan/network";
export type { PlannedAddress, PlannedCidr, PlannedText, RangeList } from "./plan/addresses";
export type { Cidr, Ipv4Cidr, Ipv6Cidr, ParseError } from "./net/cidr";
export type { SubnetId } from "./net/arm-id";
export type { VmSize } from "./reference/vm-sizes";
export { poolTags, type PoolPlan, type NodeDemand, type OsDiskPlan, type NodePoolSettingsAsWritten } from "./plan/pools";
export { AcceptedRisks } from "./constructs/accepted-risks";
export { RULE_CATALOGUE } from "./rules/catalogue";
export { AksProtection, PROTECTION_FILE, protectionFileOf } from "./constructs/aks-protection";
export { resolveProtection, PROTECTED_RESOURCES, type ProtectionPlan, type ProtectedResourceEntry, type ProtectionFile } from "./plan/protection";
export type { Acceptance, Finding, RuleDefinition, Severity } from "./rules/engine";
export { AksPolicyChecks, policyReportOf } from "./constructs/aks-policy-checks";
export { AksPolicyPack, CHECKOV_CONFIG_FILE } from "./constructs/aks-policy-pack";
export { POLICY_RULES, type PolicyReport, type PolicyRule, type SuppressedFinding, type SynthesizedResource, type Verdict, type WarnedFinding } from "./rules/policy";
export { type NetworkPolicyEngine } from "./rules/network-policy";
export { checkovConfig } from "./report/checkov-config";
