/**
 * The overlap decision on its own: which pairs collide, under which rule,
 * and which pairs may share addresses.
 */
import { cidr } from "../../lib/net/cidr";
import { addressCollisions, RESERVED_RANGES, type AddressRangeKind } from "../../lib/net/overlaps";

type Row = [AddressRangeKind, string | undefined];
const plan = (...rows: Row[]) => rows.map(([kind, text]) => ({ kind, cidr: text === undefined ? undefined : cidr(text) }));
/** `RULE subject-index>other-index` of each collision. */
const decide = (...rows: Row[]) => addressCollisions(plan(...rows)).map((c) => `${c.rule} ${c.subject}>${c.other}`);

test("a subnet inside its VNet, two spaces of one VNet, and connected or reserved ranges among themselves may share addresses", () => {
  expect(decide(["vnet", "10.0.0.0/8"], ["vnet", "10.1.0.0/16"], ["nodeSubnet", "10.1.0.0/24"], ["connected", "169.254.0.0/16"], ["aksReserved", "169.254.0.0/16"], ["azureReserved", "169.254.0.0/16"])).toEqual([]);
});

test("a service range that hits a subnet is SVC-01 only; one that only hits the VNet is SVC-02", () => {
  expect(decide(["vnet", "10.0.0.0/8"], ["nodeSubnet", "10.0.0.0/24"], ["service", "10.0.0.0/16"])).toEqual(["SVC-01 2>1"]);
  expect(decide(["vnet", "10.0.0.0/8"], ["nodeSubnet", "10.240.0.0/16"], ["service", "10.0.0.0/16"])).toEqual(["SVC-02 2>0"]);
});

test("a pod range that hits a subnet is POD-02 only, declared VNet or not; one that only hits the VNet is POD-08", () => {
  expect(decide(["vnet", "10.0.0.0/8"], ["nodeSubnet", "10.1.0.0/16"], ["pod", "10.1.0.0/16"])).toEqual(["POD-02 2>1"]);
  expect(decide(["vnet", "10.0.0.0/8"], ["nodeSubnet", "10.1.0.0/16"], ["otherSubnet", "10.2.0.0/24"], ["pod", "10.2.0.0/16"])).toEqual(["POD-02 3>2"]);
  expect(decide(["vnet", undefined], ["nodeSubnet", "10.1.0.0/16"], ["pod", "10.1.0.0/16"])).toEqual(["POD-02 2>1"]);
  expect(decide(["vnet", "10.100.0.0/16"], ["nodeSubnet", "10.100.0.0/22"], ["pod", "10.100.128.0/17"])).toEqual(["POD-08 2>0"]);
});

test("a VNet on a connected network is NET-12; without a declared VNet the adopted subnet stands in, for reserved ranges too", () => {
  expect(decide(["vnet", "10.224.0.0/12"], ["nodeSubnet", "10.224.0.0/16"], ["connected", "10.225.0.0/16"])).toEqual(["NET-12 0>2"]);
  expect(decide(["nodeSubnet", "10.225.0.0/24"], ["connected", "10.225.0.0/16"])).toEqual(["NET-12 0>1"]);
  expect(decide(["nodeSubnet", "172.30.0.0/24"], ["aksReserved", "172.30.0.0/16"])).toEqual(["RES-03 0>1"]);
});

test("two subnets on each other are one NET-02, about the later one; each pair is found once", () => {
  expect(decide(["nodeSubnet", "10.0.0.0/24"], ["otherSubnet", "10.0.0.0/25"])).toEqual(["NET-02 1>0"]);
});

test("169.254.0.0/16, on both reserved lists, is RES-03 and RES-04 for a VNet but only RES-01 and RES-02 for the service and pod ranges", () => {
  const reserved = RESERVED_RANGES.map((r): Row => [r.kind, r.range.text]);
  expect(decide(["vnet", "169.254.0.0/16"], ...reserved).map((d) => d.split(" ")[0])).toEqual(["RES-03", "RES-04"]);
  expect(decide(["service", "169.254.0.0/24"], ["pod", "169.254.128.0/24"], ...reserved).map((d) => d.split(" ")[0])).toEqual(["RES-01", "RES-02"]);
});

test("ranges known only at apply time are not judged", () => {
  expect(decide(["vnet", undefined], ["service", "10.0.0.0/16"], ["pod", undefined])).toEqual([]);
});
