/**
 * The node network after defaults: a VNet and node subnet to create, or a
 * subnet to adopt; the control-plane identity it is granted to (the network
 * owns that decision); and the grant itself.
 */
import type { ClusterIdentityType, NetworkSettings, SubnetRole, SubnetRoleAssignmentSettings } from "../config/types";
import { parseSubnetId, type SubnetId } from "../net/arm-id";
import { addressReader, type AddressReader, type RangeList } from "./addresses";
import { DEFAULTS, IDENTITY_WITH_OWN_SUBNET } from "./defaults";
import { controlPlaneIdentityName, nodeSecurityGroupName, subnetJoinRoleName } from "./names";

/** The fields of the `network` section that describe the node subnet and its grant. */
export type NodeNetworkSettings = Pick<
  NetworkSettings,
  | "vnet"
  | "existingSubnetId"
  | "existingVnetAddressSpace"
  | "existingSubnetAddressPrefixes"
  | "existingPoolSubnets"
  | "existingApiServerSubnetId"
  | "existingApiServerSubnetAddressPrefixes"
  | "subnetRole"
  | "subnetRoleAssignment"
>;

/** The network fields that {@link NodeNetworkSettings} lists, for splitting a `network` section. */
export const NODE_NETWORK_FIELDS = [
  "vnet",
  "existingSubnetId",
  "existingVnetAddressSpace",
  "existingSubnetAddressPrefixes",
  "existingPoolSubnets",
  "existingApiServerSubnetId",
  "existingApiServerSubnetAddressPrefixes",
  "subnetRole",
  "subnetRoleAssignment",
] as const satisfies readonly (keyof NodeNetworkSettings)[];

/** What the network is resolved from. */
export interface NetworkInput {
  /** Azure region (config: `location`). */
  readonly location: string;
  /** Used in the names of the identity and custom role, e.g. the cluster name. */
  readonly namePrefix: string;
  /** The node-subnet fields of `network`. */
  readonly network: NodeNetworkSettings;
  /** @default UserAssigned (created here and granted before the cluster) */
  readonly identity?: ClusterIdentityType;
}

/** An adopted subnet's ARM ID, read once: as written, whether it is a Terraform reference, and its segments. */
export interface PlannedSubnetId {
  /** The ID as written. */
  readonly text: string;
  /** True when the ID is a Terraform reference: unknown until apply, and not parsed. */
  readonly unknown: boolean;
  /** Its segments; undefined when it is a reference or malformed (RA-05 reports that). */
  readonly parsed?: SubnetId;
}

/** The grant of a role on the node subnet to the control-plane identity. */
export interface SubnetGrantPlan {
  /** The role granted. */
  readonly role: Exclude<SubnetRole, "None">;
  /** Built-in or existing role by name (`Network Contributor`, or the one named). */
  readonly roleDefinitionName?: string;
  /** Existing role by ID. */
  readonly roleDefinitionId?: string;
  /** The custom role created with `MinimalCustomRole`. */
  readonly customRoleName?: string;
  /** Principal type of the assignment (`ServicePrincipal` for managed identities). */
  readonly principalType: string;
  /** Name (UUID) of the assignment; derived from scope, principal and role when unset. */
  readonly name?: string;
  /** ABAC condition of the assignment. */
  readonly condition?: string;
  /** Version of the ABAC condition. */
  readonly conditionVersion?: string;
  /** True with a system-assigned identity: the principal exists only after the cluster. */
  readonly afterCluster: boolean;
}

/**
 * A subnet of the network beside the node subnet: a pool subnet or the API
 * server subnet, created here or adopted by ID.
 */
export interface ExtraSubnetPlan {
  /** The subnet's name: as written, or the last segment of the adopted ID. */
  readonly name: string;
  /** `created` here, or `adopted` by ID. */
  readonly origin: "created" | "adopted";
  /** Config path of the entry, e.g. `network.vnet.poolSubnets[0]` or `network.existingApiServerSubnetId`. */
  readonly path: string;
  /** ARM ID of an adopted subnet, as written and read. */
  readonly adopted?: PlannedSubnetId;
  /** Its prefixes, when known. */
  readonly prefixes?: RangeList;
}

/** The node network, as it will be built. */
export interface NetworkPlan {
  /** `created`: this project creates the VNet and subnet; `adopted`: it exists already. */
  readonly origin: "created" | "adopted";
  /** Config path of the subnet (`network.vnet.subnet`) or of its ID (`network.existingSubnetId`). */
  readonly idPath: string;
  /** Azure region of the VNet (the network's location). */
  readonly location: string;
  /** The network section as written (rules report on these values). */
  readonly settings: NodeNetworkSettings;
  /** The VNet and subnet to create. */
  readonly vnet?: {
    /** The VNet's name. */
    readonly name: string;
    /** The node subnet's name. */
    readonly subnetName: string;
    /** Name of the node subnet's security group; undefined when turned off. */
    readonly securityGroupName?: string;
  };
  /** ARM ID of the adopted node subnet, as written and read. */
  readonly adoptedSubnet?: PlannedSubnetId;
  /** Prefixes of the node subnet, when known. */
  readonly subnetPrefixes?: RangeList;
  /** Address space of the VNet, when known. */
  readonly vnetSpace?: RangeList;
  /** Other subnets of the same VNet, when declared. */
  readonly otherSubnets: readonly RangeList[];
  /** Name of the node subnet (created, or the last segment of the adopted ID); undefined when the ID is malformed or a reference. */
  readonly nodeSubnetName?: string;
  /** Subnets for pools of their own, created and adopted, in the order written. */
  readonly poolSubnets: readonly ExtraSubnetPlan[];
  /** The API server subnet of VNet integration, when declared. */
  readonly apiServerSubnet?: ExtraSubnetPlan;
  /** The control-plane identity: its type, and the name of the user-assigned one created with the network. */
  readonly identity: {
    /** The identity type. */
    readonly type: ClusterIdentityType;
    /** Name of the user-assigned identity created with the network. */
    readonly name?: string;
  };
  /** The role on the subnet, after the default. */
  readonly role: SubnetRole;
  /** The grant; undefined with `subnetRole: None`. */
  readonly grant?: SubnetGrantPlan;
}

/** The delegation of an API server subnet (api-server-vnet-integration). */
export const API_SERVER_DELEGATION = "Microsoft.ContainerService/managedClusters";
/** The actions Azure gives that delegation (written, so that a refresh shows no drift). */
export const API_SERVER_DELEGATION_ACTIONS = ["Microsoft.Network/virtualNetworks/subnets/join/action"] as const;

/** Network Contributor, by name. */
export const NETWORK_CONTRIBUTOR = "Network Contributor";

function grantOf(role: SubnetRole, s: SubnetRoleAssignmentSettings, prefix: string, afterCluster: boolean): SubnetGrantPlan | undefined {
  if (role === "None") return undefined;
  return {
    role,
    roleDefinitionName: role === "NetworkContributor" ? NETWORK_CONTRIBUTOR : role === "Existing" ? s.roleDefinitionName : undefined,
    roleDefinitionId: role === "Existing" ? s.roleDefinitionId : undefined,
    customRoleName: role === "MinimalCustomRole" ? subnetJoinRoleName(prefix) : undefined,
    principalType: s.principalType ?? DEFAULTS.SubnetRoleAssignmentSettings.principalType,
    name: s.name,
    condition: s.condition,
    conditionVersion: s.conditionVersion ?? (s.condition !== undefined ? "2.0" : undefined),
    afterCluster,
  };
}

/** The last segment of an adopted subnet's ID, when it is a subnet ID. */
function adoptedName(id: unknown): string | undefined {
  return typeof id === "string" ? parseSubnetId(id)?.subnetName : undefined;
}

/** Reads an adopted subnet's ID; undefined when none is given. */
function subnetIdReader(isUnknown: (value: unknown) => boolean) {
  return (id: string | undefined): PlannedSubnetId | undefined => {
    if (id === undefined || id === null) return undefined;
    if (isUnknown(id)) return { text: id, unknown: true };
    return { text: id, unknown: false, parsed: typeof id === "string" ? parseSubnetId(id) : undefined };
  };
}

/** The pool subnets and the API server subnet, created and adopted. */
function extraSubnets(n: NodeNetworkSettings, read: AddressReader, readId: ReturnType<typeof subnetIdReader>): Pick<NetworkPlan, "poolSubnets" | "apiServerSubnet"> {
  const created = (n.vnet?.poolSubnets ?? []).map(
    (sn, i): ExtraSubnetPlan => ({ name: sn.name, origin: "created", path: `network.vnet.poolSubnets[${i}]`, prefixes: read.rangeList(`network.vnet.poolSubnets[${i}].addressPrefixes`, sn.addressPrefixes) }),
  );
  const adopted = (n.existingPoolSubnets ?? []).map(
    (sn, i): ExtraSubnetPlan => ({
      name: adoptedName(sn.id) ?? `(network.existingPoolSubnets[${i}])`,
      origin: "adopted",
      path: `network.existingPoolSubnets[${i}]`,
      adopted: readId(sn.id),
      prefixes: sn.addressPrefixes && read.rangeList(`network.existingPoolSubnets[${i}].addressPrefixes`, sn.addressPrefixes),
    }),
  );
  const api = n.vnet?.apiServerSubnet;
  const apiServerSubnet: ExtraSubnetPlan | undefined = api
    ? { name: api.name, origin: "created", path: "network.vnet.apiServerSubnet", prefixes: read.rangeList("network.vnet.apiServerSubnet.addressPrefixes", api.addressPrefixes) }
    : n.existingApiServerSubnetId !== undefined
      ? {
          name: adoptedName(n.existingApiServerSubnetId) ?? "(network.existingApiServerSubnetId)",
          origin: "adopted",
          path: "network.existingApiServerSubnetId",
          adopted: readId(n.existingApiServerSubnetId),
          prefixes: n.existingApiServerSubnetAddressPrefixes && read.rangeList("network.existingApiServerSubnetAddressPrefixes", n.existingApiServerSubnetAddressPrefixes),
        }
      : undefined;
  return { poolSubnets: [...created, ...adopted], apiServerSubnet };
}

/** Resolves the node network; `isUnknown` tells Terraform references (cdktf tokens) from literals. */
export function resolveNetwork(input: NetworkInput, isUnknown: (value: unknown) => boolean): NetworkPlan {
  const n = input.network;
  const read = addressReader(isUnknown);
  const readId = subnetIdReader(isUnknown);
  const identityType = input.identity ?? IDENTITY_WITH_OWN_SUBNET;
  const role = n.subnetRole ?? DEFAULTS.NetworkSettings.subnetRole;
  const common = {
    location: input.location,
    settings: n,
    identity: { type: identityType, name: identityType === "UserAssigned" ? controlPlaneIdentityName(input.namePrefix) : undefined },
    role,
    grant: grantOf(role, n.subnetRoleAssignment ?? {}, input.namePrefix, identityType === "SystemAssigned"),
    ...extraSubnets(n, read, readId),
  };
  if (n.vnet) {
    const v = n.vnet;
    return {
      ...common,
      origin: "created",
      idPath: "network.vnet.subnet",
      vnet: {
        name: v.name,
        subnetName: v.subnet.name,
        securityGroupName: (v.networkSecurityGroup ?? DEFAULTS.VnetSettings.networkSecurityGroup) ? nodeSecurityGroupName(String(v.subnet.name)) : undefined,
      },
      subnetPrefixes: read.rangeList("network.vnet.subnet.addressPrefixes", v.subnet.addressPrefixes),
      vnetSpace: read.rangeList("network.vnet.addressSpace", v.addressSpace),
      otherSubnets: (v.otherSubnets ?? []).map((s, i) => read.rangeList(`network.vnet.otherSubnets[${i}].addressPrefixes`, s.addressPrefixes)),
      nodeSubnetName: v.subnet.name,
    };
  }
  return {
    ...common,
    origin: "adopted",
    idPath: "network.existingSubnetId",
    adoptedSubnet: readId(n.existingSubnetId ?? ""),
    subnetPrefixes: n.existingSubnetAddressPrefixes && read.rangeList("network.existingSubnetAddressPrefixes", n.existingSubnetAddressPrefixes),
    vnetSpace: n.existingVnetAddressSpace && read.rangeList("network.existingVnetAddressSpace", n.existingVnetAddressSpace),
    otherSubnets: [],
    nodeSubnetName: adoptedName(n.existingSubnetId),
  };
}
