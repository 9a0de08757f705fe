/**
 * CFG-07 through the loader: a config file holds values, never Terraform
 * code; and a config file is a regular file, not a link (CFG-05).
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
  ["a data source attribute with an index", "tags", { owner: "${data.azurerm_client_config.current.object_id}", host: "${azurerm_kubernetes_cluster.c.kube_config[0].host}" }],
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

test("the literal values next to them load", () => {
  expect(problemsOf(seedWith("cluster.apiServer.authorizedIpRanges", ["198.51.100.0/24"]))).toEqual([]);
});

test("a message quotes at most 80 printable characters of the value", () => {
  const message = expressionProblem(`\${file("${"/a".repeat(200)}")}\n`, "tags.x")!;
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
