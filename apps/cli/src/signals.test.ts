import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fakeTerraformDir } from "./testing/runtime.js";
import { spawnCli } from "./testing/spawn.js";

const signalsSeen = (log: string): string[] => readFileSync(log, "utf8").split("\n").filter((line) => line.startsWith("signal "));

function applyMidway() {
  const tf = fakeTerraformDir();
  const cli = spawnCli(["-C", tf.dir, "apply", "--auto-approve", "--no-lint"], { ...tf.env, FAKE_APPLY_WAIT: "150" });
  return { tf, cli };
}

describe("interrupting apply (real process, fake terraform)", () => {
  it("Ctrl-C at the terminal: Terraform gets the group's SIGINT only once, the CLI waits for it and exits 130", async () => {
    const { tf, cli } = applyMidway();
    await cli.waitFor("creating terraform_data.b");
    cli.signalGroup("SIGINT");
    expect(await cli.exited).toBe(130);
    expect(signalsSeen(tf.log)).toEqual(["signal INT"]);
    expect(cli.stderr()).toContain("interrupted: Terraform stopped gracefully; 1 of 2 changes applied; run `cortex-ring plan` to see the rest");
    expect(cli.stderr()).not.toMatch(/\n\s+at /);
  });

  it("SIGTERM to the CLI alone is forwarded to Terraform as one graceful SIGINT", async () => {
    const { tf, cli } = applyMidway();
    await cli.waitFor("creating terraform_data.b");
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(130);
    expect(signalsSeen(tf.log)).toEqual(["signal INT"]);
    expect(cli.stderr()).toContain("SIGTERM received: asking Terraform to stop gracefully");
  });

  it("a SIGINT sent to the CLI alone (not the group) is forwarded once Terraform did not acknowledge it", async () => {
    const { tf, cli } = applyMidway();
    await cli.waitFor("creating terraform_data.b");
    cli.child.kill("SIGINT");
    expect(await cli.exited).toBe(130);
    expect(signalsSeen(tf.log)).toEqual(["signal INT"]);
  });

  it("a second interrupt is forwarded again and reported as an immediate stop", async () => {
    const { tf, cli } = applyMidway();
    await cli.waitFor("creating terraform_data.b");
    cli.signalGroup("SIGINT");
    // Terraform acknowledged the first one; the second goes to the CLI alone, so only a forward reaches Terraform.
    await cli.waitFor("Interrupt received");
    cli.child.kill("SIGINT");
    expect(await cli.exited).toBe(130);
    expect(signalsSeen(tf.log)).toEqual(["signal INT", "signal INT"]);
    expect(cli.stderr()).toContain("second interrupt: asking Terraform to stop at once");
    expect(cli.stderr()).toContain("interrupted: Terraform was stopped at once; 1 of 2 changes applied");
  });
});
