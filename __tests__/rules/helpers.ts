/**
 * Helpers for the rule tables: the plan the constructs would build for a
 * config (the real resolve step, without cdktf constructs, so big tables stay
 * fast), and a report of one real stack for the end-to-end rows.
 */
import { Testing } from "../../lib/bindings/cdktf";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import { collectProblems } from "../../lib/app/synth";
import type { AksByoCniConfig } from "../../lib/config/types";
import { resolveEnvironment, type EnvironmentPlan } from "../../lib/plan/environment";
import { checkByoCni } from "../../lib/rules/byocni";
import { checkPodCidrList } from "../../lib/rules/pod";
import { checkServiceCidrList } from "../../lib/rules/service";
import { checkCluster, checkNetwork } from "../../lib/rules/checks";
import type { RuleRun } from "../../lib/rules/engine";
import type { SynthesizedCluster, SynthesizedNetwork } from "../../lib/rules/facts";
import { isUnknownValue } from "../../lib/constructs/private/synthesized";
import { ciliumProblemsOf, runCheck } from "../support";

/** A well-formed subnet ARM ID for adopted-subnet rows. */
export const ADOPTED_SUBNET_ID =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-aks";

/** The plan the stack builds for `config` (the same resolve step). */
export function planOf(config: AksByoCniConfig): EnvironmentPlan {
  return resolveEnvironment(config, isUnknownValue);
}

/** Runs every cluster check on the plan of `config`, without constructs (checks of synthesized attributes need `synthesized`). */
export function clusterRun(config: AksByoCniConfig, synthesized?: SynthesizedCluster): RuleRun {
  return runCheck((ctx) => checkCluster(ctx, { plan: planOf(config).cluster, synthesized }));
}

/**
 * The checks of a synthesized cluster's network profile and pools (the JSON
 * is their input, overrides included): BYO, and the list forms of the pod
 * and service ranges (POD-07, SVC-07, SVC-09). The default pool is `nodepool1`.
 */
export function byoRun(profile: Record<string, unknown>, pools: { system?: Record<string, unknown>; user?: Record<string, unknown>[] } = {}): RuleRun {
  return runCheck((ctx) => {
    checkByoCni(ctx, { cluster: {}, networkProfile: profile, defaultNodePool: pools.system ?? { name: "nodepool1" }, userNodePools: pools.user ?? [] });
    checkPodCidrList(ctx, profile);
    checkServiceCidrList(ctx, profile);
  });
}

/** Runs every network check on the plan of `config`, without constructs. */
export function networkRun(config: AksByoCniConfig, synthesized?: SynthesizedNetwork): RuleRun {
  const plan = planOf(config).network;
  if (!plan) throw new Error("the config has no network of its own");
  return runCheck((ctx) => checkNetwork(ctx, { plan, synthesized }));
}

/** `severity path` of each finding of `rule`, e.g. `error network.serviceCidr`. */
export function hits(run: RuleRun, rule: string): string[] {
  return run.findings.filter((f) => f.rule === rule).map((f) => `${f.severity} ${f.path}`);
}

/** The message of the only finding of `rule`. */
export function messageOf(run: RuleRun, rule: string): string {
  const found = run.findings.filter((f) => f.rule === rule);
  if (found.length !== 1) throw new Error(`expected one ${rule} finding, got ${found.length}: ${JSON.stringify(run.findings)}`);
  return found[0]!.message;
}

/** Rules recorded as skipped at `path`. */
export function skippedAt(run: RuleRun, path: string): string[] {
  return run.skipped.filter((s) => s.path === path).map((s) => s.rule);
}

/** Error and warning lines of one stack. */
export interface Report {
  readonly errors: string[];
  readonly warnings: string[];
}

/**
 * Builds one AksByoCniStack from `config`, lets `tweak` change it (escape-hatch
 * overrides, for values the config file cannot express), and returns its report.
 */
export function reportOf(config: AksByoCniConfig, tweak?: (stack: AksByoCniStack) => void): Report {
  const app = Testing.app();
  const stack = new AksByoCniStack(app, "env", config);
  tweak?.(stack);
  const lines = collectProblems(app);
  return {
    errors: lines.filter((l) => l.level === "error").map((l) => l.message),
    warnings: lines.filter((l) => l.level === "warning").map((l) => l.message),
  };
}

/** The errors of the `env-cni` stack built for these Cilium chart values (see `ciliumProblemsOf`). */
export function cniReport(values: Record<string, unknown>): Report {
  const lines = ciliumProblemsOf(values).filter((l) => l.stack === "env-cni");
  const of = (level: string) => lines.filter((l) => l.level === level).map((l) => l.message);
  return { errors: of("error"), warnings: of("warning") };
}

/** The config paths at which `rule` is reported in `lines` (`path: message [RULE]`), one per line. */
export function pathsOf(lines: readonly string[], rule: string): string[] {
  return lines.filter((l) => new RegExp(`\\[${rule}\\]( \\(accepted: .*\\))?$`).test(l)).map((l) => l.slice(0, l.indexOf(": ")));
}

/** The one line of `lines` that reports `rule`. */
export function lineOf(lines: readonly string[], rule: string): string {
  const found = lines.filter((l) => l.includes(`[${rule}]`));
  if (found.length !== 1) throw new Error(`expected one [${rule}] line, got ${found.length}:\n${lines.join("\n")}`);
  return found[0]!;
}

/**
 * Named stacks built on first use and shared by the rows that read them, so
 * that a table of end-to-end rows builds each stack once.
 */
export function stacks<K extends string>(builders: Record<K, () => Report>): (key: K) => Report {
  const cache = new Map<K, Report>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, builders[key]());
    return cache.get(key)!;
  };
}
