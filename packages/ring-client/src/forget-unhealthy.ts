/**
 * A policy forget for the ghosts operators clean up by hand (grafana/mimir #2869, #13810): every instance that
 * has been unhealthy for longer than a period — no heartbeat for the heartbeat timeout plus that period, or none
 * ever — is removed, one check-and-set per instance (forget.ts: a concurrent heartbeat is never lost, and an
 * instance whose heartbeat came back is left alone). Before touching anything, the ring that would be left is
 * judged as the distributor would judge it; when it could not take writes or serve reads everywhere, nothing is
 * removed unless forced (a partition or a clock jump makes everyone look dead, and forgetting them all would
 * empty the ring). The same check runs again on a fresh read before each removal.
 */
import type { RingDesc } from "./descriptor.js";
import { InstanceHealthyError, KeyMissingError } from "./errors.js";
import { forgetInstance, type ForgetStore } from "./forget.js";
import { heartbeatAgeSeconds, isHeartbeatHealthy } from "./health.js";
import type { ReplicationOptions } from "./replication-set.js";
import { ringVerdict, type RingVerdict } from "./verdict.js";
import { removeInstances } from "./what-if.js";

export interface ForgetUnhealthyOptions {
  /** Forget instances unhealthy for longer than this (beyond the heartbeat timeout). */
  unhealthyForMs: number;
  /** Say what would be removed; remove nothing. */
  dryRun?: boolean;
  /** Remove them even when the ring left behind would lack quorum somewhere. Never removes a healthy instance. */
  force?: boolean;
  /** Judge the ring left behind with the distributor's settings; omit for rings nothing replicates through. */
  quorum?: ReplicationOptions & { excludedZones?: readonly string[] };
  /** Check-and-set attempts per instance. Default 10. */
  maxAttempts?: number;
}

export interface ForgetCandidate {
  id: string;
  /** Null: it never heartbeated. */
  heartbeatAgeSeconds: number | null;
}

export interface ForgetUnhealthyResult {
  key: string;
  dryRun: boolean;
  /** Instances unhealthy for longer than the period, in ID order. */
  candidates: ForgetCandidate[];
  /** The ring without every candidate, as the distributor would judge it; null when not judged. */
  after: RingVerdict | null;
  /** Why nothing (more) was removed: the ring left behind would lack quorum (see `after`). */
  refused: string | null;
  removed: { id: string; attempts: number }[];
  /** Candidates left in place: their heartbeat came back, or someone else removed them first. */
  skipped: { id: string; reason: string }[];
}

export async function forgetUnhealthy(store: ForgetStore, key: string, options: ForgetUnhealthyOptions): Promise<ForgetUnhealthyResult> {
  const timeout = store.heartbeatTimeoutMs;
  // "Healthy" under timeout + period = not yet unhealthy for longer than the period. Timeout 0: never unhealthy.
  const stillFresh = (timestamp: number, now: Date): boolean => timeout === 0 || isHeartbeatHealthy(timestamp, now, timeout + options.unhealthyForMs);
  const desc = await readDesc(store, key);
  const now = new Date();
  const candidates = Object.entries(desc.ingesters)
    .filter(([, instance]) => !stillFresh(instance.timestamp, now))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, instance]) => ({ id, heartbeatAgeSeconds: heartbeatAgeSeconds(instance.timestamp, now) }));
  const ids = candidates.map((c) => c.id);
  const judge = (d: RingDesc, gone: string[]): RingVerdict | null =>
    options.quorum && gone.length > 0 ? ringVerdict(removeInstances(d, gone), { ...options.quorum, heartbeatTimeoutMs: timeout, maxListedRanges: 10 }) : null;
  const result: ForgetUnhealthyResult = { key, dryRun: Boolean(options.dryRun), candidates, after: judge(desc, ids), refused: null, removed: [], skipped: [] };
  result.refused = refusal(result.after, options.force);
  if (result.refused || result.dryRun) return result;

  // Forget.ts checks "healthy" against this timeout: an instance whose heartbeat came back is refused, not removed.
  const policyStore: ForgetStore = { ...store, heartbeatTimeoutMs: timeout + options.unhealthyForMs };
  for (const [n, id] of ids.entries()) {
    const recheck = refusal(judge(await readDesc(store, key), ids.slice(n)), options.force);
    if (recheck) {
      result.refused = recheck;
      break;
    }
    try {
      const outcome = await forgetInstance(policyStore, key, id, options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts });
      if (outcome.removed) result.removed.push({ id, attempts: outcome.attempts });
      else result.skipped.push({ id, reason: "already gone" });
    } catch (error) {
      if (!(error instanceof InstanceHealthyError)) throw error;
      result.skipped.push({ id, reason: "heartbeat came back" });
    }
  }
  return result;
}

async function readDesc(store: ForgetStore, key: string): Promise<RingDesc> {
  const entry = await store.read(key);
  if (!entry) throw new KeyMissingError(key, store.endpoint(key));
  return store.decode(key, entry.value);
}

function refusal(after: RingVerdict | null, force: boolean | undefined): string | null {
  if (force || after?.status !== "broken") return null;
  const lost = [after.write, after.read].filter((op) => op.status === "broken").map((op) => `${(op.share.broken * 100).toFixed(1)}% of ${op.operation}s`);
  return after.empty ? "without them no instance would hold a token" : `without them ${lost.join(" and ")} would be below quorum (RF ${after.replicationFactor})`;
}
