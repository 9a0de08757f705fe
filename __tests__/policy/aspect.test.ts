import * as fs from "fs";
import * as path from "path";
import { App, Testing } from "../../lib/bindings/cdktf";
import { AksByoCniStack } from "../../lib/aks-byo-cni-stack";
import { collectProblems, stagingDirectory, synthesizeSafely } from "../../lib/app/synth";
import { loadConfigDir } from "../../lib/config/load";
import { policyReportOf } from "../../lib/policy/aspect";
import { checkovConfig, skippedChecks } from "../../lib/policy/checkov-config";
import { errorsOf, problemsOf, seedConfig, tempDir, vnetConfig, withField } from "../support";

test("turning a secure default off fails synth with the rule ID and the reason to keep it", () => {
  expect(errorsOf(withField(seedConfig(), "cluster.security", { localAccountsDisabled: false }))).toEqual([
    expect.stringMatching(/^azurerm_kubernetes_cluster\.\S+: Local admin accounts are disabled: no \(local_account_disabled is not true\)\. Local accounts issue static cluster-admin certificates .* Fix: keep cluster\.security\.localAccountsDisabled: true .*\[CKV_AZURE_141\]$/),
  ]);
  expect(errorsOf(withField(seedConfig(), "cluster.skuTier", "Free"))).toEqual([expect.stringMatching(/\[CKV_AZURE_170\]$/)]);
  expect(errorsOf(withField(seedConfig(), "cluster.upgrade", { channel: "none" }))).toEqual([expect.stringMatching(/\[CKV_AZURE_171\]$/)]);
  expect(errorsOf(withField(seedConfig(), "cluster.monitoring", { enabled: false }))).toEqual([expect.stringMatching(/\[CKV_AZURE_4 \/ AVD-AZU-0040\]$/)]);
  expect(errorsOf(withField(seedConfig(), "cluster.security", { azurePolicy: false }))).toEqual([expect.stringMatching(/\[CKV_AZURE_116 \/ AVD-AZU-0066\]$/)]);
  expect(errorsOf(withField(vnetConfig(), "network.vnet.networkSecurityGroup", false))).toEqual([expect.stringMatching(/^azurerm_subnet\.\S+: The subnet has a network security group: no .*\[CKV2_AZURE_31\]$/)]);
});

test("a public API server without ranges is a warning that says how to fix it", () => {
  const lines = problemsOf({ env: withField(seedConfig(), "cluster.apiServer", undefined) });
  expect(lines.filter((l) => l.level === "error")).toEqual([]);
  expect(lines).toContainEqual({ level: "warning", stack: "env", message: expect.stringMatching(/Fix: set cluster\.apiServer\.authorizedIpRanges .*\[CKV_AZURE_6 \/ AVD-AZU-0041\]$/) });
});

test("the rules read the final JSON, so an override is caught", () => {
  const stack = new AksByoCniStack(Testing.app(), "env", seedConfig());
  stack.cluster.kubernetesCluster.addOverride("local_account_disabled", false);
  expect(collectProblems(stack.node.root).filter((l) => l.level === "error").map((l) => l.message)).toEqual([expect.stringMatching(/\[CKV_AZURE_141\]$/)]);
});

test("an accepted risk suppresses the finding and the reason is reported", () => {
  const config = withField(withField(seedConfig(), "cluster.skuTier", "Free"), "acceptedRisks[1]", { rule: "CKV_AZURE_170", reason: "Development cluster; the uptime SLA is not worth its cost here." });
  const lines = problemsOf({ env: config });
  expect(lines.filter((l) => l.level === "error")).toEqual([]);
  expect(lines).toContainEqual({ level: "note", stack: "env", message: expect.stringMatching(/CKV_AZURE_170 suppressed \(accepted risk\): Development cluster; the uptime SLA is not worth its cost here\.$/) });
});

test("an acceptance can be limited to one resource", () => {
  const config = withField(vnetConfig(), "acceptedRisks", [{ rule: "CKV_AZURE_168", resource: "pool-apps", reason: "Batch pool runs one big pod per node by design." }]);
  const tight = withField(withField(config, "cluster.userNodePools[0].maxPods", 30), "cluster.defaultNodePool.maxPods", 30);
  const errors = errorsOf(tight);
  expect(errors).toEqual([expect.stringMatching(/^azurerm_kubernetes_cluster\.\S+: Nodes allow at least 50 pods: no \(max_pods is 30\).*\[CKV_AZURE_168\]$/)]);
});

describe("shipped environments: no failed check, and the aspect and .checkov.yaml agree on what is suppressed", () => {
  for (const { name, config } of loadConfigDir(path.join(__dirname, "..", "..", "config")).environments) {
    test(name, () => {
      const app = new App({ outdir: stagingDirectory(), stackTraces: false });
      const stack = new AksByoCniStack(app, name, config);
      const outdir = tempDir("aks-policy-");
      const outcome = synthesizeSafely(app, outdir);
      expect(outcome.ok).toBe(true);
      const report = policyReportOf(stack)!;
      expect(report.failed).toBe(0);
      const written = fs.readFileSync(path.join(outdir, "stacks", name, ".checkov.yaml"), "utf8");
      expect(written).toBe(checkovConfig(name, report.suppressed));
      const suppressed = [...new Set(report.suppressed.map((s) => s.rule))].sort();
      expect(skippedChecks(written).sort()).toEqual(suppressed);
      expect(suppressed).toEqual(expect.arrayContaining(["CKV_AZURE_7", "CKV2_AZURE_29"]));
      for (const s of report.suppressed) expect(written).toContain(s.reason.replace(/\s+/g, " "));
    });
  }
});
