/**
 * Every check lives where docs/rules.md says: a family's findings are
 * reported from its home file (HOMES), and from nowhere else.
 */
import { familyOf, HOMES, reportedRules } from "./homes";
import { RULE_CATALOGUE } from "../../lib/rules/catalogue";

const reported = reportedRules();

test("the scan finds the reports it looks for", () => {
  expect(reported.length).toBeGreaterThan(100);
  expect(reported).toContainEqual(expect.objectContaining({ rule: "NET-07", file: "rules/network.ts" }));
});

test("every family in the catalogue has a home", () => {
  const families = new Set(Object.keys(RULE_CATALOGUE).filter((id) => !id.startsWith("CKV")).map(familyOf));
  expect([...families].filter((f) => !HOMES[f])).toEqual([]);
});

test("every rule is reported from its family's home", () => {
  const away = reported.filter((r) => !(HOMES[familyOf(r.rule)] ?? []).includes(r.file));
  expect(away.map((r) => `lib/${r.file}:${r.line}: ${r.rule} belongs in ${(HOMES[familyOf(r.rule)] ?? ["(no home)"]).join(" or ")}`)).toEqual([]);
});

