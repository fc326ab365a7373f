// Ring clients are closed on every path, so a finished command leaves nothing running: in-process with a fake
// client (every command, success and failure), then as a real process (the built CLI with the real ring-client)
// that runs a command without bin.js's process.exit and must end on its own.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import { AclDeniedError, ConsulUnreachableError, encodeRingDesc, InstanceHealthyError } from "@cortex-ring/ring-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, fakeDeps, fakeRingApi, fakeTerraformDir, ring, run, type FakeRingApi } from "./testing/runtime.js";
import { spawnNode, type Spawned } from "./testing/spawn.js";

const CONSUL = "http://127.0.0.1:18500";

describe("every command closes the ring client it opened, however it ends", () => {
  const down = new ConsulUnreachableError(`${CONSUL}/v1/agent/members`, "connection refused (ECONNREFUSED)");
  const cases: { what: string; argv: string[]; api: () => FakeRingApi; code: number; tf?: boolean }[] = [
    { what: "ring members", argv: ["ring", "members"], api: () => fakeRingApi(), code: 0 },
    { what: "ring members, Consul down", argv: ["ring", "members"], api: () => fakeRingApi({ members: () => Promise.reject(down) }), code: 1 },
    { what: "ring status, Consul down", argv: ["ring", "status"], api: () => fakeRingApi({ discoverRings: () => Promise.reject(down) }), code: 1 },
    {
      what: "ring status --fail-unhealthy with an unhealthy instance",
      argv: ["ring", "status", "--fail-unhealthy"],
      api: () => fakeRingApi({ discoverRings: async () => [ring("collectors/ring", [{ id: "a", healthy: false }])] }),
      code: 1,
    },
    { what: "ring forget of a healthy instance", argv: ["ring", "forget", "a"], api: () => fakeRingApi({ forget: () => Promise.reject(new InstanceHealthyError("collectors/ring", "a", 1)) }), code: 1 },
    {
      what: "ring watch ending in an error",
      argv: ["ring", "watch"],
      api: () =>
        fakeRingApi({
          // eslint-disable-next-line require-yield -- a watch that fails before its first update
          watchRing: async function* () {
            throw down;
          },
        }),
      code: 1,
    },
    { what: "apply, then the Consul check", argv: ["apply", "--auto-approve", "--no-lint"], api: () => fakeRingApi(), code: 0, tf: true },
    { what: "apply, Consul check failing", argv: ["apply", "--auto-approve", "--no-lint"], api: () => fakeRingApi({ members: () => Promise.reject(down) }), code: 1, tf: true },
    { what: "doctor", argv: ["doctor"], api: () => fakeRingApi({ leader: () => Promise.reject(down) }), code: 1, tf: true },
  ];
  it.each(cases)("$what: exit $code, one client opened and closed", async ({ argv, api: make, code, tf }) => {
    const api = make();
    const terraform = tf ? fakeTerraformDir() : undefined;
    const result = await run([...(terraform ? ["-C", terraform.dir] : []), "--consul", CONSUL, ...argv], { deps: fakeDeps({}, api), env: terraform?.env ?? {} });
    expect(result.code, result.stderr).toBe(code);
    expect({ opened: api.addresses.length, closed: api.closes }).toEqual({ opened: 1, closed: 1 });
  });
});

describe("the real process ends on its own once the command is done (no process.exit)", { timeout: 60_000 }, () => {
  type Handler = (req: IncomingMessage, res: ServerResponse) => void;
  let handler: Handler = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  let consul = "";
  const RUN = join(FIXTURES, "run-in-process.mjs");

  beforeAll(async () => {
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    consul = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const json = (res: ServerResponse, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(200, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const member = { Name: "hash-ring", Addr: "172.18.0.2", Port: 8301, Status: 1, Tags: { role: "consul", dc: "dc1" } };

  /** What the child still had open after the command returned, stdio aside. */
  function leftRunning(child: Spawned): string[] {
    const line = /^active resources: (.*)$/m.exec(child.stderr())?.[1];
    expect(line, child.stderr()).toBeDefined();
    return (JSON.parse(line ?? "[]") as string[]).filter((resource) => resource !== "PipeWrap" && resource !== "TTYWrap");
  }

  it("ring members: prints the members, then nothing is left running", async () => {
    // The members, and the single server leading itself (ring members judges the servers' Raft quorum too).
    handler = (req, res) => {
      if (req.url?.startsWith("/v1/status/leader")) json(res, "172.18.0.2:8300");
      else if (req.url?.startsWith("/v1/operator/raft/configuration")) json(res, { Servers: [{ ID: "1", Node: "hash-ring", Address: "172.18.0.2:8300", Leader: true, Voter: true }] });
      else if (req.url?.startsWith("/v1/operator/autopilot/health")) json(res, { Healthy: true, Servers: [{ Name: "hash-ring", Address: "172.18.0.2:8300", Healthy: true, LastContact: "0s", LastIndex: 5 }] });
      else json(res, [member]);
    };
    const child = spawnNode(RUN, ["--consul", consul, "ring", "members"], {});
    expect(await child.exited, child.stderr()).toBe(0);
    expect(child.stdout()).toMatch(/hash-ring\s+172\.18\.0\.2\s+8301\s+alive\s+server/);
    expect(leftRunning(child)).toEqual([]);
  });

  it("apply whose Consul check fails while another request is in flight: exit 1, that request abandoned, nothing left running", async () => {
    // The leader answers; agent/members is refused (403) once the rings' read has arrived, which is never answered.
    let ringsRead: IncomingMessage | undefined;
    let refuseMembers: (() => void) | undefined;
    handler = (req, res) => {
      if (req.url?.startsWith("/v1/status/leader")) json(res, "172.18.0.2:8300");
      else if (req.url?.startsWith("/v1/agent/members")) {
        refuseMembers = () => {
          res.writeHead(403, { "content-type": "text/plain" });
          res.end("Permission denied");
        };
        if (ringsRead) refuseMembers();
      } else {
        ringsRead ??= req;
        refuseMembers?.();
      }
    };
    const tf = fakeTerraformDir();
    const child = spawnNode(RUN, ["-C", tf.dir, "--consul", consul, "--no-color", "apply", "--auto-approve", "--no-lint"], tf.env);
    expect(await child.exited, child.stderr()).toBe(1);
    expect(child.stderr()).toContain(`error: ${new AclDeniedError(`${consul}/v1/agent/members`, "Permission denied").message}\n`);
    expect(ringsRead?.url).toMatch(/^\/v1\/kv\/collectors(\/|%2F)\?recurse/);
    expect(leftRunning(child)).toEqual([]);
  });

  it("ring watch stopped by Ctrl-C while a blocking query waits: exit 130, nothing left running", async () => {
    const ingester = { addr: "10.0.0.1:9095", timestamp: Math.floor(Date.now() / 1000), state: 0, tokens: [1, 2], zone: "", registeredTimestamp: 0, id: "", readOnlyUpdatedTimestamp: 0, readOnly: false, versions: {} };
    const value = encodeRingDesc({ ingesters: { "ingester-1": ingester } });
    let blocked: ((req: IncomingMessage) => void) | undefined;
    const blocking = new Promise<IncomingMessage>((resolve) => (blocked = resolve));
    handler = (req, res) => {
      // The first read answers; the blocking query that follows is held until Ctrl-C.
      if (/[?&]index=/.test(req.url ?? "")) blocked?.(req);
      else json(res, [{ Key: "collectors/ring", Value: value.toString("base64"), ModifyIndex: 7, CreateIndex: 1, Flags: 0, LockIndex: 0 }], { "x-consul-index": "7" });
    };
    const child = spawnNode(RUN, ["--consul", consul, "--no-color", "ring", "watch", "--wait", "600"], {});
    await child.waitFor("collectors/ring: 1 instance", 30_000, "stdout");
    expect((await blocking).url).toContain("wait=600s");
    child.signalGroup("SIGINT");
    expect(await child.exited, child.stderr()).toBe(130);
    expect(child.stderr()).toContain("stopped watching collectors/ring");
    expect(leftRunning(child)).toEqual([]);
  });
});
