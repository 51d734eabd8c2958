import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "src/generated/", ".data/", "dist/", "coverage/", "test-artifacts/"] },
  js.configs.recommended,
  { languageOptions: { globals: globals.node } },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["error"] }],
    },
  },
  {
    // Only the CLI, scripts, benchmarks and tests (their measured bounds) talk to a person on the terminal.
    files: ["src/cli/**", "scripts/**", "bench/**", "bin/**", "test/**"],
    rules: { "no-console": "off" },
  },
  {
    // Domain folders never reach for the edges (style.md §1).
    files: ["src/papers/**", "src/subscribers/**", "src/digest/**", "src/mail/**", "src/queue/**", "src/db/**", "src/lib/**", "src/telemetry/**", "src/config/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/http/**", "**/cli/**", "**/workers/**"], message: "Dependencies point inward: domain code never imports http, cli or workers." },
      ] }],
    },
  },
);
