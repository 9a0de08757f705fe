/**
 * ASP: the cluster autoscaler profile (cluster-autoscaler, profile settings;
 * AKS API ManagedClusterProperties.autoScalerProfile; azurerm
 * kubernetes_cluster_resource.go auto_scaler_profile).
 */
import type { AutoScalerProfileSettings } from "../config/types";
import type { ClusterPlan } from "../plan/cluster";
import { defineRules, type RuleContext } from "./engine";

export const AUTOSCALER_RULES = defineRules({
  "ASP-01": {
    severity: "error",
    title: "Autoscaler durations are Go durations of zero or more (e.g. `10s`, `10m`, `1h30m`)",
    source: "azurerm kubernetes_cluster_resource.go auto_scaler_profile (validate.Duration: time.ParseDuration, not negative)",
    why: "refused: azurerm's validate.Duration at plan",
    fix: "write each autoscaler duration as a number and a unit, zero or more, e.g. `10s` or `10m`",
  },
  "ASP-02": {
    severity: "error",
    title: "scaleDownDelayAfterAdd, scaleDownDelayAfterFailure, scaleDownUnneeded, scaleDownUnready and maxNodeProvisioningTime are whole minutes (\"0m\", \"10m\")",
    source: "AKS API 2025-07-01 autoScalerProfile (\"Values must be an integer followed by an 'm'. No unit of time other than minutes (m) is supported\"); MicrosoftDocs/azure-docs#123289 (InvalidParameter for `0s` and `30s`), #121999",
    why: "refused: ARM refuses them with InvalidParameter (\"Invalid value specified for the cluster-autoscaler parameter\")",
    fix: "write this duration in whole minutes, e.g. `10m`, not in seconds or hours",
  },
  "ASP-03": {
    severity: "error",
    title: "maxUnreadyPercentage is 0-100; maxUnreadyNodes a whole number from 0; emptyBulkDeleteMax a whole number from 1; maxGracefulTerminationSec whole seconds from 0",
    source: "azurerm auto_scaler_profile (max_unready_percentage FloatBetween(0, 100), max_unready_nodes IntAtLeast(0)); AKS API autoScalerProfile (max-empty-bulk-delete: a positive integer; max-graceful-termination-sec: seconds)",
    why: "refused: azurerm at plan (percentage, unready nodes); ARM refuses the others",
    fix: "set maxUnreadyPercentage from 0 to 100, maxUnreadyNodes and maxGracefulTerminationSec to whole numbers from 0, and emptyBulkDeleteMax to a whole number from 1",
  },
  "ASP-04": {
    severity: "warning",
    title: "scaleDownUtilizationThreshold is a ratio above 0 and at most 1",
    source: "cluster-autoscaler FAQ (utilization: the sum of requested resources divided by capacity); AKS API autoScalerProfile (default 0.5)",
    why: "tolerated by azurerm and the API, which take any text; at 0 no node is ever underused, above 1 every node is, so scale-down never or always removes nodes",
    fix: "set scaleDownUtilizationThreshold to a ratio above 0 and at most 1, e.g. 0.5",
  },
  "ASP-05": {
    severity: "warning",
    title: "An autoscaler profile goes with at least one pool that autoscales",
    source: "cluster-autoscaler (the profile applies to the pools with the autoscaler enabled)",
    why: "tolerated: AKS stores the profile, but no cluster autoscaler runs without an autoscaled pool",
    fix: "enable autoScaling on at least one pool, or remove cluster.autoScalerProfile",
  },
});

type DurationField = keyof Pick<
  AutoScalerProfileSettings,
  | "maxNodeProvisioningTime"
  | "newPodScaleUpDelay"
  | "scanInterval"
  | "scaleDownDelayAfterAdd"
  | "scaleDownDelayAfterDelete"
  | "scaleDownDelayAfterFailure"
  | "scaleDownUnneeded"
  | "scaleDownUnready"
>;

const DURATIONS: readonly DurationField[] = [
  "maxNodeProvisioningTime",
  "newPodScaleUpDelay",
  "scanInterval",
  "scaleDownDelayAfterAdd",
  "scaleDownDelayAfterDelete",
  "scaleDownDelayAfterFailure",
  "scaleDownUnneeded",
  "scaleDownUnready",
];
const MINUTES_ONLY: readonly DurationField[] = ["maxNodeProvisioningTime", "scaleDownDelayAfterAdd", "scaleDownDelayAfterFailure", "scaleDownUnneeded", "scaleDownUnready"];

/** Go's time.ParseDuration grammar: an optional sign, then one or more decimal numbers each with a unit; "0" alone. */
const GO_DURATION = /^[-+]?(?:0|(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;

/** True when Go's time.ParseDuration accepts `text` and the duration is not negative (azurerm validate.Duration). */
export function isGoDuration(text: unknown): boolean {
  if (typeof text !== "string" || !GO_DURATION.test(text)) return false;
  return !text.startsWith("-") || /^-(?:0|(?:0+\.?0*(?:ns|us|µs|μs|ms|s|m|h))+)$/.test(text);
}

const whole = (v: unknown, min: number) => typeof v === "number" && Number.isInteger(v) && v >= min;

const at = (field: string) => `cluster.autoScalerProfile.${field}`;

/** ASP-01, ASP-02: the durations. */
function checkDurations(ctx: RuleContext, written: AutoScalerProfileSettings): void {
  for (const field of DURATIONS) {
    const v = written[field];
    if (v === undefined || ctx.unknown(["ASP-01", "ASP-02"], at(field), v)) continue;
    if (!isGoDuration(v)) ctx.report("ASP-01", at(field), `${JSON.stringify(v)} is not a duration (a number and a unit, e.g. "10s" or "10m")`);
    else if (MINUTES_ONLY.includes(field) && !/^\d+m$/.test(v)) ctx.report("ASP-02", at(field), `${JSON.stringify(v)} is not a whole number of minutes; AKS takes only minutes here (e.g. "10m")`);
  }
}

/** ASP-03, ASP-04: the counts, shares and the threshold. */
function checkNumbers(ctx: RuleContext, written: AutoScalerProfileSettings): void {
  const numbers: [keyof AutoScalerProfileSettings, (v: unknown) => boolean, string][] = [
    ["maxUnreadyPercentage", (v) => typeof v === "number" && v >= 0 && v <= 100, "a percentage from 0 to 100"],
    ["maxUnreadyNodes", (v) => whole(v, 0), "a whole number of nodes from 0"],
    ["emptyBulkDeleteMax", (v) => whole(v, 1), "a whole number of nodes from 1"],
    ["maxGracefulTerminationSec", (v) => whole(v, 0), "a whole number of seconds from 0"],
  ];
  for (const [field, ok, what] of numbers) {
    const v = written[field];
    if (v !== undefined && !ctx.unknown("ASP-03", at(field), v) && !ok(v)) ctx.report("ASP-03", at(field), `${JSON.stringify(v)} is not ${what}`);
  }
  const t = written.scaleDownUtilizationThreshold;
  if (t !== undefined && !ctx.unknown("ASP-04", at("scaleDownUtilizationThreshold"), t) && !(typeof t === "number" && t > 0 && t <= 1)) {
    ctx.report("ASP-04", at("scaleDownUtilizationThreshold"), `${JSON.stringify(t)} is not a ratio above 0 and at most 1 (e.g. 0.5: nodes below half their capacity requested may be removed)`);
  }
}

/** ASP-01..05 on `cluster.autoScalerProfile`. */
export function checkAutoScalerProfile(ctx: RuleContext, plan: ClusterPlan): void {
  const written = plan.settings.autoScalerProfile;
  if (!written) return;
  checkDurations(ctx, written);
  checkNumbers(ctx, written);
  if (!plan.pools.some((p) => p.autoScaling)) {
    ctx.report("ASP-05", "cluster.autoScalerProfile", "no pool has autoScaling, so no cluster autoscaler runs and the profile has no effect");
  }
}
