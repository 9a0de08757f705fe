/**
 * The corpus (corpus/): published AKS definitions translated into configs,
 * each with the verdict Azure and the azurerm provider would give. Every case
 * goes through the app as users run it (the config loader, every rule, the
 * policy pack, synth into a directory), one case at a time; the verdict, the
 * rules that refuse it and the network rules that warn must be the ones its
 * header states. The accepted ones are also planned by `npm run
 * validate:terraform` (scripts/validate-terraform.js, group `corpus`).
 */
import * as fs from "fs";
import * as path from "path";
import { runApp } from "../lib/app/run";
import type { ReportLine } from "../lib/app/synth";
import { POLICY_RULE_CATALOGUE } from "../lib/rules/policy";
import { tempDir } from "./support";

const CORPUS = path.join(__dirname, "..", "corpus");
const VERDICTS = ["accepted", "refused"] as const;
type Verdict = (typeof VERDICTS)[number];

/** The header keys every case states, in this order. */
const KEYS = ["Source", "Publisher", "Definition", "Changed to fit", "Not expressible", "Expect", "Why"] as const;

interface Case {
  readonly name: string;
  readonly file: string;
  readonly verdict: Verdict;
  readonly header: Readonly<Record<string, string>>;
}

/** `# Key: value` lines of the leading comment block. */
function headerOf(text: string): Record<string, string> {
  const header: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (!line.startsWith("#")) break;
    const m = /^# ([A-Z][A-Za-z ]+): (.+)$/.exec(line);
    if (m) header[m[1]!] = m[2]!.trim();
  }
  return header;
}

const CASES: Case[] = VERDICTS.flatMap((verdict) =>
  fs
    .readdirSync(path.join(CORPUS, verdict))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => {
      const file = path.join(CORPUS, verdict, f);
      return { name: f.replace(/\.yaml$/, ""), file, verdict, header: headerOf(fs.readFileSync(file, "utf8")) };
    }),
);

/** A comma-separated list of rule IDs, or `none`. */
const ruleList = (text: string | undefined) => (text === undefined || text === "none" ? [] : text.split(/,\s*/).sort());
/** The setting keys a case cannot express: the part before any parenthesis, per `;`-separated item. */
const missingSettings = (c: Case) => (c.header["Not expressible"] === "none" ? [] : c.header["Not expressible"]!.split(/;\s*/).map((s) => s.replace(/\s*\(.*$/, "").trim()));

/** The rule ID of a report line: its last bracket, `[RULE]` or `[RULE / ALIAS]`. */
const ruleOf = (l: ReportLine) => [...l.message.matchAll(/\[([A-Z][A-Z0-9_]*(?:-\d+)?)(?:\]| \/)/g)].pop()?.[1];
const isPolicy = (rule: string) => rule in POLICY_RULE_CATALOGUE;

/** Runs the app on one case alone, into a fresh output directory. */
function run(c: Case): { code: number; lines: ReportLine[]; outdir: string } {
  const configDir = tempDir("corpus-config-");
  fs.copyFileSync(c.file, path.join(configDir, path.basename(c.file)));
  const outdir = tempDir("corpus-out-");
  const lines: ReportLine[] = [];
  const code = runApp({ configDir, outdir, verbose: false, print: (l) => lines.push(l) });
  fs.rmSync(configDir, { recursive: true, force: true });
  return { code, lines, outdir };
}

test("the corpus has at least 15 cases from at least 6 publishers, accepted and refused ones", () => {
  expect(CASES.length).toBeGreaterThanOrEqual(15);
  expect(new Set(CASES.map((c) => c.header.Publisher!.replace(/\s*\(.*$/, ""))).size).toBeGreaterThanOrEqual(6);
  expect(CASES.filter((c) => c.verdict === "refused").length).toBeGreaterThan(0);
});

describe.each(CASES.map((c) => [`${c.verdict}/${c.name}`, c] as const))("%s", (_label, c) => {
  test("states its source, publisher, changes, what it cannot express, verdict and reason", () => {
    for (const key of KEYS) expect(c.header[key]).toMatch(/\S/);
    expect(c.header.Source).toMatch(/^https:\/\/github\.com\/\S+\/(blob\/[0-9a-f]{40}|blob\/v\d[\w.]*|issues\/\d+)\b/);
    expect(c.header.Expect).toBe(c.verdict);
    expect(c.header[c.verdict === "refused" ? "Errors" : "Warnings"]).toBeDefined();
  });

  test("the app decides as stated", () => {
    const { code, lines, outdir } = run(c);
    try {
      const rules = (level: ReportLine["level"]) => [...new Set(lines.filter((l) => l.level === level).map(ruleOf))].filter((r): r is string => r !== undefined).sort();
      const stacks = path.join(outdir, "stacks");
      if (c.verdict === "accepted") {
        expect(rules("error")).toEqual([]);
        expect(code).toBe(0);
        expect(fs.existsSync(path.join(stacks, c.name, "cdk.tf.json"))).toBe(true);
      } else {
        expect(rules("error")).toEqual(ruleList(c.header.Errors));
        expect(code).toBe(1);
        expect(fs.existsSync(stacks)).toBe(false);
      }
      // The network, naming and config rules that warn (policy recommendations are listed by the policy pack's own tests).
      const warned = rules("warning").filter((r) => !isPolicy(r));
      if (c.header.Warnings !== undefined) expect(warned).toEqual(ruleList(c.header.Warnings));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("corpus/README.md", () => {
  const readme = fs.readFileSync(path.join(CORPUS, "README.md"), "utf8");

  test("lists every case with its verdict", () => {
    for (const c of CASES) expect(readme).toMatch(new RegExp(`\\| \\[${c.name}\\]\\(${c.verdict}/${c.name}\\.yaml\\) \\| ${c.verdict}`));
  });

  test("ranks every setting a case cannot express by how many cases need it", () => {
    const counts = new Map<string, number>();
    for (const c of CASES) for (const s of missingSettings(c)) counts.set(s, (counts.get(s) ?? 0) + 1);
    const rows = [...readme.matchAll(/^\| \d+ \| `([a-z0-9-]+)` \| (\d+) \|/gm)].map((m) => [m[1]!, Number(m[2])] as const);
    expect(new Map(rows)).toEqual(counts);
    // Ranked: most needed first.
    expect(rows.map(([, n]) => n)).toEqual([...rows.map(([, n]) => n)].sort((a, b) => b - a));
  });
});
