/**
 * Waiting for Cortex instances to be ACTIVE and healthy in their ring after an apply: the containers are up
 * long before Cortex has started, registered and claimed its tokens. Polls the ring in Consul with a deadline.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Ring } from "@cortex-ring/ring-client";
import type { RingApi } from "../deps.js";
import { CliError, InterruptedError } from "../errors.js";

/** Cortex's ingester ring: prefix collectors/ + key ring. */
export const INGESTER_RING = "collectors/ring";

/** Where the wait stands: what is ready, what is not yet and why. */
export interface InstancesProgress {
  key: string;
  active: string[];
  /** Registered, but in another state or not heartbeating. */
  notReady: { id: string; state: string; healthy: boolean }[];
  /** Not in the ring (yet). */
  missing: string[];
  waitedMs: number;
}

export interface InstanceWaitOptions {
  key: string;
  ids: string[];
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
  /** Called after every read of the ring. */
  onProgress?: (progress: InstancesProgress) => void;
  now?: () => number;
}

/** Errors that waiting cannot fix: stop at once rather than spin until the deadline. */
const PERMANENT = new Set(["acl-denied", "not-a-ring", "tls", "config"]);

export function progressOf(ring: Ring | undefined, key: string, ids: string[], waitedMs: number): InstancesProgress {
  const byId = new Map((ring?.instances ?? []).map((instance) => [instance.id, instance]));
  const progress: InstancesProgress = { key, active: [], notReady: [], missing: [], waitedMs };
  for (const id of ids) {
    const instance = byId.get(id);
    if (!instance) progress.missing.push(id);
    else if (instance.state === "ACTIVE" && instance.healthy) progress.active.push(id);
    else progress.notReady.push({ id, state: instance.state, healthy: instance.healthy });
  }
  return progress;
}

/** "2 of 3 ACTIVE; ingester-1 JOINING; ingester-2 not registered": what is still awaited, in one line. */
export function describeProgress(progress: InstancesProgress): string {
  const total = progress.active.length + progress.notReady.length + progress.missing.length;
  const parts = [`${progress.active.length} of ${total} ACTIVE`];
  for (const instance of progress.notReady) parts.push(`${instance.id} ${instance.state}${instance.healthy ? "" : " (no heartbeat)"}`);
  if (progress.missing.length > 0) parts.push(`${progress.missing.join(", ")} not registered`);
  return parts.join("; ");
}

/**
 * Resolves once every instance of `ids` is ACTIVE and healthy in the ring at `key`. A missing ring counts as
 * "nobody registered yet"; transient Consul errors are retried until the deadline. Times out with a CliError
 * naming what is still missing; an abort becomes an InterruptedError.
 */
export async function waitForActiveInstances(client: Pick<RingApi, "readRing">, options: InstanceWaitOptions): Promise<{ ring: Ring; waitedMs: number }> {
  const now = options.now ?? Date.now;
  const started = now();
  let last: InstancesProgress = progressOf(undefined, options.key, options.ids, 0);
  let lastError = "";
  for (;;) {
    if (options.signal?.aborted) throw new InterruptedError(`interrupted while waiting for ${options.ids.length} instances to be ACTIVE in ${options.key}`);
    let ring: Ring | undefined;
    try {
      ring = await client.readRing(options.key);
      lastError = "";
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code && PERMANENT.has(code)) throw error;
      if (code !== "key-missing") lastError = (error as Error).message;
    }
    last = progressOf(ring, options.key, options.ids, now() - started);
    options.onProgress?.(last);
    if (ring && last.active.length === options.ids.length) return { ring, waitedMs: last.waitedMs };
    if (last.waitedMs >= options.timeoutMs) {
      const why = lastError ? ` (last error: ${lastError})` : "";
      throw new CliError(`not every instance is ACTIVE in ${options.key} after ${Math.round(options.timeoutMs / 1000)}s: ${describeProgress(last)}${why}`);
    }
    try {
      await sleep(options.intervalMs ?? 500, undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      // Aborted: the loop head reports it.
    }
  }
}
