/**
 * AKS with a CNI of your own choosing, as CDK for Terraform constructs.
 *
 * Importing this module has no side effects: it reads no files and
 * synthesizes nothing. The app (`aks-byocni-cdktf/app`, run by `main.ts`) does that.
 * @packageDocumentation
 */
export { AksResourceGroup, type AksResourceGroupProps } from "./aks-resource-group";
export {
  AksNetwork,
  AksNodeSubnet,
  MINIMAL_SUBNET_ACTIONS,
  NETWORK_CONTRIBUTOR,
  type AksAdoptedSubnetProps,
  type AksNetworkProps,
  type ControlPlaneIdentity,
} from "./aks-network";
export {
  AksByoCniCluster,
  type AksByoCniClusterBaseProps,
  type AksByoCniClusterInSubnetProps,
  type AksByoCniClusterManagedVnetProps,
  type AksByoCniClusterProps,
} from "./aks-byo-cni-cluster";
export { AksByoCniStack, type AksByoCniStackProps } from "./aks-byo-cni-stack";
// Loads the Helm bindings only when constructed: @cdktf/provider-helm stays an optional peer.
export { CiliumCniStack, type CiliumCniStackProps } from "./cilium-cni-stack";
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
  type MaintenancePlan,
  type MaintenanceWindowPlan,
  type PerNodeBlock,
  type PlannedValue,
  type WorkspaceRef,
} from "./plan/cluster";
export { resolveNetwork, type NetworkPlan, type NetworkInput, type NodeNetworkSettings, type RangeList, type SubnetGrantPlan } from "./plan/network";
export { poolTags, type PoolPlan, type NodeDemand, type OsDiskPlan, type NodePoolSettingsAsWritten } from "./plan/pools";
export { AcceptedRisks, RULE_CATALOGUE } from "./validation";
export { AksProtection, PROTECTION_FILE, protectionFileOf, type ProtectedResourceEntry, type ProtectionFile } from "./day2";
export { resolveProtection, PROTECTED_RESOURCES, type ProtectionPlan } from "./plan/protection";
export type { Acceptance, Finding, RuleDefinition, Severity } from "./rules/engine";
export { AksPolicyChecks, policyReportOf, type PolicyReport, type SuppressedFinding, type WarnedFinding } from "./policy/aspect";
export { AksPolicyPack, CHECKOV_CONFIG_FILE } from "./policy/pack";
export { POLICY_RULES, type PolicyRule, type SynthesizedResource, type Verdict } from "./policy/rules";
export { type NetworkPolicyEngine } from "./policy/network-policy";
export { checkovConfig } from "./policy/checkov-config";
