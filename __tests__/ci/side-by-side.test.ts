/**
 * The comparison of the two packages' outputs (scripts/synth-sources.js,
 * `npm run cdktn:compare`): the deliberate differences pass, nothing else does.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compareStackJson } = require("../../scripts/synth-sources") as { compareStackJson(a: unknown, b: unknown): string[] };

const stack = (azurerm: string, framework: string, extra: Record<string, unknown> = {}) => ({
  "//": { metadata: { version: framework, stackName: "dev", backend: "local" } },
  provider: { azurerm: [{ features: [{}] }] },
  resource: { azurerm_resource_group: { rg: { name: "rg", location: "eastus", ...extra } } },
  terraform: { required_providers: { azurerm: { source: "azurerm", version: azurerm } } },
});

test("the azurerm pin 4.55.0 -> 4.73.0 and the metadata version are the only accepted differences", () => {
  expect(compareStackJson(stack("4.55.0", "0.21.0"), stack("4.73.0", "0.24.0"))).toEqual([]);
});

test("any other difference is named by its path, including another provider version", () => {
  expect(compareStackJson(stack("4.55.0", "0.21.0"), stack("4.73.0", "0.24.0", { tags: { a: "b" } }))).toEqual([
    'resource.azurerm_resource_group.rg.tags: undefined (cdktf) vs {"a":"b"} (cdktn)',
  ]);
  expect(compareStackJson(stack("4.55.0", "0.21.0"), stack("4.74.0", "0.24.0"))).toEqual([
    'terraform.required_providers.azurerm.version: "4.55.0" (cdktf) vs "4.74.0" (cdktn)',
  ]);
  expect(compareStackJson(stack("4.55.0", "0.21.0"), { ...stack("4.73.0", "0.24.0"), provider: { azurerm: [{ features: {} }] } })).toEqual([
    'provider.azurerm.0.features: [{}] (cdktf) vs {} (cdktn)',
  ]);
});
