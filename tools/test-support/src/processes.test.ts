import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort, freePortRun } from "./processes.js";

const EPHEMERAL = { first: 32_768, last: 60_999 };

/** A separate test process that takes `count` ports and holds them until its stdin closes. */
function holder(count: number) {
  const script = `
    import { freePort } from ${JSON.stringify(new URL("./processes.ts", import.meta.url).href)};
    const ports = [];
    for (let i = 0; i < ${count}; i++) ports.push(await freePort());
    process.stdout.write(JSON.stringify(ports) + "\\n");
    process.stdin.resume();
    process.stdin.on("end", () => process.exit(0));`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  const ports = new Promise<number[]>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.endsWith("\n")) resolve(JSON.parse(out) as number[]);
    });
    child.once("exit", (code) => reject(new Error(`port holder exited with ${String(code)}: ${out}`)));
  });
  const done = async (): Promise<void> => {
    child.stdin.end();
    if (child.exitCode === null) await once(child, "exit");
  };
  const exited = once(child, "exit");
  return { ports, done, exited, kill: () => child.kill("SIGKILL") };
}

describe("freePort", () => {
  it("two test processes at once never get the same port, and none from the kernel's ephemeral range", async () => {
    const [a, b] = [holder(300), holder(300)];
    try {
      const ports = [...(await a.ports), ...(await b.ports)];
      expect(new Set(ports).size).toBe(600);
      expect(ports.filter((p) => p >= EPHEMERAL.first && p <= EPHEMERAL.last)).toEqual([]);
    } finally {
      await Promise.all([a.done(), b.done()]);
    }
  }, 60_000);

  it("takes over the reservations of a test process that was killed (its exit handler never ran)", async () => {
    const killed = holder(50);
    const ports = await killed.ports;
    killed.kill();
    await killed.exited;
    const mine = new Set<number>();
    // Picking at random among 12,768, this process meets some of the dead one's 50 within a few thousand picks.
    for (let i = 0; i < 4000 && !ports.some((p) => mine.has(p)); i++) mine.add(await freePort());
    expect(ports.some((p) => mine.has(p))).toBe(true);
  }, 60_000);

  it("skips a port something already listens on", async () => {
    const port = await freePort();
    const server = createServer().listen(port + 1, "127.0.0.1");
    await once(server, "listening");
    try {
      // Runs of two that would include port + 1 are refused; every run handed out is listenable whole.
      for (let i = 0; i < 50; i++) {
        const base = await freePortRun(2);
        expect([base, base + 1]).not.toContain(port + 1);
      }
    } finally {
      server.close();
    }
  });
});
