/**
 * Snapshot testing of synthesized plans, for this project and its users.
 *
 * `synthesizeForSnapshot` returns what `cdktf synth` would write for a stack,
 * as stable, key-sorted JSON, after running the aspects and validations that
 * cdktf's `Testing.synth` skips and preparing cross-stack references.
 * `replacementChanges` tells which differences between two such plans would
 * make Terraform replace or destroy a resource or rotate a node pool (a fast
 * check kept true by a test against the real provider); the change-impact
 * check (`checkChangeImpact`) asks the real provider itself, offline.
 */
import * as fs from "fs";
import { invokeAspects, TerraformStack } from "../bindings/cdktf";
import { collectProblems, formatLine } from "../app/synth";

/** Options of {@link synthesizeForSnapshot}. */
export interface SnapshotOptions {
  /**
   * Run aspects and validations first and throw, listing every problem, when
   * any is an error.
   * @default true
   */
  readonly validate?: boolean;
}

/**
 * Keys sorted, and the working directory replaced by `<cwd>` (cdktf writes the
 * default local state path as an absolute path), so a plan reads the same on
 * every machine.
 */
function stable(value: unknown, cwd: string): unknown {
  if (typeof value === "string") return cwd && value.includes(cwd) ? value.split(cwd).join("<cwd>") : value;
  if (Array.isArray(value)) return value.map((v) => stable(v, cwd));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, stable((value as Record<string, unknown>)[k], cwd)]),
    );
  }
  return value;
}

/**
 * The stack's Terraform JSON as `cdktf synth` writes it, keys sorted. Every
 * stack of the app is prepared (cross-stack references become outputs and
 * remote state) and validated first.
 */
export function synthesizeForSnapshot(stack: TerraformStack, options: SnapshotOptions = {}): Record<string, unknown> {
  const root = stack.node.root;
  if (options.validate ?? true) {
    const problems = collectProblems(root).filter((l) => l.level === "error");
    if (problems.length > 0) throw new Error(`synth would fail:\n${problems.map(formatLine).join("\n")}`);
  } else {
    const stacks = root.node.findAll().filter(TerraformStack.isStack);
    stacks.forEach((s) => s.prepareStack());
    stacks.forEach((s) => invokeAspects(s));
  }
  return stable(stack.toTerraform(), process.cwd()) as Record<string, unknown>;
}

const PLAN = Symbol.for("aks-byocni.plan");

/** Wraps a plan so that {@link planSerializer} prints it as JSON in a Jest snapshot. */
export function asPlanSnapshot(plan: Record<string, unknown>): object {
  return { [PLAN]: plan };
}

/**
 * A Jest snapshot serializer that stores plans as plain, indented JSON, so a
 * snapshot file is readable in review and parseable by {@link readPlanSnapshot}.
 */
export const planSerializer = {
  /** True for values wrapped by {@link asPlanSnapshot}. */
  test: (value: unknown): boolean => !!value && typeof value === "object" && PLAN in (value as object),
  /** The plan as indented JSON. */
  serialize: (value: unknown): string => JSON.stringify((value as Record<symbol, unknown>)[PLAN], null, 2),
};

/**
 * Reads the plans stored by `planSerializer` in a Jest snapshot file
 * (`__snapshots__/<file>.snap`), by snapshot name. Missing file: `{}`.
 */
export function readPlanSnapshot(snapFile: string): Record<string, Record<string, unknown>> {
  if (!fs.existsSync(snapFile)) return {};
  const exportsObject: Record<string, string> = {};
  new Function("exports", fs.readFileSync(snapFile, "utf8"))(exportsObject);
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, text] of Object.entries(exportsObject)) {
    try {
      out[name] = JSON.parse(text.trim());
    } catch {
      // not a plan snapshot
    }
  }
  return out;
}

export { replacementChanges, describeReplacements, type ReplacementChange, type ReplacementEffect } from "./replacements";
export {
  OfflinePlanner,
  applyDrift,
  offlinePlanCopy,
  offlineResourceId,
  type DeployedState,
  type Drift,
  type OfflinePlanResult,
  type OfflinePlannerOptions,
  type PlanAction,
  type PlannedResourceChange,
} from "./offline-planner";
export { OfflineAzure, OFFLINE_SUBSCRIPTION_ID, OFFLINE_TENANT_ID } from "./offline-azure";
export { checkChangeImpact, type ImpactOptions, type ImpactReport } from "../impact/check";
export { classifyStack, type ImpactAction, type ImpactEntry, type ImpactFinding, type StackComparison, type StackImpact, type StackProtection } from "../impact/classify";
export { entryLine, findingLine, reportJson, reportLines } from "../impact/format";
export { armMockValues, genericArmId, MOCK_SUBSCRIPTION_ID, type ArmMockOptions, type TerraformJson } from "./terraform/mock-values";
export { mockFriendlyStack, mockPlanTestFile, remoteOutputValue, variableValue, type MockedReference, type MockFriendlyStack, type MockPlanOptions } from "./terraform/mock-plan";
export type { TerraformProblem } from "./terraform/diagnostics";
export {
  checkSynthesizedStacks,
  formatTerraformFailures,
  listSynthesizedStacks,
  type FormatOptions,
  type StackCheckResult,
  type TerraformCheckOptions,
  type TerraformCheckPhase,
} from "./terraform/check";
export { findTerraformCli, type FindTerraformOptions, type TerraformCli } from "./terraform/cli";
