/**
 * Terraform's template syntax inside a string, read the way Terraform reads a
 * string of a `.tf.json` file: `${ ... }` interpolations and `%{ ... }`
 * directives hold expressions; `$${` and `%%{` are escapes for the literal
 * text. Used to refuse config values that would run as expressions, and to
 * find every function a synthesized stack calls.
 *
 * The reader is deliberately strict: where it cannot be sure how Terraform
 * would read an expression (a comment or a heredoc inside it, an
 * unterminated sequence or string), it says so instead of guessing, and
 * callers refuse such strings.
 */
import { printable } from "../text/printable";

/** What a string holds, as Terraform would read it. */
export interface TemplateScan {
  /** The text of every `${...}` interpolation, nested ones included, in the order they start. */
  readonly interpolations: readonly string[];
  /** How many `%{...}` directives (`if`, `for`, ...) the string holds. */
  readonly directives: number;
  /** Every function called in an expression, as written: `file`, `core::file`, `provider::azurerm::parse_resource_id`. */
  readonly calls: readonly string[];
  /** Why the string cannot be read with certainty; undefined when it can. */
  readonly unreadable?: string;
}

interface Scan {
  interpolations: string[];
  directives: number;
  calls: string[];
  unreadable?: string;
}

/** A name as HCL's identifiers allow it (dashes included), with `::` namespaces. */
const NAME = /[A-Za-z_][A-Za-z0-9_-]*(?:::[A-Za-z_][A-Za-z0-9_-]*)*/y;

/** True when `s` holds an interpolation or a directive that Terraform would evaluate. */
export function hasTemplateSequence(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith("$${", i) || s.startsWith("%%{", i)) i += 2;
    else if (s.startsWith("${", i) || s.startsWith("%{", i)) return true;
  }
  return false;
}

/** Reads the template sequences of `s` (see {@link TemplateScan}). */
export function scanTemplate(s: string): TemplateScan {
  const out: Scan = { interpolations: [], directives: 0, calls: [] };
  if (hasTemplateSequence(s)) literal(s, 0, false, out);
  return out;
}

/**
 * Template text from `i`: at the top level the whole string (JSON has already
 * decoded its escapes), inside an expression a quoted string up to its
 * closing quote (HCL's backslash escapes apply there). Returns the index
 * after it.
 */
function literal(s: string, i: number, quoted: boolean, out: Scan): number {
  while (i < s.length) {
    const c = s[i];
    if (quoted && c === "\\") {
      i += 2;
    } else if (quoted && c === '"') {
      return i + 1;
    } else if (s.startsWith("$${", i) || s.startsWith("%%{", i)) {
      i += 3;
    } else if (s.startsWith("${", i) || s.startsWith("%{", i)) {
      const end = expression(s, i + 2, out);
      if (end < 0) return s.length;
      if (c === "%") out.directives++;
      else out.interpolations.push(s.slice(i + 2, end));
      i = end + 1;
    } else {
      i++;
    }
  }
  if (quoted) out.unreadable ??= "a string inside an expression is not terminated";
  return s.length;
}

/** An expression from `i` up to its closing brace; returns the brace's index, or -1 when unreadable. */
function expression(s: string, i: number, out: Scan): number {
  let depth = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') {
      i = literal(s, i + 1, true, out);
      if (out.unreadable) return -1;
    } else if (c === "{") {
      depth++;
      i++;
    } else if (c === "}") {
      if (depth === 0) return i;
      depth--;
      i++;
    } else if (c === "#" || s.startsWith("//", i) || s.startsWith("/*", i) || s.startsWith("<<", i)) {
      out.unreadable ??= c === "<" ? "an expression holds a heredoc" : "an expression holds a comment";
      return -1;
    } else {
      i = name(s, i, out);
    }
  }
  out.unreadable ??= "a ${ or %{ sequence is not terminated";
  return -1;
}

/** A name at `i` (recorded when a call follows it), or one other character. Returns the next index. */
function name(s: string, i: number, out: Scan): number {
  NAME.lastIndex = i;
  const m = NAME.exec(s);
  if (!m) return i + 1;
  const end = i + m[0].length;
  let k = end;
  while (k < s.length && /\s/.test(s[k]!)) k++;
  if (s[k] === "(") out.calls.push(m[0]);
  return end;
}

/** A string of a `.tf.json` file in pieces: literal text, and `${...}` or `%{...}` sequences as written. */
interface TemplatePiece {
  readonly text: string;
  readonly sequence: boolean;
}

/** The pieces of `s`, in order; undefined when the string cannot be read with certainty. */
function templatePieces(s: string): TemplatePiece[] | undefined {
  const pieces: TemplatePiece[] = [];
  const out: Scan = { interpolations: [], directives: 0, calls: [] };
  let start = 0;
  let i = 0;
  while (i < s.length) {
    if (s.startsWith("$${", i) || s.startsWith("%%{", i)) {
      i += 3;
    } else if (s.startsWith("${", i) || s.startsWith("%{", i)) {
      const end = expression(s, i + 2, out);
      if (end < 0) return undefined;
      if (i > start) pieces.push({ text: s.slice(start, i), sequence: false });
      pieces.push({ text: s.slice(i, end + 1), sequence: true });
      i = start = end + 1;
    } else {
      i++;
    }
  }
  if (start < s.length || pieces.length === 0) pieces.push({ text: s.slice(start), sequence: false });
  return pieces;
}

/** The literal text of `s` outside its template sequences (escapes as written); undefined when unreadable. */
export function templateText(s: string): string | undefined {
  return templatePieces(s)
    ?.filter((p) => !p.sequence)
    .map((p) => p.text)
    .join("");
}

/** Literal text escaped for an HCL quoted string: backslash and quote, then control characters as `printable` writes them (`\n`, `\u001b`: HCL's escapes too). */
function hclEscaped(text: string): string {
  return printable(text.replace(/[\\"]/g, (c) => `\\${c}`));
}

/**
 * The HCL expression that a string of a `.tf.json` file stands for, so that
 * it can be an argument of a function call: a string that is one
 * interpolation and nothing else is that expression (`${var.p}` is `var.p`,
 * as Terraform reads such a string); any other string is a quoted template
 * of the same text, its literal text escaped for HCL and its sequences as
 * written. Undefined when the string cannot be read with certainty.
 */
export function hclExpressionOf(s: string): string | undefined {
  const pieces = templatePieces(s);
  if (!pieces) return undefined;
  const only = pieces.length === 1 ? pieces[0]! : undefined;
  // A strip marker (`${~ x ~}`) belongs to a template, not to the expression.
  if (only?.sequence && /^\$\{(?!~)[\s\S]*(?<!~)\}$/.test(only.text)) return only.text.slice(2, -1).trim();
  return `"${pieces.map((p) => (p.sequence ? p.text : hclEscaped(p.text))).join("")}"`;
}

/** `text` itself as an HCL string, whatever it holds: `${` and `%{` escaped too, so that nothing in it is evaluated. */
export function hclStringLiteral(text: string): string {
  return `"${hclEscaped(text).replace(/([$%])\{/g, "$1$1{")}"`;
}
