/**
 * Following a ring with Consul blocking queries: each answer is decoded into a snapshot and diffed against the
 * previous one. Heartbeats going stale change nothing in Consul, so an answer with an unchanged index is still
 * re-judged against the clock and reported when health changed. Transient failures (unreachable, no leader,
 * timeouts, 5xx, 429) back off and retry; an index that goes backwards restarts from a fresh read (Consul's rules,
 * as in Cortex's consul client); anything else (an ACL denial, another 4xx, a value that is not a ring) would
 * fail the same way again, so it ends the watch with its error.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { RingDesc } from "./descriptor.js";
import { diffRings, isEmptyDiff, type RingDiff } from "./diff.js";
import { ConsulResponseError, RingClientError } from "./errors.js";
import type { KvRead, KvReadOptions } from "./kv.js";
import type { Ring } from "./ring.js";
import type { RingSnapshot } from "./snapshot.js";

/** Each reading of the ring that changed it, with the descriptor and value size (to judge or size it). */
export interface RingUpdate extends RingSnapshot {
  diff: RingDiff;
}

export interface WatchOptions {
  signal?: AbortSignal;
  /** Consul blocking-query wait per request, seconds (Consul caps it at 600). Default 10, as Cortex. */
  waitSeconds?: number;
  /** At most one request per this many ms (Cortex's watch rate limit is 1/s). Default 1000. */
  minIntervalMs?: number;
  /** First and largest delay between retries after a failure. Default 1 s and 30 s. */
  backoffMs?: { min: number; max: number };
}

export interface WatchSource {
  read(key: string, options: KvReadOptions): Promise<KvRead>;
  decode(key: string, value: Buffer | null): RingDesc;
  model(key: string, desc: RingDesc, modifyIndex: number): Ring;
}

const TRANSIENT = new Set(["unreachable", "timeout", "no-leader"]);

/** Worth asking again: the agent is down, slow, electing a leader, failing (5xx) or shedding load (429). */
function isTransient(error: unknown): boolean {
  if (error instanceof ConsulResponseError) return error.statusCode >= 500 || error.statusCode === 429;
  return error instanceof RingClientError && TRANSIENT.has(error.code);
}

export async function* watch(source: WatchSource, key: string, options: WatchOptions = {}): AsyncGenerator<RingUpdate, void, undefined> {
  const { signal } = options;
  const waitSeconds = Math.min(Math.max(options.waitSeconds ?? 10, 1), 600);
  const minIntervalMs = options.minIntervalMs ?? 1000;
  const backoff = options.backoffMs ?? { min: 1000, max: 30_000 };
  let index = 0;
  let delay = backoff.min;
  let previous: Ring | null = null;
  let desc: RingDesc = { ingesters: {} };
  let modifyIndex = 0;
  let valueBytes = 0;
  let lastRequest = 0;

  const pause = async (ms: number): Promise<boolean> => {
    if (ms <= 0) return !signal?.aborted;
    try {
      await sleep(ms, undefined, signal ? { signal } : {});
      return true;
    } catch {
      return false;
    }
  };

  while (!signal?.aborted) {
    if (!(await pause(lastRequest + minIntervalMs - Date.now()))) return;
    lastRequest = Date.now();
    let answer: KvRead;
    try {
      answer = await source.read(key, { index, waitSeconds, ...(signal ? { signal } : {}) });
    } catch (error) {
      if (signal?.aborted) return;
      if (!isTransient(error)) throw error;
      if (!(await pause(delay * (0.5 + Math.random() / 2)))) return;
      delay = Math.min(delay * 2, backoff.max);
      continue;
    }
    delay = backoff.min;
    const changed = previous === null || answer.index !== index;
    if (answer.index < index) index = 0;
    else index = Math.max(answer.index, 1);
    if (changed) {
      // A missing key is an empty ring: the watch may start before the first instance registers.
      desc = answer.entry ? source.decode(key, answer.entry.value) : { ingesters: {} };
      modifyIndex = answer.entry?.modifyIndex ?? 0;
      valueBytes = answer.entry?.value?.length ?? 0;
    }
    const ring = source.model(key, desc, modifyIndex);
    const diff = diffRings(previous, ring);
    if (changed || !isEmptyDiff(diff)) {
      previous = ring;
      yield { ring, desc, valueBytes, diff };
    }
  }
}
