/**
 * The fast replacement table on the attributes of VNet integration: an API
 * server subnet ID that is removed, or that becomes unknown because its
 * subnet is replaced, replaces the cluster (azurerm's CustomizeDiff reads an
 * unknown value as unset); another literal ID is an update.
 */
import { replacementChanges } from "../../lib/testing/replacements";

const ID = (name: string) => `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/${name}`;
const stack = (subnetId: string | undefined, subnetName = "snet-apiserver") => ({
  resource: {
    azurerm_subnet: { api: { name: subnetName, resource_group_name: "rg", virtual_network_name: "vnet", address_prefixes: ["10.0.255.0/28"] } },
    azurerm_kubernetes_cluster: {
      aks: { name: "aks", api_server_access_profile: subnetId === undefined ? undefined : { virtual_network_integration_enabled: true, subnet_id: subnetId } },
    },
  },
});
const replaced = (before: object, after: object) => replacementChanges(before as Record<string, unknown>, after as Record<string, unknown>).filter((c) => c.effect === "replaces").map((c) => `${c.resource} ${c.attribute}`);

test.each([
  ["another literal ID: an update", stack(ID("a")), stack(ID("b")), []],
  ["removed: a new cluster", stack(ID("a")), stack(undefined), ["azurerm_kubernetes_cluster.aks api_server_access_profile.0.subnet_id"]],
  ["added: an update", stack(undefined), stack(ID("a")), []],
  [
    "a reference to a subnet that is replaced: a new cluster",
    stack("${azurerm_subnet.api.id}"),
    stack("${azurerm_subnet.api.id}", "snet-apiserver-2"),
    ["azurerm_subnet.api name", "azurerm_kubernetes_cluster.aks api_server_access_profile.0.subnet_id"],
  ],
])("%s", (_what, before, after, expected) => {
  expect(replaced(before, after)).toEqual(expected);
});
