import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "examples/**/*.test.js"],
    // The RuleTester registers its cases with the global describe/it, as it does for plugin authors.
    globals: true,
    globalSetup: ["test/build.global.ts"],
    // Each file loads the hcl2json WASM once (~0.3 s); pre-commit runs take seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
