/**
 * The address plan view as JSON: what synth writes to address-plan.json and
 * the diff script reads back from the base branch.
 */
import { AddressPlanViewError, readAddressPlanView } from "../../lib/report/address-plan/view";
import { adoptedSubnetFixture, denseFixture, devFixture, prodFixture } from "./fixtures";

describe("readAddressPlanView", () => {
  test.each([
    ["prod", prodFixture],
    ["dev", devFixture],
    ["adopted", adoptedSubnetFixture],
    ["dense", denseFixture()],
  ])("%s survives a JSON round trip, unknown CIDRs and figures included", (_name, view) => {
    const json = JSON.stringify(view);
    const read = readAddressPlanView(JSON.parse(json));
    expect(read).toEqual(view);
    // `undefined` is restored as a key, as the type says, not left missing.
    read.ranges.forEach((r) => expect(Object.keys(r)).toEqual(["kind", "label", "cidr", "path", "defaulted"]));
    read.capacity.forEach((c) => expect(Object.keys(c)).toEqual(["key", "label", "unit", "value", "demand", "headroom", "basis"]));
  });

  test("null stands for unknown too (other writers)", () => {
    const json = JSON.parse(JSON.stringify(devFixture));
    json.ranges[0].cidr = null;
    json.capacity[0].value = null;
    json.dnsServiceIp = null;
    const read = readAddressPlanView(json);
    expect(read.ranges[0]!.cidr).toBeUndefined();
    expect(read.capacity[0]!.value).toBeUndefined();
    expect(read.dnsServiceIp).toBeUndefined();
  });

  test.each([
    ["an array", [], "$: is not an object"],
    ["version 2", { ...prodFixture, version: 2 }, "$.version: is 2; this reader understands version 1"],
    ["a numeric stack", { ...prodFixture, stack: 3 }, "$.stack: is not a string"],
    ["ranges that are no list", { ...prodFixture, ranges: {} }, "$.ranges: is not an array"],
    [
      "an unknown kind",
      { ...prodFixture, ranges: [{ ...prodFixture.ranges[0], kind: "subnet" }] },
      '$.ranges[0].kind: is "subnet"; expected one of vnet, nodeSubnet, otherSubnet, pod, service, connected, aksReserved, azureReserved',
    ],
    ["a string flag", { ...prodFixture, ranges: [{ ...prodFixture.ranges[0], defaulted: "no" }] }, "$.ranges[0].defaulted: is not true or false"],
    ["a string figure", { ...prodFixture, capacity: [{ ...prodFixture.capacity[0], headroom: "12" }] }, "$.capacity[0].headroom: is not a finite number"],
    ["a DNS IP without its path", { ...prodFixture, dnsServiceIp: { address: "10.0.0.10" } }, "$.dnsServiceIp.path: is not a string"],
  ])("rejects %s, naming the field", (_name, json, message) => {
    expect(() => readAddressPlanView(json)).toThrow(AddressPlanViewError);
    expect(() => readAddressPlanView(json)).toThrow(message);
  });
});
