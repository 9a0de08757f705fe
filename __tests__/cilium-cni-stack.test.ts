/**
 * CiliumCniStack: the `<env>-cni` stack that installs Cilium with Helm on the
 * cluster of `<env>`, read through cdktf cross-stack references.
 */
import * as fs from "fs";
import * as path from "path";
import { dump as stringify, load } from "js-yaml";

const parse = (text: string): any => load(text);
import { Testing, TerraformStack, TerraformVariable } from "../lib/bindings/cdktf";
import { AksByoCniCluster } from "../lib/constructs/aks-byo-cni-cluster";
import { AksByoCniStack } from "../lib/constructs/aks-byo-cni-stack";
import { CiliumCniStack } from "../lib/constructs/cilium-cni-stack";
import { renderValuesDocument } from "../lib/plan/cilium-values";
import { isUnknownValue } from "../lib/constructs/private/synthesized";
import { runApp } from "../lib/app/run";
import { synthesizeSafely, type ReportLine } from "../lib/app/synth";
import { RULE_CATALOGUE } from "../lib/rules/catalogue";
import { checkConfigShape } from "../lib/config/schema";
import type { AksByoCniConfig, CniSettings } from "../lib/config/types";
import { synthesizeForSnapshot } from "../lib/testing";
import { CILIUM_VERSION, ciliumPair, seedConfig, tempDir, vnetConfig, withField } from "./support";

const VERSION = CILIUM_VERSION;
const CILIUM: CniSettings = { plugin: "cilium", version: VERSION };

function withCilium(config: AksByoCniConfig, cni: Partial<CniSettings> = {}): AksByoCniConfig {
  return { ...config, cni: { ...CILIUM, ...cni } };
}

/** The CNI stack of a cluster stack built from `config` (the CNI settings are the cluster's). */
const cniStackFor = (config: AksByoCniConfig, acceptedRisks?: { rule: string; reason: string }[]): CiliumCniStack => ciliumPair(config, { acceptedRisks }).cni;

/** The helm_release of a synthesized CNI stack. */
const releaseOf = (json: Record<string, any>) => json.resource.helm_release.cilium as Record<string, any>;

describe("the synthesized CNI stack", () => {
  // Nothing volatile in it: Testing.app() stubs the cdktf version, and with an
  // azurerm backend no absolute path of local state appears.
  const config = withCilium(
    withField(vnetConfig(), "backend", { type: "azurerm", storageAccountName: "sttfstate", containerName: "tfstate", key: "prod.tfstate", useOidc: true }),
    { kubeProxyReplacement: true },
  );
  const { cni } = ciliumPair(config, { backend: config.backend });
  const json = synthesizeForSnapshot(cni) as Record<string, any>;

  test("snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  test("state: the same container, the cluster's key with -cni; the cluster is read from its own key", () => {
    expect(json.terraform.backend.azurerm).toMatchObject({ key: "prod-cni.tfstate", container_name: "tfstate", use_oidc: true });
    expect(json.data.terraform_remote_state["cross-stack-reference-input-env"].config).toMatchObject({ key: "prod.tfstate" });
  });

  test("the Helm provider signs in with kubelogin (Azure CLI login) for the AKS server application", () => {
    expect(json.provider.helm[0].kubernetes.exec).toEqual({
      api_version: "client.authentication.k8s.io/v1beta1",
      command: "kubelogin",
      args: ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"],
    });
    expect(json.terraform.required_providers.helm).toEqual({ source: "helm", version: "3.1.1" });
  });

  test("the chart: pinned, from helm.cilium.io, in kube-system, values as one YAML document", () => {
    const release = releaseOf(json);
    expect(release).toMatchObject({ name: "cilium", chart: "cilium", repository: "https://helm.cilium.io", version: VERSION, namespace: "kube-system" });
    expect(release.set).toBeUndefined();
    expect(release.values).toHaveLength(1);
    const values = parse(release.values[0]);
    expect(values).toMatchObject({
      aksbyocni: { enabled: true },
      routingMode: "tunnel",
      ipam: { mode: "cluster-pool", operator: { clusterPoolIPv4PodCIDRList: ["10.244.0.0/16"], clusterPoolIPv4MaskSize: 24 } },
      kubeProxyReplacement: true,
      k8sServicePort: 443,
    });
    expect(values.k8sServiceHost).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-env\.outputs\.cross-stack-output-azurerm_kubernetes_cluster\S+fqdn\}$/);
    expect(values.azure).toBeUndefined();
  });

  test("the operator tolerates CriticalAddonsOnly (the system pool's taint with a user pool) besides the chart's defaults", () => {
    const tolerations = parse(releaseOf(json).values[0]).operator.tolerations;
    expect(tolerations).toContainEqual({ key: "CriticalAddonsOnly", operator: "Exists" });
    expect(tolerations).toContainEqual({ key: "node.kubernetes.io/not-ready", operator: "Exists" });
  });
});

describe("variants", () => {
  // Only the CNI stack is prepared (its cross-stack references resolve); the cluster's aspects are not needed here.
  const synth = (config: AksByoCniConfig) => {
    const cni = cniStackFor(config);
    cni.prepareStack();
    return cni.toTerraform() as Record<string, any>;
  };

  test("kubeloginMode workloadidentity", () => {
    const json = synth(withCilium(seedConfig(), { kubeloginMode: "workloadidentity" }));
    expect(json.provider.helm[0].kubernetes.exec.args).toEqual(["get-token", "--login", "workloadidentity", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"]);
  });

  test("without Entra ID the client certificate of the kubeconfig is used, kept sensitive", () => {
    const config = withField(withField(withCilium(seedConfig()), "cluster.security.azureRbac", false), "cluster.security.localAccountsDisabled", false);
    const k = synth(config).provider.helm[0].kubernetes;
    expect(k.exec).toBeUndefined();
    expect(k.client_key).toMatch(/^\$\{base64decode\(sensitive\(data\.terraform_remote_state\.\S+kube_config0client_key\)\)\}$/);
    expect(k.client_certificate).toMatch(/^\$\{base64decode\(sensitive\(\S+kube_config0client_certificate\)\)\}$/);
  });

  test("a private cluster: Cilium reaches the API server by its private FQDN", () => {
    const config = withField(withCilium(seedConfig(), { kubeProxyReplacement: true }), "cluster.apiServer", { private: true });
    expect(parse(releaseOf(synth(config)).values[0]).k8sServiceHost).toMatch(/private_fqdn\}$/);
  });

  test("without kube-proxy replacement, Cilium keeps the chart's default and no API server host", () => {
    const values = parse(releaseOf(synth(withCilium(seedConfig()))).values[0]);
    expect(values.kubeProxyReplacement).toBeUndefined();
    expect(values.k8sServiceHost).toBeUndefined();
  });

  test("cni.values merge over the computed values; lists replace", () => {
    const config = withCilium(seedConfig(), { values: { hubble: { relay: { enabled: true } }, ipam: { operator: { clusterPoolIPv4MaskSize: 25 } }, operator: { replicas: 1 } } });
    const values = parse(releaseOf(synth(config)).values[0]);
    expect(values.hubble).toEqual({ relay: { enabled: true } });
    expect(values.ipam).toEqual({ mode: "cluster-pool", operator: { clusterPoolIPv4PodCIDRList: ["10.244.0.0/16"], clusterPoolIPv4MaskSize: 25 } });
    expect(values.operator.replicas).toBe(1);
    expect(values.operator.tolerations).toHaveLength(5);
  });

  test("the per-node block shrinks when the cluster needs more blocks than /24 gives", () => {
    // 200 nodes with 10% surge = 220 blocks: a /16 holds 256 x /24, a /18 only 64, so /26 (maxPods 50 fits in 62).
    const pools = withField(withField(seedConfig(), "cluster.defaultNodePool.nodeCount", 200), "cluster.defaultNodePool.maxPods", 50);
    const config = withCilium(withField(pools, "network.podCidr", "10.244.0.0/18"));
    expect(parse(releaseOf(synth(config)).values[0]).ipam.operator.clusterPoolIPv4MaskSize).toBe(26);
  });

  test("Terraform template sequences in user values are escaped; references become interpolations", () => {
    const doc = renderValuesDocument({ a: "${not-a-ref}", b: "%{if x}", c: "${TfToken[TOKEN.1]}" }, (s) => s.startsWith("${TfToken"));
    expect(doc).toBe("a: $${not-a-ref}\nb: '%%{if x}'\nc: \"${TfToken[TOKEN.1]}\"\n");
  });

  /** The values document as Helm gets it: Terraform's reading of the template, references left as written. */
  const asHelmReads = (doc: string) => load(doc.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{")) as Record<string, unknown>;

  test("no value adds YAML of its own: a literal $${ stays one string, whatever quotes and newlines follow", () => {
    const injected = '$${x}"\nroutingMode: native\nipam:\n  mode: kubernetes\nz: "';
    const doc = renderValuesDocument({ cluster: { name: injected }, routingMode: "tunnel" }, isUnknownValue);
    expect(asHelmReads(doc)).toEqual({ cluster: { name: injected.replace("$${", "${") }, routingMode: "tunnel" });
  });

  test("a reference is one quoted scalar, and a value spelled like the stand-in for one stays text", () => {
    const ref = '${TfToken[TOKEN.1]}"\nz: 1';
    const doc = renderValuesDocument({ a: "CDKTFREF0END", b: ref, c: "CDKTFREF" }, (s) => s.startsWith("${TfToken"));
    expect(asHelmReads(doc)).toEqual({ a: "CDKTFREF0END", b: ref, c: "CDKTFREF" });
  });
});

describe("cross-stack wiring, after a full app synth", () => {
  const outdir = tempDir("aks-cni-synth-");
  const config = withCilium(seedConfig());
  const outcome = synthesizeSafely((app) => {
    const cluster = new AksByoCniStack(app, "dev", config);
    new CiliumCniStack(app, "dev-cni", { cluster: cluster.cluster });
  }, outdir);
  const read = (...p: string[]) => JSON.parse(fs.readFileSync(path.join(outdir, ...p), "utf8"));

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("synth succeeds and writes both stacks", () => {
    expect(outcome.lines.filter((l) => l.level === "error")).toEqual([]);
    expect(outcome.ok).toBe(true);
  });

  test("<env>-cni reads <env>'s state through terraform_remote_state; <env> exports what it reads", () => {
    const cni = read("stacks", "dev-cni", "cdk.tf.json");
    const dev = read("stacks", "dev", "cdk.tf.json");
    expect(Object.keys(cni.data.terraform_remote_state)).toEqual(["cross-stack-reference-input-dev"]);
    expect(cni.data.terraform_remote_state["cross-stack-reference-input-dev"]).toMatchObject({ backend: "local", config: { path: path.join(process.cwd(), "terraform.dev.tfstate") } });

    const k = cni.provider.helm[0].kubernetes;
    const ref = (expr: string) => /data\.terraform_remote_state\.cross-stack-reference-input-dev\.outputs\.([^)}]+)/.exec(expr)![1]!;
    const hostOutput = ref(k.host);
    const caOutput = ref(k.cluster_ca_certificate);
    expect(dev.output[hostOutput].value).toMatch(/^\$\{azurerm_kubernetes_cluster\.\S+\.kube_config\[0\]\.host\}$/);
    expect(dev.output[caOutput].value).toMatch(/^\$\{azurerm_kubernetes_cluster\.\S+\.kube_config\[0\]\.cluster_ca_certificate\}$/);
    expect(k.cluster_ca_certificate).toMatch(/^\$\{base64decode\(/);
  });

  test("kube_config is sensitive: cdktf marks its cross-stack outputs sensitive, and the CNI stack marks it again on read", () => {
    const dev = read("stacks", "dev", "cdk.tf.json");
    const crossStack = Object.entries(dev.output as Record<string, { sensitive?: boolean }>).filter(([name]) => name.startsWith("cross-stack-output-"));
    expect(crossStack.length).toBeGreaterThanOrEqual(2);
    // cdktf 0.21 writes every cross-stack output with sensitive = true, whatever the source.
    for (const [, output] of crossStack) expect(output.sensitive).toBe(true);
    // terraform_remote_state drops that mark (hashicorp/terraform#29544), hence sensitive() in the consumer.
    const k = read("stacks", "dev-cni", "cdk.tf.json").provider.helm[0].kubernetes;
    expect(k.host).toMatch(/^\$\{sensitive\(data\.terraform_remote_state\./);
    expect(k.cluster_ca_certificate).toMatch(/^\$\{base64decode\(sensitive\(data\.terraform_remote_state\./);
  });

  test("manifest.json: <env>-cni depends on <env>", () => {
    const manifest = read("manifest.json");
    expect(manifest.stacks["dev-cni"].dependencies).toEqual(["dev"]);
    expect(manifest.stacks.dev.dependencies).toEqual([]);
  });
});

describe("CNI rules, through the construct", () => {
  // Seed cluster: pod CIDR 10.244.0.0/16, 3 nodes + 10% surge = 4 nodes, maxPods 110,
  // so a per-node mask from /18 (4 blocks) to /25 (126 addresses) fits.
  const errorsOf = (values: Record<string, unknown>, config: AksByoCniConfig = seedConfig()) =>
    cniStackFor(withCilium(config, { values })).node.validate();

  /** Warning lines of the CNI stack (its construct's annotations). */
  const warningsOf = (values: Record<string, unknown>, config: AksByoCniConfig = seedConfig()) => {
    const cni = cniStackFor(withCilium(config, { values }));
    cni.node.validate();
    return cni.node.metadata.map((m) => String(m.data)).filter((m) => /\[CNI-\d+\]$/.test(m));
  };

  // Only CNI-02 fails the chart's rendering; the others render and are warnings (docs/rules.md).
  test.each([
    ["CNI-01", "aksbyocni.enabled false", { aksbyocni: { enabled: false } }, "warning"],
    ["CNI-01", "aksbyocni.enabled true", { aksbyocni: { enabled: true } }, undefined],
    ["CNI-01", "azure.enabled true", { azure: { enabled: true } }, "warning"],
    ["CNI-01", "azure.enabled false", { azure: { enabled: false } }, undefined],
    ["CNI-02", "routingMode native", { routingMode: "native" }, "error"],
    ["CNI-02", "routingMode tunnel", { routingMode: "tunnel" }, undefined],
    ["CNI-03", "ipam.mode kubernetes", { ipam: { mode: "kubernetes" } }, "warning"],
    ["CNI-03", "ipam.mode cluster-pool", { ipam: { mode: "cluster-pool" } }, undefined],
    ["CNI-03", "Cilium's default pool 10.0.0.0/8", { ipam: { operator: { clusterPoolIPv4PodCIDRList: ["10.0.0.0/8"] } } }, "warning"],
    ["CNI-03", "the pod CIDR and one more", { ipam: { operator: { clusterPoolIPv4PodCIDRList: ["10.244.0.0/16", "10.245.0.0/16"] } } }, "warning"],
    ["CNI-03", "exactly the pod CIDR", { ipam: { operator: { clusterPoolIPv4PodCIDRList: ["10.244.0.0/16"] } } }, undefined],
    ["CNI-04", "mask /17: 2 blocks for 4 nodes", { ipam: { operator: { clusterPoolIPv4MaskSize: 17 } } }, "warning"],
    ["CNI-04", "mask /18: 4 blocks for 4 nodes", { ipam: { operator: { clusterPoolIPv4MaskSize: 18 } } }, undefined],
    ["CNI-04", "mask /25: 126 addresses for 110 pods", { ipam: { operator: { clusterPoolIPv4MaskSize: 25 } } }, undefined],
    ["CNI-04", "mask /26: 62 addresses for 110 pods", { ipam: { operator: { clusterPoolIPv4MaskSize: 26 } } }, "warning"],
  ])("%s: %s", (rule, _what, values, level) => {
    const line = expect.stringMatching(new RegExp(`^cni\\.values\\.\\S+: .*\\[${rule}\\]$`));
    expect(errorsOf(values)).toEqual(level === "error" ? [line] : []);
    expect(warningsOf(values)).toEqual(level === "warning" ? [line] : []);
  });

  test("CNI-04: a pod CIDR that no per-node block fits is a warning even without a mask in cni.values", () => {
    // A /24 for 4 nodes needs /26 blocks, which hold 62 addresses, not 110 pods.
    const config = withField(seedConfig(), "network.podCidr", "10.244.0.0/24");
    expect(errorsOf({}, config)).toEqual([]);
    expect(warningsOf({}, config)).toEqual([expect.stringMatching(/^network\.podCidr: no per-node block fits: 4 nodes .* \[CNI-04\]$/)]);
  });

  test("a reasoned acceptance turns a CNI finding into a warning", () => {
    const cni = cniStackFor(withCilium(seedConfig(), { values: { routingMode: "native" } }), [
      { rule: "CNI-02", reason: "Native routing is configured by a later values overlay of the platform team." },
    ]);
    expect(cni.node.validate()).toEqual([]);
    expect(cni.node.metadata.map((m) => String(m.data))).toContainEqual(expect.stringMatching(/\[CNI-02\] \(accepted: Native routing/));
  });

  test("node counts given as Terraform references: Cilium's default block, and CNI-04 skipped with a warning", () => {
    const app = Testing.app();
    const platform = new TerraformStack(app, "platform");
    const nodes = new TerraformVariable(platform, "nodes", { type: "number" });
    const seed = seedConfig();
    const cluster = new AksByoCniCluster(platform, "aks", {
      location: "eastus",
      resourceGroupName: "rg",
      cluster: { ...seed.cluster, defaultNodePool: { ...seed.cluster.defaultNodePool, nodeCount: nodes.numberValue } },
      cni: { ...CILIUM, values: { ipam: { operator: { clusterPoolIPv4MaskSize: 17 } } } },
    });
    const cni = new CiliumCniStack(app, "platform-cni", { cluster });
    expect(cni.node.validate()).toEqual([]);
    expect(cni.node.metadata.map((m) => String(m.data))).toContainEqual(expect.stringMatching(/^cluster: node counts or maxPods are Terraform references.* \[CNI-04 skipped\]$/));
    expect((cni.values as any).ipam.operator.clusterPoolIPv4MaskSize).toBe(17);
  });

  test("kubeloginMode is checked in config files", () => {
    const config = withCilium(seedConfig(), { kubeloginMode: "devicecode" as never });
    expect(checkConfigShape(config)).toEqual([expect.objectContaining({ path: "cni.kubeloginMode", rule: "CFG-03" })]);
    expect(checkConfigShape(withCilium(seedConfig(), { kubeloginMode: "workloadidentity" }))).toEqual([]);
  });
});

describe("the app with cni.plugin cilium", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  function writeConfigs(files: Record<string, unknown>): string {
    const dir = tempDir("aks-cni-config-");
    dirs.push(dir);
    for (const [name, config] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${name}.yaml`), stringify(config));
    return dir;
  }
  function run(files: Record<string, unknown>) {
    const parent = tempDir("aks-cni-out-");
    dirs.push(parent);
    const outdir = path.join(parent, "cdktf.out");
    const lines: ReportLine[] = [];
    const code = runApp({ configDir: writeConfigs(files), outdir, print: (l) => lines.push(l) });
    return { code, lines, outdir };
  }

  test("adds <env>-cni after <env>, with a helm_release whose values carry aksbyocni and the pod CIDR", () => {
    const r = run({ dev: withCilium(withField(seedConfig(), "network.podCidr", "10.40.0.0/16")), prod: vnetConfig() });
    expect(r.lines.filter((l) => l.level === "error")).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.lines).toContainEqual({ level: "note", stack: "synth", message: expect.stringMatching(/^wrote 3 stacks \(dev, dev-cni, prod\) to /) });
    expect(fs.readdirSync(path.join(r.outdir, "stacks")).sort()).toEqual(["dev", "dev-cni", "prod"]);
    // A checkov config next to every stack; the CNI stack has no policy pack, so it skips nothing.
    expect(fs.readFileSync(path.join(r.outdir, "stacks", "dev-cni", ".checkov.yaml"), "utf8")).toMatch(/^skip-check: \[\]$/m);
    const json = JSON.parse(fs.readFileSync(path.join(r.outdir, "stacks", "dev-cni", "cdk.tf.json"), "utf8"));
    const values = parse(releaseOf(json).values[0]);
    expect(values.aksbyocni.enabled).toBe(true);
    expect(values.ipam.operator.clusterPoolIPv4PodCIDRList).toEqual(["10.40.0.0/16"]);
  });

  test("routingMode native in cni.values fails synth with CNI-02, and nothing is written", () => {
    const r = run({ dev: withCilium(seedConfig(), { values: { routingMode: "native" } }) });
    expect(r.code).toBe(1);
    expect(r.lines.filter((l) => l.level === "error")).toEqual([
      { level: "error", stack: "dev-cni", message: expect.stringMatching(/^cni\.values\.routingMode: is "native"; .*\[CNI-02\]$/), rule: "CNI-02", fix: RULE_CATALOGUE["CNI-02"]!.fix },
    ]);
    expect(fs.existsSync(r.outdir)).toBe(false);
  });

  test("a missing chart version fails synth once, on the CNI stack", () => {
    const r = run({ dev: withField(seedConfig(), "cni", { plugin: "cilium" }) });
    expect(r.code).toBe(1);
    expect(r.lines.filter((l) => l.level === "error")).toEqual([
      { level: "error", stack: "dev-cni", message: expect.stringMatching(/^cni\.version: is required with plugin cilium: .*\[CNI-08\]$/), rule: "CNI-08", fix: RULE_CATALOGUE["CNI-08"]!.fix },
    ]);
  });

  test("a malformed acceptance of a CNI rule is reported once, at its own index", () => {
    const config = withField(withCilium(seedConfig()), "acceptedRisks[1]", { rule: "CNI-02", reason: "too short" });
    const r = run({ dev: config });
    expect(r.lines.filter((l) => l.level === "error")).toEqual([
      { level: "error", stack: "dev", message: expect.stringMatching(/^acceptedRisks\[1\]\.reason: reason "too short" is too short.*\[ACC-02\]$/), rule: "ACC-02", fix: RULE_CATALOGUE["ACC-02"]!.fix },
    ]);
  });

  test("a CNI stack name taken by another config file is refused", () => {
    const r = run({ dev: withCilium(seedConfig()), "dev-cni": seedConfig() });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([
      { level: "error", stack: "dev", message: expect.stringMatching(/^cni\.plugin: .*"dev-cni".* \[CFG-05\]$/), rule: "CFG-05", fix: RULE_CATALOGUE["CFG-05"]!.fix },
      { level: "fix", stack: "synth", message: `fix CFG-05: ${RULE_CATALOGUE["CFG-05"]!.fix} (docs/rules.md#cfg-05)`, rule: "CFG-05", fix: RULE_CATALOGUE["CFG-05"]!.fix, explains: "error" },
    ]);
  });
});
