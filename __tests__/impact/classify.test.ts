/**
 * The change-impact check's classification of a plan, without a provider:
 * each finding is raised by the case it is about and not by its nearest
 * harmless neighbour. (The real provider's plans of the same cases are in
 * __tests__/day2/scenarios.test.ts.)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { classifyStack, type StackComparison, type StackProtection } from "../../lib/impact/classify";
import { checkChangeImpact } from "../../lib/impact/check";
import type { PlannedResourceChange } from "../../lib/testing/offline-planner";
import type { TerraformCli } from "../../lib/testing/terraform/cli";

const CLUSTER = "azurerm_kubernetes_cluster.aks_cluster_X";
const POOL_A = "azurerm_kubernetes_cluster_node_pool.aks_pool-apps_X";
const POOL_B = "azurerm_kubernetes_cluster_node_pool.aks_pool-apps2_X";

const stack = (cluster: Record<string, unknown>, pools: Record<string, Record<string, unknown>> = {}) => ({
  resource: {
    azurerm_kubernetes_cluster: { aks_cluster_X: { name: "aks", default_node_pool: { name: "system" }, network_profile: { pod_cidr: "10.244.0.0/16" }, ...cluster } },
    ...(Object.keys(pools).length ? { azurerm_kubernetes_cluster_node_pool: pools } : {}),
  },
});
const protection = (over: Partial<StackProtection> = {}): StackProtection => ({
  preventDestroy: true,
  acceptedReplacements: [],
  resources: [
    { address: CLUSTER, resource: "cluster", configPath: "cluster", preventDestroy: true },
    { address: POOL_A, resource: "nodePool:apps", configPath: "cluster.userNodePools[0]", preventDestroy: true },
  ],
  ...over,
});
const change = (address: string, actions: PlannedResourceChange["actions"], replacePaths: string[] = [], extra: Partial<PlannedResourceChange> = {}): PlannedResourceChange => ({
  address,
  type: address.split(".")[0]!,
  actions,
  replacePaths,
  changedPaths: [],
  ...extra,
});
const cmp = (over: Partial<StackComparison>): StackComparison => ({
  stack: "prod",
  base: stack({}),
  head: stack({}),
  baseProtection: protection(),
  headProtection: protection(),
  changes: [],
  ...over,
});
const rules = (c: StackComparison) => classifyStack(c).findings.map((f) => `${f.level} ${f.rule}${f.field ? ` ${f.field}` : ""}`);

describe("IMP-01: a protected resource replaced or destroyed", () => {
  const replaced = [change(CLUSTER, ["delete", "create"], ["default_node_pool.0.name"])];
  test("without acceptance: an error naming the config field", () => {
    expect(rules(cmp({ changes: replaced }))).toEqual(["error IMP-01 cluster.defaultNodePool.name"]);
  });
  test("accepted by protection.acceptedReplacements: no error", () => {
    expect(rules(cmp({ changes: replaced, headProtection: protection({ acceptedReplacements: [{ resource: "cluster", reason: "on purpose, for the test" }] }) }))).toEqual([]);
  });
  test("accepted by protection off: no error", () => {
    expect(rules(cmp({ changes: replaced, headProtection: protection({ preventDestroy: false }) }))).toEqual([]);
  });
  test("an update of the same resource: no finding", () => {
    expect(rules(cmp({ changes: [change(CLUSTER, ["update"], [], { changedPaths: ["kubernetes_version"] })] }))).toEqual([]);
  });
});

describe("IMP-02: a pool deleted while another is created", () => {
  test("a rename without renamedFrom warns (and IMP-01 refuses the deletion)", () => {
    const c = cmp({ changes: [change(POOL_A, ["delete"], [], { reason: "delete_because_no_resource_config" }), change(POOL_B, ["create"])] });
    expect(rules(c)).toEqual(["error IMP-01", "warning IMP-02"]);
  });
  test("a pool deleted with nothing created: no IMP-02", () => {
    expect(rules(cmp({ changes: [change(POOL_A, ["delete"])] }))).toEqual(["error IMP-01"]);
  });
});

describe("IMP-03: every authorized IP range removed", () => {
  const ranges = (r: string[] | undefined) => stack(r ? { api_server_access_profile: { authorized_ip_ranges: r } } : {});
  test("all removed: a warning with the az command", () => {
    const out = classifyStack(cmp({ base: ranges(["203.0.113.0/24"]), head: ranges(undefined) })).findings;
    expect(out.map((f) => f.rule)).toEqual(["IMP-03"]);
    expect(out[0]!.message).toMatch(/az aks update --api-server-authorized-ip-ranges ""/);
  });
  test("one of two removed: no finding (azurerm sends the rest)", () => {
    expect(rules(cmp({ base: ranges(["203.0.113.0/24", "198.51.100.0/24"]), head: ranges(["203.0.113.0/24"]) }))).toEqual([]);
  });
});

describe("IMP-08: a pod CIDR change the running cluster does not follow", () => {
  const pod = (cidr: string) => stack({ network_profile: { pod_cidr: cidr } });
  test("changed while the cluster is not replaced (a base from before the trigger): an error", () => {
    expect(rules(cmp({ base: pod("10.244.0.0/16"), head: pod("10.245.0.0/16") }))).toEqual(["error IMP-08 network.podCidr"]);
  });
  test("changed and the cluster replaced through the trigger: IMP-01 only", () => {
    const c = cmp({ base: pod("10.244.0.0/16"), head: pod("10.245.0.0/16"), changes: [change(CLUSTER, ["delete", "create"], [], { reason: "replace_by_triggers" })] });
    expect(rules(c)).toEqual(["error IMP-01 network.podCidr"]);
  });
});

test("IMP-06: a resource that is not protected is replaced: a note", () => {
  const nsgAssoc = "azurerm_subnet_network_security_group_association.assoc_X";
  expect(rules(cmp({ changes: [change(nsgAssoc, ["delete", "create"], ["network_security_group_id"])] }))).toEqual(["note IMP-06"]);
});

describe("IMP-04 and IMP-05: the state moves, a stack disappears (decided before any plan)", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "impact-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (dir: string, name: string, json: unknown) => {
    fs.mkdirSync(path.join(tmp, dir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(tmp, dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
  };
  const withBackend = (key: string) => ({ terraform: { backend: { azurerm: { key } } }, resource: { azurerm_resource_group: { rg: { name: "rg", location: "eastus" } } } });
  // No CLI is needed for either: a binary that does not exist proves nothing was planned.
  const cli: TerraformCli = { binary: "/nonexistent/tofu", origin: "path" };

  test("a backend key that changes is an error; with the same key the stack goes on to be planned", async () => {
    write("base", "prod", withBackend("prod.tfstate"));
    write("moved", "prod", withBackend("prod-2.tfstate"));
    write("same", "prod", withBackend("prod.tfstate"));
    const moved = await checkChangeImpact(path.join(tmp, "base"), path.join(tmp, "moved"), { cli, concurrency: 1 });
    expect(moved.findings.map((f) => `${f.rule} ${f.field}`)).toEqual(["IMP-04 backend"]);
    expect(moved.ok).toBe(false);
    // Planned, which the missing binary makes fail (IMP-07): no IMP-04.
    const same = await checkChangeImpact(path.join(tmp, "base"), path.join(tmp, "same"), { cli, concurrency: 1 });
    expect(same.findings.map((f) => f.rule)).toEqual(["IMP-07"]);
  });

  test("a stack of the base that the head no longer has: a warning", async () => {
    write("two", "prod", withBackend("prod.tfstate"));
    write("two", "old", withBackend("old.tfstate"));
    write("one", "prod", withBackend("prod-2.tfstate"));
    const report = await checkChangeImpact(path.join(tmp, "two"), path.join(tmp, "one"), { cli, concurrency: 1 });
    expect(report.findings.filter((f) => f.rule === "IMP-05").map((f) => f.stack)).toEqual(["old"]);
  });
});
