import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findTerraform } from "./terraform/binary.js";
import { spawnCli } from "./testing/spawn.js";

// Real Terraform, no Docker: built-in terraform_data resources whose local-exec provisioners stand in for slow
// Docker calls, each in flight until the test opens its gate (a file; at most a minute). The signal arrives while
// "slow" runs: it must finish (Terraform's graceful stop would cancel it), then Terraform stops before or during
// "last", writes state and releases its lock.
const gated = (name: string) => `
resource "terraform_data" "${name}" {
  depends_on = [terraform_data.${name === "slow" ? "first" : "slow"}]
  input      = "${name}"
  provisioner "local-exec" {
    working_dir = path.module
    command     = "i=0; while [ ! -e gates/${name} ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done"
  }
}
`;
const CONFIG = `
resource "terraform_data" "first" {
  input = "first"
}
${gated("slow")}${gated("last")}`;

describe("interrupting apply with real Terraform", () => {
  // SIGINT: Ctrl-C at the terminal. SIGHUP: the terminal closed; Terraform itself would die of it mid-apply.
  for (const signal of ["SIGINT", "SIGHUP"] as const) {
    it(`${signal} to the process group leaves a consistent state: exit 130, then plan works (no stale lock) and apply converges`, { timeout: 120_000 }, async () => {
      const terraform = findTerraform(); // fails loudly when neither terraform nor tofu is installed
      const dir = mkdtempSync(join(tmpdir(), "cortex-ring-interrupt-"));
      writeFileSync(join(dir, "main.tf"), CONFIG);
      mkdirSync(join(dir, "gates"));
      const open = (gate: "slow" | "last"): void => writeFileSync(join(dir, "gates", gate), "");
      const env = { TERRAFORM_BINARY: terraform.path };
      const args = ["-C", dir, "--no-color"];

      const apply = spawnCli([...args, "apply", "--auto-approve", "--no-lint"], env);
      await apply.waitFor("creating terraform_data.slow");
      apply.signalGroup(signal);
      await apply.waitFor("stopping Terraform once terraform_data.slow finishes");
      open("slow");
      expect(await apply.exited, apply.stderr()).toBe(130);
      expect(apply.stderr()).toContain("stopping Terraform once terraform_data.slow finishes");
      expect(apply.stderr()).toMatch(/✔ created terraform_data\.slow in \d+s\n/);
      expect(apply.stderr()).toContain("interrupted: Terraform stopped gracefully; 2 of 3 changes applied; run `cortex-ring plan` to see the rest");
      expect(existsSync(join(dir, "terraform.tfstate"))).toBe(true);
      expect(existsSync(join(dir, ".terraform.tfstate.lock.info"))).toBe(false);

      // The lock was released: a plan runs and shows what is left (the resource the stop interrupted).
      const plan = spawnCli([...args, "plan", "--no-lint", "--detailed-exitcode"], env);
      expect(await plan.exited, plan.stderr()).toBe(2);
      expect(plan.stdout()).toMatch(/terraform_data\.last\s+(create|replace)/);
      expect(plan.stdout()).not.toMatch(/terraform_data\.(first|slow)/);

      open("last");
      const converge = spawnCli([...args, "apply", "--auto-approve", "--no-lint"], env);
      expect(await converge.exited, converge.stderr()).toBe(0);
      const after = spawnCli([...args, "plan", "--no-lint", "--detailed-exitcode"], env);
      expect(await after.exited, after.stderr()).toBe(0);
      expect(after.stdout()).toContain("No changes.");
      rmSync(dir, { recursive: true, force: true });
    });
  }
});
