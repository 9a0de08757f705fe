import { Testing, TerraformStack, TerraformVariable } from "../../lib/bindings/cdktf";
import { AzurermProvider } from "../../lib/bindings/azurerm";
import { AksByoCniCluster } from "../../lib/constructs/aks-byo-cni-cluster";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import type { ClusterSettings } from "../../lib/config/types";
import { seedConfig, synthJson, vnetConfig, withField } from "../support";

const cluster = (json: Record<string, any>) => Object.values(json.resource.azurerm_kubernetes_cluster)[0] as Record<string, any>;

describe("AksByoCniCluster from the seed environment", () => {
  const stack = new AksByoCniStack(Testing.app(), "dev", seedConfig());
  const json = synthJson(stack);
  const aks = cluster(json);

  test("network plugin none, the pod CIDR, and nothing else AKS-managed", () => {
    expect(aks.network_profile).toEqual({
      network_plugin: "none",
      pod_cidr: "10.244.0.0/16",
      outbound_type: "loadBalancer",
      load_balancer_sku: "standard",
    });
    expect(aks.default_node_pool.pod_subnet_id).toBeUndefined();
  });

  test("reproduces the template: name, DNS prefix, pool, system-assigned identity", () => {
    expect(aks).toMatchObject({ name: "aksbyocni", dns_prefix: "aksbyocni", location: "eastus", identity: { type: "SystemAssigned" } });
    expect(aks.default_node_pool).toMatchObject({ name: "nodepool1", node_count: 3, vm_size: "Standard_B2ms", max_pods: 110 });
    expect(aks.kubernetes_version).toBeUndefined();
  });

  test("secure defaults", () => {
    expect(aks).toMatchObject({
      role_based_access_control_enabled: true,
      local_account_disabled: true,
      azure_active_directory_role_based_access_control: { azure_rbac_enabled: true },
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      azure_policy_enabled: true,
      // As az aks create: the Standard tier's SLA costs money, so it is a recommendation (CKV_AZURE_170 warns).
      sku_tier: "Free",
      automatic_upgrade_channel: "patch",
      node_os_upgrade_channel: "NodeImage",
      api_server_access_profile: { authorized_ip_ranges: ["203.0.113.0/24"] },
      oms_agent: { msi_auth_for_monitoring_enabled: true },
    });
    expect(aks.oms_agent.log_analytics_workspace_id).toMatch(/^\$\{azurerm_log_analytics_workspace\.\S+\.id\}$/);
    expect(aks.http_application_routing_enabled).toBeUndefined();
  });

  test("Entra ID: without a tenant or admin groups azurerm refuses the block, so the tenant is the deploying identity's", () => {
    const [name] = Object.keys(json.data.azurerm_client_config);
    expect(aks.azure_active_directory_role_based_access_control.tenant_id).toBe(`\${data.azurerm_client_config.${name}.tenant_id}`);
  });

  test("Standard_B2ms cannot hold an ephemeral OS disk, so the disk is managed", () => {
    expect(aks.default_node_pool.os_disk_type).toBe("Managed");
  });

  test("drift guards: pod_cidr (azurerm#30985) and Defender; the patch channel keeps the version the config's", () => {
    expect(aks.lifecycle.ignore_changes).toEqual(["network_profile[0].pod_cidr", "microsoft_defender"]);
  });

  test("a pod CIDR change replaces the cluster through a trigger instead of being ignored", () => {
    const [triggerName, trigger] = Object.entries(json.resource.terraform_data)[0] as [string, Record<string, any>];
    expect(trigger.input).toEqual({ pod_cidr: "10.244.0.0/16" });
    expect(aks.lifecycle.replace_triggered_by).toEqual([`terraform_data.${triggerName}`]);
  });

  test("every pool declares AKS's drain settings, so a value set in Azure is updated in place", () => {
    expect(aks.default_node_pool.upgrade_settings).toEqual({
      max_surge: "10%",
      drain_timeout_in_minutes: 30,
      node_soak_duration_in_minutes: 0,
      undrainable_node_behavior: "Schedule",
    });
  });

  test("the cluster is protected by default", () => {
    expect(aks.lifecycle.prevent_destroy).toBe(true);
  });

  test("outputs; the kubeconfig is sensitive", () => {
    expect(Object.keys(json.output).sort()).toEqual([
      "control_plane_principal_id",
      "id",
      "kube_config_raw",
      "kubelet_identity_object_id",
      "name",
      "node_resource_group",
      "oidc_issuer_url",
      "pod_cidr",
    ]);
    expect(json.output.pod_cidr.value).toBe("10.244.0.0/16");
    expect(json.output.kube_config_raw.sensitive).toBe(true);
    expect(json.output.control_plane_principal_id.value).toMatch(/azurerm_kubernetes_cluster\.\S+\.identity\[0\]\.principal_id/);
  });
});

describe("AksByoCniCluster with its own VNet", () => {
  const json = synthJson(new AksByoCniStack(Testing.app(), "prod", vnetConfig()));
  const aks = cluster(json);

  test("user-assigned identity, granted on the subnet before the cluster", () => {
    const [identityName] = Object.keys(json.resource.azurerm_user_assigned_identity);
    const [raName, ra] = Object.entries(json.resource.azurerm_role_assignment)[0] as [string, Record<string, any>];
    expect(aks.identity).toEqual({ type: "UserAssigned", identity_ids: [`\${azurerm_user_assigned_identity.${identityName}.id}`] });
    expect(aks.depends_on).toEqual([`azurerm_role_assignment.${raName}`]);
    expect(ra.principal_id).toBe(`\${azurerm_user_assigned_identity.${identityName}.principal_id}`);
    expect(aks.default_node_pool.vnet_subnet_id).toBe(ra.scope);
  });

  test("system pool for critical add-ons, user pool on the same subnet, ephemeral OS disks", () => {
    expect(aks.default_node_pool).toMatchObject({ only_critical_addons_enabled: true, os_disk_type: "Ephemeral", os_disk_size_gb: 128 });
    const pool = Object.values(json.resource.azurerm_kubernetes_cluster_node_pool)[0] as Record<string, any>;
    expect(pool).toMatchObject({ name: "apps", mode: "User", max_pods: 110, os_disk_type: "Ephemeral", vnet_subnet_id: aks.default_node_pool.vnet_subnet_id });
  });

  test("service range and DNS IP are emitted as configured", () => {
    expect(aks.network_profile).toMatchObject({ service_cidr: "10.0.0.0/16", dns_service_ip: "10.0.0.10", pod_cidr: "10.244.0.0/16" });
  });
});

describe("AksByoCniCluster inside a stack the user owns", () => {
  const settings: ClusterSettings = {
    name: "team-a",
    defaultNodePool: { name: "system", nodeCount: 2, vmSize: "Standard_D4ds_v5", autoScaling: { minCount: 2, maxCount: 5 } },
    apiServer: { authorizedIpRanges: ["198.51.100.0/24"] },
    upgrade: { channel: "none" },
    monitoring: { enabled: false },
  };

  test("two clusters side by side get distinct outputs and the autoscaler drift guard", () => {
    const stack = new TerraformStack(Testing.app(), "mine");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    new AksByoCniCluster(stack, "blue", { location: "eastus", resourceGroupName: "rg", cluster: settings });
    new AksByoCniCluster(stack, "green", { location: "eastus", resourceGroupName: "rg", cluster: { ...settings, name: "team-b" } });
    const json = synthJson(stack);
    expect(Object.keys(json.resource.azurerm_kubernetes_cluster)).toHaveLength(2);
    expect(Object.keys(json.output)).toEqual(expect.arrayContaining(["blue_pod_cidr", "green_pod_cidr"]));
    const aks = cluster(json);
    expect(aks.lifecycle.ignore_changes).toEqual(["network_profile[0].pod_cidr", "microsoft_defender", "default_node_pool[0].node_count"]);
    expect(aks.automatic_upgrade_channel).toBeUndefined();
    expect(aks.oms_agent).toBeUndefined();
  });

  test("a pod CIDR from a Terraform variable becomes a plan-time precondition", () => {
    const stack = new TerraformStack(Testing.app(), "mine");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    const pod = new TerraformVariable(stack, "pod_cidr", { type: "string" });
    new AksByoCniCluster(stack, "aks", { location: "eastus", resourceGroupName: "rg", cluster: settings, network: { podCidr: pod.stringValue } });
    const aks = cluster(synthJson(stack));
    expect(aks.network_profile.pod_cidr).toBe("${var.pod_cidr}");
    expect(aks.lifecycle.precondition).toEqual([
      {
        condition: "${(can(cidrnetmask(var.pod_cidr)) && (cidrsubnet(var.pod_cidr, 0, 0) == var.pod_cidr))}",
        error_message: "network.podCidr must be a canonical IPv4 CIDR (network address, explicit prefix) [FMT-01, FMT-02, FMT-03]",
      },
    ]);
  });
});

describe("ranges given as references in the config", () => {
  const withRanges = (network: Record<string, string>) => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const json = synthJson(new AksByoCniStack(Testing.app(), "dev", withField(seedConfig(), "network", network)));
      expect(warn).not.toHaveBeenCalled();
      return cluster(json).lifecycle.precondition.map((p: { condition: string }) => p.condition);
    } finally {
      warn.mockRestore();
    }
  };

  test("a pod CIDR reference is read by the precondition's functions, not quoted as text", () => {
    expect(withRanges({ podCidr: "${var.p}" })).toEqual(["${(can(cidrnetmask(var.p)) && (cidrsubnet(var.p, 0, 0) == var.p))}"]);
  });

  test("service CIDR and DNS IP references too", () => {
    expect(withRanges({ serviceCidr: "${var.s}", dnsServiceIp: "${data.terraform_remote_state.net.outputs.dns}" })).toEqual([
      "${(can(cidrnetmask(var.s)) && (cidrsubnet(var.s, 0, 0) == var.s))}",
      '${(cidrhost(format("%s/%s", data.terraform_remote_state.net.outputs.dns, element(split("/", var.s), 1)), 0) == cidrhost(var.s, 0))}',
      "${!contains([cidrhost(var.s, 0), cidrhost(var.s, 1), cidrhost(var.s, -1)], data.terraform_remote_state.net.outputs.dns)}",
    ]);
  });

  test("a reference inside a range is a template of it", () => {
    expect(withRanges({ podCidr: "10.${var.octet}.0.0/16" })).toEqual(['${(can(cidrnetmask("10.${var.octet}.0.0/16")) && (cidrsubnet("10.${var.octet}.0.0/16", 0, 0) == "10.${var.octet}.0.0/16"))}']);
  });
});

test("a setting that needs a rotation pool gets a valid temporary name", () => {
  const json = synthJson(new AksByoCniStack(Testing.app(), "dev", withField(seedConfig(), "cluster.defaultNodePool.name", "averylongname")));
  expect(cluster(json).default_node_pool.temporary_name_for_rotation).toBe("averylongtmp");
});
