import { AzurermProvider } from "../bindings/azurerm";
import { TerraformStack, type Construct } from "../bindings/cdktf";
import { AksByoCniCluster } from "./aks-byo-cni-cluster";
import { AksNetwork } from "./aks-network";
import { AksResourceGroup } from "./aks-resource-group";
import type { AksByoCniConfig } from "../config/types";
import { AksProtection } from "./aks-protection";
import { environmentInputs } from "../plan/environment";
import { AksPolicyPack } from "./aks-policy-pack";
import { addStateBackend } from "./private/state-backend";
import { AcceptedRisks } from "./accepted-risks";

/** Props of {@link AksByoCniStack}: one environment's config (the content of a config file), and stack options. */
export interface AksByoCniStackProps extends AksByoCniConfig {
  /**
   * Run the policy pack (checkov-mirrored rules) on this stack and write its
   * `.checkov.yaml` next to the synthesized JSON.
   * @default true
   */
  readonly policyChecks?: boolean;
}

/**
 * One environment: the azurerm provider, state backend, resource group,
 * optional VNet/subnet with the control-plane identity's grant, and the BYOCNI
 * cluster, all from one config object (the content of a config file), with
 * the environment's protection (`prevent_destroy`, accepted replacements).
 *
 * The provider authenticates from the environment (`ARM_*`, Azure CLI, OIDC);
 * nothing secret is written to `cdk.tf.json`.
 */
export class AksByoCniStack extends TerraformStack {
  /** The config the stack was built from (its props without the stack options). */
  public readonly config: AksByoCniConfig;
  /** The created or referenced resource group. */
  public readonly resourceGroup: AksResourceGroup;
  /** The node network; undefined when AKS creates its own VNet (no `network.vnet` or `network.existingSubnetId`). */
  public readonly network?: AksNetwork;
  /** The BYOCNI cluster. */
  public readonly cluster: AksByoCniCluster;

  constructor(scope: Construct, id: string, props: AksByoCniStackProps) {
    super(scope, id);
    const { policyChecks, ...config } = props;
    this.config = config;
    AcceptedRisks.add(this, config.acceptedRisks ?? []);
    new AzurermProvider(this, "azurerm", { features: [{}] });
    addStateBackend(this, config.backend, config.backend?.key ?? `${id}.tfstate`);

    // Before the constructs: each protects its resources as the environment says.
    AksProtection.set(this, config.protection);

    const tags = config.tags;
    const ignoredTags = config.ignoredTags;
    this.resourceGroup = new AksResourceGroup(this, "resource-group", { location: config.location, resourceGroup: config.resourceGroup, tags, ignoredTags });
    const inputs = environmentInputs(config);
    const resourceGroupName = this.resourceGroup.name;
    if (inputs.network) this.network = new AksNetwork(this, "network", { ...inputs.network, resourceGroupName, tags, ignoredTags });
    const cluster = { ...inputs.cluster, resourceGroupName, tags, ignoredTags, outputPrefix: "" };
    this.cluster = this.network
      ? new AksByoCniCluster(this, "aks", { ...cluster, identity: undefined, nodeSubnet: this.network.nodeSubnet })
      : new AksByoCniCluster(this, "aks", cluster);
    if (policyChecks !== false) new AksPolicyPack(this, "policy");
  }
}
