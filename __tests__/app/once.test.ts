/**
 * Aspects and validations run once per synth: through synthesizeSafely, and
 * through cdktf's own app.synth() for library users.
 */
import * as fs from "fs";
import * as path from "path";
import { App, Aspects, Testing, TerraformStack, type IConstruct } from "../../lib/bindings/cdktf";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import { collectProblems, synthesizeSafely } from "../../lib/app/synth";
import { policyReportOf } from "../../lib/constructs/aks-policy-checks";
import { checkovConfig } from "../../lib/report/checkov-config";
import { POLICY_RULES } from "../../lib/rules/policy";
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

describe("the policy rules run once per synth, and .checkov.yaml is written from that run", () => {
  // CKV_AZURE_5 checks the one cluster of a stack: one call per evaluation of the pack.
  const rule = POLICY_RULES.find((r) => r.id === "CKV_AZURE_5")!;
  let calls: jest.SpyInstance;
  beforeEach(() => (calls = jest.spyOn(rule, "check")));
  afterEach(() => calls.mockRestore());

  test("synthesizeSafely (custom synthesis first, validation after)", () => {
    let stack: AksByoCniStack | undefined;
    const outdir = tempDir("aks-once-policy-");
    expect(synthesizeSafely((app) => (stack = new AksByoCniStack(app, "dev", seedConfig())), outdir).ok).toBe(true);
    expect(calls).toHaveBeenCalledTimes(1);
    expect(fs.readFileSync(path.join(outdir, "stacks", "dev", ".checkov.yaml"), "utf8")).toBe(checkovConfig("dev", policyReportOf(stack!)!));
  });

  test("a plain app.synth() (validation first, custom synthesis after)", () => {
    const outdir = tempDir("aks-once-policy-app-");
    const app = new App({ outdir, stackTraces: false });
    const stack = new AksByoCniStack(app, "dev", seedConfig());
    app.synth();
    expect(calls).toHaveBeenCalledTimes(1);
    expect(fs.readFileSync(path.join(outdir, "stacks", "dev", ".checkov.yaml"), "utf8")).toBe(checkovConfig("dev", policyReportOf(stack)!));
  });

  test("each validation without a synth in between evaluates again (a change is seen)", () => {
    const stack = new AksByoCniStack(Testing.app(), "dev", seedConfig());
    expect(collectProblems(stack.node.root).filter((l) => l.level === "error")).toEqual([]);
    stack.cluster.kubernetesCluster.addOverride("role_based_access_control_enabled", false);
    expect(collectProblems(stack.node.root).filter((l) => l.level === "error").map((l) => l.message)).toEqual([expect.stringMatching(/\[CKV_AZURE_5 \/ AVD-AZU-0042\]$/)]);
    expect(calls).toHaveBeenCalledTimes(2);
  });
});
