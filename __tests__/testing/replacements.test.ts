/**
 * The fast replacement check's conditional rules (azurerm's ForceNewIfChange),
 * on hand-written plans; the oracle test checks the tables against the real provider.
 */
import { replacementChanges } from "../../lib/testing/replacements";

const pool = (osSku?: string) => ({ resource: { azurerm_kubernetes_cluster_node_pool: { apps: { name: "apps", kubernetes_cluster_id: "/x", ...(osSku ? { os_sku: osSku } : {}) } } } });
const effect = (before?: string, after?: string) => replacementChanges(pool(before), pool(after)).map((c) => `${c.attribute} ${c.effect}`);

describe("a pool's os_sku: AKS migrates Ubuntu and Azure Linux in place; azurerm replaces the pool for any other change", () => {
  test.each([
    ["Ubuntu", "AzureLinux"],
    ["AzureLinux", "Ubuntu2204"],
    ["Ubuntu2204", "AzureLinux3"],
    // Unset in the config: the state holds AKS's default, Ubuntu.
    [undefined, "AzureLinux"],
    // Removed from the config: the state keeps Azure's value.
    ["AzureLinux", undefined],
  ])("%s -> %s is no replacement", (before, after) => expect(effect(before, after)).toEqual([]));

  test.each([
    ["Ubuntu", "Windows2022"],
    ["Windows2019", "Windows2022"],
    [undefined, "Windows2022"],
  ])("%s -> %s replaces the pool", (before, after) => expect(effect(before, after)).toEqual(["os_sku replaces"]));
});

test("network_plugin_mode: only overlay is planned in place; removing it replaces the cluster (CustomizeDiff)", () => {
  const aks = (mode?: string) => ({ resource: { azurerm_kubernetes_cluster: { c: { name: "c", network_profile: { network_plugin: "none", ...(mode ? { network_plugin_mode: mode } : {}) } } } } });
  const effect = (before?: string, after?: string) => replacementChanges(aks(before), aks(after)).map((c) => `${c.attribute} ${c.effect}`);
  expect(effect("overlay", undefined)).toEqual(["network_profile.0.network_plugin_mode replaces"]);
  expect(effect(undefined, "overlay")).toEqual([]);
  expect(effect("overlay", "overlay")).toEqual([]);
});
