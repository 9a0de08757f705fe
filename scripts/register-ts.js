// @ts-check
/**
 * The swc settings that compile this project's TypeScript for Node, shared
 * by Jest's transform (jest.config.js) and the scripts that load lib/ from
 * plain node (build-schema.js, validate-terraform.js).
 */
"use strict";
const fs = require("fs");

/** Strip the types, keep the code: type-checking is `npm run typecheck`'s job. */
const SWC_OPTIONS = { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } };

/** Installs a require hook that compiles `.ts` files with swc (a dev dependency, through @swc/jest). */
function registerTypeScript() {
  const swc = require("@swc/core");
  require.extensions[".ts"] = (module, filename) => {
    const { code } = swc.transformSync(fs.readFileSync(filename, "utf8"), { ...SWC_OPTIONS, filename, sourceMaps: "inline" });
    /** @type {any} */ (module)._compile(code, filename);
  };
}

module.exports = { SWC_OPTIONS, registerTypeScript };
