import { describe, expect, it } from "vitest";
import { fakeStore } from "../test/support/fake-store.js";
import { ringDesc } from "../test/support/instances.js";
import { forgetUnhealthy } from "./forget-unhealthy.js";

const KEY = "collectors/ring";
const TEN_MINUTES = 600_000;
const ago = (seconds: number) => Math.floor(Date.now() / 1000) - seconds;
const quorum = { replicationFactor: 3 };

/** live-1..3 heartbeat now; recent died 90 s ago (unhealthy for 30 s); old died 20 min ago; ghost never heartbeated. */
const cluster = () =>
  ringDesc({
    "live-1": { timestamp: ago(1), tokens: [100] },
    "live-2": { timestamp: ago(2), tokens: [200] },
    "live-3": { timestamp: ago(3), tokens: [300] },
    recent: { timestamp: ago(90), tokens: [400] },
    old: { timestamp: ago(1200), tokens: [500] },
    ghost: { timestamp: 0, tokens: [600] },
  });

describe("forgetUnhealthy", () => {
  it("removes every instance unhealthy for longer than the period, one check-and-set each, and nothing else", async () => {
    const store = fakeStore(cluster());
    const result = await forgetUnhealthy(store, KEY, { unhealthyForMs: TEN_MINUTES, quorum });
    expect(result.candidates).toEqual([{ id: "ghost", heartbeatAgeSeconds: null }, { id: "old", heartbeatAgeSeconds: expect.closeTo(1200, 0) as number }]);
    expect(result.removed).toEqual([{ id: "ghost", attempts: 1 }, { id: "old", attempts: 1 }]);
    expect([result.refused, result.after?.status]).toEqual([null, "degraded"]);
    expect(Object.keys(store.value().ingesters).sort()).toEqual(["live-1", "live-2", "live-3", "recent"]);
    expect(store.writes).toBe(2);
  });

  it("a dry run says what it would remove and writes nothing", async () => {
    const store = fakeStore(cluster());
    const result = await forgetUnhealthy(store, KEY, { unhealthyForMs: TEN_MINUTES, quorum, dryRun: true });
    expect([result.dryRun, result.candidates.map((c) => c.id), result.removed, store.writes]).toEqual([true, ["ghost", "old"], [], 0]);
  });

  it("refuses when the ring left behind would lack quorum; --force removes them anyway", async () => {
    const desc = ringDesc({ "live-1": { timestamp: ago(1), tokens: [100] }, "dead-1": { timestamp: ago(1200), tokens: [200] }, "dead-2": { timestamp: 0, tokens: [300] } });
    const store = fakeStore(desc);
    const refused = await forgetUnhealthy(store, KEY, { unhealthyForMs: TEN_MINUTES, quorum });
    expect(refused.refused).toBe("without them 100.0% of writes and 100.0% of reads would be below quorum (RF 3)");
    expect([refused.removed, store.writes]).toEqual([[], 0]);
    const forced = await forgetUnhealthy(store, KEY, { unhealthyForMs: TEN_MINUTES, quorum, force: true });
    expect(forced.removed.map((r) => r.id)).toEqual(["dead-1", "dead-2"]);
    expect(Object.keys(store.value().ingesters)).toEqual(["live-1"]);
  });

  it("refuses to empty a ring where everyone looks dead (a partition, a clock jump)", async () => {
    const store = fakeStore(ringDesc({ a: { timestamp: ago(3600), tokens: [1] }, b: { timestamp: ago(3600), tokens: [2] } }));
    const result = await forgetUnhealthy(store, KEY, { unhealthyForMs: TEN_MINUTES, quorum });
    expect([result.refused, store.writes]).toEqual(["without them no instance would hold a token", 0]);
  });

  it("without a quorum to judge (not the ingester ring) nothing is refused", async () => {
    const store = fakeStore(ringDesc({ a: { timestamp: ago(3600), tokens: [1] } }));
    const result = await forgetUnhealthy(store, KEY, { unhealthyForMs: TEN_MINUTES });
    expect([result.after, result.removed.map((r) => r.id)]).toEqual([null, ["a"]]);
  });

  it("a candidate whose heartbeat comes back before its check-and-set is left alone", async () => {
    const store = fakeStore(cluster(), {
      onRead: (n, kv) => {
        // Read 1 plans, read 2 re-checks before the first removal: then ghost's ingester comes back.
        if (n === 2) {
          const d = kv.desc();
          d.ingesters.ghost = { ...d.ingesters.ghost!, timestamp: ago(0) };
          kv.write(d);
        }
      },
    });
    const result = await forgetUnhealthy(store, KEY, { unhealthyForMs: TEN_MINUTES, quorum });
    expect(result.skipped).toEqual([{ id: "ghost", reason: "heartbeat came back" }]);
    expect(result.removed.map((r) => r.id)).toEqual(["old"]);
    expect(store.value().ingesters.ghost).toBeDefined();
  });

  it("a live heartbeat landing during a removal is kept (the check-and-set retries)", async () => {
    const store = fakeStore(cluster(), {
      beforeWrite: (attempt, kv) => {
        if (attempt === 1) {
          const d = kv.desc();
          d.ingesters["live-1"] = { ...d.ingesters["live-1"]!, timestamp: ago(-5) };
          kv.write(d);
        }
      },
    });
    const result = await forgetUnhealthy(store, KEY, { unhealthyForMs: TEN_MINUTES, quorum });
    expect(result.removed).toEqual([{ id: "ghost", attempts: 2 }, { id: "old", attempts: 1 }]);
    expect(store.value().ingesters["live-1"]!.timestamp).toBe(ago(-5));
  });

  it("another remover got there first: skipped as already gone; a heartbeat timeout of 0 makes nobody a candidate", async () => {
    const store = fakeStore(cluster(), {
      onRead: (n, kv) => {
        if (n === 3) kv.write({ ingesters: Object.fromEntries(Object.entries(kv.desc().ingesters).filter(([id]) => id !== "ghost")) });
      },
    });
    expect((await forgetUnhealthy(store, KEY, { unhealthyForMs: TEN_MINUTES, quorum })).skipped).toEqual([{ id: "ghost", reason: "already gone" }]);
    const never = await forgetUnhealthy(fakeStore(cluster(), {}, 0), KEY, { unhealthyForMs: TEN_MINUTES, quorum });
    expect(never.candidates).toEqual([]);
  });

  it("a missing ring is a KeyMissingError", async () => {
    await expect(forgetUnhealthy(fakeStore(null), KEY, { unhealthyForMs: 1 })).rejects.toMatchObject({ code: "key-missing" });
  });
});
