/**
 * Where each rule family is checked: the file that reports its findings.
 * docs/rules.md is generated from this table (__tests__/rules-doc.test.ts),
 * and __tests__/rules/homes.test.ts holds the code to it.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const LIB = path.join(__dirname, "..", "..", "lib");

/** The home of each family, relative to lib/. */
export const HOMES: Readonly<Record<string, readonly string[]>> = {
  FMT: ["rules/format.ts"],
  RES: ["rules/reserved.ts"],
  SVC: ["rules/service.ts"],
  DNS: ["rules/dns.ts"],
  POD: ["rules/pod.ts"],
  NET: ["rules/network.ts"],
  OUT: ["rules/outbound.ts"],
  BYO: ["rules/byocni.ts"],
  NAME: ["rules/names.ts"],
  NP: ["rules/nodepools.ts"],
  ASP: ["rules/autoscaler.ts"],
  LBL: ["rules/labels.ts"],
  LOC: ["rules/location.ts"],
  RA: ["rules/role-assignment.ts"],
  KID: ["rules/kubelet-identity.ts"],
  API: ["rules/apiserver.ts"],
  UPG: ["rules/upgrade.ts"],
  MW: ["rules/maintenance.ts"],
  LOG: ["rules/logs.ts"],
  DEF: ["rules/defender.ts"],
  IMG: ["rules/image-cleaner.ts"],
  CNI: ["rules/cni.ts"],
  TAG: ["rules/tags.ts"],
  DAY: ["rules/day2.ts"],
  // The policy pack's own rules, where checkov has no check.
  SEC: ["rules/policy.ts"],
  // The shape of a config file is checked by the loader, before anything is resolved; a CNI stack name by the app.
  CFG: ["rules/config.ts", "config/schema.ts", "config/load.ts", "config/expressions.ts", "app/run.ts"],
  ACC: ["rules/config.ts"],
  // The change-impact check's findings: not synth rules, they compare two synthesized outputs (docs/day-2.md).
  IMP: ["impact/check.ts", "impact/classify.ts"],
};

const RULE_ID = /^[A-Z]+-\d+$/;

/** Every `report("RULE", ...)` and `rule: "RULE"` in lib/, with its file (relative to lib/). */
export function reportedRules(): { rule: string; file: string; line: number }[] {
  const out: { rule: string; file: string; line: number }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) scan(p);
    }
  };
  const scan = (file: string) => {
    const rel = path.relative(LIB, file).split(path.sep).join("/");
    // lib/net decides which overlap breaks which rule and which syntax error is which; the rules report them.
    if (rel.startsWith("net/")) return;
    const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const add = (n: ts.Node) => {
      if (ts.isStringLiteral(n) && RULE_ID.test(n.text)) out.push({ rule: n.text, file: rel, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1 });
    };
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const callee = n.expression;
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
        if (name === "report" && n.arguments[0]) add(n.arguments[0]);
        if (name === "errorLine" && n.arguments[1]) add(n.arguments[1]);
      }
      if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === "rule") add(n.initializer);
      ts.forEachChild(n, visit);
    };
    visit(sf);
  };
  walk(LIB);
  return out;
}

/** The family of a rule ID: `NET-14` -> `NET`. */
export const familyOf = (rule: string): string => rule.replace(/-\d+$/, "");
