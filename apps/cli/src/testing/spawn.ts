// Test support: runs the CLI as a real process in its own process group, as a shell would.
import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr (or stdout) contains `text` (or a predicate holds for what it has printed). */
  waitFor(text: string | RegExp | ((seen: string) => boolean), timeoutMs?: number, stream?: "stderr" | "stdout"): Promise<void>;
  /** Sends `signal` to the whole process group, as the terminal does on Ctrl-C. */
  signalGroup(signal: NodeJS.Signals): void;
  exited: Promise<number>;
}

function spawnProcess(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Spawned {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true, ...(cwd ? { cwd } : {}) });
  let out = "";
  let err = "";
  const waiters: (() => void)[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    for (const waiter of waiters) waiter();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
    for (const waiter of waiters) waiter();
  });
  const exited = new Promise<number>((resolve) => {
    child.on("error", (error) => {
      err += `could not start ${command}: ${error.message}${command === "pnpm" ? " (run the tests through tools/dev, which puts pnpm on PATH)" : ""}\n`;
      resolve(-1);
    });
    // Killed by a signal: the status a shell reports ($? = 128 + the signal's number), e.g. pnpm re-raising SIGINT.
    child.on("close", (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    signalGroup: (signal) => process.kill(-(child.pid ?? 0), signal),
    waitFor: (text, timeoutMs = 60_000, stream = "stderr") =>
      new Promise((resolve, reject) => {
        const matches = (): boolean => {
          const seen = stream === "stderr" ? err : out;
          return typeof text === "string" ? seen.includes(text) : typeof text === "function" ? text(seen) : text.test(seen);
        };
        if (matches()) { resolve(); return; }
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${String(text)} on ${stream}; stdout:\n${out}\nstderr:\n${err}`)), timeoutMs);
        waiters.push(() => {
          if (matches()) {
            clearTimeout(timer);
            resolve();
          }
        });
        void exited.then(() => {
          if (!matches()) {
            clearTimeout(timer);
            reject(new Error(`exited before ${String(text)} on ${stream}; stdout:\n${out}\nstderr:\n${err}`));
          }
        });
      }),
  };
}

/** The built CLI (`node apps/cli/dist/bin.js`). */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): Spawned {
  return spawnProcess(process.execPath, [BIN, ...args], env);
}

/** A Node script (e.g. a fixture that drives dist/ differently from bin.js) in its own process. */
export function spawnNode(script: string, args: string[], env: NodeJS.ProcessEnv): Spawned {
  return spawnProcess(process.execPath, [script, ...args], env);
}

/**
 * `pnpm -s cli …` from the repository root, as a user types it: the root script, tools/stack/with-env.sh,
 * and pnpm in the process group. `-s` keeps pnpm's banner off stdout so `--json` output parses.
 */
export function spawnPnpmCli(args: string[], env: NodeJS.ProcessEnv): Spawned {
  return spawnProcess("pnpm", ["-s", "cli", ...args], env, REPO_ROOT);
}
