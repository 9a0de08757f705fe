import { errorsOf, seedConfig, vnetConfig, withField } from "./support";

test("shipped shapes are valid, and a broken pod CIDR is reported with its rule", () => {
  expect(errorsOf(seedConfig())).toEqual([]);
  expect(errorsOf(vnetConfig())).toEqual([]);
  expect(errorsOf(withField(seedConfig(), "network.podCidr", "172.16.0.0/12"))).toEqual([
    expect.stringMatching(/^network\.podCidr: .*\[RES-02\]$/),
  ]);
});
