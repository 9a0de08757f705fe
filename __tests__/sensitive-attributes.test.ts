/**
 * lib/reference/sensitive-attributes.json is generated from the real
 * providers' schemas by scripts/sensitive-attributes.js. This re-runs the
 * generator and compares: the committed file must be current. Regenerate with
 * `npm run sensitive:attributes`.
 */
import * as fs from "fs";
import * as path from "path";
import { findTerraformCli } from "../lib/testing/terraform/cli";
import { sensitiveAttributeReached } from "../lib/reference/sensitive-attributes";

interface Catalog {
  providers: Record<string, string[]>;
  resource: Record<string, string[]>;
  data: Record<string, string[]>;
}
interface Generator {
  readSchemas(cli: { binary: string; cliConfigFile?: string }): Promise<unknown[]>;
  buildCatalog(schemas: unknown[]): Catalog;
  renderCatalog(catalog: Catalog): string;
  OUTPUT: string;
}
// A plain Node script (it runs without a build), so it is required, not imported.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator: Generator = require("../scripts/sensitive-attributes.js");

const ROOT = path.join(__dirname, "..");

describe("the generated list of sensitive attributes", () => {
  let built: Catalog;

  beforeAll(async () => {
    // No skipping: without a CLI this fails with the finder's message, which says what to install.
    const cli = await findTerraformCli({ installScript: path.resolve(ROOT, "..", "shared", "terraform", "install.sh"), installDir: path.join(ROOT, ".tools", "tofu") });
    built = generator.buildCatalog(await generator.readSchemas(cli));
  }, 180_000);

  test("is current: the generator's output on the providers' schemas equals the committed file", () => {
    // On failure: `npm run sensitive:attributes`, then review the diff.
    expect(fs.readFileSync(generator.OUTPUT, "utf8")).toBe(generator.renderCatalog(built));
  });

  test("comes from the provider builds the stacks pin", () => {
    expect(built.providers).toEqual({ "hashicorp/azurerm": ["4.55.0", "4.73.0"], "hashicorp/helm": ["3.1.1"] });
  });

  test("is the union of both azurerm versions: an attribute sensitive in only one of them is listed", () => {
    // Sensitive in 4.55.0 only (the resource changed later), and in 4.73.0 only (a data source attribute added since).
    expect(built.resource.azurerm_mobile_network_sim).toContain("authentication_key");
    expect(built.data.azurerm_container_registry).toContain("admin_password");
  });

  test("nested blocks and the helm provider's nested attributes are walked; nothing is listed below a sensitive attribute", () => {
    expect(built.resource.azurerm_kubernetes_cluster).toEqual(
      expect.arrayContaining(["kube_admin_config", "kube_config_raw", "windows_profile.admin_password", "service_principal.client_secret"]),
    );
    expect(built.resource.azurerm_kubernetes_cluster!.filter((p) => p.startsWith("kube_config."))).toEqual([]);
    expect(built.resource.helm_release).toContain("set_sensitive.value");
    expect(built.resource.azurerm_log_analytics_workspace).toEqual(["primary_shared_key", "secondary_shared_key"]);
  });
});

describe("sensitiveAttributeReached", () => {
  test.each([
    ["the attribute", ["kube_config_raw"], "kube_config_raw"],
    ["a field under it", ["kube_admin_config", "client_key"], "kube_admin_config"],
    ["a block holding it", ["windows_profile"], "windows_profile.admin_password"],
    ["not a sibling", ["windows_profile", "admin_username"], undefined],
    ["not a name it prefixes", ["kube_config_rawx"], undefined],
  ])("%s", (_what, steps, reached) => {
    expect(sensitiveAttributeReached("resource", "azurerm_kubernetes_cluster", steps)).toBe(reached);
  });

  test("data sources have their own list, and an unknown type none", () => {
    expect(sensitiveAttributeReached("data", "azurerm_kubernetes_cluster", ["service_principal"])).toBeUndefined();
    expect(sensitiveAttributeReached("data", "azurerm_kubernetes_cluster", ["kube_config"])).toBe("kube_config");
    expect(sensitiveAttributeReached("resource", "toString", ["x"])).toBeUndefined();
  });
});
