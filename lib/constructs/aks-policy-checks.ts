import { Annotations, TerraformResource, TerraformStack, type IAspect, type IConstruct } from "../bindings/cdktf";
import { acceptanceFor } from "../rules/engine";
import { synthesizedAttributes } from "./private/synthesized";
import { networkPolicyEngineOf } from "./private/network-policy-engines";
import { AcceptedRisks } from "./accepted-risks";
import { POLICY_RULES, type PolicyReport, type PolicyRule, type SuppressedFinding, type SynthesizedResource, type Verdict, type WarnedFinding } from "../rules/policy";

const REPORT = Symbol.for("aks-byocni.policyReport");

/** The report of the policy run on `stack`, if the pack ran there. */
export function policyReportOf(stack: TerraformStack): PolicyReport | undefined {
  return (stack as unknown as { [REPORT]?: PolicyReport })[REPORT];
}

/** A failure as one line: what, the detail, the risk, the fix, the IDs. */
function failureMessage(rule: PolicyRule, address: string, verdict: Extract<Verdict, { result: "fail" }>): string {
  const ids = [rule.id, ...rule.aliases.filter((a) => a.startsWith("AVD-"))].join(" / ");
  return `${address}: ${rule.title}: no (${verdict.detail}). ${rule.risk} Fix: ${verdict.fix ?? rule.fix} [${ids}]`;
}

/**
 * The policy pack as a cdktf Aspect (after cdk-nag): add it to a stack and,
 * at synth, every resource's final JSON (overrides included) is checked.
 * Failures are error or warning annotations (errors fail synth); findings
 * that do not apply, or are accepted risks, are kept in the stack's report
 * with their reasons (see {@link policyReportOf} and {@link AksPolicyPack}).
 */
export class AksPolicyChecks implements IAspect {
  constructor(private readonly rules: readonly PolicyRule[] = POLICY_RULES) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const resources = node.node
      .findAll()
      .filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c) && TerraformStack.of(c) === node)
      .map((construct) => ({ construct, resource: lazilySynthesized(construct) }));
    const all = resources.map((r) => r.resource);
    const suppressed: SuppressedFinding[] = [];
    const warned: WarnedFinding[] = [];
    let checked = 0;
    let passed = 0;
    for (const { construct, resource } of resources) {
      const address = `${resource.type}.${resource.name}`;
      for (const rule of this.rules.filter((r) => r.resourceTypes.includes(resource.type))) {
        checked++;
        const verdict = rule.check(resource, all);
        if (verdict.result === "pass") {
          passed++;
        } else if (verdict.result === "inapplicable") {
          suppressed.push({ rule: rule.id, address, reason: verdict.reason, by: "pack" });
        } else {
          const accepted = acceptanceFor(rule.id, AcceptedRisks.of(construct), [construct.node.path, address]);
          if (accepted) {
            suppressed.push({ rule: rule.id, address, reason: accepted.reason.trim(), by: "accepted" });
          } else if ((verdict.severity ?? rule.severity) === "error") {
            Annotations.of(construct).addError(failureMessage(rule, address, verdict));
          } else {
            warned.push({ rule: rule.id, address, detail: verdict.detail });
            Annotations.of(construct).addWarning(failureMessage(rule, address, verdict));
          }
        }
      }
    }
    const failed = checked - passed - suppressed.length;
    (node as unknown as { [REPORT]?: PolicyReport })[REPORT] = { checked, passed, failed, suppressed, warned };
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
    networkPolicyEngine: networkPolicyEngineOf(r),
    get json() {
      return (json ??= synthesizedAttributes(r));
    },
  };
}
