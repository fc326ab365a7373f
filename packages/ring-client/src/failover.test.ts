/**
 * A client given every server's address keeps answering while one server is down, cut off or without a leader,
 * and never sends a write twice. Local HTTP servers answer as Consul does; the real cluster is in
 * test/failover.integration.test.ts.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vector } from "../test/support/fixtures.js";
import { RingClient } from "./client.js";
import { AclDeniedError, ConsulUnreachableError, NoLeaderError } from "./errors.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface FakeServer {
  address: string;
  hits: string[];
  handler: Handler;
  server: Server;
}

const ring = vector("cortex", "three-ingesters").value;
const okRing: Handler = (_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "x-consul-index": "9" });
  res.end(JSON.stringify([{ Key: "collectors/ring", Value: ring.toString("base64"), ModifyIndex: 9 }]));
};
const noLeader: Handler = (_req, res) => {
  res.writeHead(500, { "content-type": "text/plain" });
  res.end("No cluster leader");
};
/** Accepts the request, then drops the connection without an answer (a server dying mid-request). */
const reset: Handler = (req) => req.socket.destroy();

const servers: FakeServer[] = [];
/** An address where nothing listens. */
let refused = "";

async function fakeServer(): Promise<FakeServer> {
  const fake: FakeServer = { address: "", hits: [], handler: okRing, server: createServer((req, res) => {
    fake.hits.push(`${req.method ?? ""} ${req.url ?? ""}`);
    fake.handler(req, res);
  }) };
  fake.server.listen(0, "127.0.0.1");
  await once(fake.server, "listening");
  fake.address = `http://127.0.0.1:${(fake.server.address() as { port: number }).port}`;
  return fake;
}

beforeAll(async () => {
  servers.push(await fakeServer(), await fakeServer());
  const gone = await fakeServer();
  refused = gone.address;
  gone.server.close();
});
afterAll(() => {
  for (const s of servers) {
    s.server.closeAllConnections();
    s.server.close();
  }
});

function answerNormally(): void {
  for (const s of servers) {
    s.hits = [];
    s.handler = okRing;
  }
}

describe("RingClient with several servers' addresses", () => {
  it("skips a server that refuses connections, then keeps using the one that answered", async () => {
    answerNormally();
    const [a] = servers;
    const client = new RingClient({ addresses: [refused, a!.address], env: {} });
    expect((await client.readRing()).instances).toHaveLength(3);
    expect(client.address).toBe(a!.address);
    await client.readRing();
    client.close();
    expect(a!.hits).toHaveLength(2);
  });

  it("moves on from a server without a leader (a partitioned minority, an election)", async () => {
    answerNormally();
    const [a, b] = servers;
    a!.handler = noLeader;
    const client = new RingClient({ addresses: [a!.address, b!.address], env: {} });
    expect((await client.readRing()).instances).toHaveLength(3);
    client.close();
    expect([a!.hits.length, b!.hits.length]).toEqual([1, 1]);
  });

  it("when no server can answer, throws the last one's error, naming its endpoint", async () => {
    answerNormally();
    const [a, b] = servers;
    a!.handler = noLeader;
    b!.handler = noLeader;
    const client = new RingClient({ addresses: [refused, a!.address, b!.address], env: {} });
    const error = await client.readRing().catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(NoLeaderError);
    expect((error as Error).message).toBe(`Consul at ${b!.address}/v1/kv/collectors/ring has no cluster leader yet (HTTP 500)`);
  });

  it("an ACL denial is the cluster's answer: no other server is asked", async () => {
    answerNormally();
    const [a, b] = servers;
    a!.handler = (_req, res) => {
      res.writeHead(403);
      res.end("Permission denied");
    };
    const client = new RingClient({ addresses: [a!.address, b!.address], env: {} });
    await expect(client.readRing()).rejects.toBeInstanceOf(AclDeniedError);
    client.close();
    expect(b!.hits).toEqual([]);
  });

  it("a read whose connection dropped mid-request goes to the next server; a write does not (it may have been applied)", async () => {
    answerNormally();
    const [a, b] = servers;
    a!.handler = reset;
    const reader = new RingClient({ addresses: [a!.address, b!.address], env: {} });
    expect((await reader.readRing()).instances).toHaveLength(3);
    reader.close();

    answerNormally();
    a!.handler = (req, res) => (req.method === "PUT" ? reset(req, res) : okRing(req, res));
    const writer = new RingClient({ addresses: [a!.address, b!.address], env: {}, heartbeatTimeoutMs: 0 });
    const error = await writer.forget("collectors/ring", "ingester-1", { force: true }).catch((e: unknown) => e);
    writer.close();
    expect(error).toBeInstanceOf(ConsulUnreachableError);
    expect(b!.hits.filter((hit) => hit.startsWith("PUT"))).toEqual([]);
  });

  it("a write refused before it was sent goes to the next server", async () => {
    answerNormally();
    const [b] = servers.slice(1);
    b!.handler = (req, res) => {
      if (req.method !== "PUT") {
        okRing(req, res);
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("true");
    };
    const writer = new RingClient({ addresses: [refused, b!.address], env: {}, heartbeatTimeoutMs: 0 });
    expect(await writer.forget("collectors/ring", "ingester-1", { force: true })).toEqual({ removed: true, attempts: 1 });
    writer.close();
  });

  it("a denied write is an AclDeniedError with access: write (a read-only token)", async () => {
    answerNormally();
    const [a] = servers;
    a!.handler = (req, res) => {
      if (req.method !== "PUT") {
        okRing(req, res);
        return;
      }
      res.writeHead(403);
      res.end("Permission denied: token lacks permission 'key:write' on \"collectors/ring\"");
    };
    const writer = new RingClient({ address: a!.address, env: {}, heartbeatTimeoutMs: 0 });
    const error = await writer.forget("collectors/ring", "ingester-1", { force: true }).catch((e: unknown) => e);
    writer.close();
    expect(error).toBeInstanceOf(AclDeniedError);
    expect((error as AclDeniedError).access).toBe("write");
  });
});
