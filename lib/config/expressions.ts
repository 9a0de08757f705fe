/**
 * CFG-07: a config file holds values, not code. cdktf writes a config string
 * into `cdk.tf.json` as it is, and Terraform evaluates every `${...}` in it
 * at plan time, with the planning identity's credentials on the machine:
 * `${file("/home/runner/.azure/msal_token_cache.json")}` would read a token
 * cache into a tag. So a string (value or key, anywhere in the document) may
 * hold Terraform template syntax only as plain references, which read an
 * attribute and run nothing; and none at all where synth must see the value
 * to check it: the API server's exposure and the security settings.
 *
 * CFG-08: a plain reference still reads, and what it reads lands in a tag, a
 * name or a setting that anyone with Reader access (or, for cni.values,
 * anyone who reads kube-system) sees. So it may not reach an attribute the
 * provider's schema marks sensitive (lib/reference/sensitive-attributes.json,
 * generated from the real providers), nor another stack's outputs: the
 * schema cannot say which of those are secrets, the cluster stack's hold its
 * kube config, and terraform_remote_state drops their sensitive mark. A
 * variable's sensitivity is declared by the stack that declares it, which
 * the config file cannot see: `${var.<name>}` is not checked.
 */
import { sensitiveAttributeReached } from "../reference/sensitive-attributes";
import { clipped, printable } from "../text/printable";
import { hasTemplateSequence, scanTemplate } from "../terraform/template";

/** The references a config value may hold: `var.<name>`, `data.<type>.<name>.<attribute>`, `<type>.<name>.<attribute>`, with attribute and index steps after them. */
const REFERENCE = /^\s*(?:var\.[A-Za-z_][A-Za-z0-9_-]*|(?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*\s*$/;

/** A resource or data source reference, split: `data.`, type, name, and the attribute and index steps. */
const OBJECT_REFERENCE = /^\s*(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])+)\s*$/;

/** Fields whose values synth must know to check them: no reference at all. */
const LITERAL_ONLY = /^cluster\.(apiServer|security)(\.|\[|$)/;

const ALLOWED = "${var.<name>}, ${data.<type>.<name>.<attribute>} or ${<type>.<name>.<attribute>}";

/** A refused string: the rule and what is wrong. */
export interface ExpressionProblem {
  readonly rule: "CFG-07" | "CFG-08";
  readonly message: string;
}

/** At most `max` characters of a value, printable, for a message. */
function shown(text: string, max = 80): string {
  return clipped(printable(text), max);
}

/** Why the plain reference `expression` would read a secret, or undefined. */
function secretRead(expression: string): string | undefined {
  const m = OBJECT_REFERENCE.exec(expression);
  if (!m) return undefined; // a variable: its sensitivity is the stack's declaration, not visible here
  const [, data, type, name, rest] = m as unknown as [string, string | undefined, string, string, string];
  // A reference is named in full unless it is unreasonably long: the attribute is what the reader needs.
  const reference = shown(`${data ?? ""}${type}.${name}${rest}`, 200);
  if (data && type === "terraform_remote_state") {
    return `references ${reference}, an output of another stack's state, which may be a secret (the cluster stack's outputs hold its kube config) that terraform_remote_state reads without its sensitive mark`;
  }
  // Index steps select an element; sensitivity is per attribute name.
  const steps = rest.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  const sensitive = sensitiveAttributeReached(data ? "data" : "resource", type, steps);
  if (sensitive === undefined) return undefined;
  return `references ${reference}, and ${type.split("_")[0]} marks ${type}'s ${sensitive} sensitive`;
}

/** Where a config string ends up, for a message. */
function destination(path: string): string {
  return /^cni(\.|$)/.test(path)
    ? "into the Cilium release's values, which anyone who can read kube-system reads"
    : "into an Azure resource, where anyone with Reader access reads it";
}

/**
 * What is wrong with a string of a config file at `path` (a key when `isKey`),
 * or undefined when it holds no template syntax or only allowed references.
 */
export function expressionProblem(text: string, path: string, isKey = false): ExpressionProblem | undefined {
  if (!hasTemplateSequence(text)) return undefined;
  const scan = scanTemplate(text);
  const what = isKey ? "this key" : "the value";
  const plain = !scan.unreadable && scan.directives === 0 && scan.interpolations.every((e) => REFERENCE.test(e));
  if (!plain) {
    return {
      rule: "CFG-07",
      message: `${what} ${JSON.stringify(shown(text))} holds a Terraform expression, which Terraform would evaluate at plan time on the machine, and with the credentials, that plans; a config value may only reference ${ALLOWED}. For a literal \${ or %{, write $\${ or %%{`,
    };
  }
  const secret = scan.interpolations.map(secretRead).find((s) => s !== undefined);
  if (secret) {
    return { rule: "CFG-08", message: `${what} ${secret}: it would be written ${destination(path)}` };
  }
  if (LITERAL_ONLY.test(path)) {
    return {
      rule: "CFG-07",
      message: `${what} ${JSON.stringify(shown(text))} is a Terraform reference; cluster.apiServer and cluster.security take literal values only, so that synth checks the API server's exposure and the security settings instead of leaving them to apply time`,
    };
  }
  return undefined;
}
