import { Testing } from "../../lib/bindings/cdktf";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import { seedConfig, synthJson, withField } from "../support";

test("creates the resource group, and the cluster references it so Terraform orders them", () => {
  const json = synthJson(new AksByoCniStack(Testing.app(), "dev", seedConfig()));
  const [rgName, rg] = Object.entries(json.resource.azurerm_resource_group)[0] as [string, Record<string, any>];
  expect(rg).toMatchObject({ name: "myResourceGroup", location: "eastus" });
  const aks = Object.values(json.resource.azurerm_kubernetes_cluster)[0] as Record<string, any>;
  expect(aks.resource_group_name).toBe(`\${azurerm_resource_group.${rgName}.name}`);
});

test("existing: true references the group with a data source instead", () => {
  const json = synthJson(new AksByoCniStack(Testing.app(), "dev", withField(seedConfig(), "resourceGroup.existing", true)));
  expect(json.resource.azurerm_resource_group).toBeUndefined();
  const [dataName, data] = Object.entries(json.data.azurerm_resource_group)[0] as [string, Record<string, any>];
  expect(data).toEqual(expect.objectContaining({ name: "myResourceGroup" }));
  const aks = Object.values(json.resource.azurerm_kubernetes_cluster)[0] as Record<string, any>;
  expect(aks.resource_group_name).toBe(`\${data.azurerm_resource_group.${dataName}.name}`);
});
