// The seed's store for real: infra/ applied with enable_store on the offline stack (the locally built
// cassandra image, Terraform, the docker provider, Docker Engine), then used with a real CQL client.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@cortex-ring/test-support/processes";
import { dockerLock, infraCopy, stackEnv } from "@cortex-ring/test-support/stack";
import cassandra from "cassandra-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerClient, explain, infraDefault, run, terraform } from "./support.js";

const env = stackEnv();
const docker = dockerClient(env);
const cluster = `crs-${randomBytes(4).toString("hex")}`;
const container = `${cluster}-store`;
const CLI = fileURLToPath(new URL("../../../apps/cli/dist/bin.js", import.meta.url));
let dir = "";
let vars: Record<string, string> = {};
let cqlPort = 0;
let volumes: string[] = [];
let client: cassandra.Client | undefined;
let release: (() => Promise<void>) | undefined;
const tf = (...args: string[]) => terraform(env, dir, args, vars);

/** What infra/ pins, read from the copy under test. */
function pinnedVersion(): string {
  return infraDefault("cassandra_image", dir).replace(/^cassandra:/, "");
}

async function leftovers(): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const containers = await docker.listContainers({ all: true, filters: { name: [cluster] } });
  const networks = await docker.listNetworks({ filters: { name: [cluster] } });
  const existing = new Set((await docker.listVolumes()).Volumes.map((v) => v.Name));
  return {
    containers: containers.flatMap((c) => c.Names.map((n) => n.replace(/^\//, ""))).filter((n) => n.startsWith(cluster)),
    networks: networks.map((n) => n.Name).filter((n) => n === cluster),
    volumes: volumes.filter((v) => existing.has(v)),
  };
}

beforeAll(async () => {
  release = await dockerLock();
  dir = infraCopy();
  cqlPort = await freePort();
  // CQL is published on loopback because tests talk to 127.0.0.1 only, never to the container's address.
  vars = { cluster_name: cluster, consul_http_port: String(await freePort()), store_cql_port: String(cqlPort), enable_store: "true" };
  // Cortex is not this suite's concern and costs minutes of CPU: leave it out where infra/ has it.
  if (readFileSync(join(dir, "variables.tf"), "utf8").includes('variable "enable_cortex"')) vars.enable_cortex = "false";
});

afterAll(async () => {
  await client?.shutdown().catch(() => undefined);
  // A failed step must not leave the cluster behind for the next suite.
  if (dir && existsSync(join(dir, "terraform.tfstate"))) await tf("destroy", "-auto-approve", "-input=false");
  const left = await leftovers().catch(() => ({ containers: [], networks: [], volumes: [] }));
  for (const name of left.containers) await docker.getContainer(name).remove({ force: true, v: true }).catch(() => undefined);
  for (const name of left.networks) await docker.getNetwork(name).remove().catch(() => undefined);
  for (const name of left.volumes) await docker.getVolume(name).remove().catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
  await release?.();
});

describe("the Cassandra store on the offline stack", () => {
  it("applies with the store: apply returns once the store's CQL health check passes", async () => {
    const init = await tf("init", "-input=false");
    expect(init.code, explain(init)).toBe(0);
    const apply = await tf("apply", "-auto-approve", "-input=false");
    expect(apply.code, explain(apply)).toBe(0);
    expect(apply.stdout).toContain("docker_container.cortex-cluster-store[0]: Creation complete");

    const info = await docker.getContainer(container).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.State.Health?.Status).toBe("healthy");
    expect(info.Config.Image).toMatch(/^sha256:/);
    expect((await docker.getImage(`cassandra:${pinnedVersion()}`).inspect()).Id).toBe(info.Image);
    volumes = info.Mounts.filter((m) => m.Type === "volume").map((m) => m.Name!);
    expect(info.Mounts.map((m) => m.Destination)).toEqual(["/var/lib/cassandra"]);
  });

  it("is attached to the cluster network only and publishes CQL on 127.0.0.1 only", async () => {
    const info = await docker.getContainer(container).inspect();
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual([cluster]);
    expect(info.HostConfig.PortBindings).toEqual({ "9042/tcp": [{ HostIp: "127.0.0.1", HostPort: String(cqlPort) }] });
  });

  it("answers CQL: release_version is the pinned version, the cluster is ours, it listens and broadcasts on eth0", async () => {
    // One node: the driver keeps talking to the contact point (loopback); no data centre to name.
    client = new cassandra.Client({
      contactPoints: [`127.0.0.1:${cqlPort}`],
      policies: { loadBalancing: new cassandra.policies.loadBalancing.RoundRobinPolicy() },
    });
    const local = (await client.execute("SELECT release_version, cluster_name, listen_address, broadcast_address FROM system.local")).first();
    expect(local.get("release_version")).toBe(pinnedVersion());
    expect(local.get("cluster_name")).toBe(cluster);
    const eth0 = (await docker.getContainer(container).inspect()).NetworkSettings.Networks[cluster]!.IPAddress;
    expect(String(local.get("listen_address"))).toBe(eth0);
    expect(String(local.get("broadcast_address"))).toBe(eth0);
  });

  it("creates a keyspace and a table, writes a row and reads it back", async () => {
    await client!.execute("CREATE KEYSPACE IF NOT EXISTS seed WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await client!.execute("CREATE TABLE IF NOT EXISTS seed.instances (id text PRIMARY KEY, addr text, tokens int)");
    await client!.execute("INSERT INTO seed.instances (id, addr, tokens) VALUES (?, ?, ?)", ["ingester-0", "10.0.0.7:9095", 128], { prepare: true });
    const rows = (await client!.execute("SELECT id, addr, tokens FROM seed.instances WHERE id = ?", ["ingester-0"], { prepare: true })).rows;
    expect(rows.map((r): unknown[] => [r.get("id"), r.get("addr"), r.get("tokens")])).toEqual([["ingester-0", "10.0.0.7:9095", 128]]);
  });

  it("cortex-ring doctor finds the store through the applied directory and queries it", async () => {
    const doctor = await run(process.execPath, [CLI, "-C", dir, "--json", "doctor"], { env: { ...env, CONSUL_HTTP_ADDR: "" } });
    const checks = JSON.parse(doctor.stdout) as { check: string; status: string; detail: string }[];
    const store = checks.find((c) => c.check === "store");
    expect(store, doctor.stdout + doctor.stderr).toMatchObject({ status: "ok" });
    expect(store?.detail).toBe(`${container}: Cassandra ${pinnedVersion()} answering CQL at 127.0.0.1:${cqlPort} (cluster ${cluster})`);
  });

  it("plans no changes the second time", async () => {
    const plan = await tf("plan", "-input=false", "-detailed-exitcode");
    expect(plan.code, explain(plan)).toBe(0);
  });

  it("destroys everything it created: containers, network and the store's data volume", async () => {
    await client?.shutdown();
    client = undefined;
    const destroy = await tf("destroy", "-auto-approve", "-input=false");
    expect(destroy.code, explain(destroy)).toBe(0);
    expect(volumes).toHaveLength(1);
    expect(await leftovers()).toEqual({ containers: [], networks: [], volumes: [] });
  });
});

describe("the local cassandra image's entrypoint", () => {
  const name = `${cluster}-entrypoint`;
  afterAll(async () => {
    await docker.getContainer(name).remove({ force: true, v: true }).catch(() => undefined);
  });

  /** Runs the image to completion (its anonymous volume removed after) and returns its exit code and output. */
  async function runImage(options: { Cmd?: string[]; HostConfig?: { NetworkMode: string } }): Promise<{ exit: number; logs: string }> {
    await docker.getContainer(name).remove({ force: true, v: true }).catch(() => undefined);
    const created = await docker.createContainer({ name, Image: `cassandra:${pinnedVersion()}`, ...options });
    await created.start();
    const { StatusCode } = (await created.wait()) as { StatusCode: number };
    const logs = (await created.logs({ stdout: true, stderr: true })).toString("latin1");
    await created.remove({ v: true });
    return { exit: StatusCode, logs };
  }

  it("runs other commands as given: Debian's Java 17", async () => {
    const { exit, logs } = await runImage({ Cmd: ["java", "-version"] });
    expect(exit).toBe(0);
    expect(logs).toMatch(/openjdk version "17\.[\s\S]*Debian/);
  });

  it("stops with a one-line reason when eth0 has no IPv4 address to listen on", async () => {
    const { exit, logs } = await runImage({ HostConfig: { NetworkMode: "none" } });
    expect(exit).toBe(1);
    expect(logs).toContain("docker-entrypoint: no IPv4 address on interface 'eth0' (for CASSANDRA_LISTEN_ADDRESS=auto)");
  });
});
