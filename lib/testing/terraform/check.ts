/**
 * Credential-free checks of synthesized stacks by the real Terraform providers
 * (the provider check of `npm run validate:terraform`).
 *
 * `tofu validate` runs each provider's schema and validation code on every
 * resource; a plan under `tofu test` with mock providers then evaluates the
 * whole graph (references, `depends_on`, pre- and postconditions, outputs)
 * without Azure. azurerm parses the IDs it receives, so the mocks give every
 * resource and data source type an ID of its real ARM shape.
 *
 * Works with OpenTofu (1.8 or later) and Terraform (1.7 or later): both
 * understand `mock_provider`, `override_data` and `override_resource`.
 * OpenTofu proves more: its mock providers still run the real provider's
 * validation on the planned (mocked) values, so an ID of the wrong kind in a
 * reference fails the plan; Terraform's mocks skip that validation (its
 * `validate` phase still runs it on the literal values).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "./cli";
import { diagnosticsOfTest, diagnosticsOfValidate, emptyBlocks, firstParagraph, problemOf, problemsFromText, unique, type Diagnostic, type TerraformProblem } from "./diagnostics";
import { asObject, mockFriendlyStack, mockPlanTestFile, type MockPlanOptions } from "./mock-plan";
import { literal, type TerraformJson } from "./mock-values";

/** Where a stack's check stopped. */
export type TerraformCheckPhase = "setup" | "init" | "validate" | "plan" | "real-plan";

/** The outcome of the check of one stack. */
export interface StackCheckResult {
  /** The stack's name (cdktf metadata, else the directory name). */
  readonly stack: string;
  /** The synthesized stack directory that was checked. */
  readonly stackDir: string;
  /** True when init, validate, the mock plan and (unless `realPlan: false`) the real-provider plan all succeeded. */
  readonly ok: boolean;
  /** The phase that failed; undefined when ok. */
  readonly phase?: TerraformCheckPhase;
  /** The errors of the failing phase. */
  readonly problems: TerraformProblem[];
  /** Warnings of every phase (deprecations and the like). */
  readonly warnings: TerraformProblem[];
  /** What the mock plan adjusted (references read through `try()`). */
  readonly notes: string[];
  /** Wall time of the stack's check, in seconds. */
  readonly seconds: number;
  /** The working directory, when kept (`keepWorkDirs`). */
  readonly workDir?: string;
}

/** Options of {@link checkSynthesizedStacks}. */
export interface TerraformCheckOptions {
  /**
   * The CLI: `tofu` or `terraform`, a name on PATH or a path.
   * @default "tofu"
   */
  readonly binary?: string;
  /**
   * CLI configuration file (e.g. a provider filesystem mirror), passed as
   * `TF_CLI_CONFIG_FILE`. Without it, a `TF_CLI_CONFIG_FILE` of the
   * environment that names a missing file is dropped.
   * @default the environment's
   */
  readonly cliConfigFile?: string;
  /**
   * Stacks checked at once.
   * @default the number of CPU cores
   */
  readonly concurrency?: number;
  /**
   * Provider plugin cache shared by all stacks (inits are serialized, as the
   * cache is not safe for concurrent writers). Ignored with `cliConfigFile`,
   * whose mirror is linked, not copied.
   * @default `$TF_PLUGIN_CACHE_DIR`, else a directory in the system temp directory
   */
  readonly pluginCacheDir?: string;
  /**
   * Timeout of each CLI command, in milliseconds.
   * @default 300000
   */
  readonly commandTimeoutMs?: number;
  /**
   * Keep each stack's working directory (reported as `workDir`).
   * @default false
   */
  readonly keepWorkDirs?: boolean;
  /** Options of the generated test file, by stack name. @default none */
  readonly mockOptions?: Record<string, MockPlanOptions>;
  /** Called when a stack's check ends, e.g. for progress output. @default none */
  readonly onResult?: (result: StackCheckResult) => void;
  /**
   * After the mock plan, plan stacks with azurerm resources with the real
   * provider against an empty state, offline (a local token endpoint, no
   * refresh): the provider's plan-time checks (CustomizeDiff) run, which
   * mocks skip. Stacks without azurerm resources (a Helm stack needs a
   * cluster and a chart repository) are not planned this way.
   * @default true
   */
  readonly realPlan?: boolean;
}

/** A one-slot lock: plugin-cache writes must not overlap. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock<T>(f: () => Promise<T>): Promise<T> {
    const result = this.tail.then(f);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** The stack directories (`<outdir>/stacks/*` holding a `cdk.tf.json`) of a cdktf output directory, sorted. */
export function listSynthesizedStacks(outdir: string): string[] {
  const stacks = path.join(outdir, "stacks");
  if (!fs.existsSync(stacks)) return [];
  return fs
    .readdirSync(stacks)
    .sort()
    .map((d) => path.join(stacks, d))
    .filter((d) => fs.existsSync(path.join(d, "cdk.tf.json")));
}

const TEST_FILE = "mock_plan.tftest.hcl";

/** What a stack's check has found out so far: its name, its working directory, warnings and notes of every phase. */
interface CheckState {
  readonly stackDir: string;
  readonly started: number;
  /** The directory name until the stack's metadata names it. */
  stack: string;
  workDir?: string;
  readonly warnings: TerraformProblem[];
  readonly notes: string[];
}

/** How a stack's check stopped early: the phase and its problems. `undefined`: every phase passed. */
type PhaseFailure = { readonly phase: TerraformCheckPhase; readonly problems: TerraformProblem[] } | undefined;

/** How to run the CLI in a working directory. */
interface CliRun {
  readonly binary: string;
  readonly env: Record<string, string | undefined>;
  readonly timeout: number;
}

const runIn = (cli: CliRun, workDir: string, args: string[]) => run(cli.binary, args, workDir, cli.env, cli.timeout);
const isError = (d: Diagnostic) => d.severity === "error";
const isWarning = (d: Diagnostic) => d.severity === "warning";

/** A stack's parsed `cdk.tf.json`, or why it cannot be read. */
function readStack(stackDir: string): { json: TerraformJson } | { problem: TerraformProblem } {
  const file = path.join(stackDir, "cdk.tf.json");
  try {
    return { json: JSON.parse(fs.readFileSync(file, "utf8")) as TerraformJson };
  } catch (e) {
    return { problem: { severity: "error", message: `cannot read ${file}: ${(e as Error).message}` } };
  }
}

/** `init -backend=false`, one stack at a time (the plugin cache is shared). */
async function initPhase(cli: CliRun, workDir: string, initLock: Mutex): Promise<PhaseFailure> {
  const init = await initLock.lock(() => runIn(cli, workDir, ["init", "-backend=false", "-input=false", "-no-color"]));
  if (init.code === 0) return undefined;
  return { phase: "init", problems: problemsFromText(`${init.stderr}\n${init.stdout}`).filter((p) => p.severity === "error") };
}

/** `validate -json`: the providers' schema and validation code on every block. */
async function validatePhase(cli: CliRun, workDir: string, state: CheckState): Promise<PhaseFailure> {
  const validate = await runIn(cli, workDir, ["validate", "-json", "-no-color"]);
  const diagnostics = diagnosticsOfValidate(validate.stdout);
  state.warnings.push(...diagnostics.filter(isWarning).map(problemOf));
  const errors = diagnostics.filter(isError).map(problemOf);
  if (validate.code === 0 && errors.length === 0) return undefined;
  return { phase: "validate", problems: errors.length > 0 ? errors : problemsFromText(`${validate.stderr}\n${validate.stdout}`) };
}

/** One mock plan (`test -json`) of the stack with `extraBlocks` read through `try()`. */
async function mockPlan(cli: CliRun, workDir: string, json: TerraformJson, extraBlocks: string[], mockOptions: MockPlanOptions) {
  const prepared = mockFriendlyStack(json, extraBlocks, mockOptions);
  fs.writeFileSync(path.join(workDir, "cdk.tf.json"), JSON.stringify(prepared.json, null, 2));
  const test = await runIn(cli, workDir, ["test", "-json", "-no-color"]);
  const diagnostics = diagnosticsOfTest(test.stdout);
  return { references: prepared.references, test, diagnostics, errors: diagnostics.filter(isError) };
}

/**
 * The mock plan, at most twice: when the first fails on blocks it found
 * empty, the second reads them through `try()`.
 */
async function planPhase(cli: CliRun, workDir: string, json: TerraformJson, state: CheckState, mockOptions: MockPlanOptions): Promise<PhaseFailure> {
  fs.writeFileSync(path.join(workDir, TEST_FILE), mockPlanTestFile(json, mockOptions));
  let plan = await mockPlan(cli, workDir, json, [], mockOptions);
  const empty = emptyBlocks(plan.errors);
  if (plan.test.code !== 0 && empty.length > 0) plan = await mockPlan(cli, workDir, json, empty, mockOptions);
  state.notes.push(...plan.references.map((r) => `mock plan read ${r.block}[0] through try(): the block is computed only, and mocks leave it empty`));
  state.warnings.push(...plan.diagnostics.filter(isWarning).map(problemOf));
  if (plan.test.code === 0 && plan.errors.length === 0) return undefined;
  const problems = plan.errors.map(problemOf);
  return { phase: "plan", problems: problems.length > 0 ? problems : problemsFromText(`${plan.test.stderr}\n${plan.test.stdout}`) };
}

/**
 * Reads the stack, copies it into a fresh working directory (so that
 * .terraform and lock files never land in the synth output), then runs
 * init, validate and the mock plan there until one fails.
 */
async function runPhases(state: CheckState, cli: CliRun, options: TerraformCheckOptions, initLock: Mutex): Promise<PhaseFailure> {
  const read = readStack(state.stackDir);
  if ("problem" in read) return { phase: "setup", problems: [read.problem] };
  state.stack = literal(asObject(asObject(read.json["//"]).metadata), "stackName") ?? state.stack;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `tfcheck-${state.stack.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 40)}-`));
  state.workDir = workDir;
  fs.copyFileSync(path.join(state.stackDir, "cdk.tf.json"), path.join(workDir, "cdk.tf.json"));
  return (
    (await initPhase(cli, workDir, initLock)) ??
    (await validatePhase(cli, workDir, state)) ??
    (await planPhase(cli, workDir, read.json, state, options.mockOptions?.[state.stack] ?? {})) ??
    (options.realPlan === false ? undefined : await realPlanPhase(cli, options, read.json, state, workDir))
  );
}

/** The real provider's plan against an empty state, for stacks with azurerm resources. */
async function realPlanPhase(cli: CliRun, options: TerraformCheckOptions, json: TerraformJson, state: CheckState, workDir: string): Promise<PhaseFailure> {
  if (!Object.keys(asObject(json.resource)).some((t) => t.startsWith("azurerm_"))) {
    state.notes.push("no real-provider plan: no azurerm resources (a Helm release needs the cluster and the chart repository to plan)");
    return undefined;
  }
  // Loaded when a stack is planned with the real provider: most checks never are.
  const { OfflinePlanner } = await import("../offline-planner");
  // In the check's working directory, already initialised for these providers.
  const planner = await OfflinePlanner.create({ cli: { binary: cli.binary, cliConfigFile: options.cliConfigFile, origin: "path" }, commandTimeoutMs: cli.timeout, workDir });
  try {
    const result = await planner.planFresh(json);
    if (result.ok) return undefined;
    const problems = problemsFromText(result.error ?? "").filter((p) => p.severity === "error");
    return { phase: "real-plan", problems: problems.length > 0 ? problems : [{ severity: "error", message: firstParagraph(result.error ?? "the plan failed") }] };
  } finally {
    await planner.close();
  }
}

/** The result of a stack's check, from what it found out and how it stopped. */
function checkResult(state: CheckState, options: TerraformCheckOptions, failure: PhaseFailure): StackCheckResult {
  return {
    stack: state.stack,
    stackDir: state.stackDir,
    ok: failure === undefined,
    phase: failure?.phase,
    problems: unique(failure?.problems ?? []),
    warnings: unique(state.warnings),
    notes: state.notes,
    seconds: (Date.now() - state.started) / 1000,
    workDir: options.keepWorkDirs ? state.workDir : undefined,
  };
}

/** Checks one stack in a working directory of its own, removed afterwards unless `keepWorkDirs`. */
async function checkOne(stackDir: string, options: TerraformCheckOptions, env: Record<string, string | undefined>, initLock: Mutex): Promise<StackCheckResult> {
  const state: CheckState = { stackDir, started: Date.now(), stack: path.basename(stackDir), warnings: [], notes: [] };
  const cli: CliRun = { binary: options.binary ?? "tofu", env, timeout: options.commandTimeoutMs ?? 300_000 };
  try {
    return checkResult(state, options, await runPhases(state, cli, options, initLock));
  } catch (e) {
    return checkResult(state, options, { phase: "setup", problems: [{ severity: "error", message: (e as Error).message }] });
  } finally {
    if (state.workDir && !options.keepWorkDirs) fs.rmSync(state.workDir, { recursive: true, force: true });
  }
}

/** The environment of the CLI: its CLI config, no prompts, no telemetry, a shared plugin cache. */
function cliEnvironment(options: TerraformCheckOptions): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };
  if (options.cliConfigFile) env.TF_CLI_CONFIG_FILE = path.resolve(options.cliConfigFile);
  else if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
  if (!options.cliConfigFile) {
    const cache = options.pluginCacheDir ?? env.TF_PLUGIN_CACHE_DIR ?? path.join(os.tmpdir(), "tfcheck-plugin-cache");
    fs.mkdirSync(cache, { recursive: true });
    env.TF_PLUGIN_CACHE_DIR = cache;
  }
  return env;
}

/**
 * Checks synthesized stacks with the real providers, without credentials:
 * each stack's `cdk.tf.json` is copied into a fresh temporary directory,
 * then `init -backend=false`, `validate -json` and a mock plan
 * (`test`, with {@link mockPlanTestFile}) run there. Stacks run in parallel,
 * up to `concurrency`. Results come in the order of `stackDirs`.
 */
export async function checkSynthesizedStacks(stackDirs: readonly string[], options: TerraformCheckOptions = {}): Promise<StackCheckResult[]> {
  const env = cliEnvironment(options);
  const initLock = new Mutex();
  const results: StackCheckResult[] = new Array(stackDirs.length);
  const workers = Math.max(1, Math.min(options.concurrency ?? (os.availableParallelism?.() ?? os.cpus().length), stackDirs.length));
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < stackDirs.length) {
        const i = next++;
        results[i] = await checkOne(stackDirs[i], options, env, initLock);
        options.onResult?.(results[i]);
      }
    }),
  );
  return results;
}

/** Options of {@link formatTerraformFailures}. */
export interface FormatOptions {
  /**
   * One line per problem instead of one per failing stack.
   * @default false
   */
  readonly perProblem?: boolean;
}

const problemText = (p: TerraformProblem) => `${p.message}${p.address ? ` (${p.address})` : ""}`;

/**
 * One line per failing stack, `<stack>: <phase>: <provider message> (<address>)`;
 * a stack with several problems has them on its line, separated by ` | `.
 */
export function formatTerraformFailures(results: readonly StackCheckResult[], options: FormatOptions = {}): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (r.ok) continue;
    const problems = r.problems.length > 0 ? r.problems : [{ severity: "error" as const, message: "failed without a message" }];
    if (options.perProblem) problems.forEach((p) => lines.push(`${r.stack}: ${r.phase}: ${problemText(p)}`));
    else lines.push(`${r.stack}: ${r.phase}: ${problems.map(problemText).join(" | ")}`);
  }
  return lines;
}
