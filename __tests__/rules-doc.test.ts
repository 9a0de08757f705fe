/**
 * docs/rules.md lists every rule by ID with its severity, why the severity is
 * what it is, its title, sources and fix, generated from the catalogue so it
 * cannot drift; each rule's row has the anchor the app's fix lines link to
 * (`docs/rules.md#res-01`). Regenerate with `npm run docs:rules`.
 */
import * as fs from "fs";
import * as path from "path";
import { NETWORK_RULE_CATALOGUE, RULE_CATALOGUE, ruleAnchor, ruleDocLink } from "../lib/rules/catalogue";
import { POLICY_RULES } from "../lib/rules/policy";
import { HOMES } from "./rules/homes";

const FILE = path.join(__dirname, "..", "docs", "rules.md");
// `<name>` would be taken for an HTML tag and hidden.
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/</g, "&lt;");
/** The ID cell: the rule's anchor, then its ID. */
const idCell = (id: string) => `<a id="${ruleAnchor(id)}"></a>${id}`;

function render(): string {
  const families = new Map<string, string[]>();
  for (const r of Object.values(NETWORK_RULE_CATALOGUE)) {
    const family = r.id.replace(/-\d+$/, "");
    const row = `| ${idCell(r.id)} | ${r.severity}${r.acceptable === false ? " (cannot be accepted)" : ""} | ${cell(r.title)} | ${cell(r.why)} | ${cell(r.fix)} | ${cell(r.source)} |`;
    families.set(family, [...(families.get(family) ?? []), row]);
  }
  const lines = [
    "# Rules",
    "",
    "Generated from `lib/rules/catalogue.ts` and `lib/rules/policy.ts` by `npm run docs:rules`; do not edit.",
    "Each family is checked in the file under its heading (a test holds the code to it); the policy rules in `lib/rules/policy.ts`.",
    "Severity `error` fails synth unless the rule is accepted in `acceptedRisks` with a reason; `warning` prints.",
    "The column *Fix* says how to make the config pass; the app prints it after the problem lines, with a link to the rule's row here (`docs/rules.md#res-01`).",
    "",
    "A network, naming or config rule is an error only when something refuses its violation: azurerm 4.55.0 at plan (schema validation, ExactlyOneOf, CustomizeDiff) or at apply before it calls Azure, ARM and the AKS resource provider, Kubernetes itself, or the Cilium chart; or when the config contradicts itself or its own contract (CFG, ACC, and the rules of other families marked *cannot be accepted*).",
    "What Azure tolerates is at most a warning, and says what goes wrong. The column *Why this severity* names what refuses, or what is tolerated.",
    "Policy rules are this project's security policy: Azure accepts all of these settings; an error means a secure default was turned off and needs an accepted risk with a reason, a warning is a recommendation that costs resources, money or subscription features.",
    "",
    "## Network, naming and config rules",
    "",
  ];
  for (const [family, rows] of families) {
    lines.push(`### ${family} (${(HOMES[family] ?? []).map((f) => `\`lib/${f}\``).join(", ")})`, "", "| ID | Severity | Rule | Why this severity | Fix | Sources |", "| --- | --- | --- | --- | --- | --- |", ...rows, "");
  }
  lines.push(
    "## Policy rules (checkov IDs, or SEC where checkov has no check; trivy, PSRule and Azure Policy aliases)",
    "",
    "| ID | Aliases | Severity | Why this severity | Applies to | Rule | Fix |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const r of POLICY_RULES) {
    lines.push(`| ${idCell(r.id)} | ${r.aliases.join(", ")} | ${r.severity} | ${cell(r.why)} | ${r.resourceTypes.join(", ")} | ${cell(r.title)} | ${cell(r.fix)} |`);
  }
  return `${lines.join("\n")}\n`;
}

test("docs/rules.md is up to date", () => {
  const text = render();
  if (process.env.UPDATE_DOCS) fs.writeFileSync(FILE, text);
  expect(fs.existsSync(FILE) ? fs.readFileSync(FILE, "utf8") : "").toBe(text);
});

test("every rule has its anchor in docs/rules.md, once, in its own row, where its link leads", () => {
  const text = fs.existsSync(FILE) ? fs.readFileSync(FILE, "utf8") : "";
  const problems = Object.keys(RULE_CATALOGUE).flatMap((id) => {
    const [file, anchor] = ruleDocLink(id).split("#");
    const rows = text.split("\n").filter((l) => l.includes(`<a id="${anchor}">`));
    if (file !== "docs/rules.md" || anchor !== ruleAnchor(id)) return [`${id}: ${ruleDocLink(id)} is not docs/rules.md#${ruleAnchor(id)}`];
    if (rows.length !== 1) return [`${id}: ${rows.length} anchors "${anchor}"`];
    return rows[0]!.startsWith(`| <a id="${anchor}"></a>${id} |`) ? [] : [`${id}: the anchor is not in the ID cell of its row`];
  });
  expect(problems).toEqual([]);
  // Anchors are unique: no two IDs differ only in case.
  expect(new Set(Object.keys(RULE_CATALOGUE).map(ruleAnchor)).size).toBe(Object.keys(RULE_CATALOGUE).length);
});
