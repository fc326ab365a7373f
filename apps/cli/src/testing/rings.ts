// Test support: ring snapshots built by ring-client itself from a few lines of description, so verdicts,
// tables and metrics in command tests come from the real model.
import type { InstanceDesc, RingSnapshot } from "@cortex-ring/ring-client";
import { buildRing } from "@cortex-ring/ring-client/parts";

export interface InstanceSpec {
  tokens: number[];
  /** Seconds since the last heartbeat; default 1. */
  heartbeatAgo?: number;
  /** Wire state: 0 ACTIVE … 5 READONLY. */
  state?: number;
  zone?: string;
}

export function snapshotFrom(key: string, instances: Record<string, InstanceSpec>, now = new Date()): RingSnapshot {
  const ingesters: Record<string, InstanceDesc> = {};
  for (const [id, spec] of Object.entries(instances)) {
    ingesters[id] = {
      addr: `${id}:9095`,
      timestamp: Math.floor(now.getTime() / 1000) - (spec.heartbeatAgo ?? 1),
      state: spec.state ?? 0,
      tokens: spec.tokens,
      zone: spec.zone ?? "",
      registeredTimestamp: 0,
      id: "",
      readOnlyUpdatedTimestamp: 0,
      readOnly: false,
      versions: {},
    };
  }
  const desc = { ingesters };
  return { ring: buildRing(key, desc, { now, modifyIndex: 7 }), desc, valueBytes: 40 * Object.keys(instances).length };
}

/** n instances `<prefix>-1…n` with one token each, evenly spread: range k is replicated to k, k+1, k+2. */
export function evenRing(key: string, n: number, dead: number[] = [], prefix = "ingester"): RingSnapshot {
  return snapshotFrom(
    key,
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}-${i + 1}`, { tokens: [Math.floor(((i + 1) * 2 ** 32) / (n + 1))], heartbeatAgo: dead.includes(i + 1) ? 600 : 1 }])),
  );
}
