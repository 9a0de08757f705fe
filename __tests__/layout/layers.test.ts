/**
 * No import runs from a lower layer of lib/ to a higher one (the table is
 * scripts/layers.js): every edge of the import graph, require() and import()
 * included, and the lint rule that says so in the editor.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { importGraph, ROOT } from "./imports";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LAYERS, ENTRY_POINTS, layerOf } = require("../../scripts/layers") as {
  LAYERS: readonly { name: string; dirs: readonly string[] }[];
  ENTRY_POINTS: readonly string[];
  layerOf: (dir: string) => number;
};

const dirOf = (file: string) => file.split("/")[1]!;
const { edges } = importGraph();
const libEdges = edges.filter((e) => e.from.startsWith("lib/") && e.to.startsWith("lib/") && !ENTRY_POINTS.includes(e.from));

test("every folder of lib/ has a layer", () => {
  const dirs = fs.readdirSync(path.join(ROOT, "lib"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  expect(dirs.filter((d) => layerOf(d) < 0)).toEqual([]);
  expect(LAYERS.flatMap((l) => l.dirs).filter((d) => !dirs.includes(d))).toEqual([]);
});

test("the graph has the imports the layers are about", () => {
  expect(libEdges.length).toBeGreaterThan(200);
  expect(libEdges).toContainEqual(expect.objectContaining({ from: "lib/app/run.ts", to: "lib/constructs/cilium-cni-stack.ts" }));
});

test("no module imports a higher layer", () => {
  const upward = libEdges.filter((e) => layerOf(dirOf(e.to)) > layerOf(dirOf(e.from)));
  expect(upward.map((e) => `${e.from}:${e.line} imports ${e.to}: ${LAYERS[layerOf(dirOf(e.from))]!.name} is below ${LAYERS[layerOf(dirOf(e.to))]!.name}`)).toEqual([]);
});

test("the lint rule refuses an import of a higher layer and accepts one of the layer below", () => {
  const probe = 'import { checkCluster } from "../rules/checks";\nimport { resolveCluster } from "../plan/cluster";\nexport const probe = [checkCluster, resolveCluster];\n';
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "eslint"), ["--format", "json", "--stdin", "--stdin-filename", "lib/plan/probe.ts"], {
    cwd: ROOT,
    input: probe,
    encoding: "utf8",
  });
  const messages = (JSON.parse(r.stdout) as { messages: { line: number; ruleId: string; message: string }[] }[])[0]!.messages;
  expect(messages.map((m) => [m.line, m.ruleId])).toEqual([[1, "no-restricted-imports"]]);
  expect(messages[0]!.message).toContain("lib/plan (plan) must not import lib/rules");
});
