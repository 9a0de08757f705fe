/**
 * Hostile config files, each through `runApp` as the app reads them: every
 * one ends in exit 0, or in exit 1 with one-line errors, quickly; none
 * crashes, hangs or writes anything.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { dump as stringify } from "js-yaml";
import { runApp } from "../../lib/app/run";
import { formatLine, type ReportLine } from "../../lib/app/synth";
import { loadConfigDir, MAX_CONFIG_BYTES, MAX_CONFIG_VALUES } from "../../lib/config/load";
import { ciliumConfig, configDirWith, seedConfig, tempDir, withField } from "../support";

const SEED_YAML = stringify(seedConfig());
const SEED_JSON = JSON.stringify(seedConfig(), null, 2);
const CILIUM_YAML = stringify(ciliumConfig());

/** Directories made here, removed at the end (some hold a file of tens of megabytes). */
const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function dirWith(files: Record<string, string | Buffer>): string {
  const dir = configDirWith(files, "aks-hostile-config-");
  made.push(dir);
  return dir;
}

/** Runs the app on a config directory: exit code, error lines, every line, the time taken, and what the output directory holds after. */
function run(configDir: string) {
  const outdir = tempDir("aks-hostile-out-");
  const lines: ReportLine[] = [];
  const started = Date.now();
  const code = runApp({ configDir, outdir, print: (l) => lines.push(l) });
  const ms = Date.now() - started;
  const written = fs.readdirSync(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  const errors = lines.filter((l) => l.level === "error").map(formatLine);
  for (const l of lines) expect(formatLine(l)).not.toMatch(/[\n\r\u2028\u2029]/);
  if (code !== 0) expect(written).toEqual([]);
  return { code, errors, lines: lines.map(formatLine), ms };
}

const runFiles = (files: Record<string, string | Buffer>) => run(dirWith(files));

/** A run that failed with exactly one error line, which matches `expected`. */
function expectOneError(r: ReturnType<typeof run>, expected: RegExp) {
  expect(r.errors).toEqual([expect.stringMatching(expected)]);
  expect(r.code).toBe(1);
}

describe("deep nesting", () => {
  test("a YAML document thousands of levels deep (flow lists) is one CFG-05 line", () => {
    const depth = 5000;
    expectOneError(runFiles({ "dev.yaml": `location: ${"[".repeat(depth)}${"]".repeat(depth)}\n` }), /^dev: not valid YAML: line 1, column \d+: nesting exceeded maxDepth \(100\) .*\[CFG-05\]$/);
  });

  test("a YAML document hundreds of levels deep (indented mappings) is one CFG-05 line", () => {
    const levels = Array.from({ length: 700 }, (_, i) => `${"  ".repeat(i + 1)}a:`).join("\n");
    expectOneError(runFiles({ "dev.yaml": `${SEED_YAML}tags:\n${levels} x\n` }), /^dev: not valid YAML: .*nesting exceeded maxDepth \(100\) .*\[CFG-05\]$/);
  });

  test.each([5000, 100_000])("a JSON document %i levels deep is one CFG-05 line", (depth) => {
    const r = runFiles({ "dev.json": `{"location": ${"[".repeat(depth)}${"]".repeat(depth)}}` });
    expectOneError(r, /^dev: the document is nested more than 100 levels deep .*\(.*dev\.json\) \[CFG-05\]$/);
  });

  test("Helm values thousands of levels deep are one CFG-05 line, not a stack overflow in the shape check", () => {
    const depth = 5000;
    const doc = JSON.stringify(withField(ciliumConfig(), "cni.values", "@")).replace('"@"', `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);
    expectOneError(runFiles({ "dev.json": doc }), /^dev: the document is nested more than 100 levels deep .*\[CFG-05\]$/);
  });

  test("Helm values nested as deep as the limit allows still synthesize, quickly", () => {
    // The root is level 0 and cni.values level 2: 97 more mappings and a scalar reach level 100.
    const values = JSON.parse(`${'{"a":'.repeat(97)}1${"}".repeat(97)}`);
    const r = runFiles({ "dev.json": JSON.stringify(ciliumConfig(values)) });
    // The chart has no key "a" (CNI-06, a warning: the chart ignores it): the point is that the values were read, checked and rendered.
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.lines).toContainEqual(expect.stringMatching(/^dev-cni: warning: cni\.values\.a: unknown key for the Cilium chart .*\[CNI-06\]$/));
    expect(r.ms).toBeLessThan(10_000);
  });
});

describe("size", () => {
  test("a file of tens of megabytes is refused before it is read, in well under a second", () => {
    const huge = `${SEED_YAML}tags:\n${Array.from({ length: 300_000 }, (_, i) => `  k${i}: "${"v".repeat(80)}"`).join("\n")}\n`;
    expect(huge.length).toBeGreaterThan(25_000_000);
    const r = runFiles({ "dev.yaml": huge });
    expectOneError(r, new RegExp(`^dev: is \\d+ bytes; config files are at most ${MAX_CONFIG_BYTES} bytes \\(1 MiB\\) .*\\[CFG-05\\]$`));
    expect(r.ms).toBeLessThan(1000);
  });

  test("a document with more values than the limit is one CFG-05 line; just under it, the rules see it", () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
    const over = runFiles({ "dev.yaml": stringify(withField(seedConfig(), "tags", tags(MAX_CONFIG_VALUES))) });
    expectOneError(over, /^dev: the document holds more than 5000 values \(YAML aliases count once per use\); a config holds a few hundred .*\[CFG-05\]$/);
    const under = runFiles({ "dev.yaml": stringify(withField(seedConfig(), "tags", tags(MAX_CONFIG_VALUES - 100))) });
    expectOneError(under, /^dev: tags: 4900 tags; Azure allows at most 50 per resource \[TAG-01\]$/);
  });

  test("a key of a megabyte is reported without measuring its distance to every allowed key", () => {
    const r = runFiles({ "dev.yaml": `${SEED_YAML}${"x".repeat(1_000_000)}: 1\n` });
    expectOneError(r, /^dev: x+: unknown key; allowed here: location, .*\[CFG-02\]$/);
    expect(r.ms).toBeLessThan(2000);
  });
});

describe("aliases", () => {
  /** Nine levels of nine aliases each: 9^9 (387 million) strings once expanded. */
  const laughs = (indent: string) =>
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]", ..."bcdefghi".split("").map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(", ")}]`)]
      .map((l) => `${indent}${l}`)
      .join("\n");

  test("a billion laughs in the Helm values is one CFG-05 line, quickly, not an exhausted heap", () => {
    const r = runFiles({ "dev.yaml": `${CILIUM_YAML.replace(/\n$/, "")}\n  values:\n${laughs("    ")}\n` });
    expectOneError(r, /^dev: the document holds more than 5000 values \(YAML aliases count once per use\).*\[CFG-05\]$/);
    expect(r.ms).toBeLessThan(2000);
  });

  test("a billion laughs at the top level is one CFG-05 line", () => {
    expectOneError(runFiles({ "dev.yaml": `${SEED_YAML}${laughs("")}\n` }), /^dev: the document holds more than 5000 values .*\[CFG-05\]$/);
  });

  test("an alias that refers to the mapping holding it is one CFG-05 line, not a stack overflow", () => {
    const r = runFiles({ "dev.yaml": `${CILIUM_YAML.replace(/\n$/, "")}\n  values: &v\n    x: *v\n` });
    expectOneError(r, /^dev: the document is nested more than 100 levels deep \(or a YAML alias refers to a node that holds it\) .*\[CFG-05\]$/);
  });

  test("anchors and aliases used as intended load and synthesize", () => {
    const yaml = [
      "location: westeurope",
      "resourceGroup: { name: rg-aks }",
      "cluster:",
      "  name: aks-vnet",
      "  defaultNodePool: { name: system, nodeCount: 3, vmSize: Standard_D4ds_v5, zones: &zones ['1', '2', '3'] }",
      "  userNodePools: [{ name: apps, nodeCount: 3, vmSize: Standard_D4ds_v5, zones: *zones }]",
      "  apiServer: { authorizedIpRanges: &admins [203.0.113.0/24] }",
      "network:",
      "  vnet: { name: vnet-aks, addressSpace: [10.224.0.0/12], subnet: { name: snet-nodes, addressPrefixes: [10.224.0.0/16] } }",
      "",
    ].join("\n");
    const config = loadConfigDir(dirWith({ "dev.yaml": yaml })).environments[0]!.config;
    expect(config.cluster.userNodePools![0]!.zones).toEqual(["1", "2", "3"]);
    const r = runFiles({ "dev.yaml": yaml });
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
  });

  test("merge keys (<<) are not YAML 1.2: one CFG-02 line at the key", () => {
    const yaml = "location: eastus\nresourceGroup: { name: rg }\ncluster:\n  name: aks\n  defaultNodePool:\n    <<: { name: sys, nodeCount: 3 }\n";
    expectOneError(runFiles({ "dev.yaml": yaml }), /^dev: cluster\.defaultNodePool\.<<: unknown key; allowed here: .*\[CFG-02\]$/);
  });
});

describe("tags and keys YAML or cdktf would read as code", () => {
  test.each([
    ["!!js/function", "location: !!js/function 'function () { return 1 }'\n", /unknown tag !<tag:yaml\.org,2002:js\/function>/],
    ["!!js/regexp", "location: !!js/regexp /x/\n", /unknown tag !<tag:yaml\.org,2002:js\/regexp>/],
    ["a custom tag", "location: !foo eastus\n", /unknown tag !<!foo>/],
    ["a timestamp tag (not in YAML 1.2's core schema)", "location: !!timestamp 2024-01-01\n", /unknown tag/],
  ])("%s is not valid YAML: one CFG-05 line", (_what, yaml, expected) => {
    const r = runFiles({ "dev.yaml": yaml });
    expectOneError(r, /^dev: not valid YAML: line 1, column \d+: .*\[CFG-05\]$/);
    expect(r.errors[0]).toMatch(expected);
  });

  test.each([
    ["a string", SEED_YAML.replace("name: aksbyocni", "name: ${TfToken[TOKEN.1]}"), /^dev: cluster\.name: holds cdktf's internal token syntax .*\[CFG-03\]$/],
    ["a list item", SEED_YAML.replace("- 203.0.113.0/24", "- '#{TfToken[TOKEN.3]}'"), /^dev: cluster\.apiServer\.authorizedIpRanges\[0\]: holds cdktf's internal token syntax .*\[CFG-03\]$/],
    ["a map key", `${SEED_YAML}tags:\n  '&{TfToken[TOKEN.5]}': a\n`, /^dev: tags\.&\{TfToken\[TOKEN\.5\]\}: this key holds cdktf's internal token syntax .*\[CFG-03\]$/],
    ["a number (an encoded number token)", SEED_YAML.replace("nodeCount: 3", "nodeCount: -8.10956221259138e+298"), /^dev: cluster\.defaultNodePool\.nodeCount: -8\.10956221259138e\+298 is too large; numbers in a config are at most 9007199254740991 in size .*\[CFG-03\]$/],
  ])("cdktf's token syntax in %s is one CFG-03 line, not a silent reference to another resource or a crash", (_what, yaml, expected) => {
    expectOneError(runFiles({ "dev.yaml": yaml }), expected);
  });

  test("a Terraform expression stays a reference, as before", () => {
    const r = runFiles({ "dev.yaml": SEED_YAML.replace("name: aksbyocni", "name: ${var.cluster_name}") });
    expect(r.code).toBe(0);
    expect(r.lines).toContainEqual(expect.stringMatching(/^dev: warning: cluster\.name: not known at synth time \(a Terraform reference\).*\[NAME-01 skipped\]$/));
  });
});

describe("a reference that reads a secret", () => {
  const withPoolTag = (reference: string) =>
    stringify(withField(seedConfig(), "cluster.userNodePools", [{ name: "apps", nodeCount: 1, vmSize: "Standard_D4ds_v5", tags: { k: `\${${reference}}` } }]));

  test("a workspace key in a pool's tag fails synth with one CFG-08 line, and writes nothing", () => {
    const r = runFiles({ "dev.yaml": withPoolTag("azurerm_log_analytics_workspace.aks_logs_BE030C00.primary_shared_key") });
    expectOneError(r, /^dev: cluster\.userNodePools\[0\]\.tags\.k: the value references azurerm_log_analytics_workspace\.aks_logs_BE030C00\.primary_shared_key, .*sensitive.*Reader access.*\[CFG-08\]$/);
  });

  test("the workspace's ID in its place synthesizes", () => {
    expect(runFiles({ "dev.yaml": withPoolTag("azurerm_log_analytics_workspace.aks_logs_BE030C00.workspace_id") }).code).toBe(0);
  });
});

describe("duplicate keys", () => {
  test("in YAML: one CFG-05 line at the second key", () => {
    expectOneError(runFiles({ "dev.yaml": `${SEED_YAML}location: westus\n` }), /^dev: not valid YAML: line \d+, column 1: duplicated mapping key .*\[CFG-05\]$/);
  });

  test("in JSON too: one CFG-05 line, not the last value silently (a reviewer reads the first)", () => {
    const json = SEED_JSON.replace('"location": "eastus"', '"location": "nowhere", "location": "westeurope"');
    expectOneError(runFiles({ "dev.json": json }), /^dev: not valid JSON: line \d+, column \d+: duplicated mapping key .*\[CFG-05\]$/);
  });

  test("in JSON, equal keys in different objects are no duplicate", () => {
    expect(runFiles({ "dev.json": SEED_JSON }).code).toBe(0);
  });
});

describe("encoding", () => {
  test.each([
    ["YAML", "dev.yaml", SEED_YAML],
    ["JSON", "dev.json", SEED_JSON],
  ])("a UTF-8 byte-order mark (as Windows editors write it) is dropped: %s loads as without it", (_what, name, text) => {
    const withBom = loadConfigDir(dirWith({ [name]: `\ufeff${text}` }));
    expect(withBom.problems).toEqual([]);
    expect(withBom.environments[0]!.config).toEqual(loadConfigDir(dirWith({ [name]: text })).environments[0]!.config);
    expect(runFiles({ [name]: `\ufeff${text}` }).code).toBe(0);
  });

  test("a byte that is not UTF-8 (a Latin-1 é) is one CFG-05 line naming its line, not a U+FFFD in a tag", () => {
    const latin1 = Buffer.concat([Buffer.from(`${SEED_YAML}tags:\n  owner: Jos`), Buffer.from([0xe9]), Buffer.from("\n")]);
    const line = SEED_YAML.split("\n").length + 1;
    expectOneError(runFiles({ "dev.yaml": latin1 }), new RegExp(`^dev: is not UTF-8 text \\(line ${line} holds other bytes, e\\.g\\. Latin-1\\); save it as UTF-8 .*\\[CFG-05\\]$`));
  });

  test("a UTF-16 file (Notepad's \"Unicode\") is one CFG-05 line that says so", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SEED_YAML, "utf16le")]);
    expectOneError(runFiles({ "dev.yaml": utf16 }), /^dev: is UTF-16 text; save it as UTF-8 .*\[CFG-05\]$/);
  });

  test("control characters and line separators in a value print escaped: every line stays one line", () => {
    const r = runFiles({ "dev.yaml": stringify(withField(seedConfig(), "cluster.name", "aks\nbad\u2028name\u001b[31m")) });
    expect(r.code).toBe(1);
    expect(r.errors).toContainEqual(expect.stringMatching(/^dev: cluster\.name: .*aks\\nbad\\u2028name\\u001b\[31m.*\[NAME-01\]$/));
  });

  test("an accepted risk whose reason is a YAML block of several lines prints on one line, as a warning and as a verbose note", () => {
    const block = (first: string) => `|\n      ${first}\n      A user pool comes with real workloads.`;
    const yaml = `${SEED_YAML.replace(/reason: .*\n/, `reason: ${block("Single-pool template: workloads run on the system pool.")}\n`)}  - rule: NP-05\n    reason: ${block("The template runs its system pool on Standard_B2ms.")}\n`;
    const outdir = tempDir("aks-hostile-out-");
    made.push(outdir);
    const lines: string[] = [];
    expect(runApp({ configDir: dirWith({ "dev.yaml": yaml }), outdir, verbose: true, print: (l) => lines.push(formatLine(l)) })).toBe(0);
    expect(lines).toContainEqual(expect.stringMatching(/^dev: warning: cluster\.defaultNodePool\.vmSize: .*\[NP-05\] \(accepted: The template runs its system pool on Standard_B2ms\.\\nA user pool comes with real workloads\.\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^dev: note: .*CKV_AZURE_232 suppressed \(accepted risk\): Single-pool template: workloads run on the system pool\.\\nA user pool comes with real workloads\.$/));
    for (const l of lines) expect(l).not.toMatch(/\n/);
  });

  test("a key with a line break prints escaped in its path", () => {
    const r = runFiles({ "dev.yaml": `${SEED_YAML}"bad\\nkey": 1\n` });
    expectOneError(r, /^dev: bad\\nkey: unknown key; .*\[CFG-02\]$/);
  });
});

describe("documents that are no config", () => {
  test.each([
    ["an empty YAML file", "dev.yaml", ""],
    ["a YAML file of only comments", "dev.yaml", "# nothing here yet\n"],
    ["a YAML null", "dev.yaml", "~\n"],
    ["a JSON null", "dev.json", "null"],
  ])("%s is one CFG-05 line", (_what, name, text) => {
    expectOneError(runFiles({ [name]: text }), /^dev: is empty \(no document, or a null one\): a config is a mapping with at least location, resourceGroup and cluster .*\[CFG-05\]$/);
  });

  test("an empty JSON file is not valid JSON", () => {
    expectOneError(runFiles({ "dev.json": "" }), /^dev: not valid JSON: Unexpected end of JSON input .*\[CFG-05\]$/);
  });

  test.each([
    ["a YAML string", "dev.yaml", "eastus\n", /expected a mapping, got the string "eastus"/],
    ["a YAML number", "dev.yaml", "42\n", /expected a mapping, got number 42/],
    ["a YAML list", "dev.yaml", "- eastus\n- westus\n", /expected a mapping, got a list/],
    ["a JSON string", "dev.json", '"eastus"', /expected a mapping, got the string "eastus"/],
    ["a JSON list", "dev.json", "[1, 2]", /expected a mapping, got a list/],
  ])("a file that is just %s is one CFG-03 line", (_what, name, text, expected) => {
    const r = runFiles({ [name]: text });
    expectOneError(r, /^dev: the document expected a mapping, got .*\[CFG-03\]$/);
    expect(r.errors[0]).toMatch(expected);
  });

  test.each([
    ["a comment", '{\n  // the seed\n  "location": "eastus"\n}', /^dev: not valid JSON: .*position 4.*\[CFG-05\]$/],
    ["a block comment", '{ /* the seed */ "location": "eastus" }', /^dev: not valid JSON: .*\[CFG-05\]$/],
    ["a trailing comma", SEED_JSON.replace(/\n}$/, ",\n}"), /^dev: not valid JSON: .*\[CFG-05\]$/],
  ])("a JSON file with %s is one CFG-05 line", (_what, text, expected) => {
    expectOneError(runFiles({ "dev.json": text }), expected);
  });

  test("a directory named like a config file is one CFG-05 line", () => {
    const dir = dirWith({});
    fs.mkdirSync(path.join(dir, "dev.yaml"));
    expectOneError(run(dir), /^dev: is not a regular file .*\[CFG-05\]$/);
  });

  test("a named pipe named like a config file is one CFG-05 line, not a read that never returns", () => {
    const dir = dirWith({});
    const made = spawnSync("mkfifo", [path.join(dir, "dev.yaml")], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`mkfifo failed, so the pipe case is not tested: ${made.error?.message ?? made.stderr}`);
    expectOneError(run(dir), /^dev: is not a regular file .*\[CFG-05\]$/);
  });
});

describe("a literal $${ is text, and checked as text", () => {
  // `$${` is Terraform's escape for a literal `${`: nothing is evaluated, so the rules read the value.
  test("authorized IP ranges with $${ are no reference: FMT-01 refuses the range", () => {
    const config = withField(seedConfig(), "cluster.apiServer.authorizedIpRanges", ["0.0.0.0/0$${x}"]);
    expectOneError(runFiles({ "dev.yaml": stringify(config) }), /^dev: cluster\.apiServer\.authorizedIpRanges\[0\]: .*\[FMT-01\]$/);
  });

  test("a cluster name with $${ is checked by NAME-01", () => {
    const r = runFiles({ "dev.yaml": stringify(withField(seedConfig(), "cluster.name", "bad name $${x}")) });
    expect(r.code).toBe(1);
    expect(r.errors).toContainEqual(expect.stringMatching(/^dev: cluster\.name: .*\[NAME-01\]$/));
    expect(r.lines.join("\n")).not.toMatch(/not known at synth time/);
  });
});

describe("a quote in an ID or a range is one line of its rule, not a crash", () => {
  // These values reached cdktf's Terraform functions (uuidv5, cidrnetmask), which threw before any rule ran.
  const GUID = "00000000-0000-0000-0000-000000000001";
  const SUBNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes";
  const userAssigned = withField(seedConfig(), "cluster.identity", "UserAssigned");
  test.each([
    ["cluster.kubeletIdentity.id", withField(seedConfig(), "cluster.kubeletIdentity", { id: 'x"y', clientId: GUID, objectId: GUID }), "KID-03"],
    ["network.existingSubnetId", withField(seedConfig(), "network.existingSubnetId", 'x"y'), "RA-05"],
    ["network.existingSubnetId", withField(seedConfig(), "network.existingSubnetId", SUBNET.replace("/rg/", '/r"g/')), "RA-05"],
    ["network.existingApiServerSubnetId", withField(withField(seedConfig(), "network.existingSubnetId", SUBNET), "network.existingApiServerSubnetId", 'x"y'), "RA-05"],
    ["network.loadBalancer.outboundIpIds[0]", withField(userAssigned, "network.loadBalancer", { outboundIpIds: ['x"y'] }), "OUT-12"],
    ["cluster.apiServer.privateDnsZone", withField(userAssigned, "cluster.apiServer", { private: true, privateDnsZone: 'x"y' }), "API-09"],
    ["network.podCidr", withField(seedConfig(), "network.podCidr", '${var.x}"), file("/etc/passwd"), ("'), "FMT-01"],
  ])("%s", (field, config, rule) => {
    const r = runFiles({ "dev.yaml": stringify(config) });
    expectOneError(r, new RegExp(`^dev: ${field.replace(/[.[\]]/g, "\\$&")}: .*\\[${rule}\\]$`));
  });
});
