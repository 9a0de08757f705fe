/**
 * RA: the control-plane identity's grant on the node subnet.
 */
import type { ClusterIdentityType, SubnetRole, SubnetRoleAssignmentSettings } from "../../lib/config/types";
import { parseSubnetId, subnetScopes } from "../../lib/net/arm-id";
import { resolveCluster } from "../../lib/plan/cluster";
import { resolveNetwork } from "../../lib/plan/network";
import { checkGrant, checkRoleAssignment, checkSubnetId } from "../../lib/rules/role-assignment";
import { isUnknownValue } from "../../lib/constructs/private/synthesized";
import { runCheck, vnetConfig, withField } from "../support";
import { ADOPTED_SUBNET_ID, hits, messageOf, pathsOf, reportOf, skippedAt, stacks } from "./helpers";

const BASE = "network.subnetRoleAssignment";
const GUID = "4d97b98b-1d4f-4787-a291-c67834d212e7";
const [, VNET_ID, RG_ID, SUBSCRIPTION_ID] = subnetScopes(parseSubnetId(ADOPTED_SUBNET_ID)!);

/** The RA checks on the network plan of a subnet with `role`; an adopted subnet when `subnetId` is given, else a created one. */
function raRun(role: SubnetRole, settings: SubnetRoleAssignmentSettings | undefined, json?: Record<string, unknown>, subnetId?: string) {
  const network = subnetId === undefined ? { vnet: vnetConfig().network!.vnet } : { existingSubnetId: subnetId };
  const plan = resolveNetwork({ location: "westeurope", namePrefix: "aks", network: { ...network, subnetRole: role, subnetRoleAssignment: settings } }, isUnknownValue);
  return runCheck((ctx) => checkRoleAssignment(ctx, plan, json));
}

describe("RA-01: exactly one of role definition ID and name", () => {
  test.each([
    ["Existing", {}, BASE],
    ["Existing", { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${GUID}`, roleDefinitionName: "Network Contributor" }, BASE],
    ["NetworkContributor", { roleDefinitionName: "Reader" }, `${BASE}.roleDefinitionName`],
    ["MinimalCustomRole", { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${GUID}` }, `${BASE}.roleDefinitionId`],
  ] as const)("%s with %j is rejected", (role, settings, path) => {
    expect(hits(raRun(role, settings), "RA-01")).toEqual([`error ${path}`]);
  });

  test.each([
    ["Existing", { roleDefinitionName: "Network Contributor" }],
    ["Existing", { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${GUID}` }],
    ["NetworkContributor", undefined],
    ["MinimalCustomRole", {}],
  ] as const)("%s with %j is accepted", (role, settings) => {
    expect(raRun(role, settings).findings).toEqual([]);
  });
});

describe("RA-02: principal type ServicePrincipal, case-sensitive", () => {
  test.each(["servicePrincipal", "User", "Group", undefined])("%j is rejected", (principalType) => {
    expect(hits(raRun("NetworkContributor", undefined, { principal_type: principalType }), "RA-02")).toEqual([`error ${BASE}.principalType`]);
  });

  test("ServicePrincipal is accepted", () => {
    expect(raRun("NetworkContributor", undefined, { principal_type: "ServicePrincipal" }).findings).toEqual([]);
  });
});

describe("RA-03: the assignment name is a UUID", () => {
  test.each(["abc", `${GUID}x`, ` ${GUID}`, GUID.slice(1), `{${GUID}}`])("%j is rejected", (name) => {
    expect(hits(raRun("NetworkContributor", { name }), "RA-03")).toEqual([`error ${BASE}.name`]);
  });

  test.each([GUID, GUID.toUpperCase()])("%j is accepted", (name) => {
    expect(raRun("NetworkContributor", { name }).findings).toEqual([]);
  });
});

describe("RA-04: condition version only with a condition, 1.0 or 2.0", () => {
  const CONDITION = "@Resource[Microsoft.Network/virtualNetworks/subnets:name] StringEquals 'snet'";
  test.each([
    [{ conditionVersion: "2.0" }, "without a condition"],
    [{ condition: CONDITION, conditionVersion: "3.0" }, "not 1.0 or 2.0"],
    [{ condition: CONDITION, conditionVersion: "2" }, "not 1.0 or 2.0"],
  ])("%j is rejected", (settings, fragment) => {
    const run = raRun("NetworkContributor", settings);
    expect(hits(run, "RA-04")).toEqual([`error ${BASE}.conditionVersion`]);
    expect(messageOf(run, "RA-04")).toContain(fragment);
  });

  test.each([{ condition: CONDITION, conditionVersion: "1.0" }, { condition: CONDITION, conditionVersion: "2.0" }, { condition: CONDITION }])("%j is accepted", (settings) => {
    expect(raRun("NetworkContributor", settings).findings).toEqual([]);
  });
});

describe("RA-05: the subnet ID, and a scope that covers it", () => {
  test.each([
    "snet-aks",
    ADOPTED_SUBNET_ID.replace("/subnets/", "/Subnets/"),
    ADOPTED_SUBNET_ID.replace("00000000-0000-0000-0000-000000000001", "not-a-guid"),
    `${ADOPTED_SUBNET_ID}/`,
    `${ADOPTED_SUBNET_ID}\n`,
    ADOPTED_SUBNET_ID.replace("snet-aks", "snet aks"),
    VNET_ID!,
    "",
  ])("subnet ID %j is rejected", (id) => {
    expect(hits(runCheck((ctx) => checkSubnetId(ctx, "network.existingSubnetId", id)), "RA-05")).toEqual(["error network.existingSubnetId"]);
  });

  test("a well-formed subnet ID is accepted; a reference is skipped", () => {
    expect(runCheck((ctx) => checkSubnetId(ctx, "network.existingSubnetId", ADOPTED_SUBNET_ID)).findings).toEqual([]);
    const run = runCheck((ctx) => checkSubnetId(ctx, "network.existingSubnetId", "${azurerm_subnet.x.id}"));
    expect(run.findings).toEqual([]);
    expect(skippedAt(run, "network.existingSubnetId")).toEqual(["RA-05"]);
  });

  test.each([
    `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet-other/subnets/snet-aks`,
    "/subscriptions/00000000-0000-0000-0000-000000000002",
    `${RG_ID}-2`,
  ])("scope %j does not cover the subnet", (scope) => {
    const run = raRun("NetworkContributor", undefined, { principal_type: "ServicePrincipal", scope }, ADOPTED_SUBNET_ID);
    expect(hits(run, "RA-05")).toEqual([`error ${BASE}`]);
  });

  test.each([ADOPTED_SUBNET_ID, VNET_ID!, RG_ID!, SUBSCRIPTION_ID!, RG_ID!.toLowerCase()])("scope %j covers the subnet", (scope) => {
    expect(raRun("NetworkContributor", undefined, { principal_type: "ServicePrincipal", scope }, ADOPTED_SUBNET_ID).findings).toEqual([]);
  });
});

describe("RA-07: role definition ID format", () => {
  test.each([
    "Network Contributor",
    GUID,
    `/providers/Microsoft.Authorization/roleDefinitions/${GUID}/`,
    `/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/${GUID}`,
  ])("%j is rejected", (roleDefinitionId) => {
    expect(hits(raRun("Existing", { roleDefinitionId }), "RA-07")).toEqual([`error ${BASE}.roleDefinitionId`]);
  });

  test.each([
    `/providers/Microsoft.Authorization/roleDefinitions/${GUID}`,
    `/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/${GUID}`,
  ])("%j is accepted", (roleDefinitionId) => {
    expect(raRun("Existing", { roleDefinitionId }).findings).toEqual([]);
  });
});

describe("RA-06 and RA-08: the grant and when it can happen", () => {
  const { cluster, network } = vnetConfig();
  const grantRun = (role: SubnetRole | undefined, identity: ClusterIdentityType, ownSubnet = true) => {
    const subnet = ownSubnet ? resolveNetwork({ location: "westeurope", namePrefix: "aks", network: { ...network, subnetRole: role }, identity }, isUnknownValue) : undefined;
    const plan = resolveCluster({ location: "westeurope", resourceGroupName: "rg", cluster, identity: ownSubnet ? undefined : identity, subnet }, isUnknownValue);
    return runCheck((ctx) => checkGrant(ctx, plan));
  };

  test("subnet role None is rejected (RA-06)", () => {
    expect(hits(grantRun("None", "UserAssigned"), "RA-06")).toEqual(["error network.subnetRole"]);
  });

  test.each([["NetworkContributor"], ["MinimalCustomRole"], ["Existing"], [undefined]] as const)("subnet role %s is accepted", (role) => {
    expect(grantRun(role, "UserAssigned").findings).toEqual([]);
  });

  test("a system-assigned identity is a warning (RA-08); no subnet of our own needs no grant", () => {
    expect(hits(grantRun("NetworkContributor", "SystemAssigned"), "RA-08")).toEqual(["warning cluster.identity"]);
    expect(grantRun(undefined, "SystemAssigned", false).findings).toEqual([]);
  });
});

describe("end to end through a config", () => {
  const adopted = () => withField(withField(vnetConfig(), "network.vnet", undefined), "network.existingSubnetId", ADOPTED_SUBNET_ID);
  const report = stacks({
    // One defect per setting of the assignment.
    settings: () =>
      reportOf(
        withField(withField(vnetConfig(), "network.subnetRole", "Existing"), BASE, {
          roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/not-a-guid",
          name: "abc",
          principalType: "servicePrincipal",
          conditionVersion: "2.0",
        }),
      ),
    both: () => reportOf(withField(withField(vnetConfig(), `${BASE}.roleDefinitionName`, "Reader"), "cluster.identity", "SystemAssigned")),
    malformed: () => reportOf(withField(withField(adopted(), "network.existingSubnetId", "snet-aks"), "network.subnetRole", "None")),
    // The config always scopes the grant to the subnet; only an override can widen or move it.
    otherScope: () =>
      reportOf(adopted(), (stack) => stack.network!.roleAssignment!.addOverride("scope", `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet-other/subnets/snet-aks`)),
    groupScope: () => reportOf(adopted(), (stack) => stack.network!.roleAssignment!.addOverride("scope", RG_ID)),
    edge: () => reportOf(withField(withField(vnetConfig(), "network.subnetRole", "Existing"), `${BASE}.roleDefinitionName`, "Network Contributor")),
  });

  test.each([
    ["RA-01", `${BASE}.roleDefinitionName`, "both"],
    ["RA-02", `${BASE}.principalType`, "settings"],
    ["RA-03", `${BASE}.name`, "settings"],
    ["RA-04", `${BASE}.conditionVersion`, "settings"],
    ["RA-05", "network.existingSubnetId", "malformed"],
    ["RA-05", BASE, "otherScope"],
    ["RA-06", "network.subnetRole", "malformed"],
    ["RA-07", `${BASE}.roleDefinitionId`, "settings"],
  ] as const)("%s is reported at %s (stack %s)", (rule, path, key) => {
    expect(pathsOf(report(key).errors, rule)).toEqual([path]);
  });

  test("RA-08 is a warning", () => {
    expect(pathsOf(report("both").warnings, "RA-08")).toEqual(["cluster.identity"]);
  });

  test.each(["groupScope", "edge"] as const)("stack %s has no error", (key) => {
    expect(report(key).errors).toEqual([]);
  });
});
