/**
 * IMG: Image Cleaner, which removes unused images with known vulnerabilities
 * from the nodes (azurerm image_cleaner_*; AKS ManagedClusterSecurityProfileImageCleaner).
 * Whether it is on at all is the policy pack's SEC-03.
 */
import type { ClusterPlan } from "../plan/cluster";
import { defineRules, type RuleContext } from "./engine";

/** The scan interval azurerm accepts, in hours (IntBetween). */
const MIN_INTERVAL_HOURS = 24;
const MAX_INTERVAL_HOURS = 2160;

export const IMAGE_CLEANER_RULES = defineRules({
  "IMG-01": {
    severity: "error",
    title: `Image Cleaner's interval (cluster.security.imageCleanerIntervalHours) is a whole number of hours from ${MIN_INTERVAL_HOURS} to ${MAX_INTERVAL_HOURS}`,
    source: `azurerm kubernetes_cluster_resource.go (image_cleaner_interval_hours: IntBetween(${MIN_INTERVAL_HOURS}, ${MAX_INTERVAL_HOURS}))`,
    why: `refused: azurerm's IntBetween(${MIN_INTERVAL_HOURS}, ${MAX_INTERVAL_HOURS}) at plan`,
    fix: `set cluster.security.imageCleanerIntervalHours to a whole number from ${MIN_INTERVAL_HOURS} to ${MAX_INTERVAL_HOURS}`,
  },
});

/** IMG-01 on `cluster.security.imageCleanerIntervalHours`. */
export function checkImageCleaner(ctx: RuleContext, plan: ClusterPlan): void {
  const path = "cluster.security.imageCleanerIntervalHours";
  const interval = plan.security.imageCleanerIntervalHours;
  if (!ctx.unknown("IMG-01", path, interval) && !(Number.isInteger(interval) && interval >= MIN_INTERVAL_HOURS && interval <= MAX_INTERVAL_HOURS)) {
    ctx.report("IMG-01", path, `${interval} is not a whole number of hours from ${MIN_INTERVAL_HOURS} to ${MAX_INTERVAL_HOURS} (azurerm refuses it at plan)`);
  }
}
