/**
 * Helpers of the day-2 tests: synthesize an environment into a folder of its
 * own, and plan it with the real azurerm provider, offline.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import { synthesizeSafely, formatLine } from "../../lib/app/synth";
import type { AksByoCniConfig } from "../../lib/config/types";
import { OfflinePlanner, type OfflinePlannerOptions, type PlannedResourceChange } from "../../lib/testing/offline-planner";
import { findTerraformCli, type TerraformCli } from "../../lib/testing/terraform/cli";

const ROOT = path.join(__dirname, "..", "..");

let cliPromise: Promise<TerraformCli> | undefined;

/** The CLI with the real providers: the offline bundle next to the repository, else tofu/terraform from PATH. */
export function terraformCli(): Promise<TerraformCli> {
  cliPromise ??= findTerraformCli({ installScript: path.resolve(ROOT, "..", "shared", "terraform", "install.sh"), installDir: path.join(ROOT, ".tools", "tofu") });
  return cliPromise;
}

/** Deployed states shared by every test file of a run (keyed by content). */
export const STATE_CACHE = path.join(os.tmpdir(), "aks-byocni-day2-states");

/** A planner for one test file; close it in afterAll. */
export async function planner(options: Partial<OfflinePlannerOptions> = {}): Promise<OfflinePlanner> {
  return OfflinePlanner.create({ cli: await terraformCli(), cacheDir: STATE_CACHE, ...options });
}

/** A temporary directory, removed by {@link cleanUp}. */
const dirs: string[] = [];
export function tempOutdir(prefix = "day2-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
export function cleanUp(): void {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** One environment synthesized as the app does it (validations included); throws with the errors when synth fails. */
export function synthEnvironment(config: AksByoCniConfig, name = "env"): { outdir: string; json: Record<string, unknown> } {
  const outdir = tempOutdir();
  const outcome = synthesizeSafely((app) => new AksByoCniStack(app, name, config), outdir);
  if (!outcome.ok) throw new Error(`synth failed:\n${outcome.lines.filter((l) => l.level === "error").map(formatLine).join("\n")}`);
  return { outdir, json: JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as Record<string, unknown> };
}

/** `config` with `edit` applied to a deep copy. */
export function edited(config: AksByoCniConfig, edit: (c: any) => void): AksByoCniConfig {
  const copy = JSON.parse(JSON.stringify(config)) as AksByoCniConfig;
  edit(copy);
  return copy;
}

/** `address -> action` of a plan: replace (`new first` when the new one is created first), destroy, update, create. */
export function actions(changes: readonly PlannedResourceChange[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of changes) {
    const a = c.actions;
    out[c.address] = a.includes("delete") && a.includes("create") ? (a[0] === "create" ? "replace, new first" : "replace") : a.includes("delete") ? "destroy" : a.includes("create") ? "create" : "update";
  }
  return out;
}

/** The address of the only resource of `type` in a stack. */
export function addressOf(json: Record<string, unknown>, type: string): string {
  const names = Object.keys(((json.resource as Record<string, Record<string, unknown>>) ?? {})[type] ?? {});
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return `${type}.${names[0]}`;
}
