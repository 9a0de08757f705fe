/**
 * Values quoted in messages: a long one is cut, so that a report line stays
 * readable whatever a config file holds.
 */
import { shortenQuotedValues } from "../../lib/text/printable";
import { runCheck } from "../support";
import { checkVnetName } from "../../lib/rules/names";

describe("shortenQuotedValues", () => {
  test("a quoted value of 160 characters stays whole; one of 161 is cut to 157 and ...", () => {
    const at160 = "a".repeat(160);
    expect(shortenQuotedValues(`${JSON.stringify(at160)} is not valid`)).toBe(`"${at160}" is not valid`);
    expect(shortenQuotedValues(`${JSON.stringify(`${at160}b`)} is not valid`)).toBe(`"${"a".repeat(157)}..." is not valid`);
  });

  test("escapes count as the characters they stand for, and are never cut in half", () => {
    const value = `${"\\".repeat(200)}`;
    const out = shortenQuotedValues(`x ${JSON.stringify(value)} y`);
    expect(out).toBe(`x ${JSON.stringify(`${"\\".repeat(157)}...`)} y`);
  });

  test("several values are each shortened; text outside quotes is untouched", () => {
    const long = "n".repeat(200);
    expect(shortenQuotedValues(`${JSON.stringify(long)} and ${JSON.stringify(long)}; fix: ${"word ".repeat(30)}`)).toBe(
      `"${"n".repeat(157)}..." and "${"n".repeat(157)}..."; fix: ${"word ".repeat(30)}`,
    );
  });
});

test("a rule finding quotes a long value in 160 characters", () => {
  const run = runCheck((ctx) => checkVnetName(ctx, "network.vnet.name", `${"x".repeat(200)}!`));
  expect(run.findings.map((f) => f.message)).toEqual([expect.stringContaining(`"${"x".repeat(157)}..."`)]);
});
