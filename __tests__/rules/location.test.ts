/**
 * LOC: the region, normalised like azurerm (lower case, spaces removed).
 */
import { normalizeLocation } from "../../lib/reference/regions";
import { checkLocation } from "../../lib/rules/location";
import { runCheck, vnetConfig, withField } from "../support";
import { hits, messageOf, pathsOf, reportOf, stacks } from "./helpers";

const locationRun = (location: unknown) => runCheck((ctx) => checkLocation(ctx, "location", location));

describe("LOC-01", () => {
  test.each([
    ["West Europe", "westeurope"],
    ["WESTEUROPE", "westeurope"],
    ["East US 2", "eastus2"],
    ["westeurope", "westeurope"],
  ])("%j normalises to %j", (location, normalised) => {
    expect(normalizeLocation(location)).toBe(normalised);
  });

  test.each(["West Europe", "westeurope", "eastus2", "East US 2", "swedencentral"])("%j is accepted", (location) => {
    expect(locationRun(location).findings).toEqual([]);
  });

  test.each([
    ["global", "is a logical location"],
    ["Global", "is a logical location"],
    ["europe", "is a logical location"],
    ["", "is empty"],
    ["   ", "is empty"],
    ["west-europe", "is not a region name"],
    ["West\tEurope", "is not a region name"],
    [42, "is empty"],
  ])("%j is rejected", (location, fragment) => {
    const run = locationRun(location);
    expect(hits(run, "LOC-01")).toEqual(["error location"]);
    expect(messageOf(run, "LOC-01")).toContain(fragment);
  });

  test.each(["marsnorth", "West Mars"])("%j, not in the snapshot, is a warning", (location) => {
    expect(hits(locationRun(location), "LOC-01")).toEqual(["warning location"]);
  });

  test("a reference is skipped", () => {
    const run = locationRun("${var.location}");
    expect(run.findings).toEqual([]);
    expect(run.skipped).toEqual([{ rule: "LOC-01", path: "location" }]);
  });
});

describe("end to end through a config", () => {
  const report = stacks({
    spaced: () => reportOf(withField(vnetConfig(), "location", "West Europe")),
    global: () => reportOf(withField(vnetConfig(), "location", "global")),
    empty: () => reportOf(withField(vnetConfig(), "location", "")),
    unknown: () => reportOf(withField(vnetConfig(), "location", "marsnorth")),
  });

  test('"West Europe" is accepted', () => {
    expect(report("spaced").errors).toEqual([]);
    expect(pathsOf(report("spaced").warnings, "LOC-01")).toEqual([]);
  });

  test.each(["global", "empty"] as const)("stack %s is rejected at location", (key) => {
    expect(pathsOf(report(key).errors, "LOC-01")).toEqual(["location"]);
  });

  test("a region missing from the snapshot is a warning, not an error", () => {
    expect(pathsOf(report("unknown").errors, "LOC-01")).toEqual([]);
    expect(pathsOf(report("unknown").warnings, "LOC-01")).toEqual(["location"]);
  });
});
