/**
 * TAG: Azure's tag limits, on the tags of every resource the config tags.
 */
import { checkTags, MAX_TAGS } from "../../lib/rules/tags";
import { runCheck, seedConfig, withField } from "../support";
import { hits, messageOf, pathsOf, reportOf, stacks } from "./helpers";

const a = (n: number, c = "a") => c.repeat(n);
const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`tag${i}`, "x"]));
const tagRun = (tags: Record<string, string>, added: string[] = []) => runCheck((ctx) => checkTags(ctx, tags, added));

describe("TAG-01: at most 50 tags per resource", () => {
  test("51 tags are rejected; 50 are accepted", () => {
    expect(hits(tagRun(many(MAX_TAGS + 1)), "TAG-01")).toEqual(["error tags"]);
    expect(tagRun(many(MAX_TAGS)).findings).toEqual([]);
  });

  test("the tags this project adds count too, and the message says so", () => {
    const run = tagRun(many(MAX_TAGS), ["managed-by"]);
    expect(messageOf(run, "TAG-01")).toBe("51 tags (50 given, 1 added by this project); Azure allows at most 50 per resource");
    expect(tagRun(many(MAX_TAGS - 1), ["managed-by"]).findings).toEqual([]);
  });
});

describe("TAG-02 and TAG-03: lengths", () => {
  test.each([
    ["TAG-02", { [a(513)]: "v" }, `tags.${a(513)}`],
    ["TAG-02", { "": "v" }, "tags."],
    ["TAG-03", { owner: a(257) }, "tags.owner"],
  ])("%s rejects %#", (rule, tags, path) => {
    expect(hits(tagRun(tags), rule)).toEqual([`error ${path}`]);
  });

  test("a 512-character name and a 256-character value are accepted; an empty value too", () => {
    expect(tagRun({ [a(512)]: a(256), empty: "" }).findings).toEqual([]);
  });
});

describe("TAG-04: characters Azure refuses in tag names", () => {
  test.each(["a<b", "a>b", "100%", "R&D", "a\\b", "why?", "team/platform"])("%j is rejected", (name) => {
    expect(hits(tagRun({ [name]: "v" }), "TAG-04")).toEqual([`error tags.${name}`]);
  });

  test("the message names the characters found", () => {
    expect(messageOf(tagRun({ "a/b?c/": "v" }), "TAG-04")).toBe('the tag name contains "/", "?", which Azure does not allow in tag names (< > % & \\ ? /)');
  });

  test.each(["cost-center", "cost_center", "cost.center", "Cost Center", "env:prod", "owner@team", "a+b=c"])("%j is accepted", (name) => {
    expect(tagRun({ [name]: "<>%&\\?/ values may hold anything" }).findings).toEqual([]);
  });
});

describe("TAG-05: names are unique ignoring case", () => {
  test("Environment and environment are the same tag", () => {
    expect(hits(tagRun({ Environment: "prod", environment: "dev" }), "TAG-05")).toEqual(["error tags.environment"]);
  });

  test("distinct names are accepted", () => {
    expect(tagRun({ environment: "prod", environments: "dev" }).findings).toEqual([]);
  });
});

describe("end to end through a config", () => {
  const report = stacks({
    bad: () => reportOf(withField(seedConfig(), "tags", { ...many(50), "team/platform": "x", owner: a(257) })),
    edge: () => reportOf(withField(seedConfig(), "tags", { ...many(49), [a(512)]: a(256) })),
  });

  test.each([
    ["TAG-01", "tags"],
    ["TAG-03", "tags.owner"],
    ["TAG-04", "tags.team/platform"],
  ])("%s is reported once at %s, though every resource carries the tags", (rule, path) => {
    expect(pathsOf(report("bad").errors, rule)).toEqual([path]);
  });

  test("50 tags at the longest name and value: no TAG error", () => {
    expect(report("edge").errors.filter((e) => /\[TAG-/.test(e))).toEqual([]);
  });
});
