import { DataAzurermResourceGroup, ResourceGroup } from "../bindings/azurerm";
import { Construct, TerraformStack, type IConstruct } from "../bindings/cdktf";
import type { AcceptedRisk, ResourceGroupSettings } from "../config/types";
import { protectResource } from "./aks-protection";
import { ignoreChanges, ignoredTagChanges } from "./private/lifecycle";
import { checkResourceGroup } from "../rules/checks";
import { checkIgnoredTags } from "../rules/day2";
import { checkTags } from "../rules/tags";
import { AcceptedRisks } from "./accepted-risks";
import { addRuleValidation } from "./private/rule-validation";

/** Props of {@link AksResourceGroup}. */
export interface AksResourceGroupProps {
  /** Azure region, e.g. `eastus` (config: `location`). */
  readonly location: string;
  /** Name, and whether the group exists already (config: `resourceGroup`). */
  readonly resourceGroup: ResourceGroupSettings;
  /**
   * Tags on the resource group.
   * @default none
   */
  readonly tags?: Record<string, string>;
  /**
   * Tag keys set outside this code (e.g. by an Azure Policy with the Modify
   * effect) that deploys leave alone.
   * @default none
   */
  readonly ignoredTags?: string[];
  /**
   * Rules accepted knowingly for this construct and everything below it.
   * @default none
   */
  readonly acceptedRisks?: AcceptedRisk[];
}

/**
 * The resource group of the cluster: created, or referenced with a data
 * source when `resourceGroup.existing` is true. Checks NAME-08, LOC-01 and its tags (TAG).
 * A created group is protected (`resourceGroup`, see {@link AksProtection}).
 */
export class AksResourceGroup extends Construct {
  /**
   * The literal name behind `name` when `name` is the reference of an
   * AksResourceGroup in the same stack (rules check literals; resources take
   * the reference so that Terraform creates the group first); otherwise `name` itself.
   */
  static literalName(scope: IConstruct, name: string): string {
    const group = TerraformStack.of(scope)
      .node.findAll()
      .find((c): c is AksResourceGroup => c instanceof AksResourceGroup && c.name === name);
    return group?.groupName ?? name;
  }

  /**
   * Name of the group, as a reference so that Terraform creates the group
   * before what uses it.
   */
  public readonly name: string;
  /** The group's name as written in the config. */
  public readonly groupName: string;
  /** ARM ID of the group (a Terraform reference). */
  public readonly id: string;
  /** The created group; undefined when it exists already. */
  public readonly resourceGroup?: ResourceGroup;
  /** The referenced group; undefined when it is created here. */
  public readonly existing?: DataAzurermResourceGroup;

  constructor(scope: Construct, id: string, props: AksResourceGroupProps) {
    super(scope, id);
    AcceptedRisks.add(this, props.acceptedRisks ?? []);
    const { name, existing } = props.resourceGroup;
    this.groupName = name;
    if (existing) {
      this.existing = new DataAzurermResourceGroup(this, "existing", { name });
      this.id = this.existing.id;
      this.name = this.existing.name;
    } else {
      this.resourceGroup = new ResourceGroup(this, "group", { name, location: props.location, tags: props.tags });
      ignoreChanges(this.resourceGroup, ignoredTagChanges(props.ignoredTags));
      protectResource(this.resourceGroup, "resourceGroup", "resourceGroup");
      this.id = this.resourceGroup.id;
      this.name = this.resourceGroup.name;
    }
    addRuleValidation(this, (ctx) => {
      checkResourceGroup(ctx, name, props.location);
      checkTags(ctx, props.tags);
      checkIgnoredTags(ctx, props.ignoredTags, props.tags);
    });
  }
}
