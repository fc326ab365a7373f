/**
 * A RingSource in memory, for tests that need a ring of any shape (1,000 × 512) or an outage on demand. Rings
 * are modelled by ring-client's own buildRing, and forget runs ring-client's forgetInstance (the same health
 * check and check-and-set as against Consul).
 */
import { ConsulUnreachableError, encodeRingDesc, decodeRingDesc, type InstanceDesc, type RingDesc, type RingSnapshot, type RingUpdate } from "@cortex-ring/ring-client";
import { buildRing, forgetInstance } from "@cortex-ring/ring-client/parts";
import type { RingSource } from "../../src/index.js";

export const NOW_S = Math.floor(Date.now() / 1000);

export function instance(tokens: number[], overrides: Partial<InstanceDesc> = {}): InstanceDesc {
  return { addr: "10.0.0.1:9095", timestamp: Math.floor(Date.now() / 1000), state: 0, tokens, zone: "", registeredTimestamp: NOW_S - 3600, id: "", readOnlyUpdatedTimestamp: 0, readOnly: false, versions: {}, ...overrides };
}

/** `count` instances with `tokensEach` seeded pseudo-random tokens each, spread over `zones`. */
export function bigRing(count: number, tokensEach: number, zones: string[] = [""]): RingDesc {
  let seed = 42;
  const next = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
  const ingesters: RingDesc["ingesters"] = {};
  for (let i = 0; i < count; i++) {
    const tokens = Array.from({ length: tokensEach }, next).sort((a, b) => a - b);
    ingesters[`ingester-${String(i).padStart(4, "0")}`] = instance(tokens, { addr: `10.0.${i >> 8}.${i & 255}:9095`, zone: zones[i % zones.length]! });
  }
  return { ingesters };
}

export class FakeSource implements RingSource {
  readonly address = "http://127.0.0.1:8500";
  down = false;
  private readonly rings = new Map<string, { desc: RingDesc; index: number }>();
  private readonly waiters = new Set<() => void>();

  constructor(
    rings: Record<string, RingDesc>,
    private readonly heartbeatTimeoutMs = 60_000,
  ) {
    for (const [key, desc] of Object.entries(rings)) this.rings.set(key, { desc, index: 1 });
  }

  set(key: string, desc: RingDesc): void {
    const current = this.rings.get(key);
    this.rings.set(key, { desc, index: (current?.index ?? 0) + 1 });
    for (const wake of this.waiters) wake();
  }

  desc(key: string): RingDesc | undefined {
    return this.rings.get(key)?.desc;
  }

  /** The ring as the real client reads it: the model, the descriptor, and the size its stored value would have. */
  private snapshot(key: string): RingSnapshot {
    const { desc, index } = this.rings.get(key) ?? { desc: { ingesters: {} }, index: 0 };
    const ring = buildRing(key, desc, { heartbeatTimeoutMs: this.heartbeatTimeoutMs, includeTokens: true, modifyIndex: index });
    return { ring, desc, valueBytes: encodeRingDesc(desc).length };
  }

  private check(endpoint: string): void {
    if (this.down) throw new ConsulUnreachableError(`${this.address}/v1/${endpoint}`, "connection refused (ECONNREFUSED)");
  }

  async discoverSnapshots(): Promise<RingSnapshot[]> {
    this.check("kv/collectors/?recurse");
    return [...this.rings.keys()].sort().map((key) => this.snapshot(key));
  }

  async leader(): Promise<string> {
    this.check("status/leader");
    return "127.0.0.1:8300";
  }

  async *watchRing(key: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<RingUpdate> {
    let seen = -1;
    while (!options.signal?.aborted) {
      const index = this.rings.get(key)?.index ?? 0;
      if (index !== seen && !this.down) {
        seen = index;
        yield { ...this.snapshot(key), diff: { joined: [], left: [], stateChanged: [], becameUnhealthy: [], becameHealthy: [] } };
      }
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 200);
        this.waiters.add(wake);
      });
    }
  }

  forget: RingSource["forget"] = (key, id, options) =>
    forgetInstance(
      {
        endpoint: (k) => `${this.address}/v1/kv/${k}`,
        read: async (k) => {
          this.check(`kv/${k}`);
          const entry = this.rings.get(k);
          return entry ? { key: k, value: encodeRingDesc(entry.desc), modifyIndex: entry.index } : null;
        },
        decode: (_k, value) => decodeRingDesc(value),
        encode: encodeRingDesc,
        heartbeatTimeoutMs: this.heartbeatTimeoutMs,
        checkAndSet: async (k, value, modifyIndex) => {
          if (this.rings.get(k)?.index !== modifyIndex) return false;
          this.set(k, decodeRingDesc(value));
          return true;
        },
      },
      key,
      id,
      options,
    );
}
