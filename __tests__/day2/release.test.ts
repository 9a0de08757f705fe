/**
 * Upgrading from the previous release: every stack it synthesized for the
 * shipped configs, examples and option matrix (recorded in ./release by
 * `npm run release:record`) against what the current code synthesizes.
 * An address that disappears without a `moved` block would make a deploy
 * destroy the resource and create it again, and `prevent_destroy` on the new
 * address stops nothing; the real provider then plans each recorded stack
 * against the current one.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { OfflinePlanner } from "../../lib/testing/offline-planner";
import { actions, planner } from "./support";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { synthesizeAll, failureLines } = require("../../scripts/synth-sources") as {
  synthesizeAll: (outdir: string) => Promise<{ source: { group: string }; outdir: string; code: number; output: string; errors: string }[]>;
  failureLines: (r: { code: number; output: string; errors: string }) => string[];
};

type Json = Record<string, any>;
const RELEASE = path.join(__dirname, "release");
const recorded = fs
  .readdirSync(RELEASE, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => fs.readdirSync(path.join(RELEASE, d.name)).map((f) => ({ group: d.name, stack: path.basename(f, ".json"), file: path.join(RELEASE, d.name, f) })));
const release = JSON.parse(fs.readFileSync(path.join(RELEASE, "release.json"), "utf8")) as { version: string };

const current = new Map<string, Json>();
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "day2-release-"));
  const results = await synthesizeAll(tmp);
  const failed = results.filter((r) => r.code !== 0);
  if (failed.length > 0) throw new Error(failed.map((r) => `${r.source.group}: ${failureLines(r).join(" | ")}`).join("\n"));
  for (const r of results) {
    const stacks = path.join(r.outdir, "stacks");
    for (const s of fs.readdirSync(stacks)) current.set(`${r.source.group}/${s}`, JSON.parse(fs.readFileSync(path.join(stacks, s, "cdk.tf.json"), "utf8")) as Json);
  }
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const addresses = (json: Json) => Object.entries(json.resource ?? {}).flatMap(([t, byName]) => Object.keys(byName as Json).map((n) => `${t}.${n}`));

test(`the previous release (${release.version}) is recorded for every shipped source`, () => {
  expect(recorded.length).toBeGreaterThan(10);
  expect(new Set(recorded.map((r) => r.group))).toEqual(new Set(["config", "matrix", "guide", "existing-vnet", "multi-env"]));
});

test.each(recorded.map((r) => [`${r.group}/${r.stack}`, r.file]))("%s: every address of the previous release still exists, or has a moved block", (label, file) => {
  const now = current.get(label);
  expect(now).toBeDefined();
  const moved = new Set(((now!.moved as { from: string }[] | undefined) ?? []).map((m) => m.from));
  const present = new Set(addresses(now!));
  const gone = addresses(JSON.parse(fs.readFileSync(file, "utf8")) as Json).filter((a) => !present.has(a) && !moved.has(a));
  expect(gone).toEqual([]);
});

/** Recorded stacks the azurerm provider plans (a CNI's Helm stack needs a cluster and a chart repository). */
const planned = recorded.filter((r) => Object.keys((JSON.parse(fs.readFileSync(r.file, "utf8")) as Json).resource ?? {}).some((t) => t.startsWith("azurerm_")));

describe("with the real provider", () => {
  let planners: OfflinePlanner[];
  const verdicts = new Map<string, { changes: Record<string, string> } | { refusedBase: string } | { error: string }>();

  beforeAll(async () => {
    planners = await Promise.all([planner(), planner()]);
    let next = 0;
    await Promise.all(
      planners.map(async (p) => {
        while (next < planned.length) {
          const r = planned[next++]!;
          const label = `${r.group}/${r.stack}`;
          const base = JSON.parse(fs.readFileSync(r.file, "utf8")) as Json;
          let state;
          try {
            state = await p.deployedState(base);
          } catch (e) {
            verdicts.set(label, { refusedBase: (e as Error).message });
            continue;
          }
          const result = await p.planAgainst(current.get(label)!, state);
          verdicts.set(label, result.ok ? { changes: actions(result.changes) } : { error: result.error ?? "plan failed" });
        }
      }),
    );
  });
  afterAll(async () => Promise.all(planners.map((p) => p.close())));

  test.each(planned.map((r) => `${r.group}/${r.stack}`))("%s: a deploy of the current code over the previous release's replaces and destroys nothing", (label) => {
    const v = verdicts.get(label)!;
    if ("refusedBase" in v) {
      // A stack the provider refuses on any plan was never deployable, so nothing runs that an upgrade could break.
      expect(v.refusedBase).toMatch(/when `network_profile.0.advanced_networking` is set/);
      return;
    }
    if ("error" in v) throw new Error(`${label}: ${v.error}`);
    expect(Object.entries(v.changes).filter(([, a]) => a.startsWith("replace") || a === "destroy")).toEqual([]);
  });
});
