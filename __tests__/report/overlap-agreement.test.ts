/**
 * The rules and the address-plan report decide overlaps with one function
 * (lib/net/overlaps.ts): on the same config, the overlaps synth reports
 * (through a real stack) and the overlaps the report shows (from the view the
 * stack writes) are the same rules at the same ranges. One case goes all the
 * way through a synth that writes address-plan.md.
 */
import * as fs from "fs";
import * as path from "path";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import { synthesizeSafely } from "../../lib/app/synth";
import type { AksByoCniConfig } from "../../lib/config/types";
import { analysePlan } from "../../lib/report/address-plan/placement";
import { NETWORK_RULE_CATALOGUE } from "../../lib/rules/catalogue";
import { addressPlanView } from "../../lib/report/address-plan/from-plan";
import { planOf } from "../rules/helpers";
import { problemsOf, seedConfig, tempDir, vnetConfig, withField } from "../support";

/** Every rule `addressCollisions` can return. */
const OVERLAP_RULES = ["RES-01", "RES-02", "RES-03", "RES-04", "RES-05", "SVC-01", "SVC-02", "SVC-03", "SVC-04", "POD-02", "POD-03", "POD-08", "NET-02", "NET-12"];

const edit = (config: AksByoCniConfig, fields: Record<string, unknown>) =>
  Object.entries(fields).reduce((c, [k, v]) => withField(c, k, v), config);

/** `RULE severity path` of each overlap synth reports for the config (errors and warnings). */
function fromRules(config: AksByoCniConfig): string[] {
  const found = new Set<string>();
  for (const line of problemsOf({ env: config })) {
    const m = /^(\S+): .*\[([A-Z]+-\d+)\](?: \(accepted: .*\))?$/s.exec(line.message);
    if (m && OVERLAP_RULES.includes(m[2]!)) found.add(`${m[2]} ${line.level} ${m[1]}`);
  }
  return [...found].sort();
}

/** `RULE severity path` of each overlap the address-plan report shows for the config (its subject's path), red for an error and yellow for a warning. */
function fromReport(config: AksByoCniConfig): string[] {
  const view = addressPlanView("env", planOf(config).cluster);
  return [...new Set(analysePlan(view).overlaps.map((o) => `${o.rule} ${o.severity} ${view.ranges[o.subject]!.path}`))].sort();
}

const CASES: Record<string, { config: () => AksByoCniConfig; expected: string[] }> = {
  "no overlap (the VNet seed)": { config: vnetConfig, expected: [] },
  "VNet 10.224.0.0/12 with connected 10.225.0.0/16 (peering refused)": {
    config: () => withField(vnetConfig(), "network.connectedNetworks", ["10.225.0.0/16"]),
    expected: ["NET-12 error network.vnet.addressSpace[0]"],
  },
  "service range on a subnet": {
    config: () => edit(vnetConfig(), { "network.serviceCidr": "10.224.0.0/16", "network.dnsServiceIp": "10.224.0.10" }),
    expected: ["SVC-01 error network.serviceCidr"],
  },
  "service range in the VNet only, the CNI team's plan (VNet 10.0.0.0/8, default service range)": {
    config: () => edit(vnetConfig(), { "network.serviceCidr": undefined, "network.dnsServiceIp": undefined, "network.vnet.addressSpace": ["10.0.0.0/8"], "network.vnet.subnet.addressPrefixes": ["10.240.0.0/16"], "network.podCidr": "192.168.0.0/16" }),
    expected: ["SVC-02 warning network.serviceCidr"],
  },
  "pod range in the VNet only (VNet 10.100.0.0/16, subnet 10.100.0.0/22, pods 10.100.128.0/17)": {
    config: () => edit(vnetConfig(), { "network.vnet.addressSpace": ["10.100.0.0/16"], "network.vnet.subnet.addressPrefixes": ["10.100.0.0/22"], "network.podCidr": "10.100.128.0/17" }),
    expected: ["POD-08 warning network.podCidr"],
  },
  "pod range on an other subnet of the VNet": {
    config: () => edit(vnetConfig(), { "network.podCidr": "10.238.0.0/16", "network.vnet.otherSubnets": [{ name: "snet-db", addressPrefixes: ["10.238.0.0/24"] }] }),
    expected: ["POD-02 error network.podCidr"],
  },
  "service and pod ranges on connected networks and on each other": {
    config: () => edit(seedConfig(), { "network.podCidr": "10.0.0.0/15", "network.connectedNetworks": ["10.0.128.0/17"] }),
    expected: ["POD-03 warning network.podCidr", "SVC-03 warning network.serviceCidr", "SVC-04 warning network.serviceCidr"],
  },
  "pod range over AKS's reserved 172.30/16 and 172.31/16, and on the VNet": {
    config: () => edit(vnetConfig(), { "network.podCidr": "172.16.0.0/12", "network.vnet.addressSpace": ["172.16.0.0/12"], "network.vnet.subnet.addressPrefixes": ["172.16.0.0/16"] }),
    expected: ["POD-02 error network.podCidr", "RES-02 error network.podCidr", "RES-03 error network.vnet.addressSpace[0]"],
  },
  "service range over 169.254/16, VNet over loopback, two subnets on each other": {
    config: () =>
      edit(vnetConfig(), {
        "network.serviceCidr": "169.254.0.0/16",
        "network.dnsServiceIp": "169.254.0.10",
        "network.vnet.addressSpace": ["10.224.0.0/12", "127.0.0.0/8"],
        "network.vnet.otherSubnets": [{ name: "snet-db", addressPrefixes: ["10.224.128.0/17"] }],
      }),
    expected: ["NET-02 error network.vnet.otherSubnets[0].addressPrefixes[0]", "RES-01 error network.serviceCidr", "RES-04 error network.vnet.addressSpace[1]"],
  },
};

test("every rule an overlap can break has a severity in the catalogue (the report colours by it)", () => {
  for (const rule of OVERLAP_RULES) expect([rule, NETWORK_RULE_CATALOGUE[rule]?.severity]).toEqual([rule, expect.stringMatching(/^(error|warning)$/)]);
});

describe.each(Object.entries(CASES))("%s", (_name, { config, expected }) => {
  test("synth reports exactly the expected overlaps", () => expect(fromRules(config())).toEqual(expected));
  test("the address-plan report shows the same overlaps", () => expect(fromReport(config())).toEqual(expected));
});

test("VNet 10.224.0.0/12 with connected 10.225.0.0/16: refused by synth, and the written address-plan.md shows the one overlap under the same rule", () => {
  const config = withField(vnetConfig(), "network.connectedNetworks", ["10.225.0.0/16"]);
  const refused = synthesizeSafely((app) => new AksByoCniStack(app, "env", config), tempDir("overlap-refused-"));
  expect(refused.ok).toBe(false);
  expect(refused.lines.filter((l) => l.level === "error").map((l) => l.message)).toEqual([
    "network.vnet.addressSpace[0]: VNet address space 10.224.0.0/12 overlaps connected network 10.225.0.0/16 (network.connectedNetworks[0]); Azure refuses to peer VNets whose address spaces overlap, and traffic to the overlapping addresses stays in this VNet [NET-12]",
  ]);
  // Accepted knowingly, the stack synthesizes and the report it writes names the same overlap.
  const accepted = withField(config, "acceptedRisks", [{ rule: "NET-12", reason: "The connected range is retired on-premises space that is being migrated into this VNet." }]);
  const out = tempDir("overlap-accepted-");
  const outcome = synthesizeSafely((app) => new AksByoCniStack(app, "env", accepted), out);
  expect(outcome.ok).toBe(true);
  const md = fs.readFileSync(path.join(out, "stacks", "env", "address-plan.md"), "utf8");
  expect(md).toContain(
    "**1 overlap Azure refuses:** 10.224.0.0/12 VNet: vnet-aks and 10.225.0.0/16 Connected network: connected network [NET-12].",
  );
  fs.rmSync(out, { recursive: true, force: true });
});
