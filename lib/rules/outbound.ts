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
  },
  "OUT-02": {
    severity: "error",
    title: "loadBalancerSku is standard (Basic was retired on 30 Sep 2025)",
    source: "quotas-skus-regions; egress-outboundtype",
  },
  "OUT-03": {
    severity: "error",
    title: "userDefinedRouting needs an adopted subnet whose route table sends 0.0.0.0/0 to an appliance or gateway",
    source: "egress-udr",
  },
  "OUT-04": {
    severity: "error",
    title: "managedNATGateway only with the AKS-managed VNet",
    source: "egress-outboundtype",
  },
  "OUT-05": {
    severity: "error",
    title: "userAssignedNATGateway needs an adopted subnet with a NAT gateway associated before the cluster",
    source: "nat-gateway; API enum description",
  },
  "OUT-06": {
    severity: "error",
    title: "outboundType none only for network-isolated clusters (bootstrap artifact source Cache)",
    source: "azurerm kubernetes_cluster_resource.go CustomizeDiff; egress-outboundtype",
  },
});

export const OUTBOUND_TYPES = ["loadBalancer", "userDefinedRouting", "managedNATGateway", "userAssignedNATGateway", "none"];

export function checkOutbound(ctx: RuleContext, cluster: ClusterPlan): void {
  const path = "network.outboundType";
  const type = cluster.outboundType;
  const sku = cluster.loadBalancerSku;
  if (!ctx.unknown("OUT-02", "network.loadBalancerSku", sku) && sku !== "standard") {
    ctx.report(
      "OUT-02",
      "network.loadBalancerSku",
      sku.toLowerCase() === "basic"
        ? `"${sku}": AKS retired the Basic load balancer on 30 Sep 2025; use "standard"`
        : `"${sku}" is not accepted; use "standard" (lower case)`,
    );
  }
  if (ctx.unknown(["OUT-01", "OUT-03", "OUT-04", "OUT-05", "OUT-06"], path, type)) return;
  if (!OUTBOUND_TYPES.includes(type)) {
    const near = OUTBOUND_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
    ctx.report("OUT-01", path, `"${type}" is not an outbound type${near ? `; did you mean "${near}" (case-sensitive)?` : `; use one of ${OUTBOUND_TYPES.join(", ")}`}`);
    return;
  }
  const origin = cluster.subnet?.origin;
  switch (type) {
    case "userDefinedRouting":
      if (origin !== "adopted") {
        ctx.report(
          "OUT-03",
          path,
          origin === "created"
            ? "userDefinedRouting needs a route table with 0.0.0.0/0 to a firewall or appliance on the node subnet, and this project creates none; adopt a prepared subnet with network.existingSubnetId"
            : "userDefinedRouting needs your own subnet with a route table (0.0.0.0/0 to a firewall or appliance); set network.existingSubnetId",
        );
      } else {
        ctx.skip("OUT-03", path, "the adopted subnet's default route cannot be read at synth time; the plan checks that a route table is attached");
      }
      return;
    case "managedNATGateway":
      if (origin) {
        ctx.report("OUT-04", path, "managedNATGateway works only with the VNet AKS creates itself; with your own subnet use userAssignedNATGateway and associate a NAT gateway with it");
      }
      return;
    case "userAssignedNATGateway":
      if (origin !== "adopted") {
        ctx.report(
          "OUT-05",
          path,
          origin === "created"
            ? "userAssignedNATGateway needs a NAT gateway associated with the node subnet before the cluster, and this project creates none; adopt a prepared subnet with network.existingSubnetId"
            : "userAssignedNATGateway needs your own subnet with a NAT gateway associated; set network.existingSubnetId",
        );
      } else {
        ctx.skip("OUT-05", path, "the NAT gateway association of the adopted subnet cannot be read at synth time; make sure one is associated before deploying");
      }
      return;
    case "none":
      ctx.report("OUT-06", path, "outboundType none is only for network-isolated clusters (bootstrap artifact source Cache), which this project does not build; use loadBalancer");
      return;
  }
}
