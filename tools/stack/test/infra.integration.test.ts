// infra/ applied for real on the provisioned stack: Terraform from the mirror only, the docker provider,
// Docker Engine and the local Consul image — then checked through the Docker Engine API and Consul.
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "@cortex-ring/test-support/processes";
import { cacheDir, dockerLock, infraCopy, stackEnv } from "@cortex-ring/test-support/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerClient, explain, terraform } from "./support.js";

const env = stackEnv();
const docker = dockerClient(env);
const cluster = `crt-${randomBytes(4).toString("hex")}`;
const container = `${cluster}-hash-ring`;
let dir = "";
let port = 0;
let release: (() => Promise<void>) | undefined;
let tokens: Record<string, string> = {};
/** Everything Terraform printed, to check that no token is in it. */
const printed: string[] = [];
// The store has its own suite (store.integration.test.ts) and Cortex its own (apps/cli's
// cortex.integration.test.ts): this one is about the network and the hash ring.
const tf = (...args: string[]) =>
  terraform(env, dir, args, { cluster_name: cluster, consul_http_port: String(port), enable_store: "false", enable_cortex: "false" });

/** GET on the published Consul port (with an ACL token, if given), retried while the agent starts. */
async function consul<T>(path: string, ready: (body: T) => boolean, token?: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: token ? { "X-Consul-Token": token } : {} });
      const body = (await response.json()) as T;
      if (response.ok && ready(body)) return body;
      last = `HTTP ${response.status}: ${JSON.stringify(body)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Consul at 127.0.0.1:${port}${path} did not answer as expected within 60s (last: ${last})`);
}

async function leftovers(): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const containers = await docker.listContainers({ all: true, filters: { name: [cluster] } });
  const networks = await docker.listNetworks({ filters: { name: [cluster] } });
  const { Volumes: volumes } = await docker.listVolumes({ filters: { name: [cluster] } });
  return {
    containers: containers.flatMap((c) => c.Names.map((n) => n.replace(/^\//, ""))).filter((n) => n.startsWith(cluster)),
    networks: networks.map((n) => n.Name).filter((n) => n === cluster),
    volumes: volumes.map((v) => v.Name).filter((n) => n.startsWith(`${cluster}-`)),
  };
}

beforeAll(async () => {
  release = await dockerLock();
  dir = infraCopy();
  port = await freePort();
});

afterAll(async () => {
  // A failed step must not leave the cluster behind for the next suite.
  if (dir && existsSync(join(dir, "terraform.tfstate"))) await tf("destroy", "-auto-approve", "-input=false");
  const left = await leftovers().catch(() => ({ containers: [], networks: [], volumes: [] }));
  for (const name of left.containers) await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
  for (const name of left.volumes) await docker.getVolume(name).remove().catch(() => undefined);
  for (const name of left.networks) await docker.getNetwork(name).remove().catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
  await release?.();
});

describe("infra/ on the offline stack", () => {
  it("init installs kreuzwerker/docker from the local mirror only", async () => {
    const init = await tf("init", "-input=false");
    expect(init.code, explain(init)).toBe(0);
    const required = /source\s*=\s*"kreuzwerker\/docker"\s*version\s*=\s*"([^"]+)"/.exec(readFileSync(join(dir, "provider.tf"), "utf8"))?.[1];
    expect(required).toMatch(/^\d+\.\d+\.\d+$/);
    expect(readFileSync(join(dir, ".terraform.lock.hcl"), "utf8")).toMatch(new RegExp(`version\\s*=\\s*"${required!.replaceAll(".", "\\.")}"`));
    // registry.terraform.io for Terraform, registry.opentofu.org for OpenTofu: both are in the mirror.
    const [host] = readdirSync(join(dir, ".terraform", "providers"));
    const installed = join(dir, ".terraform", "providers", host!, "kreuzwerker", "docker", required!, "linux_amd64");
    const mirror = realpathSync(join(cacheDir(), "terraform", "mirror"));
    expect(realpathSync(installed).startsWith(`${mirror}/`), `${realpathSync(installed)} is not in ${mirror}`).toBe(true);
  });

  it("validates", async () => {
    const validate = await tf("validate", "-json");
    expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true, error_count: 0 });
  });

  it("plans the network, the Consul image, one server with its data volume, the ACL secrets, and no store (enable_store=false)", async () => {
    const plan = await tf("plan", "-input=false", "-detailed-exitcode", "-out=cluster.tfplan");
    expect(plan.code, explain(plan)).toBe(2);
    const show = await tf("show", "-json", "cluster.tfplan");
    const changes = (JSON.parse(show.stdout) as { resource_changes: { address: string; change: { actions: string[] } }[] }).resource_changes;
    expect(changes.map((c) => [c.address, c.change.actions.join()]).sort()).toEqual([
      ["docker_container.cortex-cluster-hash-ring[0]", "create"],
      ["docker_image.consul", "create"],
      ["docker_network.cortex-cluster", "create"],
      ["docker_volume.consul-data[0]", "create"],
      ...["consul-agent", "cortex", "management", "ring-operator", "ring-reader"].map((name) => [`terraform_data.consul-acl-secret["${name}"]`, "create"]),
    ]);
  });

  it("applies the saved plan", async () => {
    const apply = await tf("apply", "-input=false", "cluster.tfplan");
    expect(apply.code, explain(apply)).toBe(0);
    printed.push(apply.stdout, apply.stderr);
    const outputs = await tf("output", "-json", "consul_acl_tokens");
    tokens = JSON.parse(outputs.stdout) as Record<string, string>;
    expect(Object.keys(tokens).sort()).toEqual(["cortex", "management", "ring-operator", "ring-reader"]);
    for (const token of Object.values(tokens)) expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("runs the Consul container on the cluster network only, bound to eth0 on that network", async () => {
    const info = await docker.getContainer(container).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.Config.Env).toContain("CONSUL_BIND_INTERFACE=eth0");
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual([cluster]);

    const address = info.NetworkSettings.Networks[cluster]!.IPAddress;
    const network = await docker.getNetwork(cluster).inspect();
    const subnet = network.IPAM?.Config?.[0]?.Subnet ?? "";
    expect(inSubnet(address, subnet), `${address} not in ${subnet}`).toBe(true);

    const exec = await docker.getContainer(container).exec({ Cmd: ["ip", "-4", "-o", "addr", "show", "dev", "eth0"], AttachStdout: true, AttachStderr: true });
    const output = await new Promise<string>((resolve, reject) =>
      exec.start({}, (error, stream) => {
        if (error || !stream) {
          reject(error instanceof Error ? error : new Error(`no exec stream (${String(error)})`));
          return;
        }
        let text = "";
        stream.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
        stream.on("end", () => resolve(text));
      }),
    );
    expect(output).toContain(` ${address}/`);
  });

  it("serves Consul on the published loopback port with a leader and one alive member at the eth0 address", async () => {
    const info = await docker.getContainer(container).inspect();
    const address = info.NetworkSettings.Networks[cluster]!.IPAddress;
    expect((info.HostConfig.PortBindings as Record<string, unknown> | undefined)?.["8500/tcp"]).toEqual([{ HostIp: "127.0.0.1", HostPort: String(port) }]);

    const leader = await consul<string>("/v1/status/leader", (body) => body !== "");
    expect(leader).toBe(`${address}:8300`);
    const members = await consul<{ Addr: string; Status: number }[]>("/v1/agent/members", (body) => body.length > 0, tokens["ring-reader"]);
    expect(members.map((m) => [m.Addr, m.Status])).toEqual([[address, 1]]);
  });

  it("refuses the ring to requests without a token (ACLs, default deny); the reader reads, Cortex's token writes", async () => {
    const status = async (method: string, path: string, token?: string) =>
      (await fetch(`http://127.0.0.1:${port}/v1/kv/${path}`, { method, headers: token ? { "X-Consul-Token": token } : {}, ...(method === "PUT" ? { body: "x" } : {}) })).status;
    expect([await status("GET", "collectors/ring"), await status("GET", "collectors/?recurse"), await status("PUT", "collectors/ring")]).toEqual([403, 403, 403]);
    expect(await status("PUT", "collectors/ring", tokens.cortex)).toBe(200);
    expect(await status("PUT", "elsewhere", tokens.cortex)).toBe(403);
    expect([await status("GET", "collectors/?recurse", tokens["ring-reader"]), await status("PUT", "collectors/ring", tokens["ring-reader"])]).toEqual([200, 403]);
  });

  it("plans no changes the second time; no plan (destroy included) or apply output shows a token", async () => {
    const plan = await tf("plan", "-input=false", "-detailed-exitcode");
    expect(plan.code, explain(plan)).toBe(0);
    const destroyPlan = await tf("plan", "-input=false", "-destroy");
    expect(destroyPlan.code, explain(destroyPlan)).toBe(0);
    expect(destroyPlan.stdout).toContain("(sensitive value)");
    for (const text of [...printed, plan.stdout, plan.stderr, destroyPlan.stdout, destroyPlan.stderr]) {
      for (const token of Object.values(tokens)) expect(text).not.toContain(token);
    }
  });

  it("destroys everything it created, the data volume included", async () => {
    const destroy = await tf("destroy", "-auto-approve", "-input=false");
    expect(destroy.code, explain(destroy)).toBe(0);
    expect(await leftovers()).toEqual({ containers: [], networks: [], volumes: [] });
  });
});

function inSubnet(address: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const toInt = (ip: string) => ip.split(".").reduce((n, octet) => (n << 8) + Number(octet), 0) >>> 0;
  const mask = bits ? (~0 << (32 - Number(bits))) >>> 0 : 0;
  return Boolean(base && bits) && (toInt(address) & mask) >>> 0 === (toInt(base!) & mask) >>> 0;
}
