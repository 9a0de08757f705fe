/**
 * What AKS stores in the cluster's attributes that azurerm marks Optional,
 * Computed and ForceNew when the config leaves them unset. A running
 * cluster's state holds these values, so writing the same value out later
 * plans no change, while any other value replaces the cluster. The offline
 * planner puts them into the deployed state it synthesizes; the fast
 * replacement table compares a value the later config writes with them.
 *
 * Not here, because no config writes the value AKS picked: the kubelet
 * identity AKS creates (its IDs exist only after creation; a
 * `cluster.kubeletIdentity` is one of your own), `pod_cidr` (always written,
 * and ignored: a trigger replaces the cluster instead), and what the
 * constructs never write (`pod_cidrs`, `service_cidrs`, `ip_versions`,
 * `nat_gateway_profile`; `network_mode`, refused by BYO-05).
 */
import { AKS_MANAGED_OUTBOUND_IPS, AKS_PRIVATE_DNS_ZONE, DEFAULTS } from "../plan/defaults";
import { defaultNodeResourceGroup } from "../plan/names";
import { normalizeLocation } from "../reference/regions";

/** Reads an attribute of the same resource by path (`network_profile.0.outbound_type`); undefined when unset or unknown. */
export type AttributeReader = (path: string) => unknown;

/** A string without a Terraform reference, or undefined. */
const literal = (v: unknown): string | undefined => (typeof v === "string" && v !== "" && !v.includes("${") ? v : undefined);

/**
 * By resource type and attribute path: AKS's value when the config leaves it
 * unset, or undefined when the resource's own attributes do not decide it. A
 * block is a list of objects with the attributes AKS reports.
 */
export const AKS_COMPUTED_DEFAULTS: Readonly<Record<string, Readonly<Record<string, (read: AttributeReader) => unknown>>>> = {
  azurerm_kubernetes_cluster: {
    "network_profile.0.service_cidr": () => DEFAULTS.NetworkSettings.serviceCidr,
    "network_profile.0.dns_service_ip": () => DEFAULTS.NetworkSettings.dnsServiceIp,
    node_resource_group: (read) => {
      const [group, name, location] = [literal(read("resource_group_name")), literal(read("name")), literal(read("location"))];
      return group && name && location ? defaultNodeResourceGroup(group, name, normalizeLocation(location)) : undefined;
    },
    private_dns_zone_id: (read) => (read("private_cluster_enabled") === true ? AKS_PRIVATE_DNS_ZONE : undefined),
    // loadBalancer egress: AKS reports its outbound rule, so declaring `network.loadBalancer` later is an update.
    "network_profile.0.load_balancer_profile": (read) =>
      read("network_profile.0.outbound_type") === "loadBalancer"
        ? [
            {
              managed_outbound_ip_count: AKS_MANAGED_OUTBOUND_IPS,
              managed_outbound_ipv6_count: 0,
              outbound_ports_allocated: DEFAULTS.LoadBalancerSettings.allocatedOutboundPorts,
              idle_timeout_in_minutes: DEFAULTS.LoadBalancerSettings.idleTimeoutInMinutes,
              backend_pool_type: "NodeIPConfiguration",
            },
          ]
        : undefined,
  },
};
