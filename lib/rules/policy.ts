/**
 * The policy rule pack: checks on the synthesized Terraform JSON that mirror
 * checkov (IDs) and trivy (aliases), so that a stack that passes here passes
 * the scanners. Facts per check: security-and-reliability §1.2, §2, §3.
 *
 * Pure code: each rule reads one resource's final JSON (overrides included)
 * and, for graph checks, the other resources of the stack.
 */
import { DEFAULTS } from "../plan/defaults";
import { hasTemplateSequence } from "../terraform/template";
import { planOsDisk, vmSizeEntry } from "../plan/pools";
import { block } from "./facts";
import type { RuleDefinition, Severity } from "./engine";
import type { NetworkPolicyEngine } from "./network-policy";

/** A synthesized resource: type, name, and its attributes as Terraform will see them. */
export interface SynthesizedResource {
  /** Terraform resource type, e.g. `azurerm_kubernetes_cluster`. */
  readonly type: string;
  /** Terraform resource name (the logical ID). */
  readonly name: string;
  /** Attributes in snake case, overrides applied. */
  readonly json: Readonly<Record<string, unknown>>;
  /** For a cluster: the CNI a stack of this project installs on it, if any (CKV_AZURE_7). */
  readonly networkPolicyEngine?: NetworkPolicyEngine;
  /**
   * The config field the resource was built from (`cluster`,
   * `cluster.userNodePools[1]`, ...); undefined for a resource these
   * constructs did not build, whose findings name its Terraform address.
   */
  readonly configPath?: string;
}

/** What a rule decides about one resource. */
export type Verdict =
  | {
      /** The resource meets the rule. */
      readonly result: "pass";
    }
  | {
      /** The resource breaks the rule. */
      readonly result: "fail";
      /** What was found, e.g. `local_account_disabled is not true`. */
      readonly detail: string;
      /**
       * The severity when it differs from the rule's: a recommendation the
       * config cannot meet without more resources, money or subscription
       * features is a warning (see the severity model in the README).
       * @default the rule's severity
       */
      readonly severity?: Severity;
      /** How to meet the rule in this situation. @default the rule's fix */
      readonly fix?: string;
      /** The config field to change in this situation (as {@link PolicyRule.field}). @default the rule's field */
      readonly field?: string;
    }
  | {
      /** The check does not apply, and checkov would still fail it: suppressed with this reason. */
      readonly result: "inapplicable";
      /** Why it does not apply, shown at synth and in .checkov.yaml. */
      readonly reason: string;
    };

/** A rule of the policy pack: one checkov check, mirrored on the synthesized JSON. */
export interface PolicyRule {
  /** checkov ID. */
  readonly id: string;
  /** trivy AVD IDs and PSRule rule names for the same concern. */
  readonly aliases: readonly string[];
  /** `error` fails synth; `warning` prints. */
  readonly severity: Severity;
  /**
   * Why the severity is what it is. Azure accepts every one of these
   * settings: an error here is this project's security policy (a secure
   * default turned off needs an accepted risk with a reason), a warning is a
   * recommendation that costs resources, money or subscription features.
   */
  readonly why: string;
  /** Terraform resource types the rule inspects. */
  readonly resourceTypes: readonly string[];
  /** What passing means, as a statement; a failure prints `<title>: no (<detail>)`. */
  readonly title: string;
  /** The risk, in a sentence. */
  readonly risk: string;
  /** The config setting that fixes it. */
  readonly fix: string;
  /**
   * The config field a failure is reported at, for resources built from a
   * config: absolute (`cluster.skuTier`), `{pool}.<field>` for the pool
   * the resource holds (a cluster's default pool, or the node pool itself),
   * or `{self}` for the field the resource was built from (one subnet of several).
   * Unset where only an override of the Terraform attribute can break the
   * rule: the finding then names the resource's address.
   * @default none
   */
  readonly field?: string;
  /** Decides about `resource`; `stack` holds every resource of its stack, for rules that look across them. */
  check(resource: SynthesizedResource, stack: readonly SynthesizedResource[]): Verdict;
}

const PASS: Verdict = { result: "pass" };
const fail = (detail: string): Verdict => ({ result: "fail", detail });
/** A failure the config cannot fix without more resources, money or subscription features: a warning that says how. */
const recommend = (detail: string, fix: string, field?: string): Extract<Verdict, { result: "fail" }> => ({ result: "fail", detail, severity: "warning", fix, ...(field === undefined ? {} : { field }) });
const isRef = (v: unknown) => typeof v === "string" && hasTemplateSequence(v);
/** checkov's ANY_VALUE: present and non-empty (a Terraform reference counts). */
const present = (v: unknown) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);

const CLUSTER = "azurerm_kubernetes_cluster";
const NODE_POOL = "azurerm_kubernetes_cluster_node_pool";
const DIAGNOSTIC_SETTING = "azurerm_monitor_diagnostic_setting";
const pool = (r: SynthesizedResource) => (r.type === CLUSTER ? block(r.json.default_node_pool) ?? {} : r.json);
const isByoCni = (r: SynthesizedResource) => block(r.json.network_profile)?.network_plugin === "none";

/**
 * Where a failure of `rule` on `resource` is reported: the config field to
 * change, for a resource built from a config, else the Terraform address.
 */
export function policyFindingPath(rule: PolicyRule, verdict: Extract<Verdict, { result: "fail" }>, resource: SynthesizedResource): string {
  const address = `${resource.type}.${resource.name}`;
  const field = verdict.field ?? rule.field;
  if (field === undefined || resource.configPath === undefined) return address;
  if (field === "{self}") return resource.configPath;
  if (!field.startsWith("{pool}")) return field;
  const poolPath = resource.type === CLUSTER ? `${resource.configPath}.defaultNodePool` : resource.configPath;
  return poolPath + field.slice("{pool}".length);
}

/**
 * CKV_AZURE_7 under BYOCNI. AKS's policy engines need Azure CNI or kubenet,
 * so `network_policy` cannot be set; the check is met, and does not apply
 * to the cluster resource, only when a CNI stack of this project installs a
 * CNI that enforces NetworkPolicy. A CNI installed with enforcement off is
 * an error; a CNI synth cannot see (installed by hand) is a warning, which an
 * accepted risk states the reason for.
 */
function byoCniNetworkPolicy(engine: NetworkPolicyEngine | undefined): Verdict {
  if (engine?.enforced === true) {
    return {
      result: "inapplicable",
      reason: `With network_plugin none AKS installs no CNI and no policy engine (network_policy needs Azure CNI or kubenet); the CNI stack installs ${engine.cni} on this cluster, which enforces NetworkPolicy (${engine.detail}).`,
    };
  }
  if (engine?.enforced === false) {
    return { result: "fail", detail: `${engine.cni} is installed with NetworkPolicy enforcement off: ${engine.detail}`, fix: `remove ${engine.detail} from cni.values`, field: "cni.values" };
  }
  return {
    ...recommend(
      engine
        ? `${engine.cni} is installed, but ${engine.detail}`
        : "network_plugin is none and no CNI stack of this project installs a CNI on this cluster (cni.plugin: none), so nothing synth can see enforces NetworkPolicy",
      "set cni.plugin: cilium, or install a CNI that enforces NetworkPolicy yourself and accept CKV_AZURE_7 with a reason that names it",
    ),
    field: engine ? "cni.values" : "cni.plugin",
  };
}

/** The log categories the diagnostic settings of `stack` send for `cluster` (to any destination). */
function controlPlaneLogCategories(cluster: SynthesizedResource, stack: readonly SynthesizedResource[]): Set<string> {
  const ref = `${cluster.type}.${cluster.name}.id`;
  const out = new Set<string>();
  for (const s of stack.filter((o) => o.type === DIAGNOSTIC_SETTING && String(o.json.target_resource_id).includes(ref))) {
    const logs = Array.isArray(s.json.enabled_log) ? s.json.enabled_log : [s.json.enabled_log];
    for (const l of logs) if (l && typeof l === "object" && typeof (l as Record<string, unknown>).category === "string") out.add(String((l as Record<string, unknown>).category));
  }
  return out;
}

/** The policy pack: the checkov checks for AKS and its network that this project mirrors, and its own (SEC) where checkov has none. */
export const POLICY_RULES: readonly PolicyRule[] = [
  {
    id: "CKV_AZURE_4",
    aliases: ["AVD-AZU-0040", "Azure.AKS.ContainerInsights"],
    severity: "error",
    why: "policy: a secure default this project sets; turning it off needs an accepted risk with a reason (Azure accepts it, checkov fails it)",
    resourceTypes: [CLUSTER],
    title: "AKS sends logs and metrics to Azure Monitor",
    risk: "Without Container Insights, node and pod failures (including a CNI that never becomes Ready) leave no trace outside the cluster.",
    fix: "keep cluster.monitoring enabled (a Log Analytics workspace is created) or set cluster.monitoring.logAnalyticsWorkspaceId",
    field: "cluster.monitoring.enabled",
    check: (r) => (present(block(r.json.oms_agent)?.log_analytics_workspace_id) ? PASS : fail("no oms_agent block with a workspace")),
  },
  {
    id: "CKV_AZURE_5",
    aliases: ["AVD-AZU-0042", "Azure.AKS.UseRBAC"],
    severity: "error",
    why: "policy: always set by this project; only an override removes it",
    resourceTypes: [CLUSTER],
    title: "Kubernetes RBAC is enabled explicitly",
    risk: "Without RBAC every authenticated user is cluster-admin; trivy also fails when the attribute is absent.",
    fix: "role_based_access_control_enabled is always set to true by this project; remove any override",
    check: (r) => (r.json.role_based_access_control_enabled === true ? PASS : fail("role_based_access_control_enabled is not true")),
  },
  {
    id: "CKV_AZURE_6",
    aliases: ["AVD-AZU-0041", "Azure.AKS.AuthorizedIPs"],
    severity: "warning",
    why: "recommendation: only you know your egress ranges, and a private API server needs network line-of-sight for the CNI install",
    resourceTypes: [CLUSTER],
    title: "The API server is private or limited to authorized IP ranges",
    risk: "A public API server open to every address is exposed to credential stuffing and to every future API server CVE.",
    fix: "set cluster.apiServer.authorizedIpRanges to your admin and CI egress ranges (the runner installing the CNI must be inside), or cluster.apiServer.private: true",
    field: "cluster.apiServer.authorizedIpRanges",
    check: (r) =>
      r.json.private_cluster_enabled === true || present(block(r.json.api_server_access_profile)?.authorized_ip_ranges)
        ? PASS
        : fail("public API server with no authorized IP ranges"),
  },
  {
    id: "CKV_AZURE_7",
    aliases: ["AVD-AZU-0043", "Azure.AKS.NetworkPolicy"],
    severity: "error",
    why: "not applicable under BYOCNI (suppressed with the reason); an error for a cluster with an AKS-managed CNI and no policy engine",
    resourceTypes: [CLUSTER],
    title: "A network policy engine is configured",
    risk: "Without NetworkPolicy enforcement every pod can reach every other pod.",
    fix: "install a CNI that enforces NetworkPolicy: cni.plugin: cilium (enforcement is on unless its values turn it off)",
    check: (r) => (isByoCni(r) ? byoCniNetworkPolicy(r.networkPolicyEngine) : present(block(r.json.network_profile)?.network_policy) ? PASS : fail("network_profile.network_policy is unset")),
  },
  {
    id: "CKV_AZURE_115",
    aliases: ["AVD-AZU-0065"],
    severity: "warning",
    why: "recommendation: a private API server needs line-of-sight into the VNet for the CNI install",
    resourceTypes: [CLUSTER],
    title: "The cluster is private",
    risk: "A public API server endpoint is reachable from the internet, even when limited by authorized ranges.",
    fix: "set cluster.apiServer.private: true (ForceNew; the CNI install then needs line-of-sight into the VNet)",
    field: "cluster.apiServer.private",
    check: (r) => (r.json.private_cluster_enabled === true ? PASS : fail("private_cluster_enabled is not true")),
  },
  {
    id: "CKV_AZURE_116",
    aliases: ["AVD-AZU-0066", "Azure.AKS.AzurePolicyAddOn"],
    severity: "error",
    why: "policy: a secure default this project sets; turning it off needs an accepted risk with a reason (Azure accepts it, checkov fails it)",
    resourceTypes: [CLUSTER],
    title: "The Azure Policy add-on is enabled",
    risk: "Without Azure Policy (Gatekeeper) nothing enforces pod security and image rules at admission.",
    fix: "keep cluster.security.azurePolicy: true",
    field: "cluster.security.azurePolicy",
    check: (r) => (r.json.azure_policy_enabled === true ? PASS : fail("azure_policy_enabled is not true")),
  },
  {
    id: "CKV_AZURE_117",
    aliases: ["AVD-AZU-0067"],
    severity: "warning",
    why: "recommendation: customer-managed keys need a Key Vault and a disk encryption set",
    resourceTypes: [CLUSTER],
    title: "Node disks use a disk encryption set (customer-managed keys)",
    risk: "Platform-managed keys encrypt disks at rest, but you cannot revoke or rotate them yourself.",
    fix: "set cluster.security.diskEncryptionSetId (needs a Key Vault and a disk encryption set; ForceNew)",
    field: "cluster.security.diskEncryptionSetId",
    check: (r) => (present(r.json.disk_encryption_set_id) ? PASS : fail("disk_encryption_set_id is unset")),
  },
  {
    id: "CKV_AZURE_141",
    aliases: ["Azure.AKS.LocalAccounts"],
    severity: "error",
    why: "policy: a secure default this project sets; turning it off needs an accepted risk with a reason (Azure accepts it, checkov fails it)",
    resourceTypes: [CLUSTER],
    title: "Local admin accounts are disabled",
    risk: "Local accounts issue static cluster-admin certificates that bypass Entra ID, MFA and audit.",
    fix: "keep cluster.security.localAccountsDisabled: true (sign-in through Entra ID and kubelogin)",
    field: "cluster.security.localAccountsDisabled",
    check: (r) => (r.json.local_account_disabled === true ? PASS : fail("local_account_disabled is not true")),
  },
  {
    id: "CKV_AZURE_143",
    aliases: [],
    severity: "error",
    why: "policy: this project never asks for node public IPs; only an override adds them",
    resourceTypes: [CLUSTER, NODE_POOL],
    title: "Nodes have no public IP",
    risk: "A public IP on each node exposes kubelet and node ports to the internet.",
    fix: "remove node_public_ip_enabled",
    check: (r) => (pool(r).node_public_ip_enabled === true ? fail("node_public_ip_enabled is true") : PASS),
  },
  {
    id: "CKV_AZURE_168",
    aliases: ["Azure.AKS.NodeMinPods"],
    severity: "error",
    why: `policy: this project sets maxPods explicitly (${DEFAULTS.NodePoolSettings.maxPods}); a value under 50 must be accepted with a reason`,
    resourceTypes: [CLUSTER, NODE_POOL],
    title: "Nodes allow at least 50 pods",
    risk: "checkov assumes 30 pods when max_pods is unset, which starves nodes of pod slots; set it explicitly to what the CNI's IPAM gives each node.",
    fix: `set maxPods to 50 or more on every pool (the default here is ${DEFAULTS.NodePoolSettings.maxPods})`,
    field: "{pool}.maxPods",
    check: (r) => {
      const v = pool(r).max_pods;
      if (isRef(v)) return PASS;
      return typeof v === "number" && v >= 50 ? PASS : fail(v === undefined ? "max_pods is unset (checkov assumes 30)" : `max_pods is ${String(v)}`);
    },
  },
  {
    id: "CKV_AZURE_170",
    aliases: ["Azure.AKS.UptimeSLA"],
    // The Standard tier costs money: a recommendation, not a refusal.
    severity: "warning",
    why: "recommendation: the Standard tier costs per cluster hour",
    resourceTypes: [CLUSTER],
    title: "The cluster uses the Standard tier (uptime SLA)",
    risk: "The Free tier has no financially backed API server SLA and fewer control-plane resources.",
    fix: "set cluster.skuTier: Standard, which has a financially backed SLA and costs per cluster hour (note: checkov also fails Premium)",
    field: "cluster.skuTier",
    check: (r) => (r.json.sku_tier === "Standard" ? PASS : fail(`sku_tier is ${JSON.stringify(r.json.sku_tier ?? "Free")}`)),
  },
  {
    id: "CKV_AZURE_171",
    aliases: ["Azure.AKS.AutoUpgrade"],
    severity: "error",
    why: "policy: a secure default this project sets; turning it off needs an accepted risk with a reason (Azure accepts it, checkov fails it)",
    resourceTypes: [CLUSTER],
    title: "An automatic upgrade channel is set",
    risk: "Without an upgrade channel, security patches for Kubernetes wait for someone to run an upgrade.",
    fix: "keep cluster.upgrade.channel (default patch)",
    field: "cluster.upgrade.channel",
    check: (r) => {
      const v = r.json.automatic_upgrade_channel;
      return present(v) && v !== "none" ? PASS : fail("automatic_upgrade_channel is unset or none");
    },
  },
  {
    id: "CKV_AZURE_172",
    aliases: [],
    severity: "error",
    why: "not applicable while the add-on is off (suppressed with the reason); this project always turns rotation on with it",
    resourceTypes: [CLUSTER],
    title: "The Secrets Store CSI driver rotates secrets",
    risk: "Without rotation, pods keep serving a secret after it was rotated or revoked in Key Vault.",
    fix: "cluster.security.keyVaultSecretsProvider: true always enables rotation",
    check: (r) => {
      const kv = block(r.json.key_vault_secrets_provider);
      if (!kv) {
        return {
          result: "inapplicable",
          reason:
            "The Key Vault Secrets Store CSI add-on is not installed (cluster.security.keyVaultSecretsProvider is false), so there is no mounted secret to rotate; when the add-on is enabled this project always turns rotation on, and this rule checks it.",
        };
      }
      return kv.secret_rotation_enabled === true ? PASS : fail("key_vault_secrets_provider.secret_rotation_enabled is not true");
    },
  },
  {
    id: "CKV_AZURE_226",
    aliases: ["Azure.AKS.EphemeralOSDisk"],
    severity: "error",
    why: "policy when osDiskType: Managed is written and an ephemeral disk fits; a recommendation (warning) when the VM size or the written osDiskSizeGb leaves no room for one",
    resourceTypes: [CLUSTER],
    title: "The system pool uses ephemeral OS disks",
    risk: "Managed OS disks are slower to reimage and add remote-disk latency and cost; ephemeral disks are reset on every reimage.",
    fix: "remove osDiskType: Managed (the default is Ephemeral where the VM size holds it)",
    field: "{pool}.osDiskType",
    check: (r) => {
      const p = pool(r);
      if (p.os_disk_type === "Ephemeral") return PASS;
      const detail = `os_disk_type is ${JSON.stringify(p.os_disk_type ?? "Managed")}`;
      // A VM size without room for the OS disk needs another (bigger) size: a recommendation.
      // Planned as synthesized, size included: a size larger than the VM's local disk rules out an ephemeral disk too.
      // The pack judges the final JSON of any cluster (one these constructs did not build, or an overridden vm_size),
      // which no plan decided: its size goes through the plan layer's one lookup, whose entry the resolve step keeps per pool.
      const size = typeof p.os_disk_size_gb === "number" ? p.os_disk_size_gb : undefined;
      const why = typeof p.vm_size === "string" ? planOsDisk({ vmSize: p.vm_size, vmSizeEntry: vmSizeEntry(p.vm_size), osDiskSizeGb: size }).managedBecause : undefined;
      if (!why) return fail(detail);
      const smaller = size === undefined ? "" : ", or an osDiskSizeGb the VM's local disk holds";
      return recommend(`${detail}: ${why}`, `choose a VM size whose cache or temp disk holds the OS disk, e.g. ${DEFAULTS.SystemNodePoolSettings.vmSize}${smaller}`, "{pool}.vmSize");
    },
  },
  {
    id: "CKV_AZURE_227",
    aliases: [],
    severity: "warning",
    why: "recommendation: needs the subscription feature Microsoft.Compute/EncryptionAtHost",
    resourceTypes: [CLUSTER, NODE_POOL],
    title: "Encryption at host is enabled",
    risk: "Without it, temp disks and disk caches on the host are not encrypted with platform or customer keys.",
    fix: "set hostEncryption: true on each pool (register Microsoft.Compute/EncryptionAtHost in the subscription first)",
    field: "{pool}.hostEncryption",
    check: (r) => (pool(r).host_encryption_enabled === true ? PASS : fail("host_encryption_enabled is not true")),
  },
  {
    id: "CKV_AZURE_232",
    aliases: [],
    severity: "error",
    why: "policy with a user pool (only an override breaks it); a recommendation on a single-pool cluster, where meeting it means buying a pool",
    resourceTypes: [CLUSTER],
    title: "The system pool runs only critical add-ons",
    risk: "Application pods on the system pool compete with CoreDNS, the CNI operator and metrics for resources.",
    fix: "remove the override of only_critical_addons_enabled: with a user pool the system pool is tainted CriticalAddonsOnly",
    check: (r, stack) => {
      if (pool(r).only_critical_addons_enabled === true) return PASS;
      const ref = `${r.type}.${r.name}.id`;
      const userPools = stack.filter((o) => o.type === NODE_POOL && String(o.json.kubernetes_cluster_id).includes(ref));
      // With a single pool, workloads have nowhere else to run: meeting the rule means buying a pool.
      return userPools.length === 0
        ? recommend("only_critical_addons_enabled is not true, and the cluster has no user pool", "add a pool to cluster.userNodePools; the system pool is then tainted CriticalAddonsOnly", "cluster.userNodePools")
        : fail("only_critical_addons_enabled is not true");
    },
  },
  {
    id: "CKV_AZURE_246",
    aliases: [],
    severity: "error",
    why: "policy: this project never enables HTTP application routing; only an override does",
    resourceTypes: [CLUSTER],
    title: "HTTP application routing is disabled",
    risk: "The HTTP application routing add-on is not meant for production and exposes unauthenticated public endpoints.",
    fix: "remove http_application_routing_enabled",
    check: (r) => (r.json.http_application_routing_enabled === true ? fail("http_application_routing_enabled is true") : PASS),
  },
  {
    id: "SEC-01",
    aliases: ["Azure.AKS.AuditLogs"],
    severity: "error",
    why: "policy: a secure default this project sets (the security baseline's, not az aks create's); turning it off needs an accepted risk with a reason (Azure accepts a cluster without it; Container Insights, CKV_AZURE_4, collects no API audit trail)",
    resourceTypes: [CLUSTER],
    title: "The control plane's audit trail (kube-audit-admin or kube-audit, and guard) is sent to a workspace or storage account",
    risk: "Without kube-audit-admin and guard logs nobody can tell who changed what through the API server, or which Entra ID identity was allowed or denied; Container Insights does not record API calls.",
    fix: "keep cluster.monitoring.controlPlaneLogs on with kube-audit-admin and guard (the default); with monitoring off, name a storageAccountId or logAnalyticsWorkspaceId for them",
    field: "cluster.monitoring.controlPlaneLogs",
    check: (r, stack) => {
      const sent = controlPlaneLogCategories(r, stack);
      const missing = [...(sent.has("kube-audit-admin") || sent.has("kube-audit") ? [] : ["kube-audit-admin (or kube-audit)"]), ...(sent.has("guard") ? [] : ["guard"])];
      if (missing.length === 0) return PASS;
      return fail(sent.size === 0 ? "no diagnostic setting sends this cluster's control-plane logs" : `its diagnostic settings send ${[...sent].join(", ")} but not ${missing.join(" or ")}`);
    },
  },
  {
    id: "SEC-02",
    aliases: ["Azure.AKS.AuditAdmin"],
    severity: "warning",
    why: "recommendation: kube-audit records every get and list besides every change, many times the log volume and cost of kube-audit-admin",
    resourceTypes: [DIAGNOSTIC_SETTING],
    title: "Control-plane audit logs use kube-audit-admin rather than kube-audit",
    risk: "kube-audit also records every read of the API (get, list, watch), which controllers issue constantly: log ingestion costs grow with the cluster, for events an audit of changes does not need.",
    fix: "send kube-audit-admin instead of kube-audit in cluster.monitoring.controlPlaneLogs.categories, unless reads must be audited",
    field: "cluster.monitoring.controlPlaneLogs.categories",
    check: (r) => {
      if (!String(r.json.target_resource_id).includes(`${CLUSTER}.`)) return PASS;
      const logs = Array.isArray(r.json.enabled_log) ? r.json.enabled_log : [r.json.enabled_log];
      const audit = logs.some((l) => l && typeof l === "object" && (l as Record<string, unknown>).category === "kube-audit");
      return audit ? fail("kube-audit is sent (every get and list)") : PASS;
    },
  },
  {
    id: "SEC-03",
    aliases: ["Azure Policy: Azure Kubernetes Service Clusters should enable Image Cleaner"],
    severity: "error",
    why: "policy: a secure default this project sets (the security baseline's, not az aks create's); turning it off needs an accepted risk with a reason (Azure accepts it, the Azure Policy built-in audits it)",
    resourceTypes: [CLUSTER],
    title: "Image Cleaner removes unused vulnerable images from the nodes",
    risk: "Images that no pod uses stay on the nodes with their known vulnerabilities, and fill the node disks.",
    fix: "keep cluster.security.imageCleaner: true",
    field: "cluster.security.imageCleaner",
    check: (r) => (r.json.image_cleaner_enabled === true ? PASS : fail("image_cleaner_enabled is not true")),
  },
  {
    id: "SEC-04",
    aliases: ["Azure Policy: Azure Kubernetes Clusters should disable Command Invoke"],
    severity: "error",
    why: "policy: a secure default this project sets (the security baseline's, not az aks create's); turning it on needs an accepted risk with a reason (Azure accepts it, the Azure Policy built-in audits it)",
    resourceTypes: [CLUSTER],
    title: "Run command (az aks command invoke) is disabled",
    risk: "Run command lets anyone with the ARM permission run kubectl as cluster-admin through ARM, past the API server's authorized ranges or private endpoint.",
    fix: "keep cluster.security.runCommand: false (reach a private API server through the VNet instead)",
    field: "cluster.security.runCommand",
    // azurerm's default is true, so an absent attribute is run command on.
    check: (r) => (r.json.run_command_enabled === false ? PASS : fail(r.json.run_command_enabled === undefined ? "run_command_enabled is unset (azurerm's default: true)" : "run_command_enabled is not false")),
  },
  {
    id: "CKV2_AZURE_29",
    aliases: [],
    severity: "error",
    why: "not applicable under BYOCNI (suppressed with the reason)",
    resourceTypes: [CLUSTER],
    title: "AKS uses Azure CNI",
    risk: "checkov prefers Azure CNI for VNet-integrated pod networking.",
    fix: "none under BYOCNI",
    field: "network.networkPlugin",
    check: (r) =>
      isByoCni(r)
        ? {
            result: "inapplicable",
            reason:
              "Bring-your-own-CNI (network_plugin none) is the explicit design of this cluster, the opposite of Azure CNI; pod networking comes from the CNI installed afterwards, and Microsoft support does not cover CNI issues on such clusters.",
          }
        : block(r.json.network_profile)?.network_plugin === "azure"
          ? PASS
          : fail("network_plugin is not azure"),
  },
  {
    id: "CKV2_AZURE_31",
    aliases: [],
    severity: "error",
    why: "policy: a secure default this project sets; turning it off needs an accepted risk with a reason (Azure accepts it, checkov fails it)",
    resourceTypes: ["azurerm_subnet"],
    title: "The subnet has a network security group",
    risk: "A subnet without an NSG has no network-level filter; BYOCNI needs one that allows traffic within the node CIDR.",
    fix: "keep network.vnet.networkSecurityGroup: true (it allows all traffic within the node subnet)",
    field: "{self}",
    check: (r, stack) => {
      const exempt = ["GatewaySubnet", "AzureFirewallSubnet"];
      if (exempt.includes(String(r.json.name))) return PASS;
      const ref = `${r.type}.${r.name}.id`;
      const associated = stack.some(
        (o) => o.type === "azurerm_subnet_network_security_group_association" && String(o.json.subnet_id).includes(ref),
      );
      return associated ? PASS : fail("no azurerm_subnet_network_security_group_association references this subnet");
    },
  },
  {
    id: "CKV_AZURE_39",
    aliases: ["AVD-AZU-0030"],
    severity: "error",
    why: "policy: the minimal custom role has exactly two actions; only an override adds a wildcard",
    resourceTypes: ["azurerm_role_definition"],
    title: "Custom roles grant no wildcard actions",
    risk: "A custom role with '*' actions is as powerful as Owner at its scope.",
    fix: "keep subnetRole: MinimalCustomRole to the two subnet actions",
    check: (r) => {
      const perms = Array.isArray(r.json.permissions) ? r.json.permissions : [r.json.permissions];
      const wildcard = perms.some((p) => Array.isArray((p as Record<string, unknown>)?.actions) && ((p as Record<string, unknown[]>).actions ?? []).includes("*"));
      return wildcard ? fail("permissions.actions contains *") : PASS;
    },
  },
  {
    id: "CKV_AZURE_182",
    aliases: [],
    severity: "error",
    why: "policy: this project sets no DNS servers; only an override adds a single one",
    resourceTypes: ["azurerm_virtual_network"],
    title: "A VNet with custom DNS has at least two DNS servers",
    risk: "A single custom DNS server is a single point of failure for every node and pod lookup.",
    fix: "leave dns_servers unset (Azure-provided DNS) or list two",
    check: (r) => (Array.isArray(r.json.dns_servers) && r.json.dns_servers.length === 1 ? fail("exactly one DNS server") : PASS),
  },
];

/** True for the IDs of checks checkov has (`CKV_AZURE_4`); the pack's own checks (`SEC-01`) mirror Azure Policy and PSRule instead. */
export const isCheckovId = (id: string): boolean => /^CKV2?_/.test(id);

/** Rules by ID, as rule definitions (for acceptances, documentation and the fix the app prints): the fix is the rule's own. */
export const POLICY_RULE_CATALOGUE: Readonly<Record<string, RuleDefinition>> = Object.fromEntries(
  POLICY_RULES.map((r) => [
    r.id,
    { id: r.id, severity: r.severity, title: r.title, source: `${isCheckovId(r.id) ? `checkov ${r.id}` : "this project's policy pack"}${r.aliases.length ? `; ${r.aliases.join(", ")}` : ""}`, why: r.why, fix: r.fix },
  ]),
);

/** A suppressed finding: which rule, on which resource, and why. */
export interface SuppressedFinding {
  /** checkov ID of the rule, e.g. `CKV_AZURE_7`. */
  readonly rule: string;
  /** Terraform address, e.g. `azurerm_kubernetes_cluster.cluster`. */
  readonly address: string;
  /** Why the finding does not count, as written where it was suppressed. */
  readonly reason: string;
  /** `pack`: the rule does not apply here; `accepted`: an accepted risk. */
  readonly by: "pack" | "accepted";
}

/** What the policy pack found in one stack. */
export interface PolicyReport {
  /** Rule-resource pairs checked. */
  readonly checked: number;
  /** Pairs that passed. */
  readonly passed: number;
  /** Pairs that failed and were not suppressed (reported as errors or warnings). */
  readonly failed: number;
  /** Pairs that failed but were suppressed, each with its reason. */
  readonly suppressed: readonly SuppressedFinding[];
  /** Pairs that failed as warnings (a recommendation, printed at synth). */
  readonly warned: readonly WarnedFinding[];
}

/** A failure reported as a warning. */
export interface WarnedFinding {
  /** checkov ID of the rule. */
  readonly rule: string;
  /** Terraform address of the resource. */
  readonly address: string;
  /** What was found. */
  readonly detail: string;
}
