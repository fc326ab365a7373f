import { clearLine, cursorTo, moveCursor } from "node:readline";
import { PassThrough } from "node:stream";
import pc from "picocolors";
import { describe, expect, it } from "vitest";
import { isInteractive, ProgressView } from "./progress.js";

function tty(columns: number) {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns, text: "" });
  // The cursor methods a tty.WriteStream has and ora uses.
  Object.assign(stream, {
    cursorTo: (x: number) => cursorTo(stream, x),
    moveCursor: (dx: number, dy: number) => moveCursor(stream, dx, dy),
    clearLine: (dir: -1 | 0 | 1) => clearLine(stream, dir),
  });
  stream.on("data", (chunk: Buffer) => (stream.text += chunk.toString()));
  return stream;
}

const events = [
  { type: "apply_start", address: "docker_network.n", action: "create" },
  { type: "apply_complete", address: "docker_network.n", action: "create", elapsedSeconds: 1 },
  { type: "diagnostic", severity: "warning", summary: "Deprecated attribute", detail: "use image_id", location: "ring.tf:9" },
] as const;

describe("isInteractive", () => {
  it("spins only for a terminal that is neither dumb nor in CI", () => {
    expect(isInteractive({ isTTY: true }, { TERM: "xterm-256color" })).toBe(true);
    expect(isInteractive({ isTTY: false }, { TERM: "xterm-256color" })).toBe(false);
    expect(isInteractive({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(isInteractive({ isTTY: true }, { TERM: "xterm", CI: "true" })).toBe(false);
  });
});

describe("ProgressView", () => {
  it("on a terminal: a spinner naming the resource in flight, a line per finished resource", async () => {
    const stream = tty(100);
    const view = await ProgressView.create({ stream, colors: pc.createColors(false), interactive: true });
    view.start("applying…");
    for (const event of events) view.handle(event);
    view.stop("Apply complete: 1 added");
    expect(stream.text).toContain("creating docker_network.n");
    expect(stream.text).toContain("✔ created docker_network.n in 1s\n");
    expect(stream.text).toContain("warning: Deprecated attribute: use image_id (ring.tf:9)\n");
    expect(stream.text).toContain("✔ Apply complete: 1 added");
    expect(stream.text).toContain("\u001b[?25l"); // cursor hidden while spinning
  });

  it("falls back to plain lines on a pty that reports no size (ora would loop forever); a repeated diagnostic shows once", async () => {
    const stream = tty(0);
    const view = await ProgressView.create({ stream, colors: pc.createColors(false), interactive: true });
    view.start("applying…");
    for (const event of [...events, events[2]]) view.handle(event);
    view.stop("Apply complete: 1 added");
    expect(stream.text).toBe(
      "applying…\ncreating docker_network.n…\n✔ created docker_network.n in 1s\nwarning: Deprecated attribute: use image_id (ring.tf:9)\nApply complete: 1 added\n",
    );
  });
});
