/**
 * Derived names are valid for their resource types for every valid input:
 * the provider's and Azure's patterns and lengths, at their edges.
 */
import fc from "fast-check";
import {
  controlPlaneIdentityName,
  deriveDnsPrefix,
  DNS_PREFIX_RULE,
  CLUSTER_NAME_RULE,
  IDENTITY_NAME,
  type NameRule,
  NSG_NAME,
  nodeSecurityGroupName,
  POOL_NAME_RULE,
  ROLE_NAME,
  rotationNames,
  subnetJoinRoleName,
  SUBNET_NAME_RULE,
  WORKSPACE_NAME,
  workspaceName,
} from "../../lib/plan/names";
import { CLUSTER_NAME, SUBNET_NAME } from "../../lib/rules/names";

/** azurerm LogAnalyticsWorkspaceName, as the provider checks it (validate/log_analytics_workspace_name.go). */
const azurermWorkspace = (n: string) => /^[A-Za-z0-9][A-Za-z0-9-]+[A-Za-z0-9]$/.test(n) && n.length >= 4 && n.length <= 63;
/** azurerm KubernetesAgentPoolName, which temporary_name_for_rotation follows. */
const azurermPoolName = (n: string) => /^[a-z][a-z0-9]{0,11}$/.test(n);

const a = (n: number, c = "a") => c.repeat(n);
const EDGE_CLUSTER_NAMES = [
  "a",
  "ab",
  "1",
  "9lives",
  "a_b",
  "a-b",
  "a__b--c",
  a(63),
  `1${a(61, "_")}z`,
  `${a(30)}_${a(32, "b")}`,
  `${a(58)}-bcde`,
  "AKS_Prod-01",
];

describe.each(EDGE_CLUSTER_NAMES)("cluster name %j", (cluster) => {
  test("is itself valid (the inputs are at the edges of NAME-01)", () => {
    expect(CLUSTER_NAME.test(cluster)).toBe(true);
  });

  test("gives a workspace name the provider accepts", () => {
    const name = workspaceName(cluster);
    expect(WORKSPACE_NAME.pattern.test(name)).toBe(true);
    expect(azurermWorkspace(name)).toBe(true);
  });

  test("gives a valid identity, custom role and DNS prefix", () => {
    expect(IDENTITY_NAME.pattern.test(controlPlaneIdentityName(cluster))).toBe(true);
    expect(ROLE_NAME.pattern.test(subnetJoinRoleName(cluster))).toBe(true);
    expect(DNS_PREFIX_RULE.pattern.test(deriveDnsPrefix(cluster))).toBe(true);
  });
});

test("a name that fits keeps its readable form; one that does not is shortened with a hash of the whole", () => {
  expect(workspaceName("aksbyocni")).toBe("log-aksbyocni");
  expect(workspaceName("a_b")).toBe("log-a-b");
  const long = workspaceName(a(63));
  expect(long).toHaveLength(63);
  expect(long).toMatch(/^log-a+-[0-9a-z]{6}$/);
  // Two long names that differ only past the cut stay apart.
  expect(workspaceName(`${a(62)}b`)).not.toBe(workspaceName(`${a(62)}c`));
});

test("the DNS prefix keeps the plain derivation, so existing clusters keep theirs", () => {
  expect(deriveDnsPrefix("aks_prod")).toBe("aks-prod");
  expect(deriveDnsPrefix(a(63))).toBe(a(54));
  expect(deriveDnsPrefix(`${a(53)}_b`)).toBe(a(53));
});

test.each(["s", "snet.nodes", "snet_", a(76), a(80), `s.${a(77)}_`])("subnet name %j gives a valid security group name", (subnet) => {
  expect(SUBNET_NAME.test(subnet)).toBe(true);
  const name = nodeSecurityGroupName(subnet);
  expect(NSG_NAME.pattern.test(name)).toBe(true);
  expect(name.length).toBeLessThanOrEqual(80);
});

describe("temporary names for rotation", () => {
  test.each([["a"], ["nodepool1"], [a(12)], ["p1"], ["abcdefghi"]])("pool %j gets a valid name", (pool) => {
    const [name] = rotationNames([{ name: pool }]);
    expect(azurermPoolName(name!)).toBe(true);
    expect(POOL_NAME_RULE.pattern.test(name!)).toBe(true);
  });

  test("derived names never clash with a pool name or each other", () => {
    const pools = [{ name: "apps" }, { name: "appstmp" }, { name: "nodepool1" }, { name: "nodepool1tmp" }, { name: "appstmptmp" }];
    const names = rotationNames(pools);
    expect(new Set([...names, ...pools.map((p) => p.name)]).size).toBe(names.length + pools.length);
    expect(names.every(azurermPoolName)).toBe(true);
  });

  test("a given name is kept", () => {
    expect(rotationNames([{ name: "apps", temporaryNameForRotation: "swap" }])).toEqual(["swap"]);
  });
});

/**
 * Names valid under `r`. Its pattern has a length lookahead fast-check cannot
 * generate from, so the strings come from its character classes and length
 * and are then filtered by the pattern itself.
 */
const validNames = (r: NameRule) =>
  fc.stringMatching(new RegExp(`^[${r.first}](?:[${r.chars}]{0,${r.max - 2}}[${r.last}])?$`)).filter((n) => r.pattern.test(n));

test("property: every valid cluster, subnet and pool name gives valid derived names", () => {
  const clusterName = validNames(CLUSTER_NAME_RULE);
  const subnetName = validNames(SUBNET_NAME_RULE);
  const poolName = validNames(POOL_NAME_RULE);
  fc.assert(
    fc.property(clusterName, subnetName, fc.uniqueArray(poolName, { minLength: 1, maxLength: 6 }), (cluster, subnet, pools) => {
      expect(azurermWorkspace(workspaceName(cluster))).toBe(true);
      expect(IDENTITY_NAME.pattern.test(controlPlaneIdentityName(cluster))).toBe(true);
      expect(ROLE_NAME.pattern.test(subnetJoinRoleName(cluster))).toBe(true);
      expect(DNS_PREFIX_RULE.pattern.test(deriveDnsPrefix(cluster))).toBe(true);
      expect(NSG_NAME.pattern.test(nodeSecurityGroupName(subnet))).toBe(true);
      const rotation = rotationNames(pools.map((name) => ({ name })));
      expect(rotation.every(azurermPoolName)).toBe(true);
      expect(new Set([...rotation, ...pools]).size).toBe(rotation.length + pools.length);
    }),
    { numRuns: 300 },
  );
});
