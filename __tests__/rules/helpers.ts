/**
 * Helpers for the rule tables: the facts the constructs would hand to the
 * pure checks (built without cdktf, so big tables stay fast), and a report of
 * one real stack for the end-to-end rows.
 */
import { Testing } from "../../lib/bindings/cdktf";
import { AksByoCniStack } from "../../lib/aks-byo-cni-stack";
import { collectProblems } from "../../lib/app/synth";
import type { AksByoCniConfig, ClusterIdentityType } from "../../lib/config/types";
import { DEFAULT_POD_CIDR } from "../../lib/rules/address-plan";
import { checkCluster, checkNetwork } from "../../lib/rules/checks";
import type { RuleRun } from "../../lib/rules/engine";
import type { ClusterFacts, NetworkFacts, NodeSubnetFacts } from "../../lib/rules/facts";
import { runCheck } from "../support";

/** How the created subnet's ID looks to the rules: a Terraform reference. */
export const CREATED_SUBNET_ID = "${azurerm_subnet.network_nodes.id}";
/** A well-formed subnet ARM ID for adopted-subnet rows. */
export const ADOPTED_SUBNET_ID =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-aks";

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function identityOf(config: AksByoCniConfig): ClusterIdentityType {
  const n = config.network;
  return config.cluster.identity ?? (n?.vnet || n?.existingSubnetId !== undefined ? "UserAssigned" : "SystemAssigned");
}

/** The node subnet facts AksNetwork would hand to the cluster. */
function subnetFacts(config: AksByoCniConfig): NodeSubnetFacts | undefined {
  const n = config.network ?? {};
  const role = n.subnetRole ?? "NetworkContributor";
  const identity = identityOf(config);
  const grantFor = (scope: string) => (role === "None" ? undefined : { role, identity, scope });
  if (n.vnet) {
    const v = n.vnet;
    return {
      origin: "created",
      id: CREATED_SUBNET_ID,
      idPath: "network.vnet.subnet",
      addressPrefixes: { path: "network.vnet.subnet.addressPrefixes", values: v.subnet.addressPrefixes },
      vnetAddressSpace: { path: "network.vnet.addressSpace", values: v.addressSpace },
      otherSubnets: (v.otherSubnets ?? []).map((s, i) => ({ path: `network.vnet.otherSubnets[${i}].addressPrefixes`, values: s.addressPrefixes })),
      location: config.location,
      grant: grantFor(CREATED_SUBNET_ID),
    };
  }
  if (n.existingSubnetId !== undefined) {
    return {
      origin: "adopted",
      id: n.existingSubnetId,
      idPath: "network.existingSubnetId",
      addressPrefixes: n.existingSubnetAddressPrefixes && { path: "network.existingSubnetAddressPrefixes", values: n.existingSubnetAddressPrefixes },
      vnetAddressSpace: n.existingVnetAddressSpace && { path: "network.existingVnetAddressSpace", values: n.existingVnetAddressSpace },
      grant: grantFor(n.existingSubnetId),
    };
  }
  return undefined;
}

/** The facts AksByoCniCluster would check for `config`; `extra` replaces any of them. */
export function clusterFacts(config: AksByoCniConfig, extra: Partial<ClusterFacts> = {}): ClusterFacts {
  const n = config.network ?? {};
  const c = config.cluster;
  return {
    location: config.location,
    resourceGroupName: config.resourceGroup.name,
    cluster: c,
    network: n,
    identity: identityOf(config),
    subnet: subnetFacts(config),
    cni: config.cni,
    clusterJson: { name: c.name, dns_prefix: c.dnsPrefix ?? c.name },
    networkProfileJson: defined({
      network_plugin: n.networkPlugin ?? "none",
      pod_cidr: n.podCidr ?? DEFAULT_POD_CIDR,
      service_cidr: n.serviceCidr,
      dns_service_ip: n.dnsServiceIp,
      outbound_type: n.outboundType ?? "loadBalancer",
      load_balancer_sku: n.loadBalancerSku ?? "standard",
      network_policy: n.networkPolicy,
      network_plugin_mode: n.networkPluginMode,
      network_data_plane: n.networkDataPlane,
      network_mode: n.networkMode,
      docker_bridge_cidr: n.dockerBridgeCidr,
    }),
    defaultNodePoolJson: defined({ name: c.defaultNodePool?.name, pod_subnet_id: c.defaultNodePool?.podSubnetId }),
    userNodePoolsJson: (c.userNodePools ?? []).map((p) => defined({ name: p.name, pod_subnet_id: p.podSubnetId })),
    ...extra,
  };
}

/** The facts AksNetwork would check for `config`; `extra` replaces any of them. */
export function networkFacts(config: AksByoCniConfig, extra: Partial<NetworkFacts> = {}): NetworkFacts {
  const n = config.network ?? {};
  const s = n.subnetRoleAssignment ?? {};
  const scope = n.vnet ? CREATED_SUBNET_ID : n.existingSubnetId;
  return {
    location: config.location,
    network: n,
    identity: identityOf(config),
    subnetJson: n.vnet ? { name: n.vnet.subnet.name, address_prefixes: n.vnet.subnet.addressPrefixes } : undefined,
    roleAssignmentJson: n.subnetRole === "None" ? undefined : { scope, principal_type: s.principalType ?? "ServicePrincipal" },
    roleAssignment: n.subnetRoleAssignment,
    ...extra,
  };
}

/** Runs every cluster check on `config`, without cdktf. */
export function clusterRun(config: AksByoCniConfig, extra: Partial<ClusterFacts> = {}): RuleRun {
  return runCheck((ctx) => checkCluster(ctx, clusterFacts(config, extra)));
}

/** Runs every network check on `config`, without cdktf. */
export function networkRun(config: AksByoCniConfig, extra: Partial<NetworkFacts> = {}): RuleRun {
  return runCheck((ctx) => checkNetwork(ctx, networkFacts(config, extra)));
}

/** `severity path` of each finding of `rule`, e.g. `error network.serviceCidr`. */
export function hits(run: RuleRun, rule: string): string[] {
  return run.findings.filter((f) => f.rule === rule).map((f) => `${f.severity} ${f.path}`);
}

/** The message of the only finding of `rule`. */
export function messageOf(run: RuleRun, rule: string): string {
  const found = run.findings.filter((f) => f.rule === rule);
  if (found.length !== 1) throw new Error(`expected one ${rule} finding, got ${found.length}: ${JSON.stringify(run.findings)}`);
  return found[0]!.message;
}

/** Rules recorded as skipped at `path`. */
export function skippedAt(run: RuleRun, path: string): string[] {
  return run.skipped.filter((s) => s.path === path).map((s) => s.rule);
}

/** Error and warning lines of one stack. */
export interface Report {
  readonly errors: string[];
  readonly warnings: string[];
}

/**
 * Builds one AksByoCniStack from `config`, lets `tweak` change it (escape-hatch
 * overrides, for values the config file cannot express), and returns its report.
 */
export function reportOf(config: AksByoCniConfig, tweak?: (stack: AksByoCniStack) => void): Report {
  const app = Testing.app();
  const stack = new AksByoCniStack(app, "env", config);
  tweak?.(stack);
  const lines = collectProblems(app);
  return {
    errors: lines.filter((l) => l.level === "error").map((l) => l.message),
    warnings: lines.filter((l) => l.level === "warning").map((l) => l.message),
  };
}

/** The config paths at which `rule` is reported in `lines` (`path: message [RULE]`), one per line. */
export function pathsOf(lines: readonly string[], rule: string): string[] {
  return lines.filter((l) => new RegExp(`\\[${rule}\\]( \\(accepted: .*\\))?$`).test(l)).map((l) => l.slice(0, l.indexOf(": ")));
}

/** The one line of `lines` that reports `rule`. */
export function lineOf(lines: readonly string[], rule: string): string {
  const found = lines.filter((l) => l.includes(`[${rule}]`));
  if (found.length !== 1) throw new Error(`expected one [${rule}] line, got ${found.length}:\n${lines.join("\n")}`);
  return found[0]!;
}

/**
 * Named stacks built on first use and shared by the rows that read them, so
 * that a table of end-to-end rows builds each stack once.
 */
export function stacks<K extends string>(builders: Record<K, () => Report>): (key: K) => Report {
  const cache = new Map<K, Report>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, builders[key]());
    return cache.get(key)!;
  };
}
