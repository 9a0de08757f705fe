/**
 * The hand-built prod and dev fixtures (their arithmetic worked out in the
 * comments of fixtures.ts) against the view synth builds from the shipped
 * config files with the rules' own functions: the renderers are tested on
 * the real plans, and the producer is checked against numbers computed by hand.
 */
import type { AddressPlanView } from "../../lib/report/address-plan/view";
import { devFixture, prodFixture, shippedView } from "./fixtures";

const ranges = (v: AddressPlanView) => v.ranges.map((r) => `${r.kind} ${r.cidr ?? "(apply time)"}${r.defaulted ? " (default)" : ""}`).sort();
const figures = (v: AddressPlanView) => Object.fromEntries(v.capacity.map((c) => [c.key, [c.value, c.demand, c.headroom]]));

describe.each([
  ["prod", prodFixture],
  ["dev", devFixture],
])("%s", (env, fixture) => {
  const view = shippedView(env);

  test("synth's view has the fixture's ranges, with the API defaults where the config is silent", () => {
    expect(ranges(view)).toEqual(ranges(fixture));
    expect(view.dnsServiceIp).toEqual(fixture.dnsServiceIp);
  });

  test("synth's capacity figures are the ones worked out by hand", () => {
    expect(figures(view)).toEqual(figures(fixture));
  });
});
