// Test support for integration tests on the real stack (tools/stack/up.sh): its environment, the shared
// Docker lock, a temp copy of infra/ with a unique cluster, and Docker Engine API queries.
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { dockerEndpoint, dockerGet } from "../docker-ping.js";

export const INFRA = fileURLToPath(new URL("../../../../infra/", import.meta.url));

/** The stack's environment (sourced with bash, as tools/dev does), or a loud failure naming the fix. */
export function stackEnv(): NodeJS.ProcessEnv {
  const file = join(process.env.CORTEX_RING_CACHE ?? join(homedir(), ".cache", "cortex-ring"), "stack", "env");
  if (!existsSync(file)) throw new Error(`the stack is not provisioned (${file} missing): run tools/dev pnpm stack:up`);
  const dump = execFileSync("bash", ["-c", 'set -a; . "$1"; env -0', "_", file], { encoding: "utf8" });
  return Object.fromEntries(dump.split("\0").filter(Boolean).map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]));
}

/** Holds `flock $TMPDIR/cortex-ring-docker.lock` (the lock tools/stack tests take too) until released, so other suites don't apply at the same time. */
export async function dockerLock(): Promise<() => Promise<void>> {
  const holder: ChildProcess = spawn("flock", ["-x", join(tmpdir(), "cortex-ring-docker.lock"), "-c", "echo locked; exec cat"], { stdio: ["pipe", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    holder.stdout?.once("data", () => resolve());
    holder.once("error", reject);
    holder.once("close", (code) => reject(new Error(`flock exited with ${String(code)}`)));
  });
  return () =>
    new Promise((resolve) => {
      holder.once("close", () => resolve());
      holder.stdin?.end();
    });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** infra/*.tf (and the templates they render) copied to a temp dir: tests never touch the user's infra/ state. */
export function infraCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "cortex-ring-infra-"));
  // .tftpl: Cortex's YAML template; .sh: consul-acl.sh, which ring.tf uploads into the Consul servers.
  for (const name of readdirSync(INFRA)) if (/\.(tf|tftpl|sh)$/.test(name) || name === ".terraform.lock.hcl") copyFileSync(join(INFRA, name), join(dir, name));
  return dir;
}

/** Containers and networks whose name starts with the cluster name. */
export async function dockerObjects(env: NodeJS.ProcessEnv, cluster: string): Promise<{ containers: string[]; networks: string[] }> {
  const endpoint = dockerEndpoint(env);
  const filter = encodeURIComponent(JSON.stringify({ name: [cluster] }));
  const containers = JSON.parse((await dockerGet(endpoint, `/containers/json?all=1&filters=${filter}`, 5000)).body) as { Names: string[]; State: string }[];
  const networks = JSON.parse((await dockerGet(endpoint, `/networks?filters=${filter}`, 5000)).body) as { Name: string }[];
  return {
    containers: containers.map((c) => `${(c.Names[0] ?? "").replace(/^\//, "")}:${c.State}`).filter((name) => name.startsWith(cluster)),
    networks: networks.map((n) => n.Name).filter((name) => name === cluster),
  };
}

/** The container's IPv4 address on `network` (Docker Engine API), to tell our Consul from any other. */
export async function containerAddress(env: NodeJS.ProcessEnv, container: string, network: string): Promise<string | undefined> {
  const reply = await dockerGet(dockerEndpoint(env), `/containers/${encodeURIComponent(container)}/json`, 5000);
  const inspect = JSON.parse(reply.body) as { NetworkSettings?: { Networks?: Record<string, { IPAddress?: string }> } };
  return inspect.NetworkSettings?.Networks?.[network]?.IPAddress;
}

/** Named volumes whose name starts with the cluster name. */
export async function dockerVolumes(env: NodeJS.ProcessEnv, cluster: string): Promise<string[]> {
  const filter = encodeURIComponent(JSON.stringify({ name: [cluster] }));
  const reply = JSON.parse((await dockerGet(dockerEndpoint(env), `/volumes?filters=${filter}`, 5000)).body) as { Volumes: { Name: string }[] | null };
  return (reply.Volumes ?? []).map((volume) => volume.Name).filter((name) => name.startsWith(cluster));
}

/** The docker CLI against the stack's daemon, as a user types it (`docker stop …`); resolves with stdout. */
export async function dockerCli(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)("docker", args, { env: { ...process.env, ...env }, timeout: 120_000 });
  return stdout;
}
