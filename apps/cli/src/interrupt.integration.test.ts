import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findTerraform } from "./terraform/binary.js";
import { spawnCli } from "./testing/spawn.js";

// Real Terraform, no Docker: built-in terraform_data resources and a local-exec provisioner that is still
// running when Ctrl-C arrives. Terraform must stop gracefully, write state and release its lock.
const CONFIG = `
resource "terraform_data" "first" {
  input = "first"
}

resource "terraform_data" "slow" {
  depends_on = [terraform_data.first]
  input      = "slow"
  provisioner "local-exec" {
    command = "sleep 4"
  }
}
`;

describe("Ctrl-C mid-apply with real Terraform", () => {
  it("leaves a consistent state: exit 130, then plan works (no stale lock) and apply converges", { timeout: 120_000 }, async () => {
    const terraform = findTerraform(); // fails loudly when neither terraform nor tofu is installed
    const dir = mkdtempSync(join(tmpdir(), "cortex-ring-interrupt-"));
    writeFileSync(join(dir, "main.tf"), CONFIG);
    const env = { TERRAFORM_BINARY: terraform.path };
    const args = ["-C", dir, "--no-color"];

    const apply = spawnCli([...args, "apply", "--auto-approve", "--no-lint"], env);
    await apply.waitFor("creating terraform_data.slow");
    apply.signalGroup("SIGINT");
    expect(await apply.exited, apply.stderr()).toBe(130);
    expect(apply.stderr()).toContain("interrupted: Terraform stopped gracefully; 1 of 2 changes applied; run `cortex-ring plan` to see the rest");
    expect(existsSync(join(dir, "terraform.tfstate"))).toBe(true);
    expect(existsSync(join(dir, ".terraform.tfstate.lock.info"))).toBe(false);

    // The lock was released: a plan runs and shows what is left (the interrupted resource).
    const plan = spawnCli([...args, "plan", "--no-lint", "--detailed-exitcode"], env);
    expect(await plan.exited, plan.stderr()).toBe(2);
    expect(plan.stdout()).toMatch(/terraform_data\.slow\s+(create|replace)/);
    expect(plan.stdout()).not.toContain("terraform_data.first");

    const converge = spawnCli([...args, "apply", "--auto-approve", "--no-lint"], env);
    expect(await converge.exited, converge.stderr()).toBe(0);
    const after = spawnCli([...args, "plan", "--no-lint", "--detailed-exitcode"], env);
    expect(await after.exited, after.stderr()).toBe(0);
    expect(after.stdout()).toContain("No changes.");
  });
});
