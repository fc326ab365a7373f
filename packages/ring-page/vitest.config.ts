import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/build.global.ts"],
    // The browser tests drive one Chromium each and real Cortex processes: one file at a time on 2 cores.
    fileParallelism: false,
  },
});
