/** RingClient against a real Consul agent (tools/stack/consul.sh) on loopback, with ring values Cortex wrote. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AclDeniedError,
  ConsulUnreachableError,
  KeyMissingError,
  NoLeaderError,
  NotARingError,
  RingClient,
  decodeRingDesc,
  encodeRingDesc,
  type RingUpdate,
} from "../src/index.js";
import { putRaw as put, startConsulAgent, startConsulAgents, type ConsulAgent } from "@cortex-ring/test-support/consul";
import { vector } from "./support/fixtures.js";

const MANAGEMENT_TOKEN = "9f2b3c4d-ring-client-management-token";
let agent: ConsulAgent;
let aclAgent: ConsulAgent;
let leaderless: ConsulAgent;

beforeAll(async () => {
  [agent, aclAgent, leaderless] = await startConsulAgents({}, { managementToken: MANAGEMENT_TOKEN }, { leaderless: true });
}, 120_000);
afterAll(async () => {
  // Unset when beforeAll failed.
  await Promise.all(([agent, aclAgent, leaderless] as (ConsulAgent | undefined)[]).flatMap((a) => (a ? [a.stop()] : [])));
});

function client(target: ConsulAgent, options: ConstructorParameters<typeof RingClient>[0] = {}): RingClient {
  return new RingClient({ address: target.address, env: {}, ...options });
}

describe("Consul itself", () => {
  it("members, leader and peers of a one-server dev agent", async () => {
    const c = client(agent);
    const [members, leader, peers] = [await c.members(), await c.leader(), await c.peers()];
    c.close();
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ address: "127.0.0.1", status: "alive", role: "server", datacenter: "dc1" });
    expect(leader).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(peers).toEqual([leader]);
  });

  it("a server still waiting for its peers: leader() is empty and ring reads fail with NoLeaderError", async () => {
    const c = client(leaderless);
    expect(await c.leader()).toBe("");
    const error = await c.readRing().catch((e: unknown) => e);
    c.close();
    expect(error).toBeInstanceOf(NoLeaderError);
    expect((error as Error).message).toBe(`Consul at ${leaderless.address}/v1/kv/collectors/ring has no cluster leader yet (HTTP 500)`);
  }, 30_000); // Consul holds the read ~7 s hoping for a leader before it answers 500

  it("nothing listening any more: ConsulUnreachableError naming the endpoint", async () => {
    const gone = await startConsulAgent();
    await gone.stop();
    const c = client(gone);
    const error = await c.members().catch((e: unknown) => e);
    c.close();
    expect(error).toBeInstanceOf(ConsulUnreachableError);
    expect((error as Error).message).toBe(`Consul unreachable at ${gone.address}/v1/agent/members: connection refused (ECONNREFUSED)`);
  });
});

describe("reading rings", () => {
  it("decodes a ring Cortex's codec wrote, stored in Consul byte for byte", async () => {
    const v = vector("cortex", "states-and-health");
    await put(agent, "collectors/ring", v.value);
    const c = client(agent, { heartbeatTimeoutMs: 0 });
    const ring = await c.readRing();
    c.close();
    expect(ring.key).toBe("collectors/ring");
    expect(ring.instances.map((i) => [i.id, i.state, i.tokenCount])).toEqual(
      Object.entries(v.instances)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([id, i]) => [id, i.state, i.tokens?.length ?? 0]),
    );
    expect(ring.instances.map((i) => i.ownership)).toEqual(v.statusPage!.map((row) => Number(row.ownership)));
    expect(ring.modifyIndex).toBeGreaterThan(0);
  });

  it("a key that is not there: KeyMissingError; a value that is not a ring: NotARingError", async () => {
    const c = client(agent);
    await expect(c.readRing("collectors/nothing-here")).rejects.toThrow(KeyMissingError);
    await put(agent, "collectors/garbage", Buffer.from("this is not snappy"));
    const error = await c.readRing("collectors/garbage").catch((e: unknown) => e);
    c.close();
    expect(error).toBeInstanceOf(NotARingError);
    expect((error as Error).message).toMatch(/^value at collectors\/garbage is not a Cortex ring \(not snappy-compressed: /);
  });

  it("discovers rings under every Cortex prefix, skipping values that are not rings", async () => {
    await put(agent, "collectors/ring", vector("cortex", "three-ingesters").value);
    await put(agent, "collectors/store-gateway", vector("dskit", "dskit-fields").value);
    await put(agent, "rulers/ring", vector("cortex", "single-token").value);
    await put(agent, "alertmanagers/alertmanager", vector("cortex", "zones").value);
    await put(agent, "collectors/ha-tracker-notes", Buffer.from("{}"));
    const c = client(agent);
    const rings = await c.discoverRings();
    const only = await c.discoverRings(["rulers/"]);
    c.close();
    expect(rings.map((r) => r.key)).toEqual(["alertmanagers/alertmanager", "collectors/ring", "collectors/store-gateway", "rulers/ring"]);
    expect(rings.find((r) => r.key === "collectors/store-gateway")!.instances.find((i) => i.id === "store-gateway-2")!.readOnly).toBe(true);
    expect(only.map((r) => r.key)).toEqual(["rulers/ring"]);
  });

  it("a corrupt value at a well-known ring key fails discovery instead of hiding the ring", async () => {
    const isolated = await startConsulAgent();
    try {
      await put(isolated, "collectors/distributor", Buffer.from("corrupt"));
      const c = client(isolated);
      const error = await c.discoverRings().catch((e: unknown) => e);
      c.close();
      expect(error).toBeInstanceOf(NotARingError);
      expect((error as Error).message).toContain("collectors/distributor");
    } finally {
      await isolated.stop();
    }
  });
});

describe("ACLs", () => {
  it("no token: AclDeniedError (403) naming the endpoint", async () => {
    const c = client(aclAgent);
    const error = await c.readRing().catch((e: unknown) => e);
    c.close();
    expect(error).toBeInstanceOf(AclDeniedError);
    expect((error as Error).message).toMatch(new RegExp(`^Consul ACL denied ${aclAgent.address}/v1/kv/collectors/ring \\(HTTP 403: .+\\); check CONSUL_HTTP_TOKEN$`));
  });

  it("a wrong token from CONSUL_HTTP_TOKEN: denied, and the token never printed", async () => {
    const wrong = "00000000-dead-beef-0000-wrongtoken00";
    const c = new RingClient({ address: aclAgent.address, env: { CONSUL_HTTP_TOKEN: wrong } });
    const error = await c.readRing().catch((e: unknown) => e);
    c.close();
    expect(error).toBeInstanceOf(AclDeniedError);
    expect((error as Error).message).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong);
  });

  it("the right token reads the ring", async () => {
    await put(aclAgent, "collectors/ring", vector("cortex", "wraparound").value, MANAGEMENT_TOKEN);
    const c = new RingClient({ address: aclAgent.address, env: { CONSUL_HTTP_TOKEN: MANAGEMENT_TOKEN } });
    const ring = await c.readRing();
    c.close();
    expect(ring.instances.map((i) => i.id)).toEqual(["high", "low"]);
  });
});

describe("watch and forget on a real agent", () => {
  it("a blocking query answers as soon as the ring changes", async () => {
    const key = "collectors/watched";
    const base = decodeRingDesc(vector("cortex", "three-ingesters").value);
    await put(agent, key, encodeRingDesc(base));
    const c = client(agent, { heartbeatTimeoutMs: 0 });
    const controller = new AbortController();
    const updates: { update: RingUpdate; at: number }[] = [];
    let changedAt = 0;
    for await (const update of c.watchRing(key, { signal: controller.signal, waitSeconds: 30, minIntervalMs: 0 })) {
      updates.push({ update, at: Date.now() });
      if (updates.length === 1) {
        const { ["ingester-3"]: _gone, ...rest } = base.ingesters;
        changedAt = Date.now();
        await put(agent, key, encodeRingDesc({ ingesters: rest }));
      } else controller.abort();
    }
    c.close();
    expect(updates[1]!.update.diff.left).toEqual(["ingester-3"]);
    expect(updates[1]!.at - changedAt).toBeLessThan(5_000);
  });

  it("forget: check-and-set removes the instance; a healthy one is refused", async () => {
    const key = "collectors/forget-me";
    const now = Math.floor(Date.now() / 1000);
    const base = decodeRingDesc(vector("cortex", "three-ingesters").value);
    base.ingesters["ingester-1"]!.timestamp = now;
    base.ingesters["ingester-2"]!.timestamp = now - 3600;
    await put(agent, key, encodeRingDesc(base));
    const c = client(agent);
    await expect(c.forget(key, "ingester-1")).rejects.toMatchObject({ code: "instance-healthy" });
    expect(await c.forget(key, "ingester-2")).toEqual({ removed: true, attempts: 1 });
    expect(await c.forget(key, "ingester-2")).toEqual({ removed: false, attempts: 1 });
    const ring = await c.readRing(key);
    c.close();
    expect(ring.instances.map((i) => i.id)).toEqual(["ingester-1", "ingester-3"]);
  });
});
