/**
 * One environment (a config file) resolved: the resource group, the node
 * network when the cluster joins a subnet you provide, and the cluster.
 * `environmentInputs` splits a config between the network and the cluster;
 * the stack builds its constructs from exactly these inputs, and
 * `resolveEnvironment` resolves them the way the constructs do.
 */
import type { AksByoCniConfig } from "../config/types";
import { resolveCluster, type ClusterInput, type ClusterNetworkSettings, type ClusterPlan } from "./cluster";
import { DEFAULTS } from "./defaults";
import { NODE_NETWORK_FIELDS, resolveNetwork, type NetworkInput, type NetworkPlan, type NodeNetworkSettings } from "./network";

/** An environment, as it will be built. */
export interface EnvironmentPlan {
  /** The resource group. */
  readonly resourceGroup: {
    /** Its name. */
    readonly name: string;
    /** True when it exists already (read, not created). */
    readonly existing: boolean;
  };
  /** Undefined when AKS creates its own VNet (no `network.vnet` or `network.existingSubnetId`). */
  readonly network?: NetworkPlan;
  /** The cluster. */
  readonly cluster: ClusterPlan;
}

/** What each part of an environment is built from. */
export interface EnvironmentInputs {
  /** The node network; undefined when AKS creates its own VNet. */
  readonly network?: NetworkInput;
  /** The cluster, without the node network it joins. */
  readonly cluster: Omit<ClusterInput, "subnet">;
}

/**
 * Splits a config between the node network and the cluster. The identity
 * goes to the network when there is a subnet of yours (it is granted there),
 * else to the cluster.
 */
export function environmentInputs(config: AksByoCniConfig): EnvironmentInputs {
  const { identity, ...cluster } = config.cluster;
  const all: Record<string, unknown> = { ...(config.network ?? {}) };
  const nodeNetwork: Record<string, unknown> = {};
  for (const key of NODE_NETWORK_FIELDS) {
    if (key in all) nodeNetwork[key] = all[key];
    delete all[key];
  }
  const clusterNetwork = all as ClusterNetworkSettings;
  const { vnet, existingSubnetId } = nodeNetwork as NodeNetworkSettings;
  const { existingPoolSubnets, existingApiServerSubnetId } = nodeNetwork as NodeNetworkSettings;
  // Adopted pool or API server subnets need a node subnet of yours too: the network's checks say so (NET-14).
  const ownSubnet = vnet !== undefined || existingSubnetId !== undefined || existingPoolSubnets !== undefined || existingApiServerSubnetId !== undefined;
  return {
    network: ownSubnet
      ? {
          location: config.location,
          namePrefix: cluster.name,
          network: nodeNetwork as NodeNetworkSettings,
          identity,
        }
      : undefined,
    cluster: {
      location: config.location,
      resourceGroupName: config.resourceGroup.name,
      cluster,
      identity: ownSubnet ? undefined : identity,
      network: clusterNetwork,
      cni: config.cni,
    },
  };
}

/** Resolves one environment; `isUnknown` tells Terraform references (cdktf tokens) from literals. */
export function resolveEnvironment(config: AksByoCniConfig, isUnknown: (value: unknown) => boolean): EnvironmentPlan {
  const inputs = environmentInputs(config);
  const network = inputs.network && resolveNetwork(inputs.network, isUnknown);
  return {
    resourceGroup: { name: config.resourceGroup.name, existing: config.resourceGroup.existing ?? DEFAULTS.ResourceGroupSettings.existing },
    network,
    cluster: resolveCluster({ ...inputs.cluster, subnet: network }, isUnknown),
  };
}
