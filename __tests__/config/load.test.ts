import * as path from "path";
import { dump as stringify } from "js-yaml";
import { loadConfigDir, loadConfigFile } from "../../lib/config/load";
import { checkConfigShape } from "../../lib/config/schema";
import { configDirWith, seedConfig, vnetConfig, withField } from "../support";
import { REJECTED } from "./cases";

const shape = (value: unknown) => checkConfigShape(value).map((p) => `${p.path}: ${p.message} [${p.rule}]`);

test("the shipped shapes pass", () => {
  expect(shape(seedConfig())).toEqual([]);
  expect(shape(vnetConfig())).toEqual([]);
});

test.each(REJECTED.map((c) => [c.what, c] as const))("rejects %s", (_what, c) => {
  expect(shape(c.value)).toEqual([expect.stringMatching(c.expected)]);
});

test("an emptied section (YAML null) counts as absent; a required one is missing", () => {
  expect(shape(withField(seedConfig(), "network", null))).toEqual([]);
  expect(shape(withField(seedConfig(), "cluster", null))).toEqual(["cluster: is required [CFG-04]"]);
});

test("a pattern mismatch is no shape problem: the NAME and FMT rules report names and ranges", () => {
  const config = withField(withField(seedConfig(), "cluster.name", "-bad-"), "network.podCidr", "10.244.0.1/16");
  expect(shape(config)).toEqual([]);
});

test("a reference to a secret is not a secret", () => {
  expect(shape(withField(seedConfig(), "cni", { plugin: "cilium", version: "1.18.4", values: { encryption: { ipsec: { secretName: "cilium-ipsec-keys" } } } }))).toEqual([]);
});

test("every problem of a file is reported, with the file named", () => {
  const dir = configDirWith({ "dev.yaml": "location: eastus\nresourceGroup: {}\ncluster:\n  name: x\n  extra: 1\n" });
  const { environments, problems } = loadConfigDir(dir);
  expect(environments).toEqual([]);
  expect(problems.map((p) => `${p.stack}: ${p.path}: ${p.message} [${p.rule}]`)).toEqual([
    `dev: resourceGroup.name: is required (${path.join(dir, "dev.yaml")}) [CFG-04]`,
    expect.stringMatching(/^dev: cluster\.extra: unknown key; .*\[CFG-02\]$/),
  ]);
});

test("YAML and JSON files load the same config; stack names come from file names", () => {
  const dir = configDirWith({ "a.yaml": stringify(seedConfig()), "b.yml": stringify(vnetConfig()), "c.json": JSON.stringify(seedConfig()), "README.md": "# not a config" });
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
  const { problems } = loadConfigDir(configDirWith(files));
  expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(expected)]);
});

test("an empty or missing directory is a problem, not a crash", () => {
  expect(loadConfigDir(configDirWith({})).problems[0]!.message).toMatch(/^no \.yaml, \.yml or \.json files in /);
  expect(loadConfigDir("/nonexistent/config").problems[0]!.message).toMatch(/^cannot read the config directory: ENOENT/);
  expect(loadConfigFile("/nonexistent/dev.yaml").problems[0]!.message).toMatch(/^cannot read: ENOENT/);
});

test("an emptied field (YAML null) is absent for the rules too, not a value they report", () => {
  const dir = configDirWith({ "dev.yaml": "location: eastus\nresourceGroup: { name: rg }\ncluster:\n  name: aks\n  dnsPrefix:\nnetwork:\ncni: { plugin: cilium, version: '1.18.14', values: { nodeSelector: null } }\n" });
  const { environments, problems } = loadConfigDir(dir);
  expect(problems).toEqual([]);
  const config = environments[0]!.config;
  expect("dnsPrefix" in config.cluster).toBe(false);
  expect("network" in config).toBe(false);
  // Helm reads null as "unset the chart's default": kept.
  expect(config.cni!.values).toEqual({ nodeSelector: null });
});
