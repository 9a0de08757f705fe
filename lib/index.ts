/**
 * AKS with a CNI of your own choosing, as CDK for Terraform constructs.
 *
 * Importing this module has no side effects: it reads no files and
 * synthesizes nothing. The app in `main.ts` does that.
 * @packageDocumentation
 */
export { AksResourceGroup, type AksResourceGroupProps } from "./aks-resource-group";
export {
  AksNetwork,
  MINIMAL_SUBNET_ACTIONS,
  NETWORK_CONTRIBUTOR,
  type AksNetworkProps,
  type AksNodeSubnet,
  type ControlPlaneIdentity,
} from "./aks-network";
export { AksByoCniCluster, type AksByoCniClusterProps } from "./aks-byo-cni-cluster";
export { AksByoCniStack, type AksByoCniStackOptions } from "./aks-byo-cni-stack";
// Loads the Helm bindings only when constructed: @cdktf/provider-helm stays an optional peer.
export { CiliumCniStack, type CiliumCniStackProps } from "./cilium-cni-stack";
export type * from "./config/types";
export { checkConfigShape, isAksByoCniConfig, type ShapeProblem } from "./config/schema";
export { loadConfigDir, loadConfigFile, type Environment, type LoadProblem, type LoadResult } from "./config/load";
export { AcceptedRisks, RULE_CATALOGUE } from "./validation";
export type { Acceptance, Finding, RuleDefinition, Severity } from "./rules/engine";
export type { NodeSubnetFacts, RangeList, SubnetGrantFacts } from "./rules/facts";
export { AksPolicyChecks, policyReportOf, type PolicyReport, type SuppressedFinding } from "./policy/aspect";
export { POLICY_RULES, type PolicyRule, type SynthesizedResource, type Verdict } from "./policy/rules";
export { suppressPolicy } from "./policy/suppressions";
export { checkovConfig } from "./policy/checkov-config";
export { synthesizeSafely, stagingDirectory, formatLine, type Level, type ReportLine, type SynthOutcome } from "./app/synth";
export { runApp, type RunOptions } from "./app/run";
