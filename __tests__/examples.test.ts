/**
 * The examples are user code: each runs as its own app, in-process, with
 * CDKTF_OUTDIR pointing at a temporary directory, and the JSON it writes is
 * checked here.
 */
import * as fs from "fs";
import * as path from "path";
import { tempDir } from "./support";

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Runs an example's app with its output in a fresh directory; returns that directory. */
async function synthExample(load: () => Promise<unknown>): Promise<string> {
  const outdir = tempDir("aks-example-");
  outdirs.push(outdir);
  const previous = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    await load();
  } finally {
    if (previous === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = previous;
  }
  return outdir;
}

function stackJson(outdir: string, stack: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
}

test("existing-vnet: the constructs in the user's stack adopt the spoke subnet under the user's provider", async () => {
  const outdir = await synthExample(() => import("../examples/existing-vnet/main"));
  const json = stackJson(outdir, "platform");

  expect(json.provider.azurerm).toEqual([
    { subscription_id: "00000000-0000-0000-0000-000000000000", features: [{ resource_group: [{ prevent_deletion_if_contains_resources: true }] }] },
  ]);
  expect(json.resource.azurerm_virtual_network).toBeUndefined();
  expect(json.resource.azurerm_subnet).toBeUndefined();
  const subnetId =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network-spokes/providers/Microsoft.Network/virtualNetworks/vnet-spoke-platform/subnets/snet-aks-nodes";

  // The adopted subnet and VNet are read with the declared ranges as postconditions.
  const [subnet] = Object.values(json.data.azurerm_subnet) as Record<string, any>[];
  expect(subnet).toMatchObject({ name: "snet-aks-nodes", virtual_network_name: "vnet-spoke-platform", resource_group_name: "rg-network-spokes" });
  expect(JSON.stringify(subnet.lifecycle.postcondition)).toContain('[\\"10.64.0.0/22\\"]');
  const [vnet] = Object.values(json.data.azurerm_virtual_network) as Record<string, any>[];
  expect(JSON.stringify(vnet.lifecycle.postcondition)).toContain('[\\"10.64.0.0/16\\"]');

  const [grant] = Object.values(json.resource.azurerm_role_assignment) as Record<string, any>[];
  expect(grant).toMatchObject({ scope: subnetId, role_definition_name: "Network Contributor", principal_type: "ServicePrincipal" });

  const [cluster] = Object.values(json.resource.azurerm_kubernetes_cluster) as Record<string, any>[];
  expect(cluster.default_node_pool.vnet_subnet_id).toBe(subnetId);
  expect(cluster.network_profile).toMatchObject({ network_plugin: "none", pod_cidr: "100.64.0.0/16", service_cidr: "172.20.0.0/16", dns_service_ip: "172.20.0.10" });
  expect(cluster.identity.type).toBe("UserAssigned");
  expect(cluster.azure_active_directory_role_based_access_control.admin_group_object_ids).toEqual(["${var.aks_admin_group_object_id}"]);
  expect(cluster.depends_on).toEqual([expect.stringMatching(/^azurerm_role_assignment\./)]);
  expect(json.output.cluster_id.value).toMatch(/^\$\{azurerm_kubernetes_cluster\..+\.id\}$/);
  expect(Object.values(json.resource.azurerm_resource_group)).toEqual([expect.objectContaining({ name: "rg-aks-platform", tags: { owner: "platform", costCenter: "1234" } })]);
});

test("multi-env: one stack per environment, each with its own state blob", async () => {
  const outdir = await synthExample(() => import("../examples/multi-env/main"));
  const stacks = Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")).stacks);
  expect(stacks.sort()).toEqual(["dev", "prod", "stage"]);

  const clusters: Record<string, any> = {};
  for (const stack of stacks) {
    const json = stackJson(outdir, stack);
    expect(json.terraform.backend.azurerm).toMatchObject({ storage_account_name: "stplatformtfstate", container_name: "tfstate", key: `${stack}.tfstate`, use_azuread_auth: true, use_oidc: true });
    const [cluster] = Object.values(json.resource.azurerm_kubernetes_cluster) as Record<string, any>[];
    expect(cluster.name).toBe(`aks-${stack}`);
    expect(cluster.network_profile.network_plugin).toBe("none");
    expect(cluster.tags).toEqual({ environment: stack });
    clusters[stack] = cluster;
    // The accepted risks reach checkov's config for the stack.
    expect(fs.readFileSync(path.join(outdir, "stacks", stack, ".checkov.yaml"), "utf8")).toMatch(/CKV_AZURE_115[\s\S]*CKV_AZURE_227/);
    expect(json.resource.azurerm_subnet).toBeDefined();
  }
  expect(clusters.prod.location).toBe("northeurope");
  expect(clusters.prod.lifecycle.prevent_destroy).toBe(true);
  expect(clusters.dev.lifecycle.prevent_destroy).toBeUndefined();
  expect(clusters.dev.default_node_pool.node_count).toBe(2);
});
