/**
 * What the checks look at: the settings of what is being built, in the shape
 * of the config file, plus what the constructs know about each other (the
 * node subnet the cluster joins, the resources they emitted).
 *
 * Values may be cdktf tokens (unknown until Terraform runs); checks ask the
 * `RuleContext` before reading them.
 */
import type {
  ClusterIdentityType,
  ClusterSettings,
  CniSettings,
  NetworkSettings,
  SubnetRole,
  SubnetRoleAssignmentSettings,
} from "../config/types";

/** A list of ranges and the config path of the list. */
export interface RangeList {
  /** Config path of the list, e.g. `network.vnet.addressSpace`. */
  readonly path: string;
  /** The ranges (literals, or references unknown at synth time). */
  readonly values: readonly string[];
}

/** The node subnet as the cluster sees it. */
export interface NodeSubnetFacts {
  /** `created`: this project creates the VNet and subnet; `adopted`: it exists already. */
  readonly origin: "created" | "adopted";
  /** ARM ID (a token when the subnet is created in the same stack). */
  readonly id: string;
  /** Config path of the ID (`network.existingSubnetId`) or of the subnet (`network.vnet.subnet`). */
  readonly idPath: string;
  /** Address prefixes of the node subnet, when known. */
  readonly addressPrefixes?: RangeList;
  /** Address space of the subnet's VNet, when known. */
  readonly vnetAddressSpace?: RangeList;
  /** Other subnets of the same VNet, when known. */
  readonly otherSubnets?: readonly RangeList[];
  /** Location of the VNet, when known. */
  readonly location?: string;
  /** The grant of a subnet role to the control-plane identity, if any. */
  readonly grant?: SubnetGrantFacts;
}

/** The role assignment on the node subnet. */
export interface SubnetGrantFacts {
  /** The role granted. */
  readonly role: SubnetRole;
  /** The identity type the grant was made for. */
  readonly identity: ClusterIdentityType;
  /** Scope of the assignment (the subnet ID, or a token). */
  readonly scope: string;
}

/** Everything the cluster checks see. */
export interface ClusterFacts {
  readonly location: string;
  readonly resourceGroupName: string;
  readonly cluster: ClusterSettings;
  /** The `network` section; `{}` when absent. */
  readonly network: NetworkSettings;
  /** The identity the cluster will use, after defaults. */
  readonly identity: ClusterIdentityType;
  /** The node subnet; absent for the AKS-managed VNet. */
  readonly subnet?: NodeSubnetFacts;
  /** The CNI to be installed, when known. */
  readonly cni?: CniSettings;
  /** Top-level attributes of the synthesized cluster (overrides included). */
  readonly clusterJson?: Readonly<Record<string, unknown>>;
  /** `network_profile` of the synthesized cluster (overrides included). */
  readonly networkProfileJson?: Readonly<Record<string, unknown>>;
  /** `default_node_pool` of the synthesized cluster (overrides included). */
  readonly defaultNodePoolJson?: Readonly<Record<string, unknown>>;
  /** The synthesized user node pools, by pool name (overrides included). */
  readonly userNodePoolsJson?: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/** Everything the network checks see. */
export interface NetworkFacts {
  readonly location: string;
  readonly network: NetworkSettings;
  /** The identity the grant is for. */
  readonly identity: ClusterIdentityType;
  /** The synthesized node subnet resource, when created (overrides included). */
  readonly subnetJson?: Readonly<Record<string, unknown>>;
  /** The synthesized role assignment (overrides included). */
  readonly roleAssignmentJson?: Readonly<Record<string, unknown>>;
  readonly roleAssignment?: SubnetRoleAssignmentSettings;
}
