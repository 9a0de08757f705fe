/**
 * The library as a user gets it: `npm pack` (which cleans and rebuilds
 * dist/), the tarball installed into a fresh project together with the peer
 * dependencies at the versions this repository pins, then a user's program
 * (consumer/main.ts) compiled against the shipped .d.ts and synthesized there.
 *
 * Run with `npm run test:package`, not `npm test`: it takes tens of seconds.
 * The install prefers the npm cache that `npm ci` filled, so it works offline
 * once the cache holds the peers.
 *
 * `AKS_PACKAGE=cdktn` (`npm run cdktn:test:package`, after `npm run
 * cdktn:build`) tests the CDK Terrain package the same way: packed from
 * packages/cdktn/build, installed with cdktn's peers and the `overrides`
 * entry its README asks consumers for, and the same user's program with its
 * imports moved as docs/migrating-to-cdktn.md says (scripts/cdktn.js MODULES).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const CONSUMER = path.join(__dirname, "consumer");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const CDKTN = process.env.AKS_PACKAGE === "cdktn";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdktn = CDKTN ? (require("../../scripts/cdktn") as { BUILD_DIR: string; CDKTN_DIR: string; mapModule(name: string): string | undefined }) : undefined;
/** The package root that is packed: the repository, or the staged cdktn package. */
const PACKAGE_ROOT = cdktn ? cdktn.BUILD_DIR : ROOT;
const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8"));
/** Where the pinned peer versions (devDependencies) and the consumers' `overrides` come from. */
const install = cdktn ? JSON.parse(fs.readFileSync(path.join(cdktn.CDKTN_DIR, "package.json"), "utf8")) : manifest;
const PEERS = cdktn ? ["cdktn", "constructs", "@cdktn/provider-azurerm"] : ["cdktf", "constructs", "@cdktf/provider-azurerm"];
/** The azurerm version each package's prebuilt bindings pin. */
const AZURERM_PIN = cdktn ? "4.73.0" : "4.55.0";

interface Packed {
  filename: string;
  files: { path: string }[];
}

/** The environment for child processes, without what `npm run` set for this repository. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.toLowerCase().startsWith("npm_") || /^npm_config_(cache|userconfig|registry)$/i.test(k)) env[k] = v;
  }
  return { ...env, CHECKPOINT_DISABLE: "1", ...extra };
}

function run(cmd: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { cwd, env: childEnv(extraEnv), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Every path under `dir`, relative, sorted. */
function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      out.push(path.relative(dir, p));
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** A user's program with its imports moved to CDK Terrain, as the migration guide says. */
function movedImports(source: string): string {
  const moved = source.replace(/from "([^"]+)"/g, (whole, name: string) => {
    // The package and its subpaths (`/testing`, `/app`): the CDK Terrain package has the same exports.
    if (name === "aks-byocni-cdktf" || name.startsWith("aks-byocni-cdktf/")) return `from "${manifest.name}${name.slice("aks-byocni-cdktf".length)}"`;
    const to = cdktn!.mapModule(name);
    return to === undefined ? whole : `from "${to}"`;
  });
  expect(moved).not.toMatch(/from "[^"]*cdktf/);
  return moved;
}

function readJson(file: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

let work: string;
let project: string;
let packed: Packed;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "aks-package-"));
  project = path.join(work, "project");
  packed = JSON.parse(run(NPM, ["pack", "--json", "--pack-destination", work], PACKAGE_ROOT).stdout)[0];

  fs.mkdirSync(project);
  const dependencies: Record<string, string> = { [manifest.name]: `file:${path.join(work, packed.filename)}` };
  for (const peer of PEERS) dependencies[peer] = install.devDependencies[peer];
  const overrides = cdktn ? install.overrides : undefined;
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, dependencies, overrides }, null, 2));
  run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock"], project);
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("the tarball", () => {
  test("ships compiled JavaScript and declarations of lib/, the README and docs, nothing else", () => {
    const files = packed.files.map((f) => f.path).sort();
    const allowed = [/^package\.json$/, /^README\.md$/, /^LICENSE(\.\w+)?$/, /^docs\/[^/]+\.md$/, /^dist\/lib\/.+\.(js|d\.ts|json)$/, /^dist\/schema\/[^/]+\.json$/, /^schema\/[^/]+\.json$/];
    expect(files.filter((f) => !allowed.some((re) => re.test(f)))).toEqual([]);
    // docs/rules.md: the app's fix lines name a rule's anchor in it.
    expect(files).toEqual(expect.arrayContaining(["README.md", "docs/rules.md", "dist/lib/index.js", "dist/lib/index.d.ts", "dist/lib/testing/index.js", "dist/lib/testing/index.d.ts"]));
  });

  test("every shipped module is built from a current source file and has its declarations", () => {
    const js = packed.files.map((f) => f.path).filter((f) => f.endsWith(".js"));
    const stale = js.filter((f) => !fs.existsSync(path.join(PACKAGE_ROOT, f.replace(/^dist\//, "").replace(/\.js$/, ".ts"))));
    expect(stale).toEqual([]);
    const names = new Set(packed.files.map((f) => f.path));
    expect(js.filter((f) => !names.has(f.replace(/\.js$/, ".d.ts")))).toEqual([]);
  });

  test("every target of `exports`, `main` and `types` is in it", () => {
    const names = new Set(packed.files.map((f) => f.path));
    const targets = [manifest.main, manifest.types];
    for (const entry of Object.values(manifest.exports as Record<string, string | Record<string, string>>)) {
      targets.push(...(typeof entry === "string" ? [entry] : Object.values(entry)));
    }
    expect(targets.map((t) => t.replace(/^\.\//, "")).filter((t) => !names.has(t))).toEqual([]);
  });
});

describe("installed with its peers", () => {
  test("uses the project's single copy of each peer, and the optional Helm bindings are not needed", () => {
    const installed = path.join(project, "node_modules", manifest.name);
    for (const peer of PEERS) {
      expect(fs.existsSync(path.join(installed, "node_modules", peer))).toBe(false);
      expect(fs.existsSync(path.join(project, "node_modules", peer, "package.json"))).toBe(true);
    }
    expect(fs.existsSync(path.join(project, "node_modules", "@cdktf", "provider-helm"))).toBe(false);
  });

  test("the subpath exports resolve: the app, the testing helpers, and the config schema for editors", () => {
    const r = run(
      process.execPath,
      [
        "-e",
        `const app = require(${JSON.stringify(`${manifest.name}/app`)}); const schema = require(${JSON.stringify(`${manifest.name}/schema.json`)});` +
          `process.stdout.write(JSON.stringify({ runApp: typeof app.runApp, synthesizeSafely: typeof app.synthesizeSafely, title: schema.title ?? null, root: Object.keys(schema.properties ?? schema.definitions ?? {}).length > 0 }));`,
      ],
      project,
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ runApp: "function", synthesizeSafely: "function", root: true });
    expect(fs.existsSync(path.join(project, "node_modules", manifest.name, "schema", "aks-byocni-config.schema.json"))).toBe(true);
  });

  test("importing the package creates no files and prints nothing", () => {
    const dirs = ["cwd", "tmp", "home"].map((d) => path.join(project, "side-effects", d));
    dirs.forEach((d) => fs.mkdirSync(d, { recursive: true }));
    const before = listTree(path.join(project, "node_modules", manifest.name));
    const r = run(
      process.execPath,
      ["-e", `require(${JSON.stringify(manifest.name)}); require(${JSON.stringify(`${manifest.name}/testing`)});`],
      dirs[0]!,
      { TMPDIR: dirs[1]!, HOME: dirs[2]! },
    );
    expect({ stdout: r.stdout, stderr: r.stderr }).toEqual({ stdout: "", stderr: "" });
    expect(dirs.flatMap((d) => fs.readdirSync(d))).toEqual([]);
    expect(listTree(path.join(project, "node_modules", manifest.name))).toEqual(before);
  });

  if (cdktn) {
    test("without the consumer's `overrides` entry npm refuses the install: @cdktn/provider-azurerm 16.1.0 asks for cdktn ^0.23.0", () => {
      const dir = path.join(work, "no-overrides");
      fs.mkdirSync(dir);
      const { overrides: _, ...withoutOverrides } = readJson(path.join(project, "package.json"));
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(withoutOverrides, null, 2));
      const r = spawnSync(NPM, ["install", "--dry-run", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: dir, env: childEnv(), encoding: "utf8" });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/ERESOLVE[\s\S]*peer cdktn@"\^0\.23\.0" from @cdktn\/provider-azurerm@16\.1\.0/);
    });
  }

  test("the Cilium stack: the CDK Terrain package ships its Helm bindings; the cdktf one asks for the optional peer", () => {
    const dir = path.join(project, "cilium");
    fs.mkdirSync(path.join(dir, "config"), { recursive: true });
    fs.writeFileSync(
      path.join(dir, "config", "dev.yaml"),
      [
        "location: eastus",
        "resourceGroup: { name: rg-dev }",
        "cluster: { name: aks-dev, apiServer: { authorizedIpRanges: [203.0.113.0/24] } }",
        'cni: { plugin: cilium, version: "1.18.4" }',
        "",
      ].join("\n"),
    );
    const program = `process.exitCode = require(${JSON.stringify(`${manifest.name}/app`)}).runApp({ configDir: "config", outdir: "out" });`;
    const r = spawnSync(process.execPath, ["-e", program], { cwd: dir, env: childEnv(), encoding: "utf8" });
    if (cdktn) {
      expect(r.status).toBe(0);
      const json = readJson(path.join(dir, "out", "stacks", "dev-cni", "cdk.tf.json"));
      expect(json.terraform.required_providers.helm).toEqual({ source: "helm", version: "3.1.1" });
      expect(json.resource.helm_release.cilium).toMatchObject({ chart: "cilium", version: "1.18.4" });
    } else {
      expect(r.status).not.toBe(0);
      expect(r.stdout + r.stderr).toContain("npm install @cdktf/provider-helm@");
    }
  });

  describe("a user's app", () => {
    let out: string;
    let r: ReturnType<typeof run>;

    beforeAll(() => {
      for (const f of ["main.ts", "tsconfig.json"]) fs.copyFileSync(path.join(CONSUMER, f), path.join(project, f));
      if (cdktn) fs.writeFileSync(path.join(project, "main.ts"), movedImports(fs.readFileSync(path.join(CONSUMER, "main.ts"), "utf8")));
      // The repository's compiler, but the project's node_modules: types come from the shipped .d.ts.
      run(process.execPath, [require.resolve("typescript/bin/tsc", { paths: [ROOT] }), "-p", project], project);
      out = path.join(project, "cdktf.out");
      r = run(process.execPath, ["main.js"], project, { CDKTF_OUTDIR: out });
    });

    test("synthesizes both stacks", () => {
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(Object.keys(readJson(path.join(out, "manifest.json")).stacks).sort()).toEqual(["dev", "platform"]);
    });

    test("two clusters in the user's stack, with the user's provider, in subnets read from elsewhere", () => {
      const json = readJson(path.join(out, "stacks", "platform", "cdk.tf.json"));
      // The constructs add no provider: the user's is the only one.
      expect(json.provider.azurerm).toEqual([{ features: [{}], subscription_id: "00000000-0000-0000-0000-000000000000" }]);
      expect(json.terraform.required_providers.azurerm).toEqual({ source: "azurerm", version: AZURERM_PIN });
      // The resource group and VNet are not created here.
      expect(json.resource.azurerm_resource_group).toBeUndefined();
      expect(json.resource.azurerm_virtual_network).toBeUndefined();
      expect(json.resource.azurerm_subnet).toBeUndefined();

      const clusters = Object.values(json.resource.azurerm_kubernetes_cluster) as Record<string, any>[];
      expect(clusters.map((c) => c.name).sort()).toEqual(["aks-team-a", "aks-team-b"]);
      for (const c of clusters) {
        const team = c.name.replace(/^aks-/, "");
        expect(c.resource_group_name).toBe("${data.azurerm_resource_group.shared.name}");
        expect(c.network_profile).toMatchObject({ network_plugin: "none", service_cidr: "10.0.0.0/16", dns_service_ip: "10.0.0.10" });
        expect(c.default_node_pool.vnet_subnet_id).toBe(`\${data.azurerm_subnet.${team}-subnet.id}`);
        expect(c.identity.type).toBe("UserAssigned");
        expect(c.depends_on).toEqual([expect.stringMatching(new RegExp(`^azurerm_role_assignment\\.${team}-network_subnet-role_`))]);
      }
      expect(clusters.map((c) => c.network_profile.pod_cidr).sort()).toEqual(["10.244.0.0/16", "10.245.0.0/16"]);

      const grants = Object.values(json.resource.azurerm_role_assignment) as Record<string, any>[];
      expect(grants.map((g) => g.scope).sort()).toEqual(["${data.azurerm_subnet.team-a-subnet.id}", "${data.azurerm_subnet.team-b-subnet.id}"]);
      expect(grants.every((g) => g.role_definition_name === "Network Contributor" && g.principal_type === "ServicePrincipal")).toBe(true);
      expect(Object.keys(json.resource.azurerm_kubernetes_cluster_node_pool)).toHaveLength(2);
      expect(Object.keys(json.output)).toEqual(expect.arrayContaining(["team_a_id", "team_b_id", "team_a_pod_cidr", "team_b_pod_cidr"]));
    });

    test("a plain app.synth() writes what the app writes: the checkov config of the policy pack, and each cluster's address plan", () => {
      const dev = path.join(out, "stacks", "dev");
      const platform = path.join(out, "stacks", "platform");
      expect(fs.readFileSync(path.join(dev, ".checkov.yaml"), "utf8")).toMatch(/skip-check:\n(.*\n)*  - CKV_AZURE_7\n/);
      for (const file of ["address-plan.md", "address-plan.svg", "address-plan.json"]) expect(fs.existsSync(path.join(dev, file))).toBe(true);
      // Two clusters in one stack: a plan each, named by the cluster.
      for (const team of ["team-a", "team-b"]) expect(readJson(path.join(platform, `address-plan-${team}.json`)).stack).toBe("platform");
    });

    test("the AksByoCniStack brings its own provider, resource group and cluster", () => {
      const json = readJson(path.join(out, "stacks", "dev", "cdk.tf.json"));
      expect(json.provider.azurerm).toEqual([{ features: [{}] }]);
      expect(Object.values(json.resource.azurerm_resource_group)).toEqual([expect.objectContaining({ name: "rg-aks-dev", location: "eastus" })]);
      const [cluster] = Object.values(json.resource.azurerm_kubernetes_cluster) as Record<string, any>[];
      expect(cluster.network_profile).toMatchObject({ network_plugin: "none", pod_cidr: "10.244.0.0/16" });
      expect(cluster.identity.type).toBe("SystemAssigned");
    });
  });
});
