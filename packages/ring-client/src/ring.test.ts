import { describe, expect, it } from "vitest";
import { vector } from "../test/support/fixtures.js";
import { decodeRingDesc, type InstanceDesc } from "./descriptor.js";
import { buildRing } from "./ring.js";

describe("buildRing on Cortex's states-and-health vector", () => {
  const v = vector("cortex", "states-and-health");
  const now = new Date(v.now! * 1000);
  const ring = buildRing("collectors/ring", decodeRingDesc(v.value), { now, modifyIndex: 42 });

  it("lists instances in ID order with the status page's columns", () => {
    expect(ring.instances.map((i) => i.id)).toEqual(v.statusPage!.map((row) => row.id));
    for (const row of v.statusPage!) {
      const instance = ring.instances.find((i) => i.id === row.id)!;
      expect([instance.address, instance.zone, instance.tokenCount, instance.ownership]).toEqual([row.address, row.zone, Number(row.tokens), Number(row.ownership)]);
      if (row.state !== "Unhealthy") expect(instance.state).toBe(row.state);
    }
  });

  it("counts every state, and instances per zone", () => {
    expect(ring.countsByState).toEqual({ ACTIVE: 2, LEAVING: 1, PENDING: 1, JOINING: 1, LEFT: 1, READONLY: 1 });
    expect(ring.countsByZone).toEqual({ "": 7 });
  });

  it("names the unhealthy instances, with heartbeat ages; a ghost has no heartbeat at all", () => {
    expect(ring.unhealthy).toEqual(v.statusPage!.filter((row) => row.state === "Unhealthy").map((row) => row.id));
    const ghost = ring.instances.find((i) => i.id === "ghost")!;
    expect([ghost.lastHeartbeat, ghost.heartbeatAgeSeconds, ghost.registeredAt, ghost.healthy]).toEqual([null, null, null, false]);
    const active = ring.instances.find((i) => i.id === "ingester-ACTIVE")!;
    expect(active.lastHeartbeat).toEqual(new Date(v.instances["ingester-ACTIVE"]!.timestamp * 1000));
    expect(active.heartbeatAgeSeconds).toBe(v.now! - v.instances["ingester-ACTIVE"]!.timestamp);
    expect(active.registeredAt).toEqual(new Date(v.instances["ingester-ACTIVE"]!.registeredTimestamp * 1000));
  });

  it("marks Cortex's READONLY state read-only, totals tokens, carries readAt and the ModifyIndex", () => {
    expect(ring.instances.filter((i) => i.readOnly).map((i) => i.id)).toEqual(["ingester-READONLY"]);
    expect(ring.totalTokens).toBe(Object.values(v.instances).reduce((n, i) => n + (i.tokens?.length ?? 0), 0));
    expect(ring.readAt).toEqual(now);
    expect(ring.modifyIndex).toBe(42);
    expect(ring.tokenConflicts).toEqual([]);
  });

  it("a longer heartbeat timeout makes the stale ones healthy again; 0 disables the check", () => {
    expect(buildRing("k", decodeRingDesc(v.value), { now, heartbeatTimeoutMs: 24 * 3600_000 }).unhealthy).toEqual(["ghost"]);
    expect(buildRing("k", decodeRingDesc(v.value), { now, heartbeatTimeoutMs: 0 }).unhealthy).toEqual([]);
  });
});

describe("buildRing details", () => {
  const base: InstanceDesc = { addr: "a:1", timestamp: 100, state: 0, tokens: [1], zone: "z1", registeredTimestamp: 0, id: "", readOnlyUpdatedTimestamp: 0, readOnly: false, versions: {} };

  it("dskit's read_only flag marks an ACTIVE instance read-only, with when it changed", () => {
    const ring = buildRing("k", { ingesters: { x: { ...base, readOnly: true, readOnlyUpdatedTimestamp: 90 } } }, { now: new Date(100_000) });
    expect(ring.instances[0]).toMatchObject({ state: "ACTIVE", readOnly: true, readOnlyUpdatedAt: new Date(90_000) });
  });

  it("an unknown state number reads as PENDING and keeps the number", () => {
    const ring = buildRing("k", { ingesters: { x: { ...base, state: 9 } } }, { now: new Date(100_000) });
    expect(ring.instances[0]).toMatchObject({ state: "PENDING", stateCode: 9 });
  });

  it("carries the status page's ownership diff from expected; tokens only when asked for", () => {
    const ring = buildRing("k", { ingesters: { x: { ...base, tokens: [0, 2 ** 31] }, y: { ...base, tokens: [2 ** 30] }, z: { ...base, tokens: [] } } }, { now: new Date(100_000) });
    // x owns 3/4 of the ring against an expected third: (1 − 33.3… / 75) × 100; z owns nothing (Cortex: -Inf%).
    expect(ring.instances.map((i) => [i.id, i.ownershipDiffFromExpected])).toEqual([["x", (1 - ((1 / 3) * 100) / 75) * 100], ["y", (1 - ((1 / 3) * 100) / 25) * 100], ["z", null]]);
    expect(ring.instances.some((i) => "tokens" in i)).toBe(false);
    const withTokens = buildRing("k", { ingesters: { x: { ...base, tokens: [5, 3] } } }, { includeTokens: true });
    expect(withTokens.instances[0]!.tokens).toEqual([5, 3]);
  });

  it("zone awareness changes ownership to within-zone shares", () => {
    const desc = decodeRingDesc(vector("cortex", "zones").value);
    const flat = buildRing("k", desc);
    const zoned = buildRing("k", desc, { zoneAwareness: true });
    expect(flat.countsByZone).toEqual({ "zone-a": 2, "zone-b": 2, "zone-c": 2 });
    expect(zoned.instances.reduce((s, i) => s + i.ownership, 0)).toBeCloseTo(300, 6);
    expect(flat.instances.reduce((s, i) => s + i.ownership, 0)).toBeCloseTo(100, 6);
  });
});
