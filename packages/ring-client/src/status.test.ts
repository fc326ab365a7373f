import { describe, expect, it } from "vitest";
import type { InstanceDesc, RingDesc } from "./descriptor.js";
import { buildRing } from "./ring.js";
import { ringStatus } from "./status.js";

const NOW = new Date("2026-11-25T12:00:00Z");
const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

function instance(tokens: number[], secondsAgo: number): InstanceDesc {
  return { addr: "10.0.0.1:9095", timestamp: seconds(NOW) - secondsAgo, state: 0, tokens, zone: "", registeredTimestamp: 0, id: "", readOnlyUpdatedTimestamp: 0, readOnly: false, versions: {} };
}

function snapshot(key: string, desc: RingDesc) {
  return { ring: buildRing(key, desc, { now: NOW, heartbeatTimeoutMs: 60_000, modifyIndex: 3 }), desc, valueBytes: 321 };
}

// Three ingesters, one silent for ten minutes: with RF 3 every key still has 2 of 3 (degraded, quorum kept).
const desc: RingDesc = { ingesters: { a: instance([10, 40], 1), b: instance([20, 50], 1), c: instance([30, 60], 600) } };

describe("ringStatus", () => {
  it("the ingester ring: the ring, its value size and its verdict", () => {
    const status = ringStatus(snapshot("collectors/ring", desc), { quorum: { replicationFactor: 3, heartbeatTimeoutMs: 60_000 } });
    expect(status.key).toBe("collectors/ring");
    expect(status.instances.map((i) => [i.id, i.healthy])).toEqual([["a", true], ["b", true], ["c", false]]);
    expect(status.valueBytes).toBe(321);
    expect(status.quorum?.verdict.status).toBe("degraded");
    expect(status.quorum?.verdict.unhealthy).toEqual(["c"]);
  });

  it("any other ring is not judged: quorum is null", () => {
    expect(ringStatus(snapshot("rulers/ring", desc)).quorum).toBeNull();
  });

  it("judges the ring named as the ingester ring, whatever its key", () => {
    const status = ringStatus(snapshot("custom/ring", desc), { ingesterRing: "custom/ring", quorum: { replicationFactor: 2, heartbeatTimeoutMs: 60_000 } });
    expect(status.quorum?.verdict.replicationFactor).toBe(2);
    expect(ringStatus(snapshot("collectors/ring", desc), { ingesterRing: "custom/ring" }).quorum).toBeNull();
  });
});
