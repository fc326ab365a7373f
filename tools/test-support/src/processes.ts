/** Child processes for integration tests: free loopback ports, log capture, a kill on every exit path, and polling. */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/** The repository's root (where tools/ and infra/ are). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** A loopback port that was free a moment ago (bound, then released): also a port nothing listens on. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
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
