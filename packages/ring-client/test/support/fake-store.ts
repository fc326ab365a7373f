/** A KV holding one ring value with Consul's check-and-set semantics, for the forget algorithms' unit tests. */
import { decodeRingDesc, encodeRingDesc, type RingDesc } from "../../src/descriptor.js";
import type { ForgetStore } from "../../src/forget.js";

export interface FakeKv {
  write(desc: RingDesc): void;
  desc(): RingDesc;
}

export interface FakeStoreHooks {
  /** Runs on every read, before it answers (n counts reads from 1). */
  onRead?(n: number, kv: FakeKv): void;
  /** Runs between a read and the check-and-set, like a heartbeat landing (attempt counts writes from 1). */
  beforeWrite?(attempt: number, kv: FakeKv): void;
}

export type FakeStore = ForgetStore & { value(): RingDesc; writes: number };

export function fakeStore(initial: RingDesc | null, hooks: FakeStoreHooks = {}, heartbeatTimeoutMs = 60_000): FakeStore {
  let value = initial ? encodeRingDesc(initial) : null;
  let modifyIndex = 10;
  let reads = 0;
  let attempt = 0;
  const kv: FakeKv = {
    write(d) {
      value = encodeRingDesc(d);
      modifyIndex++;
    },
    desc: () => decodeRingDesc(value),
  };
  const store: FakeStore = {
    writes: 0,
    heartbeatTimeoutMs,
    endpoint: (key) => `http://consul/v1/kv/${key}`,
    async read(key) {
      hooks.onRead?.(++reads, kv);
      return value ? { key, value, modifyIndex } : null;
    },
    decode: (key, v) => decodeRingDesc(v, key),
    encode: encodeRingDesc,
    async checkAndSet(_key, next, cas) {
      hooks.beforeWrite?.(++attempt, kv);
      if (cas !== modifyIndex) return false;
      value = next;
      modifyIndex++;
      store.writes++;
      return true;
    },
    value: () => decodeRingDesc(value),
  };
  return store;
}
