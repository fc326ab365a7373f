/**
 * RingClient through the real `consul` npm client against a local HTTP server that answers as Consul does
 * (status codes and bodies): error translation, headers, tokens. The real agent is in test/*.integration.test.ts.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vector } from "../test/support/fixtures.js";
import { RingClient } from "./client.js";
import { AclDeniedError, ConsulResponseError, ConsulTimeoutError, ConsulUnreachableError, KeyMissingError, NoLeaderError, NotARingError, RingClientError } from "./errors.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end();
const seen: { url: string; token: string | undefined }[] = [];
const server = createServer((req, res) => {
  seen.push({ url: req.url ?? "", token: req.headers["x-consul-token"] as string | undefined });
  handler(req, res);
});
let address = "";

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  address = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function text(status: number, body: string): Handler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
    res.end(body);
  };
}

function kvEntry(key: string, value: Buffer, index: number): Handler {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "x-consul-index": String(index) });
    res.end(JSON.stringify([{ Key: key, Value: value.toString("base64"), ModifyIndex: index, CreateIndex: 1, Flags: 0, LockIndex: 0 }]));
  };
}

const TOKEN = "4c1d1ae1-6f0e-4c9b-9d6e-secret-token";

describe("RingClient against Consul's HTTP answers", () => {
  it("reads and decodes a ring; sends the token only as X-Consul-Token", async () => {
    handler = kvEntry("collectors/ring", vector("cortex", "three-ingesters").value, 77);
    const client = new RingClient({ address, token: TOKEN, env: {} });
    const ring = await client.readRing();
    client.close();
    expect(ring.instances.map((i) => i.id)).toEqual(["ingester-1", "ingester-2", "ingester-3"]);
    expect(ring.modifyIndex).toBe(77);
    const last = seen.at(-1)!;
    expect(last.token).toBe(TOKEN);
    expect(last.url).not.toContain(TOKEN);
    expect(last.url).toMatch(/^\/v1\/kv\/collectors(%2F|\/)ring/);
  });

  it("asks for stale or consistent reads when configured", async () => {
    handler = kvEntry("collectors/ring", vector("cortex", "empty").value, 3);
    for (const [consistency, query] of [["stale", "stale=1"], ["consistent", "consistent=1"]] as const) {
      const client = new RingClient({ address, consistency, env: {} });
      await client.readRing();
      client.close();
      expect(seen.at(-1)!.url).toContain(query);
    }
  });

  const failures: { name: string; handler: Handler; error: new (...a: never[]) => Error; code: string; message: RegExp }[] = [
    { name: "403", handler: text(403, "Permission denied"), error: AclDeniedError, code: "acl-denied", message: /^Consul ACL denied http:\/\/127\.0\.0\.1:\d+\/v1\/kv\/collectors\/ring \(HTTP 403: Permission denied\); check CONSUL_HTTP_TOKEN$/ },
    { name: "500 no leader", handler: text(500, "No cluster leader"), error: NoLeaderError, code: "no-leader", message: /^Consul at http:\/\/127\.0\.0\.1:\d+\/v1\/kv\/collectors\/ring has no cluster leader yet \(HTTP 500\)$/ },
    { name: "other 5xx", handler: text(503, "rate limit exceeded"), error: ConsulResponseError, code: "consul-error", message: /answered HTTP 503: rate limit exceeded$/ },
    { name: "404", handler: text(404, ""), error: KeyMissingError, code: "key-missing", message: /^no ring at key collectors\/ring \(http:\/\/127\.0\.0\.1:\d+\/v1\/kv\/collectors\/ring answered 404\)$/ },
    { name: "a value that is not a ring", handler: kvEntry("collectors/ring", Buffer.from("definitely not snappy"), 5), error: NotARingError, code: "not-a-ring", message: /^value at collectors\/ring is not a Cortex ring \(not snappy-compressed: / },
  ];
  for (const f of failures) {
    it(`${f.name}: ${f.error.name} with a one-line message naming the endpoint, never the token`, async () => {
      handler = f.handler;
      const client = new RingClient({ address, token: TOKEN, env: {} });
      const error = await client.readRing().catch((e: unknown) => e);
      client.close();
      expect(error).toBeInstanceOf(f.error);
      expect(error).toMatchObject({ code: f.code, key: "collectors/ring" });
      expect((error as Error).message).toMatch(f.message);
      expect((error as Error).message).not.toContain(TOKEN);
    });
  }

  it("scrubs the token should Consul ever echo it", async () => {
    handler = text(403, `ACL not found for ${TOKEN}`);
    const client = new RingClient({ address, token: TOKEN, env: {} });
    const error = (await client.readRing().catch((e: unknown) => e)) as Error;
    client.close();
    expect(error.message).toContain("ACL not found for <token>");
    expect(error.message).not.toContain(TOKEN);
  });

  it("times out with the configured timeout", async () => {
    handler = () => undefined; // never answers
    const client = new RingClient({ address, timeoutMs: 200, env: {} });
    const error = await client.leader().catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(ConsulTimeoutError);
    expect((error as Error).message).toMatch(/^Consul at http:\/\/127\.0\.0\.1:\d+\/v1\/status\/leader did not answer within 200 ms$/);
  });

  it("nothing listening: ConsulUnreachableError", async () => {
    const client = new RingClient({ address: "http://127.0.0.1:1", env: {} });
    const error = await client.members().catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(ConsulUnreachableError);
    expect((error as Error).message).toBe("Consul unreachable at http://127.0.0.1:1/v1/agent/members: connection refused (ECONNREFUSED)");
  });

  it("watchRing: a 503 is retried; a 400 ends the watch with its one-line error instead of asking again for ever", async () => {
    const answers = [text(503, "rate limit exceeded"), text(400, "Cannot specify ?stale with ?consistent, conflicting semantics.")];
    let requests = 0;
    handler = (req, res) => (answers[requests++] ?? text(200, ""))(req, res);
    const client = new RingClient({ address, env: {} });
    const updates: unknown[] = [];
    const error = await (async () => {
      for await (const update of client.watchRing("collectors/ring", { minIntervalMs: 0, backoffMs: { min: 1, max: 4 } })) updates.push(update);
    })().catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(ConsulResponseError);
    expect((error as Error).message).toMatch(/^Consul at http:\/\/127\.0\.0\.1:\d+\/v1\/kv\/collectors\/ring answered HTTP 400: Cannot specify \?stale with \?consistent, conflicting semantics\.$/);
    expect([requests, updates]).toEqual([2, []]);
  });

  describe("close()", () => {
    /** The next request the server receives, held unanswered; resolves with it once it arrives. */
    function holdNext(): Promise<IncomingMessage> {
      return new Promise((resolve) => (handler = (req) => resolve(req)));
    }

    it("abandons a request in flight at once (code closed, not a timeout), refuses later calls and drops the socket", async () => {
      const client = new RingClient({ address, timeoutMs: 120_000, env: {} });
      const held = holdNext();
      const reading = client.readRing().catch((e: unknown) => e);
      const req = await held;
      const socketClosed = once(req.socket, "close");
      client.close();
      const error = await reading;
      expect(error).toBeInstanceOf(RingClientError);
      expect(error).toMatchObject({ code: "closed", key: "collectors/ring" });
      expect((error as Error).message).toMatch(/^ring client closed before http:\/\/127\.0\.0\.1:\d+\/v1\/kv\/collectors\/ring answered$/);
      await socketClosed;
      const before = seen.length;
      await expect(client.leader()).rejects.toMatchObject({ code: "closed" });
      expect(seen.length).toBe(before);
      client.close(); // twice is fine
    });

    it("releases kept-alive sockets: the agent sees the connection close", async () => {
      let socket: IncomingMessage["socket"] | undefined;
      handler = (req, res) => {
        socket = req.socket;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify("172.18.0.2:8300"));
      };
      const client = new RingClient({ address, env: {} });
      expect(await client.leader()).toBe("172.18.0.2:8300");
      expect(socket?.destroyed).toBe(false); // kept alive for the next request
      const socketClosed = once(socket!, "close");
      client.close();
      await socketClosed;
    });

    it("ends a watch waiting in a blocking query, quietly, as aborting its signal does", async () => {
      const client = new RingClient({ address, timeoutMs: 120_000, env: {} });
      const first = kvEntry("collectors/ring", vector("cortex", "three-ingesters").value, 5);
      let blocking: ((req: IncomingMessage) => void) | undefined;
      const blocked = new Promise<IncomingMessage>((resolve) => (blocking = resolve));
      handler = (req, res) => (/[?&]index=5\b/.test(req.url ?? "") ? blocking?.(req) : first(req, res));
      const updates: number[] = [];
      const watching = (async () => {
        for await (const update of client.watchRing("collectors/ring", { waitSeconds: 600, minIntervalMs: 0 })) updates.push(update.ring.instances.length);
      })();
      const req = await blocked;
      expect(req.url).toContain("wait=600s");
      const socketClosed = once(req.socket, "close");
      client.close();
      await watching;
      await socketClosed;
      expect(updates).toEqual([3]);
    });
  });

  it("members, leader and peers as Consul reports them", async () => {
    handler = (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url?.startsWith("/v1/agent/members")) {
        res.end(JSON.stringify([
          { Name: "hash-ring", Addr: "172.18.0.2", Port: 8301, Status: 1, Tags: { role: "consul", dc: "dc1" } },
          { Name: "worker", Addr: "172.18.0.3", Port: 8301, Status: 4, Tags: { role: "node", dc: "dc1" } },
        ]));
      } else if (req.url?.startsWith("/v1/status/leader")) res.end(JSON.stringify(""));
      else res.end(JSON.stringify(["172.18.0.2:8300"]));
    };
    const client = new RingClient({ address, env: {} });
    expect(await client.members()).toEqual([
      { name: "hash-ring", address: "172.18.0.2", port: 8301, status: "alive", role: "server", datacenter: "dc1" },
      { name: "worker", address: "172.18.0.3", port: 8301, status: "failed", role: "client", datacenter: "dc1" },
    ]);
    expect(await client.leader()).toBe("");
    expect(await client.peers()).toEqual(["172.18.0.2:8300"]);
    client.close();
  });
});
