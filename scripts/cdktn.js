#!/usr/bin/env node
// @ts-check
/**
 * The CDK Terrain (cdktn) package, built from the same source as the cdktf one.
 *
 * lib/ reaches the framework and the provider classes only through
 * lib/bindings/ (lint enforces it). Those three files name cdktf modules; the
 * CDK Terrain build is the same source with the module names in them mapped by
 * MODULES below, and nothing else changed. That one table drives every use:
 *
 * - `build`: stages a package root in packages/cdktn/build/ (lib/, main.ts
 *   and schema/ copied, the bindings' module names rewritten, the generated
 *   Helm bindings beside them), compiles it with tsc against the cdktn
 *   install in packages/cdktn/node_modules, bundles the app like
 *   scripts/bundle-app.js, and writes the package's manifest from the root
 *   package.json plus packages/cdktn/package.json's own fields.
 * - `typecheck`: the whole source (main.ts, lib, tests, examples, bench)
 *   type-checked against cdktn through tsconfig `paths`.
 * - `jestModuleNameMapper()`: the test suite run against cdktn
 *   (packages/cdktn/jest.config.js).
 * - `registerCdktn()`: the same mapping for apps run from source in Node
 *   (scripts/validate-terraform.js --framework cdktn, scripts/synth-sources.js).
 *
 * The Helm bindings: no @cdktn/provider-helm exists, so `cdktn get` generates
 * them for hashicorp/helm (the version @cdktf/provider-helm was generated
 * from) into packages/cdktn/.gen, once per CLI version and constraint. It needs
 * `cdktn-cli` on Node >= 22.19 (.ci/node22.sh) and OpenTofu or Terraform with
 * the provider (../shared/terraform offline, else the registry).
 *
 * usage: node scripts/cdktn.js build | typecheck | gen | paths | cli <cdktn arguments>
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
/** The cdktn install (its own package.json and lockfile) and the package's own manifest fields. */
const CDKTN_DIR = path.join(ROOT, "packages", "cdktn");
const CDKTN_MODULES = path.join(CDKTN_DIR, "node_modules");
/** The staged package root: sources, tsconfig, dist/, package.json. Gitignored. */
const BUILD_DIR = path.join(CDKTN_DIR, "build");
/** `cdktn get` output. Gitignored. */
const GEN_DIR = path.join(CDKTN_DIR, ".gen");
/** Where the generated Helm bindings go in the staged lib/ (shipped in the package). */
const STAGED_HELM = path.join("lib", "bindings", "gen", "helm");
/**
 * The Helm provider the bindings are generated for: the version
 * @cdktf/provider-helm 12.1.2 was generated from, and its source written as
 * that package writes it ("helm", i.e. hashicorp/helm), so that both
 * packages synthesize the same required_providers.
 */
const HELM_PROVIDER = { name: "helm", source: "helm", version: "3.1.1" };
/** The generated Helm classes the bindings use (the rest of the provider is not shipped). */
const HELM_RESOURCES = ["provider", "release"];

/**
 * cdktf module name (exact, or a prefix ending in "/") -> its cdktn
 * counterpart. `constructs` keeps its name but is cdktn's copy (10.6, a peer
 * range cdktf 0.21's 10.4 is outside of). `helm:` marks the generated bindings.
 * Every module the bindings import must be listed: the build refuses others.
 */
const MODULES = [
  { cdktf: "cdktf", cdktn: "cdktn" },
  { cdktf: "cdktf/", cdktn: "cdktn/" },
  { cdktf: "constructs", cdktn: "constructs" },
  { cdktf: "@cdktf/provider-azurerm/lib/", cdktn: "@cdktn/provider-azurerm/lib/" },
  { cdktf: "@cdktf/provider-azurerm/package.json", cdktn: "@cdktn/provider-azurerm/package.json" },
  { cdktf: "@cdktf/provider-helm/lib/", cdktn: "helm:" },
];

/** The cdktn module name for a cdktf one, or undefined when it is not a framework module. */
function mapModule(name) {
  for (const m of MODULES) {
    if (m.cdktf.endsWith("/") ? name.startsWith(m.cdktf) : name === m.cdktf) return m.cdktn + name.slice(m.cdktf.length);
  }
  return undefined;
}

/** A mapped name as seen from the staged lib/bindings/ directory. */
function stagedSpecifier(mapped) {
  return mapped.startsWith("helm:") ? `./gen/helm/${mapped.slice("helm:".length)}` : mapped;
}

/** A mapped name as a path (for `paths`, Jest and the runtime resolver); npm names resolve in packages/cdktn. */
function mappedPath(mapped) {
  if (mapped.startsWith("helm:")) return `${path.join(BUILD_DIR, STAGED_HELM)}/${mapped.slice("helm:".length)}`;
  return path.join(CDKTN_MODULES, mapped);
}

// ---------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} exited ${r.status}`);
  return r;
}

function requireInstall() {
  if (!fs.existsSync(path.join(CDKTN_MODULES, "cdktn", "package.json"))) {
    throw new Error("packages/cdktn/node_modules is missing: run `npm run cdktn:install` (npm ci in packages/cdktn)");
  }
}

/** Node >= 22.19 for cdktn-cli: `CDKTN_NODE`, else `node` on PATH when new enough, else .ci/node22.sh unpacks one. */
function node22() {
  if (process.env.CDKTN_NODE) return process.env.CDKTN_NODE;
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major > 22 || (major === 22 && minor >= 19)) return process.execPath;
  const r = spawnSync(path.join(ROOT, ".ci", "node22.sh"), [path.join(ROOT, ".tools", "node22")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(".ci/node22.sh failed");
  return r.stdout.trim();
}

/** The environment for cdktn-cli: Node 22 first on PATH, since the CLI starts the app with `node`. */
function cliEnv() {
  return { ...process.env, CHECKPOINT_DISABLE: "1", PATH: `${path.dirname(node22())}${path.delimiter}${process.env.PATH}` };
}

/**
 * For `cdktn get`: OpenTofu with the offline provider mirror when
 * ../shared/terraform is there (unpacked as the provider check does), else
 * the CLI's own choice (`terraform` on PATH, or TERRAFORM_BINARY_NAME).
 */
function getEnv() {
  const install = path.resolve(ROOT, "..", "shared", "terraform", "install.sh");
  if (process.env.TERRAFORM_BINARY_NAME || !fs.existsSync(install)) return {};
  const dir = path.join(ROOT, ".tools", "tofu");
  const r = spawnSync(install, [dir], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(`${install} failed`);
  return { TERRAFORM_BINARY_NAME: r.stdout.trim(), TF_CLI_CONFIG_FILE: path.join(dir, "tofurc") };
}

/** Runs the cdktn CLI on Node 22 in `cwd`. */
function cdktnCli(args, cwd, extraEnv = {}) {
  const env = { ...cliEnv(), ...extraEnv };
  return run(node22(), [path.join(CDKTN_MODULES, "cdktn-cli", "bundle", "bin", "cdktn"), ...args], { cwd, env });
}

// ---------------------------------------------------------------------------
// Helm bindings
// ---------------------------------------------------------------------------

/** What the generated bindings depend on: regenerated when it changes. */
function genStamp() {
  const cli = JSON.parse(fs.readFileSync(path.join(CDKTN_MODULES, "cdktn-cli", "package.json"), "utf8")).version;
  return JSON.stringify({ cli, provider: HELM_PROVIDER, resources: HELM_RESOURCES });
}

/** `cdktn get` for the Helm provider into packages/cdktn/.gen (skipped when current). */
function generateHelm() {
  requireInstall();
  const stampFile = path.join(GEN_DIR, "stamp.json");
  const stamp = genStamp();
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp && HELM_RESOURCES.every((r) => fs.existsSync(path.join(GEN_DIR, "providers", "helm", r, "index.ts")))) return;
  const started = Date.now();
  const work = path.join(CDKTN_DIR, ".gen-work");
  // `cdktn get` skips providers whose constraint it has generated before; start empty.
  fs.rmSync(GEN_DIR, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  fs.writeFileSync(
    path.join(work, "cdktf.json"),
    JSON.stringify({ language: "typescript", app: "true", terraformProviders: [HELM_PROVIDER], codeMakerOutput: GEN_DIR }, null, 2),
  );
  try {
    cdktnCli(["get"], work, getEnv());
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  fs.writeFileSync(stampFile, stamp);
  process.stderr.write(`cdktn: generated hashicorp/helm ${HELM_PROVIDER.version} bindings in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

// ---------------------------------------------------------------------------
// Staging and build
// ---------------------------------------------------------------------------

/** Copies `from` into `to`, files for which `keep` holds. */
function copyTree(from, to, keep = () => true) {
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) copyTree(src, dst, keep);
    else if (keep(src)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(src, dst);
    }
  }
}

/**
 * A bindings file with its framework module names mapped. Uses the
 * TypeScript parser, so only real module specifiers change; a module not in
 * MODULES is an error (the table must say what it becomes).
 */
function rewriteBindings(file) {
  const ts = require("typescript");
  const text = fs.readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  /** @type {{ start: number; end: number; value: string }[]} */
  const edits = [];
  for (const st of sf.statements) {
    const spec = (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier;
    if (!spec || !ts.isStringLiteral(spec)) continue;
    const mapped = mapModule(spec.text);
    if (mapped === undefined) throw new Error(`${path.relative(ROOT, file)}: module "${spec.text}" has no cdktn counterpart in scripts/cdktn.js MODULES`);
    edits.push({ start: spec.getStart(sf), end: spec.getEnd(), value: JSON.stringify(stagedSpecifier(mapped)) });
  }
  let out = text;
  for (const e of edits.reverse()) out = out.slice(0, e.start) + e.value + out.slice(e.end);
  return out;
}

/** The cdktn package's manifest: the root's, with the fields packages/cdktn/package.json owns. */
function packageManifest() {
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const own = JSON.parse(fs.readFileSync(path.join(CDKTN_DIR, "package.json"), "utf8"));
  const { scripts: _s, devDependencies: _d, peerDependencies: _p, peerDependenciesMeta: _m, ...shared } = root;
  return {
    ...shared,
    name: own.name,
    description: own.description,
    keywords: own.keywords,
    engines: own.engines,
    peerDependencies: own.peerDependencies,
  };
}

/** Stages the package root in packages/cdktn/build/. */
function stage() {
  generateHelm();
  fs.rmSync(BUILD_DIR, { recursive: true, force: true });
  copyTree(path.join(ROOT, "lib"), path.join(BUILD_DIR, "lib"), (f) => /\.(ts|json)$/.test(f));
  copyTree(path.join(ROOT, "schema"), path.join(BUILD_DIR, "schema"));
  copyTree(path.join(ROOT, "docs"), path.join(BUILD_DIR, "docs"), (f) => f.endsWith(".md"));
  for (const f of ["main.ts", "README.md"]) fs.copyFileSync(path.join(ROOT, f), path.join(BUILD_DIR, f));
  const bindings = path.join(BUILD_DIR, "lib", "bindings");
  for (const f of fs.readdirSync(bindings).filter((n) => n.endsWith(".ts"))) {
    fs.writeFileSync(path.join(bindings, f), rewriteBindings(path.join(ROOT, "lib", "bindings", f)));
  }
  for (const r of HELM_RESOURCES) {
    copyTree(path.join(GEN_DIR, "providers", "helm", r), path.join(BUILD_DIR, STAGED_HELM, r), (f) => f.endsWith(".ts"));
  }
  const base = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.build.json"), "utf8"));
  const tsconfig = {
    extends: path.join(ROOT, "tsconfig.json"),
    compilerOptions: { ...base.compilerOptions, typeRoots: [path.join(ROOT, "node_modules", "@types")] },
    include: base.include,
    exclude: [],
  };
  fs.writeFileSync(path.join(BUILD_DIR, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  fs.writeFileSync(path.join(BUILD_DIR, "package.json"), `${JSON.stringify(packageManifest(), null, 2)}\n`);
}

function tsc(args) {
  run(process.execPath, [require.resolve("typescript/bin/tsc"), ...args], { cwd: ROOT });
}

/** Stage, compile (dist/lib is what the package ships), bundle the app. */
function build() {
  requireInstall();
  const t0 = Date.now();
  stage();
  const t1 = Date.now();
  tsc(["-p", path.join(BUILD_DIR, "tsconfig.json")]);
  const t2 = Date.now();
  const esbuild = require("esbuild");
  const { BUNDLE_OPTIONS } = require("./bundle-app");
  esbuild.buildSync({ ...BUNDLE_OPTIONS, entryPoints: [path.join(BUILD_DIR, "dist", "main.js")], outfile: path.join(BUILD_DIR, "dist", "app.js"), sourcemap: "linked" });
  const t3 = Date.now();
  process.stderr.write(`cdktn: built packages/cdktn/build (stage ${((t1 - t0) / 1000).toFixed(1)} s, tsc ${((t2 - t1) / 1000).toFixed(1)} s, bundle ${((t3 - t2) / 1000).toFixed(1)} s)\n`);
}

// ---------------------------------------------------------------------------
// Type-check, tests, runtime
// ---------------------------------------------------------------------------

/** tsconfig `paths` that send the cdktf module names to cdktn's. */
function tsPaths() {
  /** @type {Record<string, string[]>} */
  const paths = {};
  for (const m of MODULES) {
    const key = m.cdktf.endsWith("/") ? `${m.cdktf}*` : m.cdktf;
    paths[key] = [mappedPath(m.cdktn) + (m.cdktf.endsWith("/") ? "*" : "")];
  }
  return paths;
}

/** `tsc --noEmit` over the repository's sources with the framework modules mapped to cdktn. */
function typecheck() {
  requireInstall();
  if (!fs.existsSync(path.join(BUILD_DIR, STAGED_HELM))) throw new Error("packages/cdktn/build is missing: run `npm run cdktn:build` first");
  const base = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));
  const config = {
    extends: path.join(ROOT, "tsconfig.json"),
    compilerOptions: { baseUrl: ROOT, paths: tsPaths(), typeRoots: [path.join(ROOT, "node_modules", "@types")] },
    include: base.include.map((/** @type {string} */ p) => path.join(ROOT, p)),
    exclude: base.exclude.map((/** @type {string} */ p) => path.join(ROOT, p)),
  };
  const file = path.join(BUILD_DIR, "tsconfig.typecheck.json");
  fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  tsc(["-p", file]);
}

/** Jest `moduleNameMapper`: lib/bindings/* to the staged cdktn bindings, cdktf names (examples) to cdktn's. */
function jestModuleNameMapper() {
  const esc = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  /** @type {Record<string, string>} */
  const mapper = { "^(?:\\.\\.?/)+(?:lib/)?bindings/(cdktf|azurerm|helm)$": path.join(BUILD_DIR, "lib", "bindings", "$1.ts") };
  for (const m of MODULES) {
    if (m.cdktn.startsWith("helm:")) continue; // only the bindings import it, and they are mapped whole
    const key = m.cdktf.endsWith("/") ? `^${esc(m.cdktf)}(.*)$` : `^${esc(m.cdktf)}$`;
    mapper[key] = path.join(CDKTN_MODULES, m.cdktn) + (m.cdktf.endsWith("/") ? "$1" : "");
  }
  return mapper;
}

/**
 * Makes `require` in this process resolve as the cdktn package does: the
 * repository's lib/bindings/*.ts become the staged ones, and cdktf module
 * names (an example's own imports) become cdktn's. For running apps from
 * source (with scripts/register-ts.js) against cdktn.
 */
function registerCdktn() {
  requireInstall();
  if (!fs.existsSync(path.join(BUILD_DIR, STAGED_HELM))) throw new Error("packages/cdktn/build is missing: run `npm run cdktn:build` first");
  const Module = require("module");
  const bindings = path.join(ROOT, "lib", "bindings") + path.sep;
  const original = /** @type {any} */ (Module)._resolveFilename;
  /** @type {any} */ (Module)._resolveFilename = function (/** @type {string} */ request, /** @type {any} */ parent, /** @type {boolean} */ isMain, /** @type {any} */ options) {
    const mapped = mapModule(request);
    if (mapped !== undefined && !mapped.startsWith("helm:")) return original.call(this, mapped, parent, isMain, { paths: [CDKTN_DIR] });
    const resolved = original.call(this, request, parent, isMain, options);
    return resolved.startsWith(bindings) ? path.join(BUILD_DIR, "lib", "bindings", resolved.slice(bindings.length)) : resolved;
  };
}

/**
 * `cdktn <args>` from the repository root on Node 22, with the cdktn bundle as
 * the app and cdktn.out as the output directory (cdktf.json stays cdktf's),
 * so `cdktn synth`, `diff <env>` and `deploy <env>` work as `cdktf ...` does.
 */
function cli(/** @type {string[]} */ args, outdir = "cdktn.out") {
  requireInstall();
  const app = path.join(BUILD_DIR, "dist", "app.js");
  if (!fs.existsSync(app)) throw new Error("packages/cdktn/build/dist/app.js is missing: run `npm run cdktn:build` first");
  const extra = [];
  if (!args.some((a) => a === "--app" || a === "-a" || a.startsWith("--app="))) extra.push("--app", `node ${path.relative(ROOT, app)}`);
  if (!args.some((a) => a === "--output" || a === "-o" || a.startsWith("--output="))) extra.push("--output", outdir);
  cdktnCli([...args, ...extra], ROOT);
}

module.exports = { MODULES, mapModule, BUILD_DIR, CDKTN_DIR, CDKTN_MODULES, build, cli, jestModuleNameMapper, registerCdktn, requireInstall, tsPaths };

if (require.main === module) {
  const cmd = process.argv[2];
  const commands = {
    build,
    typecheck,
    gen: generateHelm,
    cli: () => cli(process.argv.slice(3)),
    paths: () => process.stdout.write(`${JSON.stringify(tsPaths(), null, 2)}\n`),
  };
  if (!cmd || !(cmd in commands)) {
    process.stderr.write(`usage: node scripts/cdktn.js ${Object.keys(commands).join(" | ")}\n`);
    process.exitCode = 2;
  } else {
    try {
      commands[/** @type {keyof typeof commands} */ (cmd)]();
    } catch (e) {
      process.stderr.write(`cdktn: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    }
  }
}
