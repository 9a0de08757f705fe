/**
 * The values this project computes, rendered by the real Cilium chart with
 * `helm template`: what the values promise is read back from the manifests
 * (the cilium-config ConfigMap, the operator Deployment, the agent DaemonSet).
 *
 * Needs helm (`.ci/helm.sh .tools/helm` builds it into .tools/helm/bin) and
 * the chart package at ../shared/cilium/cilium-1.18.12.tgz; without either
 * the tests fail and say how to get it.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { loadAll } from "js-yaml";
import { CiliumCniStack } from "../lib/constructs/cilium-cni-stack";
import { renderValuesDocument } from "../lib/plan/cilium-values";
import type { AksByoCniConfig } from "../lib/config/types";
import { checkCiliumChartKeys } from "../lib/rules/cni";
import { isUnknownValue } from "../lib/constructs/private/synthesized";
import { CILIUM_VERSION, ciliumPair, runCheck, seedConfig, tempDir, withField } from "./support";

const ROOT = path.join(__dirname, "..");
const CHART = path.join(ROOT, "..", "shared", "cilium", "cilium-1.18.12.tgz");
const LOCAL_HELM = path.join(ROOT, ".tools", "helm", "bin", "helm");
const KUBE_VERSION = "1.33.0";

/** helm from .tools/helm, else from PATH; a failure that says how to build it otherwise. */
function findHelm(): string {
  for (const candidate of [LOCAL_HELM, "helm"]) {
    const r = spawnSync(candidate, ["version", "--short"], { encoding: "utf8" });
    if (!r.error && r.status === 0) return candidate;
  }
  throw new Error("helm not found in .tools/helm/bin or on PATH: run `.ci/helm.sh .tools/helm` (builds helm v3.22.0 from its Go module, a few minutes)");
}

function checkChart(): void {
  if (!fs.existsSync(CHART)) {
    throw new Error(`${CHART} is missing: \`helm pull cilium --repo https://helm.cilium.io --version 1.18.12 -d ../shared/cilium\` from the repository root`);
  }
}

type Manifest = { kind: string; metadata: { name: string }; [k: string]: any };

let helm: string;
let work: string;
beforeAll(() => {
  checkChart();
  helm = findHelm();
  work = tempDir("cilium-chart-");
});
afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** `helm template` of the chart with one values document; the manifests, or helm's exit status and stderr. */
function template(valuesDocument: string): { ok: true; manifests: Manifest[] } | { ok: false; stderr: string } {
  const file = path.join(work, `values-${fs.readdirSync(work).length}.yaml`);
  fs.writeFileSync(file, valuesDocument);
  const r = spawnSync(helm, ["template", "cilium", CHART, "--namespace", "kube-system", "--kube-version", KUBE_VERSION, "-f", file], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) return { ok: false, stderr: r.stderr };
  return { ok: true, manifests: loadAll(r.stdout).filter((d): d is Manifest => typeof d === "object" && d !== null) };
}

function rendered(valuesDocument: string): Manifest[] {
  const out = template(valuesDocument);
  if (!out.ok) throw new Error(`helm template failed:\n${out.stderr}`);
  return out.manifests;
}

const find = (manifests: Manifest[], kind: string, name: string): Manifest => {
  const m = manifests.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind} ${name} among ${manifests.length} manifests`);
  return m;
};
const ciliumConfig = (ms: Manifest[]) => find(ms, "ConfigMap", "cilium-config").data as Record<string, string>;
const agentEnv = (ms: Manifest[]) => {
  const agent = (find(ms, "DaemonSet", "cilium").spec.template.spec.containers as any[]).find((c) => c.name === "cilium-agent");
  return Object.fromEntries(((agent.env ?? []) as any[]).filter((e) => "value" in e).map((e) => [e.name, e.value])) as Record<string, string>;
};

/** The CNI stack the app builds for `config` (cluster stack `env`, CNI stack `env-cni`), validated. */
function cniStack(config: AksByoCniConfig): CiliumCniStack {
  const { cni } = ciliumPair(config);
  expect(cni.node.validate()).toEqual([]);
  return cni;
}

/**
 * The values document the CNI stack hands to helm_release. The API server
 * host is a reference to the cluster stack; Terraform substitutes it at
 * apply, which `host` does here (it must be the only reference).
 */
function valuesDocumentOf(stack: CiliumCniStack, host?: string): string {
  const references: string[] = [];
  const resolve = (v: unknown, at: string): unknown => {
    if (typeof v === "string" && isUnknownValue(v)) {
      references.push(at);
      return host;
    }
    if (Array.isArray(v)) return v.map((x, i) => resolve(x, `${at}[${i}]`));
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x, at ? `${at}.${k}` : k)]));
    return v;
  };
  const values = resolve(stack.values, "") as Record<string, unknown>;
  expect(references).toEqual(host === undefined ? [] : ["k8sServiceHost"]);
  return renderValuesDocument(values, isUnknownValue);
}

const cilium = (config: AksByoCniConfig, kubeProxyReplacement = false): AksByoCniConfig =>
  withField(config, "cni", { plugin: "cilium", version: CILIUM_VERSION, kubeProxyReplacement });

describe.each([
  // [name, config, pod CIDR, per-node mask]
  ["the shipped-like default", cilium(seedConfig()), "10.244.0.0/16", 24],
  [
    "a /18 pod CIDR for 220 nodes (with surge) of 50 pods: /26 blocks",
    cilium(withField(withField(withField(seedConfig(), "network.podCidr", "10.40.0.0/18"), "cluster.defaultNodePool.nodeCount", 200), "cluster.defaultNodePool.maxPods", 50)),
    "10.40.0.0/18",
    26,
  ],
])("%s, rendered by the chart", (_name, config, podCidr, mask) => {
  let stack: CiliumCniStack;
  let manifests: Manifest[];
  beforeAll(() => {
    stack = cniStack(config);
    manifests = rendered(valuesDocumentOf(stack));
  });

  test("the values document is the one helm_release gets", () => {
    stack.prepareStack();
    const release = (stack.toTerraform() as any).resource.helm_release.cilium;
    expect(release.values).toEqual([valuesDocumentOf(stack)]);
  });

  test(`cilium-config: cluster-pool IPAM over exactly ${podCidr}, /${mask} per node, tunnel routing`, () => {
    expect(ciliumConfig(manifests)).toMatchObject({
      ipam: "cluster-pool",
      "cluster-pool-ipv4-cidr": podCidr,
      "cluster-pool-ipv4-mask-size": String(mask),
      "routing-mode": "tunnel",
    });
  });

  test("the operator tolerates the system pool's CriticalAddonsOnly taint", () => {
    const tolerations = find(manifests, "Deployment", "cilium-operator").spec.template.spec.tolerations;
    expect(tolerations).toContainEqual({ key: "CriticalAddonsOnly", operator: "Exists" });
  });

  test("without kubeProxyReplacement: kube-proxy stays, the agent reaches the API server through its service", () => {
    expect(ciliumConfig(manifests)["kube-proxy-replacement"]).toBe("false");
    expect(agentEnv(manifests).KUBERNETES_SERVICE_HOST).toBeUndefined();
  });
});

describe("kubeProxyReplacement, with the API server's FQDN as Terraform will substitute it", () => {
  const HOST = "aksbyocni-dns-0a1b2c3d.hcp.eastus.azmk8s.io";
  let manifests: Manifest[];
  beforeAll(() => {
    manifests = rendered(valuesDocumentOf(cniStack(cilium(seedConfig(), true)), HOST));
  });

  test("cilium-config replaces kube-proxy", () => {
    expect(ciliumConfig(manifests)).toMatchObject({ "kube-proxy-replacement": "true", "cluster-pool-ipv4-cidr": "10.244.0.0/16", "routing-mode": "tunnel" });
  });

  test("the agent gets the API server host and port", () => {
    expect(agentEnv(manifests)).toMatchObject({ KUBERNETES_SERVICE_HOST: HOST, KUBERNETES_SERVICE_PORT: "443" });
  });
});

describe("why CNI-06 exists: the chart ignores a misspelled key", () => {
  const misspelled = { aksbyocni: { enabled: true }, ipam: { operator: { clusterPoolIPv4PodCIDRLlist: ["10.244.0.0/16"] } } };

  test("helm renders it without a word, with the chart's default pool 10.0.0.0/8 (AKS's default service CIDR is inside it)", () => {
    const out = template(renderValuesDocument(misspelled, isUnknownValue));
    expect(out.ok).toBe(true);
    if (out.ok) expect(ciliumConfig(out.manifests)["cluster-pool-ipv4-cidr"]).toBe("10.0.0.0/8");
  });

  test("while values.schema.json does reject a wrong type", () => {
    const out = template(renderValuesDocument({ ipam: { operator: { clusterPoolIPv4MaskSize: "twenty-four" } } }, isUnknownValue));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.stderr).toMatch(/clusterPoolIPv4MaskSize/);
  });

  test("a removed option that is set is another matter: helm refuses to render, so CNI-06 makes it an error", () => {
    const removed = { aksbyocni: { enabled: true }, tunnel: "disabled" };
    const out = template(renderValuesDocument(removed, isUnknownValue));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.stderr).toMatch(/tunnel was deprecated in v1\.14 and has been removed in v1\.15/);
    const run = runCheck((ctx) => checkCiliumChartKeys(ctx, removed, CILIUM_VERSION));
    expect(run.findings.map((f) => `${f.severity} ${f.path}`)).toEqual(["error cni.values.tunnel"]);
  });

  test("CNI-06 warns about it at synth, naming the key that was meant", () => {
    const run = runCheck((ctx) => checkCiliumChartKeys(ctx, misspelled, CILIUM_VERSION));
    expect(run.findings.map((f) => `${f.path}: ${f.message}`)).toEqual([
      'cni.values.ipam.operator.clusterPoolIPv4PodCIDRLlist: unknown key for the Cilium chart 1.18.12; did you mean "clusterPoolIPv4PodCIDRList"?',
    ]);
  });
});
