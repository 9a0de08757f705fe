/**
 * NP: node counts, pods per node, autoscaler bounds, VM sizes and the
 * Kubernetes version format.
 */
import { Testing, TerraformStack, TerraformVariable } from "../../lib/bindings/cdktf";
import type { ClusterSettings, NodePoolSettings } from "../../lib/config/types";
import { resolveCluster } from "../../lib/plan/cluster";
import { resolvePools } from "../../lib/plan/pools";
import { checkNodePools } from "../../lib/rules/nodepools";
import { isUnknownValue } from "../../lib/constructs/private/synthesized";
import { runCheck, vnetConfig, withField } from "../support";
import { hits, messageOf, pathsOf, reportOf, skippedAt, stacks } from "./helpers";

const SYSTEM = "cluster.defaultNodePool";
const USER = "cluster.userNodePools[0]";

const pool = (over: Partial<NodePoolSettings> = {}): NodePoolSettings => ({ name: "pool", nodeCount: 3, vmSize: "Standard_D4ds_v5", ...over });
/** A cluster with a sound system pool; `system` and `user` change one pool each. */
const cluster = (system: Partial<NodePoolSettings> = {}, user?: Partial<NodePoolSettings>, over: Partial<ClusterSettings> = {}): ClusterSettings => ({
  name: "aks",
  defaultNodePool: pool({ name: "system", ...system }),
  userNodePools: user ? [pool({ name: "apps", ...user })] : undefined,
  ...over,
});
const npRun = (c: ClusterSettings) =>
  runCheck((ctx) => checkNodePools(ctx, resolveCluster({ location: "westeurope", resourceGroupName: "rg", cluster: c }, isUnknownValue)));

describe("NP-01: node counts", () => {
  test.each([
    [cluster({ nodeCount: 0 }), `${SYSTEM}.nodeCount`],
    [cluster({ nodeCount: 1001 }), `${SYSTEM}.nodeCount`],
    [cluster({}, { nodeCount: -1 }), `${USER}.nodeCount`],
    [cluster({}, { nodeCount: 1001 }), `${USER}.nodeCount`],
    [cluster({ autoScaling: { minCount: 0, maxCount: 3 } }), `${SYSTEM}.autoScaling.minCount`],
    [cluster({}, { nodeCount: 3, autoScaling: { minCount: 1, maxCount: 1001 } }), `${USER}.autoScaling.maxCount`],
  ])("rejected at %#: %s", (c, path) => {
    expect(hits(npRun(c), "NP-01")).toEqual([`error ${path}`]);
  });

  test.each([
    cluster({ nodeCount: 1 }),
    cluster({ nodeCount: 1000 }),
    cluster({}, { nodeCount: 0 }),
    cluster({}, { nodeCount: 1000 }),
    cluster({}, { nodeCount: 0, autoScaling: { minCount: 0, maxCount: 1000 } }),
    cluster({ autoScaling: { minCount: 1, maxCount: 1000 } }),
  ])("accepted (%#)", (c) => {
    expect(hits(npRun(c), "NP-01")).toEqual([]);
  });
});

describe("NP-02: a system pool of at least 2 nodes (warning)", () => {
  test("one node is a warning", () => {
    expect(hits(npRun(cluster({ nodeCount: 1 })), "NP-02")).toEqual([`warning ${SYSTEM}.nodeCount`]);
  });

  test("an autoscaler that may scale down to one node is a warning at its minimum", () => {
    expect(hits(npRun(cluster({ nodeCount: 2, autoScaling: { minCount: 1, maxCount: 3 } })), "NP-02")).toEqual([`warning ${SYSTEM}.autoScaling.minCount`]);
  });

  test.each([cluster({ nodeCount: 2 }), cluster({ nodeCount: 2, autoScaling: { minCount: 2, maxCount: 3 } }), cluster({}, { nodeCount: 1 })])(
    "accepted (%#)",
    (c) => {
      expect(hits(npRun(c), "NP-02")).toEqual([]);
    },
  );
});

describe("NP-03: maxPods 10-250, and room for 30 pods per pool", () => {
  test.each([
    ["10 pods x 2 nodes = 20", cluster({}, { maxPods: 10, nodeCount: 2 }), USER, "fewer than 30 pods"],
    ["9 pods", cluster({}, { maxPods: 9, nodeCount: 10 }), USER, "outside 10-250"],
    ["251 pods", cluster({}, { maxPods: 251 }), USER, "outside 10-250"],
    ["29 pods x 1 node", cluster({}, { maxPods: 29, nodeCount: 1 }), USER, "fewer than 30 pods"],
    ["10 pods x 2 system nodes = 20", cluster({ maxPods: 10, nodeCount: 2 }), SYSTEM, "fewer than 30 pods"],
  ])("%s is rejected", (_what, c, path, fragment) => {
    const run = npRun(c);
    expect(hits(run, "NP-03")).toEqual([`error ${path}.maxPods`]);
    expect(messageOf(run, "NP-03")).toContain(fragment);
  });

  test.each([
    ["10 pods x 3 nodes = 30", cluster({}, { maxPods: 10, nodeCount: 3 })],
    ["15 pods x 2 nodes = 30", cluster({}, { maxPods: 15, nodeCount: 2 })],
    ["30 pods x 1 node", cluster({}, { maxPods: 30, nodeCount: 1 })],
    ["250 pods", cluster({}, { maxPods: 250 })],
    // The system pool's 30 pods count per pool, like any pool's (network-rules §6, NP-03).
    ["10 pods x 3 system nodes = 30", cluster({ maxPods: 10, nodeCount: 3 })],
    ["the default (110)", cluster()],
  ])("%s is accepted", (_what, c) => {
    expect(hits(npRun(c), "NP-03")).toEqual([]);
  });
});

describe("NP-04: autoscaler bounds", () => {
  test.each([
    [{ nodeCount: 3, autoScaling: { minCount: 4, maxCount: 3 } }, `${USER}.autoScaling.minCount`],
    [{ nodeCount: 6, autoScaling: { minCount: 1, maxCount: 5 } }, `${USER}.nodeCount`],
    [{ nodeCount: 0, autoScaling: { minCount: 1, maxCount: 5 } }, `${USER}.nodeCount`],
  ])("%j is rejected", (user, path) => {
    expect(hits(npRun(cluster({}, user)), "NP-04")).toEqual([`error ${path}`]);
  });

  test.each([
    { nodeCount: 5, autoScaling: { minCount: 1, maxCount: 5 } },
    { nodeCount: 1, autoScaling: { minCount: 1, maxCount: 5 } },
    { nodeCount: 3, autoScaling: { minCount: 3, maxCount: 3 } },
  ])("%j is accepted", (user) => {
    expect(hits(npRun(cluster({}, user)), "NP-04")).toEqual([]);
  });
});

describe("NP-05: VM sizes (warning)", () => {
  test.each([
    ["Standard_B4ms", "system", "B-series"],
    ["Standard_D2ds_v5", "system", "at least 4 vCPU and 4 GiB"],
  ])("%s on the %s pool is a warning", (vmSize, _pool, fragment) => {
    const run = npRun(cluster({ vmSize }));
    expect(hits(run, "NP-05")).toEqual([`warning ${SYSTEM}.vmSize`]);
    expect(messageOf(run, "NP-05")).toContain(fragment);
  });

  test.each([
    ["Standard_D4ds_v5", "system"],
    ["Standard_D2ds_v5", "user"],
    ["Standard_B2ms", "user"],
    ["Standard_Unlisted_v9", "system"],
  ])("%s on the %s pool is accepted", (vmSize, which) => {
    const c = which === "system" ? cluster({ vmSize }) : cluster({}, { vmSize });
    expect(hits(npRun(c), "NP-05")).toEqual([]);
  });
});

describe("NP-07: Kubernetes version format", () => {
  test.each(["v1.33", "1", "1.33.02", "01.33", "1.33.2.1", "1.33 ", "1.33-rc1", "1.x"])("%j is rejected", (kubernetesVersion) => {
    expect(hits(npRun(cluster({}, undefined, { kubernetesVersion })), "NP-07")).toEqual(["error cluster.kubernetesVersion"]);
  });

  test.each(["1.33", "1.33.2", "1.0", "10.100.1000"])("%j is accepted", (kubernetesVersion) => {
    expect(hits(npRun(cluster({}, undefined, { kubernetesVersion })), "NP-07")).toEqual([]);
  });
});

describe("NP-08: max surge", () => {
  test.each(["0", "0%", "101%", "-1", "1.5", "10 %", "ten", "", "01"])("%j is rejected", (maxSurge) => {
    expect(hits(npRun(cluster({}, { maxSurge })), "NP-08")).toEqual([`error ${USER}.maxSurge`]);
  });

  test.each(["1", "100%", "1%", "33%", "1000"])("%j is accepted", (maxSurge) => {
    expect(hits(npRun(cluster({ maxSurge })), "NP-08")).toEqual([]);
  });
});

describe("surge and references", () => {
  test.each([
    [{ nodeCount: 10 }, 1],
    [{ nodeCount: 11 }, 2],
    [{ nodeCount: 3, maxSurge: "33%" }, 1],
    [{ nodeCount: 3, maxSurge: "34%" }, 2],
    [{ nodeCount: 3, maxSurge: "2" }, 2],
    [{ nodeCount: 3, autoScaling: { minCount: 3, maxCount: 20 } }, 2],
  ])("%j surges by %i nodes", (over, surge) => {
    expect(resolvePools({ defaultNodePool: pool(over) }, isUnknownValue)[0]!.surgeNodes).toBe(surge);
  });

  test("a node count given as a reference is skipped, not compared", () => {
    // cdktf encodes a number reference as a huge negative double; no rule may read it as a count.
    const token = new TerraformVariable(new TerraformStack(Testing.app(), "vars"), "node_count", { type: "number" }).numberValue;
    const run = npRun(cluster({ nodeCount: token, maxPods: 20 }, { nodeCount: token, maxPods: 10 }));
    expect(hits(run, "NP-01")).toEqual([]);
    expect(hits(run, "NP-02")).toEqual([]);
    expect(hits(run, "NP-03")).toEqual([]);
    expect(skippedAt(run, `${SYSTEM}.nodeCount`)).toEqual(["NP-01", "NP-02", "NP-03"]);
    expect(skippedAt(run, `${USER}.nodeCount`)).toEqual(["NP-01", "NP-03"]);
  });
});

describe("end to end through a config", () => {
  const report = stacks({
    bad: () => {
      let c = withField(vnetConfig(), "cluster.kubernetesVersion", "v1.33");
      c = withField(c, "cluster.defaultNodePool.nodeCount", 1);
      c = withField(c, "cluster.defaultNodePool.vmSize", "Standard_B4ms");
      return reportOf(
        withField(c, "cluster.userNodePools", [
          { name: "apps", nodeCount: 2, maxPods: 10, vmSize: "Standard_D4ds_v5" },
          { name: "batch", nodeCount: 3, autoScaling: { minCount: 4, maxCount: 3 }, vmSize: "Standard_D4ds_v5" },
          { name: "big", nodeCount: 1001, vmSize: "Standard_D4ds_v5" },
        ]),
      );
    },
    edge: () => {
      let c = withField(vnetConfig(), "cluster.kubernetesVersion", "1.33");
      // The policy pack wants 50 pods per node; the network rule allows 10 here.
      c = withField(c, "acceptedRisks", [{ rule: "CKV_AZURE_168", reason: "A dense pool is not what this table is about." }]);
      return reportOf(
        withField(c, "cluster.userNodePools", [
          { name: "apps", nodeCount: 3, maxPods: 10, vmSize: "Standard_D2ds_v5" },
          { name: "batch", nodeCount: 3, autoScaling: { minCount: 3, maxCount: 3 }, vmSize: "Standard_D4ds_v5" },
          { name: "big", nodeCount: 0, vmSize: "Standard_D4ds_v5" },
        ]),
      );
    },
  });

  test.each([
    ["NP-01", "cluster.userNodePools[2].nodeCount"],
    ["NP-03", "cluster.userNodePools[0].maxPods"],
    ["NP-04", "cluster.userNodePools[1].autoScaling.minCount"],
    ["NP-07", "cluster.kubernetesVersion"],
  ])("%s is reported at %s", (rule, path) => {
    expect(pathsOf(report("bad").errors, rule)).toEqual([path]);
  });

  test.each([
    ["NP-02", `${SYSTEM}.nodeCount`],
    ["NP-05", `${SYSTEM}.vmSize`],
  ])("%s is a warning at %s", (rule, path) => {
    expect(pathsOf(report("bad").warnings, rule)).toEqual([path]);
  });

  test("10 pods x 3 nodes, min = max, an empty user pool: no error and no NP warning", () => {
    expect(report("edge").errors).toEqual([]);
    expect(report("edge").warnings.filter((w) => /\[NP-\d+\]/.test(w))).toEqual([]);
  });
});
