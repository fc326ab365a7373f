// What the stack's integration tests stand on: the environment up.sh wrote, the shared Docker lock, a
// throwaway copy of infra/, and the Terraform CLI run the way automation runs it.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Docker from "dockerode";

export const STACK = fileURLToPath(new URL("..", import.meta.url));
export const INFRA = fileURLToPath(new URL("../../../infra/", import.meta.url));

export function cacheDir(): string {
  return process.env.CORTEX_RING_CACHE ?? join(homedir(), ".cache", "cortex-ring");
}

/** The variables up.sh exported, read by bash itself so quoting means what it means to tools/dev. */
export function stackEnv(): Record<string, string> {
  const file = join(cacheDir(), "stack", "env");
  const script = '. "$1" || exit 1; for n in $(sed -n "s/^export \\([A-Za-z_][A-Za-z0-9_]*\\)=.*/\\1/p" "$1"); do printf "%s=%s\\0" "$n" "${!n}"; done';
  const dump = spawnSync("bash", ["-c", script, "_", file], { encoding: "utf8" });
  if (dump.status !== 0) throw new Error(`the stack is not provisioned (${file}: ${dump.stderr.trim()}): run tools/dev pnpm stack:up`);
  const env: Record<string, string> = {};
  for (const entry of dump.stdout.split("\0").filter(Boolean)) {
    const at = entry.indexOf("=");
    env[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return env;
}

/** A Docker Engine API client for the stack's DOCKER_HOST (unix socket or tcp). */
export function dockerClient(env: Record<string, string>): Docker {
  const url = new URL(env.DOCKER_HOST ?? "unix:///var/run/docker.sock");
  return new Docker(url.protocol === "unix:" ? { socketPath: url.pathname } : { host: url.hostname, port: Number(url.port || 2375) });
}

/** Holds the machine-wide Docker lock (flock, as the shell tools take it) until the returned release. */
export async function dockerLock(): Promise<() => Promise<void>> {
  const holder = spawn("flock", ["-x", join(tmpdir(), "cortex-ring-docker.lock"), "-c", "echo held && exec cat"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    holder.stdout.once("data", () => resolve());
    holder.once("error", reject);
    holder.once("exit", (code) => reject(new Error(`flock exited with ${String(code)} before taking the Docker lock`)));
  });
  return () => new Promise<void>((resolve) => holder.once("close", () => resolve()).stdin.end());
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** infra/*.tf and the templates they render in a fresh temp dir: tests never touch infra/'s own state. */
export function infraCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "cortex-ring-stack-"));
  // .tftpl: Cortex's YAML template; .sh: consul-acl.sh, which ring.tf uploads into the Consul servers.
  for (const name of readdirSync(INFRA).filter((n) => /\.(tf|tftpl|sh)$/.test(n))) copyFileSync(join(INFRA, name), join(dir, name));
  return dir;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion with the given environment added to the stack's. */
export function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** `terraform <args>` in a working directory, as automation runs it (no prompts, no advice). */
export function terraform(env: Record<string, string>, cwd: string, args: string[], vars: Record<string, string> = {}): Promise<Run> {
  const binary = env.TERRAFORM_BINARY;
  if (!binary) throw new Error("TERRAFORM_BINARY is not in the stack env: run tools/dev pnpm stack:up");
  const tfVars = Object.fromEntries(Object.entries(vars).map(([name, value]) => [`TF_VAR_${name}`, value]));
  return run(binary, args, { cwd, env: { ...env, ...tfVars, TF_IN_AUTOMATION: "1", NO_COLOR: "1" } });
}

/** A readable failure message for an unexpected exit: the command's own last words. */
export function explain(result: Run): string {
  return `exit ${String(result.code)}\n${result.stderr.trim() || result.stdout.trim().split("\n").slice(-20).join("\n")}`;
}
