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
import { hasTemplateSequence } from "../../terraform/template";

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** Resolves tokens in `value` the way the stack does when it writes JSON. */
function resolveInStack(scope: TerraformElement, value: unknown): unknown {
  return Tokenization.resolve(value, { scope: TerraformStack.of(scope), preparing: false, resolver: RESOLVER });
}

/** The attributes of one resource as synthesized (without cdktf's `//` metadata). */
export function synthesizedAttributes(resource: TerraformResource): Record<string, unknown> {
  const tf = resource.toTerraform() as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const body = tf.resource?.[resource.terraformResourceType]?.[resource.friendlyUniqueId] ?? {};
  const { "//": _metadata, ...attributes } = resolveInStack(resource, body) as Record<string, unknown>;
  return attributes;
}

/**
 * Unknown at synth time: a cdktf token, or a string Terraform would evaluate
 * (`${...}`, `%{...}`). `$${` is the escape for a literal `${`: such a string
 * is known, and checked like any other.
 */
export function isUnknownValue(value: unknown): boolean {
  return Token.isUnresolved(value) || (typeof value === "string" && hasTemplateSequence(value));
}
