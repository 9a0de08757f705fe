/**
 * UPG: automatic upgrade channels (auto-upgrade-cluster, auto-upgrade-node-os-image).
 */
import { defineRules, type RuleContext } from "./engine";
import type { ClusterPlan } from "../plan/cluster";

export const UPGRADE_RULES = defineRules({
  "UPG-01": {
    severity: "error",
    title: "With the node-image cluster channel, the node OS channel is NodeImage",
    source: "azurerm 4.55.0 kubernetes_cluster_resource.go (create and update); auto-upgrade-node-os-image",
    why: "refused: azurerm at apply, before calling Azure (\"node_os_upgrade_channel cannot be set to a value other than NodeImage if automatic_upgrade_channel is set to node-image\")",
    fix: "set cluster.upgrade.nodeOsChannel: NodeImage, or choose another cluster.upgrade.channel",
  },
});

/** UPG-01. */
export function checkUpgrade(ctx: RuleContext, plan: ClusterPlan): void {
  const { channel, nodeOsChannel } = plan.upgrade;
  const path = plan.settings.upgrade?.nodeOsChannel === undefined ? "cluster.upgrade.channel" : "cluster.upgrade.nodeOsChannel";
  if (ctx.unknown("UPG-01", path, channel) || ctx.unknown("UPG-01", path, nodeOsChannel)) return;
  if (channel === "node-image" && nodeOsChannel !== "NodeImage") {
    ctx.report("UPG-01", path, `the node-image channel upgrades node images itself, so the node OS channel must be NodeImage, not ${JSON.stringify(nodeOsChannel)}; azurerm refuses the pair when it applies`);
  }
}
