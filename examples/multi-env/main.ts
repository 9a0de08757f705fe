/**
 * Several environments in one app: one AksByoCniStack per typed config
 * object, the shared shape written once. Synthesis validates every
 * environment before it writes any (synthesizeSafely), so a broken prod
 * address plan never leaves a half-updated cdktf.out behind.
 *
 * `npm test` synthesizes this app (__tests__/examples.test.ts).
 */
import { AksByoCniStack, type AksByoCniConfig, type BackendSettings, type NodePoolSettings } from "../../lib";
import { fixLines, formatLine, synthesizeSafely } from "../../lib/app";

/** State for every environment in one container; the key defaults to `<stack>.tfstate`. */
const backend: BackendSettings = {
  type: "azurerm",
  storageAccountName: "stplatformtfstate",
  containerName: "tfstate",
  useAzureadAuth: true,
  useOidc: true,
};

/** Risks every environment accepts knowingly; synth reports them as suppressed, with the reason, and checkov skips them. */
const acceptedRisks = [
  {
    rule: "CKV_AZURE_115",
    reason: "The API server stays public so that CI runners can install the CNI; it accepts only the authorized ranges.",
  },
  {
    rule: "CKV_AZURE_117",
    reason: "Node disks are encrypted at rest with platform-managed keys; customer-managed keys need a disk encryption set we do not run yet.",
  },
  {
    rule: "CKV_AZURE_227",
    reason: "Encryption at host needs the subscription feature Microsoft.Compute/EncryptionAtHost, which is not registered yet.",
  },
];

interface EnvironmentSpec {
  readonly location: string;
  /** Address space of the environment's VNet: disjoint per environment, so that they can be peered later. */
  readonly vnetCidr: string;
  /** The node subnet, inside `vnetCidr`. */
  readonly nodeSubnet: string;
  readonly systemPool: NodePoolSettings;
  readonly appPool: NodePoolSettings;
  /** `prevent_destroy` on the cluster, its pools and network (on unless a throwaway environment turns it off). */
  readonly preventDestroy?: boolean;
}

function environment(name: string, spec: EnvironmentSpec): AksByoCniConfig {
  return {
    location: spec.location,
    resourceGroup: { name: `rg-aks-${name}` },
    cluster: {
      name: `aks-${name}`,
      defaultNodePool: spec.systemPool,
      userNodePools: [spec.appPool],
      apiServer: { authorizedIpRanges: ["203.0.113.0/24"] },
    },
    protection: { preventDestroy: spec.preventDestroy },
    network: {
      podCidr: "10.244.0.0/16",
      serviceCidr: "10.0.0.0/16",
      dnsServiceIp: "10.0.0.10",
      vnet: {
        name: `vnet-aks-${name}`,
        addressSpace: [spec.vnetCidr],
        subnet: { name: "snet-aks-nodes", addressPrefixes: [spec.nodeSubnet] },
      },
    },
    backend,
    acceptedRisks,
    tags: { environment: name },
  };
}

const pool = (name: string, vmSize: string, min: number, max: number): NodePoolSettings => ({
  name,
  vmSize,
  nodeCount: min,
  autoScaling: { minCount: min, maxCount: max },
  zones: ["1", "2", "3"],
});

const ENVIRONMENTS: Record<string, AksByoCniConfig> = {
  dev: environment("dev", {
    location: "westeurope",
    vnetCidr: "10.208.0.0/13",
    nodeSubnet: "10.208.0.0/16",
    systemPool: { name: "system", nodeCount: 2, vmSize: "Standard_D4ds_v5" },
    appPool: pool("apps", "Standard_D4ds_v5", 1, 3),
    preventDestroy: false,
  }),
  stage: environment("stage", {
    location: "westeurope",
    vnetCidr: "10.216.0.0/13",
    nodeSubnet: "10.216.0.0/16",
    systemPool: { name: "system", nodeCount: 3, vmSize: "Standard_D4ds_v5", zones: ["1", "2", "3"] },
    appPool: pool("apps", "Standard_D4ds_v5", 3, 6),
  }),
  prod: environment("prod", {
    location: "northeurope",
    vnetCidr: "10.224.0.0/12",
    nodeSubnet: "10.224.0.0/16",
    systemPool: { name: "system", nodeCount: 3, vmSize: "Standard_D4ds_v5", zones: ["1", "2", "3"] },
    appPool: pool("apps", "Standard_D8ds_v5", 3, 20),
  }),
};

const outcome = synthesizeSafely((app) => {
  for (const [name, config] of Object.entries(ENVIRONMENTS)) new AksByoCniStack(app, name, config);
}, process.env.CDKTF_OUTDIR ?? "cdktf.out");
// The problems, then how to fix each rule that fired and where it is documented.
for (const line of [...outcome.lines, ...fixLines(outcome.lines)]) if (line.level !== "note") process.stderr.write(`${formatLine(line)}\n`);
if (!outcome.ok) process.exitCode = 1;
