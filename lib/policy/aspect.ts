import { Annotations, TerraformResource, TerraformStack, type IAspect, type IConstruct } from "../bindings/cdktf";
import { synthesizedAttributes } from "../synthesized";
import { AcceptedRisks } from "../validation";
import { POLICY_RULES, type PolicyRule, type SynthesizedResource } from "./rules";
import { policySuppressionsOf } from "./suppressions";

/** A suppressed finding: which rule, on which resource, and why. */
export interface SuppressedFinding {
  /** checkov ID of the rule, e.g. `CKV_AZURE_7`. */
  readonly rule: string;
  /** Terraform address, e.g. `azurerm_kubernetes_cluster.cluster`. */
  readonly address: string;
  /** Why the finding does not count, as written where it was suppressed. */
  readonly reason: string;
  /** `pack`: the rule does not apply here; `construct`: decided by a construct; `accepted`: an accepted risk. */
  readonly by: "pack" | "construct" | "accepted";
}

const REPORT = Symbol.for("aks-byocni.policyReport");

/** What the policy pack found in one stack. */
export interface PolicyReport {
  /** Rule-resource pairs checked. */
  readonly checked: number;
  /** Pairs that passed. */
  readonly passed: number;
  /** Pairs that failed and were not suppressed (reported as errors or warnings). */
  readonly failed: number;
  /** Pairs that failed but were suppressed, each with its reason. */
  readonly suppressed: readonly SuppressedFinding[];
}

/** The report of the last policy run on `stack`, if the pack ran there. */
export function policyReportOf(stack: TerraformStack): PolicyReport | undefined {
  return (stack as unknown as { [REPORT]?: PolicyReport })[REPORT];
}

/**
 * The policy pack as a cdktf Aspect (after cdk-nag): add it to a stack and,
 * at synth, every resource's final JSON (overrides included) is checked.
 * Failures are error or warning annotations (errors fail synth); findings
 * suppressed by the pack, a construct or an accepted risk are reported as
 * notes with their reasons.
 */
export class AksPolicyChecks implements IAspect {
  constructor(private readonly rules: readonly PolicyRule[] = POLICY_RULES) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const stack = node;
    // Synth may invoke aspects more than once (validation first, then writing); check once.
    if (policyReportOf(stack)) return;
    const resources = stack.node
      .findAll()
      .filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c) && TerraformStack.of(c) === stack);
    const synthesized = resources.map((r) => ({
      construct: r,
      resource: lazilySynthesized(r),
    }));
    const all = synthesized.map((s) => s.resource);
    const suppressed: SuppressedFinding[] = [];
    let checked = 0;
    let passed = 0;
    let failed = 0;
    for (const { construct, resource } of synthesized) {
      const address = `${resource.type}.${resource.name}`;
      for (const rule of this.rules) {
        if (!rule.resourceTypes.includes(resource.type)) continue;
        checked++;
        const verdict = rule.check(resource, all);
        if (verdict.result === "pass") {
          passed++;
          continue;
        }
        if (verdict.result === "inapplicable") {
          suppressed.push({ rule: rule.id, address, reason: verdict.reason, by: "pack" });
          continue;
        }
        const byConstruct = policySuppressionsOf(construct).find((s) => s.rule === rule.id);
        const byAcceptance = AcceptedRisks.of(construct).find(
          (a) => a.rule === rule.id && (a.resource === undefined || construct.node.path.includes(a.resource) || address.includes(a.resource)),
        );
        if (byConstruct || byAcceptance) {
          suppressed.push({
            rule: rule.id,
            address,
            reason: (byConstruct?.reason ?? byAcceptance?.reason ?? "").trim(),
            by: byConstruct ? "construct" : "accepted",
          });
          continue;
        }
        failed++;
        const ids = [rule.id, ...rule.aliases.filter((a) => a.startsWith("AVD-"))].join(" / ");
        const message = `${address}: ${rule.title}: no (${verdict.detail}). ${rule.risk} Fix: ${rule.fix} [${ids}]`;
        if (rule.severity === "error") Annotations.of(construct).addError(message);
        else Annotations.of(construct).addWarning(message);
      }
    }
    for (const s of suppressed) {
      const owner = resources.find((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}` === s.address) ?? stack;
      Annotations.of(owner).addInfo(`${s.address}: ${s.rule} suppressed (${s.by === "pack" ? "not applicable" : s.by === "construct" ? "by design" : "accepted risk"}): ${s.reason}`);
    }
    (stack as unknown as { [REPORT]?: PolicyReport })[REPORT] = { checked, passed, failed, suppressed };
  }
}

/**
 * A resource whose attributes are resolved when a rule first reads them:
 * rules cover a few resource types, and resolving the others (resource
 * group, identity, workspace, ...) would be wasted work.
 */
function lazilySynthesized(r: TerraformResource): SynthesizedResource {
  let json: Record<string, unknown> | undefined;
  return {
    type: r.terraformResourceType,
    name: r.friendlyUniqueId,
    get json() {
      return (json ??= synthesizedAttributes(r));
    },
  };
}
