/**
 * Waiting for Cortex instances to be ACTIVE and healthy in their rings after an apply: the containers are up
 * long before Cortex has started, registered and claimed its tokens (a store-gateway stays JOINING until its
 * first sync of the bucket). Polls the rings in Consul with a deadline.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Ring } from "@cortex-ring/ring-client";
import type { RingApi } from "../deps.js";
import { CliError, InterruptedError } from "../errors.js";
import { formatSeconds } from "../render/units.js";

/** Instance IDs expected in each ring, by ring key (the `cortex_ring_instances` output). */
export type ExpectedRings = Record<string, string[]>;

/** One awaited instance that is not ready yet, and why. */
export interface NotReady {
  key: string;
  id: string;
  /** Its state, or "missing" when it is not in the ring. */
  state: string;
  healthy: boolean;
}

/** Where the wait stands. */
export interface InstancesProgress {
  total: number;
  active: number;
  notReady: NotReady[];
  waitedMs: number;
}

export interface InstanceWaitOptions {
  rings: ExpectedRings;
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
  /** Called after every read of the rings. */
  onProgress?: (progress: InstancesProgress) => void;
  now?: () => number;
}

/** The `cortex_ring_instances` output as ExpectedRings; anything else (no Cortex applied) is undefined. */
export function expectedRings(output: unknown): ExpectedRings | undefined {
  if (typeof output !== "object" || output === null || Array.isArray(output)) return undefined;
  const rings: ExpectedRings = {};
  for (const [key, ids] of Object.entries(output)) {
    if (Array.isArray(ids)) rings[key] = ids.filter((id): id is string => typeof id === "string");
  }
  return Object.values(rings).some((ids) => ids.length > 0) ? rings : undefined;
}

/** "collectors/ring 3, collectors/distributor 1": how many instances each ring holds. */
export function describeRings(rings: ExpectedRings): string {
  return Object.entries(rings)
    .map(([key, ids]) => `${key} ${ids.length}`)
    .join(", ");
}

/** Errors that waiting cannot fix: stop at once rather than spin until the deadline. */
const PERMANENT = new Set(["acl-denied", "not-a-ring", "tls", "config"]);

/** The expected instances of `rings` that are not ACTIVE and healthy in what was read (a missing ring holds nobody). */
export function progressOf(rings: ExpectedRings, read: Map<string, Ring>, waitedMs: number): InstancesProgress {
  const progress: InstancesProgress = { total: 0, active: 0, notReady: [], waitedMs };
  for (const [key, ids] of Object.entries(rings)) {
    const byId = new Map((read.get(key)?.instances ?? []).map((instance) => [instance.id, instance]));
    for (const id of ids) {
      progress.total++;
      const instance = byId.get(id);
      if (instance?.state === "ACTIVE" && instance.healthy) progress.active++;
      else progress.notReady.push({ key, id, state: instance?.state ?? "missing", healthy: instance?.healthy ?? false });
    }
  }
  return progress;
}

/** "4 of 6 ACTIVE; x-ingester-2 JOINING in collectors/ring; x-compactor missing from collectors/compactor". */
export function describeProgress(progress: InstancesProgress): string {
  const parts = [`${progress.active} of ${progress.total} ACTIVE`];
  for (const { key, id, state, healthy } of progress.notReady) {
    parts.push(state === "missing" ? `${id} missing from ${key}` : `${id} ${state}${healthy ? "" : " (no heartbeat)"} in ${key}`);
  }
  return parts.join("; ");
}

/** Reads every ring once; a ring that does not exist yet reads as empty, a permanent error is thrown. */
async function readRings(client: Pick<RingApi, "readRing">, keys: string[]): Promise<{ read: Map<string, Ring>; error: string }> {
  const read = new Map<string, Ring>();
  let error = "";
  for (const key of keys) {
    try {
      read.set(key, await client.readRing(key));
    } catch (caught) {
      const code = (caught as { code?: string }).code;
      if (code && PERMANENT.has(code)) throw caught;
      if (code !== "key-missing") error = (caught as Error).message;
    }
  }
  return { read, error };
}

/**
 * Resolves once every expected instance is ACTIVE and healthy in its ring. Transient Consul errors are retried
 * until the deadline. Times out with a CliError naming what is not ready; an abort becomes an InterruptedError.
 */
export async function waitForActiveInstances(client: Pick<RingApi, "readRing">, options: InstanceWaitOptions): Promise<{ rings: Map<string, Ring>; waitedMs: number }> {
  const now = options.now ?? Date.now;
  const started = now();
  const keys = Object.keys(options.rings);
  for (;;) {
    if (options.signal?.aborted) throw new InterruptedError(`interrupted while waiting for Cortex instances to be ACTIVE in ${keys.join(", ")}`);
    const { read, error } = await readRings(client, keys);
    const progress = progressOf(options.rings, read, now() - started);
    options.onProgress?.(progress);
    if (progress.notReady.length === 0) return { rings: read, waitedMs: progress.waitedMs };
    if (progress.waitedMs >= options.timeoutMs) {
      const why = error ? ` (last error: ${error})` : "";
      throw new CliError(`Cortex is not ACTIVE in its rings after ${formatSeconds(options.timeoutMs)}: ${describeProgress(progress)}${why}`);
    }
    try {
      await sleep(options.intervalMs ?? 500, undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      // Aborted: the loop head reports it.
    }
  }
}
