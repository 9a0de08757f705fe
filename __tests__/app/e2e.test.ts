/**
 * The app as a user runs it: the command cdktf.json gives `cdktf synth`
 * (the bundled dist/app.js) on a config directory, as a separate process.
 * `npm test` builds dist/ first.
 */
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { dump as stringify } from "js-yaml";
import { RULE_CATALOGUE } from "../../lib/rules/catalogue";
import { configDirWith, seedConfig, tempDir, vnetConfig, withField } from "../support";

const ROOT = path.join(__dirname, "..", "..");
const APP = appCommand();

/** cdktf.json's `app` ("node dist/app.js"), with this Node; the file must have been built. */
function appCommand(): { file: string; args: string[] } {
  const [program, ...args] = (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app.split(/\s+/);
  if (program !== "node") throw new Error(`cdktf.json's app is expected to start with node, not ${program}`);
  const script = args.find((a) => a.endsWith(".js"));
  if (!script || !fs.existsSync(path.join(ROOT, script))) throw new Error(`${script ?? "the app"} is missing: run \`npm run build\` (npm test does)`);
  return { file: process.execPath, args };
}

/** Runs the app (`command`, default cdktf.json's) on a config directory into `out`. */
function run(configDir: string, out: string, env: Record<string, string> = {}, command: { file: string; args: string[] } = APP) {
  const r = spawnSync(command.file, command.args, {
    cwd: ROOT,
    env: { ...process.env, AKS_CONFIG_DIR: configDir, CDKTF_OUTDIR: out, CHECKPOINT_DISABLE: "1", ...env },
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A config directory with one `<name>.yaml` per config. */
function configDir(configs: Record<string, unknown>): string {
  return configDirWith(Object.fromEntries(Object.entries(configs).map(([name, config]) => [`${name}.yaml`, stringify(config)])));
}

/** Every file under a directory with its SHA-256, to prove nothing changed. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

const outdir = tempDir("aks-e2e-out-");

test("a good config directory is synthesized into cdk.tf.json per stack", () => {
  const r = run(configDir({ dev: seedConfig(), prod: vnetConfig() }), outdir);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack traces
  expect(r.status).toBe(0);
  for (const stack of ["dev", "prod"]) {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    const aks = Object.values(json.resource.azurerm_kubernetes_cluster)[0] as Record<string, any>;
    expect(aks.network_profile).toMatchObject({ network_plugin: "none", pod_cidr: "10.244.0.0/16" });
    expect(fs.existsSync(path.join(outdir, "stacks", stack, ".checkov.yaml"))).toBe(true);
  }
  const prod = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "prod", "cdk.tf.json"), "utf8"));
  expect(Object.keys(prod.resource)).toEqual(expect.arrayContaining(["azurerm_virtual_network", "azurerm_subnet", "azurerm_user_assigned_identity", "azurerm_role_assignment"]));
  expect(JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")).stacks).toHaveProperty("prod");
  expect(r.stdout).toMatch(/^synth: note: wrote 2 stacks \(dev, prod\) to /m);
});

test("one good and two bad environments: every problem of both bad stacks, exit 1, output untouched", () => {
  const before = fingerprint(outdir);
  expect(Object.keys(before).length).toBeGreaterThan(0);
  const r = run(
    configDir({
      dev: seedConfig(),
      bad1: withField(seedConfig(), "network.podCidr", "172.16.0.0/12"),
      bad2: withField(withField(vnetConfig(), "network.dnsServiceIp", "10.0.0.1"), "network.vnet.subnet.addressPrefixes", ["10.224.0.0/29"]),
    }),
    outdir,
  );
  expect(r.status).toBe(1);
  const errors = r.stderr.split("\n").filter((l) => l && !l.includes(": warning: "));
  expect(errors).toEqual([
    expect.stringMatching(/^bad1: network\.podCidr: pod CIDR 172\.16\.0\.0\/12 overlaps 172\.30\.0\.0\/16 and 172\.31\.0\.0\/16, which AKS reserves; .* \[RES-02\]$/),
    expect.stringMatching(/^bad2: network\.dnsServiceIp: 10\.0\.0\.1 is the first address of 10\.0\.0\.0\/16, .* \[DNS-02\]$/),
    expect.stringMatching(/^bad2: network\.vnet\.subnet\.addressPrefixes\[0\]: 10\.224\.0\.0\/29 has 3 usable addresses \(Azure reserves 5\) but the cluster starts with 6 nodes; .* \[NET-07\]$/),
    // After the problems, how to fix each rule that broke, and where it is documented.
    `synth: fix RES-02: ${RULE_CATALOGUE["RES-02"]!.fix} (docs/rules.md#res-02)`,
    `synth: fix DNS-02: ${RULE_CATALOGUE["DNS-02"]!.fix} (docs/rules.md#dns-02)`,
    `synth: fix NET-07: ${RULE_CATALOGUE["NET-07"]!.fix} (docs/rules.md#net-07)`,
  ]);
  // The fix lines of warnings go with the warnings, to stdout, before the summary.
  const out = r.stdout.split("\n").filter(Boolean);
  const warned = [...new Set(out.map((l) => /^\w+: warning: .* \[([A-Z][A-Z0-9_]*-?\d*)(?: \/ [^\]]+)?\]$/.exec(l)?.[1]).filter((id): id is string => id !== undefined))];
  expect(warned.length).toBeGreaterThan(0);
  expect(out.filter((l) => l.startsWith("synth: fix "))).toEqual(warned.map((id) => expect.stringMatching(new RegExp(`^synth: fix ${id}: .+ \\(docs/rules\\.md#${id.toLowerCase()}\\)$`))));
  expect(out[out.length - 1]).toMatch(/^synth: note: 3 problems found/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toMatch(/3 problems found; nothing was written to /);
  expect(fingerprint(outdir)).toEqual(before);
});

test("the guide's own cluster, written with only what its CLI command sets, synthesizes (warnings allowed)", () => {
  const out = tempDir("aks-e2e-guide-");
  const r = run(path.join(ROOT, "examples", "guide"), out);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  // guide.yaml: location, resource group and cluster name, as `az aks create --location --resource-group --name --network-plugin none` sets them.
  expect(fs.readFileSync(path.join(ROOT, "examples", "guide", "guide.yaml"), "utf8").split("\n").filter((l) => l && !l.startsWith("#"))).toEqual([
    "location: eastus",
    "resourceGroup: { name: myResourceGroup }",
    "cluster: { name: myAKSCluster }",
  ]);
  // A recommendation that costs a second pool warns and says how to meet it.
  expect(r.stdout).toMatch(/^guide: warning: .*only_critical_addons_enabled is not true, and the cluster has no user pool.* Fix: add a pool to cluster\.userNodePools.*\[CKV_AZURE_232\]$/m);
  const json = JSON.parse(fs.readFileSync(path.join(out, "stacks", "guide", "cdk.tf.json"), "utf8"));
  const aks = Object.values(json.resource.azurerm_kubernetes_cluster)[0] as Record<string, any>;
  expect(Object.values(json.resource.azurerm_resource_group)[0]).toMatchObject({ name: "myResourceGroup", location: "eastus" });
  // az aks create's defaults: pool nodepool1 of 3 nodes; a system-pool VM size whose temp disk holds an ephemeral OS disk; no SSH key.
  expect(aks).toMatchObject({ name: "myAKSCluster", location: "eastus" });
  expect(aks.linux_profile).toBeUndefined();
  expect(aks.default_node_pool).toMatchObject({ name: "nodepool1", node_count: 3, vm_size: "Standard_D4ds_v5", os_disk_type: "Ephemeral" });
  expect(aks.network_profile).toMatchObject({ network_plugin: "none", pod_cidr: "10.244.0.0/16" });
  for (const file of ["address-plan.md", "address-plan.svg", "address-plan.json", ".checkov.yaml"]) expect(fs.existsSync(path.join(out, "stacks", "guide", file))).toBe(true);
});

test.each([
  ["", {}, []],
  [", both renamed from one pool", { renamedFrom: "old" }, ["DAY-05"]],
])("two user pools with one name%s: a NAME-06 line, not a crash", (_what, extra, also) => {
  const out = tempDir("aks-e2e-dup-");
  const pools = [
    { name: "apps", nodeCount: 2, vmSize: "Standard_D4ds_v5", ...extra },
    { name: "apps", nodeCount: 2, vmSize: "Standard_D4ds_v5", ...extra },
  ];
  const r = run(configDir({ dup: withField(vnetConfig(), "cluster.userNodePools", pools) }), out);
  expect(r.status).toBe(1);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  const lines = r.stderr.split("\n").filter(Boolean);
  expect(lines).toEqual([
    expect.stringMatching(/^dup: cluster\.userNodePools\[1\]\.name: "apps" is already the name of cluster\.userNodePools\[0\] \[NAME-06\]$/),
    ...also.map((rule) => expect.stringMatching(new RegExp(`^dup: cluster\\.userNodePools\\[1\\]\\.renamedFrom: .*\\[${rule}\\]$`))),
    "synth: fix NAME-06: give every pool, and every temporaryNameForRotation, a name no other pool uses (docs/rules.md#name-06)",
    ...also.map((rule) => expect.stringMatching(new RegExp(`^synth: fix ${rule}: `))),
  ]);
});

test("a quote in one environment's ID hides no other environment's problems", () => {
  const out = tempDir("aks-e2e-quote-");
  const quoted = withField(seedConfig(), "cluster.kubeletIdentity", { id: 'x"y', clientId: "00000000-0000-0000-0000-000000000001", objectId: "00000000-0000-0000-0000-000000000002" });
  const r = run(configDir({ quoted, reserved: withField(seedConfig(), "network.podCidr", "172.16.0.0/12") }), out);
  expect(r.status).toBe(1);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  const errors = r.stderr.split("\n").filter((l) => l !== "" && !l.startsWith("synth: "));
  expect(errors).toEqual([expect.stringMatching(/^quoted: cluster\.kubeletIdentity\.id: .*\[KID-03\]$/), expect.stringMatching(/^reserved: network\.podCidr: .*\[RES-02\]$/)]);
  expect(fs.readdirSync(out)).toEqual([]);
});

describe("quiet by default, every note with AKS_BYOCNI_VERBOSE", () => {
  const dir = configDir({ dev: seedConfig() });

  test("one line per stack says how many checks are suppressed and where the reasons are", () => {
    const out = tempDir("aks-e2e-quiet-");
    const r = run(dir, out);
    expect(r.status).toBe(0);
    const notes = r.stdout.split("\n").filter((l) => l.startsWith("dev: note: "));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^dev: note: \d+ policy checks suppressed \(.*CKV2_AZURE_29.*\); reasons in .* \(AKS_BYOCNI_VERBOSE=1 prints them\)$/);
    expect(notes[0]).toContain(`reasons in ${path.join(out, "stacks", "dev", ".checkov.yaml")} `);
  });

  test("verbose prints each suppressed finding with its reason", () => {
    const r = run(dir, tempDir("aks-e2e-verbose-"), { AKS_BYOCNI_VERBOSE: "1" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^dev: note: azurerm_kubernetes_cluster\.\S+: CKV2_AZURE_29 suppressed \(not applicable\): Bring-your-own-CNI/m);
    expect(r.stdout).toMatch(/^dev: note: azurerm_kubernetes_cluster\.\S+: CKV_AZURE_232 suppressed \(accepted risk\): /m);
  });
});

test("the bundle cdktf.json runs writes exactly what the unbundled build writes (Cilium stacks included)", () => {
  const matrix = path.join(ROOT, "__tests__", "terraform", "matrix");
  const bundled = tempDir("aks-e2e-bundled-");
  const plain = tempDir("aks-e2e-plain-");
  const a = run(matrix, bundled);
  const b = run(matrix, plain, {}, { file: process.execPath, args: [path.join(ROOT, "dist", "main.js")] });
  expect([a.status, b.status]).toEqual([0, 0]);
  for (const stream of ["stdout", "stderr"] as const) expect(a[stream].split(bundled).join("<out>")).toBe(b[stream].split(plain).join("<out>"));
  const written = fingerprint(bundled);
  expect(Object.keys(written).filter((f) => f.endsWith("-cni/cdk.tf.json")).length).toBeGreaterThan(0);
  expect(written).toEqual(fingerprint(plain));
});

test("synthesizes where no terraform binary is on PATH (the pipeline's credential-free jobs install only OpenTofu)", () => {
  // Only node on PATH: cdktf's DataResource and moveFromId would run `terraform version` and fail the synth.
  const bin = tempDir("aks-e2e-bin-");
  fs.symlinkSync(process.execPath, path.join(bin, "node"));
  const renamed = fs.readFileSync(path.join(ROOT, "__tests__", "terraform", "matrix", "adopted-udr-private.yaml"), "utf8");
  expect(renamed).toMatch(/renamedFrom: jobs/);
  const out = tempDir("aks-e2e-nopath-");
  const r = run(configDirWith({ "renamed.yaml": renamed, "dev.yaml": stringify(seedConfig()) }), out, { PATH: bin });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const json = JSON.parse(fs.readFileSync(path.join(out, "stacks", "renamed", "cdk.tf.json"), "utf8"));
  const cluster = Object.values(json.resource.azurerm_kubernetes_cluster)[0] as { lifecycle: { replace_triggered_by: string[] } };
  const [trigger] = Object.keys(json.resource.terraform_data);
  expect(cluster.lifecycle.replace_triggered_by).toEqual([`terraform_data.${trigger}`]);
  expect(json.moved).toEqual([{ from: expect.stringMatching(/^azurerm_kubernetes_cluster_node_pool\.aks_pool-jobs_/), to: expect.stringMatching(/^azurerm_kubernetes_cluster_node_pool\.aks_pool-batch_/) }]);
});

test("an empty AKS_CONFIG_DIR means config/, as an unset one does", () => {
  const out = tempDir("aks-e2e-emptydir-");
  const r = run("", out, { AKS_CONFIG_DIR: "" });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^synth: note: wrote 2 stacks \(dev, prod\) to /m);
});
