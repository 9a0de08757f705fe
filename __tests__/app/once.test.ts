/**
 * Aspects and validations run once per synth: through synthesizeSafely, and
 * through cdktf's own app.synth() for library users.
 */
import { App, Aspects, Testing, TerraformStack, type IConstruct } from "../../lib/bindings/cdktf";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import { synthesizeSafely } from "../../lib/app/synth";
import { policyReportOf } from "../../lib/constructs/aks-policy-checks";
import { seedConfig, tempDir } from "../support";

/** Counts the aspect visits of a stack and the validations of its cluster. */
function instrument(stack: AksByoCniStack) {
  const counts = { aspect: 0, validation: 0 };
  Aspects.of(stack).add({ visit: (node: IConstruct) => void (TerraformStack.isStack(node) && counts.aspect++) });
  stack.cluster.node.addValidation({ validate: () => (counts.validation++, []) });
  return counts;
}

test("synthesizeSafely: each stack's aspects and each validation run once, and the policy report is the one run's", () => {
  let counts = { aspect: 0, validation: 0 };
  let stack: AksByoCniStack | undefined;
  const outcome = synthesizeSafely((app) => {
    stack = new AksByoCniStack(app, "dev", seedConfig());
    counts = instrument(stack);
  }, tempDir("aks-once-"));
  expect(outcome.ok).toBe(true);
  expect(counts).toEqual({ aspect: 1, validation: 1 });
  expect(policyReportOf(stack!)?.checked).toBeGreaterThan(0);
});

test("a plain app.synth() of a library user's app: once too", () => {
  const app = new App({ outdir: tempDir("aks-once-app-"), stackTraces: false });
  const counts = instrument(new AksByoCniStack(app, "dev", seedConfig()));
  app.synth();
  expect(counts).toEqual({ aspect: 1, validation: 1 });
});

test("the test's counters see a second run (they can fail)", () => {
  const app = Testing.app();
  const counts = instrument(new AksByoCniStack(app, "dev", seedConfig()));
  app.node.findAll().forEach((c) => c.node.validate());
  app.node.findAll().forEach((c) => c.node.validate());
  expect(counts.validation).toBe(2);
});
