/**
 * Every rule of the catalogue has a title, a source, a fix, and an example in
 * RULE_EXAMPLES that the rule rejects and, one step away, accepts: the rule
 * is reported at the stated path with the stated severity on the rejected
 * input, and not at that path on the accepted one. A rule added without an
 * example, or an example of a rule that no longer exists, fails here.
 */
import { POLICY_RULE_CATALOGUE } from "../../lib/rules/policy";
import { RULE_CATALOGUE } from "../../lib/rules/catalogue";
import { outcomeOf, RULE_EXAMPLES, type AcceptCase, type Outcome, type RejectCase } from "./examples";

const ids = Object.keys(RULE_CATALOGUE);

/** Where and how `rule` was reported. */
const reportsOf = (outcome: Outcome, rule: string) => outcome.reported.filter((r) => r.rule === rule).map(({ path, severity }) => ({ path, severity }));

const outcome = (c: RejectCase | AcceptCase) => outcomeOf(c.input);

function expectRejected(id: string, c: RejectCase): void {
  const reports = reportsOf(outcome(c), id);
  // On failure the message lists where the rule was reported instead.
  expect(reports).toContainEqual({ path: c.path, severity: c.severity });
  // And with one severity only.
  expect(reports.filter((r) => r.path === c.path)).toEqual([{ path: c.path, severity: c.severity }]);
}

test("the catalogue is not empty and its keys are the rule IDs", () => {
  expect(ids.length).toBeGreaterThan(50);
  for (const [id, def] of Object.entries(RULE_CATALOGUE)) expect(def.id).toBe(id);
});

test.each(ids)("%s has a title, a source, and a reason for its severity that matches it", (id) => {
  const def = RULE_CATALOGUE[id]!;
  expect(def.title.trim()).not.toBe("");
  expect(def.source.trim()).not.toBe("");
  // An error names what refuses a violation (or the config's own contract); a warning says Azure tolerates it.
  const basis = id in POLICY_RULE_CATALOGUE
    ? { error: /^(policy|not applicable)\b/, warning: /^recommendation\b/ }
    : { error: /^(refused: \S.{20,}|the config)/, warning: /^tolerated\b.{20,}/ };
  expect(def.why).toMatch(basis[def.severity]);
});

test.each(ids)("%s says how to fix it: one short imperative line", (id) => {
  const fix: unknown = RULE_CATALOGUE[id]!.fix;
  expect(typeof fix).toBe("string");
  const text = fix as string;
  expect(text.trim()).not.toBe("");
  // It follows "fix <ID>: " in the app's report: a verb in lower case, one line, no closing full stop.
  expect(text).toMatch(/^[a-z]/);
  expect(text).not.toMatch(/[\n\r]|\.$/);
  expect(text.length).toBeLessThanOrEqual(200);
  // Not the rule restated: the fix says what to do, the title what is required.
  expect(text.toLowerCase()).not.toBe(RULE_CATALOGUE[id]!.title.toLowerCase());
});

test("every rule has an example, and every example is of a rule", () => {
  expect(ids.filter((id) => !(id in RULE_EXAMPLES))).toEqual([]);
  expect(Object.keys(RULE_EXAMPLES).filter((id) => !(id in RULE_CATALOGUE))).toEqual([]);
});

describe.each(ids)("%s", (id) => {
  const example = RULE_EXAMPLES[id];

  test(`rejects ${example?.reject.what ?? "(no example)"}`, () => {
    expect(example).toBeDefined();
    expectRejected(id, example!.reject);
  });

  if (example?.band) {
    test(`warns on ${example.band.what}`, () => expectRejected(id, example.band!));
  }

  test(`accepts ${example?.accept.what ?? "(no example)"}`, () => {
    expect(example).toBeDefined();
    const c: AcceptCase = example!.accept;
    expect(reportsOf(outcome(c), id).filter((r) => r.path === c.path)).toEqual([]);
    // At the edge nothing else may break either: a valid neighbour, not a different failure.
    expect(outcome(c).errors).toEqual([]);
  });
});
