// What the stack's own integration tests add to @cortex-ring/test-support/stack: a Docker Engine API client,
// the Terraform CLI run the way automation runs it, and the images infra/ pins.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { INFRA } from "@cortex-ring/test-support/stack";
import Docker from "dockerode";

export const STACK = fileURLToPath(new URL("..", import.meta.url));

/** The default of an infra/variables.tf variable (e.g. consul_image → hashicorp/consul:1.14.11), as up.sh reads it. */
export function infraDefault(name: string, dir = INFRA): string {
  return new RegExp(`variable "${name}"[^}]*default\\s*=\\s*"([^"]+)"`).exec(readFileSync(join(dir, "variables.tf"), "utf8"))?.[1] ?? "";
}

/** A Docker Engine API client for the stack's DOCKER_HOST (unix socket or tcp). */
export function dockerClient(env: Record<string, string>): Docker {
  const url = new URL(env.DOCKER_HOST ?? "unix:///var/run/docker.sock");
  return new Docker(url.protocol === "unix:" ? { socketPath: url.pathname } : { host: url.hostname, port: Number(url.port || 2375) });
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
