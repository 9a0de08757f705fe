/**
 * Construct ids made from config strings (pool, subnet and outbound IP
 * names). The id keys the Terraform address, so it follows the name; but
 * names can make equal ids in ways no rule refuses (outbound IPs named
 * `egress`, `egress` and `egress-1`; pool subnets `a` and `a-nsg`), and a
 * second child with one id is an exception that hides every finding.
 */
import type { IConstruct } from "../../bindings/cdktf";

/**
 * `id` when no child of `scope` has it, so that every config that builds
 * today keeps its addresses; else the first of `id-2`, `id-3`, ... that is
 * free.
 */
export function freeChildId(scope: IConstruct, id: string): string {
  if (scope.node.tryFindChild(id) === undefined) return id;
  for (let n = 2; ; n++) {
    const candidate = `${id}-${n}`;
    if (scope.node.tryFindChild(candidate) === undefined) return candidate;
  }
}
