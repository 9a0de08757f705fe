import * as fs from "fs";
import * as path from "path";
import { dump as stringify } from "js-yaml";
import { loadConfigDir, loadConfigFile } from "../../lib/config/load";
import { checkConfigShape } from "../../lib/config/schema";
import { seedConfig, tempDir, vnetConfig, withField } from "../support";

function dirWith(files: Record<string, string>): string {
  const dir = tempDir("aks-config-");
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const shape = (value: unknown) => checkConfigShape(value).map((p) => `${p.path}: ${p.message} [${p.rule}]`);

test("the shipped shapes pass", () => {
  expect(shape(seedConfig())).toEqual([]);
  expect(shape(vnetConfig())).toEqual([]);
});

test.each([
  ["an unknown key", withField(seedConfig(), "cluster.nodeCount", 3), /^cluster\.nodeCount: unknown key; allowed here: name, dnsPrefix, .* \[CFG-02\]$/],
  ["a near-miss key", withField(seedConfig(), "network.podCIDR", "10.244.0.0/16"), /^network\.podCIDR: unknown key; did you mean "podCidr"\? \[CFG-02\]$/],
  ["a missing required field", withField(vnetConfig(), "cluster.userNodePools[0].vmSize", undefined), /^cluster\.userNodePools\[0\]\.vmSize: is required \[CFG-04\]$/],
  ["a string where a number goes", withField(seedConfig(), "cluster.defaultNodePool.nodeCount", "3"), /^cluster\.defaultNodePool\.nodeCount: expected a whole number, got the string "3" \[CFG-03\]$/],
  ["a fraction where a whole number goes", withField(seedConfig(), "cluster.defaultNodePool.nodeCount", 2.5), /nodeCount: expected a whole number, got number 2.5 \[CFG-03\]$/],
  ["a number where a string goes (YAML 1.30)", withField(seedConfig(), "cluster.kubernetesVersion", 1.3), /^cluster\.kubernetesVersion: expected a string, got number 1\.3; quote the value/],
  ["a scalar where a list goes", withField(vnetConfig(), "network.vnet.addressSpace", "10.0.0.0/16"), /^network\.vnet\.addressSpace: expected a list, got the string "10\.0\.0\.0\/16" \[CFG-03\]$/],
  ["a wrong list item", withField(vnetConfig(), "network.vnet.addressSpace[1]", 10), /^network\.vnet\.addressSpace\[1\]: expected a string, got number 10/],
  ["an enum in the wrong case", withField(seedConfig(), "cluster.identity", "userassigned"), /^cluster\.identity: "userassigned" is not one of "SystemAssigned", "UserAssigned" \(case-sensitive\) \[CFG-03\]$/],
  ["yes for a boolean", withField(seedConfig(), "resourceGroup.existing", "yes"), /^resourceGroup\.existing: expected true or false, got the string "yes" \[CFG-03\]$/],
  ["a credential field", withField(seedConfig(), "backend", { type: "azurerm", storageAccountName: "s", containerName: "c", accessKey: "x" }), /^backend\.accessKey: is a credential field; credentials never live in config files.* \[CFG-01\]$/],
  ["a client secret anywhere", withField(seedConfig(), "clientSecret", "x"), /^clientSecret: is a credential field.* \[CFG-01\]$/],
  ["a SAS token as a value", withField(seedConfig(), "tags", { note: "?sv=2022-11-02&ss=b&sig=abcdefghijklmnopqrstuvwxyz0123456789%3D" }), /^tags\.note: looks like a SAS token.* \[CFG-01\]$/],
  ["a storage key in Helm values", withField(seedConfig(), "cni", { plugin: "cilium", version: "1.18.4", values: { x: `${"A".repeat(86)}==` } }), /^cni\.values\.x: looks like a storage account key.* \[CFG-01\]$/],
])("rejects %s", (_what, value, expected) => {
  expect(shape(value)).toEqual([expect.stringMatching(expected)]);
});

test("a reference to a secret is not a secret", () => {
  expect(shape(withField(seedConfig(), "cni", { plugin: "cilium", version: "1.18.4", values: { encryption: { ipsec: { secretName: "cilium-ipsec-keys" } } } }))).toEqual([]);
});

test("every problem of a file is reported, with the file named", () => {
  const dir = dirWith({ "dev.yaml": "location: eastus\nresourceGroup: {}\ncluster:\n  name: x\n  extra: 1\n" });
  const { environments, problems } = loadConfigDir(dir);
  expect(environments).toEqual([]);
  expect(problems.map((p) => `${p.stack}: ${p.path}: ${p.message} [${p.rule}]`)).toEqual([
    `dev: resourceGroup.name: is required (${path.join(dir, "dev.yaml")}) [CFG-04]`,
    expect.stringMatching(/^dev: cluster\.extra: unknown key; .*\[CFG-02\]$/),
  ]);
});

test("YAML and JSON files load the same config; stack names come from file names", () => {
  const dir = dirWith({ "a.yaml": stringify(seedConfig()), "b.yml": stringify(vnetConfig()), "c.json": JSON.stringify(seedConfig()), "README.md": "# not a config" });
  const { environments, problems } = loadConfigDir(dir);
  expect(problems).toEqual([]);
  expect(environments.map((e) => e.name)).toEqual(["a", "b", "c"]);
  expect(environments[2]!.config).toEqual(environments[0]!.config);
});

test.each([
  ["invalid YAML", { "dev.yaml": "location: [eastus\n" }, /^not valid YAML: line \d+, column \d+: /],
  ["duplicate keys", { "dev.yaml": "location: eastus\nlocation: westus\n" }, /^not valid YAML: .*duplicated mapping key/],
  ["invalid JSON", { "dev.json": "{ location: eastus }" }, /^not valid JSON: /],
  ["a document that is not a mapping", { "dev.yaml": "- eastus\n" }, /^the document expected a mapping, got a list/],
  ["two files for one stack", { "dev.yaml": stringify(seedConfig()), "dev.json": JSON.stringify(seedConfig()) }, /^dev\.yaml and dev\.json both define stack "dev"/],
  ["a file name that is no stack name", { "1st env.yaml": stringify(seedConfig()) }, /^file name "1st env\.yaml" does not make a stack name/],
])("reports %s", (_what, files, expected) => {
  const { problems } = loadConfigDir(dirWith(files));
  expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(expected)]);
});

test("an empty or missing directory is a problem, not a crash", () => {
  expect(loadConfigDir(dirWith({})).problems[0]!.message).toMatch(/^no \.yaml, \.yml or \.json files in /);
  expect(loadConfigDir("/nonexistent/config").problems[0]!.message).toMatch(/^cannot read the config directory: ENOENT/);
  expect(loadConfigFile("/nonexistent/dev.yaml").problems[0]!.message).toMatch(/^cannot read: ENOENT/);
});
