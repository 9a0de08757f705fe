/**
 * lib/terraform/template.ts: how Terraform reads template syntax in a
 * `.tf.json` string, including the tricks that hide a call from a naive
 * search.
 */
import { hasTemplateSequence, scanTemplate } from "../../lib/terraform/template";

test.each([
  ["plain text", "10.244.0.0/16", false],
  ["a reference", "${var.x}", true],
  ["a directive", "%{ if true }x%{ endif }", true],
  ["an escaped interpolation", "$${file(\"/etc/passwd\")}", false],
  ["an escaped directive", "%%{ if true }", false],
  ["a dollar before an escape", "$$${var.x}", false],
  ["an interpolation after an escaped one", "$${a} ${var.x}", true],
  ["a lone dollar", "costs $5 {per hour}", false],
])("%s: template sequence %s", (_what, text, expected) => {
  expect(hasTemplateSequence(text)).toBe(expected);
});

test("interpolations, nested ones included, and the functions they call", () => {
  const scan = scanTemplate('a-${substr(file("/home/runner/.azure/msal_token_cache.json"),0,250)}-${var.x}');
  expect(scan.interpolations).toEqual(['substr(file("/home/runner/.azure/msal_token_cache.json"),0,250)', "var.x"]);
  expect(scan.calls).toEqual(["substr", "file"]);
  expect(scan.unreadable).toBeUndefined();
});

test.each([
  ["whitespace before the parenthesis", '${file ("/etc/passwd")}', ["file"]],
  ["a namespaced built-in", '${core::file("/etc/passwd")}', ["core::file"]],
  ["a provider function", '${provider::azurerm::normalise_resource_id("x")}', ["provider::azurerm::normalise_resource_id"]],
  ["a call inside a nested template in a string", '${"a${file("/etc/passwd")}b"}', ["file"]],
  ["a call in a for expression", '${[for f in fileset("/", "*") : f]}', ["fileset"]],
  ["a call inside an object literal", '${{ a = { b = templatefile("/x", {}) } }}', ["templatefile"]],
  ["a call in a directive", "%{ for f in fileset(\"/\", \"*\") }${f}%{ endfor }", ["fileset"]],
  ["an escaped quote in a string before a call", '${"a\\"b" == file("/x")}', ["file"]],
  ["a call after a string that holds a brace", '${"}" == file("/x")}', ["file"]],
  ["a dashed name", '${x-file("/x")}', ["x-file"]],
])("finds the call: %s", (_what, text, calls) => {
  const scan = scanTemplate(text);
  expect(scan.calls).toEqual(calls);
  expect(scan.unreadable).toBeUndefined();
});

test.each([
  ["text with parentheses around a reference", "range (${var.x}) of nodes (all)", []],
  ["a reference with an index", "${azurerm_kubernetes_cluster.c.kube_config[0].host}", []],
  ["an escaped call", '$${file("/etc/passwd")}', []],
  ["a function name inside a string is not a call", '${"file(x)" == var.x}', []],
])("finds no call: %s", (_what, text, calls) => {
  expect(scanTemplate(text).calls).toEqual(calls);
});

test.each([
  ["an unterminated interpolation", '${file("/etc/passwd")'],
  ["an unterminated string", '${"abc}'],
  ["a comment that could hide the rest", '${var.x # }${file("/x")}'],
  ["a block comment", "${var.x /* } */}"],
  ["a line comment", "${var.x // }"],
  ["a heredoc", "${<<EOT\n${file(\"/x\")}\nEOT\n}"],
])("says it cannot read %s, instead of guessing", (_what, text) => {
  expect(scanTemplate(text).unreadable).toBeDefined();
});

test("a directive counts, and text without template syntax holds nothing", () => {
  expect(scanTemplate("%{ if var.x }a%{ endif }").directives).toBe(2);
  expect(scanTemplate("plain file(x) text")).toEqual({ interpolations: [], directives: 0, calls: [] });
});
