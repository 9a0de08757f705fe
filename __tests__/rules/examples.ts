/**
 * One rejected and one accepted input per rule of RULE_CATALOGUE, at the
 * edge: the accepted input is the nearest valid value to the rejected one.
 *
 * Inputs are data, so that identical inputs are built once (`outcomeOf`
 * memoizes by their JSON). They reach the rules the way users do:
 *
 * - `stack`: a config through a real AksByoCniStack (constructs, aspects,
 *   validations), optionally with escape-hatch overrides. Needed for the
 *   policy pack, the checks of synthesized JSON, tags and acceptances.
 * - `plan`: a config through the pure checks on the resolved plan
 *   (`clusterRun` and `networkRun`), enough for the address plan, names and
 *   pools, and much cheaper than a stack.
 * - `cni`: a seed config with `cni.plugin: cilium` and the given Helm values,
 *   through an AksByoCniStack and its CiliumCniStack.
 * - `cniStack`: a config through an AksByoCniStack and a CiliumCniStack on
 *   its cluster, as a construct user composes them (any `cni` settings).
 * - `file`: a config file through the loader.
 * - `constructs`: AksNetwork and AksByoCniCluster composed in a user's stack,
 *   for what the config file cannot express (locations, an identity asked
 *   of the cluster next to its node subnet).
 */
import * as fs from "fs";
import * as path from "path";
import { dump } from "js-yaml";
import { AzurermProvider } from "../../lib/bindings/azurerm";
import { Testing, TerraformStack, type TerraformResource } from "../../lib/bindings/cdktf";
import { AksByoCniCluster } from "../../lib/constructs/aks-byo-cni-cluster";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import { AksNetwork } from "../../lib/constructs/aks-network";
import { collectProblems, type ReportLine } from "../../lib/app/synth";
import { loadConfigFile } from "../../lib/config/load";
import type { AksByoCniClusterProps } from "../../lib/constructs/aks-byo-cni-cluster";
import type { AksByoCniConfig, ClusterIdentityType } from "../../lib/config/types";
import { formatFinding, type Finding, type Severity } from "../../lib/rules/engine";
import { ciliumPair, ciliumProblemsOf, seedConfig, tempDir, vnetConfig, withField } from "../support";
import { ADOPTED_SUBNET_ID, clusterRun, networkRun, planOf } from "./helpers";

/** An escape-hatch override on one of the stack's resources. */
export interface Override {
  readonly on: "cluster" | "subnet" | "vnet" | "roleDefinition" | "apiServerSubnet";
  readonly path: string;
  readonly value: unknown;
}

/** How an input reaches the rules (see the module comment). */
export type Input =
  | { readonly via: "stack"; readonly config: AksByoCniConfig; readonly overrides: readonly Override[] }
  | { readonly via: "plan"; readonly config: AksByoCniConfig }
  | { readonly via: "cni"; readonly values: Readonly<Record<string, unknown>> }
  | { readonly via: "cniStack"; readonly config: AksByoCniConfig }
  | { readonly via: "file"; readonly name: string; readonly text: string }
  | {
      readonly via: "constructs";
      readonly networkLocation: string;
      readonly clusterLocation: string;
      /** The identity asked of the cluster itself (the props type has none next to `nodeSubnet`; JavaScript callers can pass one). */
      readonly clusterIdentity?: ClusterIdentityType;
    };

/** One input and the config path (or, for policy rules, the Terraform address) it is about. */
export interface Case {
  /** The value, in a few words. */
  readonly what: string;
  readonly input: Input;
  readonly path: string;
}

/** An input the rule must report at `path` with `severity`. */
export interface RejectCase extends Case {
  readonly severity: Severity;
}

/** An input the rule must not report at `path`, and that has no error at all. */
export type AcceptCase = Case;

/** A rule at its edge. */
export interface RuleExample {
  readonly reject: RejectCase;
  readonly accept: AcceptCase;
  /** For rules with a warning band between refusal and acceptance: a value in the band, reported as a warning. */
  readonly band?: RejectCase;
}

/** A rule reported somewhere. */
export interface Reported {
  readonly rule: string;
  readonly path: string;
  readonly severity: Severity;
}

/** What an input produced: every finding with a rule ID, and every error line (with or without one). */
export interface Outcome {
  readonly reported: readonly Reported[];
  readonly errors: readonly string[];
}

// ---------------------------------------------------------------------------
// Running inputs

/** `<path>: <message> [RULE]`, `[RULE / AVD-...]` for policy rules, optionally `(accepted: ...)`; skips (`[RULE skipped]`) do not match. */
const LINE = /^(.*?): .*\[([A-Z][A-Z0-9_]*(?:-\d+)?)(?: \/ [A-Z0-9-]+)*\](?: \(accepted: .*\))?$/s;

function fromLines(lines: readonly ReportLine[]): Outcome {
  const reported: Reported[] = [];
  for (const l of lines) {
    const m = LINE.exec(l.message);
    if (m && (l.level === "error" || l.level === "warning")) reported.push({ rule: m[2]!, path: m[1]!, severity: l.level });
  }
  return { reported, errors: lines.filter((l) => l.level === "error").map((l) => `${l.stack}: ${l.message}`) };
}

/** Findings of the cluster and network checks; one both report (the location) counts once, as in a stack's report. */
function fromFindings(findings: readonly Finding[]): Outcome {
  const unique = [...new Map(findings.map((f) => [formatFinding(f), f])).values()];
  return {
    reported: unique.map((f) => ({ rule: f.rule, path: f.path, severity: f.severity })),
    errors: unique.filter((f) => f.severity === "error").map(formatFinding),
  };
}

function target(stack: AksByoCniStack, on: Override["on"]): TerraformResource {
  const resource = {
    cluster: stack.cluster.kubernetesCluster,
    subnet: stack.network?.subnet,
    vnet: stack.network?.virtualNetwork,
    roleDefinition: stack.network?.roleDefinition,
    apiServerSubnet: stack.network?.apiServerSubnet,
  }[on];
  if (!resource) throw new Error(`the stack has no ${on} to override`);
  return resource;
}

function run(input: Input): Outcome {
  switch (input.via) {
    case "stack": {
      const app = Testing.app();
      const stack = new AksByoCniStack(app, "env", input.config);
      for (const o of input.overrides) target(stack, o.on).addOverride(o.path, o.value);
      return fromLines(collectProblems(app));
    }
    case "plan": {
      const network = planOf(input.config).network ? networkRun(input.config).findings : [];
      return fromFindings([...clusterRun(input.config).findings, ...network]);
    }
    case "cni":
      return fromLines(ciliumProblemsOf(input.values));
    case "cniStack":
      return fromLines(collectProblems(ciliumPair(input.config).app));
    case "file": {
      const dir = tempDir("aks-example-");
      try {
        const file = path.join(dir, input.name);
        fs.writeFileSync(file, input.text);
        const { problems } = loadConfigFile(file);
        return {
          reported: problems.map((p) => ({ rule: p.rule, path: p.path, severity: "error" as const })),
          errors: problems.map((p) => `${p.path}: ${p.message} [${p.rule}]`),
        };
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    case "constructs": {
      // A user's own composition: the config file gives both constructs one location.
      const { cluster, network } = vnetConfig();
      const stack = new TerraformStack(Testing.app(), "platform");
      new AzurermProvider(stack, "azurerm", { features: [{}] });
      const net = new AksNetwork(stack, "net", { location: input.networkLocation, resourceGroupName: "rg-aks", namePrefix: "aks", network: { vnet: network!.vnet } });
      const props = { location: input.clusterLocation, resourceGroupName: "rg-aks", cluster, nodeSubnet: net.nodeSubnet, identity: input.clusterIdentity } as unknown as AksByoCniClusterProps;
      new AksByoCniCluster(stack, "aks", props);
      return fromLines(collectProblems(stack.node.root));
    }
  }
}

/**
 * V8's own stack format, without source maps. cdktf captures a full stack
 * for every token it creates, and Jest maps each frame through the source
 * maps, which doubles the cost of building a stack; nothing here reads
 * those stacks.
 */
const plainStack = (error: Error, frames: NodeJS.CallSite[]) => `${error}\n${frames.map((f) => `    at ${f}`).join("\n")}`;

const outcomes = new Map<string, Outcome>();

/** What `input` produces; identical inputs are built once. */
export function outcomeOf(input: Input): Outcome {
  const key = JSON.stringify(input);
  let outcome = outcomes.get(key);
  if (!outcome) {
    const jestStack = Error.prepareStackTrace;
    Error.prepareStackTrace = plainStack;
    try {
      outcome = run(input);
    } finally {
      Error.prepareStackTrace = jestStack;
    }
    outcomes.set(key, outcome);
  }
  return outcome;
}

// ---------------------------------------------------------------------------
// Building inputs and cases

const stack = (config: AksByoCniConfig, ...overrides: Override[]): Input => ({ via: "stack", config, overrides });
const plan = (config: AksByoCniConfig): Input => ({ via: "plan", config });
const cni = (values: Record<string, unknown>): Input => ({ via: "cni", values });
const cniStack = (settings: Record<string, unknown>): Input => ({ via: "cniStack", config: withField(seed(), "cni", settings) });
const json = (config: unknown): Input => ({ via: "file", name: "env.json", text: JSON.stringify(config, null, 2) });
const yaml = (text: string): Input => ({ via: "file", name: "env.yaml", text });
const override = (on: Override["on"], at: string, value: unknown): Override => ({ on, path: at, value });

const reject = (what: string, input: Input, at: string, severity: Severity = "error"): RejectCase => ({ what, input, path: at, severity });
const warn = (what: string, input: Input, at: string): RejectCase => reject(what, input, at, "warning");
const accept = (what: string, input: Input, at: string): AcceptCase => ({ what, input, path: at });

/** `config` with each dotted field set (`undefined` deletes). */
function edit(config: AksByoCniConfig, fields: Record<string, unknown>): AksByoCniConfig {
  return Object.entries(fields).reduce((c, [at, value]) => withField(c, at, value), config);
}

const seed = seedConfig;
const vnet = vnetConfig;
/** The VNet config with an adopted subnet instead of a created one. */
const adopted = () => edit(vnet(), { "network.vnet": undefined, "network.existingSubnetId": ADOPTED_SUBNET_ID });
/** Seed with the service range and DNS IP written out. */
const service = (cidr: string, dns: string, base = seed()) => edit(base, { "network.serviceCidr": cidr, "network.dnsServiceIp": dns });
const a = (n: number, c = "a") => c.repeat(n);

const POD = "network.podCidr";
const SVC = "network.serviceCidr";
const DNS = "network.dnsServiceIp";
const SPACE = "network.vnet.addressSpace";
const SUBNET = "network.vnet.subnet.addressPrefixes";
const RA = "network.subnetRoleAssignment";
const SUBNET_ID = "network.existingSubnetId";
const GUID = "4d97b98b-1d4f-4787-a291-c67834d212e7";
const ROLE_ID = `/providers/Microsoft.Authorization/roleDefinitions/${GUID}`;
const CONDITION = "@Resource[Microsoft.Network/virtualNetworks/subnets:name] StringEquals 'snet-nodes'";

// Terraform addresses the policy pack reports at: logical IDs of the stack "env".
const AKS = "azurerm_kubernetes_cluster.aks_cluster_D4B35EC5";
const VNET_RESOURCE = "azurerm_virtual_network.network_vnet_BCBC8A9D";
const ROLE_RESOURCE = "azurerm_role_definition.network_subnet-join-role_646F277C";
const LOGS = "cluster.monitoring.controlPlaneLogs";
const NODE_OS_WINDOW = "cluster.maintenance.nodeOs";
const ASP = "cluster.autoScalerProfile";
const APPS = "cluster.userNodePools[0]";
const KID = "cluster.kubeletIdentity";
const KUBELET_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-kubelet";
/** The VNet config with its user pool autoscaled. */
const AUTOSCALED = () => withField(vnet(), "cluster.userNodePools[0].autoScaling", { minCount: 3, maxCount: 6 });
/** A valid weekly window. */
const WINDOW = { frequency: "Weekly", dayOfWeek: "Sunday", startTime: "02:00", durationHours: 4 };
const STORAGE_ACCOUNT = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/staksaudit";
const WORKSPACE = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/log-central";

/**
 * The seed's own stack: the accepted side of every rule whose nearest valid
 * value is what the seed builds. Where that value is a default, writing it
 * out would build the same stack again, so those rows use this one.
 */
const SEED = stack(seed());
/** The VNet config's own stack, likewise. */
const VNET = stack(vnet());

/** Tags at every limit at once (50 tags, a 512-character name, a 256-character value); each rejected set is one step over one limit. */
const EDGE_TAGS: Record<string, string> = {
  ...Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`tag${i}`, "x"])),
  [a(512, "k")]: a(256, "v"),
  "team-platform": "x",
  Environment: "prod",
  Environments: "dev",
};
const tags = (changes: Record<string, string | undefined>) => {
  const out: Record<string, string> = { ...EDGE_TAGS };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return stack(withField(seed(), "tags", out));
};

/**
 * Cilium values at every edge for the seed (pod 10.244.0.0/16, 3 nodes and 1
 * surge, 110 pods: masks /18 to /25 fit); each rejected set changes one key.
 */
const EDGE_CILIUM = {
  aksbyocni: { enabled: true },
  routingMode: "tunnel",
  ipam: { mode: "cluster-pool", operator: { clusterPoolIPv4PodCIDRList: ["10.244.0.0/16"], clusterPoolIPv4MaskSize: 25 } },
};
const cilium = (at: string, value: unknown): Input => cni(withField(EDGE_CILIUM, at, value));

/** The config file tests start from: the seed as JSON. */
const SEED_FILE = json(seed());

/** The seed with its service range written out and `service_cidrs` overridden (the config has no list form). */
const serviceList = (cidrs: string[]) => stack(service("10.0.0.0/16", "10.0.0.10"), override("cluster", "network_profile.service_cidrs", cidrs));
/** The VNet config with a second subnet. */
const otherSubnet = (prefix: string) => plan(withField(vnet(), "network.vnet.otherSubnets", [{ name: "snet-db", addressPrefixes: [prefix] }]));
const OTHER_SUBNET = "network.vnet.otherSubnets[0].addressPrefixes[0]";
const advanced = (securityEnabled: boolean, observabilityEnabled: boolean) =>
  stack(withField(seed(), "network.advancedNetworking", { securityEnabled, observabilityEnabled }));
/** A seed file with Cilium values, for the credential check of free-form values. */
const ciliumFile = (values: Record<string, unknown>) => json(withField(seed(), "cni", { plugin: "cilium", version: "1.18.14", values }));
const DELEGATION = [{ name: "aks", service_delegation: { name: "Microsoft.ContainerService/managedClusters" } }];
const DISK_ENCRYPTION_SET = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-keys/providers/Microsoft.Compute/diskEncryptionSets/des-aks";
const minimalRole = () => withField(vnet(), "network.subnetRole", "MinimalCustomRole");

/** An adopted subnet of the adopted config's VNet (vnet-hub), or of another VNet. */
const hubSubnet = (name: string, vnetName = "vnet-hub") => ADOPTED_SUBNET_ID.replace("vnet-hub", vnetName).replace(/snet-aks$/, name);
/** The VNet config with a created API server subnet of the given prefix (VNet integration follows). */
const apiSubnet = (prefix: string, base = vnet()) => withField(base, "network.vnet.apiServerSubnet", { name: "snet-apiserver", addressPrefixes: [prefix] });
const API_SUBNET = "network.vnet.apiServerSubnet";
const ZONE = "cluster.apiServer.privateDnsZone";
const zoneId = (name: string) => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${name}`;
/** A private API server with the given private DNS zone (no authorized ranges). */
const privateZone = (zone: string, base: AksByoCniConfig) => withField(base, "cluster.apiServer", { private: true, privateDnsZone: zone });
const LB = "network.loadBalancer";
const PIP = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPAddresses/pip-egress";
const PIP_PREFIX = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPPrefixes/ippre-egress";
/** The seed with the load balancer's outbound rule. */
const lb = (settings: Record<string, unknown>, base = seed()) => withField(base, LB, settings);
/** `n` distinct /32 ranges. */
const ranges = (n: number) => Array.from({ length: n }, (_, i) => `${198 + Math.floor(i / 256)}.51.${100 + Math.floor((i % 256) / 128)}.${i % 128}/32`);

/** Every rule of RULE_CATALOGUE at its edge, by ID. */
export const RULE_EXAMPLES: Readonly<Record<string, RuleExample>> = {
  // FMT: syntax of ranges and addresses.
  "FMT-01": {
    reject: reject("octet 256", plan(withField(seed(), POD, "10.256.0.0/16")), POD),
    accept: accept("octet 255", plan(withField(seed(), POD, "10.255.0.0/16")), POD),
  },
  "FMT-02": {
    reject: reject("no prefix length", plan(withField(seed(), POD, "10.244.0.0")), POD),
    accept: accept("/16 written", plan(withField(seed(), POD, "10.244.0.0/16")), POD),
  },
  "FMT-03": {
    reject: reject("10.245.0.0/15 (host bit set)", plan(withField(seed(), POD, "10.245.0.0/15")), POD),
    accept: accept("10.245.0.0/16", plan(withField(seed(), POD, "10.245.0.0/16")), POD),
  },
  "FMT-04": {
    reject: reject("the pod range as IPv4-mapped IPv6", plan(withField(seed(), POD, "::ffff:10.244.0.0/112")), POD),
    accept: accept("the same range as IPv4", plan(withField(seed(), POD, "10.244.0.0/16")), POD),
  },
  "FMT-05": {
    reject: reject("fd00:10::1/64 (host bits)", plan(withField(vnet(), SPACE, ["10.224.0.0/12", "fd00:10::1/64"])), `${SPACE}[1]`),
    accept: accept("fd00:10::/64", plan(withField(vnet(), SPACE, ["10.224.0.0/12", "fd00:10::/64"])), `${SPACE}[1]`),
  },
  "FMT-06": {
    reject: reject("10.0.0.010 (leading zero)", plan(service("10.0.0.0/16", "10.0.0.010")), DNS),
    accept: accept("10.0.0.10", plan(service("10.0.0.0/16", "10.0.0.10")), DNS),
  },

  // RES: reserved ranges; each pair differs by one prefix bit at the reserved range's edge.
  "RES-01": {
    reject: reject("172.28.0.0/14 (reaches 172.30.0.0/16)", plan(service("172.28.0.0/14", "172.28.0.10")), SVC),
    accept: accept("172.28.0.0/15 (ends at 172.29.255.255)", plan(service("172.28.0.0/15", "172.28.0.10")), SVC),
  },
  "RES-02": {
    reject: reject("172.28.0.0/14", plan(withField(seed(), POD, "172.28.0.0/14")), POD),
    accept: accept("172.28.0.0/15", plan(withField(seed(), POD, "172.28.0.0/15")), POD),
  },
  "RES-03": {
    reject: reject("172.28.0.0/14", plan(edit(vnet(), { [SPACE]: ["172.28.0.0/14"], [SUBNET]: ["172.28.0.0/16"] })), `${SPACE}[0]`),
    accept: accept("172.28.0.0/15", plan(edit(vnet(), { [SPACE]: ["172.28.0.0/15"], [SUBNET]: ["172.28.0.0/16"] })), `${SPACE}[0]`),
  },
  "RES-04": {
    reject: reject("168.63.128.0/23 (holds 168.63.129.16)", plan(edit(vnet(), { [SPACE]: ["168.63.128.0/23"], [SUBNET]: ["168.63.128.0/24"] })), `${SPACE}[0]`),
    accept: accept("168.63.128.0/24", plan(edit(vnet(), { [SPACE]: ["168.63.128.0/24"], [SUBNET]: ["168.63.128.0/24"] })), `${SPACE}[0]`),
  },
  "RES-05": {
    // The accepted range is public: SVC-10's warning, no error.
    reject: reject("224.0.0.0/16, multicast's first /16", plan(service("224.0.0.0/16", "224.0.0.10")), SVC),
    accept: accept("223.255.0.0/16, the /16 before it", plan(service("223.255.0.0/16", "223.255.0.10")), SVC),
  },

  // SVC: the service range.
  "SVC-01": {
    // VNet and node subnet are both 10.1.0.0/24, so the accepted range touches the subnet without entering the VNet.
    reject: reject("10.1.0.0/23 (holds the subnet)", plan(service("10.1.0.0/23", "10.1.0.10", edit(vnet(), { [SPACE]: ["10.1.0.0/24"], [SUBNET]: ["10.1.0.0/24"] }))), SVC),
    accept: accept("10.1.1.0/24 (right after it)", plan(service("10.1.1.0/24", "10.1.1.10", edit(vnet(), { [SPACE]: ["10.1.0.0/24"], [SUBNET]: ["10.1.0.0/24"] }))), SVC),
  },
  "SVC-02": {
    reject: warn("10.1.255.0/24, the VNet's last /24", plan(service("10.1.255.0/24", "10.1.255.10", edit(vnet(), { [SPACE]: ["10.1.0.0/16"], [SUBNET]: ["10.1.0.0/24"] }))), SVC),
    accept: accept("10.2.0.0/24, the first /24 after it", plan(service("10.2.0.0/24", "10.2.0.10", edit(vnet(), { [SPACE]: ["10.1.0.0/16"], [SUBNET]: ["10.1.0.0/24"] }))), SVC),
  },
  "SVC-03": {
    reject: warn("10.2.0.0/15 with 10.3.0.0/16 connected", plan(service("10.2.0.0/15", "10.2.0.10", withField(seed(), "network.connectedNetworks", ["10.3.0.0/16"]))), SVC),
    accept: accept("10.2.0.0/16", plan(service("10.2.0.0/16", "10.2.0.10", withField(seed(), "network.connectedNetworks", ["10.3.0.0/16"]))), SVC),
  },
  "SVC-04": {
    reject: warn("10.0.0.0/15 with pod 10.1.0.0/16", plan(service("10.0.0.0/15", "10.0.0.10", withField(seed(), POD, "10.1.0.0/16"))), SVC),
    accept: accept("10.0.0.0/16", plan(service("10.0.0.0/16", "10.0.0.10", withField(seed(), POD, "10.1.0.0/16"))), SVC),
  },
  "SVC-05": {
    reject: reject("/12", plan(service("10.0.0.0/12", "10.0.0.10")), SVC),
    accept: accept("/13", plan(service("10.0.0.0/13", "10.0.0.10")), SVC),
  },
  "SVC-06": {
    // Any DNS IP in a /31 is itself refused (DNS-02/03); the size finding is what matters here.
    reject: reject("/31", plan(service("10.0.0.0/31", "10.0.0.1")), SVC),
    band: warn("/25 (/25 to /30 warn)", plan(service("10.0.0.0/25", "10.0.0.10")), SVC),
    accept: accept("/24", plan(service("10.0.0.0/24", "10.0.0.10")), SVC),
  },
  "SVC-07": {
    // Only an override can add the list form; the IPv4 entry equals service_cidr so that SVC-09 holds.
    reject: reject("fd00::/107 in service_cidrs", serviceList(["10.0.0.0/16", "fd00::/107"]), SVC),
    accept: accept("fd00::/108", serviceList(["10.0.0.0/16", "fd00::/108"]), SVC),
  },
  "SVC-08": {
    reject: reject("serviceCidr without dnsServiceIp", plan(withField(seed(), SVC, "10.0.0.0/16")), DNS),
    accept: accept("both", plan(service("10.0.0.0/16", "10.0.0.10")), DNS),
  },
  "SVC-10": {
    reject: warn("100.128.0.0/16, past 100.64.0.0/10", plan(service("100.128.0.0/16", "100.128.0.10")), SVC),
    accept: accept("100.127.0.0/16, its last /16", plan(service("100.127.0.0/16", "100.127.0.10")), SVC),
  },
  "SVC-09": {
    reject: warn("service_cidrs[0] 10.1.0.0/16, service_cidr 10.0.0.0/16", serviceList(["10.1.0.0/16", "fd00::/108"]), SVC),
    accept: accept("service_cidrs[0] equal to service_cidr", serviceList(["10.0.0.0/16", "fd00::/108"]), SVC),
  },

  // DNS: the kube-dns address in 10.0.0.0/16.
  "DNS-01": {
    reject: reject("10.1.0.0, just past the range", plan(service("10.0.0.0/16", "10.1.0.0")), DNS),
    // The last host is outside the static band: a DNS-05 warning, no error.
    accept: accept("10.0.255.254, its last host", plan(service("10.0.0.0/16", "10.0.255.254")), DNS),
  },
  "DNS-02": {
    reject: reject("10.0.0.1", plan(service("10.0.0.0/16", "10.0.0.1")), DNS),
    accept: accept("10.0.0.2", plan(service("10.0.0.0/16", "10.0.0.2")), DNS),
  },
  "DNS-03": {
    reject: reject("10.0.0.0", plan(service("10.0.0.0/16", "10.0.0.0")), DNS),
    // 10.0.0.1 is DNS-02's: the nearest address no rule refuses is .2.
    accept: accept("10.0.0.2", plan(service("10.0.0.0/16", "10.0.0.2")), DNS),
  },
  "DNS-04": {
    reject: reject("10.0.255.255", plan(service("10.0.0.0/16", "10.0.255.255")), DNS),
    accept: accept("10.0.255.254", plan(service("10.0.0.0/16", "10.0.255.254")), DNS),
  },
  "DNS-05": {
    reject: warn("offset 257", plan(service("10.0.0.0/16", "10.0.1.1")), DNS),
    accept: accept("offset 256, the band's last", plan(service("10.0.0.0/16", "10.0.1.0")), DNS),
  },

  // POD: the pod range.
  "POD-02": {
    // The accepted range is still inside the VNet: a POD-08 warning, no error.
    reject: reject("10.224.0.0/16, the node subnet", plan(withField(vnet(), POD, "10.224.0.0/16")), POD),
    accept: accept("10.225.0.0/16, right after it", plan(withField(vnet(), POD, "10.225.0.0/16")), POD),
  },
  "POD-03": {
    reject: warn("10.244.0.0/15 with 10.245.0.0/16 connected", plan(edit(seed(), { [POD]: "10.244.0.0/15", "network.connectedNetworks": ["10.245.0.0/16"] })), POD),
    accept: accept("10.244.0.0/16", plan(edit(seed(), { [POD]: "10.244.0.0/16", "network.connectedNetworks": ["10.245.0.0/16"] })), POD),
  },
  "POD-04": {
    reject: warn("100.128.0.0/16, past 100.64.0.0/10", plan(withField(seed(), POD, "100.128.0.0/16")), POD),
    accept: accept("100.127.0.0/16, its last /16", plan(withField(seed(), POD, "100.127.0.0/16")), POD),
  },
  "POD-05": {
    // 3 nodes and 1 surge node need four /24 blocks.
    reject: warn("/23 (two /24 blocks)", plan(withField(seed(), POD, "10.244.0.0/23")), POD),
    accept: accept("/22 (four)", plan(withField(seed(), POD, "10.244.0.0/22")), POD),
  },
  "POD-07": {
    reject: warn("pod_cidrs [10.245.0.0/16]", stack(seed(), override("cluster", "network_profile.pod_cidrs", ["10.245.0.0/16"])), POD),
    accept: accept("pod_cidrs [10.244.0.0/16]", stack(seed(), override("cluster", "network_profile.pod_cidrs", ["10.244.0.0/16"])), POD),
  },
  "POD-08": {
    reject: warn("10.239.0.0/16, the VNet's last /16 (no subnet there)", plan(withField(vnet(), POD, "10.239.0.0/16")), POD),
    accept: accept("10.240.0.0/16, right after it", plan(withField(vnet(), POD, "10.240.0.0/16")), POD),
  },

  // NET: VNet and node subnet (VNet 10.224.0.0/12, node subnet 10.224.0.0/16 unless changed).
  "NET-01": {
    reject: reject("10.240.0.0/24, just past the VNet", plan(withField(vnet(), SUBNET, ["10.240.0.0/24"])), `${SUBNET}[0]`),
    accept: accept("10.239.255.0/24, its last /24", plan(withField(vnet(), SUBNET, ["10.239.255.0/24"])), `${SUBNET}[0]`),
  },
  "NET-02": {
    reject: reject("10.224.255.0/24, the node subnet's last /24", otherSubnet("10.224.255.0/24"), OTHER_SUBNET),
    accept: accept("10.225.0.0/24, right after it", otherSubnet("10.225.0.0/24"), OTHER_SUBNET),
  },
  "NET-03": {
    // Two system nodes and one surge node fit the 3 usable addresses of a /29.
    reject: reject("/30", plan(edit(vnet(), { "cluster.userNodePools": undefined, "cluster.defaultNodePool.nodeCount": 2, [SUBNET]: ["10.224.0.0/30"] })), `${SUBNET}[0]`),
    accept: accept("/29", plan(edit(vnet(), { "cluster.userNodePools": undefined, "cluster.defaultNodePool.nodeCount": 2, [SUBNET]: ["10.224.0.0/29"] })), `${SUBNET}[0]`),
  },
  "NET-04": {
    // The config cannot delegate the subnet: an override can.
    reject: reject("a delegation", stack(vnet(), override("subnet", "delegation", DELEGATION)), "network.vnet.subnet"),
    accept: accept("none (as built)", VNET, "network.vnet.subnet"),
  },
  "NET-05": {
    // A config file gives the VNet and the cluster one location, and the rule reads the plan, not the JSON: only composed constructs can differ.
    reject: reject("VNet in eastus, cluster in westeurope", { via: "constructs", networkLocation: "eastus", clusterLocation: "westeurope" }, "location"),
    accept: accept('VNet in "West Europe", cluster in westeurope', { via: "constructs", networkLocation: "West Europe", clusterLocation: "westeurope" }, "location"),
  },
  "NET-07": {
    // A /28 has 11 usable addresses; 6 nodes + 2 surge nodes + the frontends.
    reject: reject("/28 with 4 internal load balancer frontends", plan(edit(vnet(), { [SUBNET]: ["10.224.0.0/28"], "network.internalLoadBalancerFrontends": 4 })), `${SUBNET}[0]`),
    accept: accept("/28 with 3", plan(edit(vnet(), { [SUBNET]: ["10.224.0.0/28"], "network.internalLoadBalancerFrontends": 3 })), `${SUBNET}[0]`),
  },
  "NET-08": {
    // Service and pod ranges moved out of 10.0.0.0/7 so that only the size is in question.
    reject: warn("/7", plan(edit(service("172.16.0.0/16", "172.16.0.10", vnet()), { [SPACE]: ["10.0.0.0/7"], [POD]: "100.64.0.0/16" })), `${SPACE}[0]`),
    accept: accept("/8", plan(edit(service("172.16.0.0/16", "172.16.0.10", vnet()), { [SPACE]: ["10.0.0.0/8"], [POD]: "100.64.0.0/16" })), `${SPACE}[0]`),
  },
  "NET-13": {
    reject: reject("a pool subnet in another VNet", plan(withField(adopted(), "network.existingPoolSubnets", [{ id: hubSubnet("snet-pool", "vnet-other") }])), "network.existingPoolSubnets[0].id"),
    accept: accept("in the node subnet's VNet", plan(withField(adopted(), "network.existingPoolSubnets", [{ id: hubSubnet("snet-pool") }])), "network.existingPoolSubnets[0].id"),
  },
  "NET-12": {
    // The VNet 10.224.0.0/12 ends at 10.239.255.255: the connected network right after it is clear.
    reject: reject("10.239.0.0/16 connected, the VNet's last /16", plan(withField(vnet(), "network.connectedNetworks", ["10.239.0.0/16"])), `${SPACE}[0]`),
    accept: accept("10.240.0.0/16 connected, right after it", plan(withField(vnet(), "network.connectedNetworks", ["10.240.0.0/16"])), `${SPACE}[0]`),
  },
  "NET-09": {
    reject: warn("GatewaySubnet", plan(withField(vnet(), "network.vnet.subnet.name", "GatewaySubnet")), "network.vnet.subnet.name"),
    accept: accept("GatewaySubnet2", plan(withField(vnet(), "network.vnet.subnet.name", "GatewaySubnet2")), "network.vnet.subnet.name"),
  },
  "NET-14": {
    reject: reject("vnet and existingSubnetId", plan(withField(vnet(), SUBNET_ID, ADOPTED_SUBNET_ID)), SUBNET_ID),
    accept: accept("vnet only", plan(vnet()), SUBNET_ID),
  },
  "NET-15": {
    reject: reject("existingSubnetAddressPrefixes with vnet", plan(withField(vnet(), "network.existingSubnetAddressPrefixes", ["10.224.0.0/16"])), "network.existingSubnetAddressPrefixes"),
    accept: accept("with an adopted subnet", plan(withField(adopted(), "network.existingSubnetAddressPrefixes", ["10.224.0.0/16"])), "network.existingSubnetAddressPrefixes"),
  },
  "NET-16": {
    reject: reject('"SNET-NODES" beside the node subnet snet-nodes', plan(withField(vnet(), "network.vnet.otherSubnets", [{ name: "SNET-NODES", addressPrefixes: ["10.225.0.0/24"] }])), "network.vnet.otherSubnets[0].name"),
    accept: accept('"snet-nodes2"', plan(withField(vnet(), "network.vnet.otherSubnets", [{ name: "snet-nodes2", addressPrefixes: ["10.225.0.0/24"] }])), "network.vnet.otherSubnets[0].name"),
  },
  "NET-17": {
    reject: reject('"snet-node", no subnet of the network', plan(withField(vnet(), `${APPS}.subnetName`, "snet-node")), `${APPS}.subnetName`),
    accept: accept('"snet-nodes", the node subnet', plan(withField(vnet(), `${APPS}.subnetName`, "snet-nodes")), `${APPS}.subnetName`),
  },
  "NET-18": {
    reject: reject("-1", plan(withField(vnet(), "network.internalLoadBalancerFrontends", -1)), "network.internalLoadBalancerFrontends"),
    accept: accept("0", plan(withField(vnet(), "network.internalLoadBalancerFrontends", 0)), "network.internalLoadBalancerFrontends"),
  },
  "NET-19": {
    // A dual-stack VNet, so that both subnets lie inside it.
    reject: reject("fd00:db8::/64 alone", plan(edit(vnet(), { [SPACE]: ["10.224.0.0/12", "fd00:db8::/48"], [SUBNET]: ["fd00:db8::/64"] })), SUBNET),
    accept: accept("10.224.0.0/16 added (dual-stack)", plan(edit(vnet(), { [SPACE]: ["10.224.0.0/12", "fd00:db8::/48"], [SUBNET]: ["10.224.0.0/16", "fd00:db8::/64"] })), SUBNET),
  },

  // OUT: egress.
  "OUT-01": {
    reject: reject("LoadBalancer", plan(withField(seed(), "network.outboundType", "LoadBalancer")), "network.outboundType"),
    accept: accept("loadBalancer", plan(withField(seed(), "network.outboundType", "loadBalancer")), "network.outboundType"),
  },
  "OUT-02": {
    reject: reject("Standard", plan(withField(seed(), "network.loadBalancerSku", "Standard")), "network.loadBalancerSku"),
    accept: accept("standard", plan(withField(seed(), "network.loadBalancerSku", "standard")), "network.loadBalancerSku"),
  },
  "OUT-03": {
    // With an adopted subnet the route table is checked at plan time: a skip, not a finding.
    reject: reject("userDefinedRouting on a created subnet", plan(withField(vnet(), "network.outboundType", "userDefinedRouting")), "network.outboundType"),
    accept: accept("on an adopted one", plan(withField(adopted(), "network.outboundType", "userDefinedRouting")), "network.outboundType"),
  },
  "OUT-04": {
    reject: reject("managedNATGateway with a subnet of ours", plan(withField(vnet(), "network.outboundType", "managedNATGateway")), "network.outboundType"),
    accept: accept("with the AKS-managed VNet", plan(withField(seed(), "network.outboundType", "managedNATGateway")), "network.outboundType"),
  },
  "OUT-05": {
    reject: reject("userAssignedNATGateway on a created subnet", plan(withField(vnet(), "network.outboundType", "userAssignedNATGateway")), "network.outboundType"),
    accept: accept("on an adopted one", plan(withField(adopted(), "network.outboundType", "userAssignedNATGateway")), "network.outboundType"),
  },
  "OUT-06": {
    reject: reject("none", plan(withField(seed(), "network.outboundType", "none")), "network.outboundType"),
    accept: accept("loadBalancer", plan(withField(seed(), "network.outboundType", "loadBalancer")), "network.outboundType"),
  },
  "OUT-07": {
    // An adopted subnet: userDefinedRouting is valid there (its route table is checked at plan time).
    reject: reject("outbound ports with userDefinedRouting", plan(edit(adopted(), { "network.outboundType": "userDefinedRouting", [LB]: { allocatedOutboundPorts: 1024 } })), LB),
    accept: accept("with loadBalancer egress", plan(edit(adopted(), { [LB]: { allocatedOutboundPorts: 1024 } })), LB),
  },
  "OUT-08": {
    reject: reject("a managed count and IPs of your own", plan(lb({ managedOutboundIpCount: 2, outboundIpIds: [PIP] })), `${LB}.outboundIpIds`),
    accept: accept("IPs of your own alone", plan(lb({ outboundIpIds: [PIP] })), `${LB}.outboundIpIds`),
  },
  "OUT-09": {
    reject: reject("idle timeout 3 minutes", plan(lb({ idleTimeoutInMinutes: 3 })), `${LB}.idleTimeoutInMinutes`),
    accept: accept("4 minutes", plan(lb({ idleTimeoutInMinutes: 4 })), `${LB}.idleTimeoutInMinutes`),
  },
  "OUT-10": {
    reject: reject("1020 ports", plan(lb({ allocatedOutboundPorts: 1020 })), `${LB}.allocatedOutboundPorts`),
    accept: accept("1024 ports", plan(lb({ allocatedOutboundPorts: 1024 })), `${LB}.allocatedOutboundPorts`),
  },
  "OUT-11": {
    // The seed peaks at 4 nodes (3 and one surge node) on AKS's one managed IP: 64,000 ports.
    reject: reject("16,008 ports x 4 nodes", plan(lb({ allocatedOutboundPorts: 16008 })), `${LB}.allocatedOutboundPorts`),
    accept: accept("16,000 x 4, exactly 64,000", plan(lb({ allocatedOutboundPorts: 16000 })), `${LB}.allocatedOutboundPorts`),
  },
  "OUT-12": {
    reject: reject("a prefix among the IPs", plan(lb({ outboundIpIds: [PIP_PREFIX] })), `${LB}.outboundIpIds[0]`),
    accept: accept("a public IP", plan(lb({ outboundIpIds: [PIP] })), `${LB}.outboundIpIds[0]`),
  },

  // BYO: what must stay unset under BYOCNI, on the synthesized cluster.
  "BYO-01": {
    reject: reject('"None"', stack(withField(seed(), "network.networkPlugin", "None")), "network.networkPlugin"),
    accept: accept('"none" (the default)', SEED, "network.networkPlugin"),
  },
  "BYO-02": {
    reject: warn("calico", stack(withField(seed(), "network.networkPolicy", "calico")), "network.networkPolicy"),
    accept: accept("unset", SEED, "network.networkPolicy"),
  },
  "BYO-03": {
    reject: warn("overlay", stack(withField(seed(), "network.networkPluginMode", "overlay")), "network.networkPluginMode"),
    accept: accept("unset", SEED, "network.networkPluginMode"),
  },
  "BYO-04": {
    reject: reject("cilium", stack(withField(seed(), "network.networkDataPlane", "cilium")), "network.networkDataPlane"),
    accept: accept("azure", stack(withField(seed(), "network.networkDataPlane", "azure")), "network.networkDataPlane"),
  },
  "BYO-05": {
    reject: reject("transparent", stack(withField(seed(), "network.networkMode", "transparent")), "network.networkMode"),
    accept: accept("unset", SEED, "network.networkMode"),
  },
  "BYO-06": {
    // azurerm's CustomizeDiff refuses the block itself, with both flags off too.
    reject: reject("observability only", advanced(false, true), "network.advancedNetworking"),
    accept: accept("absent", SEED, "network.advancedNetworking"),
  },
  "BYO-07": {
    reject: warn("a pod subnet", stack(withField(seed(), "cluster.defaultNodePool.podSubnetId", ADOPTED_SUBNET_ID)), "cluster.defaultNodePool.podSubnetId"),
    accept: accept("none", SEED, "cluster.defaultNodePool.podSubnetId"),
  },
  "BYO-09": {
    reject: reject("172.17.0.1/16", stack(withField(seed(), "network.dockerBridgeCidr", "172.17.0.1/16")), "network.dockerBridgeCidr"),
    accept: accept("absent", SEED, "network.dockerBridgeCidr"),
  },

  // NAME: names, at their longest.
  "NAME-01": {
    // An explicit node resource group keeps the derived MC_ name (NAME-07) out of it.
    reject: reject("64 characters", plan(edit(seed(), { "cluster.name": a(64), "cluster.nodeResourceGroup": "rg-aks-nodes" })), "cluster.name"),
    accept: accept("63 characters", plan(edit(seed(), { "cluster.name": a(63), "cluster.nodeResourceGroup": "rg-aks-nodes" })), "cluster.name"),
  },
  "NAME-02": {
    reject: reject("55 characters", plan(withField(seed(), "cluster.dnsPrefix", a(55))), "cluster.dnsPrefix"),
    accept: accept("54 characters", plan(withField(seed(), "cluster.dnsPrefix", a(54))), "cluster.dnsPrefix"),
  },
  "NAME-03": {
    // The construct always sets dns_prefix: only an override can add the private form.
    reject: reject("dns_prefix and dns_prefix_private_cluster", stack(seed(), override("cluster", "dns_prefix_private_cluster", "aksbyocni")), "cluster.dnsPrefix"),
    accept: accept("dns_prefix only (as built)", SEED, "cluster.dnsPrefix"),
  },
  "NAME-04": {
    reject: reject("13 characters", plan(withField(seed(), "cluster.defaultNodePool.name", "nodepool12345")), "cluster.defaultNodePool.name"),
    accept: accept("12 characters", plan(withField(seed(), "cluster.defaultNodePool.name", "nodepool1234")), "cluster.defaultNodePool.name"),
  },
  "NAME-06": {
    reject: reject("a user pool named like the system pool", plan(withField(vnet(), "cluster.userNodePools[0].name", "system")), "cluster.userNodePools[0].name"),
    accept: accept("system2", plan(withField(vnet(), "cluster.userNodePools[0].name", "system2")), "cluster.userNodePools[0].name"),
  },
  "NAME-07": {
    // MC_<37>_<cluster>_eastus: 80 characters with a 32-character cluster name.
    reject: reject("MC_ name of 81 characters", plan(edit(seed(), { "resourceGroup.name": a(37, "r"), "cluster.name": a(33, "c") })), "cluster.name"),
    accept: accept("80 characters", plan(edit(seed(), { "resourceGroup.name": a(37, "r"), "cluster.name": a(32, "c") })), "cluster.name"),
  },
  "NAME-08": {
    // Checked by the resource group construct only. An explicit node resource group keeps NAME-07 out of it.
    reject: reject("91 characters", stack(edit(seed(), { "resourceGroup.name": a(91, "r"), "cluster.nodeResourceGroup": "rg-aks-nodes" })), "resourceGroup.name"),
    accept: accept("90 characters", stack(edit(seed(), { "resourceGroup.name": a(90, "r"), "cluster.nodeResourceGroup": "rg-aks-nodes" })), "resourceGroup.name"),
  },
  "NAME-09": {
    reject: reject("65 characters", plan(withField(vnet(), "network.vnet.name", a(65, "v"))), "network.vnet.name"),
    accept: accept("64 characters", plan(withField(vnet(), "network.vnet.name", a(64, "v"))), "network.vnet.name"),
  },
  "NAME-10": {
    reject: reject("81 characters", plan(withField(vnet(), "network.vnet.subnet.name", a(81, "s"))), "network.vnet.subnet.name"),
    accept: accept("80 characters", plan(withField(vnet(), "network.vnet.subnet.name", a(80, "s"))), "network.vnet.subnet.name"),
  },

  // NP: pools.
  "NP-01": {
    reject: reject("a user pool of -1 nodes", plan(withField(vnet(), "cluster.userNodePools[0].nodeCount", -1)), "cluster.userNodePools[0].nodeCount"),
    accept: accept("0 nodes", plan(withField(vnet(), "cluster.userNodePools[0].nodeCount", 0)), "cluster.userNodePools[0].nodeCount"),
  },
  "NP-02": {
    reject: warn("1 system node", plan(withField(seed(), "cluster.defaultNodePool.nodeCount", 1)), "cluster.defaultNodePool.nodeCount"),
    accept: accept("2", plan(withField(seed(), "cluster.defaultNodePool.nodeCount", 2)), "cluster.defaultNodePool.nodeCount"),
  },
  "NP-03": {
    // 3 nodes x 10 pods is also exactly the 30-pod floor.
    reject: reject("maxPods 9", plan(withField(seed(), "cluster.defaultNodePool.maxPods", 9)), "cluster.defaultNodePool.maxPods"),
    accept: accept("maxPods 10", plan(withField(seed(), "cluster.defaultNodePool.maxPods", 10)), "cluster.defaultNodePool.maxPods"),
  },
  "NP-04": {
    reject: reject("3 nodes, maxCount 2", plan(withField(seed(), "cluster.defaultNodePool.autoScaling", { minCount: 1, maxCount: 2 })), "cluster.defaultNodePool.nodeCount"),
    accept: accept("maxCount 3", plan(withField(seed(), "cluster.defaultNodePool.autoScaling", { minCount: 1, maxCount: 3 })), "cluster.defaultNodePool.nodeCount"),
  },
  "NP-05": {
    reject: warn("Standard_D2ds_v5 (2 vCPU) for the system pool", plan(withField(seed(), "cluster.defaultNodePool.vmSize", "Standard_D2ds_v5")), "cluster.defaultNodePool.vmSize"),
    accept: accept("Standard_D4ds_v5 (4 vCPU)", plan(withField(seed(), "cluster.defaultNodePool.vmSize", "Standard_D4ds_v5")), "cluster.defaultNodePool.vmSize"),
  },
  "NP-07": {
    reject: reject('"v1.33"', plan(withField(seed(), "cluster.kubernetesVersion", "v1.33")), "cluster.kubernetesVersion"),
    accept: accept('"1.33"', plan(withField(seed(), "cluster.kubernetesVersion", "1.33")), "cluster.kubernetesVersion"),
  },
  "NP-11": {
    reject: warn("AzureLinux on 1.31", plan(edit(seed(), { "cluster.kubernetesVersion": "1.31", "cluster.defaultNodePool.osSku": "AzureLinux" })), "cluster.defaultNodePool.osSku"),
    accept: accept("on 1.32", plan(edit(seed(), { "cluster.kubernetesVersion": "1.32", "cluster.defaultNodePool.osSku": "AzureLinux" })), "cluster.defaultNodePool.osSku"),
  },
  "NP-08": {
    reject: reject('"0"', plan(withField(seed(), "cluster.defaultNodePool.maxSurge", "0")), "cluster.defaultNodePool.maxSurge"),
    accept: accept('"1"', plan(withField(seed(), "cluster.defaultNodePool.maxSurge", "1")), "cluster.defaultNodePool.maxSurge"),
  },

  "NP-09": {
    reject: reject("0 minutes", plan(withField(seed(), "cluster.defaultNodePool.drainTimeoutInMinutes", 0)), "cluster.defaultNodePool.drainTimeoutInMinutes"),
    accept: accept("1 minute", plan(withField(seed(), "cluster.defaultNodePool.drainTimeoutInMinutes", 1)), "cluster.defaultNodePool.drainTimeoutInMinutes"),
  },
  "NP-10": {
    reject: reject("31 minutes", plan(withField(seed(), "cluster.defaultNodePool.nodeSoakDurationInMinutes", 31)), "cluster.defaultNodePool.nodeSoakDurationInMinutes"),
    accept: accept("30 minutes", plan(withField(seed(), "cluster.defaultNodePool.nodeSoakDurationInMinutes", 30)), "cluster.defaultNodePool.nodeSoakDurationInMinutes"),
  },
  "NP-12": {
    // Standard_D4ds_v5 (the VNet config's) has a 150 GiB temp disk and no cache.
    reject: reject("Ephemeral at 151 GiB", plan(edit(vnet(), { "cluster.defaultNodePool.osDiskType": "Ephemeral", "cluster.defaultNodePool.osDiskSizeGb": 151 })), "cluster.defaultNodePool.osDiskType"),
    accept: accept("150 GiB", plan(edit(vnet(), { "cluster.defaultNodePool.osDiskType": "Ephemeral", "cluster.defaultNodePool.osDiskSizeGb": 150 })), "cluster.defaultNodePool.osDiskType"),
  },
  "NP-13": {
    reject: reject("29 GiB", plan(withField(seed(), "cluster.defaultNodePool.osDiskSizeGb", 29)), "cluster.defaultNodePool.osDiskSizeGb"),
    accept: accept("30 GiB", plan(withField(seed(), "cluster.defaultNodePool.osDiskSizeGb", 30)), "cluster.defaultNodePool.osDiskSizeGb"),
  },

  // DAY: what an edit does to a running environment.
  "DAY-01": {
    reject: reject('"nodepool:apps" (wrong case)', stack(withField(seed(), "protection.acceptedReplacements", [{ resource: "nodepool:apps", reason: "The pool is replaced on purpose today." }])), "protection.acceptedReplacements[0].resource"),
    accept: accept('"nodePool:apps"', stack(withField(seed(), "protection.acceptedReplacements", [{ resource: "nodePool:apps", reason: "The pool is replaced on purpose today." }])), "protection.acceptedReplacements[0].resource"),
  },
  "DAY-02": {
    reject: reject("a reason of 19 characters", stack(withField(seed(), "protection.acceptedReplacements", [{ resource: "cluster", reason: "Single pool for now" }])), "protection.acceptedReplacements[0].reason"),
    accept: accept("20", stack(withField(seed(), "protection.acceptedReplacements", [{ resource: "cluster", reason: "Single pool for now." }])), "protection.acceptedReplacements[0].reason"),
  },
  "DAY-03": {
    reject: warn("an accepted replacement", stack(withField(seed(), "protection.acceptedReplacements", [{ resource: "cluster", reason: "A new cluster is wanted for this change." }])), "protection.acceptedReplacements[0]"),
    accept: accept("none", SEED, "protection.acceptedReplacements[0]"),
  },
  "DAY-04": {
    reject: warn("false", stack(withField(seed(), "protection.preventDestroy", false)), "protection.preventDestroy"),
    accept: accept("true", stack(withField(seed(), "protection.preventDestroy", true)), "protection.preventDestroy"),
  },
  "DAY-05": {
    reject: reject('"system", the system pool\'s name', plan(withField(vnet(), "cluster.userNodePools[0].renamedFrom", "system")), "cluster.userNodePools[0].renamedFrom"),
    accept: accept('"system2", a name no pool has', plan(withField(vnet(), "cluster.userNodePools[0].renamedFrom", "system2")), "cluster.userNodePools[0].renamedFrom"),
  },
  "DAY-06": {
    reject: reject('"Environment" also in tags as "environment"', stack(edit(seed(), { tags: { environment: "dev" }, ignoredTags: ["Environment"] })), "ignoredTags[0]"),
    accept: accept('"Environments"', stack(edit(seed(), { tags: { environment: "dev" }, ignoredTags: ["Environments"] })), "ignoredTags[0]"),
  },
  "DAY-07": {
    reject: warn('"1.33.2" with the patch channel', plan(withField(seed(), "cluster.kubernetesVersion", "1.33.2")), "cluster.kubernetesVersion"),
    accept: accept('"1.33"', plan(withField(seed(), "cluster.kubernetesVersion", "1.33")), "cluster.kubernetesVersion"),
  },

  // LOC: the region, normalised like azurerm (lower case, spaces removed).
  "LOC-01": {
    reject: reject('"East-US"', plan(withField(seed(), "location", "East-US")), "location"),
    band: warn('"eastus9", not in the list of regions', plan(withField(seed(), "location", "eastus9")), "location"),
    accept: accept('"East US"', plan(withField(seed(), "location", "East US")), "location"),
  },

  // RA: the grant on the node subnet.
  "RA-01": {
    reject: reject("role ID and name", plan(edit(vnet(), { "network.subnetRole": "Existing", [RA]: { roleDefinitionId: ROLE_ID, roleDefinitionName: "Network Contributor" } })), RA),
    accept: accept("role name only", plan(edit(vnet(), { "network.subnetRole": "Existing", [RA]: { roleDefinitionName: "Network Contributor" } })), RA),
  },
  "RA-02": {
    reject: reject('"servicePrincipal"', stack(withField(vnet(), `${RA}.principalType`, "servicePrincipal")), `${RA}.principalType`),
    accept: accept('"ServicePrincipal" (the default)', VNET, `${RA}.principalType`),
  },
  "RA-03": {
    reject: reject("a UUID one digit short", plan(withField(vnet(), `${RA}.name`, GUID.slice(0, -1))), `${RA}.name`),
    accept: accept("a UUID", plan(withField(vnet(), `${RA}.name`, GUID)), `${RA}.name`),
  },
  "RA-04": {
    reject: reject('condition version "3.0"', plan(withField(vnet(), RA, { condition: CONDITION, conditionVersion: "3.0" })), `${RA}.conditionVersion`),
    accept: accept('"2.0"', plan(withField(vnet(), RA, { condition: CONDITION, conditionVersion: "2.0" })), `${RA}.conditionVersion`),
  },
  "RA-05": {
    reject: reject('"/Subnets/" (segments are case-sensitive)', plan(withField(adopted(), SUBNET_ID, ADOPTED_SUBNET_ID.replace("/subnets/", "/Subnets/"))), SUBNET_ID),
    accept: accept('"/subnets/"', plan(adopted()), SUBNET_ID),
  },
  "RA-06": {
    reject: reject("subnetRole None", plan(withField(vnet(), "network.subnetRole", "None")), "network.subnetRole"),
    accept: accept("MinimalCustomRole, the least grant", plan(withField(vnet(), "network.subnetRole", "MinimalCustomRole")), "network.subnetRole"),
  },
  "RA-07": {
    reject: reject("no leading /", plan(edit(vnet(), { "network.subnetRole": "Existing", [`${RA}.roleDefinitionId`]: ROLE_ID.slice(1) })), `${RA}.roleDefinitionId`),
    accept: accept("/providers/...", plan(edit(vnet(), { "network.subnetRole": "Existing", [`${RA}.roleDefinitionId`]: ROLE_ID })), `${RA}.roleDefinitionId`),
  },
  "RA-08": {
    reject: warn("SystemAssigned with a subnet of ours", plan(withField(vnet(), "cluster.identity", "SystemAssigned")), "cluster.identity"),
    accept: accept("UserAssigned", plan(withField(vnet(), "cluster.identity", "UserAssigned")), "cluster.identity"),
  },
  "RA-10": {
    // Only composed constructs can ask the cluster for an identity: the config file gives it to the network. The network's is UserAssigned.
    reject: reject("SystemAssigned asked of the cluster", { via: "constructs", networkLocation: "westeurope", clusterLocation: "westeurope", clusterIdentity: "SystemAssigned" }, "cluster.identity"),
    accept: accept("UserAssigned, the granted one", { via: "constructs", networkLocation: "westeurope", clusterLocation: "westeurope", clusterIdentity: "UserAssigned" }, "cluster.identity"),
  },

  // API: how the API server is reached.
  "API-01": {
    reject: reject("private with 203.0.113.0/24 authorized", stack(withField(seed(), "cluster.apiServer", { private: true, authorizedIpRanges: ["203.0.113.0/24"] })), "cluster.apiServer.authorizedIpRanges"),
    accept: accept("private without ranges", stack(edit(seed(), { "cluster.apiServer": { private: true }, "cluster.dnsPrefix": undefined })), "cluster.apiServer.authorizedIpRanges"),
  },
  "API-02": {
    reject: reject("0.0.0.0/32 with 203.0.113.0/24", plan(withField(seed(), "cluster.apiServer.authorizedIpRanges", ["203.0.113.0/24", "0.0.0.0/32"])), "cluster.apiServer.authorizedIpRanges[1]"),
    accept: accept("0.0.0.0/32 alone", plan(withField(seed(), "cluster.apiServer.authorizedIpRanges", ["0.0.0.0/32"])), "cluster.apiServer.authorizedIpRanges[0]"),
  },
  "API-03": {
    reject: reject("delegated to App Service by an override", stack(apiSubnet("10.239.255.0/28"), override("apiServerSubnet", "delegation.0.service_delegation.name", "Microsoft.Web/serverFarms")), API_SUBNET),
    accept: accept("delegated to AKS", stack(apiSubnet("10.239.255.0/28")), API_SUBNET),
  },
  "API-04": {
    reject: reject("a /29", plan(apiSubnet("10.239.255.0/29")), `${API_SUBNET}.addressPrefixes[0]`),
    accept: accept("a /28", plan(apiSubnet("10.239.255.0/28")), `${API_SUBNET}.addressPrefixes[0]`),
  },
  "API-05": {
    reject: reject("a pool on the API server subnet", plan(withField(apiSubnet("10.239.255.0/28"), "cluster.userNodePools[0].subnetName", "snet-apiserver")), "cluster.userNodePools[0].subnetName"),
    accept: accept("on the node subnet", plan(withField(apiSubnet("10.239.255.0/28"), "cluster.userNodePools[0].subnetName", "snet-nodes")), "cluster.userNodePools[0].subnetName"),
  },
  "API-06": {
    reject: reject("VNet integration in a VNet of yours without its subnet", plan(withField(vnet(), "cluster.apiServer.vnetIntegration", true)), "cluster.apiServer.vnetIntegration"),
    accept: accept("with the API server subnet", plan(withField(apiSubnet("10.239.255.0/28"), "cluster.apiServer.vnetIntegration", true)), "cluster.apiServer.vnetIntegration"),
  },
  "API-07": {
    reject: reject("201 authorized ranges", plan(withField(seed(), "cluster.apiServer.authorizedIpRanges", ranges(201))), "cluster.apiServer.authorizedIpRanges"),
    accept: accept("200", plan(withField(seed(), "cluster.apiServer.authorizedIpRanges", ranges(200))), "cluster.apiServer.authorizedIpRanges"),
  },
  "API-08": {
    reject: reject("System on a public API server", plan(withField(seed(), ZONE, "System")), ZONE),
    accept: accept("System on a private one", plan(privateZone("System", seed())), ZONE),
  },
  "API-09": {
    reject: reject('"system"', plan(privateZone("system", seed())), ZONE),
    accept: accept('"System"', plan(privateZone("System", seed())), ZONE),
  },
  "API-10": {
    // The VNet config is in westeurope.
    reject: reject("privatelink.eastus.azmk8s.io", plan(privateZone(zoneId("privatelink.eastus.azmk8s.io"), vnet())), ZONE),
    accept: accept("privatelink.westeurope.azmk8s.io", plan(privateZone(zoneId("privatelink.westeurope.azmk8s.io"), vnet())), ZONE),
  },
  "API-11": {
    reject: reject("a zone of your own with SystemAssigned", plan(withField(privateZone(zoneId("privatelink.westeurope.azmk8s.io"), vnet()), "cluster.identity", "SystemAssigned")), "cluster.identity"),
    accept: accept("with UserAssigned", plan(withField(privateZone(zoneId("privatelink.westeurope.azmk8s.io"), vnet()), "cluster.identity", "UserAssigned")), "cluster.identity"),
  },
  "API-12": {
    reject: reject("created and adopted", plan(withField(apiSubnet("10.239.255.0/28"), "network.existingApiServerSubnetId", hubSubnet("snet-apiserver", "vnet-aks"))), "network.existingApiServerSubnetId"),
    accept: accept("created only", plan(apiSubnet("10.239.255.0/28")), "network.existingApiServerSubnetId"),
  },
  "API-13": {
    reject: reject("adopted ranges without the adopted ID", plan(withField(adopted(), "network.existingApiServerSubnetAddressPrefixes", ["10.239.255.0/28"])), "network.existingApiServerSubnetAddressPrefixes"),
    accept: accept("with it", plan(edit(adopted(), { "network.existingApiServerSubnetAddressPrefixes": ["10.239.255.0/28"], "network.existingApiServerSubnetId": hubSubnet("snet-apiserver") })), "network.existingApiServerSubnetAddressPrefixes"),
  },
  "API-14": {
    reject: reject("an API server subnet with VNet integration off", plan(withField(apiSubnet("10.239.255.0/28"), "cluster.apiServer.vnetIntegration", false)), "cluster.apiServer.vnetIntegration"),
    accept: accept("on", plan(withField(apiSubnet("10.239.255.0/28"), "cluster.apiServer.vnetIntegration", true)), "cluster.apiServer.vnetIntegration"),
  },

  // UPG: upgrade channels.
  "UPG-01": {
    reject: reject("node-image with SecurityPatch", plan(withField(seed(), "cluster.upgrade", { channel: "node-image", nodeOsChannel: "SecurityPatch" })), "cluster.upgrade.nodeOsChannel"),
    accept: accept("node-image with NodeImage", plan(withField(seed(), "cluster.upgrade", { channel: "node-image", nodeOsChannel: "NodeImage" })), "cluster.upgrade.nodeOsChannel"),
  },

  // CNI: Cilium values in the <env>-cni stack.
  "CNI-01": {
    reject: warn("aksbyocni.enabled false", cilium("aksbyocni.enabled", false), "cni.values.aksbyocni.enabled"),
    accept: accept("true", cni(EDGE_CILIUM), "cni.values.aksbyocni.enabled"),
  },
  "CNI-02": {
    reject: reject("routingMode native", cilium("routingMode", "native"), "cni.values.routingMode"),
    accept: accept("tunnel", cni(EDGE_CILIUM), "cni.values.routingMode"),
  },
  "CNI-03": {
    reject: warn("pool [10.244.0.0/17]", cilium("ipam.operator.clusterPoolIPv4PodCIDRList", ["10.244.0.0/17"]), "cni.values.ipam.operator.clusterPoolIPv4PodCIDRList"),
    accept: accept("[10.244.0.0/16]", cni(EDGE_CILIUM), "cni.values.ipam.operator.clusterPoolIPv4PodCIDRList"),
  },
  "CNI-04": {
    // 110 pods need 112 addresses per node: /25 holds 128, /26 only 64.
    reject: warn("mask /26", cilium("ipam.operator.clusterPoolIPv4MaskSize", 26), "cni.values.ipam.operator.clusterPoolIPv4MaskSize"),
    accept: accept("/25", cni(EDGE_CILIUM), "cni.values.ipam.operator.clusterPoolIPv4MaskSize"),
  },
  "CNI-06": {
    reject: warn("routingmode (misspelled)", cni(withField(withField(EDGE_CILIUM, "routingMode", undefined), "routingmode", "tunnel")), "cni.values.routingmode"),
    accept: accept("routingMode", cni(EDGE_CILIUM), "cni.values.routingMode"),
  },
  "CNI-07": {
    reject: reject("a Cilium stack on plugin none", cniStack({ plugin: "none", version: "1.18.14" }), "cni.plugin"),
    accept: accept("plugin cilium", cniStack({ plugin: "cilium", version: "1.18.14" }), "cni.plugin"),
  },
  "CNI-08": {
    reject: reject("no chart version", cniStack({ plugin: "cilium" }), "cni.version"),
    accept: accept('"1.18.14"', cniStack({ plugin: "cilium", version: "1.18.14" }), "cni.version"),
  },
  "CNI-09": {
    reject: reject("a pod subnet with plugin cilium", plan(edit(seed(), { "cluster.defaultNodePool.podSubnetId": ADOPTED_SUBNET_ID, cni: { plugin: "cilium", version: "1.18.14" } })), "cluster.defaultNodePool.podSubnetId"),
    accept: accept("with plugin none", plan(edit(seed(), { "cluster.defaultNodePool.podSubnetId": ADOPTED_SUBNET_ID, cni: { plugin: "none" } })), "cluster.defaultNodePool.podSubnetId"),
  },

  // TAG: each rejected set is one step over one limit from the accepted one.
  "TAG-01": {
    reject: reject("51 tags", tags({ extra: "x" }), "tags"),
    accept: accept("50", tags({}), "tags"),
  },
  "TAG-02": {
    reject: reject("a 513-character name", tags({ [a(512, "k")]: undefined, [a(513, "k")]: a(256, "v") }), `tags.${a(513, "k")}`),
    accept: accept("512", tags({}), `tags.${a(512, "k")}`),
  },
  "TAG-03": {
    reject: reject("a 257-character value", tags({ [a(512, "k")]: a(257, "v") }), `tags.${a(512, "k")}`),
    accept: accept("256", tags({}), `tags.${a(512, "k")}`),
  },
  "TAG-04": {
    reject: reject('"team/platform"', tags({ "team-platform": undefined, "team/platform": "x" }), "tags.team/platform"),
    accept: accept('"team-platform"', tags({}), "tags.team-platform"),
  },
  "TAG-05": {
    reject: reject('"Environment" and "environment"', tags({ Environments: undefined, environment: "dev" }), "tags.environment"),
    accept: accept('"Environment" and "Environments"', tags({}), "tags.Environments"),
  },

  // CFG: the config file; rules that cannot be accepted.
  "CFG-01": {
    reject: reject("a key that holds a secret", ciliumFile({ encryption: { ipsec: { secret: "s3cr3t-value" } } }), "cni.values.encryption.ipsec.secret"),
    accept: accept("a key that names one", ciliumFile({ encryption: { ipsec: { secretName: "cilium-ipsec-keys" } } }), "cni.values.encryption.ipsec.secretName"),
  },
  "CFG-02": {
    reject: reject("podCIDR", json(edit(seed(), { [POD]: undefined, "network.podCIDR": "10.244.0.0/16" })), "network.podCIDR"),
    accept: accept("podCidr", SEED_FILE, POD),
  },
  "CFG-03": {
    reject: reject('nodeCount "3"', json(withField(seed(), "cluster.defaultNodePool.nodeCount", "3")), "cluster.defaultNodePool.nodeCount"),
    accept: accept("3", SEED_FILE, "cluster.defaultNodePool.nodeCount"),
  },
  "CFG-04": {
    reject: reject("no cluster.name", json(withField(seed(), "cluster.name", undefined)), "cluster.name"),
    accept: accept("a cluster.name", SEED_FILE, "cluster.name"),
  },
  "CFG-05": {
    reject: reject("a duplicated key", yaml(`${dump(seed())}location: westus\n`), ""),
    accept: accept("the same file without it", yaml(dump(seed())), ""),
  },
  "CFG-07": {
    reject: reject("a function call in a tag", json(withField(seed(), "tags", { leak: '${substr(file("/home/runner/.azure/msal_token_cache.json"),0,250)}' })), "tags.leak"),
    accept: accept("a plain reference", json(withField(seed(), "tags", { leak: "${var.team}" })), "tags.leak"),
  },
  "CFG-08": {
    reject: reject("a workspace key in a tag", json(withField(seed(), "tags", { leak: "${azurerm_log_analytics_workspace.logs.primary_shared_key}" })), "tags.leak"),
    accept: accept("the workspace's ID", json(withField(seed(), "tags", { leak: "${azurerm_log_analytics_workspace.logs.workspace_id}" })), "tags.leak"),
  },

  // ASP: the cluster autoscaler profile (the VNet config autoscales no pool; its apps pool does here).
  "ASP-01": {
    reject: reject('"10 s"', plan(withField(AUTOSCALED(), `${ASP}.scanInterval`, "10 s")), `${ASP}.scanInterval`),
    accept: accept('"10s"', plan(withField(AUTOSCALED(), `${ASP}.scanInterval`, "10s")), `${ASP}.scanInterval`),
  },
  "ASP-02": {
    reject: reject('"30s"', plan(withField(AUTOSCALED(), `${ASP}.scaleDownDelayAfterFailure`, "30s")), `${ASP}.scaleDownDelayAfterFailure`),
    accept: accept('"1m"', plan(withField(AUTOSCALED(), `${ASP}.scaleDownDelayAfterFailure`, "1m")), `${ASP}.scaleDownDelayAfterFailure`),
  },
  "ASP-03": {
    reject: reject("101 %", plan(withField(AUTOSCALED(), `${ASP}.maxUnreadyPercentage`, 101)), `${ASP}.maxUnreadyPercentage`),
    accept: accept("100 %", plan(withField(AUTOSCALED(), `${ASP}.maxUnreadyPercentage`, 100)), `${ASP}.maxUnreadyPercentage`),
  },
  "ASP-04": {
    reject: warn("1.01", plan(withField(AUTOSCALED(), `${ASP}.scaleDownUtilizationThreshold`, 1.01)), `${ASP}.scaleDownUtilizationThreshold`),
    accept: accept("1", plan(withField(AUTOSCALED(), `${ASP}.scaleDownUtilizationThreshold`, 1)), `${ASP}.scaleDownUtilizationThreshold`),
  },
  "ASP-05": {
    reject: warn("a profile without an autoscaled pool", plan(withField(vnet(), ASP, { expander: "least-waste" })), ASP),
    accept: accept("with one", plan(withField(AUTOSCALED(), ASP, { expander: "least-waste" })), ASP),
  },

  // KID: a kubelet identity of your own.
  "KID-01": {
    reject: reject("with a SystemAssigned control plane", plan(edit(seed(), { "cluster.identity": "SystemAssigned", [KID]: {} })), "cluster.identity"),
    accept: accept("UserAssigned", plan(edit(seed(), { "cluster.identity": "UserAssigned", [KID]: {} })), "cluster.identity"),
  },
  "KID-02": {
    reject: reject("id without objectId", plan(withField(seed(), KID, { id: KUBELET_ID, clientId: GUID })), `${KID}.objectId`),
    accept: accept("with it", plan(withField(seed(), KID, { id: KUBELET_ID, clientId: GUID, objectId: GUID })), `${KID}.objectId`),
  },
  "KID-03": {
    reject: reject("a control-plane identity's ID of the wrong type", plan(withField(seed(), KID, { id: KUBELET_ID.replace("userAssignedIdentities", "userAssignedIdentity"), clientId: GUID, objectId: GUID })), `${KID}.id`),
    accept: accept("a user-assigned identity's", plan(withField(seed(), KID, { id: KUBELET_ID, clientId: GUID, objectId: GUID })), `${KID}.id`),
  },
  "KID-04": {
    reject: reject("a 2-character name", plan(withField(seed(), KID, { name: "id" })), `${KID}.name`),
    accept: accept("3", plan(withField(seed(), KID, { name: "idk" })), `${KID}.name`),
  },
  "KID-05": {
    reject: warn("no grant", plan(withField(seed(), KID, { grantOperatorRole: false })), `${KID}.grantOperatorRole`),
    accept: accept("the grant (the default)", plan(withField(seed(), KID, { grantOperatorRole: true })), `${KID}.grantOperatorRole`),
  },

  // LBL: node labels and taints.
  "LBL-01": {
    reject: reject("a key ending in '-'", plan(withField(vnet(), `${APPS}.nodeLabels`, { "workload-": "web" })), `${APPS}.nodeLabels.workload-`),
    accept: accept("ending in a letter", plan(withField(vnet(), `${APPS}.nodeLabels`, { "workload-a": "web" })), `${APPS}.nodeLabels.workload-a`),
  },
  "LBL-02": {
    reject: reject("64 characters", plan(withField(vnet(), `${APPS}.nodeLabels`, { team: a(64) })), `${APPS}.nodeLabels.team`),
    accept: accept("63", plan(withField(vnet(), `${APPS}.nodeLabels`, { team: a(63) })), `${APPS}.nodeLabels.team`),
  },
  "LBL-03": {
    reject: reject("kubernetes.azure.com/mode", plan(withField(vnet(), `${APPS}.nodeLabels`, { "kubernetes.azure.com/mode": "user" })), `${APPS}.nodeLabels.kubernetes.azure.com/mode`),
    accept: accept("node.kubernetes.io/role", plan(withField(vnet(), `${APPS}.nodeLabels`, { "node.kubernetes.io/role": "web" })), `${APPS}.nodeLabels.node.kubernetes.io/role`),
  },
  "LBL-04": {
    reject: reject('"dedicated=gpu:NoScheduleX"', plan(withField(vnet(), `${APPS}.nodeTaints`, ["dedicated=gpu:NoScheduleX"])), `${APPS}.nodeTaints[0]`),
    accept: accept('"dedicated=gpu:NoSchedule"', plan(withField(vnet(), `${APPS}.nodeTaints`, ["dedicated=gpu:NoSchedule"])), `${APPS}.nodeTaints[0]`),
  },
  "LBL-05": {
    reject: reject("the same key and effect twice", plan(withField(vnet(), `${APPS}.nodeTaints`, ["dedicated=gpu:NoSchedule", "dedicated=cpu:NoSchedule"])), `${APPS}.nodeTaints[1]`),
    accept: accept("another effect", plan(withField(vnet(), `${APPS}.nodeTaints`, ["dedicated=gpu:NoSchedule", "dedicated=cpu:NoExecute"])), `${APPS}.nodeTaints[1]`),
  },
  "LBL-06": {
    reject: reject("a taint on the system pool", plan(withField(vnet(), "cluster.defaultNodePool.nodeTaints", ["CriticalAddonsOnly=true:NoSchedule"])), "cluster.defaultNodePool.nodeTaints"),
    accept: accept("none (it gets CriticalAddonsOnly itself)", plan(vnet()), "cluster.defaultNodePool.nodeTaints"),
  },

  // MW: maintenance windows.
  "MW-01": {
    reject: reject("RelativeMonthly without weekIndex", plan(withField(seed(), NODE_OS_WINDOW, { ...WINDOW, frequency: "RelativeMonthly" })), `${NODE_OS_WINDOW}.weekIndex`),
    accept: accept('with weekIndex "First"', plan(withField(seed(), NODE_OS_WINDOW, { ...WINDOW, frequency: "RelativeMonthly", weekIndex: "First" })), `${NODE_OS_WINDOW}.weekIndex`),
  },
  "MW-02": {
    reject: reject("dayOfMonth on a Weekly window", plan(withField(seed(), NODE_OS_WINDOW, { ...WINDOW, dayOfMonth: 1 })), `${NODE_OS_WINDOW}.dayOfMonth`),
    accept: accept("without it", plan(withField(seed(), NODE_OS_WINDOW, WINDOW)), `${NODE_OS_WINDOW}.dayOfMonth`),
  },
  "MW-03": {
    reject: reject("every 5 weeks", plan(withField(seed(), NODE_OS_WINDOW, { ...WINDOW, interval: 5 })), `${NODE_OS_WINDOW}.interval`),
    accept: accept("every 4 weeks", plan(withField(seed(), NODE_OS_WINDOW, { ...WINDOW, interval: 4 })), `${NODE_OS_WINDOW}.interval`),
  },
  "MW-04": {
    reject: reject("3 hours", plan(withField(seed(), NODE_OS_WINDOW, { ...WINDOW, durationHours: 3 })), `${NODE_OS_WINDOW}.durationHours`),
    accept: accept("4 hours", plan(withField(seed(), NODE_OS_WINDOW, { ...WINDOW, durationHours: 4 })), `${NODE_OS_WINDOW}.durationHours`),
  },
  "MW-05": {
    reject: reject('"24:00"', plan(withField(seed(), NODE_OS_WINDOW, { ...WINDOW, startTime: "24:00" })), `${NODE_OS_WINDOW}.startTime`),
    accept: accept('"23:59"', plan(withField(seed(), NODE_OS_WINDOW, { ...WINDOW, startTime: "23:59" })), `${NODE_OS_WINDOW}.startTime`),
  },
  "MW-06": {
    reject: reject('"+1:00"', plan(withField(seed(), NODE_OS_WINDOW, { ...WINDOW, utcOffset: "+1:00" })), `${NODE_OS_WINDOW}.utcOffset`),
    accept: accept('"+01:00"', plan(withField(seed(), NODE_OS_WINDOW, { ...WINDOW, utcOffset: "+01:00" })), `${NODE_OS_WINDOW}.utcOffset`),
  },
  "MW-07": {
    reject: reject("2027-02-29", plan(withField(seed(), NODE_OS_WINDOW, { ...WINDOW, startDate: "2027-02-29" })), `${NODE_OS_WINDOW}.startDate`),
    accept: accept("2028-02-29", plan(withField(seed(), NODE_OS_WINDOW, { ...WINDOW, startDate: "2028-02-29" })), `${NODE_OS_WINDOW}.startDate`),
  },
  "MW-08": {
    reject: warn('a node OS window with the "None" channel', plan(edit(seed(), { [NODE_OS_WINDOW]: WINDOW, "cluster.upgrade.nodeOsChannel": "None" })), NODE_OS_WINDOW),
    accept: accept('with "SecurityPatch"', plan(edit(seed(), { [NODE_OS_WINDOW]: WINDOW, "cluster.upgrade.nodeOsChannel": "SecurityPatch" })), NODE_OS_WINDOW),
  },
  "MW-09": {
    reject: reject("hour 24", plan(withField(seed(), "cluster.maintenance.aksReleases", { allowed: [{ day: "Sunday", hours: [23, 24] }] })), "cluster.maintenance.aksReleases.allowed[0].hours[1]"),
    accept: accept("hour 23", plan(withField(seed(), "cluster.maintenance.aksReleases", { allowed: [{ day: "Sunday", hours: [22, 23] }] })), "cluster.maintenance.aksReleases.allowed[0].hours[1]"),
  },

  // LOG: the control plane's logs.
  "LOG-01": {
    reject: warn('"kube-apiserverr"', plan(withField(seed(), `${LOGS}.categories`, ["kube-audit-admin", "guard", "kube-apiserverr"])), `${LOGS}.categories[2]`),
    accept: accept('"kube-apiserver"', plan(withField(seed(), `${LOGS}.categories`, ["kube-audit-admin", "guard", "kube-apiserver"])), `${LOGS}.categories[2]`),
  },
  "LOG-02": {
    reject: reject("monitoring off and no destination", plan(edit(seed(), { "cluster.monitoring.enabled": false, [LOGS]: { enabled: true } })), LOGS),
    accept: accept("a storage account", plan(edit(seed(), { "cluster.monitoring.enabled": false, [LOGS]: { storageAccountId: STORAGE_ACCOUNT } })), LOGS),
  },
  "LOG-03": {
    reject: reject("a storage account ID of the wrong type", plan(withField(seed(), `${LOGS}.storageAccountId`, STORAGE_ACCOUNT.replace("storageAccounts", "storageAccount"))), `${LOGS}.storageAccountId`),
    accept: accept("a storage account ID", plan(withField(seed(), `${LOGS}.storageAccountId`, STORAGE_ACCOUNT)), `${LOGS}.storageAccountId`),
  },
  "LOG-04": {
    reject: reject("29 days", plan(withField(seed(), "cluster.monitoring.retentionInDays", 29)), "cluster.monitoring.retentionInDays"),
    accept: accept("30 days", plan(withField(seed(), "cluster.monitoring.retentionInDays", 30)), "cluster.monitoring.retentionInDays"),
  },

  // DEF: Microsoft Defender, declared.
  "DEF-01": {
    reject: reject("on, with monitoring off and no workspace", plan(edit(seed(), { "cluster.monitoring.enabled": false, "cluster.security.defender": { enabled: true } })), "cluster.security.defender.enabled"),
    accept: accept("on, with a workspace named", plan(edit(seed(), { "cluster.monitoring.enabled": false, "cluster.security.defender": { enabled: true, logAnalyticsWorkspaceId: WORKSPACE } })), "cluster.security.defender.enabled"),
  },
  "DEF-02": {
    reject: reject("off, with a workspace", plan(withField(seed(), "cluster.security.defender", { enabled: false, logAnalyticsWorkspaceId: WORKSPACE })), "cluster.security.defender.logAnalyticsWorkspaceId"),
    accept: accept("off, without one", plan(withField(seed(), "cluster.security.defender", { enabled: false })), "cluster.security.defender.logAnalyticsWorkspaceId"),
  },
  "DEF-03": {
    reject: reject("a storage account's ID", plan(withField(seed(), "cluster.security.defender", { enabled: true, logAnalyticsWorkspaceId: STORAGE_ACCOUNT })), "cluster.security.defender.logAnalyticsWorkspaceId"),
    accept: accept("a workspace's", plan(withField(seed(), "cluster.security.defender", { enabled: true, logAnalyticsWorkspaceId: WORKSPACE })), "cluster.security.defender.logAnalyticsWorkspaceId"),
  },

  // IMG: Image Cleaner.
  "IMG-01": {
    reject: reject("23 hours", plan(withField(seed(), "cluster.security.imageCleanerIntervalHours", 23)), "cluster.security.imageCleanerIntervalHours"),
    accept: accept("24 hours", plan(withField(seed(), "cluster.security.imageCleanerIntervalHours", 24)), "cluster.security.imageCleanerIntervalHours"),
  },

  // ACC: accepted risks (the seed accepts CKV_AZURE_232).
  "ACC-01": {
    reject: reject('"ckv_azure_232"', stack(withField(seed(), "acceptedRisks[0].rule", "ckv_azure_232")), "acceptedRisks[0].rule"),
    accept: accept('"CKV_AZURE_232"', SEED, "acceptedRisks[0].rule"),
  },
  "ACC-02": {
    reject: reject("a reason of 19 characters", stack(withField(seed(), "acceptedRisks[0].reason", "Single pool for now")), "acceptedRisks[0].reason"),
    accept: accept("20", stack(withField(seed(), "acceptedRisks[0].reason", "Single pool for now.")), "acceptedRisks[0].reason"),
  },

  // Policy pack: reported at the config field to change; where only an override breaks the rule, at the Terraform address of the resource.
  CKV_AZURE_4: {
    reject: reject("monitoring off", stack(withField(seed(), "cluster.monitoring.enabled", false)), "cluster.monitoring.enabled"),
    accept: accept("on (the default)", SEED, "cluster.monitoring.enabled"),
  },
  CKV_AZURE_5: {
    reject: reject("RBAC overridden off", stack(seed(), override("cluster", "role_based_access_control_enabled", false)), AKS),
    accept: accept("on (as built)", SEED, AKS),
  },
  CKV_AZURE_6: {
    reject: warn("no authorized ranges", stack(withField(seed(), "cluster.apiServer.authorizedIpRanges", [])), "cluster.apiServer.authorizedIpRanges"),
    accept: accept("one range", SEED, "cluster.apiServer.authorizedIpRanges"),
  },
  CKV_AZURE_7: {
    // Under BYOCNI the CNI stack decides it: Cilium with enforcement off is an error, no CNI stack a warning, Cilium as installed meets it.
    reject: reject('Cilium with policyEnforcementMode "never"', cni({ policyEnforcementMode: "never" }), "cni.values"),
    band: warn("no CNI stack (cni.plugin: none)", SEED, "cni.plugin"),
    accept: accept('Cilium with policyEnforcementMode "default" (the chart\'s)', cni({ policyEnforcementMode: "default" }), "cni.values"),
  },
  CKV_AZURE_115: {
    reject: warn("public", SEED, "cluster.apiServer.private"),
    accept: accept("private", stack(withField(seed(), "cluster.apiServer", { private: true })), "cluster.apiServer.private"),
  },
  CKV_AZURE_116: {
    reject: reject("Azure Policy off", stack(withField(seed(), "cluster.security.azurePolicy", false)), "cluster.security.azurePolicy"),
    accept: accept("on (the default)", SEED, "cluster.security.azurePolicy"),
  },
  CKV_AZURE_117: {
    reject: warn("no disk encryption set", SEED, "cluster.security.diskEncryptionSetId"),
    accept: accept("one", stack(withField(seed(), "cluster.security.diskEncryptionSetId", DISK_ENCRYPTION_SET)), "cluster.security.diskEncryptionSetId"),
  },
  CKV_AZURE_141: {
    reject: reject("local accounts on", stack(withField(seed(), "cluster.security.localAccountsDisabled", false)), "cluster.security.localAccountsDisabled"),
    accept: accept("off (the default)", SEED, "cluster.security.localAccountsDisabled"),
  },
  CKV_AZURE_143: {
    reject: reject("node public IPs overridden on", stack(seed(), override("cluster", "default_node_pool.node_public_ip_enabled", true)), AKS),
    accept: accept("off", stack(seed(), override("cluster", "default_node_pool.node_public_ip_enabled", false)), AKS),
  },
  CKV_AZURE_168: {
    reject: reject("maxPods 49", stack(withField(seed(), "cluster.defaultNodePool.maxPods", 49)), "cluster.defaultNodePool.maxPods"),
    accept: accept("50", stack(withField(seed(), "cluster.defaultNodePool.maxPods", 50)), "cluster.defaultNodePool.maxPods"),
  },
  CKV_AZURE_170: {
    reject: warn("Free tier", SEED, "cluster.skuTier"),
    accept: accept("Standard", stack(withField(seed(), "cluster.skuTier", "Standard")), "cluster.skuTier"),
  },
  CKV_AZURE_171: {
    reject: reject('channel "none"', stack(withField(seed(), "cluster.upgrade", { channel: "none" })), "cluster.upgrade.channel"),
    accept: accept('"patch" (the default)', SEED, "cluster.upgrade.channel"),
  },
  CKV_AZURE_172: {
    reject: reject(
      "rotation overridden off",
      stack(withField(seed(), "cluster.security.keyVaultSecretsProvider", true), override("cluster", "key_vault_secrets_provider.secret_rotation_enabled", false)),
      AKS,
    ),
    accept: accept("on (as built)", stack(withField(seed(), "cluster.security.keyVaultSecretsProvider", true)), AKS),
  },
  CKV_AZURE_226: {
    // An error where the VM size holds an ephemeral disk; a warning where it cannot (the seed's Standard_B2ms).
    reject: reject("Managed on Standard_D4ds_v5", stack(edit(seed(), { "cluster.defaultNodePool.vmSize": "Standard_D4ds_v5", "cluster.defaultNodePool.osDiskType": "Managed" })), "cluster.defaultNodePool.osDiskType"),
    band: warn("Standard_B2ms, no room", SEED, "cluster.defaultNodePool.vmSize"),
    accept: accept("Ephemeral", stack(edit(seed(), { "cluster.defaultNodePool.vmSize": "Standard_D4ds_v5", "cluster.defaultNodePool.osDiskType": "Ephemeral" })), "cluster.defaultNodePool.osDiskType"),
  },
  CKV_AZURE_227: {
    reject: warn("no encryption at host", SEED, "cluster.defaultNodePool.hostEncryption"),
    accept: accept("on", stack(withField(seed(), "cluster.defaultNodePool.hostEncryption", true)), "cluster.defaultNodePool.hostEncryption"),
  },
  CKV_AZURE_232: {
    // The rule's own behaviour needs a user pool; without one it is a warning (nowhere else to run workloads).
    reject: reject("only_critical_addons_enabled overridden off, with a user pool", stack(vnet(), override("cluster", "default_node_pool.only_critical_addons_enabled", false)), AKS),
    band: warn("no user pool", stack(withField(seed(), "acceptedRisks", [])), "cluster.userNodePools"),
    accept: accept("on (as built with a user pool)", VNET, AKS),
  },
  CKV_AZURE_246: {
    reject: reject("HTTP application routing overridden on", stack(seed(), override("cluster", "http_application_routing_enabled", true)), AKS),
    accept: accept("off", stack(seed(), override("cluster", "http_application_routing_enabled", false)), AKS),
  },
  "SEC-01": {
    reject: reject("kube-audit-admin without guard", stack(withField(seed(), `${LOGS}.categories`, ["kube-audit-admin"])), LOGS),
    accept: accept("kube-audit-admin and guard (the default)", SEED, LOGS),
  },
  "SEC-02": {
    reject: warn("kube-audit", stack(withField(seed(), `${LOGS}.categories`, ["kube-audit", "guard"])), `${LOGS}.categories`),
    accept: accept("kube-audit-admin (the default)", SEED, `${LOGS}.categories`),
  },
  "SEC-03": {
    reject: reject("Image Cleaner off", stack(withField(seed(), "cluster.security.imageCleaner", false)), "cluster.security.imageCleaner"),
    accept: accept("on (the default)", SEED, "cluster.security.imageCleaner"),
  },
  "SEC-04": {
    reject: reject("run command on", stack(withField(seed(), "cluster.security.runCommand", true)), "cluster.security.runCommand"),
    accept: accept("off (the default)", SEED, "cluster.security.runCommand"),
  },
  CKV2_AZURE_29: {
    // Inapplicable (suppressed with a reason) under BYOCNI.
    reject: reject('network_plugin "None"', stack(withField(seed(), "network.networkPlugin", "None")), "network.networkPlugin"),
    accept: accept('"none" (the default)', SEED, "network.networkPlugin"),
  },
  CKV2_AZURE_31: {
    reject: reject("no security group", stack(withField(vnet(), "network.vnet.networkSecurityGroup", false)), "network.vnet.subnet"),
    accept: accept("one (the default)", VNET, "network.vnet.subnet"),
  },
  CKV_AZURE_39: {
    reject: reject('the custom role overridden to "*"', stack(minimalRole(), override("roleDefinition", "permissions", [{ actions: ["*"] }])), ROLE_RESOURCE),
    accept: accept("the two subnet actions (as built)", stack(minimalRole()), ROLE_RESOURCE),
  },
  CKV_AZURE_182: {
    reject: reject("one DNS server", stack(vnet(), override("vnet", "dns_servers", ["10.224.0.4"])), VNET_RESOURCE),
    accept: accept("two", stack(vnet(), override("vnet", "dns_servers", ["10.224.0.4", "10.224.0.5"])), VNET_RESOURCE),
  },
};
