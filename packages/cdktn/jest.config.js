/**
 * The test suite against CDK Terrain (`npm run cdktn:test`): the same tests,
 * with lib/bindings/* resolved to the staged cdktn bindings and the cdktf
 * module names an example imports resolved to cdktn's (scripts/cdktn.js).
 * Needs `npm run cdktn:build` first.
 *
 * Left out: tests that load no framework code (pure arithmetic, the schema
 * generator, the workflows' scripts, the rules document), whose result
 * cannot differ; and the app-process test, which runs the cdktf bundle
 * (the cdktn bundle is run by `cdktn synth` in .ci/run instead).
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
    "<rootDir>/__tests__/policy/rules\\.test\\.ts$",
    "<rootDir>/__tests__/config/schema\\.test\\.ts$",
    "<rootDir>/__tests__/rules-doc\\.test\\.ts$",
    "<rootDir>/__tests__/cilium-chart-catalog\\.test\\.ts$",
    "<rootDir>/__tests__/app/e2e\\.test\\.ts$",
  ],
};
