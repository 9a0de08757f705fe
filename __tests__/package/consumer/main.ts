/**
 * A user's app, compiled and run by package.test.ts inside a fresh project
 * where aks-byocni-cdktf is installed from its packed tarball: everything is
 * imported by package name, as a user would, and typed by the shipped .d.ts.
 *
 * Stack "platform" is the user's own: their azurerm provider, a resource
 * group and VNet managed elsewhere (read with data sources), and two BYOCNI
 * clusters in subnets of that VNet. Stack "dev" is an AksByoCniStack built
 * from one config object.
 */
import { App, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { DataAzurermResourceGroup } from "@cdktf/provider-azurerm/lib/data-azurerm-resource-group";
import { DataAzurermSubnet } from "@cdktf/provider-azurerm/lib/data-azurerm-subnet";
import { AksByoCniCluster, AksByoCniStack, AksNetwork, type AksByoCniConfig } from "aks-byocni-cdktf";
// Typed by the shipped .d.ts alone: the consumer has no @types/node.
import { checkSynthesizedStacks, replacementChanges } from "aks-byocni-cdktf/testing";

const app = new App();

const platform = new TerraformStack(app, "platform");
new AzurermProvider(platform, "azurerm", { features: [{}], subscriptionId: "00000000-0000-0000-0000-000000000000" });
const shared = new DataAzurermResourceGroup(platform, "shared", { name: "rg-platform-network" });

const teams = [
  { name: "team-a", subnet: "snet-team-a", prefix: "10.100.0.0/22", podCidr: "10.244.0.0/16" },
  { name: "team-b", subnet: "snet-team-b", prefix: "10.100.4.0/22", podCidr: "10.245.0.0/16" },
];
for (const team of teams) {
  const subnet = new DataAzurermSubnet(platform, `${team.name}-subnet`, {
    name: team.subnet,
    virtualNetworkName: "vnet-platform",
    resourceGroupName: shared.name,
  });
  const network = new AksNetwork(platform, `${team.name}-network`, {
    location: "westeurope",
    resourceGroupName: shared.name,
    namePrefix: `aks-${team.name}`,
    network: {
      existingSubnetId: subnet.id,
      existingVnetAddressSpace: ["10.100.0.0/16"],
      existingSubnetAddressPrefixes: [team.prefix],
    },
  });
  new AksByoCniCluster(platform, team.name, {
    location: "westeurope",
    resourceGroupName: shared.name,
    cluster: {
      name: `aks-${team.name}`,
      defaultNodePool: { name: "system", nodeCount: 3, vmSize: "Standard_D4ds_v5" },
      userNodePools: [{ name: "apps", nodeCount: 2, vmSize: "Standard_D4ds_v5", autoScaling: { minCount: 2, maxCount: 6 } }],
      apiServer: { authorizedIpRanges: ["203.0.113.0/24"] },
    },
    network: { podCidr: team.podCidr, serviceCidr: "10.0.0.0/16", dnsServiceIp: "10.0.0.10" },
    nodeSubnet: network.nodeSubnet,
  });
}

const dev: AksByoCniConfig = {
  location: "eastus",
  resourceGroup: { name: "rg-aks-dev" },
  cluster: {
    name: "aks-dev",
    defaultNodePool: { name: "system", nodeCount: 1, vmSize: "Standard_D4ds_v5" },
    apiServer: { authorizedIpRanges: ["203.0.113.0/24"] },
  },
  acceptedRisks: [{ rule: "CKV_AZURE_232", reason: "A single-pool development cluster runs workloads on its system pool." }],
};
new AksByoCniStack(app, "dev", dev);

app.synth();
if (typeof checkSynthesizedStacks !== "function" || typeof replacementChanges !== "function") throw new Error("aks-byocni-cdktf/testing lacks its checks");
