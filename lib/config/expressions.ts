/**
 * CFG-07: a config file holds values, not code. cdktf writes a config string
 * into `cdk.tf.json` as it is, and Terraform evaluates every `${...}` in it
 * at plan time, with the planning identity's credentials on the machine:
 * `${file("/home/runner/.azure/msal_token_cache.json")}` would read a token
 * cache into a tag. So a string (value or key, anywhere in the document) may
 * hold Terraform template syntax only as plain references, which read an
 * attribute and run nothing; and none at all where synth must see the value
 * to check it: the API server's exposure and the security settings.
 */
import { printable } from "../text/printable";
import { hasTemplateSequence, scanTemplate } from "../terraform/template";

/** The references a config value may hold: `var.<name>`, `data.<type>.<name>.<attribute>`, `<type>.<name>.<attribute>`, with attribute and index steps after them. */
const REFERENCE = /^\s*(?:var\.[A-Za-z_][A-Za-z0-9_-]*|(?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*\s*$/;

/** Fields whose values synth must know to check them: no reference at all. */
const LITERAL_ONLY = /^cluster\.(apiServer|security)(\.|\[|$)/;

const ALLOWED = "${var.<name>}, ${data.<type>.<name>.<attribute>} or ${<type>.<name>.<attribute>}";

/** At most 80 characters of a value, printable, for a message. */
function shown(text: string): string {
  const t = printable(text);
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

/**
 * What is wrong with a string of a config file at `path` (a key when `isKey`),
 * or undefined when it holds no template syntax or only allowed references.
 */
export function expressionProblem(text: string, path: string, isKey = false): string | undefined {
  if (!hasTemplateSequence(text)) return undefined;
  const scan = scanTemplate(text);
  const what = isKey ? "this key" : "the value";
  const plain = !scan.unreadable && scan.directives === 0 && scan.interpolations.every((e) => REFERENCE.test(e));
  if (!plain) {
    return `${what} ${JSON.stringify(shown(text))} holds a Terraform expression, which Terraform would evaluate at plan time on the machine, and with the credentials, that plans; a config value may only reference ${ALLOWED}. For a literal \${ or %{, write $\${ or %%{`;
  }
  if (LITERAL_ONLY.test(path)) {
    return `${what} ${JSON.stringify(shown(text))} is a Terraform reference; cluster.apiServer and cluster.security take literal values only, so that synth checks the API server's exposure and the security settings instead of leaving them to apply time`;
  }
  return undefined;
}
