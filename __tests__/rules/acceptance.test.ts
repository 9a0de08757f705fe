/**
 * ACC: accepted risks. An accepted finding becomes a warning that carries the
 * reason; an unknown rule ID, a rule that cannot be accepted (CFG-*, ACC-*,
 * and settings that contradict each other, such as NET-14)
 * and a reason shorter than a sentence are errors.
 */
import type { AksByoCniConfig } from "../../lib/config/types";
import { checkAcceptances } from "../../lib/rules/config";
import { applyAcceptances, formatFinding, MIN_REASON_LENGTH, type Acceptance } from "../../lib/rules/engine";
import { RULE_CATALOGUE } from "../../lib/rules/catalogue";
import { runCheck, vnetConfig, withField } from "../support";
import { pathsOf, reportOf, stacks } from "./helpers";

const REASON = "The network team confirmed this overlap is intended and tracks it.";
const check = (entries: Acceptance[]) => checkAcceptances(entries, RULE_CATALOGUE).map((f) => `${f.rule} ${f.path}: ${f.message}`);

describe("ACC-01: a known rule that can be accepted", () => {
  test.each([
    ["SVC-99", 'ACC-01 acceptedRisks[0].rule: unknown rule ID "SVC-99"'],
    ["svc-02", 'ACC-01 acceptedRisks[0].rule: unknown rule ID "svc-02"; did you mean SVC-02?'],
    ["", 'ACC-01 acceptedRisks[0].rule: unknown rule ID ""'],
    ["CFG-01", "ACC-01 acceptedRisks[0].rule: CFG-01 cannot be accepted"],
    ["NET-14", "ACC-01 acceptedRisks[0].rule: NET-14 cannot be accepted"],
    ["ACC-02", "ACC-01 acceptedRisks[0].rule: ACC-02 cannot be accepted"],
  ])("%j is rejected", (rule, line) => {
    expect(check([{ rule, reason: REASON }])).toEqual([line]);
  });

  test.each(["SVC-02", "RES-01", "NAME-07", "CKV_AZURE_115"])("%s is accepted", (rule) => {
    expect(check([{ rule, reason: REASON }])).toEqual([]);
  });

  test("the index names the entry", () => {
    expect(check([{ rule: "SVC-02", reason: REASON }, { rule: "NOPE-1", reason: REASON }])).toEqual(['ACC-01 acceptedRisks[1].rule: unknown rule ID "NOPE-1"']);
  });
});

describe("ACC-02: a reason of at least a sentence", () => {
  test.each([
    ["", "a reason is required"],
    ["   ", "a reason is required"],
    ["x".repeat(MIN_REASON_LENGTH - 1), "is too short"],
    [`  ${"x".repeat(MIN_REASON_LENGTH - 1)}  `, "is too short"],
  ])("%j is rejected", (reason, fragment) => {
    const lines = check([{ rule: "SVC-02", reason }]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ACC-02 acceptedRisks\[0\]\.reason: /);
    expect(lines[0]).toContain(fragment);
  });

  test(`${MIN_REASON_LENGTH} characters are accepted`, () => {
    expect(check([{ rule: "SVC-02", reason: "x".repeat(MIN_REASON_LENGTH) }])).toEqual([]);
  });
});

describe("applying acceptances", () => {
  const findingOf = (rule: string) => runCheck((ctx) => ctx.report(rule, "network.serviceCidr", "overlaps")).findings;

  test("an accepted finding becomes a warning carrying the trimmed reason", () => {
    const [f] = applyAcceptances(findingOf("SVC-02"), [{ rule: "SVC-02", reason: `  ${REASON} ` }]);
    expect(f).toMatchObject({ rule: "SVC-02", severity: "warning", acceptedBecause: REASON });
    expect(formatFinding(f!)).toBe(`network.serviceCidr: overlaps [SVC-02] (accepted: ${REASON})`);
  });

  test("an acceptance of another rule changes nothing", () => {
    expect(applyAcceptances(findingOf("SVC-02"), [{ rule: "SVC-01", reason: REASON }])).toEqual(findingOf("SVC-02"));
  });

  test("a finding of a rule that cannot be accepted stays an error", () => {
    const [f] = applyAcceptances(findingOf("NET-14"), [{ rule: "NET-14", reason: REASON }]);
    expect(f).toMatchObject({ rule: "NET-14", severity: "error" });
    expect(f!.acceptedBecause).toBeUndefined();
  });
});

describe("end to end through a config", () => {
  /** The VNet 10.224.0.0/12 around a connected network: NET-12 only. */
  const overlapping = (): AksByoCniConfig => withField(vnetConfig(), "network.connectedNetworks", ["10.225.0.0/16"]);
  const accept = (config: AksByoCniConfig, rule: string, reason = REASON) => withField(config, "acceptedRisks", [{ rule, reason }]);
  const report = stacks({
    plain: () => reportOf(overlapping()),
    accepted: () => reportOf(accept(overlapping(), "NET-12")),
    unknownRule: () => reportOf(accept(overlapping(), "NET-99")),
    shortReason: () => reportOf(accept(overlapping(), "NET-12", "because")),
    config: () => reportOf(accept(withField(vnetConfig(), "network.existingSubnetId", "/subscriptions/x"), "NET-14")),
  });
  const NET12 =
    "network.vnet.addressSpace[0]: VNet address space 10.224.0.0/12 overlaps connected network 10.225.0.0/16 (network.connectedNetworks[0]); Azure refuses to peer VNets whose address spaces overlap, and traffic to the overlapping addresses stays in this VNet [NET-12]";

  test("without an acceptance NET-12 is an error", () => {
    expect(report("plain").errors).toEqual([NET12]);
  });

  test("with one it is a warning that carries the reason, and the synth passes", () => {
    expect(report("accepted").errors).toEqual([]);
    expect(report("accepted").warnings).toContain(`${NET12} (accepted: ${REASON})`);
  });

  test("ACC-01: an unknown rule ID is an error, and accepts nothing", () => {
    expect(pathsOf(report("unknownRule").errors, "ACC-01")).toEqual(["acceptedRisks[0].rule"]);
    expect(report("unknownRule").errors).toContain(NET12);
  });

  test("ACC-02: a one-word reason is an error", () => {
    expect(pathsOf(report("shortReason").errors, "ACC-02")).toEqual(["acceptedRisks[0].reason"]);
  });

  test("a rule that cannot be accepted (NET-14): ACC-01, and its finding stays an error", () => {
    expect(pathsOf(report("config").errors, "ACC-01")).toEqual(["acceptedRisks[0].rule"]);
    expect(pathsOf(report("config").errors, "NET-14")).toEqual(["network.existingSubnetId"]);
    expect(pathsOf(report("config").warnings, "NET-14")).toEqual([]);
  });
});
