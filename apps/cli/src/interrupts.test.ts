import { describe, expect, it, vi } from "vitest";
import { Interrupts } from "./interrupts.js";

function setup(ackTimeoutMs = 50) {
  const sent: string[] = [];
  const logs: string[] = [];
  const exits: number[] = [];
  const interrupts = new Interrupts({ ackTimeoutMs, log: (m) => logs.push(m), exit: (c) => exits.push(c) });
  const child = { kill: (signal: NodeJS.Signals) => (sent.push(signal), true) };
  return { interrupts, child, sent, logs, exits };
}

describe("Interrupts", () => {
  it("does not forward the terminal's SIGINT once Terraform acknowledged it", async () => {
    const { interrupts, child, sent } = setup();
    interrupts.attach(child);
    interrupts.handle("SIGINT");
    interrupts.acknowledge();
    await new Promise((r) => setTimeout(r, 100));
    expect(sent).toEqual([]);
    expect(interrupts.interrupted).toBe(true);
    expect(interrupts.signal.aborted).toBe(true);
  });

  it("forwards a SIGINT that Terraform never saw (sent to the CLI alone) after the grace period", async () => {
    const { interrupts, child, sent } = setup();
    interrupts.attach(child);
    interrupts.handle("SIGINT");
    expect(sent).toEqual([]);
    await vi.waitFor(() => expect(sent).toEqual(["SIGINT"]));
  });

  it("forwards SIGTERM at once as a graceful SIGINT, and a second interrupt again", () => {
    const { interrupts, child, sent, logs } = setup();
    interrupts.attach(child);
    interrupts.handle("SIGTERM");
    expect(sent).toEqual(["SIGINT"]);
    interrupts.handle("SIGINT");
    expect(sent).toEqual(["SIGINT", "SIGINT"]);
    expect(logs.at(-1)).toMatch(/second interrupt/);
  });

  it("exits 130 when nothing is running, but not during a step that stops by itself", () => {
    const { interrupts, exits } = setup();
    const done = interrupts.handleGracefully();
    interrupts.handle("SIGINT");
    expect(exits).toEqual([]);
    done();
    interrupts.handle("SIGINT");
    expect(exits).toEqual([130]);
  });

  it("stops caring about a child once detached", async () => {
    const { interrupts, child, sent, exits } = setup();
    const detach = interrupts.attach(child);
    detach();
    interrupts.handle("SIGINT");
    await new Promise((r) => setTimeout(r, 100));
    expect(sent).toEqual([]);
    expect(exits).toEqual([130]);
  });
});
