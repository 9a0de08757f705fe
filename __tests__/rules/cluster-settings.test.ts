/**
 * The cluster-level settings at their edges: each rule rejects the bad value
 * and accepts the nearest good one, on the resolved plan.
 */
import { seedConfig, withField } from "../support";
import { clusterRun, hits } from "./helpers";

const at = (field: string, value: unknown) => clusterRun(withField(seedConfig(), field, value));

describe("Image Cleaner's interval (CFG-06): azurerm's IntBetween(24, 2160)", () => {
  const field = "cluster.security.imageCleanerIntervalHours";
  test.each([23, 2161, 24.5])("%s hours is refused", (hours) => expect(hits(at(field, hours), "CFG-06")).toEqual([`error ${field}`]));
  test.each([24, 168, 2160])("%s hours is accepted", (hours) => expect(hits(at(field, hours), "CFG-06")).toEqual([]));
});
