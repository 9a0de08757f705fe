/**
 * API: how the API server is reached (api-server-authorized-ip-ranges,
 * private-clusters). The address syntax of each range is FMT's.
 */
import { defineRules, type RuleContext } from "./engine";
import type { ClusterPlan } from "../plan/cluster";

/** The range that means "only the cluster's own outbound IPs". */
const OUTBOUND_IPS_ONLY = "0.0.0.0/32";

export const API_SERVER_RULES = defineRules({
  "API-01": {
    severity: "error",
    title: "A private API server has no authorized IP ranges",
    source:
      "api-server-authorized-ip-ranges (Limitations: can't be used with private clusters); ARM InvalidParameter \"Private cluster cannot be enabled with AuthorizedIPRanges.\" (aquasecurity/tfsec#571)",
    why: "refused: ARM refuses the cluster with InvalidParameter; azurerm does not check the pair",
  },
  "API-02": {
    severity: "error",
    title: "0.0.0.0/32 (only the cluster's outbound IPs) is the only authorized range when it is used",
    source:
      "api-server-authorized-ip-ranges (allow only the outbound public IP of the load balancer); ARM InvalidParameter \"Setting apiServerAuthorizedIPRange to 0.0.0.0/32 is not allowed with other IP ranges\" (Azure/terraform-azurerm-aks#378)",
    why: "refused: ARM refuses the cluster with InvalidParameter; azurerm validate.CIDR accepts each range on its own",
  },
});

const PATH = "cluster.apiServer.authorizedIpRanges";

/** API-01, API-02. */
export function checkApiServer(ctx: RuleContext, plan: ClusterPlan): void {
  const { authorizedIpRanges: ranges, private: isPrivate } = plan.apiServer;
  if (!Array.isArray(ranges) || ranges.length === 0 || ctx.unknown(["API-01", "API-02"], PATH, ranges)) return;
  if (!ctx.unknown("API-01", "cluster.apiServer.private", isPrivate) && isPrivate === true) {
    ctx.report("API-01", PATH, "a private API server cannot have authorized IP ranges (ARM: \"Private cluster cannot be enabled with AuthorizedIPRanges\"); remove the ranges, or cluster.apiServer.private");
  }
  const only = ranges.indexOf(OUTBOUND_IPS_ONLY);
  if (only >= 0 && ranges.length > 1) {
    ctx.report(
      "API-02",
      `${PATH}[${only}]`,
      `${OUTBOUND_IPS_ONLY} allows only the cluster's own outbound IPs and cannot be combined with other ranges (ARM: "Setting apiServerAuthorizedIPRange to 0.0.0.0/32 is not allowed with other IP ranges"); keep it alone, or list the ranges without it`,
    );
  }
}
