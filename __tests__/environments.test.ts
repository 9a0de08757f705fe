/**
 * Snapshots of the shipped environments' synthesized plans, and a guard that
 * names every change that would replace a cluster or rotate its system pool.
 * Update with `npm test -- -u` and review the plan diff in the pull request.
 */
import * as path from "path";
import { Testing } from "../lib/bindings/cdktf";
import { AksByoCniStack } from "../lib/constructs/aks-byo-cni-stack";
import { loadConfigDir } from "../lib/config/load";
import {
  asPlanSnapshot,
  describeReplacements,
  planSerializer,
  readPlanSnapshot,
  replacementChanges,
  synthesizeForSnapshot,
} from "../lib/testing";

expect.addSnapshotSerializer(planSerializer);

const SNAP_FILE = path.join(__dirname, "__snapshots__", "environments.test.ts.snap");
const committed = readPlanSnapshot(SNAP_FILE);
const { environments, problems } = loadConfigDir(path.join(__dirname, "..", "config"));
const app = Testing.app();
const stacks = environments.map((env) => new AksByoCniStack(app, env.name, env.config));

test("the shipped config files load without problems", () => {
  expect(problems).toEqual([]);
  expect(environments.map((e) => e.name)).toEqual(["dev", "prod"]);
});

describe.each(stacks.map((s) => [s.node.id, s] as const))("%s", (name, stack) => {
  const plan = synthesizeForSnapshot(stack);

  test("plan", () => {
    expect(asPlanSnapshot(plan)).toMatchSnapshot();
  });

  test("does not replace the cluster or rotate its system pool", () => {
    // `npm test -- -u` records a new environment's plan and accepts a change; say so in the pull request.
    const updating = (expect.getState() as { snapshotState?: { _updateSnapshot?: string } }).snapshotState?._updateSnapshot === "all";
    const before = committed[`${name} plan 1`];
    if (!before) {
      if (updating) return;
      throw new Error(`${name}: no committed plan in ${path.relative(process.cwd(), SNAP_FILE)} to compare with; record it with npm test -- -u`);
    }
    const changes = replacementChanges(before, plan);
    if (updating && changes.length > 0) {
      console.warn(`${name}: the updated plan replaces resources:\n${describeReplacements(changes)}`);
      return;
    }
    if (changes.length > 0) {
      throw new Error(`${name}: this change replaces the cluster or rotates its nodes (update with -u only if intended):\n${describeReplacements(changes)}`);
    }
  });
});

test("the guard names a replacing change", () => {
  const before = synthesizeForSnapshot(stacks[1]!);
  const other = Testing.app();
  const env = environments[1]!;
  const changed = new AksByoCniStack(other, env.name, {
    ...env.config,
    network: { ...env.config.network, serviceCidr: "10.1.0.0/16", dnsServiceIp: "10.1.0.10" },
    cluster: { ...env.config.cluster, defaultNodePool: { ...env.config.cluster.defaultNodePool, vmSize: "Standard_D8ds_v5" } },
  });
  const lines = describeReplacements(replacementChanges(before, synthesizeForSnapshot(changed))).split("\n");
  // The VM size would rotate the system pool, but the cluster is replaced anyway; its user pool and its log setting go with it.
  expect(lines).toEqual([
    expect.stringMatching(/^azurerm_kubernetes_cluster\.\S+: network_profile\.0\.dns_service_ip "10\.0\.0\.10" -> "10\.1\.0\.10" replaces it$/),
    expect.stringMatching(/^azurerm_kubernetes_cluster\.\S+: network_profile\.0\.service_cidr "10\.0\.0\.0\/16" -> "10\.1\.0\.0\/16" replaces it$/),
    expect.stringMatching(/^azurerm_kubernetes_cluster_node_pool\.\S+: kubernetes_cluster_id refers to azurerm_kubernetes_cluster\.\S+, which is replaced, replaces it$/),
    expect.stringMatching(/^azurerm_monitor_diagnostic_setting\.\S+: target_resource_id refers to azurerm_kubernetes_cluster\.\S+, which is replaced, replaces it$/),
  ]);
});
