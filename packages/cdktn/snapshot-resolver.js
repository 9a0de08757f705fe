/**
 * Where the cdktn test run (packages/cdktn/jest.config.js) keeps snapshots.
 *
 * A test's snapshots are the cdktf run's own file, compared as they are,
 * except for the files listed in OWN: their plans pin azurerm in
 * required_providers, 4.55.0 with @cdktf/provider-azurerm and 4.73.0 with
 * @cdktn/provider-azurerm, so the cdktn run keeps them in
 * packages/cdktn/__snapshots__ (`npm run cdktn:test -- -u` after `npm test -- -u`).
 * `diff -r __tests__/__snapshots__ packages/cdktn/__snapshots__` shows the pins
 * and nothing else.
 */
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");
const TESTS = path.join(ROOT, "__tests__");
const SNAPSHOTS = path.join(__dirname, "__snapshots__");
/** Test files (relative to __tests__) whose snapshots hold the azurerm version pin. */
const OWN = new Set(["environments.test.ts"]);

/** The cdktf run's location: __snapshots__ beside the test file. */
const besideTest = (testPath, ext) => path.join(path.dirname(testPath), "__snapshots__", path.basename(testPath) + ext);

module.exports = {
  resolveSnapshotPath: (testPath, ext) => {
    const rel = path.relative(TESTS, testPath);
    return OWN.has(rel) ? path.join(SNAPSHOTS, rel + ext) : besideTest(testPath, ext);
  },
  resolveTestPath: (snapshotPath, ext) =>
    snapshotPath.startsWith(SNAPSHOTS + path.sep)
      ? path.join(TESTS, path.relative(SNAPSHOTS, snapshotPath).slice(0, -ext.length))
      : path.join(path.dirname(path.dirname(snapshotPath)), path.basename(snapshotPath, ext)),
  testPathForConsistencyCheck: path.join(TESTS, "environments.test.ts"),
};
