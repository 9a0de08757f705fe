/**
 * CFG-07 through the loader: a config file holds values, never Terraform
 * code; CFG-08: a reference in it reads no secret; and a config file is a
 * regular file, not a link (CFG-05).
 */
import * as fs from "fs";
import * as path from "path";
import { dump } from "js-yaml";
import { loadConfigDir } from "../../lib/config/load";
import { expressionProblem } from "../../lib/config/expressions";
import { configDirWith, seedConfig, tempDir, withField } from "../support";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The problems of one YAML file, as `path: message [RULE]`. */
function problemsOf(config: unknown): string[] {
  const dir = configDirWith({ "dev.yaml": dump(config) });
  dirs.push(dir);
  return loadConfigDir(dir).problems.map((p) => `${p.path}: ${p.message} [${p.rule}]`);
}

const seedWith = (field: string, value: unknown) => withField(seedConfig(), field, value);

test.each([
  ["the token cache read into a tag", "tags", { leak: '${substr(file("/home/runner/.azure/msal_token_cache.json"),0,250)}' }, "tags.leak"],
  ["a computed open range", "cluster.apiServer.authorizedIpRanges", ['${join("",["0.0.0.0/0"])}'], "cluster.apiServer.authorizedIpRanges[0]"],
  ["templatefile in a Helm value", "cni", { plugin: "cilium", version: "1.18.14", values: { extraArgs: ['${templatefile("/etc/passwd", {})}'] } }, "cni.values.extraArgs[0]"],
  ["a directive", "tags", { team: "%{ if true }a%{ endif }" }, "tags.team"],
  ["a call hidden in a nested string", "cluster.name", '${"aks${file("/etc/hostname")}"}', "cluster.name"],
  ["a function in a key", "tags", { '${file("/etc/hostname")}': "x" }, 'tags.${file("/etc/hostname")}'],
  ["a local value (not a documented reference)", "tags", { team: "${local.team}" }, "tags.team"],
  ["the runner's working directory", "tags", { where: "${path.cwd}" }, "tags.where"],
  ["an unterminated sequence", "tags", { team: "${var.team" }, "tags.team"],
])("refuses %s with one CFG-07 line at its field", (_what, field, value, at) => {
  const problems = problemsOf(seedWith(field, value));
  expect(problems).toEqual([expect.stringMatching(new RegExp(`^${at.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: .*holds a Terraform expression.* \\[CFG-07\\]$`))]);
});

test.each([
  ["a variable", "tags", { team: "${var.team}" }],
  ["a resource attribute", "network.existingSubnetId", "${azurerm_subnet.nodes.id}"],
  ["a data source attribute with an index", "tags", { owner: "${data.azurerm_client_config.current.object_id}", kubelet: "${azurerm_kubernetes_cluster.c.kubelet_identity[0].object_id}" }],
  ["a reference inside text", "tags", { team: "team-${var.team}" }],
  ["an escaped sequence (literal text)", "cni", { plugin: "cilium", version: "1.18.14", values: { extraEnv: ["$${HOME}", "%%{x}"] } }],
  ["a dollar that starts nothing", "tags", { cost: "$5 {monthly}" }],
])("accepts %s", (_what, field, value) => {
  expect(problemsOf(seedWith(field, value))).toEqual([]);
});

test.each([
  ["an authorized range", "cluster.apiServer.authorizedIpRanges", ["${var.admin_range}"], "cluster.apiServer.authorizedIpRanges[0]"],
  ["the tenant", "cluster.security.tenantId", "${data.azurerm_client_config.current.tenant_id}", "cluster.security.tenantId"],
  ["an admin group", "cluster.security.adminGroupObjectIds", ["${azuread_group.admins.object_id}"], "cluster.security.adminGroupObjectIds[0]"],
])("refuses even a plain reference in cluster.apiServer and cluster.security: %s", (_what, field, value, at) => {
  expect(problemsOf(seedWith(field, value))).toEqual([`${at}: the value "${[value].flat()[0]}" is a Terraform reference; cluster.apiServer and cluster.security take literal values only, so that synth checks the API server's exposure and the security settings instead of leaving them to apply time (${path.join(dirs[dirs.length - 1]!, "dev.yaml")}) [CFG-07]`]);
});

describe("CFG-08: a reference reads no secret", () => {
  const WORKSPACE = "azurerm_log_analytics_workspace.aks_logs_BE030C00";
  const CLUSTER = "azurerm_kubernetes_cluster.aks_cluster_D4B35EC5";
  const POOL_TAGS = (tags: Record<string, string>) => ["cluster.userNodePools", [{ name: "apps", nodeCount: 1, vmSize: "Standard_D4ds_v5", tags }]] as const;
  const file = () => path.join(dirs[dirs.length - 1]!, "dev.yaml");

  test("a workspace key in a pool's tag is refused in one line naming the field, the reference and where it would go", () => {
    const [field, value] = POOL_TAGS({ k: `\${${WORKSPACE}.primary_shared_key}` });
    expect(problemsOf(seedWith(field, value))).toEqual([
      `cluster.userNodePools[0].tags.k: the value references ${WORKSPACE}.primary_shared_key, and azurerm marks azurerm_log_analytics_workspace's primary_shared_key sensitive: ` +
        `it would be written into an Azure resource, where anyone with Reader access reads it (${file()}) [CFG-08]`,
    ]);
  });

  test("the workspace's ID next to it is accepted", () => {
    const [field, value] = POOL_TAGS({ k: `\${${WORKSPACE}.workspace_id}` });
    expect(problemsOf(seedWith(field, value))).toEqual([]);
  });

  test.each([
    ["a top-level sensitive attribute", `${CLUSTER}.kube_config_raw`, "kube_config_raw"],
    ["a field under one", `${CLUSTER}.kube_admin_config[0].client_key`, "kube_admin_config"],
    ["a sensitive attribute of a nested block", `${CLUSTER}.windows_profile[0].admin_password`, "windows_profile.admin_password"],
    ["a block that holds one", `${CLUSTER}.service_principal`, "service_principal.client_secret"],
    ["a data source's", "data.azurerm_kubernetes_cluster.existing.kube_config[0].client_certificate", "kube_config"],
    ["a storage account key", "azurerm_storage_account.logs.primary_access_key", "primary_access_key"],
    ["the helm provider's", "helm_release.cilium.set_sensitive[0].value", "set_sensitive.value"],
  ])("refuses %s", (_what, reference, sensitive) => {
    const type = reference.replace(/^data\./, "").split(".")[0]!;
    expect(problemsOf(seedWith("tags", { team: `team-\${${reference}}` }))).toEqual([
      expect.stringMatching(`^tags\\.team: the value references ${reference.replace(/[.[\]]/g, "\\$&")}, and ${type.split("_")[0]} marks ${type}'s ${sensitive} sensitive: .* \\[CFG-08\\]$`),
    ]);
  });

  test.each([
    ["the cluster's ID", `${CLUSTER}.id`],
    ["the kubelet identity beside the kube config", `${CLUSTER}.kubelet_identity[0].object_id`],
    ["the admin user name beside the password", `${CLUSTER}.windows_profile[0].admin_username`],
    ["a data source's FQDN", "data.azurerm_kubernetes_cluster.existing.fqdn"],
    ["a helm release's status", "helm_release.cilium.status"],
    // The stack declares a variable's sensitivity; the config file cannot see it.
    ["a variable, whatever its name", "var.workspace_key"],
  ])("accepts %s", (_what, reference) => {
    expect(problemsOf(seedWith("tags", { team: `team-\${${reference}}` }))).toEqual([]);
  });

  test("spaces inside the braces change nothing", () => {
    expect(problemsOf(seedWith("tags", { team: `\${ ${CLUSTER}.kube_config_raw }` }))).toEqual([
      expect.stringMatching(/^tags\.team: the value references azurerm_kubernetes_cluster\.aks_cluster_D4B35EC5\.kube_config_raw, .* \[CFG-08\]$/),
    ]);
  });

  test("a key is checked as a value is", () => {
    expect(problemsOf(seedWith("tags", { [`\${${CLUSTER}.kube_config_raw}`]: "x" }))).toEqual([
      expect.stringMatching(/^tags\.\$\{azurerm_kubernetes_cluster\.aks_cluster_D4B35EC5\.kube_config_raw\}: this key references .* \[CFG-08\]$/),
    ]);
  });

  test("another stack's outputs are refused, in a Cilium value too, where they would reach kube-system", () => {
    const cni = (value: string) => ({ plugin: "cilium", version: "1.18.14", values: { cluster: { name: value } } });
    expect(problemsOf(seedWith("cni", cni("${data.terraform_remote_state.cluster.outputs.kube_config_raw}")))).toEqual([
      `cni.values.cluster.name: the value references data.terraform_remote_state.cluster.outputs.kube_config_raw, an output of another stack's state, ` +
        `which may be a secret (the cluster stack's outputs hold its kube config) that terraform_remote_state reads without its sensitive mark: ` +
        `it would be written into the Cilium release's values, which anyone who can read kube-system reads (${file()}) [CFG-08]`,
    ]);
    expect(problemsOf(seedWith("cni", cni("${data.azurerm_kubernetes_cluster.existing.name}")))).toEqual([]);
  });

  test("a secret in cluster.security is reported as the secret it reads", () => {
    expect(problemsOf(seedWith("cluster.security.tenantId", `\${${CLUSTER}.service_principal[0].client_secret}`))).toEqual([
      expect.stringMatching(/^cluster\.security\.tenantId: the value references .* \[CFG-08\]$/),
    ]);
  });
});

test("the literal values next to them load", () => {
  expect(problemsOf(seedWith("cluster.apiServer.authorizedIpRanges", ["198.51.100.0/24"]))).toEqual([]);
});

test("a message quotes at most 80 printable characters of the value", () => {
  const { message } = expressionProblem(`\${file("${"/a".repeat(200)}")}\n`, "tags.x")!;
  expect(message).toMatch(/^the value "\$\{file\(\\"(\/a)+\/?\.\.\." holds a Terraform expression/);
  expect(message).not.toMatch(/\n/);
});

describe("symbolic links", () => {
  test("a config file that is a link is refused without being read", () => {
    const dir = tempDir("aks-config-link-");
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, "real.yaml"), dump(seedConfig()));
    fs.symlinkSync("/etc/passwd", path.join(dir, "passwd.yaml"));
    fs.symlinkSync(path.join(dir, "real.yaml"), path.join(dir, "linked.yaml"));
    const { environments, problems } = loadConfigDir(dir);
    expect(environments.map((e) => e.name)).toEqual(["real"]);
    expect(problems.map((p) => `${p.stack}: ${p.message} [${p.rule}]`)).toEqual([
      `linked: is a symbolic link; a config file must be a regular file, not a link to one (${path.join(dir, "linked.yaml")}) [CFG-05]`,
      `passwd: is a symbolic link; a config file must be a regular file, not a link to one (${path.join(dir, "passwd.yaml")}) [CFG-05]`,
    ]);
    // Nothing of the linked file comes back.
    expect(JSON.stringify(problems)).not.toMatch(/root:/);
  });
});
