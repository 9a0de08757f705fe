import * as fs from "fs";
import * as path from "path";
import { addCustomSynthesis, Aspects, Construct, TerraformStack, type ISynthesisSession } from "../bindings/cdktf";
import { AksPolicyChecks, policyReportOf } from "./aks-policy-checks";
import { checkovConfig } from "../report/checkov-config";

/** The file, next to `cdk.tf.json`, that tells checkov which checks the pack suppressed. */
export const CHECKOV_CONFIG_FILE = ".checkov.yaml";

/**
 * The policy pack in a stack: adds {@link AksPolicyChecks} to the stack and,
 * when the stack is synthesized, writes the checkov config of what it
 * suppressed (with the reasons as comments) into the stack's output
 * directory, so that `checkov -d cdktf.out` agrees with synth. Works under
 * any synthesis (`app.synth()`, `cdktf synth`), not only this project's app.
 */
export class AksPolicyPack extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    Aspects.of(stack).add(new AksPolicyChecks());
    addCustomSynthesis(this, {
      onSynthesize(session: ISynthesisSession) {
        const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        fs.writeFileSync(path.join(dir, CHECKOV_CONFIG_FILE), checkovConfig(stack.node.id, policyReportOf(stack) ?? { suppressed: [], warned: [] }));
      },
    });
  }
}
