/** What changed between two readings of one ring: the events `watchRing` reports. */
import type { InstanceState } from "./descriptor.js";
import type { Ring } from "./ring.js";

export interface RingDiff {
  joined: string[];
  left: string[];
  stateChanged: { id: string; from: InstanceState; to: InstanceState }[];
  becameUnhealthy: string[];
  becameHealthy: string[];
}

/** With no previous reading, every instance has joined. Health changes are reported for instances in both. */
export function diffRings(previous: Ring | null, next: Ring): RingDiff {
  const before = new Map((previous?.instances ?? []).map((i) => [i.id, i]));
  const after = new Map(next.instances.map((i) => [i.id, i]));
  const diff: RingDiff = { joined: [], left: [], stateChanged: [], becameUnhealthy: [], becameHealthy: [] };
  for (const [id, now] of after) {
    const then = before.get(id);
    if (!then) {
      diff.joined.push(id);
      continue;
    }
    if (then.state !== now.state) diff.stateChanged.push({ id, from: then.state, to: now.state });
    if (then.healthy && !now.healthy) diff.becameUnhealthy.push(id);
    if (!then.healthy && now.healthy) diff.becameHealthy.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) diff.left.push(id);
  return diff;
}

export function isEmptyDiff(diff: RingDiff): boolean {
  return diff.joined.length + diff.left.length + diff.stateChanged.length + diff.becameUnhealthy.length + diff.becameHealthy.length === 0;
}
