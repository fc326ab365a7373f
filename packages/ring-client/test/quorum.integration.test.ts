/**
 * The verdict against the decision it predicts: real Cortex ingesters (RF 3) in a real Consul agent, and a real
 * distributor taking remote writes. While the verdict says ok or degraded the distributor accepts a write; once
 * it says broken, the distributor refuses it for want of live replicas. Then the policy forget clears the dead
 * and twenty ghosts while two live ingesters heartbeat, and no heartbeat is lost in any version of the ring.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RingClient, decodeRingDesc, encodeRingDesc, judgeRing, type RingUpdate, type RingVerdict } from "../src/index.js";
import { forgetUnhealthy, type ForgetStore } from "../src/parts.js";
import { startConsulAgent, type ConsulAgent } from "@cortex-ring/test-support/consul";
import { cortexBinary, startDistributor, startIngester, type CortexProcess } from "@cortex-ring/test-support/cortex";
import { waitFor } from "@cortex-ring/test-support/processes";
import { encodeWriteRequest, REMOTE_WRITE_HEADERS } from "@cortex-ring/test-support/remote-write";

const KEY = "collectors/ring";
const HEARTBEAT_TIMEOUT_MS = 6_000;

let consul: ConsulAgent;
let client: RingClient;
let distributor: CortexProcess;
const ingesters = new Map<string, CortexProcess>();

async function push(series: number): Promise<{ status: number; body: string }> {
  const body = encodeWriteRequest(
    Array.from({ length: series }, (_, i) => ({ labels: [{ name: "__name__", value: "quorum_probe" }, { name: "series", value: String(i) }], samples: [{ value: i, timestamp: Date.now() }] })),
  );
  const response = await fetch(`http://127.0.0.1:${distributor.httpPort}/api/v1/push`, {
    method: "POST",
    headers: { ...REMOTE_WRITE_HEADERS, "X-Scope-OrgID": "quorum-test" },
    body,
  });
  return { status: response.status, body: await response.text() };
}

async function verdict(): Promise<RingVerdict> {
  return judgeRing(await client.readSnapshot(KEY), { heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS }).verdict;
}

const start = async (id: string) => ingesters.set(id, await startIngester({ consulHostPort: consul.hostPort, id, heartbeatPeriod: "1s", tokens: 64 }));

beforeAll(async () => {
  await cortexBinary();
  consul = await startConsulAgent();
  client = new RingClient({ address: consul.address, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS, env: {} });
  await Promise.all(["ingester-1", "ingester-2", "ingester-3"].map(start));
  distributor = await startDistributor({ consulHostPort: consul.hostPort, id: "distributor-1", heartbeatTimeout: `${HEARTBEAT_TIMEOUT_MS / 1000}s` });
  await waitFor("three healthy ACTIVE ingesters", async () => ((await client.readRing(KEY)).countsByState.ACTIVE === 3 ? true : undefined), 60_000);
}, 30 * 60_000);

afterAll(async () => {
  // Each is unset when beforeAll failed before reaching it.
  await Promise.all([...ingesters.values()].map((p) => p.stop()));
  await (distributor as CortexProcess | undefined)?.stop();
  (client as RingClient | undefined)?.close();
  await (consul as ConsulAgent | undefined)?.stop();
}, 60_000);

describe("the verdict and Cortex's distributor agree", () => {
  it("ok: the distributor takes the write", async () => {
    expect((await verdict()).status).toBe("ok");
    expect(await push(20)).toMatchObject({ status: 200 });
  }, 30_000);

  it("one ingester killed, degraded: the distributor still takes it", async () => {
    await ingesters.get("ingester-1")!.kill();
    await waitFor("a degraded verdict", async () => ((await verdict()).status === "degraded" ? true : undefined), 30_000);
    expect(await push(20)).toMatchObject({ status: 200 });
  }, 60_000);

  it("two killed, broken: the distributor refuses it, short of live replicas", async () => {
    await ingesters.get("ingester-2")!.kill();
    await waitFor("a broken verdict", async () => ((await verdict()).status === "broken" ? true : undefined), 30_000);
    // The distributor follows the ring through a rate-limited watch: give it a few seconds to see the same ring
    // and refuse in its Filter (before that it may fail the write on the dead ingesters' RPCs instead).
    const refused = await waitFor("the distributor to refuse a write for want of live replicas", async () => {
      const answer = await push(20);
      return answer.body.includes("live replicas required") ? answer : undefined;
    }, 10_000);
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(refused.body).toContain("at least 2 live replicas required, could only find 1");
  }, 60_000);
});

/**
 * The ring in Consul as forgetUnhealthy's store, over plain HTTP; the first check-and-set of every fifth removal
 * waits until a live ingester's heartbeat has been written after the read it is based on, so it loses the race.
 */
function racingStore(): ForgetStore {
  const url = `${consul.address}/v1/kv/${KEY}`;
  let readIndex = 0;
  let removed = 0;
  let heldAt = -1;
  return {
    endpoint: () => url,
    heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS,
    async read(key) {
      const [entry] = (await (await fetch(url)).json()) as { Value: string; ModifyIndex: number }[];
      if (!entry) return null;
      readIndex = entry.ModifyIndex;
      return { key, value: Buffer.from(entry.Value, "base64"), modifyIndex: entry.ModifyIndex };
    },
    decode: (key, value) => decodeRingDesc(value, key),
    encode: encodeRingDesc,
    async checkAndSet(_key, value, modifyIndex) {
      if (removed % 5 === 0 && heldAt !== removed) {
        heldAt = removed;
        const basedOn = readIndex;
        await waitFor("a heartbeat to land", async () => ((await client.readRing(KEY)).modifyIndex > basedOn ? true : undefined), 10_000);
      }
      const applied = (await (await fetch(`${url}?cas=${modifyIndex}`, { method: "PUT", body: value })).text()).trim() === "true";
      if (applied) removed++;
      return applied;
    },
  };
}

describe("forgetUnhealthy under live heartbeats", () => {
  it("removes the dead and twenty ghosts, one CAS each; a removal that loses to a heartbeat retries; heartbeats only move forward", async () => {
    await start("ingester-4");
    await waitFor("ingester-4 ACTIVE", async () => ((await client.readRing(KEY)).instances.some((i) => i.id === "ingester-4" && i.state === "ACTIVE") ? true : undefined), 60_000);
    const longDead = (age: number | null | undefined) => (age ?? 0) * 1000 > HEARTBEAT_TIMEOUT_MS + 2_000;
    await waitFor("the killed ingesters unhealthy for over a second", async () => {
      const { instances } = await client.readRing(KEY);
      return ["ingester-1", "ingester-2"].every((id) => longDead(instances.find((i) => i.id === id)?.heartbeatAgeSeconds)) ? true : undefined;
    }, 30_000);
    // Ghosts (mimir #13810): entries that never heartbeated, added by check-and-set next to the live ingesters.
    await waitFor("the ghosts written", async () => {
      const { desc, ring } = await client.readSnapshot(KEY);
      for (let g = 0; g < 20; g++) desc.ingesters[`ghost-${g}`] = { ...desc.ingesters["ingester-3"]!, addr: "", timestamp: 0, tokens: [1000 + g] };
      const answer = await fetch(`${consul.address}/v1/kv/${KEY}?cas=${ring.modifyIndex}`, { method: "PUT", body: encodeRingDesc(desc) });
      return (await answer.text()).trim() === "true" ? true : undefined;
    }, 10_000);

    const updates: RingUpdate[] = [];
    const watching = new AbortController();
    const watched = (async () => {
      for await (const update of client.watchRing(KEY, { signal: watching.signal, waitSeconds: 5, minIntervalMs: 0 })) updates.push(update);
    })();
    await waitFor("the watch to start", async () => (updates.length > 0 ? true : undefined), 10_000);
    try {
      const result = await forgetUnhealthy(racingStore(), KEY, { unhealthyForMs: 1_000, quorum: { replicationFactor: 3 } });
      expect([result.refused, result.skipped, result.after?.status]).toEqual([null, [], "degraded"]);
      expect(result.removed.map((r) => r.id).sort()).toEqual([...Array.from({ length: 20 }, (_, g) => `ghost-${g}`), "ingester-1", "ingester-2"].sort());
      // Every fifth removal was held until a live heartbeat had landed after its read: it lost that race and retried.
      expect(result.removed.filter((_, n) => n % 5 === 0).every((r) => r.attempts >= 2)).toBe(true);
      await waitFor("the watch to see the last removal", async () => (updates.at(-1)?.ring.instances.length === 2 ? true : undefined), 15_000);
    } finally {
      watching.abort();
      await watched.catch(() => undefined);
    }
    const last = new Map<string, number>();
    for (const { ring } of updates) {
      for (const id of ["ingester-3", "ingester-4"]) {
        const at = ring.instances.find((i) => i.id === id)?.lastHeartbeat?.getTime();
        expect(at, `${id} at index ${ring.modifyIndex}`).toBeDefined();
        expect(at!, `${id} at index ${ring.modifyIndex}`).toBeGreaterThanOrEqual(last.get(id) ?? 0);
        last.set(id, at!);
      }
    }
    expect((await client.readRing(KEY)).instances.map((i) => [i.id, i.healthy])).toEqual([["ingester-3", true], ["ingester-4", true]]);
  }, 120_000);
});
