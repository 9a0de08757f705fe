import * as fs from "fs";
import * as path from "path";
import { App, Aspects, Testing } from "../../lib/bindings/cdktf";
import { KubernetesCluster } from "../../lib/bindings/azurerm";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import { collectProblems, synthesizeSafely } from "../../lib/app/synth";
import type { AksByoCniConfig } from "../../lib/config/types";
import { loadConfigDir } from "../../lib/config/load";
import { AksPolicyChecks, policyReportOf } from "../../lib/constructs/aks-policy-checks";
import { checkovConfig, skippedChecks } from "../../lib/report/checkov-config";
import { RULE_CATALOGUE } from "../../lib/rules/catalogue";
import { isCheckovId, POLICY_RULES } from "../../lib/rules/policy";
import { errorsOf, problemsOf, seedConfig, tempDir, vnetConfig, withField } from "../support";

/** The policy report of one stack built from `config`, after its aspects and validations ran. */
function reportFor(config: AksByoCniConfig) {
  const stack = new AksByoCniStack(Testing.app(), "env", config);
  const lines = collectProblems(stack.node.root);
  return { lines, report: policyReportOf(stack)! };
}

test("turning a secure default off fails synth with the rule ID and the reason to keep it", () => {
  expect(errorsOf(withField(seedConfig(), "cluster.security", { localAccountsDisabled: false }))).toEqual([
    expect.stringMatching(/^cluster\.security\.localAccountsDisabled: Local admin accounts are disabled: no \(local_account_disabled is not true\)\. Local accounts issue static cluster-admin certificates .* Fix: keep cluster\.security\.localAccountsDisabled: true .*\[CKV_AZURE_141\]$/),
  ]);
  expect(errorsOf(withField(seedConfig(), "cluster.upgrade", { channel: "none" }))).toEqual([expect.stringMatching(/\[CKV_AZURE_171\]$/)]);
  // Monitoring off leaves no workspace for the control plane's audit trail either.
  expect(errorsOf(withField(seedConfig(), "cluster.monitoring", { enabled: false }))).toEqual([
    expect.stringMatching(/\[CKV_AZURE_4 \/ AVD-AZU-0040\]$/),
    expect.stringMatching(/no diagnostic setting sends this cluster's control-plane logs.*\[SEC-01\]$/),
  ]);
  expect(errorsOf(withField(seedConfig(), "cluster.monitoring.controlPlaneLogs", { enabled: false }))).toEqual([expect.stringMatching(/\[SEC-01\]$/)]);
  expect(errorsOf(withField(seedConfig(), "cluster.security", { imageCleaner: false }))).toEqual([expect.stringMatching(/image_cleaner_enabled is not true.*\[SEC-03\]$/)]);
  expect(errorsOf(withField(seedConfig(), "cluster.security", { runCommand: true }))).toEqual([expect.stringMatching(/run_command_enabled is not false.*\[SEC-04\]$/)]);
  expect(errorsOf(withField(seedConfig(), "cluster.security", { azurePolicy: false }))).toEqual([expect.stringMatching(/\[CKV_AZURE_116 \/ AVD-AZU-0066\]$/)]);
  expect(errorsOf(withField(vnetConfig(), "network.vnet.networkSecurityGroup", false))).toEqual([expect.stringMatching(/^network\.vnet\.subnet: The subnet has a network security group: no .*\[CKV2_AZURE_31\]$/)]);
});

test.each([
  ["the Free tier (the Standard tier's SLA costs money)", withField(seedConfig(), "cluster.skuTier", "Free"), /Fix: set cluster\.skuTier: Standard.*\[CKV_AZURE_170\]$/],
  ["a single pool (CriticalAddonsOnly needs a second pool)", withField(seedConfig(), "acceptedRisks", []), /Fix: add a pool to cluster\.userNodePools.*\[CKV_AZURE_232\]$/],
  ["a VM size without room for an ephemeral OS disk", seedConfig(), /Standard_B2ms has no local disk of 30 GiB.*Fix: choose a VM size whose cache or temp disk holds the OS disk.*\[CKV_AZURE_226\]$/],
  [
    "an osDiskSizeGb larger than the VM's local disk, osDiskType not written",
    withField(vnetConfig(), "cluster.defaultNodePool.osDiskSizeGb", 200),
    /os_disk_type is "Managed": osDiskSizeGb 200 is larger than the 150 GiB local disk of Standard_D4ds_v5\)\..*Fix: choose a VM size whose cache or temp disk holds the OS disk, e\.g\. Standard_D4ds_v5, or an osDiskSizeGb the VM's local disk holds \[CKV_AZURE_226\]$/,
  ],
])("a recommendation the config cannot meet without spending is a warning that says how: %s", (_what, config, message) => {
  const lines = problemsOf({ env: config });
  expect(lines.filter((l) => l.level === "error")).toEqual([]);
  // The line carries its rule and the fix it gives after "Fix:".
  const line = lines.find((l) => l.level === "warning" && message.test(l.message));
  expect(line).toEqual({ level: "warning", stack: "env", message: expect.stringMatching(message), rule: expect.stringMatching(/^CKV/), fix: expect.any(String) });
  expect(line!.message).toContain(` Fix: ${line!.fix} [${line!.rule}`);
});

test.each([
  ["osDiskType Managed where an ephemeral disk fits", withField(vnetConfig(), "cluster.defaultNodePool.osDiskType", "Managed"), /os_disk_type is "Managed"\).*\[CKV_AZURE_226\]$/],
  ["only_critical_addons_enabled overridden off with a user pool", vnetConfig(), /only_critical_addons_enabled is not true\).*\[CKV_AZURE_232\]$/],
])("turning it off where it can be met is an error: %s", (what, config, message) => {
  const stack = new AksByoCniStack(Testing.app(), "env", config);
  if (what.startsWith("only_critical")) stack.cluster.kubernetesCluster.addOverride("default_node_pool.only_critical_addons_enabled", false);
  expect(collectProblems(stack.node.root).filter((l) => l.level === "error").map((l) => l.message)).toEqual([expect.stringMatching(message)]);
});

test("CKV_AZURE_226 never tells a config that does not set osDiskType to remove it", () => {
  const lines = problemsOf({ env: withField(vnetConfig(), "cluster.defaultNodePool.osDiskSizeGb", 200) });
  expect(lines.filter((l) => /CKV_AZURE_226/.test(l.message)).map((l) => l.level)).toEqual(["warning"]);
  expect(lines.filter((l) => /remove osDiskType/.test(l.message))).toEqual([]);
});

test("a public API server without ranges is a warning that says how to fix it", () => {
  const lines = problemsOf({ env: withField(seedConfig(), "cluster.apiServer", undefined) });
  expect(lines.filter((l) => l.level === "error")).toEqual([]);
  expect(lines).toContainEqual({
    level: "warning",
    stack: "env",
    message: expect.stringMatching(/Fix: set cluster\.apiServer\.authorizedIpRanges .*\[CKV_AZURE_6 \/ AVD-AZU-0041\]$/),
    rule: "CKV_AZURE_6",
    fix: RULE_CATALOGUE["CKV_AZURE_6"]!.fix,
  });
});

test("the rules read the final JSON, so an override is caught", () => {
  const stack = new AksByoCniStack(Testing.app(), "env", seedConfig());
  stack.cluster.kubernetesCluster.addOverride("local_account_disabled", false);
  expect(collectProblems(stack.node.root).filter((l) => l.level === "error").map((l) => l.message)).toEqual([expect.stringMatching(/\[CKV_AZURE_141\]$/)]);
});

test("an accepted risk suppresses the finding, with its reason, in the stack's report", () => {
  const config = withField(withField(seedConfig(), "cluster.security.localAccountsDisabled", false), "acceptedRisks[1]", {
    rule: "CKV_AZURE_141",
    reason: "Break-glass admin access is needed until the Entra groups are set up.",
  });
  const { lines, report } = reportFor(config);
  expect(lines.filter((l) => l.level === "error")).toEqual([]);
  expect(report.suppressed).toContainEqual({
    rule: "CKV_AZURE_141",
    address: expect.stringMatching(/^azurerm_kubernetes_cluster\./),
    reason: "Break-glass admin access is needed until the Entra groups are set up.",
    by: "accepted",
  });
});

test("an acceptance can be limited to one resource", () => {
  const config = withField(vnetConfig(), "acceptedRisks", [{ rule: "CKV_AZURE_168", resource: "pool-apps", reason: "Batch pool runs one big pod per node by design." }]);
  const tight = withField(withField(config, "cluster.userNodePools[0].maxPods", 30), "cluster.defaultNodePool.maxPods", 30);
  const errors = errorsOf(tight);
  // The finding names the config field to change: the system pool's, as the user pool's is accepted.
  expect(errors).toEqual([expect.stringMatching(/^cluster\.defaultNodePool\.maxPods: Nodes allow at least 50 pods: no \(max_pods is 30\).*\[CKV_AZURE_168\]$/)]);
  // The same acceptance limited by the config field the pool was built from.
  const byField = withField(tight, "acceptedRisks[0].resource", "cluster.userNodePools[0]");
  expect(errorsOf(byField)).toEqual(errors);
  expect(errorsOf(withField(tight, "acceptedRisks", [])).filter((e) => e.endsWith("[CKV_AZURE_168]"))).toEqual([
    expect.stringMatching(/^cluster\.defaultNodePool\.maxPods: .*\[CKV_AZURE_168\]$/),
    expect.stringMatching(/^cluster\.userNodePools\[0\]\.maxPods: .*\[CKV_AZURE_168\]$/),
  ]);
});

test("a resource these constructs did not build, and a rule only an override breaks, are reported at the Terraform address", () => {
  const app = Testing.app();
  const stack = new AksByoCniStack(app, "env", seedConfig());
  stack.cluster.kubernetesCluster.addOverride("http_application_routing_enabled", true);
  new KubernetesCluster(stack, "own", {
    name: "own",
    location: "westeurope",
    resourceGroupName: "rg",
    dnsPrefix: "own",
    identity: { type: "SystemAssigned" },
    defaultNodePool: { name: "system", vmSize: "Standard_D4ds_v5", nodeCount: 3, maxPods: 10 },
  });
  const errors = collectProblems(app).filter((l) => l.level === "error").map((l) => l.message);
  expect(errors).toContainEqual(expect.stringMatching(/^azurerm_kubernetes_cluster\.aks_cluster_\w+: HTTP application routing is disabled: no .*\[CKV_AZURE_246\]$/));
  expect(errors).toContainEqual(expect.stringMatching(/^azurerm_kubernetes_cluster\.own: Nodes allow at least 50 pods: no \(max_pods is 10\).*\[CKV_AZURE_168\]$/));
});

test("a policy error fails cdktf's own validation of a library user's app, like every other rule", () => {
  const app = new App({ outdir: tempDir("aks-policy-app-"), stackTraces: false });
  new AksByoCniStack(app, "env", withField(seedConfig(), "cluster.security.localAccountsDisabled", false));
  expect(() => app.synth()).toThrow(/\[env\/policy\] cluster\.security\.localAccountsDisabled: Local admin accounts are disabled: no .*\[CKV_AZURE_141\]/);
});

test("AksPolicyChecks on a stack of your own registers the same validation, once however often aspects run", () => {
  const rule = POLICY_RULES.find((r) => r.id === "CKV_AZURE_141")!;
  const calls = jest.spyOn(rule, "check");
  try {
    const stack = new AksByoCniStack(Testing.app(), "env", { ...withField(seedConfig(), "cluster.security.localAccountsDisabled", false), policyChecks: false });
    expect(collectProblems(stack.node.root).filter((l) => l.level === "error")).toEqual([]);
    expect(policyReportOf(stack)).toBeUndefined();
    Aspects.of(stack).add(new AksPolicyChecks());
    for (let run = 1; run <= 2; run++) {
      const errors = collectProblems(stack.node.root).filter((l) => l.level === "error");
      expect(errors.map((l) => l.message)).toEqual([expect.stringMatching(/^cluster\.security\.localAccountsDisabled: Local admin accounts are disabled: no .*\[CKV_AZURE_141\]$/)]);
      expect(calls).toHaveBeenCalledTimes(run);
    }
    expect(policyReportOf(stack)?.failed).toBeGreaterThan(0);
  } finally {
    calls.mockRestore();
  }
});

describe("shipped environments: no failed check, and the pack's report and .checkov.yaml agree on what is suppressed", () => {
  const shipped = loadConfigDir(path.join(__dirname, "..", "..", "config"));
  test("config/ loads", () => expect(shipped.problems).toEqual([]));
  // test.each fails on an empty table: a config/ that loads nothing cannot pass here.
  test.each(shipped.environments.map((e) => [e.name, e.config] as const))("%s", (name, config) => {
    let stack: AksByoCniStack | undefined;
    const outdir = tempDir("aks-policy-");
    const outcome = synthesizeSafely((app) => (stack = new AksByoCniStack(app, name, config)), outdir);
    expect(outcome.ok).toBe(true);
    const report = policyReportOf(stack!)!;
    // Failures are warnings only (errors would have stopped synth); checkov soft-fails exactly those.
    expect(report.failed).toBe(report.warned.length);
    const written = fs.readFileSync(path.join(outdir, "stacks", name, ".checkov.yaml"), "utf8");
    expect(written).toBe(checkovConfig(name, report));
    // checkov only knows its own IDs; the pack's own checks are reported at synth only.
    const checkov = report.suppressed.filter((s) => isCheckovId(s.rule));
    const suppressed = [...new Set(checkov.map((s) => s.rule))].sort();
    expect(skippedChecks(written).sort()).toEqual(suppressed);
    expect(suppressed).toEqual(expect.arrayContaining(["CKV_AZURE_7", "CKV2_AZURE_29"]));
    for (const s of checkov) expect(written).toContain(s.reason.replace(/\s+/g, " "));
  });
});
