/**
 * What the checks look at: the resolved plan of what is being built (in the
 * shape of the config file, after defaults), plus, when the constructs exist,
 * the resources as they will be synthesized, so that escape-hatch overrides
 * are seen too.
 *
 * Values may be cdktf tokens (unknown until Terraform runs). The plan records
 * which of its ranges, addresses and pool counts are (`unknown`,
 * `unknownPaths`) and what the known ones come to; for any other value,
 * checks ask the `RuleContext` before reading it.
 */
import type { ClusterPlan } from "../plan/cluster";
import type { NetworkPlan } from "../plan/network";

/** A synthesized resource's attributes (snake case, overrides applied). */
export type Attributes = Readonly<Record<string, unknown>>;

/** The cluster's resources as synthesized. */
export interface SynthesizedCluster {
  /** Top-level attributes of `azurerm_kubernetes_cluster`. */
  readonly cluster: Attributes;
  /** Its `network_profile` block. */
  readonly networkProfile?: Attributes;
  /** Its `default_node_pool` block. */
  readonly defaultNodePool?: Attributes;
  /** The `azurerm_kubernetes_cluster_node_pool` resources, in the order of `cluster.userNodePools`. */
  readonly userNodePools: readonly Attributes[];
  /** The location of the node subnet's VNet as synthesized (overrides included), when the cluster joins a subnet of yours. */
  readonly vnetLocation?: unknown;
}

/** Everything the cluster checks see. */
export interface ClusterCheckInput {
  readonly plan: ClusterPlan;
  /** Absent when the checks run on a plan alone (no constructs): the checks of synthesized attributes are then skipped. */
  readonly synthesized?: SynthesizedCluster;
}

/** The network's resources as synthesized. */
export interface SynthesizedNetwork {
  /** The created node subnet. */
  readonly subnet?: Attributes;
  /** The role assignment on the subnet. */
  readonly roleAssignment?: Attributes;
  /** The created pool subnets, by name. */
  readonly poolSubnets?: Readonly<Record<string, Attributes>>;
  /** The created API server subnet. */
  readonly apiServerSubnet?: Attributes;
}

/** Everything the network checks see. */
export interface NetworkCheckInput {
  readonly plan: NetworkPlan;
  readonly synthesized?: SynthesizedNetwork;
}

/** A nested block as cdktf emits it: an object, or a one-element list after an override. */
export function block(value: unknown): Readonly<Record<string, unknown>> | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
}

/** Set in synthesized JSON: not absent, null, empty text or an empty list. */
export const isSet = (v: unknown): boolean => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);
