/**
 * The cdktf side of the day-2 settings: `prevent_destroy` on the protected
 * resources of a stack and the stack's `protection.json` (which tells the
 * change-impact check which Terraform address is which protected resource
 * and what the environment accepts).
 */
import * as fs from "fs";
import * as path from "path";
import { addCustomSynthesis, TerraformStack, type Construct, type IConstruct, type TerraformResource } from "../bindings/cdktf";
import type { ProtectionSettings } from "../config/types";
import { keepsPreventDestroy, resolveProtection, type ProtectionFile, type ProtectionPlan } from "../plan/protection";
import { checkProtection } from "../rules/day2";
import { addRuleValidation } from "./private/rule-validation";
import { recordConfigPath } from "./private/config-paths";

/** The file next to each stack's `cdk.tf.json`. */
export const PROTECTION_FILE = "protection.json";

const SETTING = Symbol.for("aks-byocni.protection");
const REGISTRY = Symbol.for("aks-byocni.protectedResources");

interface WithProtection {
  [SETTING]?: ProtectionPlan;
}
interface Registered {
  readonly resource: TerraformResource;
  readonly name: string;
  readonly configPath: string;
  readonly preventDestroy: boolean;
  readonly plan: ProtectionPlan;
}
interface WithRegistry {
  [REGISTRY]?: Registered[];
}

const DEFAULT_PLAN = resolveProtection(undefined);

/**
 * Protection for a scope and everything below it: set it on a stack (or a
 * construct) before creating the constructs it should cover.
 */
export class AksProtection {
  /**
   * Sets the protection of `scope`. Entries are checked (a known protected
   * resource, a reason of a sentence); a bad entry is a validation error
   * reported at `pathPrefix`.
   */
  static set(scope: Construct, settings: ProtectionSettings | undefined, pathPrefix = "protection"): void {
    const plan = resolveProtection(settings);
    (scope as unknown as WithProtection)[SETTING] = plan;
    addRuleValidation(scope, (ctx) => checkProtection(ctx, plan, pathPrefix));
  }

  /** The protection in force at `scope`: the nearest one set on it or an ancestor, else the default (everything protected). */
  static of(scope: IConstruct): ProtectionPlan {
    for (const s of [...scope.node.scopes].reverse()) {
      const plan = (s as unknown as WithProtection)[SETTING];
      if (plan) return plan;
    }
    return DEFAULT_PLAN;
  }
}

/**
 * Gives `resource` the protection in force at its scope: `prevent_destroy`
 * unless protection is off or its replacement is accepted (or `accepted`
 * says so, e.g. a pool being renamed), and an entry in the stack's
 * `protection.json`.
 */
export function protectResource(resource: TerraformResource, name: string, configPath: string, accepted = false): void {
  recordConfigPath(resource, configPath);
  const plan = AksProtection.of(resource);
  const preventDestroy = keepsPreventDestroy(plan, name) && !accepted;
  if (preventDestroy) resource.lifecycle = { ...resource.lifecycle, preventDestroy: true };
  const stack = TerraformStack.of(resource) as unknown as WithRegistry & TerraformStack;
  if (!stack[REGISTRY]) {
    stack[REGISTRY] = [];
    addCustomSynthesis(stack, { onSynthesize: (session) => writeProtectionFile(stack, session.outdir, session.manifest.forStack(stack).workingDirectory) });
  }
  stack[REGISTRY].push({ resource, name, configPath, preventDestroy, plan });
}

/** What `protection.json` says for `stack`. */
export function protectionFileOf(stack: TerraformStack): ProtectionFile {
  const registered = (stack as unknown as WithRegistry)[REGISTRY] ?? [];
  const plan = registered[0]?.plan ?? AksProtection.of(stack);
  return {
    version: 1,
    preventDestroy: plan.preventDestroy,
    acceptedReplacements: plan.acceptedAsWritten.map((a) => ({ resource: a.resource, reason: String(a.reason) })),
    resources: registered.map((r) => ({
      address: `${r.resource.terraformResourceType}.${r.resource.friendlyUniqueId}`,
      resource: r.name,
      configPath: r.configPath,
      preventDestroy: r.preventDestroy,
    })),
  };
}

function writeProtectionFile(stack: TerraformStack, outdir: string, workingDirectory: string): void {
  const dir = path.join(outdir, workingDirectory);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, PROTECTION_FILE), `${JSON.stringify(protectionFileOf(stack), null, 2)}\n`);
}
