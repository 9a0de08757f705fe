/**
 * Literal values behind references. A construct that creates a resource
 * hands out the resource's attribute (a Terraform reference, so Terraform
 * orders the work) and records the literal it was created with, so that
 * rules reading the reference elsewhere can still check the literal.
 */
const LITERALS = new Map<string, string>();

/** Records that `reference` will be `literal` once Terraform resolves it. */
export function rememberLiteral(reference: string, literal: string): string {
  LITERALS.set(reference, literal);
  return reference;
}

/** The literal behind a reference made by `rememberLiteral`, else the value itself. */
export function literalOf<T>(value: T): T | string {
  return typeof value === "string" ? (LITERALS.get(value) ?? value) : value;
}
