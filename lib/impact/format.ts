/**
 * The change-impact report as lines (for a terminal or a pull-request
 * comment) and as JSON (one object per changed resource).
 */
import type { ImpactEntry, ImpactFinding } from "./classify";
import type { ImpactReport } from "./check";

/** One line per changed resource: `<stack>: <action> <resource> <address>[: <fields>]`. */
export function entryLine(e: ImpactEntry): string {
  const what = e.resource ? `${e.resource} (${e.address})` : e.address;
  const order = e.action === "replace" ? (e.createFirst ? ", new one first" : ", old one deleted first") : "";
  const why = e.fields.length > 0 ? e.fields.join(", ") : e.because.join(", ");
  const status = e.protected ? (e.accepted ? " [accepted]" : " [PROTECTED]") : "";
  return `${e.stack}: ${e.action} ${what}${order}${why ? `: ${why}` : ""}${status}`;
}

/** One line per finding: `<stack>: <level>: <field>: <message> [ID]`. */
export function findingLine(f: ImpactFinding): string {
  return `${f.stack}: ${f.level}: ${f.field ? `${f.field}: ` : ""}${f.message} [${f.rule}]`;
}

/** The whole report as lines: findings first (errors, warnings, notes), then every change, then a summary. */
export function reportLines(report: ImpactReport): string[] {
  const order = { error: 0, warning: 1, note: 2 } as const;
  const findings = [...report.findings].sort((a, b) => order[a.level] - order[b.level]);
  const counts = (action: string) => report.entries.filter((e) => e.action === action).length;
  const errors = report.findings.filter((f) => f.level === "error").length;
  const summary = `impact: ${counts("replace")} to replace, ${counts("destroy")} to destroy, ${counts("update")} to update, ${counts("create")} to create; ${errors} error${errors === 1 ? "" : "s"}`;
  return [...findings.map(findingLine), ...report.entries.map(entryLine), summary];
}

/** The entries as the JSON array `--json` prints. */
export function reportJson(report: ImpactReport): string {
  return JSON.stringify(
    report.entries.map((e) => ({
      stack: e.stack,
      address: e.address,
      action: e.action,
      because: e.because,
      fields: e.fields,
      resource: e.resource,
      protected: e.protected,
      accepted: e.accepted,
      createFirst: e.createFirst,
      consequence: e.consequence,
    })),
    null,
    2,
  );
}
