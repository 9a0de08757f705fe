/**
 * Reads what a resource will look like in `cdk.tf.json`: its attributes with
 * overrides merged and references resolved to `${...}` expressions. Rules
 * read this, not the constructor's props, so escape hatches are seen too.
 */
import {
  DefaultTokenResolver,
  StringConcat,
  TerraformElement,
  TerraformStack,
  Tokenization,
  Token,
  type TerraformResource,
} from "../../bindings/cdktf";

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** Resolves tokens in `value` the way the stack does when it writes JSON. */
export function resolveInStack(scope: TerraformElement, value: unknown): unknown {
  return Tokenization.resolve(value, { scope: TerraformStack.of(scope), preparing: false, resolver: RESOLVER });
}

/**
 * Attributes already resolved, by resource, while `shareSynthesizedAttributes`
 * runs. Resolving is most of the cost of checking a resource, and the policy
 * pack and the constructs' validations read the same resources (the cluster
 * three times) in one pass.
 */
let shared: WeakMap<TerraformResource, Record<string, unknown>> | undefined;

/**
 * Runs `fn` with one resolution per resource: every `synthesizedAttributes`
 * call for a resource returns the same object. Only for a stretch in which
 * no resource changes (validations, read-only aspects); callers must treat
 * the attributes as read-only.
 */
export function shareSynthesizedAttributes<T>(fn: () => T): T {
  if (shared) return fn();
  shared = new WeakMap();
  try {
    return fn();
  } finally {
    shared = undefined;
  }
}

/** The attributes of one resource as synthesized (without cdktf's `//` metadata). */
export function synthesizedAttributes(resource: TerraformResource): Record<string, unknown> {
  const known = shared?.get(resource);
  if (known) return known;
  const tf = resource.toTerraform() as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const body = tf.resource?.[resource.terraformResourceType]?.[resource.friendlyUniqueId] ?? {};
  const { "//": _metadata, ...attributes } = resolveInStack(resource, body) as Record<string, unknown>;
  shared?.set(resource, attributes);
  return attributes;
}

/** Unknown at synth time: a cdktf token, or a resolved `${...}` Terraform expression. */
export function isUnknownValue(value: unknown): boolean {
  return Token.isUnresolved(value) || (typeof value === "string" && value.includes("${"));
}
