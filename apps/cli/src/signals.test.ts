import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fakeTerraformDir } from "./testing/runtime.js";
import { spawnCli, type Spawned } from "./testing/spawn.js";

// The fake terraform behaves like Terraform with an SDK provider: a SIGINT cancels the operation in flight.
// Its log records each signal and each finished operation, in order.
const events = (log: string): string[] => readFileSync(log, "utf8").split("\n").filter((line) => /^(signal|done) /.test(line));

/** apply with terraform_data.b in flight for 1.5 s once "creating terraform_data.b" shows. */
function applyMidway() {
  const tf = fakeTerraformDir();
  const cli = spawnCli(["-C", tf.dir, "apply", "--auto-approve", "--no-lint"], { ...tf.env, FAKE_APPLY_WAIT: "15" });
  return { tf, cli };
}

const HELD = (cause: string) => `${cause}: stopping Terraform once terraform_data.b finishes (Ctrl-C again stops it now)`;
const GRACEFUL = "interrupted: Terraform stopped gracefully; 2 of 3 changes applied; run `cortex-ring plan` to see the rest";

describe("interrupting apply (real process, fake terraform)", () => {
  // Ctrl-C and a closed terminal reach the whole group; SIGTERM (kill, systemd, CI) the CLI alone.
  const firstInterrupts = [
    { what: "Ctrl-C (SIGINT to the group)", cause: "interrupt received", send: (cli: Spawned) => cli.signalGroup("SIGINT") },
    { what: "the terminal closing (SIGHUP to the group; Terraform would die of it)", cause: "terminal gone (SIGHUP)", send: (cli: Spawned) => cli.signalGroup("SIGHUP") },
    { what: "SIGTERM to the CLI", cause: "SIGTERM received", send: (cli: Spawned) => cli.child.kill("SIGTERM") },
  ];
  for (const { what, cause, send } of firstInterrupts) {
    it(`${what}: the operation in flight finishes, then Terraform gets exactly one SIGINT; the CLI waits and exits 130`, async () => {
      const { tf, cli } = applyMidway();
      await cli.waitFor("creating terraform_data.b");
      send(cli);
      expect(await cli.exited).toBe(130);
      expect(events(tf.log)).toEqual(["done terraform_data.a", "done terraform_data.b", "signal INT"]);
      expect(cli.stderr()).toContain(HELD(cause));
      expect(cli.stderr()).toContain("operations in flight finished: asking Terraform to stop gracefully");
      expect(cli.stderr()).toContain(GRACEFUL);
      expect(cli.stderr()).not.toMatch(/\n\s+at /);
    });
  }

  it("a second Ctrl-C while waiting stops Terraform now: the operation in flight is cancelled", async () => {
    const { tf, cli } = applyMidway();
    await cli.waitFor("creating terraform_data.b");
    cli.signalGroup("SIGINT");
    await cli.waitFor("stopping Terraform once");
    cli.signalGroup("SIGINT");
    expect(await cli.exited).toBe(130);
    expect(events(tf.log)).toEqual(["done terraform_data.a", "signal INT"]);
    expect(cli.stderr()).toContain("second interrupt: asking Terraform to stop now (operations in flight are cancelled)");
    expect(cli.stderr()).toContain("interrupted: Terraform stopped gracefully; 1 of 3 changes applied");
  });

  it("a second Ctrl-C once Terraform is stopping is relayed again: Terraform stops at once", async () => {
    const { tf, cli } = applyMidway();
    await cli.waitFor("creating terraform_data.b");
    cli.signalGroup("SIGINT");
    await cli.waitFor("Interrupt received");
    cli.signalGroup("SIGINT");
    expect(await cli.exited).toBe(130);
    expect(events(tf.log)).toEqual(["done terraform_data.a", "done terraform_data.b", "signal INT", "signal INT"]);
    expect(cli.stderr()).toContain("second interrupt: asking Terraform to stop at once");
    expect(cli.stderr()).toContain("interrupted: Terraform was stopped at once; 2 of 3 changes applied");
  });
});
