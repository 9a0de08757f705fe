/**
 * HCL text for the generated test files: string literals with template
 * sequences escaped, values and attributes.
 */
import { hclStringLiteral } from "../../terraform/template";
import type { Json } from "./mock-values";

/** A string literal in HCL, with template sequences escaped: the text itself, nothing in it evaluated. */
export const hclString = hclStringLiteral;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A JSON value as an HCL expression (objects on one line: mocks stay greppable). */
export function hclValue(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return hclString(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(hclValue).join(", ")}]`;
  const entries = Object.entries(v as Json).map(([k, x]) => `${IDENT.test(k) ? k : hclString(k)} = ${hclValue(x)}`);
  return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
}

/** An object as indented `key = value` lines. */
export function hclAttributes(values: Json, indent: string): string {
  return Object.entries(values)
    .map(([k, v]) => `${indent}${IDENT.test(k) ? k : hclString(k)} = ${hclValue(v)}`)
    .join("\n");
}
