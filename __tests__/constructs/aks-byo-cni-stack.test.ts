import { AZURERM_PROVIDER_VERSION } from "../../lib/bindings/azurerm";
import { Testing } from "../../lib/bindings/cdktf";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import { problemsOf, seedConfig, synthJson, vnetConfig, withField } from "../support";

test("the azurerm provider, pinned by the prebuilt bindings, authenticates from the environment", () => {
  const json = synthJson(new AksByoCniStack(Testing.app(), "dev", seedConfig()));
  expect(json.provider.azurerm).toEqual([{ features: [{}] }]);
  expect(json.terraform.required_providers.azurerm).toEqual({ source: "azurerm", version: AZURERM_PROVIDER_VERSION });
  expect(AZURERM_PROVIDER_VERSION).toMatch(/^4\.(55|73)\.0$/);
});

test("backend: azurerm state with Entra ID auth and the key defaulting to <stack>.tfstate", () => {
  const config = withField(vnetConfig(), "backend", { type: "azurerm", storageAccountName: "sttf", containerName: "tfstate", useOidc: true });
  const json = synthJson(new AksByoCniStack(Testing.app(), "prod", config));
  expect(json.terraform.backend).toEqual({
    azurerm: { storage_account_name: "sttf", container_name: "tfstate", key: "prod.tfstate", use_azuread_auth: true, use_oidc: true },
  });
  expect(problemsOf({ prod: config }).some((l) => l.message.startsWith("backend:"))).toBe(false);
});

test("without a backend, state stays local and synth says so", () => {
  const lines = problemsOf({ dev: seedConfig() });
  expect(lines).toContainEqual({
    level: "warning",
    stack: "dev",
    message: expect.stringMatching(/^backend: not set, so Terraform state for "dev" stays in a local file/),
  });
});

test("nothing secret is written to cdk.tf.json", () => {
  const text = Testing.synth(new AksByoCniStack(Testing.app(), "prod", withField(vnetConfig(), "backend", { type: "azurerm", storageAccountName: "s", containerName: "c" })));
  expect(text).not.toMatch(/client_secret|access_key|sas_token|password|BEGIN [A-Z ]*PRIVATE KEY/i);
});
