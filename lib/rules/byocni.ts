/**
 * BYO: what must stay unset or fixed when AKS installs no CNI
 * (network-rules §2.10, §2.11, §6). Checked on the synthesized resource, so
 * escape-hatch overrides are seen too; the field paths name the config keys
 * that feed each attribute.
 *
 * Also here, because they read the same synthesized network_profile: the
 * list forms of the pod and service ranges (POD-07, SVC-07, SVC-09).
 */
import { defineRules, type RuleContext } from "./engine";
import { block, isSet, type SynthesizedCluster } from "./facts";

export const BYOCNI_RULES = defineRules({
  "BYO-01": {
    severity: "error",
    title: 'network_plugin is exactly "none"',
    source: "azurerm schema (case-sensitive)",
    why: "refused: azurerm StringInSlice refuses any other spelling at plan; azure and kubenet are other kinds of cluster, which this project does not build",
    fix: "remove network.networkPlugin (this project sets none), or write exactly \"none\"",
  },
  "BYO-02": {
    severity: "warning",
    title: "network_policy is unset",
    source: "use-network-policies (AKS policy engines need Azure CNI or kubenet); azurerm CustomizeDiff ForceNewIfChange(network_policy)",
    why: "tolerated as far as known (no provider or ARM refusal found); the CNI you install enforces NetworkPolicy, and removing the setting later replaces the cluster",
    fix: "remove network.networkPolicy: the CNI you install enforces NetworkPolicy",
  },
  "BYO-03": {
    severity: "warning",
    title: "network_plugin_mode overlay with network_plugin none is meant (it cannot be removed without replacing the cluster)",
    source:
      "Azure/azure-container-networking hack/aks/Makefile (overlay-byocni-up: --network-plugin none --network-plugin-mode overlay); azurerm CustomizeDiff ForceNewIfChange(network_plugin_mode)",
    why: "tolerated: AKS accepts overlay with plugin none and azurerm does not check the pair; changing it later replaces the cluster",
    fix: "remove network.networkPluginMode unless your CNI expects an overlay cluster",
  },
  "BYO-04": {
    severity: "error",
    title: "network_data_plane is azure or unset (never cilium)",
    source: "azurerm docs (cilium needs network_plugin azure)",
    why: "refused: the cilium data plane is Azure CNI Powered by Cilium and needs network_plugin azure",
    fix: "remove network.networkDataPlane (or set azure), and install Cilium yourself or with cni.plugin: cilium",
  },
  "BYO-05": {
    severity: "error",
    title: "network_mode is unset",
    source: "azurerm expandKubernetesClusterNetworkProfile (network_mode needs plugin azure)",
    why: "refused: azurerm at apply, before calling Azure (\"network_mode cannot be set if network_plugin is not azure\")",
    fix: "remove network.networkMode",
  },
  "BYO-06": {
    severity: "error",
    title: "advanced_networking is absent (observability and security alike)",
    source: "azurerm 4.55.0 kubernetes_cluster_resource.go CustomizeDiff (advanced_networking needs network_plugin azure and network_data_plane cilium)",
    why: "refused: azurerm's CustomizeDiff fails the plan of any cluster with an advanced_networking block unless the plugin is azure with the cilium data plane",
    fix: "remove network.advancedNetworking",
  },
  "BYO-07": {
    severity: "warning",
    title: "Pod subnets under BYOCNI: the CNI you install takes pod IPs from them (Azure's delegated IPAM); network.podCidr is then not sent",
    source: "Azure/azure-container-networking hack/aks/Makefile (swift-byocni-up: --network-plugin none --pod-subnet-id); azurerm has no check",
    why: "tolerated: AKS accepts pod_subnet_id with plugin none; pods get addresses from the pod subnet only with a CNI that uses Azure's delegated IPAM",
    fix: "remove podSubnetId from the pool unless the CNI you install takes pod IPs from Azure's delegated IPAM",
  },
  "BYO-09": {
    severity: "error",
    title: "docker_bridge_cidr is absent (removed in azurerm 4.0)",
    source: "azurerm 4.0 upgrade guide; CHANGELOG 3.49.0",
    why: "refused: azurerm 4.x has no such argument (tofu validate fails)",
    fix: "remove network.dockerBridgeCidr",
  },
});

/** An AKS-managed network_profile attribute that must stay unset under BYOCNI, and why. */
interface Unsupported {
  readonly key: string;
  readonly configKey: string;
  readonly rule: string;
  readonly why: string;
  /** A value that is allowed although set (the provider's default). */
  readonly allowed?: string;
}

const UNSUPPORTED: readonly Unsupported[] = [
  {
    key: "network_policy",
    configKey: "networkPolicy",
    rule: "BYO-02",
    why: "AKS documents its policy engines only with Azure CNI or kubenet; the CNI you install enforces NetworkPolicy, and removing the setting later replaces the cluster. Remove it",
  },
  {
    key: "network_plugin_mode",
    configKey: "networkPluginMode",
    rule: "BYO-03",
    why: "AKS accepts overlay with plugin none (pods then live in network.podCidr, routed by the CNI you install), but removing it later replaces the cluster. Keep it only if your CNI expects an overlay cluster",
  },
  {
    key: "network_data_plane",
    configKey: "networkDataPlane",
    rule: "BYO-04",
    why: "the Cilium data plane is Azure CNI Powered by Cilium. Leave it unset (azure) and install Cilium yourself or with cni.plugin: cilium",
    allowed: "azure",
  },
  { key: "network_mode", configKey: "networkMode", rule: "BYO-05", why: "it applies only to Azure CNI. Remove it" },
];

/** BYO-01..07, BYO-09, on the synthesized cluster and pools. */
export function checkByoCni(ctx: RuleContext, synthesized: SynthesizedCluster): void {
  const np = synthesized.networkProfile ?? {};
  // An unknown plugin is skipped, not reported as unset.
  const plugin = np.network_plugin;
  if (!ctx.unknown("BYO-01", "network.networkPlugin", plugin) && plugin !== "none") {
    ctx.report("BYO-01", "network.networkPlugin", `network_profile.network_plugin is ${JSON.stringify(plugin)}; bring-your-own-CNI needs exactly "none"`);
  }
  for (const u of UNSUPPORTED) {
    const path = `network.${u.configKey}`;
    const v = np[u.key];
    if (!ctx.unknown(u.rule, path, v) && isSet(v) && v !== u.allowed) ctx.report(u.rule, path, `network_profile.${u.key} is ${JSON.stringify(v)}; ${u.why}`);
  }
  checkAdvancedNetworking(ctx, block(np.advanced_networking));
  if (np.docker_bridge_cidr !== undefined) {
    ctx.report("BYO-09", "network.dockerBridgeCidr", "network_profile.docker_bridge_cidr was removed in azurerm 4.0 (Docker is no longer a container runtime); delete it");
  }
  checkPodSubnets(ctx, synthesized);
}

/** BYO-06: any advanced_networking block fails azurerm's plan under BYOCNI, whatever its two flags say. */
function checkAdvancedNetworking(ctx: RuleContext, adv: Readonly<Record<string, unknown>> | undefined): void {
  if (!adv) return;
  ctx.report(
    "BYO-06",
    "network.advancedNetworking",
    "azurerm refuses the plan of any cluster with an advanced_networking block unless network_plugin is azure with network_data_plane cilium (\"when network_profile.0.advanced_networking is set, network_profile.0.network_data_plane must be set to cilium\"); Advanced Container Networking Services are for Azure CNI Powered by Cilium. Remove network.advancedNetworking",
  );
}

/** BYO-07: a pod subnet on a pool, which AKS accepts under BYOCNI; said once per pool. */
function checkPodSubnets(ctx: RuleContext, synthesized: SynthesizedCluster): void {
  const pools: [Readonly<Record<string, unknown>> | undefined, string][] = [
    [synthesized.defaultNodePool, "cluster.defaultNodePool"],
    ...synthesized.userNodePools.map((p, i): [Readonly<Record<string, unknown>>, string] => [p, `cluster.userNodePools[${i}]`]),
  ];
  for (const [pool, path] of pools) {
    const v = pool?.pod_subnet_id;
    if (!ctx.unknown("BYO-07", `${path}.podSubnetId`, v) && isSet(v)) {
      ctx.report(
        "BYO-07",
        `${path}.podSubnetId`,
        "pods take addresses from this subnet only if the CNI you install uses Azure's delegated IPAM (Azure CNS); AKS accepts it with network_plugin none, and network.podCidr is not sent unless you set it",
      );
    }
  }
}
