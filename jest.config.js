/** Tests are transformed by swc (no type-checking: `npm run typecheck` does that once). */
const { SWC_OPTIONS } = require("./scripts/register-ts");

module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Own configs: the packaging test (jest.package.config.js, `npm run test:package`) and the
  // real-provider day-2 tests (jest.day2.config.js, `npm run test:day2`).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/package/", "<rootDir>/__tests__/day2/"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", SWC_OPTIONS],
  },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
  testTimeout: 60000,
  // Jest's default leaves one core idle; the files are independent, use them all.
  maxWorkers: "100%",
};
