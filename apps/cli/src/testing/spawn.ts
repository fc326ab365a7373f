// Test support: runs the built CLI as a real process in its own process group, as a shell would.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr contains `text`. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number>;
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  let err = "";
  const waiters: (() => void)[] = [];
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString();
    for (const waiter of waiters) waiter();
  });
  const exited = new Promise<number>((resolve) => child.on("close", (code, signal) => resolve(code ?? (signal ? -1 : 0))));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (text, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const matches = (): boolean => (typeof text === "string" ? err.includes(text) : text.test(err));
        if (matches()) return resolve();
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${String(text)}; stderr so far:\n${err}`)), timeoutMs);
        waiters.push(() => {
          if (matches()) {
            clearTimeout(timer);
            resolve();
          }
        });
        void exited.then(() => {
          if (!matches()) {
            clearTimeout(timer);
            reject(new Error(`exited before ${String(text)}; stderr:\n${err}`));
          }
        });
      }),
  };
}
