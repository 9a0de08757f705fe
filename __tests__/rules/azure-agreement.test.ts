/**
 * Cases where published AKS definitions showed synth deciding otherwise than
 * Azure or the azurerm provider: each is now refused exactly when Azure or
 * the provider refuses it, and at most warned about when they accept it.
 * Every case goes through a real stack (constructs, aspects, validations).
 */
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import { Testing } from "../../lib/bindings/cdktf";
import type { AksByoCniConfig } from "../../lib/config/types";
import { seedConfig, synthJson, vnetConfig, withField } from "../support";
import { ADOPTED_SUBNET_ID, pathsOf, reportOf } from "./helpers";

const edit = (config: AksByoCniConfig, fields: Record<string, unknown>) => Object.entries(fields).reduce((c, [k, v]) => withField(c, k, v), config);
/** The rule IDs of report lines (the last bracket of each: `[RULE]` or `[RULE / ALIAS]`). */
const rulesIn = (lines: readonly string[]): string[] =>
  [...new Set(lines.map((l) => [...l.matchAll(/\[([A-Z][A-Z0-9_]*(?:-\d+)?)(?:\]| \/)/g)].pop()?.[1]))].filter((r): r is string => r !== undefined).sort();

/** Azure's container networking team's BYO CNI plan: VNet 10.0.0.0/8, nodes on 10.240.0.0/16, pods on 10.241.0.0/16. */
const cniTeamVnet = (): AksByoCniConfig =>
  edit(vnetConfig(), {
    "network.podCidr": undefined,
    "network.serviceCidr": undefined,
    "network.dnsServiceIp": undefined,
    "network.vnet.addressSpace": ["10.0.0.0/8"],
    "network.vnet.subnet": { name: "nodenet", addressPrefixes: ["10.240.0.0/16"] },
    "network.vnet.otherSubnets": [{ name: "podnet", addressPrefixes: ["10.241.0.0/16"] }],
  });
const POD_SUBNET = ADOPTED_SUBNET_ID.replace(/vnet-hub\/subnets\/snet-aks$/, "vnet-aks/subnets/podnet");
const withPodSubnets = (config: AksByoCniConfig) =>
  edit(config, { "cluster.defaultNodePool.podSubnetId": POD_SUBNET, "cluster.userNodePools[0].podSubnetId": POD_SUBNET });

describe("accepted by synth, refused by Azure or the provider: now errors", () => {
  test("advancedNetworking with plugin none is refused (BYO-06), as azurerm's CustomizeDiff refuses any advanced_networking block", () => {
    for (const flags of [{ observabilityEnabled: true }, { securityEnabled: false, observabilityEnabled: false }]) {
      const report = reportOf(withField(seedConfig(), "network.advancedNetworking", flags));
      expect(pathsOf(report.errors, "BYO-06")).toEqual(["network.advancedNetworking"]);
    }
  });

  test("a private cluster with authorized IP ranges is refused (API-01), as ARM answers 'Private cluster cannot be enabled with AuthorizedIPRanges'", () => {
    const report = reportOf(withField(seedConfig(), "cluster.apiServer", { private: true, authorizedIpRanges: ["203.0.113.0/24"] }));
    expect(pathsOf(report.errors, "API-01")).toEqual(["cluster.apiServer.authorizedIpRanges"]);
  });

  test("0.0.0.0/32 together with other authorized ranges is refused (API-02); alone it is accepted", () => {
    const with0 = (ranges: string[]) => reportOf(withField(seedConfig(), "cluster.apiServer.authorizedIpRanges", ranges));
    expect(pathsOf(with0(["0.0.0.0/32", "203.0.113.0/24"]).errors, "API-02")).toEqual(["cluster.apiServer.authorizedIpRanges[0]"]);
    expect(with0(["0.0.0.0/32"]).errors).toEqual([]);
  });

  test("an IPv6-only VNet and node subnet are refused (NET-19), as AKS supports no IPv6-only nodes", () => {
    const report = reportOf(edit(vnetConfig(), { "network.vnet.addressSpace": ["fd00:db8::/48"], "network.vnet.subnet.addressPrefixes": ["fd00:db8::/64"] }));
    expect(pathsOf(report.errors, "NET-19")).toEqual(["network.vnet.subnet.addressPrefixes"]);
  });

  test("upgrade.channel node-image with nodeOsChannel other than NodeImage is refused (UPG-01), as azurerm refuses it at apply", () => {
    const report = (nodeOsChannel: string) => reportOf(withField(seedConfig(), "cluster.upgrade", { channel: "node-image", nodeOsChannel }));
    for (const other of ["SecurityPatch", "Unmanaged", "None"]) expect(pathsOf(report(other).errors, "UPG-01")).toEqual(["cluster.upgrade.nodeOsChannel"]);
    expect(report("NodeImage").errors).toEqual([]);
  });
});

describe("refused by synth, accepted by Azure: now at most warnings", () => {
  test("a service range that overlaps only the VNet (the CNI team's VNet 10.0.0.0/8 with the default 10.0.0.0/16) is a warning (SVC-02), not an error", () => {
    const report = reportOf(withField(cniTeamVnet(), "network.podCidr", "192.168.0.0/16"));
    expect(report.errors).toEqual([]);
    expect(pathsOf(report.warnings, "SVC-02")).toEqual(["network.serviceCidr"]);
  });

  test("a pod range that overlaps the VNet but no subnet (VNet 10.100.0.0/16, subnet 10.100.0.0/22, pods 10.100.128.0/17) is a warning (POD-08), as AKS checks only the subnets since 2024-10-25", () => {
    const report = reportOf(edit(vnetConfig(), { "network.vnet.addressSpace": ["10.100.0.0/16"], "network.vnet.subnet.addressPrefixes": ["10.100.0.0/22"], "network.podCidr": "10.100.128.0/17" }));
    expect(report.errors).toEqual([]);
    expect(pathsOf(report.warnings, "POD-08")).toEqual(["network.podCidr"]);
  });

  test("networkPluginMode overlay with plugin none is a warning (BYO-03), as AKS accepts --network-plugin none --network-plugin-mode overlay", () => {
    const report = reportOf(edit(cniTeamVnet(), { "network.podCidr": "192.168.0.0/16", "network.networkPluginMode": "overlay" }));
    expect(report.errors).toEqual([]);
    expect(pathsOf(report.warnings, "BYO-03")).toEqual(["network.networkPluginMode"]);
  });

  test("a pod subnet with plugin none is a warning (BYO-07); the unused default pod range is neither checked (no POD-02) nor sent", () => {
    const config = withPodSubnets(cniTeamVnet());
    const report = reportOf(config);
    expect(report.errors).toEqual([]);
    expect(rulesIn(report.warnings).filter((r) => /^(BYO|POD|SVC|RES|NET)-/.test(r))).toEqual(["BYO-07", "SVC-02"]);
    expect(pathsOf(report.warnings, "BYO-07")).toEqual(["cluster.defaultNodePool.podSubnetId", "cluster.userNodePools[0].podSubnetId"]);
    const stack = new AksByoCniStack(Testing.app(), "env", config);
    const cluster = Object.values(synthJson(stack).resource.azurerm_kubernetes_cluster)[0] as { network_profile: Record<string, unknown> };
    expect(cluster.network_profile.pod_cidr).toBeUndefined();
  });

  test("a pod subnet with cni.plugin cilium is a contradiction (CNI-09): the Cilium stack takes pod IPs from network.podCidr", () => {
    const config = withField(withPodSubnets(cniTeamVnet()), "cni", { plugin: "cilium", version: "1.18.14" });
    expect(pathsOf(reportOf(config).errors, "CNI-09")).toEqual(["cluster.defaultNodePool.podSubnetId"]);
  });

  test("CKV_AZURE_226 is a warning, not 'remove osDiskType: Managed', when osDiskSizeGb exceeds the VM's local disk and osDiskType is not written", () => {
    const report = reportOf(withField(vnetConfig(), "cluster.defaultNodePool.osDiskSizeGb", 200));
    expect(report.errors).toEqual([]);
    const found = report.warnings.filter((w) => w.includes("[CKV_AZURE_226]"));
    expect(found).toHaveLength(1);
    expect(found[0]!).not.toContain("remove osDiskType");
  });
});
