/**
 * The constructs inside a stack you own, in a VNet that already exists.
 *
 * The network team owns the hub-and-spoke VNet and its subnets; this stack
 * only adopts the node subnet by ARM ID (`AksNetwork.fromSubnet`). The ranges
 * you declare next to the ID (`vnetAddressSpace`, `addressPrefixes`) let the
 * overlap and capacity rules run at synth time, and become plan-time
 * postconditions that fail if Azure says otherwise. The azurerm provider
 * block is yours: the constructs never add one. The network decides the
 * control-plane identity and grants it; the cluster takes both from
 * `network.nodeSubnet`.
 *
 * `subnetId` may also be a reference, e.g.
 * `new DataAzurermSubnet(this, "nodes", { ... }).id`; the ID's parts are
 * then split at plan time.
 *
 * `npm test` synthesizes this app (__tests__/examples.test.ts).
 */
import { App, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { AksByoCniCluster, AksNetwork, AksResourceGroup } from "../../lib";

const LOCATION = "westeurope";
const SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
const NODE_SUBNET_ID =
  `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-network-spokes` +
  "/providers/Microsoft.Network/virtualNetworks/vnet-spoke-platform/subnets/snet-aks-nodes";

class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    new AzurermProvider(this, "azurerm", {
      subscriptionId: SUBSCRIPTION_ID,
      features: [{ resourceGroup: [{ preventDeletionIfContainsResources: true }] }],
    });

    const adminGroup = new TerraformVariable(this, "aks_admin_group_object_id", {
      type: "string",
      description: "Entra ID group given cluster-admin on the cluster",
    });
    const tags = { owner: "platform", costCenter: "1234" };

    const group = new AksResourceGroup(this, "aks-group", {
      location: LOCATION,
      resourceGroup: { name: "rg-aks-platform" },
      tags,
    });

    // Adopt the spoke's node subnet; the identity and its grant live in the AKS group.
    const network = AksNetwork.fromSubnet(this, "network", {
      location: LOCATION,
      resourceGroupName: group.name,
      namePrefix: "aks-platform",
      subnetId: NODE_SUBNET_ID,
      vnetAddressSpace: ["10.64.0.0/16"],
      addressPrefixes: ["10.64.0.0/22"],
      subnetRole: "NetworkContributor",
      tags,
    });

    const aks = new AksByoCniCluster(this, "platform", {
      location: LOCATION,
      resourceGroupName: group.name,
      nodeSubnet: network.nodeSubnet,
      network: {
        podCidr: "100.64.0.0/16",
        serviceCidr: "172.20.0.0/16",
        dnsServiceIp: "172.20.0.10",
        // On-premises ranges reached through the hub: no cluster range may overlap them.
        connectedNetworks: ["192.168.0.0/16", "10.0.0.0/14"],
      },
      cluster: {
        name: "aks-platform",
        kubernetesVersion: "1.33",
        defaultNodePool: { name: "system", nodeCount: 3, vmSize: "Standard_D4ds_v5", zones: ["1", "2", "3"] },
        userNodePools: [
          { name: "apps", nodeCount: 3, vmSize: "Standard_D8ds_v5", zones: ["1", "2", "3"], autoScaling: { minCount: 3, maxCount: 12 } },
        ],
        apiServer: { authorizedIpRanges: ["203.0.113.0/24"] },
        security: { adminGroupObjectIds: [adminGroup.stringValue] },
      },
      tags,
    });

    new TerraformOutput(this, "cluster_id", { value: aks.kubernetesCluster.id });
  }
}

const app = new App();
new PlatformStack(app, "platform");
app.synth();
