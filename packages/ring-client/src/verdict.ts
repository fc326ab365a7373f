/**
 * Can the ring take writes (and serve reads)? Every range's replica set (replication-set.ts) is filtered the way
 * Cortex's `defaultReplicationStrategy.Filter` does (pkg/ring/replication_strategy.go): drop instances that are
 * unhealthy for the operation (state not healthy for it, or no heartbeat within the timeout, judged at "now" as
 * Cortex's consul client does), then require max(RF, healthy)/2 + 1 of the rest. A range is `broken` when that
 * fails, `degraded` when it holds but fewer than RF replicas are healthy, `ok` otherwise; the ring takes the
 * worst of its ranges, and writes and reads are judged separately.
 */
import type { RingDesc } from "./descriptor.js";
import { DEFAULT_HEARTBEAT_TIMEOUT_MS, isHeartbeatHealthy } from "./health.js";
import { isStateHealthy, READ, WRITE, type OperationName, type RingOperation } from "./operations.js";
import { ReplicaSets, type ReplicationOptions } from "./replication-set.js";

export type VerdictStatus = "ok" | "degraded" | "broken";

const STATUSES: readonly VerdictStatus[] = ["ok", "degraded", "broken"];
const TOKEN_SPACE = 2 ** 32;

export interface VerdictOptions extends ReplicationOptions {
  /** Cortex's `-ring.heartbeat-timeout`; 0 = never unhealthy. Default 60 000. */
  heartbeatTimeoutMs?: number;
  /** When health is judged. Default: now. */
  now?: Date;
  /** Instance IDs judged as down: still in the ring, heartbeat stopped (see what-if.ts). */
  down?: Iterable<string>;
  /** Cortex's `-distributor.excluded-zones`: instances there are not part of the ring. */
  excludedZones?: readonly string[];
  /** Ranges below quorum listed per operation (all are counted). Default 1000. */
  maxListedRanges?: number;
}

/** One range of keys: from `start` (inclusive) up to the token `end` (exclusive), wrapping past 2^32 − 1. */
export interface QuorumRange {
  start: number;
  end: number;
  /** Fraction of the token space. */
  share: number;
  /** The replica set in the order Cortex walks it. */
  replicas: string[];
  /** The replicas Cortex's Filter keeps. */
  healthy: string[];
  /** Healthy replicas needed: max(RF, healthy)/2 + 1. */
  needed: number;
}

export interface CriticalInstance {
  id: string;
  /** Fraction of the token space that would lose quorum if this instance alone went down. */
  share: number;
}

export interface OperationVerdict {
  operation: OperationName;
  status: VerdictStatus;
  /** Fraction of the token space in each class (they sum to 1). */
  share: Record<VerdictStatus, number>;
  /** Ranges in each class. */
  ranges: Record<VerdictStatus, number>;
  /** Ranges that lost quorum, in token order (at most `maxListedRanges`; `ranges.broken` counts all). */
  belowQuorum: QuorumRange[];
  /** Instances whose loss alone would break quorum somewhere, most token space first. */
  critical: CriticalInstance[];
}

export interface RingVerdict {
  /** The worst of `write` and `read`. */
  status: VerdictStatus;
  replicationFactor: number;
  zoneAwareness: boolean;
  heartbeatTimeoutMs: number;
  judgedAt: Date;
  /** Instances judged (after excluded zones), and zones among them. */
  instances: number;
  zones: number;
  /** No instance holds a token: Cortex answers every key with "empty ring". */
  empty: boolean;
  /** Instances without a heartbeat within the timeout, including those judged down. */
  unhealthy: string[];
  /** Instances judged down for a what-if. */
  down: string[];
  write: OperationVerdict;
  read: OperationVerdict;
}

/** A ring ready to judge: its replica sets and each instance's heartbeat health. */
export interface JudgedRing {
  sets: ReplicaSets;
  /** 1 when the instance heartbeats within the timeout and is not judged down. */
  alive: Uint8Array;
}

export function prepareRing(desc: RingDesc, options: VerdictOptions = {}): JudgedRing {
  const excluded = new Set(options.excludedZones ?? []);
  const kept = excluded.size === 0 ? desc : { ingesters: Object.fromEntries(Object.entries(desc.ingesters).filter(([, i]) => !excluded.has(i.zone))) };
  const sets = new ReplicaSets(kept, options);
  const now = options.now ?? new Date();
  const timeout = options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
  const down = new Set(options.down ?? []);
  const alive = Uint8Array.from(sets.ids, (id) => (!down.has(id) && isHeartbeatHealthy(kept.ingesters[id]!.timestamp, now, timeout) ? 1 : 0));
  return { sets, alive };
}

/** Cortex's minSuccess for `healthy` replicas left after filtering. */
export function quorumNeeded(replicationFactor: number, healthy: number): number {
  return Math.floor(Math.max(replicationFactor, healthy) / 2) + 1;
}

const OK = 0;
const DEGRADED = 1;
const BROKEN = 2;

/** Per range: 0 ok, 1 degraded, 2 broken, for `op`. */
export function rangeStatuses(ring: JudgedRing, op: RingOperation): Uint8Array {
  const statuses = new Uint8Array(ring.sets.starts.length);
  judge(ring, op, (r, _set, _size, healthy) => (statuses[r] = classify(ring.sets.replicationFactor, healthy)));
  return statuses;
}

function classify(replicationFactor: number, healthy: number): number {
  if (healthy < quorumNeeded(replicationFactor, healthy)) return BROKEN;
  return healthy < replicationFactor ? DEGRADED : OK;
}

type RangeVisitor = (range: number, set: Int32Array, size: number, healthy: number, healthyFor: Uint8Array) => void;

function judge(ring: JudgedRing, op: RingOperation, visit: RangeVisitor): void {
  const { sets, alive } = ring;
  const healthyFor = Uint8Array.from(alive, (a, i) => (a === 1 && isStateHealthy(op, sets.states[i]!) ? 1 : 0));
  const set = new Int32Array(sets.ids.length);
  for (let r = 0; r < sets.starts.length; r++) {
    const size = sets.replicaSet(r, op, set);
    let healthy = 0;
    for (let m = 0; m < size; m++) healthy += healthyFor[set[m]!]!;
    visit(r, set, size, healthy, healthyFor);
  }
}

function judgeOperation(ring: JudgedRing, op: RingOperation, maxListed: number): OperationVerdict {
  const { sets } = ring;
  const rf = sets.replicationFactor;
  const owned = new Float64Array(3);
  const ranges = new Uint32Array(3);
  const belowQuorum: QuorumRange[] = [];
  const critical = new Float64Array(sets.ids.length);
  judge(ring, op, (r, set, size, healthy, healthyFor) => {
    const status = classify(rf, healthy);
    const keys = sets.rangeSize(r);
    owned[status] = owned[status]! + keys;
    ranges[status] = ranges[status]! + 1;
    if (status === BROKEN) {
      if (belowQuorum.length < maxListed) belowQuorum.push(describeRange(sets, r, set, size, healthyFor, quorumNeeded(rf, healthy)));
    } else if (healthy - 1 < quorumNeeded(rf, healthy - 1)) {
      // At the edge: any one healthy replica going down breaks this range.
      for (let m = 0; m < size; m++) if (healthyFor[set[m]!] === 1) critical[set[m]!]! += keys;
    }
  });
  const empty = sets.starts.length === 0;
  const share = (i: number): number => (empty ? (i === BROKEN ? 1 : 0) : owned[i]! / TOKEN_SPACE);
  const worst = empty || ranges[BROKEN]! > 0 ? BROKEN : ranges[DEGRADED]! > 0 ? DEGRADED : OK;
  return {
    operation: op.name,
    status: STATUSES[worst]!,
    share: { ok: share(OK), degraded: share(DEGRADED), broken: share(BROKEN) },
    ranges: { ok: ranges[OK]!, degraded: ranges[DEGRADED]!, broken: ranges[BROKEN]! },
    belowQuorum,
    critical: sets.ids
      .map((id, i) => ({ id, share: critical[i]! / TOKEN_SPACE }))
      .filter((c) => c.share > 0)
      .sort((a, b) => b.share - a.share || (a.id < b.id ? -1 : 1)),
  };
}

function describeRange(sets: ReplicaSets, r: number, set: Int32Array, size: number, healthyFor: Uint8Array, needed: number): QuorumRange {
  const members = Array.from(set.subarray(0, size));
  return {
    start: sets.rangeStart(r),
    end: sets.tokens[sets.starts[r]!]!,
    share: sets.rangeSize(r) / TOKEN_SPACE,
    replicas: members.map((i) => sets.ids[i]!),
    healthy: members.filter((i) => healthyFor[i] === 1).map((i) => sets.ids[i]!),
    needed,
  };
}

/** The verdict for writes and reads over the whole ring. */
export function ringVerdict(desc: RingDesc, options: VerdictOptions = {}): RingVerdict {
  const now = options.now ?? new Date();
  const ring = prepareRing(desc, { ...options, now });
  const maxListed = options.maxListedRanges ?? 1000;
  const write = judgeOperation(ring, WRITE, maxListed);
  const read = judgeOperation(ring, READ, maxListed);
  const down = new Set(options.down ?? []);
  const { sets, alive } = ring;
  return {
    status: STATUSES[Math.max(STATUSES.indexOf(write.status), STATUSES.indexOf(read.status))]!,
    replicationFactor: sets.replicationFactor,
    zoneAwareness: sets.zoneAwareness,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS,
    judgedAt: now,
    instances: sets.ids.length,
    zones: sets.zones.length,
    empty: sets.starts.length === 0,
    unhealthy: sets.ids.filter((_, i) => alive[i] === 0),
    down: sets.ids.filter((id) => down.has(id)),
    write,
    read,
  };
}
