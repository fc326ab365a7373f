/**
 * The consistency modes against real Consul servers, judged by what the servers observably do with them:
 * - `consistent`: the leader confirms its leadership with a quorum before each read; Consul counts those
 *   confirmations in its `consul.rpc.consistentRead` metric, which `default` and `stale` reads leave alone.
 * - `stale`: a server answers from its own copy even when the cluster has lost its leader (quorum lost), where
 *   `default` and `consistent` reads fail with NoLeaderError.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NoLeaderError, RingClient, type Consistency, type Ring, type RingClientOptions } from "../src/index.js";
import { putRaw, startConsulAgent, startConsulServers, type ConsulAgent } from "@cortex-ring/test-support/consul";
import { vector } from "./support/fixtures.js";
import { waitFor } from "@cortex-ring/test-support/processes";

const KEY = "collectors/ring";
const instanceIds = (ring: Ring) => ring.instances.map((i) => i.id);

async function withClient<T>(options: RingClientOptions, use: (c: RingClient) => Promise<T>): Promise<T> {
  const c = new RingClient({ env: {}, heartbeatTimeoutMs: 0, ...options });
  try {
    return await use(c);
  } finally {
    c.close();
  }
}

describe("consistent reads make the leader verify its leadership; default and stale reads do not", () => {
  let agent: ConsulAgent;

  /** How many leadership confirmations the server has done so far (Prometheus summary count). */
  async function leadershipChecks(): Promise<number> {
    const text = await (await fetch(`${agent.address}/v1/agent/metrics?format=prometheus`)).text();
    return Number(/^consul_rpc_consistentRead_count (\d+)$/m.exec(text)?.[1] ?? 0);
  }

  beforeAll(async () => {
    agent = await startConsulAgent({ metrics: true });
    await putRaw(agent, KEY, vector("cortex", "three-ingesters").value);
    // The agent makes a few consistent reads of its own while it starts; count only once they are over.
    let last = -1;
    await waitFor("the agent's own consistent reads to settle", async () => {
      const now = await leadershipChecks();
      const settled = now === last;
      last = now;
      return settled ? true : (await sleep(1_000), undefined);
    }, 30_000, agent.process.output);
  }, 60_000);
  afterAll(async () => {
    await (agent as ConsulAgent | undefined)?.stop(); // unset when beforeAll failed
  });

  /**
   * Reads the ring, discovers rings (one read per default prefix), takes a watch's first snapshot (one read) and
   * forgets an absent instance (one read).
   */
  async function readEverything(consistency: Consistency): Promise<{ checks: number; ring: string[]; discovered: string[] }> {
    const before = await leadershipChecks();
    const { ring, discovered } = await withClient({ address: agent.address, consistency }, async (c) => {
      const ring = await c.readRing();
      const discovered = await c.discoverRings();
      const watching = new AbortController();
      for await (const update of c.watchRing(KEY, { signal: watching.signal })) {
        expect(instanceIds(update.ring)).toEqual(instanceIds(ring));
        watching.abort();
      }
      expect(await c.forget(KEY, "nobody-by-this-name")).toEqual({ removed: false, attempts: 1 });
      return { ring, discovered };
    });
    return { checks: (await leadershipChecks()) - before, ring: instanceIds(ring), discovered: discovered.map((r) => r.key) };
  }

  it.each([
    // readRing + discoverRings' 3 prefixes + the watch's first read + forget's read
    ["consistent", 6],
    ["default", 0],
    // forget never reads stale, and reads `default` for a stale client: no leadership check either
    ["stale", 0],
  ] as const)("%s: the same ring, %i leadership checks", async (consistency, checks) => {
    expect(await readEverything(consistency)).toEqual({ checks, ring: ["ingester-1", "ingester-2", "ingester-3"], discovered: [KEY] });
  });
});

describe("a cluster that lost its quorum: stale reads still answer, default and consistent ones cannot", () => {
  let servers: ConsulAgent[] = [];
  let survivor: ConsulAgent;
  beforeAll(async () => {
    servers = await startConsulServers(2);
    survivor = servers[0]!;
    await putRaw(survivor, KEY, vector("cortex", "zones").value);
    // Both servers must hold the value before one goes: after that nothing new can be committed.
    await Promise.all(
      servers.map((s) => waitFor(`${KEY} replicated to ${s.address}`, async () => ((await fetch(`${s.address}/v1/kv/${KEY}?stale`)).ok ? true : undefined), 10_000)),
    );
    await servers[1]!.process.stop("SIGKILL"); // a crash: the server does not leave the Raft configuration
    await waitFor("the surviving server to lose its leader", async () => ((await (await fetch(`${survivor.address}/v1/status/leader`)).json()) === "" ? true : undefined), 30_000);
  }, 90_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it("stale: the ring from the surviving server's own copy", async () => {
    const { leader, ring, discovered } = await withClient({ address: survivor.address, consistency: "stale" }, async (c) => ({
      leader: await c.leader(),
      ring: await c.readRing(),
      discovered: await c.discoverRings(),
    }));
    expect(leader).toBe("");
    expect(instanceIds(ring)).toEqual(["ingester-zone-a-1", "ingester-zone-a-2", "ingester-zone-b-1", "ingester-zone-b-2", "ingester-zone-c-1", "ingester-zone-c-2"]);
    expect(discovered.map((r) => r.key)).toEqual([KEY]);
  });

  // Consul holds each read up to its RPC hold timeout (7 s) hoping for a leader before it answers 500.
  it.concurrent.each(["default", "consistent"] as const)(
    "%s: NoLeaderError naming the endpoint",
    async (consistency) => {
      const error = await withClient({ address: survivor.address, consistency, timeoutMs: 30_000 }, (c) => c.readRing()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NoLeaderError);
      expect((error as Error).message).toBe(`Consul at ${survivor.address}/v1/kv/${KEY} has no cluster leader yet (HTTP 500)`);
    },
    40_000,
  );
});
