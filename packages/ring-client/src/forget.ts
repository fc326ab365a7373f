/**
 * Removing an instance the way the /ring page's Forget button does (Cortex pkg/ring/http.go forget →
 * kv/consul CAS): read without staleness, drop the instance, write back with ?cas=<ModifyIndex>, and on
 * conflict start over from a fresh read, so another instance's concurrent heartbeat is never overwritten.
 */
import type { RingDesc } from "./descriptor.js";
import { CasConflictError, InstanceHealthyError, KeyMissingError } from "./errors.js";
import { heartbeatAgeSeconds, isHeartbeatHealthy } from "./health.js";
import type { KvEntry } from "./kv.js";

export interface ForgetOptions {
  /** Remove it even though it still heartbeats. */
  force?: boolean;
  /** Check-and-set attempts before giving up; Cortex uses 10. */
  maxAttempts?: number;
}

export interface ForgetResult {
  removed: boolean;
  attempts: number;
}

export interface ForgetStore {
  endpoint(key: string): string;
  read(key: string): Promise<KvEntry | null>;
  decode(key: string, value: Buffer | null): RingDesc;
  encode(desc: RingDesc): Buffer;
  heartbeatTimeoutMs: number;
  checkAndSet(key: string, value: Buffer, modifyIndex: number): Promise<boolean>;
}

export async function forgetInstance(store: ForgetStore, key: string, instanceId: string, options: ForgetOptions = {}): Promise<ForgetResult> {
  const maxAttempts = options.maxAttempts ?? 10;
  for (let attempts = 1; attempts <= maxAttempts; attempts++) {
    const entry = await store.read(key);
    if (!entry) throw new KeyMissingError(key, store.endpoint(key));
    const desc = store.decode(key, entry.value);
    const instance = desc.ingesters[instanceId];
    if (!instance) return { removed: false, attempts };
    const now = new Date();
    if (!options.force && isHeartbeatHealthy(instance.timestamp, now, store.heartbeatTimeoutMs)) {
      throw new InstanceHealthyError(key, instanceId, heartbeatAgeSeconds(instance.timestamp, now));
    }
    const { [instanceId]: _removed, ...rest } = desc.ingesters;
    if (await store.checkAndSet(key, store.encode({ ingesters: rest }), entry.modifyIndex)) return { removed: true, attempts };
  }
  throw new CasConflictError(key, store.endpoint(key), maxAttempts);
}
