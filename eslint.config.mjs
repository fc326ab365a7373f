// One ESLint config for the whole workspace, as typescript-eslint's own repository has it: every package's src and
// test files, the vitest configs, tools/*/test and bench/. Type-aware: the project service gives each file the
// tsconfig that includes it, so rules see the types `tsc` sees. A rule is turned off only with its reason.
import eslint from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

const testFiles = ["**/*.test.ts", "**/test/**/*.ts", "**/src/testing/**/*.ts", "tools/test-support/src/**/*.ts"];

export default defineConfig(
  globalIgnores(["**/dist/", "**/coverage/", "**/.turbo/", "**/node_modules/", "**/fixtures/"]),
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Numbers print the same everywhere; `undefined`, `null`, objects and `any` in a message stay errors.
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowNumber: true, allowAny: false, allowBoolean: false, allowNever: false, allowNullish: false, allowRegExp: false },
      ],
      // `() => resolve()` callbacks are the idiom for promisifying events; returning void from a statement is still flagged.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      // Omitting a key by destructuring (`const { [id]: _removed, ...rest } = obj`) is the idiom, not an unused variable.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
      // An empty string means "not set" (an env var set to ""), so `||` on strings is deliberate.
      "@typescript-eslint/prefer-nullish-coalescing": ["error", { ignorePrimitives: { string: true } }],
    },
  },
  {
    files: testFiles,
    rules: {
      // A test's wrong `!` throws and fails the test, which is the check it stands for.
      "@typescript-eslint/no-non-null-assertion": "off",
      // Fakes implement async interfaces with `async () => value`; they have nothing to await.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    files: [
      "packages/ring-client/src/ownership.ts",
      "packages/ring-client/src/replication-set.ts",
      "packages/ring-client/src/verdict.ts",
      "packages/ring-page/src/token-layout.ts",
      "packages/ring-page/src/tracks.ts",
      "packages/ring-page/src/web/arcs.ts",
      "packages/ring-page/src/web/circle.ts",
    ],
    rules: {
      // Index arithmetic over typed arrays sized in the same function: `!` states "in bounds", which
      // noUncheckedIndexedAccess cannot see; guards would only add dead branches to the measured hot path.
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    // Plain JS run by node (bench/, bin shims, this file): without annotations every parameter is `any`, so the
    // type-aware rules would only report that JS has no types. The syntactic rules still apply.
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
