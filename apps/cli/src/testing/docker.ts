// Test support: what a test on the real stack asks Docker about its cluster (through the CLI's own Engine API
// client), and the docker CLI as a user types it.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { dockerEndpoint, dockerGet } from "../docker-ping.js";

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
