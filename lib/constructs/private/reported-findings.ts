/**
 * Which finding each line of a rule validation reports, per app. cdktf
 * passes validation errors and annotations on as text; the app's report
 * asks here which rule a line broke, to say how to fix it.
 */
import type { IConstruct } from "../../bindings/cdktf";
import { formatFinding, type Finding } from "../../rules/engine";

/** Per app (its root construct): the finding behind each reported line. */
const REPORTED = new WeakMap<IConstruct, Map<string, Finding>>();

/** Records the lines of `findings` as reported by a validation in the app of `scope`; returns the lines. */
export function reportFindings(scope: IConstruct, findings: readonly Finding[]): string[] {
  const root = scope.node.root;
  const reported = REPORTED.get(root) ?? new Map<string, Finding>();
  REPORTED.set(root, reported);
  return findings.map((f) => {
    const line = formatFinding(f);
    reported.set(line, f);
    return line;
  });
}

/** The finding a line reported by a rule validation in the app of `scope` stands for; undefined for other lines (skips, cdktf's own). */
export function findingOfLine(scope: IConstruct, line: string): Finding | undefined {
  return REPORTED.get(scope.node.root)?.get(line);
}
