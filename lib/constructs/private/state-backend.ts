/**
 * The Terraform state backend of a stack, from the config's `backend`
 * section. Shared by the cluster stack and the CNI stack, so that both keep
 * state in the same container under their own names.
 */
import { Annotations, AzurermBackend, type TerraformStack } from "../../bindings/cdktf";
import type { BackendSettings } from "../../config/types";

/**
 * Configures `stack`'s backend. Without settings, state stays local and synth
 * says so (a CI runner would lose it).
 * @param key state blob name; the caller derives it so that stacks never share one
 */
export function addStateBackend(stack: TerraformStack, backend: BackendSettings | undefined, key: string): void {
  const id = stack.node.id;
  if (!backend) {
    Annotations.of(stack).addWarning(
      `backend: not set, so Terraform state for "${id}" stays in a local file (terraform.${id}.tfstate) on the machine that runs deploy; a CI runner loses it. Set backend (type: azurerm) for shared, locked state`,
    );
    return;
  }
  new AzurermBackend(stack, {
    storageAccountName: backend.storageAccountName,
    containerName: backend.containerName,
    key,
    resourceGroupName: backend.resourceGroupName,
    useAzureadAuth: backend.useAzureadAuth ?? true,
    useOidc: backend.useOidc,
    subscriptionId: backend.subscriptionId,
    tenantId: backend.tenantId,
  });
}

/** `name.tfstate` → `name<suffix>.tfstate`; a key without the extension gets the suffix appended. */
export function suffixStateKey(key: string, suffix: string): string {
  return key.endsWith(".tfstate") ? `${key.slice(0, -".tfstate".length)}${suffix}.tfstate` : `${key}${suffix}`;
}
