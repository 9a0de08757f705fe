/** Tests are transformed by swc (no type-checking: `npm run typecheck` does that once). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // The packaging test has its own config (jest.package.config.js, `npm run test:package`).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/package/"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
  testTimeout: 60000,
  // Jest's default leaves one core idle; the files are independent, use them all.
  maxWorkers: "100%",
};
