/**
 * Every rule of the catalogue has a title, a source and a test under
 * __tests__/rules (config-shape rules, CFG-*, are tested with the loader).
 */
import * as fs from "fs";
import * as path from "path";
import { NETWORK_RULE_CATALOGUE } from "../../lib/rules/catalogue";

const here = __dirname;
const texts = fs
  .readdirSync(here)
  .filter((f) => f.endsWith(".test.ts") && f !== path.basename(__filename))
  .map((f) => fs.readFileSync(path.join(here, f), "utf8"));
const ids = Object.keys(NETWORK_RULE_CATALOGUE);

test("the catalogue is not empty and its keys are the rule IDs", () => {
  expect(ids.length).toBeGreaterThan(50);
  for (const [id, def] of Object.entries(NETWORK_RULE_CATALOGUE)) expect(def.id).toBe(id);
});

test.each(ids)("%s has a title and a source", (id) => {
  const def = NETWORK_RULE_CATALOGUE[id]!;
  expect(def.title.trim()).not.toBe("");
  expect(def.source.trim()).not.toBe("");
});

test.each(ids.filter((id) => !id.startsWith("CFG-")))("%s appears in a rule test", (id) => {
  // Whole IDs only: NAME-1 must not be found inside NAME-10.
  const pattern = new RegExp(`(?<![A-Z0-9-])${id}(?![0-9])`);
  expect(texts.some((t) => pattern.test(t))).toBe(true);
});
