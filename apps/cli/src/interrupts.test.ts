import { describe, expect, it } from "vitest";
import { Interrupts } from "./interrupts.js";

function setup() {
  const sent: string[] = [];
  const logs: string[] = [];
  const exits: number[] = [];
  const interrupts = new Interrupts({ log: (m) => logs.push(m), exit: (c) => exits.push(c) });
  const child = { kill: (signal: NodeJS.Signals) => (sent.push(signal), true) };
  return { interrupts, child, sent, logs, exits };
}

describe("Interrupts", () => {
  it("relays the first interrupt to Terraform as one SIGINT (its graceful stop) and aborts long waits", () => {
    const { interrupts, child, sent, logs, exits } = setup();
    interrupts.attach(child);
    interrupts.handle("SIGINT");
    expect(sent).toEqual(["SIGINT"]);
    expect(logs).toEqual(["interrupt received: asking Terraform to stop gracefully (Ctrl-C again stops it at once)"]);
    expect(interrupts.interrupted).toBe(true);
    expect(interrupts.signal.aborted).toBe(true);
    expect(exits).toEqual([]);
  });

  it("relays SIGTERM and SIGHUP as a graceful SIGINT too, never as themselves", () => {
    for (const signal of ["SIGTERM", "SIGHUP"] as const) {
      const { interrupts, child, sent, logs } = setup();
      interrupts.attach(child);
      interrupts.handle(signal);
      expect(sent).toEqual(["SIGINT"]);
      expect(logs[0]).toMatch(/asking Terraform to stop gracefully/);
    }
  });

  it("relays a second interrupt again: Terraform then stops at once", () => {
    const { interrupts, child, sent, logs } = setup();
    interrupts.attach(child);
    interrupts.handle("SIGTERM");
    interrupts.handle("SIGINT");
    expect(sent).toEqual(["SIGINT", "SIGINT"]);
    expect(logs.at(-1)).toMatch(/second interrupt/);
  });

  it("counts a hangup once however often it shows (the signal, then each failed write)", () => {
    const { interrupts, child, sent } = setup();
    interrupts.attach(child);
    interrupts.handle("SIGHUP");
    interrupts.handle("SIGHUP");
    interrupts.handle("SIGHUP");
    expect(sent).toEqual(["SIGINT"]);
    expect(interrupts.count).toBe(1);
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

  it("stops caring about a child once detached", () => {
    const { interrupts, child, sent, exits } = setup();
    const detach = interrupts.attach(child);
    detach();
    interrupts.handle("SIGINT");
    expect(sent).toEqual([]);
    expect(exits).toEqual([130]);
  });
});

describe("Interrupts while resources are being applied", () => {
  it("holds the first interrupt until the operations in flight finish, then relays one SIGINT", () => {
    const { interrupts, child, sent, logs } = setup();
    interrupts.attach(child);
    interrupts.setInFlight(["docker_network.n", "docker_image.i"]);
    interrupts.handle("SIGINT");
    expect(sent).toEqual([]);
    expect(logs.at(-1)).toBe("interrupt received: stopping Terraform once docker_network.n, docker_image.i finish (Ctrl-C again stops it now)");
    interrupts.setInFlight(["docker_image.i"]);
    expect(sent).toEqual([]);
    interrupts.setInFlight([]);
    expect(sent).toEqual(["SIGINT"]);
    interrupts.setInFlight([]);
    expect(sent).toEqual(["SIGINT"]);
    expect(interrupts.relays).toBe(1);
  });

  it("a second interrupt does not wait", () => {
    const { interrupts, child, sent, logs } = setup();
    interrupts.attach(child);
    interrupts.setInFlight(["docker_network.n"]);
    interrupts.handle("SIGINT");
    interrupts.handle("SIGINT");
    expect(sent).toEqual(["SIGINT"]);
    expect(logs.at(-1)).toMatch(/^second interrupt: asking Terraform to stop now/);
    interrupts.setInFlight([]);
    expect(sent).toEqual(["SIGINT"]);
  });
});
