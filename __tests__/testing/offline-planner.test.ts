/**
 * The deployed state the offline planner synthesizes, without a provider:
 * what AKS fills in where the config left an attribute to it. The day-2
 * tests plan against such states with the real provider.
 */
import { deployedAttributes } from "../../lib/testing/offline-planner";

const str = { type: "string" };
/** The part of azurerm's cluster schema these tests need (one attribute of the load balancer profile left out, as a newer provider might). */
const SCHEMA = {
  attributes: { name: str, location: str, resource_group_name: str, node_resource_group: str, private_cluster_enabled: { type: "bool" }, private_dns_zone_id: str },
  block_types: {
    network_profile: {
      nesting_mode: "list",
      block: {
        attributes: { network_plugin: str, outbound_type: str, service_cidr: str, dns_service_ip: str },
        block_types: {
          load_balancer_profile: {
            nesting_mode: "list",
            block: {
              attributes: {
                managed_outbound_ip_count: { type: "number" },
                outbound_ports_allocated: { type: "number" },
                idle_timeout_in_minutes: { type: "number" },
                backend_pool_type: str,
                outbound_ip_address_ids: { type: ["set", "string"] },
                effective_outbound_ips: { type: ["set", "string"] },
              },
            },
          },
        },
      },
    },
  },
};

const cluster = (network: Record<string, unknown>, networkUnknown: Record<string, unknown>, top: Record<string, unknown> = {}, topUnknown: Record<string, unknown> = {}) =>
  deployedAttributes(
    "azurerm_kubernetes_cluster",
    "azurerm_kubernetes_cluster.aks",
    { name: "aks", location: "West Europe", resource_group_name: "rg-aks", ...top, network_profile: [{ network_plugin: "none", ...network }] },
    { ...topUnknown, network_profile: [networkUnknown] },
    SCHEMA,
  );

test("left to AKS: the service range, DNS service IP and node resource group hold what AKS sets, the load balancer profile what it reports for loadBalancer egress", () => {
  const a = cluster({ outbound_type: "loadBalancer" }, { service_cidr: true, dns_service_ip: true, load_balancer_profile: true }, {}, { node_resource_group: true, private_dns_zone_id: true });
  expect(a).toMatchObject({ node_resource_group: "MC_rg-aks_aks_westeurope", private_dns_zone_id: null });
  expect(a.network_profile).toEqual([
    {
      network_plugin: "none",
      outbound_type: "loadBalancer",
      service_cidr: "10.0.0.0/16",
      dns_service_ip: "10.0.0.10",
      // The schema's attributes and no others: empty IP lists, no IPv6 count (this schema has none).
      load_balancer_profile: [
        { managed_outbound_ip_count: 1, outbound_ports_allocated: 0, idle_timeout_in_minutes: 30, backend_pool_type: "NodeIPConfiguration", outbound_ip_address_ids: [], effective_outbound_ips: [] },
      ],
    },
  ]);
});

test("written in the config: the values stay; a private cluster's zone left to AKS is System; other egress has no load balancer profile", () => {
  const a = cluster(
    { outbound_type: "userDefinedRouting", service_cidr: "172.20.0.0/16", dns_service_ip: "172.20.0.10" },
    { load_balancer_profile: true },
    { private_cluster_enabled: true, node_resource_group: "rg-aks-nodes" },
    { private_dns_zone_id: true },
  );
  expect(a).toMatchObject({ node_resource_group: "rg-aks-nodes", private_dns_zone_id: "System" });
  expect(a.network_profile).toEqual([{ network_plugin: "none", outbound_type: "userDefinedRouting", service_cidr: "172.20.0.0/16", dns_service_ip: "172.20.0.10", load_balancer_profile: [] }]);
});
