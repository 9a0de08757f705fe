/**
 * Risks accepted knowingly, per construct: `acceptedRisks` of a config
 * file or of a construct's props.
 */
import type { IConstruct } from "../bindings/cdktf";
import { RULE_CATALOGUE } from "../rules/catalogue";
import { checkAcceptances } from "../rules/config";
import type { Acceptance, Finding } from "../rules/engine";
import { reportFindings } from "./private/reported-findings";

const ACCEPTED = Symbol.for("aks-byocni.acceptedRisks");

interface WithAcceptances {
  [ACCEPTED]?: Acceptance[];
}

/**
 * Risks accepted on a construct apply to it and everything below it, so an
 * acceptance on a stack covers all its constructs.
 */
export class AcceptedRisks {
  /**
   * Accepts rules on `scope`. Each entry is checked (known rule ID, a reason
   * of a sentence); a bad entry is a validation error on `scope`, reported at
   * `pathPrefix[i]`.
   */
  static add(scope: IConstruct, entries: readonly Acceptance[], pathPrefix = "acceptedRisks"): void {
    if (entries.length === 0) return;
    const holder = scope as unknown as WithAcceptances;
    const list = (holder[ACCEPTED] ??= []);
    const offset = list.length;
    list.push(...entries);
    const problems = checkAcceptances(entries, RULE_CATALOGUE, pathPrefix);
    if (problems.length > 0) {
      const where = (f: Finding) => ({ ...f, path: f.path.replace(/\[(\d+)\]/, (_m, i: string) => `[${Number(i) + offset}]`) });
      scope.node.addValidation({ validate: () => reportFindings(scope, offset ? problems.map(where) : problems) });
    }
  }

  /** The acceptances in force at `scope`: its own and its ancestors'. */
  static of(scope: IConstruct): Acceptance[] {
    return scope.node.scopes.flatMap((s) => (s as unknown as WithAcceptances)[ACCEPTED] ?? []);
  }
}
