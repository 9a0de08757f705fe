/**
 * Terraform's built-in `terraform_data` resource and `moved` block, written
 * without cdktf's `DataResource` and `moveFromId`.
 *
 * Those two add a validation that runs `terraform version` at every synth: it
 * fails where only OpenTofu (or no Terraform at all) is on PATH — the
 * pipeline's credential-free jobs — and takes most of a synth's validation
 * time. `moved` is in Terraform since 1.1 and `terraform_data` since 1.4, and
 * in every OpenTofu release; the plan that applies the output fails clearly
 * on an older binary, so the check buys nothing here.
 */
import { TerraformElement, TerraformResource, type Construct } from "../../bindings/cdktf";

/** A `terraform_data` resource holding `input`; a change of it is what `replace_triggered_by` reacts to. */
export class TerraformData extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly input: Readonly<Record<string, string>>,
  ) {
    super(scope, id, { terraformResourceType: "terraform_data", terraformGeneratorMetadata: { providerName: "terraform" } });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: { ...this.input } };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return this.synthesizeAttributes();
  }
}

/** A `moved` block: state at address `from` belongs to `to` from now on. */
export class MovedBlock extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly from: string,
    private readonly to: TerraformResource,
  ) {
    super(scope, id, "moved");
  }

  private get target(): string {
    return `${this.to.terraformResourceType}.${this.to.friendlyUniqueId}`;
  }

  toTerraform(): Record<string, unknown> {
    return { moved: [{ to: this.target, from: this.from }] };
  }

  toHclTerraform(): Record<string, unknown> {
    const reference = (value: string) => ({ value, isBlock: false, type: "simple", storageClassType: "reference" });
    return { moved: [{ to: reference(this.target), from: reference(this.from) }] };
  }
}
