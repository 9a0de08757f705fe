import {
  DataAzurermSubnet,
  DataAzurermVirtualNetwork,
  NetworkSecurityGroup,
  RoleAssignment,
  RoleDefinition,
  Subnet,
  SubnetNetworkSecurityGroupAssociation,
  UserAssignedIdentity,
  VirtualNetwork,
} from "./bindings/azurerm";
import { Construct, Fn, Token, type ITerraformDependable } from "./bindings/cdktf";
import type { AcceptedRisk, ClusterIdentityType, NetworkSettings, SubnetRole } from "./config/types";
import { parseSubnetId } from "./net/arm-id";
import { checkNetwork } from "./rules/checks";
import type { NodeSubnetFacts, RangeList } from "./rules/facts";
import { synthesizedAttributes } from "./synthesized";
import { AcceptedRisks, addRuleValidation } from "./validation";

/** Built-in Network Contributor. */
export const NETWORK_CONTRIBUTOR = "Network Contributor";
/** The two actions AKS needs on a subnet it joins (use-byo-cni). */
export const MINIMAL_SUBNET_ACTIONS = [
  "Microsoft.Network/virtualNetworks/subnets/join/action",
  "Microsoft.Network/virtualNetworks/subnets/read",
] as const;

/** The control-plane identity granted on the subnet before the cluster exists. */
export interface ControlPlaneIdentity {
  /** ARM ID of the user-assigned identity. */
  readonly id: string;
  /** Its principal (object) ID. */
  readonly principalId: string;
}

/**
 * The node subnet as {@link AksByoCniCluster} needs it: where it is, what is
 * known about its ranges, and the grant the cluster must wait for.
 */
export interface AksNodeSubnet {
  /** ARM ID of the subnet (a reference when it is created in the same stack). */
  readonly id: string;
  /** What the cluster's rules may check (ranges, location, grant). */
  readonly facts: NodeSubnetFacts;
  /** A user-assigned identity already granted its role on the subnet. */
  readonly controlPlaneIdentity?: ControlPlaneIdentity;
  /** Resources the cluster must depend on (the role assignment). */
  readonly dependables: ITerraformDependable[];
  /**
   * Grants the subnet role to a principal that exists only after the cluster
   * (a system-assigned identity). Not needed when `controlPlaneIdentity` is set.
   */
  grantTo(principalId: string): RoleAssignment | undefined;
  /**
   * Asks Terraform to check, at plan time, that the subnet holds `addresses`
   * node addresses (for an adopted subnet whose prefixes were not declared).
   * @returns whether the check could be added
   */
  requireCapacity(addresses: number): boolean;
}

/** Props of {@link AksNetwork}. */
export interface AksNetworkProps {
  /** Azure region (config: `location`). */
  readonly location: string;
  /** Resource group of the VNet, identity and role (config: `resourceGroup.name`). */
  readonly resourceGroupName: string;
  /** Used in the names of the identity, custom role and security group, e.g. the cluster name. */
  readonly namePrefix: string;
  /** `vnet` to create one, or `existingSubnetId` to adopt one; the subnet role (config: `network`). */
  readonly network: NetworkSettings;
  /**
   * Control-plane identity to grant. `UserAssigned`: an identity is created
   * here and granted before the cluster. `SystemAssigned`: the cluster calls
   * `nodeSubnet.grantTo` with its own principal after creation (rule RA-08 warns).
   * @default "UserAssigned"
   */
  readonly identity?: ClusterIdentityType;
  /** @default none */
  readonly tags?: Record<string, string>;
  /** Rules accepted knowingly for this construct and everything below it. @default none */
  readonly acceptedRisks?: AcceptedRisk[];
}

/**
 * The node network of a BYOCNI cluster: creates a VNet, node subnet (never
 * delegated) and a network security group that allows traffic within the
 * node subnet, or adopts an existing subnet by ARM ID; then grants the
 * control-plane identity its role on the subnet only.
 */
export class AksNetwork extends Construct {
  /** The node subnet, to pass to `AksByoCniClusterProps.nodeSubnet`. */
  public readonly nodeSubnet: AksNodeSubnet;
  /** The created VNet; undefined when a subnet is adopted. */
  public readonly virtualNetwork?: VirtualNetwork;
  /** The created node subnet; undefined when a subnet is adopted. */
  public readonly subnet?: Subnet;
  /** The security group on a created node subnet; undefined when adopted or turned off. */
  public readonly networkSecurityGroup?: NetworkSecurityGroup;
  /** The adopted subnet, read at plan time (its postconditions check the declared ranges). */
  public readonly adoptedSubnet?: DataAzurermSubnet;
  /** The user-assigned control-plane identity; undefined with `identity: "SystemAssigned"`. */
  public readonly identity?: UserAssignedIdentity;
  /** The custom role with subnet join and read only; set with `subnetRole: "MinimalCustomRole"`. */
  public readonly roleDefinition?: RoleDefinition;
  /**
   * The control-plane identity's grant on the subnet; undefined with
   * `subnetRole: "None"`. With a system-assigned identity it is set when the
   * cluster calls `nodeSubnet.grantTo`.
   */
  public roleAssignment?: RoleAssignment;

  private readonly props: AksNetworkProps;
  private readonly subnetId: string;
  /** Postconditions of the adopted subnet's data source; others may add to them before synth. */
  private readonly adoptedChecks: { condition: string; errorMessage: string }[] = [];

  constructor(scope: Construct, id: string, props: AksNetworkProps) {
    super(scope, id);
    this.props = props;
    AcceptedRisks.add(this, props.acceptedRisks ?? []);
    const n = props.network;
    const identityType = props.identity ?? "UserAssigned";
    const common = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };

    let facts: Omit<NodeSubnetFacts, "grant">;
    if (n.vnet) {
      const v = n.vnet;
      this.virtualNetwork = new VirtualNetwork(this, "vnet", { ...common, name: v.name, addressSpace: v.addressSpace });
      this.subnet = new Subnet(this, "nodes", {
        name: v.subnet.name,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.virtualNetwork.name,
        addressPrefixes: v.subnet.addressPrefixes,
      });
      this.subnetId = this.subnet.id;
      if (v.networkSecurityGroup !== false) {
        this.networkSecurityGroup = this.nodeSecurityGroup(v.subnet.name, v.subnet.addressPrefixes);
        new SubnetNetworkSecurityGroupAssociation(this, "nodes-nsg", {
          subnetId: this.subnet.id,
          networkSecurityGroupId: this.networkSecurityGroup.id,
        });
      }
      facts = {
        origin: "created",
        id: this.subnetId,
        idPath: "network.vnet.subnet",
        addressPrefixes: { path: "network.vnet.subnet.addressPrefixes", values: v.subnet.addressPrefixes },
        vnetAddressSpace: { path: "network.vnet.addressSpace", values: v.addressSpace },
        otherSubnets: (v.otherSubnets ?? []).map((s, i): RangeList => ({
          path: `network.vnet.otherSubnets[${i}].addressPrefixes`,
          values: s.addressPrefixes,
        })),
        location: props.location,
      };
    } else {
      this.subnetId = n.existingSubnetId ?? "";
      this.adoptedSubnet = this.readAdoptedSubnet(this.subnetId, n);
      facts = {
        origin: "adopted",
        id: this.subnetId,
        idPath: "network.existingSubnetId",
        addressPrefixes: n.existingSubnetAddressPrefixes && { path: "network.existingSubnetAddressPrefixes", values: n.existingSubnetAddressPrefixes },
        vnetAddressSpace: n.existingVnetAddressSpace && { path: "network.existingVnetAddressSpace", values: n.existingVnetAddressSpace },
      };
    }

    const role: SubnetRole = n.subnetRole ?? "NetworkContributor";
    if (role === "MinimalCustomRole") {
      // Custom roles cannot be assignable at a subnet; the subnet's resource group is the narrowest scope.
      const groupScope = Fn.join("/", Fn.slice(Fn.split("/", this.subnetId), 0, 5));
      this.roleDefinition = new RoleDefinition(this, "subnet-join-role", {
        name: `aks-byocni-subnet-join-${props.namePrefix}`,
        scope: groupScope,
        description: "Lets an AKS control plane place nodes in a subnet (bring-your-own CNI): subnets/join/action and subnets/read only.",
        permissions: [{ actions: [...MINIMAL_SUBNET_ACTIONS] }],
        assignableScopes: [groupScope],
      });
    }

    let controlPlaneIdentity: ControlPlaneIdentity | undefined;
    if (identityType === "UserAssigned") {
      this.identity = new UserAssignedIdentity(this, "control-plane", { ...common, name: `id-${props.namePrefix}-control-plane` });
      controlPlaneIdentity = { id: this.identity.id, principalId: this.identity.principalId };
      this.roleAssignment = this.grant(controlPlaneIdentity.principalId);
    }

    this.nodeSubnet = {
      id: this.subnetId,
      facts: { ...facts, grant: role === "None" ? undefined : { role, identity: identityType, scope: this.subnetId } },
      controlPlaneIdentity,
      // Only a grant made before the cluster can be waited for; a SystemAssigned grant comes after it.
      dependables: this.roleAssignment ? [this.roleAssignment] : [],
      grantTo: (principalId: string) => (this.roleAssignment ??= this.grant(principalId)),
      requireCapacity: (addresses: number) => {
        if (!this.adoptedSubnet) return false;
        this.adoptedChecks.push({
          condition: `\${pow(2, 32 - tonumber(split("/", self.address_prefixes[0])[1])) - 5 >= ${addresses}}`,
          errorMessage: `the adopted node subnet holds fewer than ${addresses} node addresses (nodes at maximum scale with upgrade surge, plus internal load balancer frontends; Azure reserves 5 per subnet) [NET-07]`,
        });
        return true;
      },
    };

    addRuleValidation(this, (ctx) =>
      checkNetwork(ctx, {
        location: props.location,
        network: n,
        identity: identityType,
        subnetJson: this.subnet && synthesizedAttributes(this.subnet),
        roleAssignmentJson: this.roleAssignment && synthesizedAttributes(this.roleAssignment),
        roleAssignment: n.subnetRoleAssignment,
      }),
    );
  }

  /** The role assignment on the subnet; `undefined` with `subnetRole: None`. */
  private grant(principalId: string): RoleAssignment | undefined {
    const n = this.props.network;
    const role: SubnetRole = n.subnetRole ?? "NetworkContributor";
    if (role === "None") return undefined;
    const s = n.subnetRoleAssignment ?? {};
    const byName = role === "NetworkContributor" ? NETWORK_CONTRIBUTOR : s.roleDefinitionName;
    const byId = role === "MinimalCustomRole" ? this.roleDefinition?.roleDefinitionResourceId : s.roleDefinitionId;
    const roleKey = byId ?? byName ?? "";
    return new RoleAssignment(this, "subnet-role", {
      // Deterministic, so that a re-run recreates the same assignment instead of failing on a duplicate.
      name: s.name ?? Fn.uuidv5("url", `aks-byocni|${this.subnetId}|${principalId}|${roleKey}`),
      scope: this.subnetId,
      principalId,
      principalType: s.principalType ?? "ServicePrincipal",
      roleDefinitionName: byId === undefined ? byName : undefined,
      roleDefinitionId: byId,
      condition: s.condition,
      conditionVersion: s.conditionVersion ?? (s.condition ? "2.0" : undefined),
    });
  }

  /** A security group that allows all traffic within the node subnet (the BYOCNI prerequisite). */
  private nodeSecurityGroup(subnetName: string, prefixes: string[]): NetworkSecurityGroup {
    const p = this.props;
    const rule = (name: string, priority: number, direction: string) => ({
      name,
      priority,
      direction,
      access: "Allow",
      protocol: "*",
      sourcePortRange: "*",
      destinationPortRange: "*",
      sourceAddressPrefixes: prefixes,
      destinationAddressPrefixes: prefixes,
      description: "Node-to-node traffic, including the CNI's overlay (e.g. Cilium VXLAN UDP 8472, health TCP 4240)",
    });
    return new NetworkSecurityGroup(this, "nodes-nsg-group", {
      name: `nsg-${subnetName}`,
      location: p.location,
      resourceGroupName: p.resourceGroupName,
      tags: p.tags,
      securityRule: [rule("AllowNodeSubnetInbound", 100, "Inbound"), rule("AllowNodeSubnetOutbound", 100, "Outbound")],
    });
  }

  /**
   * Reads the adopted subnet (and its VNet) at plan time, with postconditions
   * that the ranges declared in the config are the real ones and that a
   * route table exists for userDefinedRouting.
   */
  private readAdoptedSubnet(subnetId: string, n: NetworkSettings): DataAzurermSubnet | undefined {
    const parsed = Token.isUnresolved(subnetId) ? undefined : parseSubnetId(subnetId);
    if (!parsed && !Token.isUnresolved(subnetId)) return undefined; // RA-05 reports the malformed ID
    const segment = (i: number) => (parsed ? undefined : Fn.element(Fn.split("/", subnetId), i));
    const names = {
      name: parsed?.subnetName ?? segment(10)!,
      virtualNetworkName: parsed?.virtualNetworkName ?? segment(8)!,
      resourceGroupName: parsed?.resourceGroupName ?? segment(4)!,
    };
    const postcondition = this.adoptedChecks;
    if (n.existingSubnetAddressPrefixes) {
      postcondition.push({
        condition: `\${toset(self.address_prefixes) == toset(${JSON.stringify(n.existingSubnetAddressPrefixes)})}`,
        errorMessage: `network.existingSubnetAddressPrefixes ${JSON.stringify(n.existingSubnetAddressPrefixes)} does not match the subnet in Azure; the synth-time checks used the declared value [NET-07]`,
      });
    }
    if (n.outboundType === "userDefinedRouting") {
      postcondition.push({
        condition: "${length(compact([self.route_table_id])) > 0}",
        errorMessage: "network.outboundType is userDefinedRouting but the adopted subnet has no route table; associate one with 0.0.0.0/0 to your firewall or appliance [OUT-03]",
      });
    }
    const subnet = new DataAzurermSubnet(this, "adopted-subnet", { ...names, lifecycle: { postcondition } });
    if (n.existingVnetAddressSpace) {
      new DataAzurermVirtualNetwork(this, "adopted-vnet", {
        name: names.virtualNetworkName,
        resourceGroupName: names.resourceGroupName,
        lifecycle: {
          postcondition: [
            {
              condition: `\${toset(self.address_space) == toset(${JSON.stringify(n.existingVnetAddressSpace)})}`,
              errorMessage: `network.existingVnetAddressSpace ${JSON.stringify(n.existingVnetAddressSpace)} does not match the VNet in Azure; the synth-time overlap checks used the declared value [SVC-02]`,
            },
          ],
        },
      });
    }
    return subnet;
  }
}
