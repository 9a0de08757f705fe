// Lint: recommended TypeScript rules, plus the import rules that keep synth fast
// and cdktf replaceable.
import tseslint from "typescript-eslint";

const providerRoots = [
  { name: "@cdktf/provider-azurerm", message: "Import by deep path (@cdktf/provider-azurerm/lib/<resource>): the package root loads every binding (~3.5 s, ~350 MB)." },
  { name: "@cdktf/provider-helm", message: "Import by deep path (@cdktf/provider-helm/lib/<resource>)." },
];

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
    // The library, the app and the tests reach cdktf and the bindings only through lib/bindings,
    // so that moving to cdktn is a change in one place.
    files: ["lib/**/*.ts", "main.ts", "__tests__/**/*.ts"],
    // The packaging test's consumer is a user's program: it imports cdktf directly, as examples/ do.
    ignores: ["lib/bindings/**", "__tests__/package/consumer/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            ...providerRoots,
            { name: "cdktf", message: "Import from lib/bindings/cdktf." },
            { name: "constructs", message: "Import from lib/bindings/cdktf." },
          ],
          patterns: [
            { group: ["@cdktf/provider-*/**"], message: "Import provider classes from lib/bindings." },
            { group: ["cdktf/**"], message: "Import from lib/bindings/cdktf." },
          ],
        },
      ],
    },
  },
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
