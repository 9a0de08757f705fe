/**
 * Moving from cdktf to CDK Terrain: for every shipped config, example and
 * option-matrix config, the stack the
 * CDK Terrain package synthesizes (azurerm 4.73.0) planned with the real
 * provider against the state a deploy of the cdktf package's stack (azurerm
 * 4.55.0) left. The move must plan no changes. Needs `npm run cdktn:build`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { dump } from "js-yaml";
import { checkChangeImpact } from "../../lib/impact/check";
import { applyDrift, type OfflinePlanner } from "../../lib/testing/offline-planner";
import { shippedConfig } from "../support";
import { actions, addressOf, edited, planner, STATE_CACHE, terraformCli } from "./support";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { synthesizeSideBySide, synthesize } = require("../../scripts/synth-sources") as {
  synthesizeSideBySide: (outdir: string) => Promise<{ pairs: { label: string; group: string; cdktf: string; cdktn: string; problems: string[] }[]; failures: string[] }>;
  synthesize: (source: { group: string; entry: string; configDir?: string }, outdir: string, framework: "cdktf" | "cdktn") => Promise<{ code: number; errors: string }>;
};

const BUILD = path.join(__dirname, "..", "..", "packages", "cdktn", "build");
type Json = Record<string, any>;
const read = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as Json;
const usesAzurerm = (json: Json) => Object.keys(json.resource ?? {}).some((t) => t.startsWith("azurerm_"));

const verdicts = new Map<string, Record<string, string> | { error: string }>();
let labels: string[] = [];
let tmp: string;

beforeAll(async () => {
  if (!fs.existsSync(BUILD)) throw new Error("the CDK Terrain package is not built: run npm run cdktn:install && npm run cdktn:build");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "day2-cdktn-"));
  const { pairs, failures } = await synthesizeSideBySide(tmp);
  if (failures.length > 0) throw new Error(failures.join("\n"));
  // The corpus is left out: its configs use no option the shipped configs, the examples and the option
  // matrix do not, and the provider check already plans each of them with both provider versions.
  const planned = pairs.filter((p) => p.group !== "corpus" && usesAzurerm(read(p.cdktf)));
  labels = planned.map((p) => p.label);
  const planners: OfflinePlanner[] = await Promise.all([planner(), planner()]);
  let next = 0;
  try {
    await Promise.all(
      planners.map(async (p) => {
        while (next < planned.length) {
          const pair = planned[next++]!;
          try {
            const result = await p.planAgainst(read(pair.cdktn), await p.deployedState(read(pair.cdktf)));
            verdicts.set(pair.label, result.ok ? actions(result.changes) : { error: result.error ?? "plan failed" });
          } catch (e) {
            verdicts.set(pair.label, { error: (e as Error).message });
          }
        }
      }),
    );
  } finally {
    await Promise.all(planners.map((p) => p.close()));
  }
});
afterAll(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

test("every shipped app has stacks both frameworks synthesize and the provider plans", () => {
  expect(labels).toEqual(expect.arrayContaining(["config/dev", "config/prod", "guide/aksbyocni", "existing-vnet/platform", "multi-env/prod"]));
});

test("moving each stack to CDK Terrain (azurerm 4.55.0 -> 4.73.0) plans no changes", () => {
  const changed = labels.map((l) => [l, verdicts.get(l)] as const).filter(([, v]) => v === undefined || "error" in v || Object.keys(v).length > 0);
  expect(changed).toEqual([]);
});

describe("day 2 with the CDK Terrain package (azurerm 4.73.0)", () => {
  /** `config` written as prod.yaml and synthesized by the cdktn build into a folder of its own. */
  async function cdktnOut(config: unknown): Promise<string> {
    const dir = fs.mkdtempSync(path.join(tmp, "cfg-"));
    fs.writeFileSync(path.join(dir, "prod.yaml"), dump(config));
    const out = path.join(dir, "out");
    const r = await synthesize({ group: "x", entry: "main.ts", configDir: dir }, out, "cdktn");
    if (r.code !== 0) throw new Error(r.errors);
    return out;
  }
  const prod = shippedConfig("config/prod.yaml");

  test("the change-impact check refuses renaming the system pool, naming the field", async () => {
    const base = await cdktnOut(prod);
    const head = await cdktnOut(edited(prod, (c) => (c.cluster.defaultNodePool.name = "sys")));
    expect(JSON.parse(fs.readFileSync(path.join(head, "stacks", "prod", "cdk.tf.json"), "utf8")).terraform.required_providers.azurerm.version).toBe("4.73.0");
    const report = await checkChangeImpact(base, head, { cli: await terraformCli(), cacheDir: STATE_CACHE, concurrency: 1 });
    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => f.level === "error").map((f) => f.field)).toContain("cluster.defaultNodePool.name");
  });

  test("a drain timeout set in Azure is updated in place", async () => {
    const json = JSON.parse(fs.readFileSync(path.join(await cdktnOut(prod), "stacks", "prod", "cdk.tf.json"), "utf8")) as Json;
    const p = await planner();
    try {
      const cluster = addressOf(json, "azurerm_kubernetes_cluster");
      const drift = [{ address: cluster, set: { "default_node_pool.0.upgrade_settings.0.drain_timeout_in_minutes": 45 } }];
      const result = await p.planAgainst(json, applyDrift(await p.deployedState(json), drift));
      expect(actions(result.changes)).toEqual({ [cluster]: "update" });
    } finally {
      await p.close();
    }
  });
});
