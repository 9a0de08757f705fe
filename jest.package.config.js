/**
 * `npm run test:package`: the packed library installed into a fresh project.
 * Kept out of `npm test` because packing, installing and compiling take tens
 * of seconds, far over the per-file budget of the unit tests.
 */
const base = require("./jest.config.js");

module.exports = {
  ...base,
  roots: ["<rootDir>/__tests__/package"],
  testPathIgnorePatterns: ["/node_modules/"],
  testTimeout: 300000,
};
