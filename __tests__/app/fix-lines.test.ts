/**
 * Every rule says how to fix it and where it is documented: the report's
 * lines carry the rule and its fix (`collectProblems`), and after the
 * problem lines of a run one fix line per rule that fired names the fix and
 * the rule's anchor in docs/rules.md (`fixLines`, `runApp`).
 */
import { runApp } from "../../lib/app/run";
import { fixLines, formatLine, type ReportLine } from "../../lib/app/synth";
import { RULE_CATALOGUE } from "../../lib/rules/catalogue";
import { dump as stringify } from "js-yaml";
import { configDirWith, problemsOf, seedConfig, shippedConfig, tempDir, vnetConfig, withField } from "../support";

const fixOf = (id: string) => RULE_CATALOGUE[id]!.fix;
const yaml = (config: unknown) => stringify(config);

/** The rule a finding's line names at its end (`[RULE]`, `[RULE / ALIAS]`), if it is a finding's line that was not accepted. */
const RULE_AT_END = / \[([A-Z][A-Z0-9_]*(?:-\d+)?)(?: \/ [^\]]+)?\]$/;

describe("collectProblems: a finding's line carries its rule and fix", () => {
  test("an error and a warning carry the catalogue's fix", () => {
    const lines = problemsOf({ dev: withField(seedConfig(), "network.podCidr", "169.254.0.0/16") });
    expect(lines.find((l) => l.message.endsWith("[RES-02]"))).toMatchObject({ level: "error", rule: "RES-02", fix: fixOf("RES-02") });
    expect(lines.find((l) => l.message.endsWith("[NP-05]"))).toMatchObject({ level: "warning", rule: "NP-05", fix: fixOf("NP-05") });
  });

  test("a policy rule's line carries the fix its line gives, the situation's own where it has one", () => {
    // Standard_B2ms holds no ephemeral OS disk: CKV_AZURE_226 advises another VM size, not its general fix.
    const line = problemsOf({ dev: seedConfig() }).find((l) => l.rule === "CKV_AZURE_226")!;
    expect(line.message).toContain(` Fix: ${line.fix} [CKV_AZURE_226]`);
    expect(line.fix).not.toBe(fixOf("CKV_AZURE_226"));
    const general = problemsOf({ dev: withField(seedConfig(), "cluster.skuTier", "Free") }).find((l) => l.rule === "CKV_AZURE_170")!;
    expect(general.fix).toBe(fixOf("CKV_AZURE_170"));
    expect(general.message).toContain(` Fix: ${fixOf("CKV_AZURE_170")} [CKV_AZURE_170]`);
  });

  test("an accepted finding names its rule but needs no fix; skips and other lines name none", () => {
    const accepted = withField(seedConfig(), "acceptedRisks[1]", { rule: "NP-05", reason: "The template's burstable system pool, for a throwaway cluster." });
    const lines = problemsOf({ dev: withField(accepted, "network.podCidr", "${var.pod_cidr}") });
    const np05 = lines.find((l) => l.message.includes("[NP-05] (accepted: "))!;
    expect(np05).toMatchObject({ level: "warning", rule: "NP-05" });
    expect(np05.fix).toBeUndefined();
    const skipped = lines.filter((l) => / skipped\]$/.test(l.message));
    expect(skipped.length).toBeGreaterThan(0);
    for (const l of skipped) expect(l.rule).toBeUndefined();
    expect(lines.find((l) => l.message.startsWith("backend: not set"))?.rule).toBeUndefined();
  });

  test.each([
    ["the seed", seedConfig()],
    ["a VNet of its own", vnetConfig()],
    ["config/prod.yaml on the Free tier", withField(shippedConfig("config/prod.yaml"), "cluster.skuTier", "Free")],
    ["broken ranges", withField(withField(vnetConfig(), "network.dnsServiceIp", "10.0.0.1"), "network.serviceCidr", "172.30.0.0/16")],
    ["a malformed accepted risk", withField(seedConfig(), "acceptedRisks[1]", { rule: "NET-99", reason: "short" })],
  ])("%s: every finding's line carries the rule its text names, with that rule's fix", (_, config) => {
    const lines = problemsOf({ env: config });
    const findings = lines.filter((l) => RULE_AT_END.test(l.message));
    expect(findings.length).toBeGreaterThan(0);
    for (const l of findings) {
      const id = RULE_AT_END.exec(l.message)![1]!;
      expect({ message: l.message, rule: l.rule, hasFix: typeof l.fix === "string" && l.fix.length > 0 }).toEqual({ message: l.message, rule: id, hasFix: true });
    }
  });
});

describe("fixLines", () => {
  const line = (level: ReportLine["level"], rule: string | undefined, fix?: string): ReportLine => ({
    level,
    stack: "prod",
    message: `some.path: what is wrong [${rule ?? "X"}]`,
    ...(rule === undefined ? {} : { rule }),
    ...(fix === undefined ? {} : { fix }),
  });

  test("one line per rule that fired, in the order first seen, with the fix and the rule's anchor", () => {
    const out = fixLines([
      line("error", "RES-01", fixOf("RES-01")),
      line("error", "SVC-05", fixOf("SVC-05")),
      line("error", "RES-01", fixOf("RES-01")),
      line("warning", "NP-05", fixOf("NP-05")),
    ]);
    expect(out.map(formatLine)).toEqual([
      "synth: fix RES-01: choose a network.serviceCidr outside 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24 (docs/rules.md#res-01)",
      `synth: fix SVC-05: ${fixOf("SVC-05")} (docs/rules.md#svc-05)`,
      `synth: fix NP-05: ${fixOf("NP-05")} (docs/rules.md#np-05)`,
    ]);
    expect(out.map((l) => [l.level, l.rule, l.explains])).toEqual([
      ["fix", "RES-01", "error"],
      ["fix", "SVC-05", "error"],
      ["fix", "NP-05", "warning"],
    ]);
  });

  test("a rule is explained with the level of its first line", () => {
    expect(fixLines([line("warning", "NP-05", fixOf("NP-05")), line("error", "NP-05", fixOf("NP-05"))]).map((l) => l.explains)).toEqual(["warning"]);
  });

  test("notes, accepted findings (no fix) and lines of no rule get no fix line", () => {
    expect(fixLines([line("note", "RES-01", fixOf("RES-01")), line("warning", "NP-05"), line("warning", undefined), line("error", undefined)])).toEqual([]);
  });

  test("a policy rule, whose line ends with its fix, gets the link to its row", () => {
    expect(fixLines([line("warning", "CKV_AZURE_6", "set cluster.apiServer.authorizedIpRanges")]).map(formatLine)).toEqual([
      'synth: fix CKV_AZURE_6: see "Fix:" on its line (docs/rules.md#ckv_azure_6)',
    ]);
  });
});

test("runApp prints the fix lines after the problem lines and before the summary", () => {
  const dir = configDirWith({ "bad.yaml": yaml(withField(withField(seedConfig(), "network.podCidr", "172.16.0.0/12"), "cluster.skuTier", "Free")) });
  const lines: ReportLine[] = [];
  expect(runApp({ configDir: dir, outdir: tempDir("aks-fix-lines-"), print: (l) => lines.push(l) })).toBe(1);
  const kinds = lines.map((l) => (l.level === "fix" ? "fix" : l.stack === "synth" ? "summary" : "problem"));
  expect(kinds.lastIndexOf("problem")).toBeLessThan(kinds.indexOf("fix"));
  expect(kinds[kinds.length - 1]).toBe("summary");
  const fixed = lines.filter((l) => l.level === "fix").map((l) => l.rule);
  expect(fixed).toEqual([...new Set(lines.filter((l) => l.level !== "fix" && l.fix !== undefined).map((l) => l.rule))]);
  expect(fixed).toEqual(expect.arrayContaining(["RES-02", "NP-05", "CKV_AZURE_170"]));
});

test("a config the loader refuses gets fix lines too", () => {
  const dir = configDirWith({ "bad.yaml": yaml({ ...seedConfig(), colour: "blue" }) });
  const lines: string[] = [];
  expect(runApp({ configDir: dir, outdir: tempDir("aks-fix-lines-"), print: (l) => lines.push(formatLine(l)) })).toBe(1);
  expect(lines).toEqual([expect.stringMatching(/^bad: colour: unknown key.* \[CFG-02\]$/), `synth: fix CFG-02: ${fixOf("CFG-02")} (docs/rules.md#cfg-02)`]);
});
