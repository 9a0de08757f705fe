/**
 * Shared test support: base configs, a setter for one field, and runners
 * that return findings from the pure checks or from a real synth.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Testing, TerraformStack } from "../lib/bindings/cdktf";
import { AksByoCniStack } from "../lib/constructs/aks-byo-cni-stack";
import { collectProblems, type ReportLine } from "../lib/app/synth";
import { CiliumCniStack, type CiliumCniStackProps } from "../lib/constructs/cilium-cni-stack";
import { loadConfigFile } from "../lib/config/load";
import type { AksByoCniConfig } from "../lib/config/types";
import { RuleRun, type Finding } from "../lib/rules/engine";
import { isUnknownValue } from "../lib/constructs/private/synthesized";
import { RULE_CATALOGUE } from "../lib/rules/catalogue";

/** The seed environment: Microsoft's template (AKS-managed VNet). */
export function seedConfig(): AksByoCniConfig {
  return {
    location: "eastus",
    resourceGroup: { name: "myResourceGroup" },
    cluster: {
      name: "aksbyocni",
      defaultNodePool: { name: "nodepool1", nodeCount: 3, vmSize: "Standard_B2ms" },
      apiServer: { authorizedIpRanges: ["203.0.113.0/24"] },
    },
    network: { podCidr: "10.244.0.0/16" },
    acceptedRisks: [{ rule: "CKV_AZURE_232", reason: "Single-pool template: workloads run on the system pool." }],
  };
}

const ROOT = path.join(__dirname, "..");

/** A config file of the repository (e.g. `config/prod.yaml`) as synth reads it: through the loader, which must accept it. */
export function shippedConfig(file: string): AksByoCniConfig {
  const loaded = loadConfigFile(path.join(ROOT, file));
  if (loaded.problems.length > 0 || loaded.environments.length !== 1) throw new Error(`${file} does not load: ${JSON.stringify(loaded.problems)}`);
  return loaded.environments[0]!.config;
}

/** An environment with its own VNet and node subnet. */
export function vnetConfig(): AksByoCniConfig {
  return {
    location: "westeurope",
    resourceGroup: { name: "rg-aks" },
    cluster: {
      name: "aks-vnet",
      defaultNodePool: { name: "system", nodeCount: 3, vmSize: "Standard_D4ds_v5" },
      userNodePools: [{ name: "apps", nodeCount: 3, vmSize: "Standard_D4ds_v5" }],
      apiServer: { authorizedIpRanges: ["203.0.113.0/24"] },
    },
    network: {
      podCidr: "10.244.0.0/16",
      serviceCidr: "10.0.0.0/16",
      dnsServiceIp: "10.0.0.10",
      vnet: {
        name: "vnet-aks",
        addressSpace: ["10.224.0.0/12"],
        subnet: { name: "snet-nodes", addressPrefixes: ["10.224.0.0/16"] },
      },
    },
  };
}

/** A current 1.18 patch release (cilium/cilium v1.18.14, 2026-09-16), as the shipped configs pin. */
export const CILIUM_VERSION = "1.18.14";

/** The seed environment with Cilium installed (`cni.plugin: cilium`), with `values` for the chart if given. */
export function ciliumConfig(values?: Record<string, unknown>, version: string = CILIUM_VERSION): AksByoCniConfig {
  return withField(seedConfig(), "cni", { plugin: "cilium", version, ...(values === undefined ? {} : { values }) });
}

/**
 * Returns a deep copy of `config` with the field at a dotted path (list
 * items as `[i]`) set to `value`; `undefined` deletes it.
 */
export function withField<T extends object>(config: T, fieldPath: string, value: unknown): T {
  const copy = structuredClone(config) as Record<string, unknown>;
  const keys = fieldPath.replace(/\[(\d+)\]/g, ".$1").split(".");
  let cur: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    if (cur[key] === undefined || cur[key] === null) cur[key] = /^\d+$/.test(key) ? [] : {};
    cur = cur[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return copy as T;
}

/** Runs a pure check and returns its findings and skips. */
export function runCheck(check: (run: RuleRun) => void): RuleRun {
  const run = new RuleRun(RULE_CATALOGUE, isUnknownValue);
  check(run);
  return run;
}

/** Findings of a pure check with the given rule ID. */
export function findingsOf(run: RuleRun, rule: string): Finding[] {
  return run.findings.filter((f) => f.rule === rule);
}

/** Builds an app with one AksByoCniStack per config and returns every report line (nothing is written). */
export function problemsOf(configs: Record<string, AksByoCniConfig>): ReportLine[] {
  const app = Testing.app();
  for (const [name, config] of Object.entries(configs)) new AksByoCniStack(app, name, config);
  return collectProblems(app);
}

/**
 * Builds `env` and `env-cni` as the app does for `cni.plugin: cilium` with
 * these chart values, and returns every report line of both stacks.
 */
export function ciliumProblemsOf(values: Record<string, unknown>, version: string = CILIUM_VERSION): ReportLine[] {
  const { app } = ciliumPair(ciliumConfig(values, version));
  return collectProblems(app);
}

/**
 * The cluster stack `env` built from `config` and its CNI stack `env-cni`, as
 * the app builds them (the CNI settings are the config's), in a new app.
 */
export function ciliumPair(config: AksByoCniConfig, cniProps: Omit<CiliumCniStackProps, "cluster"> = {}): { app: App; cluster: AksByoCniStack; cni: CiliumCniStack } {
  const app = Testing.app();
  const cluster = new AksByoCniStack(app, "env", config);
  const cni = new CiliumCniStack(app, "env-cni", { cluster: cluster.cluster, ...cniProps });
  return { app, cluster, cni };
}

/** Error lines (`path: message [RULE]`) of one config synthesized as stack "env". */
export function errorsOf(config: AksByoCniConfig): string[] {
  return problemsOf({ env: config })
    .filter((l) => l.level === "error")
    .map((l) => l.message);
}

/** Warning lines of one config synthesized as stack "env". */
export function warningsOf(config: AksByoCniConfig): string[] {
  return problemsOf({ env: config })
    .filter((l) => l.level === "warning")
    .map((l) => l.message);
}

/** The synthesized JSON of a stack (validations not run). */
export function synthJson(stack: TerraformStack): Record<string, any> {
  return JSON.parse(Testing.synth(stack));
}

/** A fresh temporary directory, removed by the caller. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A new temporary directory holding these files (name to content). */
export function configDirWith(files: Record<string, string | Buffer>, prefix = "aks-config-"): string {
  const dir = tempDir(prefix);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

export { App };
