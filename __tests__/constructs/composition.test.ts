/**
 * The exported constructs composed in a stack the user owns: every
 * combination of identity options either builds a cluster whose identity is
 * the one granted on its subnet (and that waits for the grant when it can),
 * or is refused with a rule ID. Before the node network owned the identity,
 * two of these combinations built a broken cluster without an error.
 */
import { AzurermProvider } from "../../lib/bindings/azurerm";
import { Testing, TerraformStack } from "../../lib/bindings/cdktf";
import { AksByoCniCluster, type AksByoCniClusterProps } from "../../lib/constructs/aks-byo-cni-cluster";
import { AksNetwork } from "../../lib/constructs/aks-network";
import { collectProblems } from "../../lib/app/synth";
import type { ClusterIdentityType } from "../../lib/config/types";
import { synthJson, vnetConfig } from "../support";

const { cluster, network } = vnetConfig();

/** A user-owned stack with an AksNetwork (identity `networkIdentity`) and a cluster on its subnet (asked for `clusterIdentity`). */
function compose(networkIdentity: ClusterIdentityType | undefined, clusterIdentity: ClusterIdentityType | undefined) {
  const stack = new TerraformStack(Testing.app(), "platform");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const net = new AksNetwork(stack, "net", { location: "westeurope", resourceGroupName: "rg", namePrefix: "team", network: { vnet: network!.vnet }, identity: networkIdentity });
  // The props type refuses an identity next to a subnet; JavaScript callers (and casts) can still pass one.
  const props = { location: "westeurope", resourceGroupName: "rg", cluster, nodeSubnet: net.nodeSubnet, identity: clusterIdentity } as unknown as AksByoCniClusterProps;
  new AksByoCniCluster(stack, "aks", props);
  const lines = collectProblems(stack.node.root);
  const json = synthJson(stack);
  const [aksName, aks] = Object.entries(json.resource.azurerm_kubernetes_cluster as Record<string, any>)[0]!;
  const grants = Object.entries((json.resource.azurerm_role_assignment ?? {}) as Record<string, any>);
  const identities = Object.keys(json.resource.azurerm_user_assigned_identity ?? {});
  return { lines, aksName, aks, grants, identities, errors: lines.filter((l) => l.level === "error").map((l) => l.message) };
}

describe.each([undefined, "UserAssigned", "SystemAssigned"] as const)("network identity %s", (networkIdentity) => {
  const effective = networkIdentity ?? "UserAssigned";

  test("a cluster that leaves the identity to its subnet uses exactly the granted one", () => {
    const { aksName, aks, grants, identities, errors } = compose(networkIdentity, undefined);
    expect(errors).toEqual([]);
    expect(aks.identity.type).toBe(effective);
    expect(grants).toHaveLength(1);
    const [grantName, grant] = grants[0]!;
    if (effective === "UserAssigned") {
      // One identity, created by the network; the grant is to it, and the cluster waits for the grant.
      expect(identities).toEqual([expect.stringMatching(/^net_control-plane/)]);
      expect(aks.identity.identity_ids).toEqual([`\${azurerm_user_assigned_identity.${identities[0]}.id}`]);
      expect(grant.principal_id).toBe(`\${azurerm_user_assigned_identity.${identities[0]}.principal_id}`);
      expect(aks.depends_on).toEqual([`azurerm_role_assignment.${grantName}`]);
    } else {
      // The cluster's own identity, granted after the cluster exists: no identity resource, no depends_on (a cycle), RA-08 warns.
      expect(identities).toEqual([]);
      expect(grant.principal_id).toBe(`\${azurerm_kubernetes_cluster.${aksName}.identity[0].principal_id}`);
      expect(aks.depends_on).toBeUndefined();
    }
  });

  test.each(["UserAssigned", "SystemAssigned"] as const)("a cluster that asks for %s itself is refused when it differs (RA-10)", (clusterIdentity) => {
    const { errors, aks } = compose(networkIdentity, clusterIdentity);
    if (clusterIdentity === effective) {
      expect(errors).toEqual([]);
      expect(aks.identity.type).toBe(effective);
    } else {
      expect(errors).toEqual([expect.stringMatching(new RegExp(`^cluster\\.identity: is ${clusterIdentity}, but the cluster's node subnet was granted to a ${effective} identity.*\\[RA-10\\]$`))]);
    }
  });
});

test("a system-assigned grant is reported (RA-08), never silent", () => {
  const { lines } = compose("SystemAssigned", undefined);
  expect(lines.filter((l) => l.level === "warning").map((l) => l.message)).toContainEqual(expect.stringMatching(/^cluster\.identity: .*\[RA-08\]$/));
});

describe.each([undefined, "UserAssigned", "SystemAssigned"] as const)("no subnet of yours, cluster identity %s", (clusterIdentity) => {
  test("the cluster decides; no grant", () => {
    const stack = new TerraformStack(Testing.app(), "platform");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    new AksByoCniCluster(stack, "aks", { location: "westeurope", resourceGroupName: "rg", cluster, identity: clusterIdentity });
    expect(collectProblems(stack.node.root).filter((l) => l.level === "error")).toEqual([]);
    const json = synthJson(stack);
    const aks = Object.values(json.resource.azurerm_kubernetes_cluster as Record<string, any>)[0];
    expect(aks.identity.type).toBe(clusterIdentity ?? "SystemAssigned");
    expect(json.resource.azurerm_role_assignment).toBeUndefined();
    expect(Object.keys(json.resource.azurerm_user_assigned_identity ?? {})).toHaveLength(clusterIdentity === "UserAssigned" ? 1 : 0);
  });
});

/**
 * Every subnet a pool or the API server uses, the private DNS zone of your own
 * with its VNet, and every outbound IP of your own: the control-plane identity
 * is granted on each before the cluster (and a pool waits for its subnet's
 * grant); with a system-assigned identity after it.
 */
describe("grants on every scope the cluster needs", () => {
  const ZONE = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.westeurope.azmk8s.io";
  const PIP = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPAddresses/pip-egress";
  const ADOPTED = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-aks/subnets/snet-batch";

  /** A user-owned stack: a network with a created and an adopted pool subnet and an API server subnet, and a cluster using them. */
  function composeAll(identity: ClusterIdentityType | undefined) {
    const stack = new TerraformStack(Testing.app(), "platform");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    const vnet = {
      ...network!.vnet!,
      poolSubnets: [{ name: "snet-apps", addressPrefixes: ["10.225.0.0/16"] }],
      apiServerSubnet: { name: "snet-apiserver", addressPrefixes: ["10.239.255.0/28"] },
    };
    const net = new AksNetwork(stack, "net", {
      location: "westeurope",
      resourceGroupName: "rg",
      namePrefix: "team",
      identity,
      network: { vnet, existingPoolSubnets: [{ id: ADOPTED, addressPrefixes: ["10.226.0.0/16"] }] },
    });
    const pools = [
      { name: "apps", nodeCount: 2, vmSize: "Standard_D4ds_v5", subnetName: "snet-apps" },
      { name: "batch", nodeCount: 1, vmSize: "Standard_D4ds_v5", subnetName: "snet-batch" },
    ];
    new AksByoCniCluster(stack, "aks", {
      location: "westeurope",
      resourceGroupName: "rg",
      cluster: { ...cluster, userNodePools: pools, apiServer: { private: true, privateDnsZone: identity === "SystemAssigned" ? "System" : ZONE } },
      network: { loadBalancer: { outboundIpIds: [PIP] } },
      nodeSubnet: net.nodeSubnet,
    });
    const lines = collectProblems(stack.node.root);
    const json = synthJson(stack);
    const [aksName, aks] = Object.entries(json.resource.azurerm_kubernetes_cluster as Record<string, any>)[0]!;
    const grants = json.resource.azurerm_role_assignment as Record<string, any>;
    const subnets = json.resource.azurerm_subnet as Record<string, any>;
    const pool = (name: string) => Object.values(json.resource.azurerm_kubernetes_cluster_node_pool as Record<string, any>).find((p) => p.name === name);
    const grantOn = (scope: string) => Object.keys(grants).filter((g) => grants[g].scope === scope);
    const subnetRef = (name: string) => `\${azurerm_subnet.${Object.keys(subnets).find((k) => subnets[k].name === name)}.id}`;
    return { errors: lines.filter((l) => l.level === "error").map((l) => l.message), aksName, aks, grants, grantOn, subnetRef, pool, json };
  }

  test("user-assigned: the identity is granted on every subnet, the zone, the VNet and the outbound IP, all before the cluster", () => {
    const { errors, aks, grants, grantOn, subnetRef, pool, json } = composeAll(undefined);
    expect(errors).toEqual([]);
    const vnetRef = `\${azurerm_virtual_network.${Object.keys(json.resource.azurerm_virtual_network)[0]}.id}`;
    const scopes = [subnetRef("snet-nodes"), subnetRef("snet-apps"), ADOPTED, subnetRef("snet-apiserver"), ZONE, vnetRef, PIP];
    const byScope = scopes.map((scope) => grantOn(scope));
    // One grant per scope, every one to the network's identity, and the cluster depends on each.
    expect(byScope.map((g) => g.length)).toEqual(scopes.map(() => 1));
    const identity = Object.keys(json.resource.azurerm_user_assigned_identity)[0];
    for (const [g] of byScope) expect(grants[g!].principal_id).toBe(`\${azurerm_user_assigned_identity.${identity}.principal_id}`);
    expect([...aks.depends_on].sort()).toEqual(byScope.map(([g]) => `azurerm_role_assignment.${g}`).sort());
    expect(grants[grantOn(ZONE)[0]!].role_definition_name).toBe("Private DNS Zone Contributor");
    expect(grants[grantOn(vnetRef)[0]!].role_definition_name).toBe("Network Contributor");
    // Each pool joins its subnet and waits for that subnet's grant as well.
    expect(pool("apps").vnet_subnet_id).toBe(subnetRef("snet-apps"));
    expect(pool("apps").depends_on).toEqual([`azurerm_role_assignment.${grantOn(subnetRef("snet-apps"))[0]}`]);
    expect(pool("batch").vnet_subnet_id).toBe(ADOPTED);
    expect(pool("batch").depends_on).toEqual([`azurerm_role_assignment.${grantOn(ADOPTED)[0]}`]);
    expect(aks.api_server_access_profile).toEqual({ virtual_network_integration_enabled: true, subnet_id: subnetRef("snet-apiserver") });
  });

  test("system-assigned: the same subnets and the outbound IP are granted to the cluster's identity after it; the cluster cannot wait (a cycle), its pools do", () => {
    const { errors, aksName, aks, grants, grantOn, subnetRef, pool } = composeAll("SystemAssigned");
    expect(errors).toEqual([]);
    const scopes = [subnetRef("snet-nodes"), subnetRef("snet-apps"), ADOPTED, subnetRef("snet-apiserver"), PIP];
    for (const scope of scopes) {
      const [g] = grantOn(scope);
      expect(grants[g!].principal_id).toBe(`\${azurerm_kubernetes_cluster.${aksName}.identity[0].principal_id}`);
    }
    expect(aks.depends_on).toBeUndefined();
    expect(pool("apps").depends_on).toEqual([`azurerm_role_assignment.${grantOn(subnetRef("snet-apps"))[0]}`]);
  });

  test("a private DNS zone of your own with a system-assigned identity is refused (API-11), not built half-granted", () => {
    const stack = new TerraformStack(Testing.app(), "platform");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    const net = new AksNetwork(stack, "net", { location: "westeurope", resourceGroupName: "rg", namePrefix: "team", identity: "SystemAssigned", network: { vnet: network!.vnet } });
    new AksByoCniCluster(stack, "aks", { location: "westeurope", resourceGroupName: "rg", cluster: { ...cluster, apiServer: { private: true, privateDnsZone: ZONE } }, nodeSubnet: net.nodeSubnet });
    const errors = collectProblems(stack.node.root).filter((l) => l.level === "error").map((l) => l.message);
    expect(errors).toEqual([expect.stringMatching(/^cluster\.identity: a private DNS zone of your own needs a user-assigned control-plane identity.*\[API-11\]$/)]);
    expect(Object.values(synthJson(stack).resource.azurerm_role_assignment as Record<string, any>).map((g) => g.scope)).not.toContain(ZONE);
  });
});

describe("a kubelet identity of your own: Managed Identity Operator for the control plane, granted before the cluster", () => {
  const EXISTING = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-kubelet";
  const GUID = "11111111-2222-3333-4444-555555555555";

  /** The cluster's kubelet grant, the identity it is for, and the cluster. */
  function kubeletGrant(json: Record<string, any>) {
    const [aksName, aks] = Object.entries(json.resource.azurerm_kubernetes_cluster as Record<string, any>)[0]!;
    const grants = Object.entries((json.resource.azurerm_role_assignment ?? {}) as Record<string, any>).filter(([, g]) => g.role_definition_name === "Managed Identity Operator");
    expect(grants).toHaveLength(1);
    const [grantName, grant] = grants[0]!;
    return { aksName, aks, grantName, grant };
  }

  test.each([
    ["in a subnet of yours: the network's identity", true],
    ["in the VNet AKS creates: the cluster's own user-assigned identity", false],
  ])("created, %s", (_what, ownSubnet) => {
    const stack = new TerraformStack(Testing.app(), "platform");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    const withKubelet = { ...cluster, kubeletIdentity: {} };
    if (ownSubnet) {
      const net = new AksNetwork(stack, "net", { location: "westeurope", resourceGroupName: "rg", namePrefix: "team", network: { vnet: network!.vnet } });
      new AksByoCniCluster(stack, "aks", { location: "westeurope", resourceGroupName: "rg", cluster: withKubelet, nodeSubnet: net.nodeSubnet });
    } else {
      new AksByoCniCluster(stack, "aks", { location: "westeurope", resourceGroupName: "rg", cluster: withKubelet });
    }
    expect(collectProblems(stack.node.root).filter((l) => l.level === "error")).toEqual([]);
    const json = synthJson(stack);
    const { aks, grantName, grant } = kubeletGrant(json);
    const identities = Object.keys(json.resource.azurerm_user_assigned_identity as Record<string, unknown>);
    const kubelet = identities.find((n) => n.startsWith("aks_kubelet"))!;
    const controlPlane = identities.find((n) => n !== kubelet)!;
    expect(controlPlane).toMatch(ownSubnet ? /^net_control-plane/ : /^aks_control-plane/);
    // The grant: on the kubelet identity, to the control-plane identity the cluster runs as.
    expect(grant).toMatchObject({
      scope: `\${azurerm_user_assigned_identity.${kubelet}.id}`,
      principal_id: `\${azurerm_user_assigned_identity.${controlPlane}.principal_id}`,
      principal_type: "ServicePrincipal",
    });
    expect(aks.identity).toEqual({ type: "UserAssigned", identity_ids: [`\${azurerm_user_assigned_identity.${controlPlane}.id}`] });
    expect(aks.kubelet_identity).toEqual({
      user_assigned_identity_id: `\${azurerm_user_assigned_identity.${kubelet}.id}`,
      client_id: `\${azurerm_user_assigned_identity.${kubelet}.client_id}`,
      object_id: `\${azurerm_user_assigned_identity.${kubelet}.principal_id}`,
    });
    // Before the cluster: it depends on the kubelet grant (and on the subnet grant where there is one).
    expect(aks.depends_on).toContain(`azurerm_role_assignment.${grantName}`);
    if (ownSubnet) expect(aks.depends_on).toHaveLength(2);
  });

  test("an existing identity by ID: granted on that ID, nothing created for kubelet", () => {
    const stack = new TerraformStack(Testing.app(), "platform");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    new AksByoCniCluster(stack, "aks", { location: "westeurope", resourceGroupName: "rg", cluster: { ...cluster, kubeletIdentity: { id: EXISTING, clientId: GUID, objectId: GUID } } });
    expect(collectProblems(stack.node.root).filter((l) => l.level === "error")).toEqual([]);
    const json = synthJson(stack);
    const { aks, grantName, grant } = kubeletGrant(json);
    expect(Object.keys(json.resource.azurerm_user_assigned_identity)).toEqual([expect.stringMatching(/^aks_control-plane/)]);
    expect(grant.scope).toBe(EXISTING);
    expect(aks.kubelet_identity).toEqual({ user_assigned_identity_id: EXISTING, client_id: GUID, object_id: GUID });
    expect(aks.depends_on).toEqual([`azurerm_role_assignment.${grantName}`]);
  });
});
