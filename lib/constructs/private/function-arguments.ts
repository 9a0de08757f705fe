/**
 * Config strings as arguments of Terraform functions (cdktf's `Fn`). cdktf
 * writes a string argument as an HCL string, but it throws on a `"` (a
 * config value with one crashed synth before any rule ran), passes a `\`
 * through as an HCL escape, and escapes `${`, so that a reference in the
 * config became text (`cidrnetmask("$${var.p}")`) and cdktf warned on
 * stderr. A string it writes correctly is passed as it is, so the usual
 * IDs and ranges are written as before; any other as an expression token.
 */
import { ref, Token } from "../../bindings/cdktf";
import { hclExpressionOf, hclStringLiteral } from "../../terraform/template";

/** What cdktf does not write as it is: a quote, a backslash, a control character, `${`. */
const NOT_AS_IS = /["\\\u0000-\u001f\u007f]|\$\{/;

const expressionToken = (expression: string): string => Token.asString(ref(expression));

/**
 * `value` as a function argument of the same value: a reference of the
 * config (`${var.p}`) as its expression (`var.p`), any other string quoted
 * for HCL; cdktf tokens and plain strings as they are.
 */
export function functionArgument(value: string): string {
  if (typeof value !== "string" || Token.isUnresolved(value) || !NOT_AS_IS.test(value)) return value;
  return expressionToken(hclExpressionOf(value) ?? hclStringLiteral(value));
}

/**
 * `text` as a function argument that is exactly that text, even a
 * reference's: what a name is derived from. cdktf tokens and plain strings
 * as they are.
 */
export function literalArgument(text: string): string {
  if (typeof text !== "string" || Token.isUnresolved(text) || !NOT_AS_IS.test(text)) return text;
  return expressionToken(hclStringLiteral(text));
}
