import { describe, expect, it } from "vitest";
import { ringDesc } from "../test/support/instances.js";
import type { RingDesc } from "./descriptor.js";
import { ringVerdict } from "./verdict.js";
import { parseWithout, removeInstances, resolveWithout } from "./what-if.js";

const NOW = new Date("2026-03-01T12:00:00Z");
const live = NOW.getTime() / 1000 - 2;
const dead = NOW.getTime() / 1000 - 600;

function ring(members: { id: string; tokens: number[]; zone?: string; state?: number; heartbeat?: number }[]): RingDesc {
  return ringDesc(Object.fromEntries(members.map(({ id, heartbeat, ...fields }) => [id, { ...fields, timestamp: heartbeat ?? live }])));
}

const Q = 2 ** 30; // a quarter of the token space
// Six instances, one token each, evenly spaced: the range ending at i<k>'s token is replicated to i<k>, i<k+1>, i<k+2>.
const six = (deadIds: string[] = []) =>
  ring([1, 2, 3, 4, 5, 6].map((k) => ({ id: `i${k}`, tokens: [k * 100_000_000], heartbeat: deadIds.includes(`i${k}`) ? dead : live })));

describe("ringVerdict", () => {
  it("all healthy: ok everywhere, nobody critical", () => {
    const v = ringVerdict(six(), { now: NOW });
    expect([v.status, v.write.status, v.read.status]).toEqual(["ok", "ok", "ok"]);
    expect(v.write.share).toEqual({ ok: 1, degraded: 0, broken: 0 });
    expect(v.write.ranges).toEqual({ ok: 6, degraded: 0, broken: 0 });
    expect(v.write.critical).toEqual([]);
    expect([v.instances, v.zones, v.unhealthy, v.empty]).toEqual([6, 1, [], false]);
  });

  it("one dead: its ranges keep quorum with fewer than RF healthy (degraded); its neighbours become critical", () => {
    const v = ringVerdict(six(["i1"]), { now: NOW });
    expect(v.status).toBe("degraded");
    expect(v.write.ranges).toEqual({ ok: 3, degraded: 3, broken: 0 });
    expect(v.unhealthy).toEqual(["i1"]);
    // i1 sits in the sets of the ranges ending at i1 (the big one, wrapping), i5 and i6: whoever shares one of them
    // with i1 is at the edge, for as much token space as those ranges hold.
    const wrap = (2 ** 32 - 500_000_000) / 2 ** 32;
    const small = 100_000_000 / 2 ** 32;
    expect(v.write.critical).toEqual([
      { id: "i2", share: wrap + small },
      { id: "i3", share: wrap },
      { id: "i6", share: 2 * small },
      { id: "i5", share: small },
    ]);
  });

  it("two dead that share ranges: those ranges are below quorum, listed with their replicas", () => {
    const v = ringVerdict(six(["i1", "i2"]), { now: NOW });
    expect([v.status, v.write.status, v.read.status]).toEqual(["broken", "broken", "broken"]);
    expect(v.write.ranges.broken).toBe(2);
    expect(v.write.belowQuorum).toEqual([
      { start: 600_000_000, end: 100_000_000, share: (2 ** 32 - 500_000_000) / 2 ** 32, replicas: ["i1", "i2", "i3"], healthy: ["i3"], needed: 2 },
      { start: 500_000_000, end: 600_000_000, share: 100_000_000 / 2 ** 32, replicas: ["i6", "i1", "i2"], healthy: ["i6"], needed: 2 },
    ]);
    expect(v.write.share.broken).toBeCloseTo((2 ** 32 - 400_000_000) / 2 ** 32, 12);
  });

  it("two dead that share no range: degraded, not broken", () => {
    expect(ringVerdict(six(["i1", "i4"]), { now: NOW }).status).toBe("degraded");
  });

  it("maxListedRanges caps the list, not the count", () => {
    const v = ringVerdict(six(["i1", "i2"]), { now: NOW, maxListedRanges: 1 });
    expect([v.write.belowQuorum.length, v.write.ranges.broken]).toEqual([1, 2]);
  });

  it("a JOINING instance extends writes' replica set and is no write replica; reads may use it", () => {
    const desc = ring([
      { id: "a", tokens: [Q] },
      { id: "b", tokens: [2 * Q], heartbeat: dead },
      { id: "c", tokens: [3 * Q], state: 3 },
      { id: "d", tokens: [4 * Q - 1], heartbeat: dead },
    ]);
    const v = ringVerdict(desc, { now: NOW });
    // Writes: every set takes c and one more instance, and only a survives: {a,b,c,d}, {b,c,d,a}, {c,d,a,b}, {d,a,b}.
    expect(v.write.ranges).toEqual({ ok: 0, degraded: 0, broken: 4 });
    expect(v.write.belowQuorum[0]).toMatchObject({ replicas: ["a", "b", "c", "d"], healthy: ["a"], needed: 2 });
    // Reads: {a,b,c} and {c,d,a} keep a and c; {b,c,d} and {d,a,b} keep one.
    expect(v.read.ranges).toEqual({ ok: 0, degraded: 2, broken: 2 });
  });

  it("zone awareness: a whole zone down keeps quorum; without it the same deaths break ranges", () => {
    const zones = ["zone-a", "zone-b", "zone-c"];
    const members = zones.flatMap((zone, z) => [1, 2].map((i) => ({ id: `${zone}-${i}`, zone, tokens: [Math.floor(((z * 2 + i) * 2 ** 32) / 7)], heartbeat: z === 0 ? dead : live })));
    const desc = ring(members);
    const aware = ringVerdict(desc, { now: NOW, zoneAwareness: true });
    expect([aware.status, aware.write.share.degraded, aware.zones]).toEqual(["degraded", 1, 3]);
    expect(ringVerdict(desc, { now: NOW }).status).toBe("broken");
  });

  it("an empty ring (no tokens) cannot take a single write", () => {
    const v = ringVerdict(ring([{ id: "p", tokens: [], state: 2 }]), { now: NOW });
    expect([v.empty, v.status, v.write.share, v.write.ranges.broken]).toEqual([true, "broken", { ok: 0, degraded: 0, broken: 1 }, 0]);
  });

  it("a heartbeat timeout of 0 never judges anyone unhealthy", () => {
    expect(ringVerdict(six(["i1", "i2"]), { now: NOW, heartbeatTimeoutMs: 0 }).status).toBe("ok");
  });

  it("rejects a replication factor that is not a positive integer", () => {
    expect(() => ringVerdict(six(), { replicationFactor: 0 })).toThrow(/positive integer/);
  });
});

describe("what-if", () => {
  it("down: the verdict as if the instances' heartbeats had stopped", () => {
    const before = six();
    const predicted = ringVerdict(before, { now: NOW, down: resolveWithout(before, [parseWithout("i1"), parseWithout("instance=i2")]).instances });
    const after = ringVerdict(six(["i1", "i2"]), { now: NOW });
    expect(predicted.down).toEqual(["i1", "i2"]);
    expect({ ...predicted, down: [] }).toEqual(after);
  });

  it("zone=<zone> takes every instance of the zone; unmatched selectors are reported, not ignored", () => {
    const desc = ring([{ id: "a1", zone: "zone-a", tokens: [1] }, { id: "a2", zone: "zone-a", tokens: [2] }, { id: "b1", zone: "zone-b", tokens: [3] }]);
    expect(resolveWithout(desc, [parseWithout("zone=zone-a"), parseWithout("zone=zone-x"), parseWithout("nobody")])).toEqual({
      instances: ["a1", "a2"],
      unmatched: [{ zone: "zone-x" }, { instance: "nobody" }],
    });
  });

  it("parseWithout refuses an empty instance", () => {
    expect(() => parseWithout("")).toThrow(/instance ID or zone=/);
    expect(parseWithout("zone=")).toEqual({ zone: "" });
  });

  it("removed: the sets are re-drawn without them", () => {
    const v = ringVerdict(removeInstances(six(["i1", "i2"]), ["i1", "i2"]), { now: NOW });
    expect([v.status, v.instances]).toEqual(["ok", 4]);
  });
});
