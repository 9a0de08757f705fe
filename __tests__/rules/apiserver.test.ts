/**
 * API: authorized ranges with and without VNet integration, the API server
 * subnet, and the private DNS zone's value, name and identity.
 */
import { Testing } from "../../lib/bindings/cdktf";
import type { AksByoCniConfig } from "../../lib/config/types";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import { privateDnsZoneNamePattern } from "../../lib/rules/apiserver";
import { seedConfig, synthJson, vnetConfig, withField } from "../support";
import { clusterRun, hits, messageOf, networkRun, reportOf } from "./helpers";

const RANGES = "cluster.apiServer.authorizedIpRanges";
const ZONE = "cluster.apiServer.privateDnsZone";
const zoneId = (name: string) => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${name}`;
/** The VNet config (westeurope) with an API server subnet of its own. */
const withApiSubnet = (config = vnetConfig(), prefix = "10.239.255.0/28") => withField(config, "network.vnet.apiServerSubnet", { name: "snet-apiserver", addressPrefixes: [prefix] });
const api = (config: AksByoCniConfig, apiServer: Record<string, unknown>) => withField(config, "cluster.apiServer", apiServer);

describe("API-01: a private API server with authorized ranges, both ways", () => {
  // No source says VNet integration lifts ARM's refusal, so the rule holds with it too.
  test.each([
    ["private, no VNet integration", api(vnetConfig(), { private: true, authorizedIpRanges: ["203.0.113.0/24"] }), ["error cluster.apiServer.authorizedIpRanges"]],
    ["private with VNet integration (declared subnet)", api(withApiSubnet(), { private: true, authorizedIpRanges: ["203.0.113.0/24"] }), ["error cluster.apiServer.authorizedIpRanges"]],
    ["private with VNet integration in the VNet AKS creates", api(seedConfig(), { private: true, vnetIntegration: true, authorizedIpRanges: ["203.0.113.0/24"] }), ["error cluster.apiServer.authorizedIpRanges"]],
    ["private with VNet integration, no ranges", api(withApiSubnet(), { private: true, vnetIntegration: true }), []],
    ["public with ranges", api(vnetConfig(), { authorizedIpRanges: ["203.0.113.0/24"] }), []],
  ])("%s", (_what, config, expected) => {
    expect(hits(clusterRun(config), "API-01")).toEqual(expected);
  });
});

describe("a bare address among the authorized ranges (azurerm validate.CIDR and the Azure CLI take it)", () => {
  const bare = withField(seedConfig(), RANGES, ["203.0.113.5", "198.51.100.0/24"]);

  test("is accepted: no error", () => {
    expect(reportOf(bare).errors).toEqual([]);
  });

  test("is sent as its /32, the form AKS stores, and the ranges as written", () => {
    const aks = Object.values(synthJson(new AksByoCniStack(Testing.app(), "dev", bare)).resource.azurerm_kubernetes_cluster)[0] as Record<string, any>;
    expect(aks.api_server_access_profile).toEqual({ authorized_ip_ranges: ["203.0.113.5/32", "198.51.100.0/24"] });
  });

  test("API-02: a bare 0.0.0.0 is 0.0.0.0/32, refused beside other ranges and accepted alone", () => {
    expect(hits(clusterRun(withField(seedConfig(), RANGES, ["203.0.113.0/24", "0.0.0.0"])), "API-02")).toEqual([`error ${RANGES}[1]`]);
    expect(hits(clusterRun(withField(seedConfig(), RANGES, ["0.0.0.0"])), "API-02")).toEqual([]);
  });

  test("API-01 and API-07 count it as one range", () => {
    expect(hits(clusterRun(api(vnetConfig(), { private: true, authorizedIpRanges: ["203.0.113.5"] })), "API-01")).toEqual([`error ${RANGES}`]);
    const addresses = (n: number) => Array.from({ length: n }, (_, i) => `198.51.${100 + Math.floor(i / 256)}.${i % 256}`);
    expect(hits(clusterRun(api(vnetConfig(), { authorizedIpRanges: addresses(200) })), "API-07")).toEqual([]);
    expect(hits(clusterRun(api(vnetConfig(), { authorizedIpRanges: addresses(201) })), "API-07")).toEqual([`error ${RANGES}`]);
  });
});

describe("API-07: 200 authorized ranges, 2,000 with VNet integration", () => {
  const ranges = (n: number) => Array.from({ length: n }, (_, i) => `${11 + Math.floor(i / 256)}.0.${i % 256}.0/24`);
  test.each([
    [200, false, []],
    [201, false, [`error ${RANGES}`]],
    [2000, true, []],
    [2001, true, [`error ${RANGES}`]],
  ])("%i ranges, VNet integration %s", (n, integrated, expected) => {
    const config = api(integrated ? withApiSubnet() : vnetConfig(), { authorizedIpRanges: ranges(n) });
    expect(hits(clusterRun(config), "API-07")).toEqual(expected);
  });

  test("the message names the higher limit that VNet integration gives", () => {
    expect(messageOf(clusterRun(api(vnetConfig(), { authorizedIpRanges: ranges(201) })), "API-07")).toContain("AKS takes at most 200 (2000 with cluster.apiServer.vnetIntegration)");
  });
});

describe("the API server subnet", () => {
  test.each([
    ["10.239.255.0/28", []],
    ["10.239.254.0/23", []],
    ["10.239.255.0/29", ["error network.vnet.apiServerSubnet.addressPrefixes[0]"]],
  ])("API-04: %s", (prefix, expected) => {
    expect(hits(networkRun(withApiSubnet(vnetConfig(), prefix)), "API-04")).toEqual(expected);
  });

  test("API-06: VNet integration in a VNet of yours without the subnet is refused; with the VNet AKS creates it is not", () => {
    expect(hits(clusterRun(api(vnetConfig(), { vnetIntegration: true })), "API-06")).toEqual(["error cluster.apiServer.vnetIntegration"]);
    expect(hits(clusterRun(api(seedConfig(), { vnetIntegration: true })), "API-06")).toEqual([]);
  });

  test("API-14: a declared API server subnet with VNet integration turned off contradicts itself", () => {
    expect(hits(clusterRun(api(withApiSubnet(), { vnetIntegration: false })), "API-14")).toEqual(["error cluster.apiServer.vnetIntegration"]);
    expect(hits(clusterRun(api(withApiSubnet(), { vnetIntegration: true })), "API-14")).toEqual([]);
  });

  test("API-05: an adopted API server subnet that is also the node subnet", () => {
    const id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-aks";
    const config = withField(withField(withField(vnetConfig(), "network.vnet", undefined), "network.existingSubnetId", id), "network.existingApiServerSubnetId", id.toUpperCase().replace("/SUBSCRIPTIONS", "/subscriptions"));
    expect(hits(networkRun(config), "API-05")).toEqual(["error network.existingApiServerSubnetId"]);
  });
});

describe("the private DNS zone", () => {
  const zoned = (zone: string, config = vnetConfig()) => api(config, { private: true, privateDnsZone: zone });

  test.each([
    ["privatelink.westeurope.azmk8s.io", false, true],
    ["team-a.privatelink.westeurope.azmk8s.io", false, true],
    [`${"a".repeat(32)}.privatelink.westeurope.azmk8s.io`, false, true],
    [`${"a".repeat(33)}.privatelink.westeurope.azmk8s.io`, false, false],
    ["privatelink.eastus.azmk8s.io", false, false],
    ["private.westeurope.azmk8s.io", false, false],
    ["private.westeurope.azmk8s.io", true, true],
    ["team-a.private.westeurope.azmk8s.io", true, true],
    ["a.b.privatelink.westeurope.azmk8s.io", false, false],
    ["privatelink.westeurope.azmk8s.io.evil", false, false],
  ])("%s with VNet integration %s: accepted %s", (name, integrated, ok) => {
    expect(privateDnsZoneNamePattern("westeurope", integrated).test(name)).toBe(ok);
  });

  test("API-10 reads the region from the cluster's location, normalised", () => {
    const config = withField(zoned(zoneId("privatelink.westeurope.azmk8s.io")), "location", "West Europe");
    expect(hits(clusterRun(config), "API-10")).toEqual([]);
    expect(messageOf(clusterRun(zoned(zoneId("privatelink.eastus.azmk8s.io"))), "API-10")).toContain("AKS accepts privatelink.westeurope.azmk8s.io, <subzone>.privatelink.westeurope.azmk8s.io");
  });

  test.each([
    ["System", []],
    ["None", []],
    ["none", ["error cluster.apiServer.privateDnsZone"]],
    [zoneId("privatelink.westeurope.azmk8s.io").replace("privateDnsZones", "privatednszones"), ["error cluster.apiServer.privateDnsZone"]],
    [zoneId("privatelink.westeurope.azmk8s.io").replace("/resourceGroups/rg-dns", ""), ["error cluster.apiServer.privateDnsZone"]],
  ])("API-09: %s", (zone, expected) => {
    expect(hits(clusterRun(zoned(zone)), "API-09")).toEqual(expected);
  });

  test("API-08: any zone on a public API server is refused, System included", () => {
    expect(hits(clusterRun(api(vnetConfig(), { privateDnsZone: "None" })), "API-08")).toEqual([`error ${ZONE}`]);
  });

  test("API-11: System and None need no user-assigned identity; a zone of your own does", () => {
    const system = withField(zoned("System"), "cluster.identity", "SystemAssigned");
    expect(hits(clusterRun(system), "API-11")).toEqual([]);
    // Without a subnet of yours the cluster decides the identity: the finding is at the zone.
    expect(hits(clusterRun(zoned(zoneId("privatelink.eastus.azmk8s.io"), seedConfig())), "API-11")).toEqual([`error ${ZONE}`]);
    expect(hits(clusterRun(withField(zoned(zoneId("privatelink.eastus.azmk8s.io"), seedConfig()), "cluster.identity", "UserAssigned")), "API-11")).toEqual([]);
  });
});
