/**
 * The test suite against CDK Terrain (`npm run cdktn:test`): the same tests,
 * with lib/bindings/* resolved to the staged cdktn bindings and the cdktf
 * module names an example imports resolved to cdktn's (scripts/cdktn.js).
 * Needs `npm run cdktn:build` first.
 *
 * Left out, so that CI does not pay twice for what cannot differ:
 * - tests that load no framework code (pure arithmetic, the schema
 *   generator, the workflows' scripts, the rules document);
 * - tests whose subject is an outside tool reading synthesized output that
 *   `npm run cdktn:compare` proves identical for every shipped config, or
 *   that .ci/run runs on the cdktn output itself: the real OpenTofu run of
 *   the provider-check helper (`npm run cdktn:validate:terraform` checks every
 *   stack with azurerm 4.73.0), `helm template` of the Cilium values, the
 *   address-plan pictures in Chromium;
 * - the app-process test, which runs the cdktf bundle (the cdktn bundle runs
 *   under `cdktn synth` in .ci/run);
 * - the output record, which runs every app with cdktf in child processes
 *   (`npm run cdktn:compare` holds the cdktn output to the cdktf output).
 */
const path = require("path");
const base = require("../../jest.config.js");
const { jestModuleNameMapper } = require("../../scripts/cdktn");

module.exports = {
  ...base,
  rootDir: path.resolve(__dirname, "..", ".."),
  moduleNameMapper: jestModuleNameMapper(),
  snapshotResolver: path.join(__dirname, "snapshot-resolver.js"),
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    "<rootDir>/__tests__/net/",
    "<rootDir>/__tests__/ci/",
    "<rootDir>/__tests__/plan/names\\.test\\.ts$",
    "<rootDir>/__tests__/rules/policy\\.test\\.ts$",
    "<rootDir>/__tests__/config/schema\\.test\\.ts$",
    "<rootDir>/__tests__/rules-doc\\.test\\.ts$",
    "<rootDir>/__tests__/rules/homes\\.test\\.ts$",
    "<rootDir>/__tests__/layout/",
    "<rootDir>/__tests__/docs\\.test\\.ts$",
    "<rootDir>/__tests__/cilium-chart-catalog\\.test\\.ts$",
    "<rootDir>/__tests__/app/e2e\\.test\\.ts$",
    "<rootDir>/__tests__/testing/terraform\\.test\\.ts$",
    "<rootDir>/__tests__/cilium-chart\\.test\\.ts$",
    "<rootDir>/__tests__/report/address-plan-browser\\.test\\.ts$",
    "<rootDir>/__tests__/output\\.test\\.ts$",
  ],
};
