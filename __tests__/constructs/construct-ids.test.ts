/**
 * Construct ids made from names in the config (outbound IPs, pool subnets,
 * pools) never clash: a valid config whose names coincide after the
 * de-duplication suffix builds, and an invalid one gets its rule's line
 * instead of cdktf's "There is already a Construct with name".
 */
import { Testing } from "../../lib/bindings/cdktf";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import type { AksByoCniConfig } from "../../lib/config/types";
import { errorsOf, seedConfig, synthJson, vnetConfig, withField } from "../support";

const RGS = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups";
const pip = (rg: string, name: string) => `${RGS}/${rg}/providers/Microsoft.Network/publicIPAddresses/${name}`;

/** The stack's JSON and the error lines, from one build. */
function build(config: AksByoCniConfig) {
  const stack = new AksByoCniStack(Testing.app(), "env", config);
  return { json: synthJson(stack), errors: errorsOf(config) };
}

/** The resources' Terraform names without the hash cdktf appends. */
const namesOf = (resources: Record<string, unknown>) => Object.keys(resources).map((k) => k.replace(/_[0-9A-F]{8}$/, ""));

test("three outbound IPs named egress, egress and egress-1 get a grant each", () => {
  const ips = [pip("rg-a", "egress"), pip("rg-b", "egress"), pip("rg-c", "egress-1")];
  const config = withField(withField(seedConfig(), "cluster.identity", "UserAssigned"), "network.loadBalancer", { outboundIpIds: ips });
  const { json, errors } = build(config);
  expect(errors).toEqual([]);
  const grants = Object.values(json.resource.azurerm_role_assignment as Record<string, any>);
  expect(grants.map((g) => g.scope).sort()).toEqual([...ips].sort());
  // The first two keep the ids they always had; only the third, which crashed before, gets a new one.
  expect(namesOf(json.resource.azurerm_role_assignment).sort()).toEqual(["aks_outbound-ip-role-egress", "aks_outbound-ip-role-egress-1", "aks_outbound-ip-role-egress-1-2"]);
});

const poolSubnets = (...names: string[]) => names.map((name, i) => ({ name, addressPrefixes: [`10.${225 + i}.0.0/16`] }));
const onSubnets = (...names: string[]) =>
  withField(
    withField(vnetConfig(), "network.vnet.poolSubnets", poolSubnets(...names)),
    "cluster.userNodePools",
    [...new Set(names)].map((subnetName, i) => ({ name: `pool${i}`, nodeCount: 2, vmSize: "Standard_D4ds_v5", subnetName })),
  );

test.each([
  ["a", "a-nsg"],
  ["a", "role-a"],
])("pool subnets %s and %s: each is created, associated with the security group and granted", (...names) => {
  const { json, errors } = build(onSubnets(...names));
  expect(errors).toEqual([]);
  const subnets = Object.values(json.resource.azurerm_subnet as Record<string, any>).map((s) => s.name);
  expect(subnets).toEqual(expect.arrayContaining(names));
  expect(Object.keys(json.resource.azurerm_subnet_network_security_group_association)).toHaveLength(1 + names.length);
  // The node subnet's grant and one per pool subnet.
  expect(Object.keys(json.resource.azurerm_role_assignment)).toHaveLength(1 + names.length);
});

test("pool subnets a, a and a-1 are one NET-16 line", () => {
  expect(errorsOf(onSubnets("a", "a", "a-1"))).toEqual([expect.stringMatching(/^network\.vnet\.poolSubnets\[1\]\.name: subnet name "a" is already used at network\.vnet\.poolSubnets\[0\]\.name; .*\[NET-16\]$/)]);
});

test("user pools a, a and a-1 are NAME-06 and NAME-04 lines", () => {
  const pools = ["a", "a", "a-1"].map((name) => ({ name, nodeCount: 2, vmSize: "Standard_D4ds_v5" }));
  expect(errorsOf(withField(vnetConfig(), "cluster.userNodePools", pools))).toEqual([
    expect.stringMatching(/^cluster\.userNodePools\[1\]\.name: .*\[NAME-06\]$/),
    expect.stringMatching(/^cluster\.userNodePools\[2\]\.name: .*\[NAME-04\]$/),
  ]);
});
