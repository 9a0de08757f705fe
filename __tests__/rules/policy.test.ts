import { ciliumNetworkPolicy } from "../../lib/rules/network-policy";
import { POLICY_RULES, POLICY_RULE_CATALOGUE, policyFindingPath, type SynthesizedResource } from "../../lib/rules/policy";

const rule = (id: string) => {
  const r = POLICY_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};
const aks = (json: Record<string, unknown>): SynthesizedResource => ({ type: "azurerm_kubernetes_cluster", name: "c", json });
const pool = (json: Record<string, unknown>): SynthesizedResource => ({ type: "azurerm_kubernetes_cluster_node_pool", name: "p", json });
const byo = { network_profile: { network_plugin: "none" } };

// [rule, failing resource, passing resource]
const CASES: [string, SynthesizedResource, SynthesizedResource][] = [
  ["CKV_AZURE_4", aks({}), aks({ oms_agent: { log_analytics_workspace_id: "${azurerm_log_analytics_workspace.l.id}" } })],
  ["CKV_AZURE_5", aks({}), aks({ role_based_access_control_enabled: true })],
  ["CKV_AZURE_6", aks({ api_server_access_profile: { authorized_ip_ranges: [] } }), aks({ api_server_access_profile: { authorized_ip_ranges: ["203.0.113.0/24"] } })],
  ["CKV_AZURE_6", aks({}), aks({ private_cluster_enabled: true })],
  ["CKV_AZURE_7", aks({ network_profile: { network_plugin: "azure" } }), aks({ network_profile: { network_plugin: "azure", network_policy: "calico" } })],
  ["CKV_AZURE_115", aks({ private_cluster_enabled: false }), aks({ private_cluster_enabled: true })],
  ["CKV_AZURE_116", aks({}), aks({ azure_policy_enabled: true })],
  ["CKV_AZURE_117", aks({}), aks({ disk_encryption_set_id: "/subscriptions/x/des" })],
  ["CKV_AZURE_141", aks({ local_account_disabled: false }), aks({ local_account_disabled: true })],
  ["CKV_AZURE_143", aks({ default_node_pool: { node_public_ip_enabled: true } }), aks({ default_node_pool: {} })],
  ["CKV_AZURE_143", pool({ node_public_ip_enabled: true }), pool({})],
  ["CKV_AZURE_168", aks({ default_node_pool: { max_pods: 49 } }), aks({ default_node_pool: { max_pods: 50 } })],
  ["CKV_AZURE_168", pool({}), pool({ max_pods: 110 })],
  ["CKV_AZURE_170", aks({ sku_tier: "Premium" }), aks({ sku_tier: "Standard" })],
  ["CKV_AZURE_171", aks({ automatic_upgrade_channel: "none" }), aks({ automatic_upgrade_channel: "patch" })],
  ["CKV_AZURE_172", aks({ key_vault_secrets_provider: { secret_rotation_enabled: false } }), aks({ key_vault_secrets_provider: { secret_rotation_enabled: true } })],
  ["CKV_AZURE_226", aks({ default_node_pool: { os_disk_type: "Managed" } }), aks({ default_node_pool: { os_disk_type: "Ephemeral" } })],
  ["CKV_AZURE_227", pool({}), pool({ host_encryption_enabled: true })],
  ["CKV_AZURE_232", aks({ default_node_pool: {} }), aks({ default_node_pool: { only_critical_addons_enabled: true } })],
  ["CKV_AZURE_246", aks({ http_application_routing_enabled: true }), aks({})],
  ["SEC-03", aks({ image_cleaner_enabled: false }), aks({ image_cleaner_enabled: true })],
  ["SEC-03", aks({}), aks({ image_cleaner_enabled: true })],
  ["SEC-04", aks({ run_command_enabled: true }), aks({ run_command_enabled: false })],
  // azurerm's default is true: an absent attribute means run command on.
  ["SEC-04", aks({}), aks({ run_command_enabled: false })],
  ["CKV2_AZURE_29", aks({ network_profile: { network_plugin: "kubenet" } }), aks({ network_profile: { network_plugin: "azure" } })],
  ["CKV_AZURE_39", { type: "azurerm_role_definition", name: "r", json: { permissions: [{ actions: ["*"] }] } }, { type: "azurerm_role_definition", name: "r", json: { permissions: [{ actions: ["Microsoft.Network/virtualNetworks/subnets/read"] }] } }],
  ["CKV_AZURE_182", { type: "azurerm_virtual_network", name: "v", json: { dns_servers: ["10.0.0.4"] } }, { type: "azurerm_virtual_network", name: "v", json: { dns_servers: ["10.0.0.4", "10.0.0.5"] } }],
];

test.each(CASES)("%s fails the bad resource and passes the good one", (id, bad, good) => {
  expect(rule(id).check(bad, [bad]).result).toBe("fail");
  expect(rule(id).check(good, [good]).result).toBe("pass");
});

test("CKV2_AZURE_31: a subnet needs an NSG association that references it", () => {
  const subnet: SynthesizedResource = { type: "azurerm_subnet", name: "nodes", json: { name: "snet" } };
  const assoc: SynthesizedResource = { type: "azurerm_subnet_network_security_group_association", name: "a", json: { subnet_id: "${azurerm_subnet.nodes.id}" } };
  const other: SynthesizedResource = { type: "azurerm_subnet_network_security_group_association", name: "b", json: { subnet_id: "${azurerm_subnet.other.id}" } };
  expect(rule("CKV2_AZURE_31").check(subnet, [subnet, other]).result).toBe("fail");
  expect(rule("CKV2_AZURE_31").check(subnet, [subnet, assoc]).result).toBe("pass");
});

describe("SEC-01: the cluster's audit trail, from the diagnostic settings that target it", () => {
  const cluster = aks({});
  const setting = (categories: string[], target = "${azurerm_kubernetes_cluster.c.id}"): SynthesizedResource => ({
    type: "azurerm_monitor_diagnostic_setting",
    name: "d",
    json: { target_resource_id: target, enabled_log: categories.map((category) => ({ category })) },
  });
  const verdict = (...stack: SynthesizedResource[]) => rule("SEC-01").check(cluster, [cluster, ...stack]);

  test("fails without a setting, without guard, without an audit category, or with a setting of another resource", () => {
    expect(verdict()).toMatchObject({ result: "fail", detail: "no diagnostic setting sends this cluster's control-plane logs" });
    expect(verdict(setting(["kube-audit-admin"]))).toMatchObject({ result: "fail", detail: expect.stringContaining("but not guard") });
    expect(verdict(setting(["guard", "kube-apiserver"]))).toMatchObject({ result: "fail", detail: expect.stringContaining("but not kube-audit-admin (or kube-audit)") });
    expect(verdict(setting(["kube-audit-admin", "guard"], "${azurerm_kubernetes_cluster.other.id}")).result).toBe("fail");
  });

  test("passes with kube-audit-admin or kube-audit, and guard, in one setting or across two", () => {
    expect(verdict(setting(["kube-audit-admin", "guard"])).result).toBe("pass");
    expect(verdict(setting(["kube-audit", "guard"])).result).toBe("pass");
    expect(verdict(setting(["kube-audit-admin"]), setting(["guard"])).result).toBe("pass");
  });

  test("SEC-02 recommends kube-audit-admin over kube-audit", () => {
    expect(rule("SEC-02").check(setting(["kube-audit", "guard"]), [])).toMatchObject({ result: "fail", detail: "kube-audit is sent (every get and list)" });
    expect(rule("SEC-02").check(setting(["kube-audit-admin", "guard"]), []).result).toBe("pass");
  });
});

test("CKV2_AZURE_29 does not apply to network_plugin none, with a reason", () => {
  const verdict = rule("CKV2_AZURE_29").check(aks(byo), []);
  expect(verdict.result).toBe("inapplicable");
  expect(verdict.result === "inapplicable" && verdict.reason.length).toBeGreaterThan(60);
});

describe("CKV_AZURE_7 under network_plugin none: the CNI a stack of this project installs decides", () => {
  const cluster = (engine?: SynthesizedResource["networkPolicyEngine"]): SynthesizedResource => ({ ...aks(byo), networkPolicyEngine: engine });
  const values = (v: Record<string, unknown>) => ciliumNetworkPolicy(v);

  test("does not apply when Cilium enforces NetworkPolicy, and says why", () => {
    const verdict = rule("CKV_AZURE_7").check(cluster(values({})), []);
    expect(verdict).toEqual({ result: "inapplicable", reason: expect.stringContaining('installs Cilium on this cluster, which enforces NetworkPolicy (policyEnforcementMode "default")') });
    expect(rule("CKV_AZURE_7").check(cluster(values({ policyEnforcementMode: "always" })), []).result).toBe("inapplicable");
  });

  test.each([
    ["policyEnforcementMode never", { policyEnforcementMode: "never" }, 'policyEnforcementMode "never"'],
    ["Kubernetes NetworkPolicy ignored", { k8sNetworkPolicy: { enabled: false } }, "k8sNetworkPolicy.enabled false"],
    ["audit mode", { policyAuditMode: true }, "policyAuditMode true"],
  ])("is an error when Cilium's values turn enforcement off: %s", (_what, v, detail) => {
    const verdict = rule("CKV_AZURE_7").check(cluster(values(v)), []);
    expect(verdict).toMatchObject({ result: "fail", detail: expect.stringContaining(detail) });
    expect(verdict.result === "fail" && verdict.severity).toBeUndefined();
  });

  test.each([
    ["no CNI stack (cni.plugin: none)", undefined],
    ["a reference for the mode", values({ policyEnforcementMode: "${var.mode}" })],
    ["a string where the chart takes a boolean", values({ k8sNetworkPolicy: { enabled: "false" } })],
  ])("is a warning when synth cannot see enforcement: %s", (_what, engine) => {
    expect(rule("CKV_AZURE_7").check(cluster(engine), [])).toMatchObject({ result: "fail", severity: "warning" });
  });
});

test("CKV_AZURE_172 does not apply when the Secrets Store add-on is off", () => {
  expect(rule("CKV_AZURE_172").check(aks({}), []).result).toBe("inapplicable");
});

test("every rule has a risk, a fix and a checkov ID, or a SEC ID with the PSRule or Azure Policy check it mirrors; trivy IDs are aliases", () => {
  for (const r of POLICY_RULES) {
    expect(r.id).toMatch(/^(CKV2?_AZURE_\d+|SEC-\d{2})$/);
    if (r.id.startsWith("SEC-")) expect(r.aliases.length).toBeGreaterThan(0);
    expect(r.risk.length).toBeGreaterThan(20);
    expect(r.fix.length).toBeGreaterThan(5);
    for (const a of r.aliases) expect(a).toMatch(/^(AVD-AZU-\d{4}|Azure\.AKS\.\w+|Azure Policy: \S.{10,})$/);
  }
  expect(Object.keys(POLICY_RULE_CATALOGUE)).toHaveLength(POLICY_RULES.length);
  const tested = ["CKV2_AZURE_31", "SEC-01", "SEC-02"];
  expect(CASES.map(([id]) => id).concat(tested).sort()).toEqual(expect.arrayContaining(POLICY_RULES.map((r) => r.id).filter((id) => !tested.includes(id))));
});

describe("the config field a policy failure names", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const schema = require("../../schema/aks-byocni-config.schema.json") as Record<string, unknown>;
  type Node = { $ref?: string; properties?: Record<string, Node>; items?: Node; anyOf?: Node[]; oneOf?: Node[] };
  const deref = (n: Node): Node => (n.$ref ? deref(n.$ref.slice(2).split("/").reduce((o: any, k) => o[k], schema) as Node) : n);
  /** Whether a config path (`cluster.userNodePools[0].maxPods`) names a field of the config schema. */
  const inSchema = (field: string): boolean => {
    let node: Node | undefined = schema as Node;
    for (const seg of field.replace(/\[\d+\]/g, ".[]").split(".")) {
      node = deref(node);
      if (seg === "[]") node = node.items;
      else node = node.properties?.[seg] ?? [...(node.anyOf ?? []), ...(node.oneOf ?? [])].map(deref).find((a) => a.properties?.[seg])?.properties?.[seg];
      if (!node) return false;
    }
    return true;
  };
  const withField = POLICY_RULES.filter((r) => r.field !== undefined && r.field !== "{self}");
  test.each(withField.map((r) => [r.id, r.field!] as const))("%s: %s is a config field (for every pool)", (_id, field) => {
    const paths = field.startsWith("{pool}") ? ["cluster.defaultNodePool", "cluster.userNodePools[0]"].map((p) => p + field.slice(6)) : [field];
    for (const p of paths) expect([p, inSchema(p)]).toEqual([p, true]);
  });
  test("the schema walk refuses a field that is not there", () => expect(inSchema("cluster.skuTeir")).toBe(false));
  test("a resource not built from a config is named by its address, whatever the rule's field", () => {
    const failed = { result: "fail", detail: "x" } as const;
    expect(policyFindingPath(rule("CKV_AZURE_170"), failed, aks({}))).toBe("azurerm_kubernetes_cluster.c");
    expect(policyFindingPath(rule("CKV_AZURE_170"), failed, { ...aks({}), configPath: "cluster" })).toBe("cluster.skuTier");
    expect(policyFindingPath(rule("CKV_AZURE_227"), failed, { ...aks({}), configPath: "cluster" })).toBe("cluster.defaultNodePool.hostEncryption");
    expect(policyFindingPath(rule("CKV_AZURE_227"), failed, { ...pool({}), configPath: "cluster.userNodePools[2]" })).toBe("cluster.userNodePools[2].hostEncryption");
    expect(policyFindingPath(rule("CKV_AZURE_5"), failed, { ...aks({}), configPath: "cluster" })).toBe("azurerm_kubernetes_cluster.c");
  });
});
