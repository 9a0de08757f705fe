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
import { Construct, Fn, type ITerraformDependable } from "../bindings/cdktf";
import type { AcceptedRisk, ClusterIdentityType, SubnetRoleAssignmentSettings } from "../config/types";
import { protectResource } from "./aks-protection";
import { ignoreChanges, ignoredTagChanges } from "./private/lifecycle";
import { API_SERVER_DELEGATION, API_SERVER_DELEGATION_ACTIONS, resolveNetwork, type ExtraSubnetPlan, type NetworkPlan, type NodeNetworkSettings, type PlannedSubnetId } from "../plan/network";
import { poolSubnetGrantResource, poolSubnetResource } from "../plan/protection";
import { API_SERVER_SUBNET_MAX_PREFIX } from "../rules/apiserver";
import { checkNetwork } from "../rules/checks";
import { checkIgnoredTags } from "../rules/day2";
import { checkTags } from "../rules/tags";
import { isUnknownValue, synthesizedAttributes } from "./private/synthesized";
import { AcceptedRisks } from "./accepted-risks";
import { addRuleValidation } from "./private/rule-validation";
import { freeChildId } from "./private/child-ids";
import { functionArgument, literalArgument } from "./private/function-arguments";
import { recordConfigPath } from "./private/config-paths";

export { NETWORK_CONTRIBUTOR } from "../plan/network";
/** The two actions AKS needs on a subnet it joins (use-byo-cni). */
export const MINIMAL_SUBNET_ACTIONS = [
  "Microsoft.Network/virtualNetworks/subnets/join/action",
  "Microsoft.Network/virtualNetworks/subnets/read",
] as const;

/** ARM ID of the VNet of an adopted subnet (a Terraform expression when the ID is a reference). */
function vnetIdOf(subnetId: PlannedSubnetId): string {
  if (!subnetId.unknown) return subnetId.text.replace(/\/subnets\/[^/]*$/, "");
  return Fn.join("/", Fn.slice(Fn.split("/", functionArgument(subnetId.text)), 0, 9));
}

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
  /** Resources the cluster must depend on (every grant made before the cluster: node, pool and API server subnets). */
  readonly dependables: readonly ITerraformDependable[];
  /** The grant a pool on subnet `name` waits for (undefined name: the node subnet's). */
  dependablesOf(name: string | undefined): readonly ITerraformDependable[];
  /** ARM ID of the subnet a pool names (undefined name: the node subnet); undefined for a name the network does not declare. */
  subnetIdOf(name: string | undefined): string | undefined;
  /** ARM ID of the API server subnet, when declared. */
  readonly apiServerSubnetId?: string;
  /** ARM ID of the VNet of the node subnet (a reference when created here). */
  readonly vnetId: string;
  /** Grants the subnet role on every subnet to the cluster's system-assigned identity, after the cluster exists. */
  grantAfterCluster(principalId: string): void;
  /** Adds a plan-time check to an adopted subnet (undefined name: the node subnet); false when that subnet is created here. */
  addPlanCheck(condition: string, errorMessage: string, subnetName?: string): boolean;
  /** The VNet's location as synthesized (overrides included); the network's location for an adopted subnet. */
  synthesizedLocation(): unknown;
}

const LINKS = new WeakMap<AksNodeSubnet, NodeSubnetLink>();

/** The key of the adopted API server subnet's checks (subnet names cannot contain "/"). */
const ADOPTED_API_SERVER_KEY = "/apiserver";

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
  /** ARM IDs of the subnets for pools of their own, by subnet name (the identity is granted on each). */
  public readonly poolSubnetIds: Readonly<Record<string, string>>;
  /** ARM ID of the API server subnet of VNet integration, when the network declares one. */
  public readonly apiServerSubnetId?: string;

  /** @internal */
  constructor(id: string, identity: ControlPlaneIdentity, link: NodeSubnetLink, poolSubnetIds: Readonly<Record<string, string>> = {}) {
    this.id = id;
    this.identity = identity;
    this.poolSubnetIds = poolSubnetIds;
    this.apiServerSubnetId = link.apiServerSubnetId;
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
  /** The created subnets for pools of their own, by name. */
  public readonly poolSubnets: Readonly<Record<string, Subnet>> = {};
  /** The created API server subnet of VNet integration. */
  public readonly apiServerSubnet?: Subnet;

  private readonly props: AksNetworkProps;
  private readonly subnetId: string;
  private grantResource?: RoleAssignment;
  /** The grants on the pool subnets, by subnet name, and on the API server subnet. */
  private readonly extraGrants = new Map<string, RoleAssignment>();
  private apiServerGrant?: RoleAssignment;
  /** ARM IDs of the pool subnets by name, and of the API server subnet. */
  private readonly extraIds = new Map<string, string>();
  private apiServerSubnetId?: string;
  /** Postconditions of the adopted subnets' data sources (key: subnet name, "" for the node subnet); the cluster may add to them before synth. */
  private readonly adoptedChecks = new Map<string, { condition: string; errorMessage: string }[]>();

  constructor(scope: Construct, id: string, props: AksNetworkProps) {
    super(scope, id);
    this.props = props;
    AcceptedRisks.add(this, props.acceptedRisks ?? []);
    this.plan = resolveNetwork({ location: props.location, namePrefix: props.namePrefix, network: props.network, identity: props.identity }, isUnknownValue);
    const plan = this.plan;

    if (plan.vnet) {
      const built = this.createVnet(plan);
      this.virtualNetwork = built.vnet;
      this.subnet = built.subnet;
      this.networkSecurityGroup = built.nsg;
      this.subnetId = built.subnet.id;
    } else {
      this.subnetId = plan.adoptedSubnet?.text ?? "";
      this.adoptedSubnet = this.readAdoptedSubnet(plan.adoptedSubnet, "", plan.subnetPrefixes?.values, "network.existingSubnetAddressPrefixes", plan.vnetSpace?.values);
    }
    this.createExtraSubnets(plan);
    if (plan.grant?.customRoleName) this.roleDefinition = this.createSubnetJoinRole(plan.grant.customRoleName);

    let identity: ControlPlaneIdentity = { type: plan.identity.type };
    if (plan.identity.name) {
      this.identity = new UserAssignedIdentity(this, "control-plane", { ...this.common(), name: plan.identity.name });
      this.tagged(this.identity);
      protectResource(this.identity, "identity", "cluster.identity");
      identity = { type: "UserAssigned", id: this.identity.id, principalId: this.identity.principalId };
      this.grantAll(identity.principalId!);
    }
    const vnetId = this.virtualNetwork?.id ?? (plan.adoptedSubnet ? vnetIdOf(plan.adoptedSubnet) : "");
    this.nodeSubnet = new AksNodeSubnet(
      this.subnetId,
      identity,
      {
        plan,
        // Only a grant made before the cluster can be waited for; a system-assigned grant comes after it.
        dependables: [this.grantResource, ...this.extraGrants.values(), this.apiServerGrant].filter((g): g is RoleAssignment => g !== undefined),
        dependablesOf: (name) => {
          const g = name === undefined || name === plan.nodeSubnetName ? this.grantResource : this.extraGrants.get(name);
          return g ? [g] : [];
        },
        subnetIdOf: (name) => (name === undefined || name === plan.nodeSubnetName ? this.subnetId : this.extraIds.get(name)),
        apiServerSubnetId: this.apiServerSubnetId,
        vnetId,
        grantAfterCluster: (principalId) => {
          if (plan.grant?.afterCluster && !this.grantResource) this.grantAll(principalId);
        },
        addPlanCheck: (condition, errorMessage, subnetName) => {
          const key = subnetName === undefined || subnetName === plan.nodeSubnetName ? "" : subnetName;
          const checks = this.adoptedChecks.get(key);
          if (!checks) return false;
          checks.push({ condition, errorMessage });
          return true;
        },
        synthesizedLocation: () => (this.virtualNetwork ? synthesizedAttributes(this.virtualNetwork).location : plan.location),
      },
      Object.fromEntries(this.extraIds),
    );

    addRuleValidation(this, (ctx) => {
      checkNetwork(ctx, {
        plan,
        synthesized: {
          subnet: this.subnet && synthesizedAttributes(this.subnet),
          roleAssignment: this.grantResource && synthesizedAttributes(this.grantResource),
          poolSubnets: Object.fromEntries(Object.entries(this.poolSubnets).map(([name, sn]) => [name, synthesizedAttributes(sn)])),
          apiServerSubnet: this.apiServerSubnet && synthesizedAttributes(this.apiServerSubnet),
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
    // Node-to-node traffic crosses every subnet pools join: the node subnet and the pool subnets with known prefixes.
    const nodePrefixes = [...v.subnet.addressPrefixes, ...plan.poolSubnets.flatMap((p) => p.prefixes?.values ?? [])];
    const nsg = this.nodeSecurityGroup(nsgName, nodePrefixes);
    new SubnetNetworkSecurityGroupAssociation(this, "nodes-nsg", { subnetId: subnet.id, networkSecurityGroupId: nsg.id });
    return { vnet, subnet, nsg };
  }

  /**
   * The pool subnets and the API server subnet: created in the VNet (the API
   * server's delegated to AKS, every created one with the node security
   * group), or adopted and read with postconditions on their declared ranges.
   */
  private createExtraSubnets(plan: NetworkPlan): void {
    const taken = new Set<string>();
    for (const ps of plan.poolSubnets) {
      // The name keys the construct (and the Terraform address); a duplicate (NET-16) must not crash the build.
      const key = taken.has(ps.name) ? `${ps.name}-${taken.size}` : ps.name;
      taken.add(ps.name);
      const id = this.createPoolSubnet(ps, key);
      if (id !== undefined && !this.extraIds.has(ps.name)) this.extraIds.set(ps.name, id);
    }
    if (plan.apiServerSubnet) this.createApiServerSubnet(plan.apiServerSubnet);
  }

  /** A subnet beside the node subnet, in the created VNet, with the node security group. */
  private newSubnet(name: string, id: string, prefixes: readonly string[], delegate: boolean): Subnet {
    const subnet = new Subnet(this, freeChildId(this, id), {
      name,
      resourceGroupName: this.props.resourceGroupName,
      virtualNetworkName: this.virtualNetwork!.name,
      addressPrefixes: [...prefixes],
      // The actions Azure sets for this delegation, written so that a refresh shows no drift.
      delegation: delegate ? [{ name: "aks-apiserver", serviceDelegation: { name: API_SERVER_DELEGATION, actions: [...API_SERVER_DELEGATION_ACTIONS] } }] : undefined,
    });
    if (this.networkSecurityGroup) new SubnetNetworkSecurityGroupAssociation(this, freeChildId(this, `${subnet.node.id}-nsg`), { subnetId: subnet.id, networkSecurityGroupId: this.networkSecurityGroup.id });
    return subnet;
  }

  /** A pool subnet, created or adopted; its ARM ID. */
  private createPoolSubnet(ps: ExtraSubnetPlan, key: string): string | undefined {
    if (ps.origin === "created" && this.virtualNetwork) {
      const subnet = this.newSubnet(ps.name, `pool-subnet-${key}`, ps.prefixes?.values ?? [], false);
      protectResource(subnet, poolSubnetResource(ps.name), ps.path);
      (this.poolSubnets as Record<string, Subnet>)[ps.name] = subnet;
      return subnet.id;
    }
    if (ps.adopted === undefined) return undefined;
    this.readAdoptedSubnet(ps.adopted, ps.name, ps.prefixes?.values, ps.prefixes?.path ?? `${ps.path}.addressPrefixes`);
    return ps.adopted.text;
  }

  /** The API server subnet, created delegated, or adopted with plan-time checks of its ranges and size. */
  private createApiServerSubnet(api: ExtraSubnetPlan): void {
    if (api.origin === "created" && this.virtualNetwork) {
      const subnet = this.newSubnet(api.name, "apiserver-subnet", api.prefixes?.values ?? [], true);
      protectResource(subnet, "apiServerSubnet", api.path);
      (this as { apiServerSubnet?: Subnet }).apiServerSubnet = subnet;
      this.apiServerSubnetId = subnet.id;
      return;
    }
    if (api.adopted === undefined) return;
    this.apiServerSubnetId = api.adopted.text;
    const data = this.readAdoptedSubnet(api.adopted, ADOPTED_API_SERVER_KEY, api.prefixes?.values, "network.existingApiServerSubnetAddressPrefixes");
    // Its size, when synth could not see it (API-04).
    if (data && !api.prefixes) {
      this.adoptedChecks.get(ADOPTED_API_SERVER_KEY)!.push({
        condition: `\${tonumber(split("/", self.address_prefixes[0])[1]) <= ${API_SERVER_SUBNET_MAX_PREFIX}}`,
        errorMessage: `the adopted API server subnet is smaller than a /${API_SERVER_SUBNET_MAX_PREFIX}, which AKS refuses [API-04]`,
      });
    }
  }

  /** The custom role; custom roles cannot be assignable at a subnet, so the subnet's resource group is the narrowest scope. */
  private createSubnetJoinRole(name: string): RoleDefinition {
    const groupScope = Fn.join("/", Fn.slice(Fn.split("/", functionArgument(this.subnetId)), 0, 5));
    const role = new RoleDefinition(this, "subnet-join-role", {
      name,
      scope: groupScope,
      description: "Lets an AKS control plane place nodes in a subnet (bring-your-own CNI): subnets/join/action and subnets/read only.",
      permissions: [{ actions: [...MINIMAL_SUBNET_ACTIONS] }],
      assignableScopes: [groupScope],
    });
    recordConfigPath(role, "network.subnetRole");
    return role;
  }

  /** The subnet role on every subnet pools or the API server use, to `principalId`. */
  private grantAll(principalId: string): void {
    this.grantResource = this.grant(principalId, this.subnetId, "subnet-role", "subnetGrant");
    const taken = new Set<string>();
    for (const [name, id] of this.extraIds) {
      const key = taken.has(name) ? `${name}-${taken.size}` : name;
      taken.add(name);
      const g = this.grant(principalId, id, freeChildId(this, `pool-subnet-role-${key}`), poolSubnetGrantResource(name), false);
      if (g) this.extraGrants.set(name, g);
    }
    if (this.apiServerSubnetId !== undefined) this.apiServerGrant = this.grant(principalId, this.apiServerSubnetId, "apiserver-subnet-role", "apiServerSubnetGrant", false);
  }

  /**
   * The role assignment on a subnet; `undefined` with `subnetRole: None`. A
   * name given in `subnetRoleAssignment.name` is the node subnet's only
   * (names are unique per assignment).
   */
  private grant(principalId: string, scope: string, id: string, protectedName: string, named = true): RoleAssignment | undefined {
    const g = this.plan.grant;
    if (!g) return undefined;
    const byId = this.roleDefinition?.roleDefinitionResourceId ?? g.roleDefinitionId;
    const byName = byId === undefined ? g.roleDefinitionName : undefined;
    const assignment = new RoleAssignment(this, id, {
      // Deterministic, so that a re-run recreates the same assignment instead of failing on a duplicate.
      // Scope and role as written, a reference's text too: hashing its value instead would rename, and so replace, grants made before.
      name: (named ? g.name : undefined) ?? Fn.uuidv5("url", `aks-byocni|${literalArgument(scope)}|${principalId}|${literalArgument(byId ?? byName ?? "")}`),
      scope,
      principalId,
      principalType: g.principalType,
      roleDefinitionName: byName,
      roleDefinitionId: byId,
      condition: g.condition,
      conditionVersion: g.conditionVersion,
    });
    protectResource(assignment, protectedName, "network.subnetRole");
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
   * Reads an adopted subnet (and, for the node subnet, its VNet) at plan
   * time, with postconditions that the ranges declared in the config are the
   * real ones. The cluster adds its own (capacity, route table) through the
   * node subnet. `key` is "" for the node subnet, else the pool subnet's name.
   */
  private readAdoptedSubnet(subnetId: PlannedSubnetId | undefined, key: string, prefixes: readonly string[] | undefined, prefixesPath: string, space?: readonly string[]): DataAzurermSubnet | undefined {
    if (subnetId === undefined || this.adoptedChecks.has(key)) return undefined;
    const parsed = subnetId.parsed;
    if (!parsed && !subnetId.unknown) return undefined; // RA-05 reports the malformed ID
    const segment = (i: number) => (parsed ? undefined : Fn.element(Fn.split("/", functionArgument(subnetId.text)), i));
    const names = {
      name: parsed?.subnetName ?? segment(10)!,
      virtualNetworkName: parsed?.virtualNetworkName ?? segment(8)!,
      resourceGroupName: parsed?.resourceGroupName ?? segment(4)!,
    };
    const checks: { condition: string; errorMessage: string }[] = [];
    this.adoptedChecks.set(key, checks);
    if (prefixes) {
      checks.push({
        condition: `\${toset(self.address_prefixes) == toset(${JSON.stringify(prefixes)})}`,
        errorMessage: `${prefixesPath} ${JSON.stringify(prefixes)} does not match the subnet in Azure; the synth-time checks used the declared value [NET-07]`,
      });
    }
    const subnet = new DataAzurermSubnet(this, freeChildId(this, adoptedSubnetConstructId(key)), { ...names, lifecycle: { postcondition: checks } });
    if (space) this.readAdoptedVnet(names, space);
    return subnet;
  }

  /** Reads the adopted node subnet's VNet, with a postcondition that its declared address space is the real one. */
  private readAdoptedVnet(names: { virtualNetworkName: string; resourceGroupName: string }, space: readonly string[]): void {
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
}

/** The construct id of an adopted subnet's data source ("" is the node subnet's key). */
function adoptedSubnetConstructId(key: string): string {
  if (key === "") return "adopted-subnet";
  return key === ADOPTED_API_SERVER_KEY ? "adopted-apiserver-subnet" : `adopted-pool-subnet-${key}`;
}
