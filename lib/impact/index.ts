/**
 * The change-impact check: what a deploy of a change does to running
 * environments, decided by the real provider offline.
 */
export { checkChangeImpact, type ImpactOptions, type ImpactReport } from "./check";
export { classifyStack, type ImpactAction, type ImpactEntry, type ImpactFinding, type StackComparison, type StackImpact, type StackProtection } from "./classify";
export { entryLine, findingLine, reportJson, reportLines } from "./format";
export { configFieldOf, consequenceOf } from "./fields";
