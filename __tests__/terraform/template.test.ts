/**
 * lib/terraform/template.ts: how Terraform reads template syntax in a
 * `.tf.json` string, including the tricks that hide a call from a naive
 * search.
 */
import { hasTemplateSequence, hclExpressionOf, hclStringLiteral, scanTemplate, templateText } from "../../lib/terraform/template";

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

describe("a string of a .tf.json file as an HCL expression (a function's argument)", () => {
  test.each([
    ["a reference is its expression", "${var.p}", "var.p"],
    ["spaces around it too", "${ data.azurerm_subnet.a.id }", "data.azurerm_subnet.a.id"],
    ["a reference among text is a template", "10.${var.octet}.0.0/16", '"10.${var.octet}.0.0/16"'],
    ["two references", "${var.a}${var.b}", '"${var.a}${var.b}"'],
    ["a strip marker stays in a template", "${~var.p}", '"${~var.p}"'],
    ["a short name", "${x}", "x"],
    ["plain text", "10.244.0.0/16", '"10.244.0.0/16"'],
    ["quotes, backslashes and control characters are escaped", 'a"b\\c\nd\u0001', '"a\\"b\\\\c\\nd\\u0001"'],
    ["but not inside an interpolation", '${var.x}"), file("/etc/passwd"), ("', '"${var.x}\\"), file(\\"/etc/passwd\\"), (\\""'],
    ["an escape means the same in HCL", "$${x} %%{y}", '"$${x} %%{y}"'],
  ])("%s", (_what, text, expected) => {
    expect(hclExpressionOf(text)).toBe(expected);
  });

  test("unreadable text has no expression", () => {
    expect(hclExpressionOf('${file("/x")')).toBeUndefined();
  });

  test("a string literal of any text evaluates nothing", () => {
    expect(hclStringLiteral('${var.p} %{if x} "q" \\')).toBe('"$${var.p} %%{if x} \\"q\\" \\\\"');
  });

  test("the text around the sequences", () => {
    expect(templateText("10.${var.a}.0.0/${var.b}")).toBe("10..0.0/");
    expect(templateText("${var.p}")).toBe("");
    expect(templateText('${"}"}x')).toBe("x");
  });
});
