/**
 * The address plan view of a cluster whose pools use subnets of their own and
 * whose API server has VNet integration: each subnet is drawn, and each gets
 * its capacity row against what is on it.
 */
import { resolveEnvironment } from "../../lib/plan/environment";
import { addressPlanView } from "../../lib/report/address-plan/from-plan";
import { isUnknownValue } from "../../lib/constructs/private/synthesized";
import { shippedConfig } from "../support";

const view = (file: string) => addressPlanView("env", resolveEnvironment(shippedConfig(file), isUnknownValue).cluster);

test("a created pool subnet is a node subnet of the picture, the API server subnet another subnet", () => {
  const v = view("__tests__/terraform/matrix/vnet-pool-subnets-private-dns.yaml");
  const subnets = v.ranges.filter((r) => r.kind === "nodeSubnet" || r.kind === "otherSubnet").map((r) => [r.kind, r.label, r.cidr, r.path]);
  expect(subnets).toEqual([
    ["nodeSubnet", "snet-system", "10.224.0.0/24", "network.vnet.subnet.addressPrefixes[0]"],
    ["nodeSubnet", "snet-apps", "10.224.4.0/22", "network.vnet.poolSubnets[0].addressPrefixes[0]"],
    ["otherSubnet", "snet-apiserver (API server)", "10.224.255.0/28", "network.vnet.apiServerSubnet.addressPrefixes[0]"],
  ]);
});

test("each subnet's capacity counts only the pools on it; the API server subnet's the addresses AKS takes", () => {
  const rows = Object.fromEntries(view("__tests__/terraform/matrix/vnet-pool-subnets-private-dns.yaml").capacity.map((r) => [r.key, [r.value, r.demand, r.headroom]]));
  // The system pool: 3 nodes + 1 surge in a /24 (251); apps: 20 + 2 in a /22 (1019); the /28 API server subnet: 11 for at least 9.
  expect(rows["subnet.nodes"]).toEqual([251, 4, 247]);
  expect(rows["subnet.snet-apps.nodes"]).toEqual([1019, 22, 997]);
  expect(rows["subnet.apiserver"]).toEqual([11, 9, 2]);
});

test("an adopted pool subnet without declared prefixes is drawn as known at apply time, its demand still counted", () => {
  const v = view("__tests__/terraform/matrix/adopted-pool-subnets-public-vnet-integration.yaml");
  expect(v.ranges.find((r) => r.label === "snet-batch")).toMatchObject({ kind: "nodeSubnet", cidr: undefined, path: "network.existingPoolSubnets[1]" });
  const batch = v.capacity.find((r) => r.key === "subnet.snet-batch.nodes")!;
  expect([batch.value, batch.demand]).toEqual([undefined, 2]);
  expect(batch.basis).toMatch(/^the subnet's prefixes are known at apply time; peak = batch 1 \+ 1 surge/);
});
