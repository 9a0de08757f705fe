/**
 * The change-impact check: what a deploy of the head (a pull request) would
 * do to environments deployed from the base (the branch it merges into),
 * decided by the real azurerm provider, offline, for every stack of two
 * `cdktf.out` folders.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OfflinePlanner, type OfflinePlannerOptions } from "../testing/offline-planner";
import { replacementChanges } from "../testing/replacements";
import { listSynthesizedStacks } from "../testing/terraform/check";
import type { TerraformCli } from "../testing/terraform/cli";
import { classifyStack, type ImpactEntry, type ImpactFinding, type StackProtection } from "./classify";

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

/** The outcome of the check. */
export interface ImpactReport {
  /** Every resource a deploy would change, stack by stack. */
  readonly entries: ImpactEntry[];
  /** What needs attention; an `error` fails the check. */
  readonly findings: ImpactFinding[];
  /** False when any finding is an error. */
  readonly ok: boolean;
}

/** Options of {@link checkChangeImpact}. */
export interface ImpactOptions {
  /** The CLI and provider mirror that plan ({@link findTerraformCli}). */
  readonly cli: TerraformCli;
  /**
   * Stacks planned at once.
   * @default the number of CPU cores
   */
  readonly concurrency?: number;
  /** Where deployed states are cached. @default a directory in the system temp directory */
  readonly cacheDir?: string;
  /** Timeout of each CLI command, in milliseconds. @default 180000 */
  readonly commandTimeoutMs?: number;
}

interface StackFiles {
  readonly json: Json;
  readonly protection?: StackProtection;
}

function readStack(dir: string): StackFiles {
  const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as Json;
  const file = path.join(dir, "protection.json");
  const protection = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as StackProtection) : undefined;
  return { json, protection };
}

const stacksOf = (outdir: string): Map<string, string> => new Map(listSynthesizedStacks(outdir).map((d) => [path.basename(d), d]));
const backendOf = (json: Json) => JSON.stringify(asObject(json.terraform).backend ?? null);

/** The first paragraph of a CLI error, on one line. */
function firstError(text: string | undefined): string {
  const clean = (text ?? "").replace(/\x1b\[[0-9;]*m/g, "");
  const at = clean.indexOf("Error: ");
  const from = at >= 0 ? clean.slice(at) : clean;
  return from.split(/\n\s*\n/).slice(0, 2).join(": ").replace(/\s+/g, " ").trim().slice(0, 600);
}

type Job = { stack: string; base?: StackFiles; head: StackFiles };

/** True for stacks the azurerm provider plans; others (the Helm stack of a CNI) need a cluster and a chart repository to plan. */
const usesAzurerm = (json: Json) => Object.keys(asObject(json.resource)).some((t) => t.startsWith("azurerm_"));

/** A stack without azurerm resources (a CNI's Helm release): decided from the JSON, with a note that no provider planned it. */
function staticJob(job: Job & { base: StackFiles }): { entries: ImpactEntry[]; findings: ImpactFinding[] } {
  const { stack, base, head } = job;
  const changes = replacementChanges(base.json, head.json);
  const entries: ImpactEntry[] = changes
    .filter((c) => c.effect !== "rotates")
    .map((c) => ({ stack, address: c.resource, action: c.effect === "destroys" ? "destroy" : "replace", because: [c.attribute], fields: [], protected: false, accepted: false }));
  const resources = (json: Json) => Object.entries(asObject(json.resource)).flatMap(([t, byName]) => Object.entries(asObject(byName)).map(([n, c]) => [`${t}.${n}`, c] as const));
  const before = new Map(resources(base.json));
  for (const [address, config] of resources(head.json)) {
    if (!before.has(address)) entries.push({ stack, address, action: "create", because: [], fields: [], protected: false, accepted: false });
    else if (JSON.stringify(before.get(address)) !== JSON.stringify(config) && !entries.some((e) => e.address === address)) {
      entries.push({ stack, address, action: "update", because: ["(configuration)"], fields: [], protected: false, accepted: false });
    }
  }
  const note: ImpactFinding = { stack, level: "note", rule: "IMP-06", message: "no azurerm resources (a CNI stack): compared by configuration, not planned by a provider (Helm needs the cluster and the chart repository)" };
  return { entries, findings: entries.length > 0 ? [note] : [] };
}

async function planJob(planner: OfflinePlanner, job: Job): Promise<{ entries: ImpactEntry[]; findings: ImpactFinding[] }> {
  const { stack, base, head } = job;
  if (base && backendOf(base.json) !== backendOf(head.json)) {
    return {
      entries: [],
      findings: [
        {
          stack,
          level: "error",
          rule: "IMP-04",
          field: "backend",
          message: `the state moves (backend ${backendOf(base.json)} -> ${backendOf(head.json)}): a deploy would start from an empty state and try to create every resource again next to the running ones; move the state first (terraform init -migrate-state), then change the config`,
        },
      ],
    };
  }
  if (!usesAzurerm(head.json)) return base ? staticJob({ stack, base, head }) : { entries: [], findings: [] };
  try {
    const result = base ? await planner.planAgainst(head.json, await planner.deployedState(base.json)) : await planner.planFresh(head.json);
    if (!result.ok) {
      return { entries: [], findings: [{ stack, level: "error", rule: "IMP-07", message: `the real provider refuses the plan: ${firstError(result.error)}` }] };
    }
    if (!base) {
      const entries = result.changes.map((c) => ({ stack, address: c.address, action: "create" as const, because: [], fields: [], protected: false, accepted: false }));
      return { entries, findings: [{ stack, level: "note", rule: "IMP-06", message: `a new stack: ${entries.length} resources created` }] };
    }
    return classifyStack({ stack, base: base.json, head: head.json, baseProtection: base.protection, headProtection: head.protection, changes: result.changes });
  } catch (e) {
    return { entries: [], findings: [{ stack, level: "error", rule: "IMP-07", message: `cannot plan offline: ${firstError((e as Error).message)}` }] };
  }
}

/**
 * Compares two synthesized outputs (`cdktf.out` folders): for every stack of
 * the head, the real provider plans the head against the state a deploy of
 * the base would have left, and the result is classified. Stacks run in
 * parallel; results come in stack order.
 */
export async function checkChangeImpact(baseOutdir: string, headOutdir: string, options: ImpactOptions): Promise<ImpactReport> {
  const base = stacksOf(baseOutdir);
  const head = stacksOf(headOutdir);
  const findings: ImpactFinding[] = [];
  for (const [stack] of base) {
    if (!head.has(stack)) {
      findings.push({
        stack,
        level: "warning",
        rule: "IMP-05",
        message: "the stack is gone from the head: a deploy no longer touches what it created, which stays in Azure; destroy it from the base revision first if it should go",
      });
    }
  }
  const jobs: Job[] = [...head].sort(([a], [b]) => a.localeCompare(b)).map(([stack, dir]) => ({ stack, head: readStack(dir), base: base.has(stack) ? readStack(base.get(stack)!) : undefined }));
  const results: { entries: ImpactEntry[]; findings: ImpactFinding[] }[] = new Array(jobs.length);
  const plannerOptions: OfflinePlannerOptions = {
    cli: options.cli,
    cacheDir: options.cacheDir,
    commandTimeoutMs: options.commandTimeoutMs,
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? os.availableParallelism?.() ?? os.cpus().length, jobs.length));
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const planner = await OfflinePlanner.create(plannerOptions);
      try {
        while (next < jobs.length) {
          const i = next++;
          results[i] = await planJob(planner, jobs[i]!);
        }
      } finally {
        await planner.close();
      }
    }),
  );
  const entries = results.flatMap((r) => r.entries);
  findings.push(...results.flatMap((r) => r.findings));
  return { entries, findings, ok: !findings.some((f) => f.level === "error") };
}
