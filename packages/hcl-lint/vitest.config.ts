import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "examples/**/*.test.js"],
    // The RuleTester registers its cases with the global describe/it, as it does for plugin authors.
    globals: true,
    globalSetup: ["test/build.global.ts"],
    // Each file starts the parser once (the WASM: ~0.3 s); pre-commit runs take seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Every test runs twice, once per build of the parser (src/parser/hcl2json.ts): the WASM an npm user without Go
    // gets, and the native build tools/hcl2json/build.sh provisions (tools/test-tools.sh runs it before `pnpm test`;
    // `native` fails loudly, naming that script, when it is missing). Same findings are expected from both.
    projects: [
      { extends: true, test: { name: "wasm", env: { HCL_LINT_HCL2JSON: "wasm" } } },
      { extends: true, test: { name: "native", env: { HCL_LINT_HCL2JSON: "native" } } },
    ],
  },
});
