import { describe, expect, it } from "vitest";
import type { InstanceDesc } from "./descriptor.js";
import { diffRings, isEmptyDiff } from "./diff.js";
import { buildRing } from "./ring.js";

const now = new Date(1_000_000_000);
function instance(state: number, heartbeatAgo: number): InstanceDesc {
  return { addr: "", timestamp: now.getTime() / 1000 - heartbeatAgo, state, tokens: [], zone: "", registeredTimestamp: 0, id: "", readOnlyUpdatedTimestamp: 0, readOnly: false, versions: {} };
}
const ring = (instances: Record<string, InstanceDesc>) => buildRing("collectors/ring", { ingesters: instances }, { now });

describe("diffRings", () => {
  it("the first reading: everyone joined, nothing else", () => {
    expect(diffRings(null, ring({ a: instance(0, 1), b: instance(1, 600) }))).toEqual({ joined: ["a", "b"], left: [], stateChanged: [], becameUnhealthy: [], becameHealthy: [] });
  });

  it("joins, leaves, state changes and health flips between two readings", () => {
    const before = ring({ a: instance(3, 1), b: instance(0, 1), c: instance(0, 600), d: instance(0, 1) });
    const after = ring({ a: instance(0, 1), b: instance(0, 600), c: instance(0, 1), e: instance(2, 1) });
    expect(diffRings(before, after)).toEqual({
      joined: ["e"],
      left: ["d"],
      stateChanged: [{ id: "a", from: "JOINING", to: "ACTIVE" }],
      becameUnhealthy: ["b"],
      becameHealthy: ["c"],
    });
  });

  it("a heartbeat alone is no change", () => {
    const diff = diffRings(ring({ a: instance(0, 5) }), ring({ a: instance(0, 1) }));
    expect(isEmptyDiff(diff)).toBe(true);
  });
});
