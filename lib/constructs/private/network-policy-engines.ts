/**
 * Which cluster resource gets which NetworkPolicy engine from a CNI stack of
 * this project: the Cilium stack records it, the policy pack reads it for
 * CKV_AZURE_7.
 */
import type { IConstruct } from "../../bindings/cdktf";
import type { NetworkPolicyEngine } from "../../rules/network-policy";

const ENGINES = new WeakMap<IConstruct, NetworkPolicyEngine>();

/** Records that `cluster` (its `azurerm_kubernetes_cluster` resource) gets `engine` from a CNI stack. */
export function recordNetworkPolicyEngine(cluster: IConstruct, engine: NetworkPolicyEngine): void {
  ENGINES.set(cluster, engine);
}

/** The engine recorded for a cluster resource, if a CNI stack of this project installs one. */
export function networkPolicyEngineOf(cluster: IConstruct): NetworkPolicyEngine | undefined {
  return ENGINES.get(cluster);
}
