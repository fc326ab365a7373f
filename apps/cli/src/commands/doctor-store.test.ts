import { createServer, type Server } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@cortex-ring/test-support/processes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeTerraformDir, run } from "../testing/runtime.js";

// A Docker Engine API stand-in on a unix socket that knows the containers a test puts in `containers`.
// The CQL query itself is real (cassandra-driver): against the real store in tools/stack's store suite,
// here only against a loopback port where nothing listens.
const containers = new Map<string, object>();
let server: Server;
let socket: string;
beforeAll(async () => {
  socket = join(mkdtempSync(join(tmpdir(), "cortex-ring-docker-")), "docker.sock");
  server = createServer((req, res) => {
    const name = /^\/containers\/([^/]+)\/json$/.exec(req.url ?? "")?.[1];
    const container = name ? containers.get(decodeURIComponent(name)) : undefined;
    if (req.url === "/_ping") res.end("OK");
    else if (req.url === "/version") res.end(JSON.stringify({ Version: "28.1.1" }));
    else if (container) res.end(JSON.stringify(container));
    else res.writeHead(404).end(JSON.stringify({ message: "No such container" }));
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Check {
  check: string;
  status: string;
  detail: string;
  hint?: string;
}

/** `cortex-ring --json doctor` in a fake Terraform dir (applied when `outputs` is given); the store's check and the exit code. */
async function doctorStore(options: { env?: NodeJS.ProcessEnv; outputs?: object } = {}): Promise<{ code: number; store: Check | undefined }> {
  const tf = fakeTerraformDir();
  if (options.outputs) writeFileSync(join(tf.dir, "terraform.tfstate"), "{}");
  const env = { ...tf.env, DOCKER_HOST: `unix://${socket}`, ...(options.outputs ? { FAKE_OUTPUT: JSON.stringify(options.outputs) } : {}), ...options.env };
  const result = await run(["-C", tf.dir, "--consul", "http://127.0.0.1:18500", "--json", "doctor"], { env });
  return { code: result.code, store: (JSON.parse(result.stdout) as Check[]).find((c) => c.check === "store") };
}

/** The store check's status, its detail (exactly, or matching a pattern) and a piece of its fix. */
function expectStore(store: Check | undefined, status: string, detail: string | RegExp, hint?: string): void {
  expect(store?.status).toBe(status);
  if (typeof detail === "string") expect(store?.detail).toBe(detail);
  else expect(store?.detail).toMatch(detail);
  if (hint !== undefined) expect(store?.hint).toContain(hint);
}

const output = (value: string) => ({ type: "string", sensitive: false, value });
const running = (health: string, ports: object) => ({ State: { Status: "running", Running: true, ExitCode: 0, Health: { Status: health } }, NetworkSettings: { Ports: ports } });

describe("doctor: the store", () => {
  it("says the store is off when TF_VAR_enable_store=false, without failing", async () => {
    const { code, store } = await doctorStore({ env: { TF_VAR_enable_store: "false" } });
    expect(code).toBe(0);
    expectStore(store, "warn", "not enabled (TF_VAR_enable_store=false)", "enable_store = true");
  });

  it("says the store is off when the applied cluster has no store_container output, without failing", async () => {
    const { code, store } = await doctorStore({ outputs: { consul_http_addr: output("http://127.0.0.1:18500") } });
    expect(code).toBe(0);
    expectStore(store, "warn", /^not enabled \(terraform output in \S+\)$/);
  });

  it("only warns when nothing is applied and no container has the default name", async () => {
    const { code, store } = await doctorStore({ env: { TF_VAR_cluster_name: "nowhere" } });
    expect(code).toBe(0);
    expectStore(store, "warn", "no container nowhere-store (the default cluster name)", "cortex-ring apply");
  });

  it("fails when the applied cluster names a store container that is gone", async () => {
    const { code, store } = await doctorStore({ outputs: { store_container: output("gone-store") } });
    expect(code).toBe(1);
    expectStore(store, "fail", /^container gone-store is missing \(terraform output in \S+ names it\)$/, "run `cortex-ring apply` to recreate it");
  });

  it("fails with the exit code when the store container stopped", async () => {
    containers.set("dead-store", { State: { Status: "exited", Running: false, ExitCode: 137 } });
    const { code, store } = await doctorStore({ outputs: { store_container: output("dead-store") } });
    expect(code).toBe(1);
    expectStore(store, "fail", "dead-store is exited (exit code 137)", "docker logs dead-store");
  });

  it("warns that it cannot query a store whose CQL port is not published", async () => {
    containers.set("quiet-store", running("healthy", { "9042/tcp": null }));
    const { code, store } = await doctorStore({ outputs: { store_container: output("quiet-store") } });
    expect(code).toBe(0);
    expectStore(store, "warn", /^quiet-store is running \(Docker health: healthy\) but CQL is not published/, "store_cql_port");
  });

  it("fails in one line when CQL does not answer on the published port, and says a starting store needs time", async () => {
    const port = await freePort();
    containers.set("starting-store", running("starting", { "9042/tcp": [{ HostIp: "127.0.0.1", HostPort: String(port) }] }));
    const { code, store } = await doctorStore({ outputs: { store_container: output("starting-store") } });
    expect(code).toBe(1);
    expect(store?.status).toBe("fail");
    expect(store?.detail).toMatch(new RegExp(`^starting-store is running but CQL at 127\\.0\\.0\\.1:${port} does not answer: .*ECONNREFUSED`));
    expect(store?.detail).not.toContain("\n");
    expect(store?.hint).toMatch(/still starting/);
  });

  it("fails when Docker does not answer, pointing at the docker check", async () => {
    const { code, store } = await doctorStore({ env: { DOCKER_HOST: `unix://${socket}.missing` } });
    expect(code).toBe(1);
    expectStore(store, "fail", /^cannot ask Docker about cortex-cluster-store: /, "fix the docker check first");
  });
});
