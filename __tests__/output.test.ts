/**
 * Output stays what it was: every shipped config, example, option-matrix
 * config and corpus case synthesizes byte for byte what __tests__/output/
 * records (the files each stack writes, manifest.json, stdout, stderr and
 * the exit code; scripts/record-output.js). A refactoring leaves the record
 * as it is; a deliberate change of output rewrites it with
 * `npm run output:record`, and the diff shows every byte that changed.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { collect, readRecord, differences } = require("../scripts/record-output") as {
  collect: () => Promise<Map<string, string>>;
  readRecord: () => Map<string, string>;
  differences: (recorded: Map<string, string>, current: Map<string, string>) => string[];
};

const recorded = readRecord();
let current: Map<string, string>;

beforeAll(async () => {
  current = await collect();
}, 300000);

/** The first line that differs, to show in a failure. */
function firstDifference(a: string | undefined, b: string | undefined): string {
  if (a === undefined) return "not in the record";
  if (b === undefined) return "no longer written";
  const x = a.split("\n");
  const y = b.split("\n");
  const i = x.findIndex((line, n) => line !== y[n]);
  const at = i < 0 ? x.length : i;
  return `line ${at + 1}: ${JSON.stringify(x[at]?.slice(0, 160))} -> ${JSON.stringify(y[at]?.slice(0, 160))}`;
}

test("the record covers every kind of source", () => {
  const groups = new Set([...recorded.keys()].map((k) => k.split("/out/")[0]!.replace(/\/(stdout|stderr|exit-code)$/, "")));
  for (const g of ["config", "matrix", "corpus", "guide", "existing-vnet", "multi-env"]) expect(groups).toContain(g);
  expect([...groups].filter((g) => g.startsWith("corpus-refused/")).length).toBeGreaterThan(0);
  expect([...recorded.keys()].filter((k) => k.endsWith("/cdk.tf.json")).length).toBeGreaterThan(30);
});

test("every source synthesizes byte for byte what the record holds (npm run output:record after a deliberate change)", () => {
  const diff = differences(recorded, current);
  expect(diff.map((k) => `${k}: ${firstDifference(recorded.get(k), current.get(k))}`)).toEqual([]);
});
