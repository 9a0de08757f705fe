/**
 * The docs keep to what was measured and to what exists: the README is a
 * front page, every figure of docs/performance.md is the benchmark's, no
 * other page states a timing or a size of memory, and every relative link
 * leads to a file (and heading or anchor) of the repository.
 */
import * as fs from "fs";
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { performanceDoc } = require("../bench/lib/doc") as { performanceDoc: (results: unknown) => string };

const ROOT = path.join(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const PAGES = ["README.md", "CONTRIBUTING.md", ...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

test("the README is a front page: at most 250 lines", () => {
  expect(read("README.md").split("\n").length).toBeLessThanOrEqual(250);
});

test("docs/performance.md is what the committed benchmark results render to (node bench/doc.js)", () => {
  expect(read("docs/performance.md")).toBe(performanceDoc(JSON.parse(read("bench/results.json"))));
});

/** Durations and memory, the figures only the benchmark may state; disk sizes are rule facts, and tested. */
const MEASURE = /\b\d+(?:[.,]\d+)?\s?(?:ms|s|sec|seconds?|minutes?|min|MB|MiB|KB|KiB)\b/g;
/** Figures that are settings, not measurements, and where they are set. */
const SETTINGS: readonly { page: string; text: string; setIn: string }[] = [{ page: "docs/gitops.md", text: "90 minutes", setIn: ".github/workflows/deploy-environment.yml" }];

/** A page's text without code blocks or code spans (commands, program output and setting values quote what they quote). */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");

test("no page but docs/performance.md states a timing or a memory size", () => {
  const found = PAGES.filter((p) => p !== "docs/performance.md").flatMap((p) =>
    [...prose(read(p)).matchAll(MEASURE)].map((m) => ({ page: p, text: m[0] })).filter((f) => !SETTINGS.some((s) => s.page === f.page && s.text === f.text)),
  );
  expect(found).toEqual([]);
});

test("the settings quoted as figures are the ones set", () => {
  expect(read(".github/workflows/deploy-environment.yml")).toMatch(/timeout-minutes: 90\b/);
});

test("the timing check finds a timing", () => {
  expect(prose("Took 18-55 s.\n```\nnot this 3 s\n```\n").match(MEASURE)).toEqual(["55 s"]);
});

/** GitHub's anchor of a heading. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, "")
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .replace(/\s/g, "-");

test("every relative link leads to a file of the repository, and an anchor to a heading or anchor of it", () => {
  const broken: string[] = [];
  for (const page of PAGES) {
    for (const m of prose(read(page)).matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/.test(target)) continue;
      const [file, anchor] = target.split("#");
      const resolved = file ? path.join(path.dirname(path.join(ROOT, page)), file) : path.join(ROOT, page);
      if (!fs.existsSync(resolved)) {
        broken.push(`${page}: ${target}`);
        continue;
      }
      if (anchor && resolved.endsWith(".md")) {
        const text = fs.readFileSync(resolved, "utf8");
        // A heading's anchor, or one written as <a id="..."> (docs/rules.md gives each rule's row one).
        const anchors = [...[...text.matchAll(/^#+ (.+)$/gm)].map((h) => slug(h[1]!)), ...[...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((a) => a[1]!)];
        if (!anchors.includes(anchor)) broken.push(`${page}: ${target} (no such heading or anchor)`);
      }
    }
  }
  expect(broken).toEqual([]);
});
