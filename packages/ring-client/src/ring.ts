/** The ring as an operator reads it: the /ring status page's columns plus counts, conflicts and health. */
import { INSTANCE_STATES, stateName, type InstanceState, type RingDesc } from "./descriptor.js";
import { DEFAULT_HEARTBEAT_TIMEOUT_MS, heartbeatAgeSeconds, isHeartbeatHealthy } from "./health.js";
import { ownershipDiffFromExpected, ownershipPeers, ownershipPercent, tokenConflicts, tokenTable } from "./ownership.js";

export interface Instance {
  id: string;
  address: string;
  zone: string;
  /** Unknown wire states (from a newer writer) read as PENDING; `stateCode` keeps the number. */
  state: InstanceState;
  stateCode: number;
  registeredAt: Date | null;
  lastHeartbeat: Date | null;
  heartbeatAgeSeconds: number | null;
  healthy: boolean;
  tokenCount: number;
  /** Percent of the token space, as Cortex's /ring page prints it. */
  ownership: number;
  /**
   * The /ring page's "Ownership Diff From Expected", percent: (1 − expected / ownership) × 100, expected being
   * an equal share among the ring's instances (the zone's, with zone awareness). Positive: owns more than its
   * share. null when it owns nothing (the page prints -Inf%).
   */
  ownershipDiffFromExpected: number | null;
  /** dskit's read_only flag, or Cortex's READONLY state. */
  readOnly: boolean;
  readOnlyUpdatedAt: Date | null;
  /** The instance's tokens as stored, only when asked for (`includeTokens`), as Cortex's JSON `tokens`. */
  tokens?: number[];
}

export interface Ring {
  key: string;
  instances: Instance[];
  countsByState: Record<InstanceState, number>;
  countsByZone: Record<string, number>;
  unhealthy: string[];
  totalTokens: number;
  tokenConflicts: { token: number; instances: string[] }[];
  readAt: Date;
  /** Consul's ModifyIndex of the value read (0 when not read from Consul). */
  modifyIndex: number;
}

export interface RingModelOptions {
  /** When health is judged; default: now. */
  now?: Date;
  /** Default 60 s (Cortex's `-ring.heartbeat-timeout`); 0 = never unhealthy. */
  heartbeatTimeoutMs?: number;
  /** Ownership within each zone, as Cortex with `-distributor.zone-awareness-enabled`; default false. */
  zoneAwareness?: boolean;
  modifyIndex?: number;
  /** Carry each instance's tokens (for drawing the ring); default false. */
  includeTokens?: boolean;
}

function dateOf(seconds: number): Date | null {
  return seconds === 0 ? null : new Date(seconds * 1000);
}

export function buildRing(key: string, desc: RingDesc, options: RingModelOptions = {}): Ring {
  const now = options.now ?? new Date();
  const timeout = options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
  const table = tokenTable(desc);
  const zoneAware = options.zoneAwareness ?? false;
  const ownership = ownershipPercent(desc, { zoneAware }, table);
  const peers = ownershipPeers(desc, ownership, { zoneAware }, table);
  const countsByState = Object.fromEntries(INSTANCE_STATES.map((s) => [s, 0])) as Record<InstanceState, number>;
  const countsByZone: Record<string, number> = {};
  const unhealthy: string[] = [];
  let totalTokens = 0;
  const instances = table.ids.map((id): Instance => {
    const d = desc.ingesters[id];
    if (d === undefined) throw new Error(`ring model: instance ${id} is not in the ring`); // ids are desc.ingesters' keys
    const state = stateName(d.state) ?? "PENDING";
    const healthy = isHeartbeatHealthy(d.timestamp, now, timeout);
    countsByState[state]++;
    countsByZone[d.zone] = (countsByZone[d.zone] ?? 0) + 1;
    if (!healthy) unhealthy.push(id);
    totalTokens += d.tokens.length;
    return {
      id,
      address: d.addr,
      zone: d.zone,
      state,
      stateCode: d.state,
      registeredAt: dateOf(d.registeredTimestamp),
      lastHeartbeat: dateOf(d.timestamp),
      heartbeatAgeSeconds: heartbeatAgeSeconds(d.timestamp, now),
      healthy,
      tokenCount: d.tokens.length,
      ownership: ownership.get(id) ?? 0,
      ownershipDiffFromExpected: ownershipDiffFromExpected(ownership.get(id) ?? 0, peers.get(id) ?? 0),
      readOnly: d.readOnly || state === "READONLY",
      readOnlyUpdatedAt: dateOf(d.readOnlyUpdatedTimestamp),
      ...(options.includeTokens ? { tokens: d.tokens } : {}),
    };
  });
  return { key, instances, countsByState, countsByZone, unhealthy, totalTokens, tokenConflicts: tokenConflicts(table), readAt: now, modifyIndex: options.modifyIndex ?? 0 };
}
