/**
 * OUT: egress of the cluster (network-rules §2.8, §6). This project accepts
 * the outbound types below; each is checked against the subnet it would use.
 */
import { defineRules, type RuleContext } from "./engine";
import type { ClusterPlan } from "../plan/cluster";

export const OUTBOUND_RULES = defineRules({
  "OUT-01": {
    severity: "error",
    title: "outboundType is loadBalancer, userDefinedRouting, managedNATGateway, userAssignedNATGateway or none (case-sensitive)",
    source: "azurerm schema",
    why: "refused: azurerm StringInSlice on network_profile.outbound_type at plan",
  },
  "OUT-02": {
    severity: "error",
    title: "loadBalancerSku is standard (Basic was retired on 30 Sep 2025)",
    source: "quotas-skus-regions; egress-outboundtype",
    why: "refused: AKS no longer creates clusters with the Basic load balancer (azurerm still accepts basic)",
  },
  "OUT-03": {
    severity: "error",
    title: "userDefinedRouting needs an adopted subnet whose route table sends 0.0.0.0/0 to an appliance or gateway",
    source: "egress-udr",
    why: "refused: AKS checks the subnet's route table for userDefinedRouting and refuses the cluster without a default route to an appliance",
  },
  "OUT-04": {
    severity: "error",
    title: "managedNATGateway only with the AKS-managed VNet",
    source: "egress-outboundtype",
    why: "refused: ARM refuses managedNATGateway with a subnet of yours",
  },
  "OUT-05": {
    severity: "error",
    title: "userAssignedNATGateway needs an adopted subnet with a NAT gateway associated before the cluster",
    source: "nat-gateway; API enum description",
    why: "refused: ARM refuses userAssignedNATGateway when the subnet has no NAT gateway",
  },
  "OUT-06": {
    severity: "error",
    title: "outboundType none only for network-isolated clusters (bootstrap artifact source Cache)",
    source: "azurerm kubernetes_cluster_resource.go CustomizeDiff; egress-outboundtype",
    why: "refused: azurerm CustomizeDiff at plan (outbound_type none needs bootstrap_profile.artifact_source Cache)",
  },
});

const OUTBOUND_TYPES = ["loadBalancer", "userDefinedRouting", "managedNATGateway", "userAssignedNATGateway", "none"];

/** OUT-01..06: the egress type and load balancer SKU, against the subnet the cluster uses. */
export function checkOutbound(ctx: RuleContext, cluster: ClusterPlan): void {
  checkLoadBalancerSku(ctx, cluster.loadBalancerSku);
  const type = cluster.outboundType;
  if (ctx.unknown(["OUT-01", "OUT-03", "OUT-04", "OUT-05", "OUT-06"], PATH, type)) return;
  if (!OUTBOUND_TYPES.includes(type)) {
    const near = OUTBOUND_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
    ctx.report("OUT-01", PATH, `"${type}" is not an outbound type${near ? `; did you mean "${near}" (case-sensitive)?` : `; use one of ${OUTBOUND_TYPES.join(", ")}`}`);
    return;
  }
  const origin = cluster.subnet?.origin;
  if (type === "userDefinedRouting") checkNeedsAdoptedSubnet(ctx, "OUT-03", origin, UDR);
  else if (type === "userAssignedNATGateway") checkNeedsAdoptedSubnet(ctx, "OUT-05", origin, USER_NAT);
  else if (type === "managedNATGateway" && origin) {
    ctx.report("OUT-04", PATH, "managedNATGateway works only with the VNet AKS creates itself; with your own subnet use userAssignedNATGateway and associate a NAT gateway with it");
  } else if (type === "none") {
    ctx.report("OUT-06", PATH, "outboundType none is only for network-isolated clusters (bootstrap artifact source Cache), which this project does not build; use loadBalancer");
  }
}

const PATH = "network.outboundType";

/** What an egress type that needs a prepared subnet says, for each place the subnet can come from. */
interface AdoptedSubnetNeed {
  readonly created: string;
  readonly none: string;
  /** Why the adopted subnet's side cannot be checked at synth time. */
  readonly adopted: string;
}

const UDR: AdoptedSubnetNeed = {
  created:
    "userDefinedRouting needs a route table with 0.0.0.0/0 to a firewall or appliance on the node subnet, and this project creates none; adopt a prepared subnet with network.existingSubnetId",
  none: "userDefinedRouting needs your own subnet with a route table (0.0.0.0/0 to a firewall or appliance); set network.existingSubnetId",
  adopted: "the adopted subnet's default route cannot be read at synth time; the plan checks that a route table is attached",
};

const USER_NAT: AdoptedSubnetNeed = {
  created:
    "userAssignedNATGateway needs a NAT gateway associated with the node subnet before the cluster, and this project creates none; adopt a prepared subnet with network.existingSubnetId",
  none: "userAssignedNATGateway needs your own subnet with a NAT gateway associated; set network.existingSubnetId",
  adopted: "the NAT gateway association of the adopted subnet cannot be read at synth time; make sure one is associated before deploying",
};

/** OUT-03, OUT-05: an egress type that only an adopted (prepared) subnet can have. */
function checkNeedsAdoptedSubnet(ctx: RuleContext, rule: string, origin: "created" | "adopted" | undefined, need: AdoptedSubnetNeed): void {
  if (origin === "adopted") ctx.skip(rule, PATH, need.adopted);
  else ctx.report(rule, PATH, origin === "created" ? need.created : need.none);
}

/** OUT-02. */
function checkLoadBalancerSku(ctx: RuleContext, sku: string): void {
  const path = "network.loadBalancerSku";
  if (ctx.unknown("OUT-02", path, sku) || sku === "standard") return;
  ctx.report(
    "OUT-02",
    path,
    sku.toLowerCase() === "basic" ? `"${sku}": AKS retired the Basic load balancer on 30 Sep 2025; use "standard"` : `"${sku}" is not accepted; use "standard" (lower case)`,
  );
}
