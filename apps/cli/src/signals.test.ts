import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeTerraformDir } from "./testing/runtime.js";
import { spawnCli, type Spawned } from "./testing/spawn.js";

// The fake terraform behaves like Terraform with an SDK provider: a SIGINT cancels the operation in flight.
// Its log records each signal and each finished operation, in order.
const events = (log: string): string[] => readFileSync(log, "utf8").split("\n").filter((line) => /^(signal|done) /.test(line));

/**
 * apply with the fake on gates, so each step waits for the event the test names, never for time:
 * terraform_data.b stays in flight until `open("b")`, terraform_data.c until an interrupt, and a halted
 * apply finishes writing state on `open("halt")`.
 */
function applyMidway() {
  const tf = fakeTerraformDir();
  const gates = join(tf.dir, "gates");
  mkdirSync(gates);
  const cli = spawnCli(["-C", tf.dir, "apply", "--auto-approve", "--no-lint"], { ...tf.env, FAKE_GATES: gates });
  const open = (gate: "b" | "halt"): void => writeFileSync(join(gates, gate), "");
  return { tf, cli, open };
}

const HELD = (cause: string) => `${cause}: stopping Terraform once terraform_data.b finishes (Ctrl-C again stops it now)`;
const GRACEFUL = "interrupted: Terraform stopped gracefully; 2 of 3 changes applied; run `cortex-ring plan` to see the rest";

describe("interrupting apply (real process, fake terraform)", { timeout: 120_000 }, () => {
  // Ctrl-C and a closed terminal reach the whole group; SIGTERM (kill, systemd, CI) the CLI alone.
  const firstInterrupts = [
    { what: "Ctrl-C (SIGINT to the group)", cause: "interrupt received", send: (cli: Spawned) => cli.signalGroup("SIGINT") },
    { what: "the terminal closing (SIGHUP to the group; Terraform would die of it)", cause: "terminal gone (SIGHUP)", send: (cli: Spawned) => cli.signalGroup("SIGHUP") },
    { what: "SIGTERM to the CLI", cause: "SIGTERM received", send: (cli: Spawned) => cli.child.kill("SIGTERM") },
  ];
  for (const { what, cause, send } of firstInterrupts) {
    it(`${what}: the operation in flight finishes, then Terraform gets exactly one SIGINT; the CLI waits and exits 130`, async () => {
      const { tf, cli, open } = applyMidway();
      await cli.waitFor("creating terraform_data.b");
      send(cli);
      await cli.waitFor(HELD(cause));
      open("b");
      await cli.waitFor("operations in flight finished: asking Terraform to stop gracefully");
      open("halt");
      expect(await cli.exited).toBe(130);
      expect(events(tf.log)).toEqual(["done terraform_data.a", "done terraform_data.b", "signal INT"]);
      expect(cli.stderr()).toContain(HELD(cause));
      expect(cli.stderr()).toContain("operations in flight finished: asking Terraform to stop gracefully");
      expect(cli.stderr()).toContain(GRACEFUL);
      expect(cli.stderr()).not.toMatch(/\n\s+at /);
    });
  }

  it("a second Ctrl-C while waiting stops Terraform now: the operation in flight is cancelled", async () => {
    const { tf, cli, open } = applyMidway();
    await cli.waitFor("creating terraform_data.b");
    cli.signalGroup("SIGINT");
    await cli.waitFor("stopping Terraform once");
    cli.signalGroup("SIGINT");
    await cli.waitFor("second interrupt: asking Terraform to stop now");
    open("halt");
    expect(await cli.exited).toBe(130);
    expect(events(tf.log)).toEqual(["done terraform_data.a", "signal INT"]);
    expect(cli.stderr()).toContain("second interrupt: asking Terraform to stop now (operations in flight are cancelled)");
    expect(cli.stderr()).toContain("interrupted: Terraform stopped gracefully; 1 of 3 changes applied");
  });

  it("a second Ctrl-C once Terraform is stopping is relayed again: Terraform stops at once", async () => {
    const { tf, cli, open } = applyMidway();
    await cli.waitFor("creating terraform_data.b");
    cli.signalGroup("SIGINT");
    await cli.waitFor("stopping Terraform once");
    open("b");
    await cli.waitFor("Interrupt received");
    cli.signalGroup("SIGINT");
    expect(await cli.exited).toBe(130);
    expect(events(tf.log)).toEqual(["done terraform_data.a", "done terraform_data.b", "signal INT", "signal INT"]);
    expect(cli.stderr()).toContain("second interrupt: asking Terraform to stop at once");
    expect(cli.stderr()).toContain("interrupted: Terraform was stopped at once; 2 of 3 changes applied");
  });
});
