/**
 * The fast replacement check's conditional rules (azurerm's ForceNewIf and
 * CustomizeDiff), on hand-written plans; the oracle test checks the tables
 * against the real provider.
 */
import { describeReplacements, replacementChanges } from "../../lib/testing/replacements";

describe("VNet integration: an API server subnet ID that is removed, or becomes unknown because its subnet is replaced, replaces the cluster (azurerm's CustomizeDiff reads an unknown value as unset); another literal ID is an update", () => {

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
});

const pool = (osSku?: string) => ({ resource: { azurerm_kubernetes_cluster_node_pool: { apps: { name: "apps", kubernetes_cluster_id: "/x", ...(osSku ? { os_sku: osSku } : {}) } } } });
const effect = (before?: string, after?: string) => replacementChanges(pool(before), pool(after)).map((c) => `${c.attribute} ${c.effect}`);

describe("a pool's os_sku: AKS migrates Ubuntu and Azure Linux in place; azurerm replaces the pool for any other change", () => {
  test.each([
    ["Ubuntu", "AzureLinux"],
    ["AzureLinux", "Ubuntu2204"],
    ["Ubuntu2204", "AzureLinux3"],
    // Unset in the config: the state holds AKS's default, Ubuntu.
    [undefined, "AzureLinux"],
    // Removed from the config: the state keeps Azure's value.
    ["AzureLinux", undefined],
  ])("%s -> %s is no replacement", (before, after) => expect(effect(before, after)).toEqual([]));

  test.each([
    ["Ubuntu", "Windows2022"],
    ["Windows2019", "Windows2022"],
    [undefined, "Windows2022"],
  ])("%s -> %s replaces the pool", (before, after) => expect(effect(before, after)).toEqual(["os_sku replaces"]));
});

test("network_plugin_mode: only overlay is planned in place; removing it replaces the cluster (CustomizeDiff)", () => {
  const aks = (mode?: string) => ({ resource: { azurerm_kubernetes_cluster: { c: { name: "c", network_profile: { network_plugin: "none", ...(mode ? { network_plugin_mode: mode } : {}) } } } } });
  const effect = (before?: string, after?: string) => replacementChanges(aks(before), aks(after)).map((c) => `${c.attribute} ${c.effect}`);
  expect(effect("overlay", undefined)).toEqual(["network_profile.0.network_plugin_mode replaces"]);
  expect(effect(undefined, "overlay")).toEqual([]);
  expect(effect("overlay", "overlay")).toEqual([]);
});

describe("attributes AKS fills in when the config leaves them unset (Optional, Computed, ForceNew): the state holds AKS's value, so writing it out is no change, and another value replaces the cluster", () => {
  const aks = (cluster: Record<string, unknown> = {}, network: Record<string, unknown> = {}) => ({
    resource: {
      azurerm_resource_group: { rg: { name: "rg-aks", location: "westeurope" } },
      azurerm_kubernetes_cluster: {
        aks: { name: "aks", location: "West Europe", resource_group_name: "${azurerm_resource_group.rg.name}", ...cluster, network_profile: { network_plugin: "none", ...network } },
      },
    },
  });
  const lines = (before: object, after: object) => describeReplacements(replacementChanges(before as Record<string, unknown>, after as Record<string, unknown>));
  const defaults = { service_cidr: "10.0.0.0/16", dns_service_ip: "10.0.0.10" };

  test.each([
    ["the service range and DNS service IP: AKS's defaults written out", aks(), aks({}, defaults)],
    ["the service range and DNS service IP: removed again", aks({}, defaults), aks()],
    ["the node resource group: AKS's MC_<group>_<cluster>_<location> written out", aks(), aks({ node_resource_group: "MC_rg-aks_aks_westeurope" })],
    ["a private cluster's DNS zone: AKS's System written out", aks({ private_cluster_enabled: true }), aks({ private_cluster_enabled: true, private_dns_zone_id: "System" })],
  ])("%s: no change", (_what, before, after) => expect(lines(before, after)).toBe(""));

  test.each([
    [
      "another service range and DNS service IP",
      aks(),
      aks({}, { service_cidr: "10.1.0.0/16", dns_service_ip: "10.1.0.10" }),
      [
        'azurerm_kubernetes_cluster.aks: network_profile.0.service_cidr "10.0.0.0/16" -> "10.1.0.0/16" replaces it',
        'azurerm_kubernetes_cluster.aks: network_profile.0.dns_service_ip "10.0.0.10" -> "10.1.0.10" replaces it',
      ],
    ],
    ["another node resource group", aks(), aks({ node_resource_group: "rg-aks-nodes" }), ['azurerm_kubernetes_cluster.aks: node_resource_group "MC_rg-aks_aks_westeurope" -> "rg-aks-nodes" replaces it']],
    ["no private DNS zone", aks({ private_cluster_enabled: true }), aks({ private_cluster_enabled: true, private_dns_zone_id: "None" }), ['azurerm_kubernetes_cluster.aks: private_dns_zone_id "System" -> "None" replaces it']],
    // AKS gives a public cluster no zone: writing one is a change (API-08 refuses it anyway).
    ["System on a public cluster", aks(), aks({ private_dns_zone_id: "System" }), ['azurerm_kubernetes_cluster.aks: private_dns_zone_id undefined -> "System" replaces it']],
  ])("%s: replaces the cluster", (_what, before, after, expected) => expect(lines(before, after).split("\n")).toEqual(expected));
});
