/**
 * `npm run test:day2`: what edits and changes made in Azure do to a running
 * environment, planned with the real azurerm provider offline. Kept out of
 * `npm test` because each plan runs the provider (seconds each); `.ci/run`
 * runs it.
 */
const base = require("./jest.config.js");

module.exports = {
  ...base,
  roots: ["<rootDir>/__tests__/day2"],
  testPathIgnorePatterns: ["/node_modules/"],
  testTimeout: 900000,
};
