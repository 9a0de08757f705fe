/** Tests are transformed by swc (no type-checking: `npm run typecheck` does that once). */
const { SWC_OPTIONS } = require("./scripts/register-ts");

module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // The packaging test has its own config (jest.package.config.js, `npm run test:package`).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/package/"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", SWC_OPTIONS],
  },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
  testTimeout: 60000,
  // Jest's default leaves one core idle; the files are independent, use them all.
  maxWorkers: "100%",
};
