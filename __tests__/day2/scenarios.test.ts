/**
 * Day 2, shown with the real azurerm provider (offline, against a state a
 * deploy of the base left): what config edits and changes made in Azure do
 * to a running environment, and what the change-impact check says about them.
 */
import * as fs from "fs";
import * as path from "path";
import type { AksByoCniConfig } from "../../lib/config/types";
import { checkChangeImpact, type ImpactReport } from "../../lib/impact/check";
import { applyDrift, type DeployedState, type OfflinePlanner } from "../../lib/testing/offline-planner";
import { replacementChanges } from "../../lib/testing/replacements";
import { shippedConfig } from "../support";
import { actions, addressOf, cleanUp, edited, planner, STATE_CACHE, synthEnvironment, terraformCli } from "./support";

const prod = shippedConfig("config/prod.yaml");
/** Prod with a pinned minor version and a tag an Azure Policy manages. */
const base: AksByoCniConfig = edited(prod, (c) => {
  c.cluster.kubernetesVersion = "1.32";
  c.ignoredTags = ["CostCenter"];
});

let p: OfflinePlanner;
let baseOut: { outdir: string; json: Record<string, unknown> };
let deployed: DeployedState;
let CLUSTER: string;
let POOL: string;

beforeAll(async () => {
  p = await planner();
  baseOut = synthEnvironment(base, "prod");
  deployed = await p.deployedState(baseOut.json);
  CLUSTER = addressOf(baseOut.json, "azurerm_kubernetes_cluster");
  POOL = addressOf(baseOut.json, "azurerm_kubernetes_cluster_node_pool");
});
afterAll(async () => {
  await p.close();
  cleanUp();
});

/** The real plan of `config` against the base's deployed state (after `drift`). */
async function planOf(config: AksByoCniConfig, drift: Parameters<typeof applyDrift>[1] = []) {
  const head = synthEnvironment(config, "prod");
  const result = await p.planAgainst(head.json, drift.length ? applyDrift(deployed, drift) : deployed);
  if (!result.ok) throw new Error(result.error);
  return actions(result.changes);
}

/** The change-impact check of `config` against the base. */
async function impactOf(config: AksByoCniConfig): Promise<ImpactReport> {
  const head = synthEnvironment(config, "prod");
  return checkChangeImpact(baseOut.outdir, head.outdir, { cli: await terraformCli(), cacheDir: STATE_CACHE, concurrency: 1 });
}

const errors = (r: ImpactReport) => r.findings.filter((f) => f.level === "error").map((f) => `${f.rule} ${f.field ?? ""}`.trim());

test("the base deploys and then plans no changes", () => {
  expect(deployed.converged).toBe(true);
});

describe("renaming the system pool", () => {
  const renamed = edited(base, (c) => (c.cluster.defaultNodePool.name = "sys"));

  test("replaces the cluster (azurerm's CustomizeDiff), and the impact check refuses it naming the field", async () => {
    expect(await planOf(renamed)).toMatchObject({ [CLUSTER]: "replace", [POOL]: "replace" });
    const report = await impactOf(renamed);
    expect(report.ok).toBe(false);
    expect(errors(report)).toEqual(["IMP-01 cluster.defaultNodePool.name", "IMP-01 (follows " + CLUSTER + ")"]);
    expect(report.findings.find((f) => f.rule === "IMP-01")!.message).toMatch(/new OIDC issuer.*nodes NotReady until the CNI is installed again/);
  });

  test("is stopped by prevent_destroy even without the impact check (cdktf deploy by hand)", async () => {
    const strict = await planner({ keepPreventDestroy: true });
    try {
      const result = await strict.planAgainst(synthEnvironment(renamed, "prod").json, deployed);
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/Instance cannot be destroyed/);
    } finally {
      await strict.close();
    }
  });

  test("goes through when the config accepts replacing the cluster and its pool", async () => {
    const accepted = edited(renamed, (c) => {
      c.protection = {
        acceptedReplacements: [
          { resource: "cluster", reason: "The system pool is renamed to match the naming standard." },
          { resource: "nodePool:apps", reason: "The user pool follows the new cluster." },
        ],
      };
    });
    const report = await impactOf(accepted);
    expect(report.ok).toBe(true);
    expect(report.entries.filter((e) => e.protected).map((e) => [e.resource, e.accepted])).toEqual([
      ["cluster", true],
      ["nodePool:apps", true],
    ]);
  });
});

describe("a drain timeout or undrainable-node behaviour set in Azure", () => {
  const drift = (address: string, prefix: string) => ({
    address,
    set: { [`${prefix}upgrade_settings.0.drain_timeout_in_minutes`]: 45, [`${prefix}upgrade_settings.0.undrainable_node_behavior`]: "Cordon" },
  });

  test("is put back in place at the next deploy, never a replacement", async () => {
    expect(await planOf(base, [drift(CLUSTER, "default_node_pool.0."), drift(POOL, "")])).toEqual({ [CLUSTER]: "update", [POOL]: "update" });
  });

  test("replaced the cluster with the previous release, which left the values unset", async () => {
    const previous = JSON.parse(fs.readFileSync(path.join(__dirname, "release", "config", "prod.json"), "utf8")) as Record<string, unknown>;
    const state = await p.deployedState(previous);
    const cluster = addressOf(previous, "azurerm_kubernetes_cluster");
    const result = await p.planAgainst(previous, applyDrift(state, [drift(cluster, "default_node_pool.0.")]));
    expect(actions(result.changes)[cluster]).toBe("replace");
  });
});

describe("renaming a user pool", () => {
  test("with renamedFrom: the new pool is created before the old one is deleted", async () => {
    const renamed = edited(base, (c) => {
      c.cluster.userNodePools[0].name = "apps2";
      c.cluster.userNodePools[0].renamedFrom = "apps";
    });
    const plan = await planOf(renamed);
    expect(Object.values(plan)).toEqual(["replace, new first"]);
    const report = await impactOf(renamed);
    expect(report.ok).toBe(true);
    expect(report.entries).toEqual([expect.objectContaining({ action: "replace", resource: "nodePool:apps2", createFirst: true, accepted: true, fields: ["cluster.userNodePools[0].name"] })]);
  });

  test("without it: delete and create in no order, refused with the fix", async () => {
    const renamed = edited(base, (c) => (c.cluster.userNodePools[0].name = "apps2"));
    expect(Object.values(await planOf(renamed)).sort()).toEqual(["create", "destroy"]);
    const report = await impactOf(renamed);
    expect(errors(report)).toEqual(["IMP-01"]);
    expect(report.findings.map((f) => f.rule)).toContain("IMP-02");
    expect(report.findings.find((f) => f.rule === "IMP-01")!.message).toMatch(/renamedFrom/);
  });
});

test("renaming the node subnet is refused: it would replace the subnet and the grant while the pools rotate", async () => {
  const renamed = edited(base, (c) => (c.network.vnet.subnet.name = "snet-nodes-2"));
  const plan = await planOf(renamed);
  expect(plan).toMatchObject({ [CLUSTER]: "update", [POOL]: "update", [addressOf(baseOut.json, "azurerm_subnet")]: "replace", [addressOf(baseOut.json, "azurerm_role_assignment")]: "replace" });
  const report = await impactOf(renamed);
  expect(errors(report).sort()).toEqual(["IMP-01 (follows " + addressOf(baseOut.json, "azurerm_subnet") + ")", "IMP-01 network.vnet.subnet.name"]);
});

describe("network settings added to a running environment", () => {
  test("a user pool moved onto a subnet of its own: the subnet and its grant are created, the pool rotates onto it, nothing is replaced", async () => {
    const moved = edited(base, (c) => {
      c.network.vnet.poolSubnets = [{ name: "snet-aks-apps", addressPrefixes: ["10.225.0.0/16"] }];
      c.cluster.userNodePools[0].subnetName = "snet-aks-apps";
    });
    const plan = await planOf(moved);
    expect(plan[POOL]).toBe("update");
    expect(plan[CLUSTER]).toBeUndefined();
    const created = Object.entries(plan).filter(([, a]) => a === "create").map(([address]) => address.split(".")[0]).sort();
    expect(created).toEqual(["azurerm_role_assignment", "azurerm_subnet", "azurerm_subnet_network_security_group_association"]);
    expect(Object.values(plan)).not.toContain("replace");
    const report = await impactOf(moved);
    expect(report.ok).toBe(true);
  });

  test("API Server VNet Integration turned on: its subnet and grant are created and the cluster is updated in place", async () => {
    const integrated = edited(base, (c) => (c.network.vnet.apiServerSubnet = { name: "snet-aks-apiserver", addressPrefixes: ["10.239.255.0/28"] }));
    const plan = await planOf(integrated);
    expect(plan[CLUSTER]).toBe("update");
    expect(Object.values(plan)).not.toContain("replace");
    expect(Object.values(plan)).not.toContain("destroy");
  });

  describe("the load balancer's outbound rule written out on a cluster deployed without it", () => {
    const tuned = edited(base, (c) => (c.network.loadBalancer = { allocatedOutboundPorts: 1024, idleTimeoutInMinutes: 10 }));

    test("against the state a deploy leaves (AKS reports its profile for loadBalancer egress): updated in place", async () => {
      expect(await planOf(tuned)).toEqual({ [CLUSTER]: "update" });
    });

    test("against a state without the profile, azurerm would replace the cluster (the block is ForceNew when it appears)", async () => {
      // The pool and the control-plane log setting follow the cluster they belong to.
      const logs = addressOf(baseOut.json, "azurerm_monitor_diagnostic_setting");
      expect(await planOf(tuned, [{ address: CLUSTER, unset: ["network_profile.0.load_balancer_profile"] }])).toEqual({ [CLUSTER]: "replace", [POOL]: "replace", [logs]: "replace" });
    });
  });
});

test("the service range and node resource group AKS chose, written out: no change, and the impact check and the fast table agree; another range still replaces the cluster", async () => {
  // Deployed without them: AKS chose 10.0.0.0/16, 10.0.0.10 (the base writes both out) and MC_<resourceGroup>_<cluster>_<location>.
  const unset = synthEnvironment(
    edited(base, (c) => {
      delete c.network.serviceCidr;
      delete c.network.dnsServiceIp;
    }),
    "prod",
  );
  const written = synthEnvironment(edited(base, (c) => (c.cluster.nodeResourceGroup = "MC_rg-aks-byocni-prod_aks-byocni-prod_westeurope")), "prod");
  const report = await checkChangeImpact(unset.outdir, written.outdir, { cli: await terraformCli(), cacheDir: STATE_CACHE, concurrency: 1 });
  expect(report.findings).toEqual([]);
  expect(report.entries).toEqual([]);
  expect(replacementChanges(unset.json, written.json)).toEqual([]);
  const other = synthEnvironment(edited(base, (c) => Object.assign(c.network, { serviceCidr: "10.1.0.0/16", dnsServiceIp: "10.1.0.10" })), "prod");
  const result = await p.planAgainst(other.json, await p.deployedState(unset.json));
  expect(actions(result.changes)[CLUSTER]).toBe("replace");
  expect([...result.changes.find((c) => c.address === CLUSTER)!.replacePaths].sort()).toEqual(["network_profile.0.dns_service_ip", "network_profile.0.service_cidr"]);
  expect(replacementChanges(unset.json, other.json).filter((c) => c.resource === CLUSTER).map((c) => `${c.attribute} ${JSON.stringify(c.before)}`)).toEqual([
    'network_profile.0.service_cidr "10.0.0.0/16"',
    'network_profile.0.dns_service_ip "10.0.0.10"',
  ]);
});

test("a private cluster's DNS zone AKS chose (System), written out: no change; another zone still replaces the cluster", async () => {
  // AKS defaults privateDNSZone to system; azurerm's read stores any casing of it as "System" (kubernetes_cluster_resource.go).
  const privateCluster = (zone?: string) =>
    edited(base, (c) => {
      c.cluster.apiServer = { private: true, ...(zone === undefined ? {} : { privateDnsZone: zone }) };
    });
  const unset = synthEnvironment(privateCluster(), "prod");
  const written = synthEnvironment(privateCluster("System"), "prod");
  const cluster = addressOf(unset.json, "azurerm_kubernetes_cluster");
  const deployedPrivate = await p.deployedState(unset.json);
  const same = await p.planAgainst(written.json, deployedPrivate);
  if (!same.ok) throw new Error(same.error);
  expect(actions(same.changes)).toEqual({});
  const report = await checkChangeImpact(unset.outdir, written.outdir, { cli: await terraformCli(), cacheDir: STATE_CACHE, concurrency: 1 });
  expect(report.findings).toEqual([]);
  expect(replacementChanges(unset.json, written.json)).toEqual([]);
  const none = await p.planAgainst(synthEnvironment(privateCluster("None"), "prod").json, deployedPrivate);
  if (!none.ok) throw new Error(none.error);
  expect(actions(none.changes)[cluster]).toBe("replace");
  expect([...none.changes.find((c) => c.address === cluster)!.replacePaths]).toEqual(["private_dns_zone_id"]);
});

describe("Kubernetes versions", () => {
  test("a minor bump in the config upgrades the control plane, then every pool", async () => {
    const bumped = edited(base, (c) => (c.cluster.kubernetesVersion = "1.33"));
    expect(await planOf(bumped)).toEqual({ [CLUSTER]: "update", [POOL]: "update" });
    const report = await impactOf(bumped);
    expect(report.ok).toBe(true);
    expect(report.entries.map((e) => [e.resource, e.fields])).toEqual([
      ["cluster", ["cluster.kubernetesVersion"]],
      ["nodePool:apps", ["cluster.kubernetesVersion"]],
    ]);
  });

  test("a patch the auto-upgrade channel applies is not drift (AKS keeps the MAJOR.MINOR alias)", async () => {
    expect(await planOf(base, [{ address: CLUSTER, set: { current_kubernetes_version: "1.32.9" } }])).toEqual({});
  });
});

test("a pod CIDR change replaces the cluster (no longer ignored silently), refused unless accepted", async () => {
  const changed = edited(base, (c) => (c.network.podCidr = "10.245.0.0/16"));
  expect(await planOf(changed)).toMatchObject({ [CLUSTER]: "replace" });
  const report = await impactOf(changed);
  expect(errors(report)[0]).toBe("IMP-01 network.podCidr");
});

describe("changes made in Azure that deploys tolerate", () => {
  test("a tag an Azure Policy manages is left alone when listed in ignoredTags", async () => {
    const tagged = (addr: string) => ({ address: addr, set: { tags: { CostCenter: "42" } } });
    expect(await planOf(base, [tagged(CLUSTER), tagged(POOL)])).toEqual({});
  });

  test("without ignoredTags the same tag is removed by every deploy", async () => {
    const plain = await planner();
    try {
      const shipped = synthEnvironment(prod, "prod").json;
      const state = await plain.deployedState(shipped);
      const cluster = addressOf(shipped, "azurerm_kubernetes_cluster");
      const result = await plain.planAgainst(shipped, applyDrift(state, [{ address: cluster, set: { tags: { CostCenter: "42" } } }]));
      expect(actions(result.changes)).toEqual({ [cluster]: "update" });
    } finally {
      await plain.close();
    }
  });

  test("Defender enabled by a policy stays on", async () => {
    const defender = { address: CLUSTER, set: { microsoft_defender: [{ log_analytics_workspace_id: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law" }] } };
    expect(await planOf(base, [defender])).toEqual({});
  });

  test("a rule added to the node security group elsewhere survives", async () => {
    const nsg = addressOf(baseOut.json, "azurerm_network_security_group");
    const extra = {
      name: "AllowBastion",
      priority: 200,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      source_port_range: "*",
      destination_port_range: "22",
      source_address_prefix: "10.1.0.0/24",
      destination_address_prefix: "*",
      source_port_ranges: [],
      destination_port_ranges: [],
      source_address_prefixes: [],
      destination_address_prefixes: [],
      source_application_security_group_ids: [],
      destination_application_security_group_ids: [],
      description: "",
    };
    expect(await planOf(base, [{ address: nsg, set: { security_rule: [extra] } }])).toEqual({});
  });
});

test("removing every authorized IP range is flagged: azurerm 4.55 cannot clear them", async () => {
  const open = edited(base, (c) => delete c.cluster.apiServer);
  const report = await impactOf(open);
  expect(report.findings.filter((f) => f.rule === "IMP-03").map((f) => f.field)).toEqual(["cluster.apiServer.authorizedIpRanges"]);
});

describe.each([
  ["the cluster's name", (c: any) => (c.cluster.name = "aks-byocni-prod2"), "IMP-01 cluster.name"],
  ["the resource group's name", (c: any) => (c.resourceGroup.name = "rg-aks-byocni-prod2"), "IMP-01 resourceGroup.name"],
  ["the service CIDR", (c: any) => Object.assign(c.network, { serviceCidr: "10.1.0.0/16", dnsServiceIp: "10.1.0.10" }), "IMP-01 network.serviceCidr"],
  ["the DNS service IP", (c: any) => (c.network.dnsServiceIp = "10.0.0.11"), "IMP-01 network.dnsServiceIp"],
  ["the location", (c: any) => (c.location = "northeurope"), "IMP-01 location"],
  ["a private API server", (c: any) => (c.cluster.apiServer = { private: true }), "IMP-01 cluster.apiServer.private"],
])("changing %s", (_what, edit, expected) => {
  test("is refused with a line that names the field", async () => {
    const report = await impactOf(edited(base, edit));
    expect(report.ok).toBe(false);
    expect(errors(report)).toContain(expected);
  });
});

test("upgrading a deployment of the previous release replaces and destroys nothing", async () => {
  const previous = JSON.parse(fs.readFileSync(path.join(__dirname, "release", "config", "prod.json"), "utf8")) as Record<string, unknown>;
  const result = await p.planAgainst(synthEnvironment(prod, "prod").json, await p.deployedState(previous));
  expect(result.ok).toBe(true);
  expect(Object.values(actions(result.changes)).filter((a) => a.startsWith("replace") || a === "destroy")).toEqual([]);
});
