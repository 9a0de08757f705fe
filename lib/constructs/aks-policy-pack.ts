import * as fs from "fs";
import * as path from "path";
import { addCustomSynthesis, Construct, TerraformStack, type ISynthesisSession } from "../bindings/cdktf";
import { addPolicyValidation } from "./aks-policy-checks";
import { checkovConfig } from "../report/checkov-config";

/** The file, next to `cdk.tf.json`, that tells checkov which checks the pack suppressed. */
export const CHECKOV_CONFIG_FILE = ".checkov.yaml";

/**
 * The policy pack in a stack: registers the policy rules (see
 * {@link AksPolicyChecks}) as a validation that checks every resource's
 * final JSON and, when the stack is synthesized, writes the checkov config of
 * what they suppressed (with the reasons as comments) into the stack's
 * output directory, so that `checkov -d cdktf.out` agrees with synth. Works
 * under any synthesis (`app.synth()`, `cdktf synth`), not only this
 * project's app.
 */
export class AksPolicyPack extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    // On this construct, not the stack: its errors come after those of the constructs before it.
    const policy = addPolicyValidation(this);
    addCustomSynthesis(this, {
      onSynthesize(session: ISynthesisSession) {
        const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        fs.writeFileSync(path.join(dir, CHECKOV_CONFIG_FILE), checkovConfig(stack.node.id, policy.evaluation("synthesis").report));
      },
    });
  }
}
