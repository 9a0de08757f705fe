/**
 * Address plan views built by hand, as fixtures for the renderers' tests.
 * The prod and dev fixtures follow config/prod.yaml and config/dev.yaml with
 * the arithmetic worked out in the comments; fixtures.test.ts checks those
 * numbers against the rules' own functions so that they cannot drift.
 */
import { resolveEnvironment } from "../../lib/plan/environment";
import type { AddressPlanRange, AddressPlanView, CapacityRow } from "../../lib/report/address-plan/view";
import { addressPlanView } from "../../lib/report/address-plan/from-plan";
import { isUnknownValue } from "../../lib/constructs/private/synthesized";
import { shippedConfig } from "../support";

/** The view synth writes for a shipped environment (`config/<env>.yaml`). */
export function shippedView(env: string): AddressPlanView {
  return addressPlanView(env, resolveEnvironment(shippedConfig(`config/${env}.yaml`), isUnknownValue).cluster);
}

/** Where the reserved ranges are documented, as the view's `path` for them. */
const AKS_SOURCE = "AKS reserved (RES-01..03)";
const AZURE_SOURCE = "Azure VNet FAQ (RES-04)";

/** The ranges AKS refuses for service, pod and VNet ranges. */
export const FIXTURE_AKS_RESERVED: readonly AddressPlanRange[] = [
  { kind: "aksReserved", label: "link-local", cidr: "169.254.0.0/16", path: AKS_SOURCE, defaulted: false },
  { kind: "aksReserved", label: "AKS internal", cidr: "172.30.0.0/16", path: AKS_SOURCE, defaulted: false },
  { kind: "aksReserved", label: "AKS internal", cidr: "172.31.0.0/16", path: AKS_SOURCE, defaulted: false },
  { kind: "aksReserved", label: "TEST-NET-1", cidr: "192.0.2.0/24", path: AKS_SOURCE, defaulted: false },
];

/** The ranges Azure refuses in a VNet address space. */
export const FIXTURE_AZURE_RESERVED: readonly AddressPlanRange[] = [
  { kind: "azureReserved", label: "loopback", cidr: "127.0.0.0/8", path: AZURE_SOURCE, defaulted: false },
  { kind: "azureReserved", label: "Azure DNS and health probes", cidr: "168.63.129.16/32", path: AZURE_SOURCE, defaulted: false },
  { kind: "azureReserved", label: "link-local", cidr: "169.254.0.0/16", path: AZURE_SOURCE, defaulted: false },
  { kind: "azureReserved", label: "multicast", cidr: "224.0.0.0/4", path: AZURE_SOURCE, defaulted: false },
  { kind: "azureReserved", label: "broadcast", cidr: "255.255.255.255/32", path: AZURE_SOURCE, defaulted: false },
];

/**
 * config/prod.yaml, worked out by hand.
 *
 * Nodes: system 3 (no autoscaler) + surge ceil(3 x 10%) = 1 -> 4; apps max 10
 * + surge ceil(10 x 10%) = 1 -> 11; 15 in all, no internal LB frontends.
 * Node subnet /16: 2^16 - 5 = 65,531 addresses, 65,531 - 15 = 65,516 left.
 * Pod /16 at a /24 per node (plugin none: Cilium's default assumed):
 * 2^(24-16) = 256 blocks, 256 - 15 = 241 left. A /24 holds 2^8 - 2 = 254
 * pods against maxPods 110: 144 left. At max scale: system 3 x 254 = 762
 * addresses for 3 x 110 = 330 pods; apps 10 x 254 = 2,540 for 1,100.
 */
export const prodFixture: AddressPlanView = {
  version: 1,
  stack: "prod",
  ranges: [
    { kind: "vnet", label: "vnet-aks-byocni-prod", cidr: "10.224.0.0/12", path: "network.vnet.addressSpace[0]", defaulted: false },
    { kind: "nodeSubnet", label: "snet-aks-nodes", cidr: "10.224.0.0/16", path: "network.vnet.subnet.addressPrefixes[0]", defaulted: false },
    { kind: "pod", label: "CNI pool", cidr: "10.244.0.0/16", path: "network.podCidr", defaulted: false },
    { kind: "service", label: "ClusterIPs", cidr: "10.0.0.0/16", path: "network.serviceCidr", defaulted: false },
    ...FIXTURE_AKS_RESERVED,
    ...FIXTURE_AZURE_RESERVED,
  ],
  dnsServiceIp: { address: "10.0.0.10", path: "network.dnsServiceIp", defaulted: false },
  capacity: [
    {
      key: "subnet.nodes",
      label: "Node subnet 10.224.0.0/16: node addresses",
      unit: "nodes",
      value: 65531,
      demand: 15,
      headroom: 65516,
      basis: "2^(32-16) - 5 reserved by Azure; peak = system 3 + 1 surge, apps 10 + 1 surge, 0 internal LB frontends",
    },
    {
      key: "pod.blocks",
      label: "Pod range 10.244.0.0/16: per-node /24 blocks",
      unit: "nodes",
      value: 256,
      demand: 15,
      headroom: 241,
      basis: "2^(24-16) blocks, a /24 per node (Cilium's default, assumed with plugin none); 15 nodes with surge",
    },
    {
      key: "pod.perNode",
      label: "Pods per node: /24 block",
      unit: "pods",
      value: 254,
      demand: 110,
      headroom: 144,
      basis: "2^(32-24) - 2 addresses; largest maxPods 110",
    },
    {
      key: "pool.system.pods",
      label: "Pool system at max scale (3 nodes): pods",
      unit: "pods",
      value: 762,
      demand: 330,
      headroom: 432,
      basis: "3 nodes x 254 block addresses; 3 x maxPods 110",
    },
    {
      key: "pool.apps.pods",
      label: "Pool apps at max scale (10 nodes): pods",
      unit: "pods",
      value: 2540,
      demand: 1100,
      headroom: 1440,
      basis: "10 nodes x 254 block addresses; 10 x maxPods 110",
    },
  ],
};

/**
 * config/dev.yaml: Microsoft's template. AKS creates the VNet itself: its
 * node subnet is AKS's 10.224.0.0/16, its address space is unknown until
 * apply (not guessed); the service range and DNS IP are the API defaults.
 *
 * Nodes: nodepool1 3 + surge ceil(3 x 10%) = 1 -> 4. Pod /16 at /24: 256
 * blocks, 252 left; 254 per node against maxPods 110 (the default); 3 x 254 =
 * 762 for 3 x 110 = 330 pods.
 */
export const devFixture: AddressPlanView = {
  version: 1,
  stack: "dev",
  ranges: [
    { kind: "vnet", label: "AKS-managed VNet", cidr: undefined, path: "(AKS creates it: no network.vnet)", defaulted: false },
    { kind: "nodeSubnet", label: "AKS-managed subnet", cidr: "10.224.0.0/16", path: "(AKS creates it: no network.vnet)", defaulted: true },
    { kind: "pod", label: "CNI pool", cidr: "10.244.0.0/16", path: "network.podCidr", defaulted: false },
    { kind: "service", label: "ClusterIPs", cidr: "10.0.0.0/16", path: "network.serviceCidr", defaulted: true },
    ...FIXTURE_AKS_RESERVED,
    ...FIXTURE_AZURE_RESERVED,
  ],
  dnsServiceIp: { address: "10.0.0.10", path: "network.dnsServiceIp", defaulted: true },
  capacity: [
    {
      key: "subnet.nodes",
      label: "Node subnet: node addresses",
      unit: "nodes",
      value: undefined,
      demand: 4,
      headroom: undefined,
      basis: "the subnet AKS creates is known at apply time; peak = nodepool1 3 + 1 surge, 0 internal LB frontends",
    },
    {
      key: "pod.blocks",
      label: "Pod range 10.244.0.0/16: per-node /24 blocks",
      unit: "nodes",
      value: 256,
      demand: 4,
      headroom: 252,
      basis: "2^(24-16) blocks, a /24 per node (Cilium's default, assumed with plugin none); 4 nodes with surge",
    },
    {
      key: "pod.perNode",
      label: "Pods per node: /24 block",
      unit: "pods",
      value: 254,
      demand: 110,
      headroom: 144,
      basis: "2^(32-24) - 2 addresses; largest maxPods 110 (default)",
    },
    {
      key: "pool.nodepool1.pods",
      label: "Pool nodepool1 at max scale (3 nodes): pods",
      unit: "pods",
      value: 762,
      demand: 330,
      headroom: 432,
      basis: "3 nodes x 254 block addresses; 3 x maxPods 110",
    },
  ],
};

/**
 * prod adopting an existing subnet whose VNet space is declared but whose
 * prefixes are not: the subnet is drawn as unknown and its capacity is open.
 */
export const adoptedSubnetFixture: AddressPlanView = {
  ...prodFixture,
  stack: "prod-adopted",
  ranges: prodFixture.ranges.map((r) =>
    r.kind === "vnet"
      ? { ...r, label: "vnet-shared-hub", path: "network.existingVnetAddressSpace[0]" }
      : r.kind === "nodeSubnet"
        ? { ...r, label: "(adopted)", cidr: undefined, path: "network.existingSubnetId" }
        : r,
  ),
  capacity: prodFixture.capacity.map(
    (c): CapacityRow =>
      c.key === "subnet.nodes"
        ? { ...c, label: "Node subnet (adopted): node addresses", value: undefined, headroom: undefined, basis: "prefixes known at apply time (set network.existingSubnetAddressPrefixes); peak 15 nodes" }
        : c,
  ),
};

/** prod with the peered and on-premises networks a hub typically brings. */
export const prodWithConnectedFixture: AddressPlanView = {
  ...prodFixture,
  stack: "prod-connected",
  ranges: [
    ...prodFixture.ranges,
    { kind: "connected", label: "hub VNet (peered)", cidr: "172.16.0.0/16", path: "network.connectedNetworks[0]", defaulted: false },
    { kind: "connected", label: "on-premises", cidr: "192.168.0.0/16", path: "network.connectedNetworks[1]", defaulted: false },
  ],
};

/**
 * A plan that breaks the rules on purpose: the pod range overlaps a connected
 * network and the AKS-reserved 172.30.0.0/16, the service range overlaps the VNet.
 */
export const conflictingFixture: AddressPlanView = {
  version: 1,
  stack: "conflicts",
  ranges: [
    { kind: "vnet", label: "vnet-bad", cidr: "10.0.0.0/8", path: "network.vnet.addressSpace[0]", defaulted: false },
    { kind: "nodeSubnet", label: "snet-nodes", cidr: "10.240.0.0/16", path: "network.vnet.subnet.addressPrefixes[0]", defaulted: false },
    { kind: "pod", label: "CNI pool", cidr: "172.16.0.0/12", path: "network.podCidr", defaulted: false },
    { kind: "service", label: "ClusterIPs", cidr: "10.0.0.0/16", path: "network.serviceCidr", defaulted: true },
    { kind: "connected", label: "on-premises", cidr: "172.20.0.0/16", path: "network.connectedNetworks[0]", defaulted: false },
    ...FIXTURE_AKS_RESERVED,
  ],
  dnsServiceIp: { address: "10.0.0.10", path: "network.dnsServiceIp", defaulted: true },
  capacity: [],
};

/**
 * Many narrow ranges side by side, to stress label placement: a /22 node
 * subnet, 48 adjacent /29 and /28 subnets, a dual-stack IPv6 subnet, an
 * unknown subnet, 24 connected /24s, two overlapping connected ranges, a
 * label that needs escaping, and a long name.
 */
export function denseFixture(): AddressPlanView {
  const ranges: AddressPlanRange[] = [
    { kind: "vnet", label: "vnet-dense", cidr: "10.10.0.0/16", path: "network.vnet.addressSpace[0]", defaulted: false },
    { kind: "vnet", label: "vnet-dense v6", cidr: "fd00:10::/48", path: "network.vnet.addressSpace[1]", defaulted: false },
    { kind: "nodeSubnet", label: "snet-nodes", cidr: "10.10.0.0/22", path: "network.vnet.subnet.addressPrefixes[0]", defaulted: false },
    { kind: "nodeSubnet", label: "snet-nodes v6", cidr: "fd00:10::/64", path: "network.vnet.subnet.addressPrefixes[1]", defaulted: false },
  ];
  let base = (10 << 24) + (10 << 16) + (4 << 8);
  for (let i = 0; i < 48; i++) {
    const prefix = i % 3 === 2 ? 28 : 29;
    const size = 2 ** (32 - prefix);
    base = Math.ceil(base / size) * size;
    const text = `${[base >>> 24, (base >>> 16) & 255, (base >>> 8) & 255, base & 255].join(".")}/${prefix}`;
    ranges.push({ kind: "otherSubnet", label: `snet-app-${String(i).padStart(2, "0")}`, cidr: text, path: `network.vnet.otherSubnets[${i}].addressPrefixes[0]`, defaulted: false });
    base += size;
  }
  ranges.push({ kind: "otherSubnet", label: "snet-<adopted> & \"friends\"", cidr: undefined, path: "network.vnet.otherSubnets[48].addressPrefixes[0]", defaulted: false });
  for (let i = 0; i < 24; i++) {
    ranges.push({ kind: "connected", label: `branch-office-${String(i).padStart(2, "0")}`, cidr: `192.168.${i}.0/24`, path: `network.connectedNetworks[${i}]`, defaulted: false });
  }
  ranges.push(
    { kind: "connected", label: "datacentre aggregate with a rather long descriptive name", cidr: "172.16.0.0/12", path: "network.connectedNetworks[24]", defaulted: false },
    { kind: "connected", label: "datacentre core", cidr: "172.16.0.0/20", path: "network.connectedNetworks[25]", defaulted: false },
    { kind: "pod", label: "CNI pool", cidr: "100.64.0.0/16", path: "network.podCidr", defaulted: false },
    { kind: "service", label: "ClusterIPs", cidr: "10.96.0.0/20", path: "network.serviceCidr", defaulted: false },
    ...FIXTURE_AKS_RESERVED,
    ...FIXTURE_AZURE_RESERVED,
  );
  return {
    version: 1,
    stack: "dense",
    ranges,
    dnsServiceIp: { address: "10.96.0.10", path: "network.dnsServiceIp", defaulted: false },
    capacity: [
      { key: "subnet.nodes", label: "Node subnet 10.10.0.0/22: node addresses", unit: "nodes", value: 1019, demand: 1030, headroom: -11, basis: "2^(32-22) - 5; 1,000 nodes + 30 surge" },
    ],
  };
}
