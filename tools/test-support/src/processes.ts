/** Child processes for integration tests: free loopback ports, log capture, a kill on every exit path, and polling. */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/** The repository's root (where tools/ and infra/ are). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Ports handed to tests come from below the kernel's ephemeral range (32768–60999 by default), so no bind(0) or
 * outgoing connection anywhere on the machine can take one between the pick and the bind, which for a published
 * Docker port is a whole plan and apply later. Each is reserved machine-wide (a file created exclusively under
 * $TMPDIR), so two test processes running side by side never get the same one.
 */
const PORTS = { first: 20_000, last: 32_767 };
const RESERVATIONS = join(tmpdir(), "cortex-ring-ports");
/** A reservation older than this is taken over whatever its process (a pid may be reused). */
const LEASE_MS = 30 * 60 * 1000;
const reserved: string[] = [];
process.once("exit", () => {
  for (const file of reserved) rmSync(file, { force: true });
});

/** Whether a reservation's process is gone: vitest ends its workers with a signal, so their exit handler may never run. */
function abandoned(file: string): boolean {
  try {
    if (Date.now() - statSync(file).mtimeMs > LEASE_MS) return true;
    process.kill(Number(readFileSync(file, "utf8")), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function reserve(port: number): boolean {
  const file = join(RESERVATIONS, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      reserved.push(file);
      return true;
    } catch {
      // Taken over only when its holder is gone; two processes taking over the same port at the same instant
      // would both have had to pick it among 12,768 at once.
      if (attempt > 0 || !abandoned(file)) return false;
      rmSync(file, { force: true });
    }
  }
  return false;
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

function release(port: number): void {
  const file = join(RESERVATIONS, String(port));
  const at = reserved.indexOf(file);
  if (at >= 0) reserved.splice(at, 1);
  rmSync(file, { force: true });
}

/**
 * `count` consecutive loopback ports nothing listens on (the first returned), reserved for this process until it
 * exits (see PORTS). One port: freePort(); a run, for a setting that takes a base port (server i on base + i).
 */
export async function freePortRun(count: number): Promise<number> {
  mkdirSync(RESERVATIONS, { recursive: true });
  const ports = (base: number): number[] => Array.from({ length: count }, (_, i) => base + i);
  for (let attempt = 0; attempt < 1000; attempt++) {
    const run = ports(PORTS.first + randomInt(PORTS.last - PORTS.first + 2 - count));
    const taken = run.filter((port) => reserve(port));
    if (taken.length === count && (await Promise.all(run.map(bindable))).every(Boolean)) return run[0]!;
    taken.forEach(release);
  }
  throw new Error(`no ${count} free consecutive ports between ${PORTS.first} and ${PORTS.last} after 1000 tries (reservations: ${RESERVATIONS})`);
}

/** A loopback port nothing listens on, reserved for this process until it exits (see PORTS). */
export function freePort(): Promise<number> {
  return freePortRun(1);
}

export interface Started {
  child: ChildProcess;
  /** Everything it printed so far (for failure messages). */
  output: () => string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export function start(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Started {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let log = "";
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((done) =>
    child.once("exit", () => {
      running.delete(child);
      done();
    }),
  );
  child.once("error", (error) => keep(Buffer.from(`spawn failed: ${error.message}\n`)));
  return {
    child,
    output: () => log,
    async stop(signal: NodeJS.Signals = "SIGTERM", graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` until it returns a value, or fails naming `what` (with `output` for context). */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, output?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
      last = undefined; // an earlier error (say, before the port opened) is not why it is still waiting
    } catch (error) {
      last = error;
    }
    await sleep(200);
  }
  const tail = output?.().split("\n").slice(-30).join("\n");
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ""}${tail ? `\n--- output ---\n${tail}` : ""}`);
}

/**
 * Runs one of the repository's provisioning scripts (`script`, relative to the root), which print a binary's path
 * (building it when cold, which can take minutes: asynchronously, so the test worker stays responsive). `override`
 * (e.g. $CORTEX_BIN) wins when set; `how` ends the failure message, saying how to provide the binary instead.
 */
export async function provision(script: string, override: string | undefined, how: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (override) return override;
  return new Promise((resolvePath, reject) => {
    const child = execFile("bash", [resolve(REPO_ROOT, script)], { encoding: "utf8", maxBuffer: 1 << 20, env }, (error, stdout) => {
      const path = stdout.trim().split("\n").pop() ?? "";
      if (error || !path) reject(new Error(`could not provision via ${script} (${error?.message.split("\n")[0] ?? "no path printed"}); ${how}`));
      else resolvePath(path);
    });
    child.stderr?.pipe(process.stderr);
  });
}
