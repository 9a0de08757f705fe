// Lint: recommended TypeScript rules, plus the import rules that keep synth fast,
// cdktf replaceable, and the layers of lib/ in order (scripts/layers.js).
import tseslint from "typescript-eslint";
import layers from "./scripts/layers.js";

const providerRoots = [
  { name: "@cdktf/provider-azurerm", message: "Import by deep path (@cdktf/provider-azurerm/lib/<resource>): the package root loads every binding (~3.5 s, ~350 MB)." },
  { name: "@cdktf/provider-helm", message: "Import by deep path (@cdktf/provider-helm/lib/<resource>)." },
];

/** The library, the app and the tests reach cdktf and the bindings only through lib/bindings. */
const frameworkPaths = [
  ...providerRoots,
  { name: "cdktf", message: "Import from lib/bindings/cdktf." },
  { name: "constructs", message: "Import from lib/bindings/cdktf." },
];
const frameworkPatterns = [
  { group: ["@cdktf/provider-*/**"], message: "Import provider classes from lib/bindings." },
  { group: ["cdktf/**"], message: "Import from lib/bindings/cdktf." },
];

/** For the files of one layer: the folders of every layer above it. */
function upwardPatterns(index) {
  const layer = layers.LAYERS[index];
  return layers.LAYERS.slice(index + 1).flatMap((above) =>
    above.dirs.map((dir) => ({
      // Relative specifiers only: "constructs" is also an npm package.
      regex: `^(\\.\\.?/)+([^/]+/)*${dir}(/.*)?$`,
      message: `lib/${layer.dirs.join(", lib/")} (${layer.name}) must not import lib/${dir} (${above.name}, a higher layer; see scripts/layers.js).`,
    })),
  );
}

export default tseslint.config(
  { ignores: ["dist/", "cdktf.out/", "cdktn.out/", "node_modules/", "docs/api/", "coverage/", "bench/tmp/", "packages/cdktn/build/", "packages/cdktn/.gen/", "**/*.js", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "no-restricted-imports": ["error", { paths: providerRoots }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Moving to cdktn is then a change in one place.
    files: ["lib/**/*.ts", "main.ts", "__tests__/**/*.ts"],
    // The packaging test's consumer is a user's program: it imports cdktf directly, as examples/ do.
    ignores: ["lib/bindings/**", "__tests__/package/consumer/**"],
    rules: { "no-restricted-imports": ["error", { paths: frameworkPaths, patterns: frameworkPatterns }] },
  },
  // One block per layer: its files import nothing from a higher layer.
  ...layers.LAYERS.map((layer, index) => ({
    files: layer.dirs.map((dir) => `lib/${dir}/**/*.ts`),
    ignores: layers.ENTRY_POINTS,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: layer.dirs.includes("bindings") ? providerRoots : frameworkPaths,
          patterns: [...(layer.dirs.includes("bindings") ? [] : frameworkPatterns), ...upwardPatterns(index)],
        },
      ],
    },
  })),
  {
    // Small functions with one concern each: the levels the library and the app meet.
    files: ["lib/**/*.ts", "main.ts"],
    rules: {
      complexity: ["error", 15],
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Tests walk synthesized Terraform JSON, which has no static type.
    files: ["__tests__/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
