import { Testing, TerraformStack } from "../../lib/bindings/cdktf";
import { AzurermProvider } from "../../lib/bindings/azurerm";
import { AksByoCniCluster } from "../../lib/constructs/aks-byo-cni-cluster";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import { AksNetwork, MINIMAL_SUBNET_ACTIONS } from "../../lib/constructs/aks-network";
import { errorsOf, synthJson, vnetConfig, warningsOf, withField } from "../support";

const only = (json: Record<string, any>, type: string) => {
  const all = Object.entries(json.resource[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0] as [string, Record<string, any>];
};
const SUBNET_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-aks";

describe("a created VNet", () => {
  const json = synthJson(new AksByoCniStack(Testing.app(), "prod", vnetConfig()));

  test("VNet and node subnet as configured, no delegation", () => {
    const [, vnet] = only(json, "azurerm_virtual_network");
    const [subnetName, subnet] = only(json, "azurerm_subnet");
    expect(vnet).toMatchObject({ name: "vnet-aks", address_space: ["10.224.0.0/12"], location: "westeurope" });
    expect(subnet).toMatchObject({ name: "snet-nodes", address_prefixes: ["10.224.0.0/16"] });
    expect(subnet.delegation).toBeUndefined();
    expect(subnetName).toBeTruthy();
  });

  test("a security group that allows all traffic within the node subnet, associated with it", () => {
    const [nsgName, nsg] = only(json, "azurerm_network_security_group");
    const [subnetName] = only(json, "azurerm_subnet");
    const [, assoc] = only(json, "azurerm_subnet_network_security_group_association");
    // Rules as resources of their own: inline rules are authoritative, so a rule added elsewhere would be deleted by the next deploy.
    expect(nsg.security_rule).toBeUndefined();
    const rules = Object.values(json.resource.azurerm_network_security_rule) as Record<string, unknown>[];
    expect(rules.map((r) => [r.name, r.direction, r.priority, r.access, r.protocol, r.source_address_prefixes, r.destination_address_prefixes, r.network_security_group_name])).toEqual([
      ["AllowNodeSubnetInbound-aks", "Inbound", 120, "Allow", "*", ["10.224.0.0/16"], ["10.224.0.0/16"], `\${azurerm_network_security_group.${nsgName}.name}`],
      ["AllowNodeSubnetOutbound-aks", "Outbound", 120, "Allow", "*", ["10.224.0.0/16"], ["10.224.0.0/16"], `\${azurerm_network_security_group.${nsgName}.name}`],
    ]);
    expect(assoc).toEqual(expect.objectContaining({
      subnet_id: `\${azurerm_subnet.${subnetName}.id}`,
      network_security_group_id: `\${azurerm_network_security_group.${nsgName}.id}`,
    }));
  });

  test("Network Contributor on the subnet only, as a ServicePrincipal, with a stable name", () => {
    const [subnetName] = only(json, "azurerm_subnet");
    const [, ra] = only(json, "azurerm_role_assignment");
    expect(ra).toMatchObject({ scope: `\${azurerm_subnet.${subnetName}.id}`, role_definition_name: "Network Contributor", principal_type: "ServicePrincipal" });
    expect(ra.name).toMatch(/^\$\{uuidv5\("url", "aks-byocni\|\$\{azurerm_subnet\.\S+\.id\}\|\$\{azurerm_user_assigned_identity\.\S+\.principal_id\}\|Network Contributor"\)\}$/);
  });
});

test("MinimalCustomRole: a role with exactly the two subnet actions, assignable in the subnet's resource group", () => {
  const json = synthJson(new AksByoCniStack(Testing.app(), "prod", withField(vnetConfig(), "network.subnetRole", "MinimalCustomRole")));
  const [roleName, role] = only(json, "azurerm_role_definition");
  const [, ra] = only(json, "azurerm_role_assignment");
  expect(role.permissions).toEqual([{ actions: [...MINIMAL_SUBNET_ACTIONS] }]);
  expect(MINIMAL_SUBNET_ACTIONS).toEqual(["Microsoft.Network/virtualNetworks/subnets/join/action", "Microsoft.Network/virtualNetworks/subnets/read"]);
  expect(role.scope).toMatch(/^\$\{join\("\/", slice\(split\("\/", azurerm_subnet\.\S+\.id\), 0, 5\)\)\}$/);
  expect(role.assignable_scopes).toEqual([role.scope]);
  expect(ra.role_definition_id).toBe(`\${azurerm_role_definition.${roleName}.role_definition_resource_id}`);
  expect(ra.role_definition_name).toBeUndefined();
});

describe("an adopted subnet", () => {
  const adopted = () =>
    withField(
      withField(withField(vnetConfig(), "network.vnet", undefined), "network.existingSubnetId", SUBNET_ID),
      "network.existingSubnetAddressPrefixes",
      ["10.224.0.0/16"],
    );

  test("is read at plan time, and the declared prefixes must be the real ones", () => {
    const json = synthJson(new AksByoCniStack(Testing.app(), "prod", adopted()));
    expect(json.resource.azurerm_subnet).toBeUndefined();
    const subnet = Object.values(json.data.azurerm_subnet)[0] as Record<string, any>;
    expect(subnet).toMatchObject({ name: "snet-aks", virtual_network_name: "vnet-hub", resource_group_name: "rg-net" });
    expect(subnet.lifecycle.postcondition).toEqual([
      expect.objectContaining({ condition: '${toset(self.address_prefixes) == toset(["10.224.0.0/16"])}' }),
    ]);
    const [, ra] = only(json, "azurerm_role_assignment");
    expect(ra.scope).toBe(SUBNET_ID);
  });

  test("without declared prefixes, Terraform checks the subnet's capacity at plan time instead", () => {
    const config = withField(adopted(), "network.existingSubnetAddressPrefixes", undefined);
    const subnet = Object.values(synthJson(new AksByoCniStack(Testing.app(), "prod", config)).data.azurerm_subnet)[0] as Record<string, any>;
    expect(subnet.lifecycle.postcondition).toEqual([
      expect.objectContaining({ condition: '${pow(2, 32 - tonumber(split("/", self.address_prefixes[0])[1])) - 5 >= 8}' }),
    ]);
    expect(warningsOf(config).some((w) => w.includes("[NET-07 skipped]"))).toBe(false);
  });

  test("userDefinedRouting is checked against the subnet's route table at plan time", () => {
    const config = withField(adopted(), "network.outboundType", "userDefinedRouting");
    const subnet = Object.values(synthJson(new AksByoCniStack(Testing.app(), "prod", config)).data.azurerm_subnet)[0] as Record<string, any>;
    expect(subnet.lifecycle.postcondition).toEqual(expect.arrayContaining([expect.objectContaining({ condition: "${length(compact([self.route_table_id])) > 0}" })]));
    expect(errorsOf(config)).toEqual([]);
  });
});

describe("an adopted subnet given as a reference in the config", () => {
  const referenced = (role?: string) => {
    const config = withField(withField(vnetConfig(), "network.vnet", undefined), "network.existingSubnetId", "${var.subnet_id}");
    return role === undefined ? config : withField(config, "network.subnetRole", role);
  };

  test("the functions written read the reference, not its text, and cdktf warns of nothing", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const json = synthJson(new AksByoCniStack(Testing.app(), "prod", referenced("MinimalCustomRole")));
      const [, role] = only(json, "azurerm_role_definition");
      expect(role.scope).toBe('${join("/", slice(split("/", var.subnet_id), 0, 5))}');
      expect(role.assignable_scopes).toEqual([role.scope]);
      const subnet = Object.values(json.data.azurerm_subnet)[0] as Record<string, any>;
      expect(subnet).toMatchObject({ name: '${element(split("/", var.subnet_id), 10)}', virtual_network_name: '${element(split("/", var.subnet_id), 8)}', resource_group_name: '${element(split("/", var.subnet_id), 4)}' });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  test("the grant's name is derived from the reference's text, as before, so that no deployed grant is replaced", () => {
    const [, ra] = only(synthJson(new AksByoCniStack(Testing.app(), "prod", referenced())), "azurerm_role_assignment");
    expect(ra.scope).toBe("${var.subnet_id}");
    expect(ra.name).toMatch(/^\$\{uuidv5\("url", "aks-byocni\|\$\{"\$\$\{var\.subnet_id\}"\}\|\$\{azurerm_user_assigned_identity\.[^}]+\.principal_id\}\|Network Contributor"\)\}$/);
  });
});

test("SystemAssigned with a subnet: the grant follows the cluster, and RA-08 warns", () => {
  const config = withField(vnetConfig(), "cluster.identity", "SystemAssigned");
  const json = synthJson(new AksByoCniStack(Testing.app(), "prod", config));
  const [, ra] = only(json, "azurerm_role_assignment");
  const [clusterName, aks] = only(json, "azurerm_kubernetes_cluster");
  expect(ra.principal_id).toBe(`\${azurerm_kubernetes_cluster.${clusterName}.identity[0].principal_id}`);
  expect(aks.depends_on).toBeUndefined();
  expect(json.resource.azurerm_user_assigned_identity).toBeUndefined();
  expect(warningsOf(config)).toEqual(expect.arrayContaining([expect.stringMatching(/^cluster\.identity: .*\[RA-08\]$/)]));
});

test("the constructs compose in a user's stack with a subnet from elsewhere", () => {
  const stack = new TerraformStack(Testing.app(), "platform");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const network = new AksNetwork(stack, "net", {
    location: "eastus",
    resourceGroupName: "rg",
    namePrefix: "team",
    network: { existingSubnetId: SUBNET_ID, existingSubnetAddressPrefixes: ["10.50.0.0/24"], subnetRole: "NetworkContributor" },
  });
  new AksByoCniCluster(stack, "aks", {
    location: "eastus",
    resourceGroupName: "rg",
    nodeSubnet: network.nodeSubnet,
    cluster: { name: "team", defaultNodePool: { name: "system", nodeCount: 3, vmSize: "Standard_D4ds_v5" } },
  });
  const json = synthJson(stack);
  const aks = Object.values(json.resource.azurerm_kubernetes_cluster)[0] as Record<string, any>;
  expect(aks.default_node_pool.vnet_subnet_id).toBe(SUBNET_ID);
  expect(aks.depends_on).toHaveLength(1);
});
