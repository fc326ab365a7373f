import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real Terraform, Docker and Consul: init, apply and destroy take tens of seconds on a busy machine.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
