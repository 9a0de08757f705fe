/**
 * BYO: what must stay unset or fixed when AKS installs no CNI, read from the
 * synthesized cluster so that overrides are seen too.
 */
import { TerraformVariable } from "../../lib/bindings/cdktf";
import { seedConfig, withField } from "../support";
import { byoRun, hits, messageOf, pathsOf, reportOf, skippedAt, stacks } from "./helpers";

const NONE = { network_plugin: "none" };

describe("network_profile attributes", () => {
  test.each([
    ["BYO-01", "network.networkPlugin", { network_plugin: "None" }],
    ["BYO-01", "network.networkPlugin", { network_plugin: "azure" }],
    ["BYO-01", "network.networkPlugin", { network_plugin: "none " }],
    ["BYO-01", "network.networkPlugin", {}],
    ["BYO-04", "network.networkDataPlane", { ...NONE, network_data_plane: "cilium" }],
    ["BYO-04", "network.networkDataPlane", { ...NONE, network_data_plane: "Azure" }],
    ["BYO-05", "network.networkMode", { ...NONE, network_mode: "transparent" }],
    ["BYO-06", "network.advancedNetworking", { ...NONE, advanced_networking: { security_enabled: true } }],
    ["BYO-06", "network.advancedNetworking", { ...NONE, advanced_networking: [{ security_enabled: true }] }],
    // azurerm's CustomizeDiff refuses the block itself, whatever its flags.
    ["BYO-06", "network.advancedNetworking", { ...NONE, advanced_networking: { security_enabled: false, observability_enabled: true } }],
    ["BYO-06", "network.advancedNetworking", { ...NONE, advanced_networking: { security_enabled: false, observability_enabled: false } }],
    ["BYO-09", "network.dockerBridgeCidr", { ...NONE, docker_bridge_cidr: "172.17.0.1/16" }],
  ])("%s rejects %j", (rule, path, profile) => {
    const run = byoRun(profile);
    expect(hits(run, rule)).toEqual([`error ${path}`]);
    expect(run.findings).toHaveLength(1);
  });

  test.each([
    [NONE],
    [{ ...NONE, network_policy: "" }],
    [{ ...NONE, network_policy: null }],
    [{ ...NONE, network_data_plane: "azure" }],
    [{ ...NONE, network_plugin_mode: "" }],
  ])("%j is accepted", (profile) => {
    expect(byoRun(profile).findings).toEqual([]);
  });

  test.each([
    // AKS accepts both with plugin none (Azure/azure-container-networking hack/aks/Makefile); azurerm has no check.
    ["BYO-02", "network.networkPolicy", { ...NONE, network_policy: "calico" }],
    ["BYO-02", "network.networkPolicy", { ...NONE, network_policy: "none" }],
    ["BYO-03", "network.networkPluginMode", { ...NONE, network_plugin_mode: "overlay" }],
  ])("%s warns about %j, which Azure accepts", (rule, path, profile) => {
    const run = byoRun(profile);
    expect(hits(run, rule)).toEqual([`warning ${path}`]);
    expect(run.findings).toHaveLength(1);
  });

  test("BYO-06 quotes the provider's own refusal", () => {
    expect(messageOf(byoRun({ ...NONE, advanced_networking: { observability_enabled: true } }), "BYO-06")).toContain(
      "when network_profile.0.advanced_networking is set, network_profile.0.network_data_plane must be set to cilium",
    );
  });

  test("BYO-01: a plugin that is a Terraform reference is skipped, not reported as unset", () => {
    const run = byoRun({ network_plugin: "${var.network_plugin}" });
    expect(run.findings).toEqual([]);
    expect(skippedAt(run, "network.networkPlugin")).toEqual(["BYO-01"]);
  });

  test("BYO-01 names the value it got", () => {
    expect(messageOf(byoRun({ network_plugin: "None" }), "BYO-01")).toBe('network_profile.network_plugin is "None"; bring-your-own-CNI needs exactly "none"');
  });
});

describe("BYO-07: a pod subnet, which AKS accepts under BYOCNI, is a warning", () => {
  const POD_SUBNET = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pods";

  test.each([
    ["cluster.defaultNodePool.podSubnetId", { system: { name: "system", pod_subnet_id: POD_SUBNET } }],
    ["cluster.userNodePools[1].podSubnetId", { user: [{ name: "a" }, { name: "b", pod_subnet_id: POD_SUBNET }] }],
  ])("warned at %s", (path, pools) => {
    expect(hits(byoRun(NONE, pools), "BYO-07")).toEqual([`warning ${path}`]);
  });

  test.each([[{ system: { name: "system" }, user: [{ name: "a" }] }], [{ system: { name: "system", pod_subnet_id: "" } }]])("%j is accepted", (pools) => {
    expect(hits(byoRun(NONE, pools), "BYO-07")).toEqual([]);
  });
});

describe("end to end through a config", () => {
  const report = stacks({
    // One refused setting per config key.
    bad: () =>
      reportOf(
        withField(
          withField(seedConfig(), "network", {
            podCidr: "10.244.0.0/16",
            networkPlugin: "azure",
            networkPolicy: "calico",
            networkPluginMode: "overlay",
            networkDataPlane: "cilium",
            networkMode: "transparent",
            advancedNetworking: { securityEnabled: true, observabilityEnabled: true },
            dockerBridgeCidr: "172.17.0.1/16",
          }),
          "cluster.defaultNodePool.podSubnetId",
          "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pods",
        ),
      ),
    // Every key at the value BYOCNI allows.
    good: () =>
      reportOf(
        withField(seedConfig(), "network", {
          podCidr: "10.244.0.0/16",
          networkPlugin: "none",
          networkDataPlane: "azure",
        }),
      ),
    // An override that makes the plugin a Terraform reference.
    reference: () =>
      reportOf(seedConfig(), (stack) =>
        stack.cluster.kubernetesCluster.addOverride("network_profile.network_plugin", new TerraformVariable(stack, "plugin", { type: "string" }).stringValue),
      ),
    // An override the config cannot express.
    overridden: () => reportOf(seedConfig(), (stack) => stack.cluster.kubernetesCluster.addOverride("network_profile.network_policy", "azure")),
  });

  test.each([
    ["BYO-01", "network.networkPlugin"],
    ["BYO-04", "network.networkDataPlane"],
    ["BYO-05", "network.networkMode"],
    ["BYO-06", "network.advancedNetworking"],
    ["BYO-09", "network.dockerBridgeCidr"],
  ])("%s is reported at %s", (rule, path) => {
    expect(pathsOf(report("bad").errors, rule)).toEqual([path]);
  });

  test.each([
    ["BYO-02", "network.networkPolicy"],
    ["BYO-03", "network.networkPluginMode"],
    ["BYO-07", "cluster.defaultNodePool.podSubnetId"],
  ])("%s warns at %s", (rule, path) => {
    expect(pathsOf(report("bad").warnings, rule)).toEqual([path]);
    expect(pathsOf(report("bad").errors, rule)).toEqual([]);
  });

  test("the allowed values produce no BYO finding", () => {
    expect(report("good").errors.filter((e) => /\[BYO-\d+\]/.test(e))).toEqual([]);
    expect(report("good").warnings.filter((e) => /\[BYO-\d+\]/.test(e))).toEqual([]);
  });

  test("a plugin given as a reference is a skip warning, not an error", () => {
    expect(pathsOf(report("reference").errors, "BYO-01")).toEqual([]);
    expect(report("reference").warnings).toContain("network.networkPlugin: not known at synth time (a Terraform reference); not checked here [BYO-01 skipped]");
  });

  test("an override is seen: network_policy set through the escape hatch", () => {
    expect(pathsOf(report("overridden").warnings, "BYO-02")).toEqual(["network.networkPolicy"]);
  });
});
