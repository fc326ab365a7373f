/**
 * What tests on the real stack (tools/stack/up.sh) stand on: the environment up.sh wrote, the machine's one
 * Docker lock, and a throwaway copy of infra/ so a test never touches infra/'s own state.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./processes.js";

export const INFRA = join(REPO_ROOT, "infra");

/** $CORTEX_RING_CACHE, else ~/.cache/cortex-ring: where up.sh keeps the stack's builds and its env file. */
export function cacheDir(): string {
  return process.env.CORTEX_RING_CACHE ?? join(homedir(), ".cache", "cortex-ring");
}

/**
 * The variables up.sh's env file exports (DOCKER_HOST, TERRAFORM_BINARY, TF_CLI_CONFIG_FILE, CONSUL_BIN, …), read by
 * bash itself so quoting and defaults mean what they mean to tools/dev; a loud failure naming the fix when the stack
 * is not provisioned. Only those variables: spread it over process.env for a whole environment.
 */
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

/**
 * Holds the machine-wide Docker lock (`flock $TMPDIR/cortex-ring-docker.lock`, as the shell tools take it) until
 * the returned release: whatever applies Terraform or starts containers holds it, so suites never apply at once.
 */
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

/**
 * infra/'s configuration in a fresh temp dir: the .tf files, the Cortex YAML template they render (.tftpl) and
 * consul-acl.sh, which ring.tf uploads into the Consul servers. No state, no lock file: `init` makes its own from
 * the stack's provider mirror.
 */
export function infraCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "cortex-ring-infra-"));
  for (const name of readdirSync(INFRA).filter((n) => /\.(tf|tftpl|sh)$/.test(n))) copyFileSync(join(INFRA, name), join(dir, name));
  return dir;
}
