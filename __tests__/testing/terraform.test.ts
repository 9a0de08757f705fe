/**
 * The provider check of aks-byocni-cdktf/testing: the generated mock plan
 * file (pure), and one real run of OpenTofu/Terraform with the real azurerm
 * provider on stacks built here with the constructs inside a user's own
 * TerraformStack.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformOutput, TerraformStack, TerraformVariable, type Construct } from "../../lib/bindings/cdktf";
import { AzurermProvider } from "../../lib/bindings/azurerm";
import { AksByoCniCluster, AksByoCniStack, AksResourceGroup } from "../../lib";
import { seedConfig, withField } from "../support";
import {
  armMockValues,
  checkSynthesizedStacks,
  findTerraformCli,
  formatTerraformFailures,
  genericArmId,
  listSynthesizedStacks,
  mockFriendlyStack,
  mockPlanTestFile,
  type StackCheckResult,
  type TerraformCli,
} from "../../lib/testing";
import { withDirectoryLock } from "../../lib/testing/terraform/cli";

const ROOT = path.resolve(__dirname, "..", "..");
const SUB = "00000000-0000-0000-0000-000000000000";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GROUP = `^/subscriptions/${SUB}/resourceGroups/[^/]+`;

/** The `defaults = {...}` line of a mock_resource/mock_data block of the generated file. */
function defaultsOf(text: string, kind: "mock_resource" | "mock_data", type: string): string {
  const m = new RegExp(`${kind} "${type}" \\{\\n\\s+defaults = (.*)\\n`).exec(text);
  if (!m) throw new Error(`no ${kind} "${type}" in:\n${text}`);
  return m[1];
}

/** The value of `key = "..."` in one line of HCL. */
function stringIn(line: string, key: string): string {
  const m = new RegExp(`(?:^|[{,]\\s*)"?${key}"? = "((?:[^"\\\\]|\\\\.)*)"`).exec(line);
  if (!m) throw new Error(`no ${key} in ${line}`);
  return m[1];
}

describe("mockPlanTestFile", () => {
  const stack = {
    provider: { azurerm: [{ features: [{}], subscription_id: SUB }, { alias: "hub", features: [{}] }] },
    variable: { admin_group_object_id: { type: "string" }, with_default: { type: "string", default: "x" } },
    resource: {
      azurerm_subnet: { nodes: { name: "snet", resource_group_name: "rg", virtual_network_name: "vnet", address_prefixes: ["10.0.0.0/24"] } },
      azurerm_user_assigned_identity: { cp: { name: "id-cp", location: "westeurope", resource_group_name: "rg" } },
      azurerm_role_assignment: {
        grant: { scope: "${azurerm_subnet.nodes.id}", principal_id: "${azurerm_user_assigned_identity.cp.principal_id}", role_definition_name: "Network Contributor" },
      },
      azurerm_role_definition: { join: { name: "join", scope: "/subscriptions/x" } },
      azurerm_kubernetes_cluster: { aks: { name: "aks", identity: { type: "SystemAssigned" } } },
      azurerm_frobnicator_widget: { w: { name: "w" } },
      helm_release: { cilium: { name: "cilium", chart: "cilium" } },
    },
    data: {
      azurerm_client_config: { current: {} },
      azurerm_subnet: {
        adopted: {
          name: "snet-aks",
          virtual_network_name: "vnet-spoke",
          resource_group_name: "rg-net",
          lifecycle: { postcondition: [{ condition: '${toset(self.address_prefixes) == toset(["10.64.0.0/22"])}', error_message: "x" }] },
        },
      },
      terraform_remote_state: {
        "cross-stack-reference-input-dev": { backend: "azurerm", config: {} },
      },
    },
    output: {
      host: { value: "${data.terraform_remote_state.cross-stack-reference-input-dev.outputs.cross-stack-output-aks_kube_config0host}" },
      ca: { value: '${base64decode(data.terraform_remote_state.cross-stack-reference-input-dev.outputs["cross-stack-output-aks_cluster_ca_certificate"])}' },
      literal: { value: "${not-a-template" },
    },
  };
  const text = mockPlanTestFile(stack);

  test("gives each azurerm type an ID of its real ARM shape", () => {
    expect(stringIn(defaultsOf(text, "mock_resource", "azurerm_subnet"), "id")).toMatch(
      new RegExp(`${GROUP}/providers/Microsoft.Network/virtualNetworks/[^/]+/subnets/[^/]+$`),
    );
    expect(stringIn(defaultsOf(text, "mock_resource", "azurerm_user_assigned_identity"), "id")).toMatch(
      new RegExp(`${GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/[^/]+$`),
    );
    expect(stringIn(defaultsOf(text, "mock_resource", "azurerm_kubernetes_cluster"), "id")).toMatch(
      new RegExp(`${GROUP}/providers/Microsoft.ContainerService/managedClusters/[^/]+$`),
    );
    expect(stringIn(defaultsOf(text, "mock_resource", "azurerm_role_assignment"), "id")).toMatch(
      /\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f-]{36}$/,
    );
    // azurerm's role definition ID is "<role definition resource ID>|<scope>".
    const role = defaultsOf(text, "mock_resource", "azurerm_role_definition");
    expect(stringIn(role, "id")).toMatch(new RegExp(`^/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/[0-9a-f-]{36}\\|/subscriptions/`));
    expect(stringIn(role, "role_definition_resource_id")).toMatch(/\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/);
  });

  test("gives identities and the client config UUIDs", () => {
    const identity = defaultsOf(text, "mock_resource", "azurerm_user_assigned_identity");
    for (const key of ["principal_id", "client_id", "tenant_id"]) expect(stringIn(identity, key)).toMatch(UUID);
    const client = defaultsOf(text, "mock_data", "azurerm_client_config");
    for (const key of ["client_id", "object_id", "tenant_id"]) expect(stringIn(client, key)).toMatch(UUID);
    expect(stringIn(client, "subscription_id")).toBe(SUB);
  });

  test("a type missing from the table gets a generic, well-formed ARM ID", () => {
    expect(stringIn(defaultsOf(text, "mock_resource", "azurerm_frobnicator_widget"), "id")).toBe(genericArmId("azurerm_frobnicator_widget"));
    expect(genericArmId("azurerm_frobnicator_widget")).toMatch(new RegExp(`${GROUP}/providers/Microsoft\\.[A-Za-z]+/frobnicatorWidgets/[a-z0-9-]+$`));
  });

  test("never mocks an attribute that the configuration sets", () => {
    // principal_type and role_definition_id are computed, but this stack sets neither; name it sets.
    expect(defaultsOf(text, "mock_resource", "azurerm_role_assignment")).toContain("role_definition_id");
    const withId = mockPlanTestFile({ resource: { azurerm_role_assignment: { g: { role_definition_id: "/x", principal_type: "ServicePrincipal" } } } });
    const line = defaultsOf(withId, "mock_resource", "azurerm_role_assignment");
    expect(line).not.toContain("role_definition_id");
    expect(line).not.toContain("principal_type");
  });

  test("mocks every provider, with its aliases, and fills a present identity block per resource", () => {
    expect(text).toMatch(/mock_provider "azurerm" \{\n {2}mock_resource/);
    expect(text).toMatch(/mock_provider "azurerm" \{\n {2}alias = "hub"/);
    expect(text).toContain('mock_provider "helm" {');
    expect(text).not.toContain('mock_provider "terraform"');
    const override = /override_resource \{\n {2}target = azurerm_kubernetes_cluster\.aks\n {2}values = (.*)\n/.exec(text)?.[1] ?? "";
    expect(override).toMatch(/identity = \{ principal_id = "[0-9a-f-]{36}", tenant_id = "[0-9a-f-]{36}" \}/);
    expect(stringIn(override, "id")).toMatch(/\/managedClusters\/aks$/);
  });

  test("remote state returns exactly the outputs the stack reads, with usable values", () => {
    const m = /override_data \{\n {2}target = data\.terraform_remote_state\.cross-stack-reference-input-dev\n {2}values = (.*)\n/.exec(text);
    expect(m).not.toBeNull();
    const values = m![1];
    expect(stringIn(values, "cross-stack-output-aks_kube_config0host")).toMatch(/^https:\/\//);
    const ca = stringIn(values, "cross-stack-output-aks_cluster_ca_certificate");
    expect(Buffer.from(ca, "base64").toString()).toContain("BEGIN CERTIFICATE");
    expect(values.match(/cross-stack-output-/g)).toHaveLength(2);
  });

  test("an adopted subnet's data source agrees with its postconditions and its literal names", () => {
    const m = /override_data \{\n {2}target = data\.azurerm_subnet\.adopted\n {2}values = (.*)\n/.exec(text);
    expect(m).not.toBeNull();
    expect(m![1]).toContain('address_prefixes = ["10.64.0.0/22"]');
    expect(stringIn(m![1], "id")).toBe(`/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/snet-aks`);
  });

  test("variables without a default get a value, and the run plans", () => {
    expect(text).toMatch(/variables \{\n {2}admin_group_object_id = "[0-9a-f-]{36}"\n\}/);
    expect(text).not.toContain("with_default");
    expect(text).toMatch(/run "plan" \{\n {2}command = plan\n\}/);
  });

  test("strings are HCL-escaped", () => {
    const escaped = mockPlanTestFile({ variable: { v: { type: "string" } } }, { variables: { v: 'a "${b}" %{c}\n' } });
    expect(escaped).toContain('v = "a \\"$${b}\\" %%{c}\\n"');
  });

  test("armMockValues: data sources return what a lookup returns", () => {
    expect(armMockValues("azurerm_subnet", { data: true })).toMatchObject({ address_prefixes: [expect.any(String)], route_table_id: expect.stringContaining("/routeTables/") });
    expect(armMockValues("azurerm_resource_group", { data: true, location: "westeurope" })).toMatchObject({ location: "westeurope" });
  });
});

describe("mockFriendlyStack", () => {
  test("reads computed-only blocks through try(), leaving everything else alone", () => {
    const json = {
      resource: { azurerm_kubernetes_cluster: { aks: { name: "aks" } } },
      output: {
        kubelet: { value: "${azurerm_kubernetes_cluster.aks.kubelet_identity[0].object_id}" },
        host: { value: "${azurerm_kubernetes_cluster.aks.kube_config[0].host}" },
        name: { value: "${azurerm_kubernetes_cluster.aks.name}" },
      },
    };
    const { json: out, references } = mockFriendlyStack(json);
    const outputs = out.output as Record<string, { value: string }>;
    expect(outputs.kubelet.value).toMatch(/^\$\{try\(azurerm_kubernetes_cluster\.aks\.kubelet_identity\[0\]\.object_id, "[0-9a-f-]{36}"\)\}$/);
    expect(outputs.host.value).toMatch(/^\$\{try\(azurerm_kubernetes_cluster\.aks\.kube_config\[0\]\.host, "https:\/\/.*"\)\}$/);
    expect(outputs.name.value).toBe("${azurerm_kubernetes_cluster.aks.name}");
    expect(references.map((r) => r.block).sort()).toEqual(["azurerm_kubernetes_cluster.aks.kube_config", "azurerm_kubernetes_cluster.aks.kubelet_identity"]);
    expect(json.output.kubelet.value).toBe("${azurerm_kubernetes_cluster.aks.kubelet_identity[0].object_id}"); // input untouched
  });

  test("nested blocks, and blocks an earlier plan found empty, are read through try() too", () => {
    const json = {
      resource: { azurerm_kubernetes_cluster: { aks: { name: "aks" } } },
      output: {
        oms: { value: "${azurerm_kubernetes_cluster.aks.oms_agent[0].oms_agent_identity[0].object_id}" },
        other: { value: "${data.azurerm_thing.t.computed_block[0].value}" },
      },
    };
    const { json: out, references } = mockFriendlyStack(json, ["data.azurerm_thing.t.computed_block"]);
    const outputs = out.output as Record<string, { value: string }>;
    expect(outputs.oms.value).toMatch(/^\$\{try\(azurerm_kubernetes_cluster\.aks\.oms_agent\[0\]\.oms_agent_identity\[0\]\.object_id, "[0-9a-f-]{36}"\)\}$/);
    expect(outputs.other.value).toBe('${try(data.azurerm_thing.t.computed_block[0].value, "mock-value")}');
    expect(references.map((r) => r.block)).toContain("data.azurerm_thing.t.computed_block");
  });
});

describe("formatTerraformFailures", () => {
  const base = { stackDir: "/x", warnings: [], notes: [], seconds: 1 };
  const results: StackCheckResult[] = [
    { ...base, stack: "good", ok: true, problems: [] },
    {
      ...base,
      stack: "bad",
      ok: false,
      phase: "validate",
      problems: [
        { severity: "error", message: "expected x to be in the range (24 - 2160), got 1", address: "azurerm_kubernetes_cluster.aks" },
        { severity: "error", message: "second" },
      ],
    },
  ];
  test("one line per failing stack, or per problem", () => {
    expect(formatTerraformFailures(results)).toEqual(["bad: validate: expected x to be in the range (24 - 2160), got 1 (azurerm_kubernetes_cluster.aks) | second"]);
    expect(formatTerraformFailures(results, { perProblem: true })).toEqual([
      "bad: validate: expected x to be in the range (24 - 2160), got 1 (azurerm_kubernetes_cluster.aks)",
      "bad: validate: second",
    ]);
  });
});

describe("findTerraformCli", () => {
  test("says what to install when nothing is found", async () => {
    await expect(findTerraformCli({ searchPath: "", installScript: path.join(os.tmpdir(), "no-such-install.sh"), installDir: os.tmpdir() })).rejects.toThrow(
      /Install OpenTofu 1\.10\.10 .*hashicorp\/azurerm 4\.55\.0.*Tried: tofu: not on PATH; terraform: not on PATH; .*no-such-install\.sh: not found/,
    );
  });

  test("runs the install script once at a time per directory: parallel test workers do not corrupt each other's unpacking", async () => {
    // Like install.sh: writes a temporary file into the directory, then checks what it wrote.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "install-lock-"));
    const script = path.join(dir, "install.sh");
    fs.writeFileSync(
      script,
      [
        "#!/usr/bin/env bash",
        "set -euo pipefail",
        'mkdir -p "$1/bin"; echo $$ > "$1/bin/tofu.tmp"; sleep 0.3',
        '[ "$(cat "$1/bin/tofu.tmp")" = $$ ] || { echo "checksum mismatch" >&2; exit 1; }',
        'mv "$1/bin/tofu.tmp" "$1/bin/tofu"; chmod +x "$1/bin/tofu"; touch "$1/tofurc"; echo "$1/bin/tofu"',
      ].join("\n"),
      { mode: 0o755 },
    );
    const installDir = path.join(dir, "tools");
    const found = await Promise.all([1, 2, 3].map(() => findTerraformCli({ searchPath: "", installScript: script, installDir })));
    expect(found.map((cli) => cli.binary)).toEqual([1, 2, 3].map(() => path.join(installDir, "bin", "tofu")));
    expect(fs.existsSync(`${installDir}.lock`)).toBe(false);
  });

  test("takes over a lock whose owner no longer runs", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "install-lock-"));
    const lock = path.join(dir, "tools.lock");
    fs.mkdirSync(lock);
    fs.writeFileSync(path.join(lock, "pid"), "2147483646");
    await expect(withDirectoryLock(lock, 2000, async () => "ran")).resolves.toBe("ran");
    fs.mkdirSync(lock);
    fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
    await expect(withDirectoryLock(lock, 300, async () => "ran")).rejects.toThrow(/still held by process/);
  });
});

// ---------------------------------------------------------------------------
// A real run: the constructs inside a user's stack, shown to the real azurerm provider.
// ---------------------------------------------------------------------------

/**
 * A user's stack: their provider, a resource group and a cluster from the
 * constructs (in the VNet AKS creates), and an output of their own.
 */
class PlatformStack extends TerraformStack {
  readonly cluster: AksByoCniCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzurermProvider(this, "azurerm", { subscriptionId: SUB, features: [{}] });
    const group = new AksResourceGroup(this, "group", { location: "westeurope", resourceGroup: { name: `rg-${id}` } });
    this.cluster = new AksByoCniCluster(this, "aks", {
      location: "westeurope",
      resourceGroupName: group.name,
      network: { podCidr: "100.64.0.0/16" },
      cluster: {
        name: `aks-${id}`,
        defaultNodePool: { name: "system", nodeCount: 3, vmSize: "Standard_D4ds_v5" },
        userNodePools: [{ name: "apps", nodeCount: 2, vmSize: "Standard_D4ds_v5", autoScaling: { minCount: 2, maxCount: 4 } }],
        apiServer: { authorizedIpRanges: ["203.0.113.0/24"] },
        // Explicit: azurerm 4.55 needs a tenant (or admin groups) with Azure RBAC.
        security: { tenantId: "11111111-2222-3333-4444-555555555555" },
      },
    });
    new TerraformOutput(this, "cluster_id", { value: this.cluster.kubernetesCluster.id });
  }
}

/**
 * A config file's references (as the docs allow them) in the ranges and the
 * adopted subnet, with the variables they name declared in the stack: the
 * Terraform functions written around them (preconditions, the custom role's
 * scope, the adopted subnet's names) must read the references, not their text.
 */
const REFERENCES = {
  pod_cidr: "100.64.0.0/16",
  service_cidr: "10.0.0.0/16",
  dns_service_ip: "10.0.0.10",
  subnet_id: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-aks`,
};

function referencesStack(app: App): void {
  const network = {
    podCidr: "${var.pod_cidr}",
    serviceCidr: "${var.service_cidr}",
    dnsServiceIp: "${var.dns_service_ip}",
    existingSubnetId: "${var.subnet_id}",
    subnetRole: "MinimalCustomRole",
  };
  const config = withField(withField(seedConfig(), "network", network), "cluster.security", { tenantId: "11111111-2222-3333-4444-555555555555" });
  const stack = new AksByoCniStack(app, "config-references", config);
  for (const [name, value] of Object.entries(REFERENCES)) new TerraformVariable(stack, name, { type: "string", default: value });
}

describe("checkSynthesizedStacks, with the real providers", () => {
  let outdir: string | undefined;
  let results: StackCheckResult[];

  beforeAll(async () => {
    // No skipping: without a CLI this fails with the finder's message, which says what to install.
    // OpenTofu only: Terraform's mock providers skip the provider's validation of mocked values,
    // which the wrong-kind ID below relies on.
    const cli: TerraformCli = await findTerraformCli({
      candidates: ["tofu"],
      installScript: path.resolve(ROOT, "..", "shared", "terraform", "install.sh"),
      installDir: path.join(ROOT, ".tools", "tofu"),
    });
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "terraform-check-test-"));
    const app = new App({ outdir });
    new PlatformStack(app, "good");
    // The provider refuses this (24-2160 hours); the project's rules do not look at it.
    new PlatformStack(app, "bad-value").cluster.kubernetesCluster.addOverride("image_cleaner_interval_hours", 1);
    // A workspace ID where a disk encryption set ID belongs: only a plan with ARM-shaped mock IDs sees it.
    const wrongKind = new PlatformStack(app, "bad-reference");
    wrongKind.cluster.kubernetesCluster.addOverride("disk_encryption_set_id", wrongKind.cluster.logAnalyticsWorkspace!.id);
    referencesStack(app);
    app.synth();
    results = await checkSynthesizedStacks(listSynthesizedStacks(outdir), { binary: cli.binary, cliConfigFile: cli.cliConfigFile });
  }, 180_000);

  afterAll(() => outdir && fs.rmSync(outdir, { recursive: true, force: true }));

  const result = (stack: string) => {
    const r = results.find((x) => x.stack === stack);
    if (!r) throw new Error(`no result for ${stack}`);
    return r;
  };

  test("the constructs in a user's stack pass validate and the mock plan", () => {
    const r = result("good");
    expect(formatTerraformFailures([r])).toEqual([]);
    expect(r.ok).toBe(true);
  });

  test("a value the provider refuses fails validate with the provider's message", () => {
    const r = result("bad-value");
    expect(r.ok).toBe(false);
    expect(r.phase).toBe("validate");
    expect(formatTerraformFailures([r])).toEqual([
      expect.stringMatching(/^bad-value: validate: .*image_cleaner_interval_hours.*24.*2160.*got 1.* \(azurerm_kubernetes_cluster\.aks_cluster_[0-9A-F]+\)$/),
    ]);
  });

  test("an ID of the wrong kind fails the mock plan with azurerm's parser message", () => {
    const r = result("bad-reference");
    expect(r.ok).toBe(false);
    expect(r.phase).toBe("plan");
    expect(formatTerraformFailures([r])[0]).toMatch(/^bad-reference: plan: .*DiskEncryptionSet.*\(azurerm_kubernetes_cluster\.aks_cluster_[0-9A-F]+\)/i);
  });

  test("a config's references pass validate, the mock plan and the real-provider plan", () => {
    const r = result("config-references");
    expect(formatTerraformFailures([r])).toEqual([]);
    expect(r.ok).toBe(true);
    const text = fs.readFileSync(path.join(r.stackDir, "cdk.tf.json"), "utf8");
    expect(text).toContain("cidrnetmask(var.pod_cidr)");
    expect(text).toContain('slice(split(\\"/\\", var.subnet_id), 0, 5)');
  });

  test("the working directories are temporary: nothing lands in the synth output", () => {
    for (const dir of listSynthesizedStacks(outdir!)) expect(fs.readdirSync(dir).filter((f) => f.startsWith(".terraform"))).toEqual([]);
    for (const r of results) expect(r.workDir).toBeUndefined();
  });
});
