import { AzurermProvider } from "./bindings/azurerm";
import { Aspects, Construct, TerraformStack } from "./bindings/cdktf";
import { AksByoCniCluster } from "./aks-byo-cni-cluster";
import { AksNetwork } from "./aks-network";
import { AksResourceGroup } from "./aks-resource-group";
import type { AksByoCniConfig, ClusterIdentityType } from "./config/types";
import { AksPolicyChecks } from "./policy/aspect";
import { addStateBackend } from "./state-backend";
import { AcceptedRisks } from "./validation";

/** Options of {@link AksByoCniStack} that are not part of the config file. */
export interface AksByoCniStackOptions {
  /**
   * Run the policy pack (checkov-mirrored rules) on this stack.
   * @default true
   */
  readonly policyChecks?: boolean;
}

/**
 * One environment: the azurerm provider, state backend, resource group,
 * optional VNet/subnet with the control-plane identity's grant, and the BYOCNI
 * cluster, all from one config object (the content of a config file).
 *
 * The provider authenticates from the environment (`ARM_*`, Azure CLI, OIDC);
 * nothing secret is written to `cdk.tf.json`.
 */
export class AksByoCniStack extends TerraformStack {
  /** The config object the stack was built from. */
  public readonly config: AksByoCniConfig;
  /** The created or referenced resource group. */
  public readonly resourceGroup: AksResourceGroup;
  /** The node network; undefined when AKS creates its own VNet (no `network.vnet` or `network.existingSubnetId`). */
  public readonly network?: AksNetwork;
  /** The BYOCNI cluster. */
  public readonly cluster: AksByoCniCluster;

  constructor(scope: Construct, id: string, config: AksByoCniConfig, options: AksByoCniStackOptions = {}) {
    super(scope, id);
    this.config = config;
    AcceptedRisks.add(this, config.acceptedRisks ?? []);
    new AzurermProvider(this, "azurerm", { features: [{}] });
    addStateBackend(this, config.backend, config.backend?.key ?? `${id}.tfstate`);

    const tags = config.tags;
    this.resourceGroup = new AksResourceGroup(this, "resource-group", {
      location: config.location,
      resourceGroup: config.resourceGroup,
      tags,
    });
    const n = config.network;
    const usesOwnSubnet = n?.vnet !== undefined || n?.existingSubnetId !== undefined;
    const identity: ClusterIdentityType = config.cluster.identity ?? (usesOwnSubnet ? "UserAssigned" : "SystemAssigned");
    if (n && usesOwnSubnet) {
      this.network = new AksNetwork(this, "network", {
        location: config.location,
        resourceGroupName: this.resourceGroup.name,
        namePrefix: config.cluster.name,
        network: n,
        identity,
        tags,
      });
    }
    this.cluster = new AksByoCniCluster(this, "aks", {
      location: config.location,
      resourceGroupName: this.resourceGroup.name,
      cluster: { ...config.cluster, identity },
      network: n,
      nodeSubnet: this.network?.nodeSubnet,
      cni: config.cni,
      tags,
      outputPrefix: "",
    });
    if (options.policyChecks !== false) Aspects.of(this).add(new AksPolicyChecks());
  }
}
