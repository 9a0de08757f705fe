// @ts-check
/**
 * The layers of lib/, lowest first: the pipeline config -> plan -> rules ->
 * reports, below the cdktf side (bindings, constructs), the app and the
 * tools. A module may import its own layer and the layers below it, never
 * one above. eslint.config.mjs turns this table into `no-restricted-imports`
 * rules (static imports, in the editor); __tests__/layout/layers.test.ts
 * checks every import of the graph against it, require() and import()
 * included, and that every folder of lib/ has a layer.
 *
 * The entry points (lib/index.ts, lib/app/index.ts, lib/testing/index.ts)
 * may export from any layer.
 */
"use strict";

/** @type {readonly { readonly name: string; readonly dirs: readonly string[]; readonly what: string }[]} */
const LAYERS = [
  { name: "foundations", dirs: ["text", "net", "reference", "terraform"], what: "pure helpers and reference data: text, CIDR arithmetic, regions, VM sizes, chart keys, Terraform's template syntax" },
  { name: "config", dirs: ["config"], what: "the config model, its shape check and the loader" },
  { name: "plan", dirs: ["plan"], what: "the resolve step: config -> plan, every default decided once" },
  { name: "rules", dirs: ["rules"], what: "every rule and its catalogue, checking the plan and the synthesized JSON" },
  { name: "reports", dirs: ["report"], what: "what the plan and the rules' findings look like to reviewers: address plan, checkov config" },
  { name: "bindings", dirs: ["bindings"], what: "the only door to cdktf and the provider classes" },
  { name: "constructs", dirs: ["constructs"], what: "the cdktf constructs and stacks that render the plan and validate it, and their glue (constructs/private)" },
  { name: "app", dirs: ["app"], what: "the app: one stack per config file, validate everything, then write" },
  { name: "tools", dirs: ["testing", "impact"], what: "what runs on synthesized stacks: snapshots, the provider check, the offline planner, the change-impact check" },
];

/** Files that may import from every layer: the package's entry points. */
const ENTRY_POINTS = ["lib/index.ts", "lib/app/index.ts", "lib/testing/index.ts"];

/** The layer index of a lib/ folder, or -1. */
function layerOf(/** @type {string} */ dir) {
  return LAYERS.findIndex((l) => l.dirs.includes(dir));
}

module.exports = { LAYERS, ENTRY_POINTS, layerOf };
