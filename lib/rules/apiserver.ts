/**
 * API: how the API server is reached (api-server-authorized-ip-ranges,
 * private-clusters, api-server-vnet-integration). The address syntax of each
 * range is FMT's.
 */
import { defineRules, type RuleContext } from "./engine";
import { SEGMENT } from "../net/arm-id";
import { normalizeLocation } from "../reference/regions";
import type { ClusterPlan } from "../plan/cluster";
import type { ExtraSubnetPlan, NetworkPlan } from "../plan/network";
import type { PlannedRange } from "./ranges";

/** The range that means "only the cluster's own outbound IPs". */
const OUTBOUND_IPS_ONLY = "0.0.0.0/32";

/** Authorized ranges AKS takes: 200, or 2,000 with API Server VNet Integration (api-server-authorized-ip-ranges, Limitations). */
const MAX_AUTHORIZED_RANGES = 200;
const MAX_AUTHORIZED_RANGES_WITH_VNET_INTEGRATION = 2000;

/** The largest API server subnet prefix AKS accepts (api-server-vnet-integration: at least a /28). */
export const API_SERVER_SUBNET_MAX_PREFIX = 28;

/** The private DNS zone values that are not a zone of your own (azurerm StringInSlice, case-sensitive). */
const PRIVATE_DNS_ZONE_MODES = ["System", "None"] as const;

/** azurerm's privatezones.ValidatePrivateDnsZoneID: static segments case-sensitive. */
const PRIVATE_DNS_ZONE_ID = new RegExp(`^/subscriptions/(${SEGMENT})/resourceGroups/(${SEGMENT})/providers/Microsoft\\.Network/privateDnsZones/(${SEGMENT})$`);

/** A subzone label: letters, digits and hyphens, at most 32 characters (private-clusters, custom private DNS zone). */
const SUBZONE = "[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?";

export const API_SERVER_RULES = defineRules({
  "API-01": {
    severity: "error",
    title: "A private API server has no authorized IP ranges",
    source:
      "api-server-authorized-ip-ranges (Limitations: can't be used with private clusters); ARM InvalidParameter \"Private cluster cannot be enabled with AuthorizedIPRanges.\" (aquasecurity/tfsec#571); the Azure CLI refuses the pair, with API Server VNet Integration too",
    why: "refused: ARM refuses a private cluster with authorized ranges (InvalidParameter); azurerm does not check the pair. No source says API Server VNet Integration lifts the refusal (the AKS baseline's private, VNet-integrated cluster passes an empty list by default), so it applies with VNet integration too; accept the rule if Azure takes the pair for you",
    fix: "remove cluster.apiServer.authorizedIpRanges from the private cluster, or set cluster.apiServer.private: false",
  },
  "API-02": {
    severity: "error",
    title: "0.0.0.0/32 (only the cluster's outbound IPs) is the only authorized range when it is used",
    source:
      "api-server-authorized-ip-ranges (allow only the outbound public IP of the load balancer); ARM InvalidParameter \"Setting apiServerAuthorizedIPRange to 0.0.0.0/32 is not allowed with other IP ranges\" (Azure/terraform-azurerm-aks#378)",
    why: "refused: ARM refuses the cluster with InvalidParameter; azurerm validate.CIDR accepts each range on its own",
    fix: "list 0.0.0.0/32 alone, or list your ranges without it",
  },
  "API-03": {
    severity: "error",
    title: "The API server subnet is delegated to Microsoft.ContainerService/managedClusters",
    source: "api-server-vnet-integration (bring your own VNet: create and delegate an API server subnet)",
    why: "refused: AKS cannot project the API server into a subnet that is not delegated to it and refuses the cluster",
    fix: "delegate the API server subnet to Microsoft.ContainerService/managedClusters: remove any override of its delegation",
  },
  "API-04": {
    severity: "error",
    title: `The API server subnet is at least a /${API_SERVER_SUBNET_MAX_PREFIX}`,
    source: "api-server-vnet-integration (the minimum supported API server subnet size is a /28; AKS reserves at least 9 addresses in it)",
    why: "refused: AKS refuses an API server subnet smaller than a /28",
    fix: `give the API server subnet a /${API_SERVER_SUBNET_MAX_PREFIX} or larger range`,
  },
  "API-05": {
    severity: "error",
    title: "No node pool joins the API server subnet, and it is not the node subnet",
    source: "api-server-vnet-integration (you can't use the subnet for any other workloads); a delegated subnet holds no nodes (NET-04)",
    why: "refused: AKS refuses nodes in a subnet delegated to Microsoft.ContainerService/managedClusters, and an API server subnet other resources use",
    fix: "give the API server a subnet of its own: no pool names it in subnetName, and it is not the node subnet",
  },
  "API-06": {
    severity: "error",
    title: "VNet integration with a subnet of yours names an API server subnet (network.vnet.apiServerSubnet or network.existingApiServerSubnetId)",
    source: "AKS API ManagedClusterAPIServerAccessProfile.subnetId (required when creating a cluster with a VNet of your own); api-server-vnet-integration",
    why: "refused: ARM refuses VNet integration on a cluster in a VNet of yours without the API server subnet's ID",
    fix: "declare network.vnet.apiServerSubnet (a /28 or larger) or network.existingApiServerSubnetId, or set cluster.apiServer.vnetIntegration: false",
  },
  "API-07": {
    severity: "error",
    title: `At most ${MAX_AUTHORIZED_RANGES} authorized IP ranges, ${MAX_AUTHORIZED_RANGES_WITH_VNET_INTEGRATION} with API Server VNet Integration`,
    source: "api-server-authorized-ip-ranges (Limitations: up to 200 ranges; API Server VNet Integration supports up to 2,000)",
    why: "refused: AKS takes no more ranges than its documented limit; azurerm does not count them",
    fix: `merge the authorized IP ranges into larger prefixes: at most ${MAX_AUTHORIZED_RANGES}, or ${MAX_AUTHORIZED_RANGES_WITH_VNET_INTEGRATION} with cluster.apiServer.vnetIntegration`,
  },
  "API-08": {
    severity: "error",
    title: "A private DNS zone (cluster.apiServer.privateDnsZone) only with a private API server",
    source: "private-clusters (configure a private DNS zone); Azure CLI: \"Invalid private dns zone for public cluster. It should always be empty for public cluster\"",
    why: "the config sets a private DNS zone for a public API server, which has no private endpoint to resolve; the Azure CLI refuses the same combination",
    fix: "set cluster.apiServer.private: true, or remove cluster.apiServer.privateDnsZone",
  },
  "API-09": {
    severity: "error",
    title: "privateDnsZone is System, None (case-sensitive) or a private DNS zone's ARM ID",
    source: "azurerm schema (private_dns_zone_id: privatezones.ValidatePrivateDnsZoneID or StringInSlice System, None)",
    why: "refused: azurerm validation at plan",
    fix: "set cluster.apiServer.privateDnsZone to System, None or the ARM ID of a private DNS zone of yours",
  },
  "API-10": {
    severity: "error",
    title:
      "A private DNS zone of your own is privatelink.<region>.azmk8s.io or <subzone>.privatelink.<region>.azmk8s.io (subzone up to 32 characters; with VNet integration also private.<region>.azmk8s.io), in the cluster's region",
    source: "private-clusters (custom private DNS zone: naming format for Azure global cloud; API Server VNet Integration format)",
    why: "refused: AKS refuses a private DNS zone whose name does not follow the format for the cluster's region",
    fix: "name the zone privatelink.<region>.azmk8s.io or <subzone>.privatelink.<region>.azmk8s.io for the cluster's region, with VNet integration also private.<region>.azmk8s.io",
  },
  "API-11": {
    severity: "error",
    title: "A private DNS zone of your own needs a user-assigned control-plane identity",
    source:
      "azurerm kubernetes_cluster create: \"a user assigned identity or a service principal must be used when using a custom private dns zone\"; private-clusters (user-assigned identity with Private DNS Zone Contributor and Network Contributor)",
    why: "refused: azurerm at apply, before it calls Azure",
    fix: "set cluster.identity: UserAssigned, or cluster.apiServer.privateDnsZone: System",
  },
  "API-12": {
    severity: "error",
    title: "The API server subnet is created (network.vnet.apiServerSubnet) or adopted (network.existingApiServerSubnetId), not both",
    source: "this project (the config model: the API server subnet is created or adopted); AKS API ManagedClusterAPIServerAccessProfile.subnetId (one subnet)",
    acceptable: false,
    why: "the config describes the API server subnet twice, one to create and one to adopt, and the cluster takes one subnet ID",
    fix: "create the API server subnet (network.vnet.apiServerSubnet) or adopt it (network.existingApiServerSubnetId), not both",
  },
  "API-13": {
    severity: "error",
    title: "existingApiServerSubnetAddressPrefixes describe an adopted API server subnet: only with network.existingApiServerSubnetId",
    source: "this project (the config model: a created API server subnet's ranges are vnet.apiServerSubnet.addressPrefixes)",
    acceptable: false,
    why: "the config gives the ranges of an adopted API server subnet but adopts none, so they describe no subnet",
    fix: "set network.existingApiServerSubnetId with existingApiServerSubnetAddressPrefixes, or remove the prefixes",
  },
  "API-14": {
    severity: "error",
    title: "An API server subnet is declared only with VNet integration (cluster.apiServer.vnetIntegration not false)",
    source: "this project: the API server subnet exists for API Server VNet Integration (api-server-vnet-integration), and nothing else may use it (API-05)",
    acceptable: false,
    why: "the config turns VNet integration off and declares the API server subnet that only VNet integration uses",
    fix: "remove the API server subnet, or remove cluster.apiServer.vnetIntegration: false",
  },
});

const PATH = "cluster.apiServer.authorizedIpRanges";
const ZONE_PATH = "cluster.apiServer.privateDnsZone";

/** The zone names AKS accepts for a cluster in `region` (lower case), without and with VNet integration. */
export function privateDnsZoneNamePattern(region: string, vnetIntegration: boolean): RegExp {
  const r = region.replace(/[^a-z0-9]/g, "");
  const kinds = vnetIntegration ? "privatelink|private" : "privatelink";
  return new RegExp(`^(?:${SUBZONE}\\.)?(?:${kinds})\\.${r}\\.azmk8s\\.io$`);
}

/** Parses a private DNS zone's ARM ID as azurerm does; undefined when it is not one. */
function parsePrivateDnsZoneId(id: string): { resourceGroupName: string; name: string } | undefined {
  const m = PRIVATE_DNS_ZONE_ID.exec(id);
  return m ? { resourceGroupName: m[2]!, name: m[3]! } : undefined;
}

/** True for a private DNS zone value that names a zone of your own (not System or None). */
export const isCustomPrivateDnsZone = (zone: string | undefined): zone is string => zone !== undefined && !(PRIVATE_DNS_ZONE_MODES as readonly string[]).includes(zone);

/** API-01, API-02, API-06, API-07, API-08..11: ranges, VNet integration and the private DNS zone. */
export function checkApiServer(ctx: RuleContext, plan: ClusterPlan): void {
  checkRanges(ctx, plan);
  checkVnetIntegration(ctx, plan);
  checkPrivateDnsZone(ctx, plan);
}

function checkRanges(ctx: RuleContext, plan: ClusterPlan): void {
  const { authorizedIpRanges, private: isPrivate, vnetIntegration } = plan.apiServer;
  // What AKS receives: a bare 0.0.0.0 is sent as 0.0.0.0/32.
  const ranges = authorizedIpRanges?.sent;
  if (!Array.isArray(ranges) || ranges.length === 0 || ctx.unknown(["API-01", "API-02", "API-07"], PATH, ranges)) return;
  if (!ctx.unknown("API-01", "cluster.apiServer.private", isPrivate) && isPrivate === true) {
    ctx.report(
      "API-01",
      PATH,
      "a private API server cannot have authorized IP ranges (ARM: \"Private cluster cannot be enabled with AuthorizedIPRanges\"); remove the ranges or cluster.apiServer.private",
    );
  }
  const only = ranges.indexOf(OUTBOUND_IPS_ONLY);
  if (only >= 0 && ranges.length > 1) {
    ctx.report(
      "API-02",
      `${PATH}[${only}]`,
      `${OUTBOUND_IPS_ONLY} allows only the cluster's own outbound IPs and cannot be combined with other ranges (ARM: "Setting apiServerAuthorizedIPRange to 0.0.0.0/32 is not allowed with other IP ranges"); keep it alone, or list the ranges without it`,
    );
  }
  const limit = vnetIntegration === true ? MAX_AUTHORIZED_RANGES_WITH_VNET_INTEGRATION : MAX_AUTHORIZED_RANGES;
  if (ranges.length > limit) {
    ctx.report(
      "API-07",
      PATH,
      `${ranges.length} authorized ranges; AKS takes at most ${limit}${vnetIntegration === true ? "" : ` (${MAX_AUTHORIZED_RANGES_WITH_VNET_INTEGRATION} with cluster.apiServer.vnetIntegration)`}. Merge ranges into larger prefixes`,
    );
  }
}

/** API-06, API-14: VNet integration and the API server subnet the network declares. */
function checkVnetIntegration(ctx: RuleContext, plan: ClusterPlan): void {
  const { vnetIntegration, subnet } = plan.apiServer;
  const written = plan.settings.apiServer?.vnetIntegration;
  if (ctx.unknown("API-06", "cluster.apiServer.vnetIntegration", written)) return;
  if (vnetIntegration && plan.subnet && !subnet) {
    ctx.report(
      "API-06",
      "cluster.apiServer.vnetIntegration",
      "VNet integration in a VNet of yours needs the API server subnet: declare network.vnet.apiServerSubnet (a /28 or larger, created delegated to AKS) or network.existingApiServerSubnetId",
    );
  }
  if (written === false && subnet) {
    ctx.report("API-14", "cluster.apiServer.vnetIntegration", `is false, but ${subnet.path} declares an API server subnet for it; remove one of them`);
  }
}

function checkPrivateDnsZone(ctx: RuleContext, plan: ClusterPlan): void {
  const zone = plan.apiServer.privateDnsZone;
  if (zone === undefined || ctx.unknown(["API-08", "API-09", "API-10", "API-11"], ZONE_PATH, zone)) return;
  if (!ctx.unknown("API-08", "cluster.apiServer.private", plan.apiServer.private) && plan.apiServer.private !== true) {
    ctx.report("API-08", ZONE_PATH, "a private DNS zone is only for a private API server; set cluster.apiServer.private: true, or remove the zone");
  }
  if (isCustomPrivateDnsZone(zone)) checkOwnPrivateDnsZone(ctx, plan, zone);
}

/** API-09..11: a zone of your own: its ID, its name for the region, and the identity that may use it. */
function checkOwnPrivateDnsZone(ctx: RuleContext, plan: ClusterPlan, zone: string): void {
  const parsed = typeof zone === "string" ? parsePrivateDnsZoneId(zone) : undefined;
  if (!parsed) {
    const near = PRIVATE_DNS_ZONE_MODES.find((m) => m.toLowerCase() === String(zone).toLowerCase());
    ctx.report(
      "API-09",
      ZONE_PATH,
      near
        ? `"${zone}" is not accepted; write "${near}" (case-sensitive)`
        : `${JSON.stringify(zone)} is not System, None or a private DNS zone ID (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/<zone>; segments are case-sensitive)`,
    );
    return;
  }
  const location = typeof plan.location === "string" && !ctx.unknown("API-10", "location", plan.location) ? normalizeLocation(plan.location) : undefined;
  if (location !== undefined && !privateDnsZoneNamePattern(location, plan.apiServer.vnetIntegration).test(parsed.name.toLowerCase())) {
    const allowed = [`privatelink.${location}.azmk8s.io`, `<subzone>.privatelink.${location}.azmk8s.io`];
    if (plan.apiServer.vnetIntegration) allowed.push(`private.${location}.azmk8s.io`, `<subzone>.private.${location}.azmk8s.io`);
    ctx.report("API-10", ZONE_PATH, `zone "${parsed.name}" is not named for a cluster in ${location}; AKS accepts ${allowed.join(", ")} (a subzone has at most 32 letters, digits or hyphens)`);
  }
  if (plan.identity.type !== "UserAssigned") {
    ctx.report(
      "API-11",
      plan.identity.source === "subnet" ? "cluster.identity" : ZONE_PATH,
      "a private DNS zone of your own needs a user-assigned control-plane identity (azurerm refuses the cluster otherwise); remove cluster.identity: SystemAssigned, or use System",
    );
  }
}

/** The API server subnet's prefix for size and sharing checks: its first IPv4 range. */
function firstIpv4(ranges: readonly PlannedRange[]): PlannedRange | undefined {
  return ranges.find((r) => r.cidr.version === 4);
}

/** API-12, API-13: the API server subnet is created or adopted, and adopted ranges come with an adopted ID. */
export function checkApiServerSubnetChoice(ctx: RuleContext, plan: NetworkPlan): void {
  const n = plan.settings;
  if (n.vnet?.apiServerSubnet && n.existingApiServerSubnetId !== undefined) {
    ctx.report("API-12", "network.existingApiServerSubnetId", "set either network.vnet.apiServerSubnet (create it) or network.existingApiServerSubnetId (adopt it), not both");
  }
  if (!n.vnet && (n.existingApiServerSubnetAddressPrefixes !== undefined) && n.existingApiServerSubnetId === undefined) {
    ctx.report("API-13", "network.existingApiServerSubnetAddressPrefixes", "describes an adopted API server subnet; set network.existingApiServerSubnetId too");
  }
  if (n.vnet && n.existingApiServerSubnetAddressPrefixes !== undefined && n.existingApiServerSubnetId === undefined) {
    ctx.report("API-13", "network.existingApiServerSubnetAddressPrefixes", "describes an adopted API server subnet; with network.vnet.apiServerSubnet the ranges come from it");
  }
}

/** API-03 on a created API server subnet (as synthesized), API-04 on its size; an adopted one's delegation is not readable at plan time. */
export function checkApiServerSubnet(ctx: RuleContext, subnet: ExtraSubnetPlan, ranges: readonly PlannedRange[], synthesized: Readonly<Record<string, unknown>> | undefined, delegation: string): void {
  if (subnet.origin === "adopted") {
    ctx.skip("API-03", subnet.path, "the adopted API server subnet's delegation cannot be read at synth or plan time; make sure it is delegated to Microsoft.ContainerService/managedClusters");
  } else if (synthesized) {
    const delegations = Array.isArray(synthesized.delegation) ? (synthesized.delegation as Record<string, unknown>[]) : [];
    const names = delegations.map((d) => {
      const sd = d?.service_delegation;
      const first = Array.isArray(sd) ? sd[0] : sd;
      return (first as Record<string, unknown> | undefined)?.name;
    });
    if (!names.includes(delegation)) {
      ctx.report("API-03", subnet.path, `the API server subnet is not delegated to ${delegation}; AKS cannot place the API server in it. Remove the override of its delegation`);
    }
  }
  const first = firstIpv4(ranges);
  if (subnet.prefixes === undefined) ctx.skip("API-04", subnet.path, "the API server subnet's prefixes are not known at synth time; set network.existingApiServerSubnetAddressPrefixes");
  if (first && first.cidr.prefix > API_SERVER_SUBNET_MAX_PREFIX) {
    ctx.report("API-04", first.path, `${first.cidr.text} is a /${first.cidr.prefix}; the API server subnet must be a /${API_SERVER_SUBNET_MAX_PREFIX} or larger (AKS reserves at least 9 addresses in it)`);
  }
}

/** API-05: an adopted API server subnet is not also a subnet node pools join (`nodeSubnetIds`: the adopted node and pool subnets). */
export function checkApiServerSubnetNotShared(ctx: RuleContext, api: ExtraSubnetPlan, nodeSubnetIds: readonly unknown[]): void {
  const written = api.adopted?.text;
  if (api.origin !== "adopted" || typeof written !== "string") return;
  const id = written.toLowerCase();
  if (nodeSubnetIds.some((n) => typeof n === "string" && n.toLowerCase() === id)) {
    ctx.report("API-05", api.path, "the API server subnet is also a subnet node pools join; give the API server a subnet of its own (delegated to Microsoft.ContainerService/managedClusters)");
  }
}

/** API-05: a pool does not name the API server subnet; true when it does (and was reported). */
export function checkPoolNotOnApiServerSubnet(ctx: RuleContext, path: string, subnetName: string, api: ExtraSubnetPlan | undefined): boolean {
  if (!api || subnetName !== api.name) return false;
  ctx.report("API-05", path, `"${subnetName}" is the API server subnet, which is delegated to AKS for the API server and holds no nodes; use the node subnet or a pool subnet`);
  return true;
}
