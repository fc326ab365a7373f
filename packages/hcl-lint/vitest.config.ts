import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/build.global.ts", "test/pre-commit.global.ts"],
    // Each file loads the hcl2json WASM once (~0.3 s); pre-commit runs take seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
