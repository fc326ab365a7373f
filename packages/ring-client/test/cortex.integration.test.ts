/**
 * The ring as real Cortex writes it: ingesters (tools/cortex/cortex.sh builds Cortex from the Go module proxy)
 * register, heartbeat and die against a real Consul agent, while RingClient reads, watches and repairs it.
 * A distributor serves Cortex's own /ring page for the same ring, to compare numbers with.
 */
import Consul from "consul";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InstanceHealthyError, RingClient, decodeRingDesc, encodeRingDesc, type Ring, type RingDesc, type RingUpdate } from "../src/index.js";
import { forgetInstance } from "../src/parts.js";
import { startConsulAgent, type ConsulAgent } from "@cortex-ring/test-support/consul";
import { cortexBinary, readStatusPage, startDistributor, startIngester, type CortexProcess } from "@cortex-ring/test-support/cortex";
import { waitFor } from "@cortex-ring/test-support/processes";

const KEY = "collectors/ring";
// Ingesters heartbeat every second; 4 s without one is unhealthy, here and on the distributor's page.
const HEARTBEAT_TIMEOUT_MS = 4_000;

let consul: ConsulAgent;
let client: RingClient;
let distributor: CortexProcess;
const ingesters: CortexProcess[] = [];
const updates: RingUpdate[] = [];
const watching = new AbortController();
let watchDone: Promise<void>;

interface RawKv {
  kv: { get(o: object): Promise<{ Value: Buffer; ModifyIndex: number } | undefined>; set(o: object): Promise<unknown> };
  destroy(): void;
}
let raw: RawKv;

beforeAll(async () => {
  await cortexBinary(); // builds Cortex on a cold machine (minutes), once
  consul = await startConsulAgent();
  client = new RingClient({ address: consul.address, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS, env: {} });
  raw = new (Consul as unknown as new (o: object) => RawKv)({ baseUrl: `${consul.address}/v1` });
  // Follow the ring from before the first instance registers.
  watchDone = (async () => {
    for await (const update of client.watchRing(KEY, { signal: watching.signal, waitSeconds: 5, minIntervalMs: 100 })) updates.push(update);
  })();
  for (const [i, zone] of ["zone-a", "zone-b", "zone-c"].entries()) {
    ingesters.push(await startIngester({ consulHostPort: consul.hostPort, id: `ingester-${i + 1}`, zone, heartbeatPeriod: "1s", tokens: 128 }));
  }
  distributor = await startDistributor({ consulHostPort: consul.hostPort, id: "distributor-1", heartbeatPeriod: "1s", heartbeatTimeout: `${HEARTBEAT_TIMEOUT_MS / 1000}s` });
}, 30 * 60_000);

afterAll(async () => {
  watching.abort();
  // Each is unset when beforeAll failed before reaching it.
  await (watchDone as Promise<void> | undefined)?.catch(() => undefined);
  await Promise.all([...ingesters.map((p) => p.stop()), (distributor as CortexProcess | undefined)?.stop()]);
  (raw as RawKv | undefined)?.destroy();
  (client as RingClient | undefined)?.close();
  await (consul as ConsulAgent | undefined)?.stop();
}, 60_000);

const ids = (ring: Ring) => ring.instances.map((i) => i.id);
const heartbeatAt = (ring: Ring | undefined, id: string): number => ring?.instances.find((i) => i.id === id)?.lastHeartbeat?.getTime() ?? 0;

/**
 * A set-up write under live heartbeats, done as Cortex's own CAS loop does it: read, change, write with
 * ?cas=<ModifyIndex>, and start over from a fresh read when a heartbeat got in first.
 */
async function updateRing(change: (desc: RingDesc) => void): Promise<void> {
  const attempts = 20;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const current = await raw.kv.get({ key: KEY, buffer: true });
    if (!current) throw new Error(`no ring at ${KEY} to change`);
    const desc = decodeRingDesc(current.Value);
    change(desc);
    // The consul client resolves a lost check-and-set to undefined, not false.
    if ((await raw.kv.set({ key: KEY, value: encodeRingDesc(desc), cas: String(current.ModifyIndex) })) === true) return;
  }
  throw new Error(`set-up could not write ${KEY}: ${attempts} check-and-set attempts in a row lost to heartbeats`);
}

describe("a ring written by real Cortex ingesters", () => {
  it("sees the ingesters join and become ACTIVE, through the watch", async () => {
    await waitFor("three ACTIVE ingesters in the watch", async () => (updates.at(-1)?.ring.countsByState.ACTIVE === 3 ? true : undefined), 60_000);
    const joined = updates.flatMap((u) => u.diff.joined);
    expect(joined).toEqual(["ingester-1", "ingester-2", "ingester-3"]);
    const last = updates.at(-1)!.ring;
    expect(last.instances.map((i) => [i.id, i.zone, i.tokenCount, i.healthy])).toEqual([
      ["ingester-1", "zone-a", 128, true],
      ["ingester-2", "zone-b", 128, true],
      ["ingester-3", "zone-c", 128, true],
    ]);
    expect(last.instances.every((i) => /^127\.0\.0\.1:\d+$/.test(i.address) && i.registeredAt !== null)).toBe(true);
    expect(last.totalTokens).toBe(384);
  }, 90_000);

  it("heartbeats: each ingester's last heartbeat moves forward", async () => {
    const live = ["ingester-1", "ingester-2", "ingester-3"];
    const first = await client.readRing();
    expect(live.map((id) => heartbeatAt(first, id) > 0)).toEqual([true, true, true]);
    // Heartbeats are whole seconds, one a second: each moves past its first reading within a few.
    const second = await waitFor("every ingester's heartbeat to move forward", async () => {
      const ring = await client.readRing();
      return live.every((id) => heartbeatAt(ring, id) > heartbeatAt(first, id)) ? ring : undefined;
    }, 20_000);
    expect(second.modifyIndex).toBeGreaterThan(first.modifyIndex);
  }, 30_000);

  it("ownership, its diff from expected, tokens, states and addresses match Cortex's own /ring page", async () => {
    const page = await readStatusPage(distributor);
    const ring = await client.readRing();
    expect(page.map((row) => row.id)).toEqual(ids(ring));
    for (const row of page) {
      const instance = ring.instances.find((i) => i.id === row.id)!;
      expect({ id: row.id, ownership: instance.ownership, diff: instance.ownershipDiffFromExpected, tokens: instance.tokenCount, state: instance.state, address: instance.address, zone: instance.zone }).toEqual({
        id: row.id,
        ownership: row.ownership,
        diff: row.diffOwnership,
        tokens: row.tokens,
        state: row.state,
        address: row.address,
        zone: row.zone,
      });
    }
    expect(ring.instances.reduce((sum, i) => sum + i.ownership, 0)).toBeCloseTo(100, 9);
  }, 30_000);

  it("discovers the ingester ring and the distributors' ring", async () => {
    const rings = await client.discoverRings();
    expect(rings.map((r) => r.key)).toEqual(["collectors/distributor", "collectors/ring"]);
    expect(ids(rings[0]!)).toEqual(["distributor-1"]);
  }, 30_000);

  it("a killed ingester goes unhealthy (watch and Cortex's page agree), then is forgotten", async () => {
    const victim = ingesters[2]!;
    await victim.kill();
    await waitFor("ingester-3 to go unhealthy in the watch", async () => (updates.some((u) => u.diff.becameUnhealthy.includes("ingester-3")) ? true : undefined), 30_000);
    const ring = await client.readRing();
    expect(ring.unhealthy).toEqual(["ingester-3"]);
    expect(ring.instances.find((i) => i.id === "ingester-3")!.heartbeatAgeSeconds).toBeGreaterThanOrEqual(HEARTBEAT_TIMEOUT_MS / 1000);
    await waitFor("Cortex's /ring page to call it Unhealthy", async () => ((await readStatusPage(distributor)).find((r) => r.id === "ingester-3")?.state === "Unhealthy" ? true : undefined), 15_000);

    await expect(client.forget(KEY, "ingester-1")).rejects.toThrow(InstanceHealthyError);
    const outcome = await client.forget(KEY, "ingester-3");
    expect(outcome.removed).toBe(true);
    await waitFor("the watch to see ingester-3 leave", async () => (updates.some((u) => u.diff.left.includes("ingester-3")) ? true : undefined), 15_000);
    expect(ids(await client.readRing())).toEqual(["ingester-1", "ingester-2"]);
    await waitFor("Cortex's page to drop it too", async () => ((await readStatusPage(distributor)).some((r) => r.id === "ingester-3") ? undefined : true), 15_000);
  }, 90_000);

  it("a forget that loses the race to a live heartbeat retries, and the heartbeat survives", async () => {
    // A ghost that never heartbeated (mimir #13810), added next to the live ingesters.
    await updateRing((desc) => {
      desc.ingesters.ghost = { ...desc.ingesters["ingester-1"]!, addr: "10.9.9.9:9095", timestamp: 0, tokens: [7, 77, 777] };
    });

    // The store holds its first write until a real Cortex heartbeat has landed after its read.
    let readIndex = 0;
    let interfering: Ring | undefined;
    const outcome = await forgetInstance(
      {
        endpoint: (k) => `${consul.address}/v1/kv/${k}`,
        heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS,
        read: async (k) => {
          const entry = await raw.kv.get({ key: k, buffer: true });
          readIndex = entry?.ModifyIndex ?? 0;
          return entry ? { key: k, value: entry.Value, modifyIndex: entry.ModifyIndex } : null;
        },
        decode: (k, value) => decodeRingDesc(value, k),
        encode: encodeRingDesc,
        checkAndSet: async (k, value, modifyIndex) => {
          interfering ??= await waitFor("a heartbeat to land", async () => {
            const ring = await client.readRing();
            return ring.modifyIndex > readIndex ? ring : undefined;
          }, 10_000);
          return (await raw.kv.set({ key: k, value, cas: String(modifyIndex) })) === true;
        },
      },
      KEY,
      "ghost",
    );
    // The first attempt lost to the heartbeat; a later one may lose to the next heartbeat too.
    expect(outcome.removed).toBe(true);
    expect(outcome.attempts).toBeGreaterThanOrEqual(2);
    const after = await client.readRing();
    expect(ids(after)).toEqual(["ingester-1", "ingester-2"]);
    for (const id of ["ingester-1", "ingester-2"]) {
      const landed = interfering!.instances.find((i) => i.id === id)!.lastHeartbeat!.getTime();
      expect(after.instances.find((i) => i.id === id)!.lastHeartbeat!.getTime(), id).toBeGreaterThanOrEqual(landed);
    }
  }, 60_000);

  it("forgets under live heartbeats never move a heartbeat backwards or drop a live ingester", async () => {
    // Twenty ghosts, forgotten one by one while two ingesters write a heartbeat every second.
    await updateRing((desc) => {
      for (let g = 0; g < 20; g++) desc.ingesters[`ghost-${g}`] = { ...desc.ingesters["ingester-1"]!, addr: "", timestamp: 0, tokens: [1000 + g] };
    });
    const seenFrom = updates.length;
    let attempts = 0;
    for (let g = 0; g < 20; g++) {
      const outcome = await client.forget(KEY, `ghost-${g}`);
      expect(outcome.removed).toBe(true);
      attempts += outcome.attempts;
      if (g % 4 === 3) {
        // Every four forgets, until the watch has seen a newer heartbeat: live writes land between the forgets.
        const seen = heartbeatAt(updates.at(-1)?.ring, "ingester-1");
        await waitFor("a heartbeat between the forgets", async () => (heartbeatAt(updates.at(-1)?.ring, "ingester-1") > seen ? true : undefined), 15_000);
      }
    }
    const after = await client.readRing();
    expect(ids(after)).toEqual(["ingester-1", "ingester-2"]);
    // Every version the watch saw meanwhile: live heartbeats only ever move forward.
    expect(updates.length - seenFrom).toBeGreaterThanOrEqual(5);
    const last = new Map<string, number>();
    for (const { ring } of updates.slice(seenFrom)) {
      for (const id of ["ingester-1", "ingester-2"]) {
        const at = ring.instances.find((i) => i.id === id)?.lastHeartbeat?.getTime();
        expect(at, `${id} at index ${ring.modifyIndex}`).toBeDefined();
        expect(at!, `${id} at index ${ring.modifyIndex}`).toBeGreaterThanOrEqual(last.get(id) ?? 0);
        last.set(id, at!);
      }
    }
    expect(attempts).toBeGreaterThanOrEqual(20);
  }, 120_000);
});
