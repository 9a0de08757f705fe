#!/usr/bin/env node
// @ts-check
/**
 * Writes lib/reference/sensitive-attributes.json: for every resource and data
 * source type of the providers the stacks use, the attribute paths the
 * provider's schema marks sensitive. Read from `tofu providers schema -json`
 * of the real provider builds, never typed by hand; CFG-08 refuses a config
 * reference that reaches one of them.
 *
 *   node scripts/sensitive-attributes.js      (npm run sensitive:attributes)
 *
 * Providers: hashicorp/azurerm 4.55.0 (the cdktf bindings) and 4.73.0 (the
 * CDK Terrain bindings), and hashicorp/helm 3.1.1; the file is the union of
 * their schemas, so an attribute sensitive in either version is listed.
 *
 * A path is the attribute and block names from the type down, joined with
 * dots (`windows_profile.admin_password`), without the index steps of
 * nested blocks. Below a sensitive attribute nothing is listed: the whole
 * value is sensitive (`kube_config` covers `kube_config[0].client_key`).
 *
 * The CLI and the offline provider mirror are found as the provider check
 * finds them (lib/testing/terraform/cli.ts): tofu or terraform on PATH when
 * its registry answers, else ../shared/terraform/install.sh unpacked into
 * .tools/tofu. Exports `readSchemas`, `buildCatalog` and `renderCatalog` for
 * the test that checks the committed file is current.
 */
"use strict";

const { execFile } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const OUTPUT = path.join(ROOT, "lib", "reference", "sensitive-attributes.json");

/** The provider builds the stacks pin: one working directory each. */
const PROVIDERS = [
  { name: "azurerm", source: "hashicorp/azurerm", version: "4.55.0" },
  { name: "azurerm", source: "hashicorp/azurerm", version: "4.73.0" },
  { name: "helm", source: "hashicorp/helm", version: "3.1.1" },
];

/** Runs a command; rejects with its output when it fails. */
function run(binary, args, cwd, env) {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { cwd, env, timeout: 300_000, maxBuffer: 512 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(binary)} ${args.join(" ")} (in ${cwd}): ${String(stderr || stdout || error.message).trim()}`));
      else resolve(String(stdout));
    });
  });
}

/**
 * `providers schema -json` of each provider build, in the order of PROVIDERS.
 * @param {{ binary: string; cliConfigFile?: string }} cli
 */
async function readSchemas(cli) {
  const env = { ...process.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };
  if (cli.cliConfigFile) {
    env.TF_CLI_CONFIG_FILE = path.resolve(cli.cliConfigFile);
  } else {
    // From the registry: the provider check's download cache, so that each build is fetched once.
    env.TF_PLUGIN_CACHE_DIR ??= path.join(os.tmpdir(), "tfcheck-plugin-cache");
    fs.mkdirSync(env.TF_PLUGIN_CACHE_DIR, { recursive: true });
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sensitive-attributes-"));
  try {
    const dirs = [];
    // One init at a time: concurrent inits may not share a plugin cache.
    for (const p of PROVIDERS) {
      const dir = path.join(tmp, `${p.name}-${p.version}`);
      fs.mkdirSync(dir);
      const config = { terraform: { required_providers: { [p.name]: { source: p.source, version: p.version } } } };
      fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config));
      await run(cli.binary, ["init", "-backend=false", "-input=false", "-no-color"], dir, env);
      dirs.push(dir);
    }
    return await Promise.all(
      PROVIDERS.map(async (p, i) => ({ provider: p, schema: JSON.parse(await run(cli.binary, ["providers", "schema", "-json"], dirs[i], env)) })),
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The sensitive attribute paths of a schema block: attributes, nested blocks and nested attribute types. */
function sensitivePaths(block, at, out) {
  const join = (name) => (at ? `${at}.${name}` : name);
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (attribute.sensitive) out.add(join(name));
    else if (attribute.nested_type) sensitivePaths(attribute.nested_type, join(name), out);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) sensitivePaths(nested.block, join(name), out);
  return out;
}

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The catalog written to the JSON file, from the output of readSchemas.
 * @param {{ provider: { source: string; version: string }; schema: any }[]} schemas
 */
function buildCatalog(schemas) {
  /** @type {Record<"resource" | "data", Map<string, Set<string>>>} */
  const kinds = { resource: new Map(), data: new Map() };
  const providers = {};
  for (const { provider, schema } of schemas) {
    const entries = Object.entries(schema.provider_schemas ?? {}).filter(([address]) => address.endsWith(`/${provider.source}`));
    if (entries.length !== 1) throw new Error(`the schema of ${provider.source} ${provider.version} holds ${entries.length} matching providers`);
    const [, own] = entries[0];
    providers[provider.source] = [...(providers[provider.source] ?? []), provider.version];
    for (const [kind, key] of [["resource", "resource_schemas"], ["data", "data_source_schemas"]]) {
      for (const [type, typeSchema] of Object.entries(own[key] ?? {})) {
        const found = sensitivePaths(typeSchema.block, "", new Set());
        if (found.size === 0) continue;
        const paths = kinds[kind].get(type) ?? new Set();
        for (const p of found) paths.add(p);
        kinds[kind].set(type, paths);
      }
    }
  }
  const plain = (map) => Object.fromEntries([...map].sort(([a], [b]) => byName(a, b)).map(([type, paths]) => [type, [...paths].sort(byName)]));
  return {
    $comment:
      "Generated by scripts/sensitive-attributes.js from `tofu providers schema -json`; do not edit. Per resource and data source type, the attribute paths the provider marks sensitive (names from the type down, no index steps), in any of the versions listed.",
    providers,
    resource: plain(kinds.resource),
    data: plain(kinds.data),
  };
}

/** The file's text: one type per line, so that a regeneration diffs by type. */
function renderCatalog(catalog) {
  const section = (map) =>
    `{\n${Object.entries(map)
      .map(([type, paths]) => `    ${JSON.stringify(type)}: ${JSON.stringify(paths)}`)
      .join(",\n")}\n  }`;
  return [
    "{",
    `  "$comment": ${JSON.stringify(catalog.$comment)},`,
    `  "providers": ${JSON.stringify(catalog.providers)},`,
    `  "resource": ${section(catalog.resource)},`,
    `  "data": ${section(catalog.data)}`,
    "}",
    "",
  ].join("\n");
}

/** The CLI with the provider mirror, as the provider check finds it. */
async function findCli() {
  require("./register-ts").registerTypeScript();
  /** @type {typeof import("../lib/testing/terraform/cli")} */
  const { findTerraformCli } = require(path.join(ROOT, "lib", "testing", "terraform", "cli.ts"));
  return findTerraformCli({ installScript: path.resolve(ROOT, "..", "shared", "terraform", "install.sh"), installDir: path.join(ROOT, ".tools", "tofu") });
}

async function main() {
  const started = Date.now();
  const cli = await findCli();
  const catalog = buildCatalog(await readSchemas(cli));
  fs.writeFileSync(OUTPUT, renderCatalog(catalog));
  const count = (map) => Object.values(map).reduce((n, paths) => n + paths.length, 0);
  console.log(
    `${path.relative(process.cwd(), OUTPUT)}: ${Object.keys(catalog.resource).length} resource types (${count(catalog.resource)} paths), ` +
      `${Object.keys(catalog.data).length} data source types (${count(catalog.data)} paths) from ${PROVIDERS.map((p) => `${p.source} ${p.version}`).join(", ")}; ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s with ${cli.binary}`,
  );
}

module.exports = { readSchemas, buildCatalog, renderCatalog, OUTPUT };

if (require.main === module) {
  main().catch((e) => {
    console.error(`sensitive-attributes: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
