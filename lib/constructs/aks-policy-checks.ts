import { TerraformResource, TerraformStack, type IAspect, type IConstruct } from "../bindings/cdktf";
import type { Finding } from "../rules/engine";
import { synthesizedAttributes } from "./private/synthesized";
import { networkPolicyEngineOf } from "./private/network-policy-engines";
import { configPathOf } from "./private/config-paths";
import { evaluateRules, reportOutcome, type RuleOutcome } from "./private/rule-validation";
import { POLICY_RULES, policyFindingPath, type PolicyReport, type PolicyRule, type SuppressedFinding, type SynthesizedResource, type Verdict, type WarnedFinding } from "../rules/policy";

const REPORT = Symbol.for("aks-byocni.policyReport");

/** The report of the policy run on `stack`, if the pack ran there. */
export function policyReportOf(stack: TerraformStack): PolicyReport | undefined {
  return (stack as unknown as { [REPORT]?: PolicyReport })[REPORT];
}

/**
 * A failure as a finding: at the config field to change (the resource's
 * address for a resource not built from a config, or a rule only an
 * override breaks), what, the detail, the risk, the fix; trivy's ID after the rule's.
 */
function failureFinding(rule: PolicyRule, resource: SynthesizedResource, verdict: Extract<Verdict, { result: "fail" }>): Finding {
  return {
    rule: rule.id,
    severity: verdict.severity ?? rule.severity,
    path: policyFindingPath(rule, verdict, resource),
    message: `${rule.title}: no (${verdict.detail}). ${rule.risk} Fix: ${verdict.fix ?? rule.fix}`,
    aliases: rule.aliases.filter((a) => a.startsWith("AVD-")),
    ...(verdict.fix === undefined ? {} : { fix: verdict.fix }),
  };
}

/** One evaluation of the policy rules on a stack: per resource, what to report; and the stack's report. */
interface PolicyEvaluation {
  readonly outcomes: readonly RuleOutcome[];
  readonly report: PolicyReport;
}

/**
 * Checks every resource of `stack` as it will be synthesized. Failures go
 * through the rules' validation path ({@link evaluateRules}) at the resource,
 * so that risks accepted there or above, optionally limited to resources
 * whose construct path or address contains `resource`, apply; accepted ones
 * and those that do not apply are kept in the report with their reasons.
 */
function evaluatePolicy(stack: TerraformStack, rules: readonly PolicyRule[]): PolicyEvaluation {
  const resources = stack.node
    .findAll()
    .filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c) && TerraformStack.of(c) === stack)
    .map((construct) => ({ construct, resource: lazilySynthesized(construct) }));
  const all = resources.map((r) => r.resource);
  const outcomes: RuleOutcome[] = [];
  const suppressed: SuppressedFinding[] = [];
  const warned: WarnedFinding[] = [];
  let checked = 0;
  let passed = 0;
  for (const { construct, resource } of resources) {
    const address = `${resource.type}.${resource.name}`;
    const verdicts = rules.filter((r) => r.resourceTypes.includes(resource.type)).map((rule) => ({ rule, verdict: rule.check(resource, all) }));
    if (verdicts.length === 0) continue;
    const failures = verdicts.flatMap(({ rule, verdict }) => (verdict.result === "fail" ? [failureFinding(rule, resource, verdict)] : []));
    // An acceptance limited to a `resource` matches its construct path, its address or the config field it was built from.
    const names = [construct.node.path, address, ...(resource.configPath === undefined ? [] : [resource.configPath])];
    const outcome = evaluateRules(construct, failures, [], { names, suppressAccepted: true });
    outcomes.push(outcome);
    let failure = 0;
    for (const { rule, verdict } of verdicts) {
      checked++;
      if (verdict.result === "pass") {
        passed++;
      } else if (verdict.result === "inapplicable") {
        suppressed.push({ rule: rule.id, address, reason: verdict.reason, by: "pack" });
      } else {
        const finding = outcome.findings[failure++]!;
        if (finding.acceptedBecause !== undefined) {
          suppressed.push({ rule: rule.id, address, reason: finding.acceptedBecause, by: "accepted" });
        } else if (finding.severity === "warning") {
          warned.push({ rule: rule.id, address, detail: verdict.detail });
        }
      }
    }
  }
  const report: PolicyReport = { checked, passed, failed: checked - passed - suppressed.length, suppressed, warned };
  (stack as unknown as { [REPORT]?: PolicyReport })[REPORT] = report;
  return { outcomes, report };
}

/** Who uses an evaluation: the stack's validation, or the custom synthesis that writes `.checkov.yaml`. */
type Consumer = "validation" | "synthesis";

/**
 * The policy rules on one stack, evaluated once per synth. cdktf validates
 * a stack before its custom synthesis, `synthesizeSafely` after it: whichever
 * comes first evaluates, and hands the evaluation to the other, so that the
 * lines printed and the `.checkov.yaml` written come from one run.
 */
class PolicyValidation {
  private handedOver?: { readonly evaluation: PolicyEvaluation; readonly to: Consumer };

  constructor(
    private readonly stack: TerraformStack,
    private readonly rules: readonly PolicyRule[],
  ) {}

  /** The evaluation handed over by the other consumer, or a new one (handed over in turn). */
  evaluation(by: Consumer): PolicyEvaluation {
    const waiting = this.handedOver;
    this.handedOver = undefined;
    if (waiting?.to === by) return waiting.evaluation;
    const evaluation = evaluatePolicy(this.stack, this.rules);
    this.handedOver = { evaluation, to: by === "validation" ? "synthesis" : "validation" };
    return evaluation;
  }
}

/**
 * Registers the policy rules as a validation on `scope`, over every resource
 * of its stack: errors fail the validation, warnings are annotations on the
 * resource. Validations run after aspects, on the final JSON (overrides
 * included).
 */
export function addPolicyValidation(scope: IConstruct, rules: readonly PolicyRule[] = POLICY_RULES): PolicyValidation {
  const policy = new PolicyValidation(TerraformStack.of(scope), rules);
  scope.node.addValidation({ validate: () => policy.evaluation("validation").outcomes.flatMap(reportOutcome) });
  return policy;
}

/**
 * The policy rules for a stack of your own, as a cdktf Aspect (after
 * cdk-nag): add it to a stack and it registers the policy validation there,
 * which checks every resource's final JSON (overrides included) when the
 * stack is validated, through the same path as every other rule. Failures
 * are errors (failing synth) or warnings; findings that do not apply, or are
 * accepted risks, are kept in the stack's report with their reasons (see
 * {@link policyReportOf}). `AksPolicyPack` registers the same validation
 * and also writes `.checkov.yaml`.
 */
export class AksPolicyChecks implements IAspect {
  private readonly registered = new WeakSet<IConstruct>();

  constructor(private readonly rules: readonly PolicyRule[] = POLICY_RULES) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.registered.has(node)) return;
    this.registered.add(node);
    addPolicyValidation(node, this.rules);
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
    configPath: configPathOf(r),
    get json() {
      return (json ??= synthesizedAttributes(r));
    },
  };
}
