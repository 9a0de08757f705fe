import {
  DataAzurermSubnet,
  DataAzurermVirtualNetwork,
  NetworkSecurityGroup,
  NetworkSecurityRule,
  RoleAssignment,
  RoleDefinition,
  Subnet,
  SubnetNetworkSecurityGroupAssociation,
  UserAssignedIdentity,
  VirtualNetwork,
} from "../bindings/azurerm";
import { Construct, Fn, Token, type ITerraformDependable } from "../bindings/cdktf";
import type { AcceptedRisk, ClusterIdentityType, SubnetRoleAssignmentSettings } from "../config/types";
import { protectResource } from "./aks-protection";
import { ignoreChanges, ignoredTagChanges } from "./private/lifecycle";
import { parseSubnetId } from "../net/arm-id";
import { resolveNetwork, type NetworkPlan, type NodeNetworkSettings } from "../plan/network";
import { checkNetwork } from "../rules/checks";
import { checkIgnoredTags } from "../rules/day2";
import { checkTags } from "../rules/tags";
import { synthesizedAttributes } from "./private/synthesized";
import { AcceptedRisks } from "./accepted-risks";
import { addRuleValidation } from "./private/rule-validation";

export { NETWORK_CONTRIBUTOR } from "../plan/network";
/** The two actions AKS needs on a subnet it joins (use-byo-cni). */
export const MINIMAL_SUBNET_ACTIONS = [
  "Microsoft.Network/virtualNetworks/subnets/join/action",
  "Microsoft.Network/virtualNetworks/subnets/read",
] as const;

/** The control-plane identity a node subnet was granted to. */
export interface ControlPlaneIdentity {
  /** `UserAssigned`: created with the network and granted before the cluster; `SystemAssigned`: the cluster's own, granted after it. */
  readonly type: ClusterIdentityType;
  /** ARM ID of the user-assigned identity; undefined for a system-assigned one. */
  readonly id?: string;
  /** Its principal (object) ID; undefined for a system-assigned one (known only once the cluster exists). */
  readonly principalId?: string;
}

/** @internal What the cluster construct needs of its node subnet beyond the public members. */
export interface NodeSubnetLink {
  readonly plan: NetworkPlan;
  /** Resources the cluster must depend on (the grant, when it is made before the cluster). */
  readonly dependables: readonly ITerraformDependable[];
  /** Grants the subnet role to the cluster's system-assigned identity, after the cluster exists. */
  grantAfterCluster(principalId: string): void;
  /** Adds a plan-time check to an adopted subnet; false when the subnet is created here. */
  addPlanCheck(condition: string, errorMessage: string): boolean;
  /** The VNet's location as synthesized (overrides included); the network's location for an adopted subnet. */
  synthesizedLocation(): unknown;
}

const LINKS = new WeakMap<AksNodeSubnet, NodeSubnetLink>();

/**
 * The rules that allow traffic within the node subnet, by direction. Their
 * priority is not 100, which inline rules of earlier versions of this
 * project hold on groups they created (two rules of one direction may not
 * share a priority).
 */
const NODE_SUBNET_RULES = [
  ["Inbound", "AllowNodeSubnetInbound-aks"],
  ["Outbound", "AllowNodeSubnetOutbound-aks"],
] as const;
const NODE_SUBNET_RULE_PRIORITY = 120;

/**
 * The node subnet as a cluster joins it: where it is, and the control-plane
 * identity granted on it. Made by {@link AksNetwork}; pass it to
 * `AksByoCniClusterProps.nodeSubnet`. The cluster then uses exactly that
 * identity and waits for its grant, so the two cannot disagree.
 */
export class AksNodeSubnet {
  /** ARM ID of the subnet (a reference when it is created in the same stack). */
  public readonly id: string;
  /** The control-plane identity granted on the subnet. */
  public readonly identity: ControlPlaneIdentity;

  /** @internal */
  constructor(id: string, identity: ControlPlaneIdentity, link: NodeSubnetLink) {
    this.id = id;
    this.identity = identity;
    LINKS.set(this, link);
  }
}

/** @internal The node network behind a node subnet, for the cluster construct. */
export function nodeSubnetLink(subnet: AksNodeSubnet): NodeSubnetLink {
  const link = LINKS.get(subnet);
  if (!link) throw new Error("nodeSubnet must come from AksNetwork (AksNetwork.nodeSubnet or AksNetwork.fromSubnet)");
  return link;
}

/** Props of {@link AksNetwork}. */
export interface AksNetworkProps {
  /** Azure region (config: `location`). */
  readonly location: string;
  /** Resource group of the VNet, identity and role (config: `resourceGroup.name`). */
  readonly resourceGroupName: string;
  /** Used in the names of the identity and custom role, e.g. the cluster name. */
  readonly namePrefix: string;
  /**
   * `vnet` to create one, or `existingSubnetId` to adopt one; the subnet role
   * (config: the node-subnet fields of `network`).
   */
  readonly network: NodeNetworkSettings;
  /**
   * The control-plane identity of the cluster that joins this subnet; this
   * construct owns the decision and the cluster takes it from `nodeSubnet`.
   * `UserAssigned`: an identity is created here and granted before the
   * cluster. `SystemAssigned`: the cluster's own identity is granted after
   * the cluster exists (rule RA-08 warns about the race).
   * @default "UserAssigned"
   */
  readonly identity?: ClusterIdentityType;
  /** Tags on the VNet, security group and identity. @default none */
  readonly tags?: Record<string, string>;
  /** Tag keys set outside this code (e.g. by an Azure Policy) that deploys leave alone. @default none */
  readonly ignoredTags?: string[];
  /** Rules accepted knowingly for this construct and everything below it. @default none */
  readonly acceptedRisks?: AcceptedRisk[];
}

/** Props of {@link AksNetwork.fromSubnet}: a subnet that exists already. */
export interface AksAdoptedSubnetProps extends Omit<AksNetworkProps, "network"> {
  /** ARM ID of the subnet (config: `network.existingSubnetId`). */
  readonly subnetId: string;
  /**
   * The subnet's address prefixes, so that capacity and overlaps are checked
   * at synth time (and compared with Azure's at plan time).
   * @default unknown: checked at plan time only
   */
  readonly addressPrefixes?: string[];
  /** The address space of the subnet's VNet, for the overlap checks. @default unknown */
  readonly vnetAddressSpace?: string[];
  /** Role of the control-plane identity on the subnet. @default "NetworkContributor" */
  readonly subnetRole?: NodeNetworkSettings["subnetRole"];
  /** Fine-tuning of the grant. @default a deterministic name, principal type ServicePrincipal */
  readonly subnetRoleAssignment?: SubnetRoleAssignmentSettings;
}

/**
 * The node network of a BYOCNI cluster: creates a VNet, node subnet (never
 * delegated) and a network security group that allows traffic within the
 * node subnet, or adopts an existing subnet by ARM ID; creates the
 * control-plane identity (user-assigned by default) and grants it its role
 * on the subnet only. The VNet, subnet, identity and grant are protected
 * (`vnet`, `subnet`, `identity`, `subnetGrant`; see {@link AksProtection}).
 */
export class AksNetwork extends Construct {
  /** Adopts an existing subnet: the same as `new AksNetwork` with `network.existingSubnetId`. */
  static fromSubnet(scope: Construct, id: string, props: AksAdoptedSubnetProps): AksNetwork {
    const { subnetId, addressPrefixes, vnetAddressSpace, subnetRole, subnetRoleAssignment, ...rest } = props;
    return new AksNetwork(scope, id, {
      ...rest,
      network: {
        existingSubnetId: subnetId,
        existingSubnetAddressPrefixes: addressPrefixes,
        existingVnetAddressSpace: vnetAddressSpace,
        subnetRole,
        subnetRoleAssignment,
      },
    });
  }

  /** The network as resolved (defaults applied, names derived). */
  public readonly plan: NetworkPlan;
  /** The node subnet, to pass to `AksByoCniClusterProps.nodeSubnet`. */
  public readonly nodeSubnet: AksNodeSubnet;
  /** The created VNet; undefined when a subnet is adopted. */
  public readonly virtualNetwork?: VirtualNetwork;
  /** The created node subnet; undefined when a subnet is adopted. */
  public readonly subnet?: Subnet;
  /** The security group on a created node subnet; undefined when adopted or turned off. */
  public readonly networkSecurityGroup?: NetworkSecurityGroup;
  /**
   * Its rules that allow traffic within the node subnet, inbound and
   * outbound: separate resources, so rules added to the group elsewhere survive deploys.
   */
  public readonly networkSecurityRules: NetworkSecurityRule[] = [];
  /** The adopted subnet, read at plan time (its postconditions check the declared ranges). */
  public readonly adoptedSubnet?: DataAzurermSubnet;
  /** The user-assigned control-plane identity; undefined with `identity: "SystemAssigned"`. */
  public readonly identity?: UserAssignedIdentity;
  /** The custom role with subnet join and read only; set with `subnetRole: "MinimalCustomRole"`. */
  public readonly roleDefinition?: RoleDefinition;

  private readonly props: AksNetworkProps;
  private readonly subnetId: string;
  private grantResource?: RoleAssignment;
  /** Postconditions of the adopted subnet's data source; the cluster may add to them before synth. */
  private readonly adoptedChecks: { condition: string; errorMessage: string }[] = [];

  constructor(scope: Construct, id: string, props: AksNetworkProps) {
    super(scope, id);
    this.props = props;
    AcceptedRisks.add(this, props.acceptedRisks ?? []);
    this.plan = resolveNetwork({ location: props.location, namePrefix: props.namePrefix, network: props.network, identity: props.identity });
    const plan = this.plan;

    if (plan.vnet) {
      const built = this.createVnet(plan);
      this.virtualNetwork = built.vnet;
      this.subnet = built.subnet;
      this.networkSecurityGroup = built.nsg;
      this.subnetId = built.subnet.id;
    } else {
      this.subnetId = plan.adoptedSubnetId ?? "";
      this.adoptedSubnet = this.readAdoptedSubnet(plan);
    }
    if (plan.grant?.customRoleName) this.roleDefinition = this.createSubnetJoinRole(plan.grant.customRoleName);

    let identity: ControlPlaneIdentity = { type: plan.identity.type };
    if (plan.identity.name) {
      this.identity = new UserAssignedIdentity(this, "control-plane", { ...this.common(), name: plan.identity.name });
      this.tagged(this.identity);
      protectResource(this.identity, "identity", "cluster.identity");
      identity = { type: "UserAssigned", id: this.identity.id, principalId: this.identity.principalId };
      this.grantResource = this.grant(identity.principalId!);
    }
    this.nodeSubnet = new AksNodeSubnet(this.subnetId, identity, {
      plan,
      // Only a grant made before the cluster can be waited for; a system-assigned grant comes after it.
      dependables: this.grantResource ? [this.grantResource] : [],
      grantAfterCluster: (principalId) => {
        if (plan.grant?.afterCluster && !this.grantResource) this.grantResource = this.grant(principalId);
      },
      addPlanCheck: (condition, errorMessage) => {
        if (!this.adoptedSubnet) return false;
        this.adoptedChecks.push({ condition, errorMessage });
        return true;
      },
      synthesizedLocation: () => (this.virtualNetwork ? synthesizedAttributes(this.virtualNetwork).location : plan.location),
    });

    addRuleValidation(this, (ctx) => {
      checkNetwork(ctx, {
        plan,
        synthesized: {
          subnet: this.subnet && synthesizedAttributes(this.subnet),
          roleAssignment: this.grantResource && synthesizedAttributes(this.grantResource),
        },
      });
      checkTags(ctx, props.tags);
      checkIgnoredTags(ctx, props.ignoredTags, props.tags);
    });
  }

  /**
   * The control-plane identity's grant on the subnet; undefined with
   * `subnetRole: "None"`, and with a system-assigned identity until the
   * cluster that joins the subnet is built.
   */
  public get roleAssignment(): RoleAssignment | undefined {
    return this.grantResource;
  }

  private common() {
    return { location: this.props.location, resourceGroupName: this.props.resourceGroupName, tags: this.props.tags };
  }

  /** Leaves the tag keys managed elsewhere alone on a tagged resource. */
  private tagged(resource: VirtualNetwork | NetworkSecurityGroup | UserAssignedIdentity): void {
    ignoreChanges(resource, ignoredTagChanges(this.props.ignoredTags));
  }

  private createVnet(plan: NetworkPlan): { vnet: VirtualNetwork; subnet: Subnet; nsg?: NetworkSecurityGroup } {
    const v = this.props.network.vnet!;
    const vnet = new VirtualNetwork(this, "vnet", { ...this.common(), name: v.name, addressSpace: v.addressSpace });
    this.tagged(vnet);
    protectResource(vnet, "vnet", "network.vnet");
    const subnet = new Subnet(this, "nodes", {
      name: v.subnet.name,
      resourceGroupName: this.props.resourceGroupName,
      virtualNetworkName: vnet.name,
      addressPrefixes: v.subnet.addressPrefixes,
    });
    protectResource(subnet, "subnet", "network.vnet.subnet");
    const nsgName = plan.vnet?.securityGroupName;
    if (nsgName === undefined) return { vnet, subnet };
    const nsg = this.nodeSecurityGroup(nsgName, v.subnet.addressPrefixes);
    new SubnetNetworkSecurityGroupAssociation(this, "nodes-nsg", { subnetId: subnet.id, networkSecurityGroupId: nsg.id });
    return { vnet, subnet, nsg };
  }

  /** The custom role; custom roles cannot be assignable at a subnet, so the subnet's resource group is the narrowest scope. */
  private createSubnetJoinRole(name: string): RoleDefinition {
    const groupScope = Fn.join("/", Fn.slice(Fn.split("/", this.subnetId), 0, 5));
    return new RoleDefinition(this, "subnet-join-role", {
      name,
      scope: groupScope,
      description: "Lets an AKS control plane place nodes in a subnet (bring-your-own CNI): subnets/join/action and subnets/read only.",
      permissions: [{ actions: [...MINIMAL_SUBNET_ACTIONS] }],
      assignableScopes: [groupScope],
    });
  }

  /** The role assignment on the subnet; `undefined` with `subnetRole: None`. */
  private grant(principalId: string): RoleAssignment | undefined {
    const g = this.plan.grant;
    if (!g) return undefined;
    const byId = this.roleDefinition?.roleDefinitionResourceId ?? g.roleDefinitionId;
    const byName = byId === undefined ? g.roleDefinitionName : undefined;
    const assignment = new RoleAssignment(this, "subnet-role", {
      // Deterministic, so that a re-run recreates the same assignment instead of failing on a duplicate.
      name: g.name ?? Fn.uuidv5("url", `aks-byocni|${this.subnetId}|${principalId}|${byId ?? byName ?? ""}`),
      scope: this.subnetId,
      principalId,
      principalType: g.principalType,
      roleDefinitionName: byName,
      roleDefinitionId: byId,
      condition: g.condition,
      conditionVersion: g.conditionVersion,
    });
    protectResource(assignment, "subnetGrant", "network.subnetRole");
    return assignment;
  }

  /**
   * A security group with rules that allow all traffic within the node
   * subnet (the BYOCNI prerequisite). The rules are separate resources, not
   * inline blocks: inline rules are authoritative, so a rule added to the
   * group elsewhere would be deleted by every deploy.
   */
  private nodeSecurityGroup(name: string, prefixes: string[]): NetworkSecurityGroup {
    const nsg = new NetworkSecurityGroup(this, "nodes-nsg-group", { ...this.common(), name });
    this.tagged(nsg);
    for (const [direction, ruleName] of NODE_SUBNET_RULES) {
      this.networkSecurityRules.push(
        new NetworkSecurityRule(this, `nodes-nsg-${direction.toLowerCase()}`, {
          name: ruleName,
          resourceGroupName: this.props.resourceGroupName,
          networkSecurityGroupName: nsg.name,
          priority: NODE_SUBNET_RULE_PRIORITY,
          direction,
          access: "Allow",
          protocol: "*",
          sourcePortRange: "*",
          destinationPortRange: "*",
          sourceAddressPrefixes: prefixes,
          destinationAddressPrefixes: prefixes,
          description: "Node-to-node traffic, including the CNI's overlay (e.g. Cilium VXLAN UDP 8472, health TCP 4240)",
        }),
      );
    }
    return nsg;
  }

  /**
   * Reads the adopted subnet (and its VNet) at plan time, with postconditions
   * that the ranges declared in the config are the real ones. The cluster
   * adds its own (capacity, route table) through the node subnet.
   */
  private readAdoptedSubnet(plan: NetworkPlan): DataAzurermSubnet | undefined {
    const subnetId = this.subnetId;
    const parsed = Token.isUnresolved(subnetId) ? undefined : parseSubnetId(subnetId);
    if (!parsed && !Token.isUnresolved(subnetId)) return undefined; // RA-05 reports the malformed ID
    const segment = (i: number) => (parsed ? undefined : Fn.element(Fn.split("/", subnetId), i));
    const names = {
      name: parsed?.subnetName ?? segment(10)!,
      virtualNetworkName: parsed?.virtualNetworkName ?? segment(8)!,
      resourceGroupName: parsed?.resourceGroupName ?? segment(4)!,
    };
    const prefixes = plan.subnetPrefixes?.values;
    if (prefixes) {
      this.adoptedChecks.push({
        condition: `\${toset(self.address_prefixes) == toset(${JSON.stringify(prefixes)})}`,
        errorMessage: `network.existingSubnetAddressPrefixes ${JSON.stringify(prefixes)} does not match the subnet in Azure; the synth-time checks used the declared value [NET-07]`,
      });
    }
    const subnet = new DataAzurermSubnet(this, "adopted-subnet", { ...names, lifecycle: { postcondition: this.adoptedChecks } });
    const space = plan.vnetSpace?.values;
    if (space) {
      new DataAzurermVirtualNetwork(this, "adopted-vnet", {
        name: names.virtualNetworkName,
        resourceGroupName: names.resourceGroupName,
        lifecycle: {
          postcondition: [
            {
              condition: `\${toset(self.address_space) == toset(${JSON.stringify(space)})}`,
              errorMessage: `network.existingVnetAddressSpace ${JSON.stringify(space)} does not match the VNet in Azure; the synth-time overlap checks used the declared value [SVC-02]`,
            },
          ],
        },
      });
    }
    return subnet;
  }
}
