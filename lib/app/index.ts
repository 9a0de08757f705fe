/**
 * The app: reads a directory of config files and synthesizes one stack per
 * environment, validating everything before writing anything. What
 * `main.ts` runs; exported for apps that wrap it.
 * @packageDocumentation
 */
export { runApp, CNI_STACK_SUFFIX, type RunOptions } from "./run";
export { synthesizeSafely, collectProblems, formatLine, fixLines, type Level, type ReportLine, type SynthOutcome } from "./synth";
export { loadConfigDir, loadConfigFile, type Environment, type LoadProblem, type LoadResult } from "../config/load";
