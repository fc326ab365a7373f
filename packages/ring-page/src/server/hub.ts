/**
 * The page's live state: every ring found under the prefixes (or the keys asked for), each followed with
 * ring-client's watch, and Consul's own state from a cheap probe (the watch retries outages silently, so the
 * probe is what tells the page that Consul is down, and when it is back).
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { ringStatus, type RingClient, type Ring, type RingSnapshot, type RingStatusOptions, type WatchOptions } from "@cortex-ring/ring-client";
import type { ConsulStatus, Json, RingStatusJson, RingView } from "../protocol.js";
import { ringLayout, tokensVersion } from "./layout.js";

/** The slice of ring-client's RingClient the page uses; create it with `includeTokens: true`. */
export type RingSource = Pick<RingClient, "address" | "discoverSnapshots" | "watchRing" | "forget" | "leader">;

export interface HubOptions {
  /** Follow exactly these ring keys; default: discover every ring under `prefixes`. */
  keys?: string[];
  /** Where discovery looks (ring-client's default: collectors/, rulers/, alertmanagers/). */
  prefixes?: string[];
  /** How often to look for rings that appeared or went away. Default 10 s. */
  discoverIntervalMs?: number;
  /** How often to ask Consul for its leader, to notice an outage and the recovery. Default 2 s. */
  probeIntervalMs?: number;
  /** Passed to each ring's watch (blocking-query wait, rate limit, backoff). */
  watch?: Omit<WatchOptions, "signal">;
  /** How /api/rings judges the ingester ring, as `ring status` does (which ring, replication factor, zones). */
  status?: RingStatusOptions;
}

/** `revision`: the hub's revision after a ring changed, the SSE id a page resumes from. */
export type HubEvent = { type: "ring"; view: RingView; revision: string } | { type: "ring-removed"; key: string; revision: string } | { type: "consul"; consul: ConsulStatus };

export interface EncodedLayout {
  version: string;
  body: Uint8Array;
  /** Compressed bodies by content coding, made once per layout when first asked for (shared while under way). */
  compressed: Map<string, Promise<Uint8Array>>;
}

interface Entry {
  /** null until the ring could be read (its view then carries the error). */
  snapshot: RingSnapshot | null;
  view: RingView;
  /** The hub's revision when this ring last changed. */
  revision: number;
  /** The encoded layout of `view.tokensVersion`, made on first request. */
  layout?: EncodedLayout;
  /** /api/rings' answer for this reading, made on first request (the verdict walks every token). */
  status?: RingStatusJson;
}

/** The state at one revision: `rings` changed after `since` (all without it), `keys` every ring there is. */
export interface HubSnapshot {
  consul: ConsulStatus;
  rings: RingView[];
  keys: string[];
  revision: string;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";

/** The ring as the CLI's --json prints it: tokens stay on the server. */
function publicRing<T extends Ring>(ring: T): Json<T> {
  const instances = ring.instances.map(({ tokens: _tokens, ...rest }) => rest);
  return JSON.parse(JSON.stringify({ ...ring, instances })) as Json<T>;
}

export class RingHub {
  private readonly entries = new Map<string, Entry>();
  /** The running watch of each ring key (one at most). */
  private readonly watches = new Map<string, AbortController>();
  private readonly listeners = new Set<(event: HubEvent) => void>();
  private readonly stopping = new AbortController();
  private consul: ConsulStatus;
  private loops: Promise<void>[] = [];
  private discovering: Promise<void> | null = null;
  /** Counts ring changes; with the epoch (new every server) it names a moment a page can resume from. */
  private revision = 0;
  private readonly epoch = randomBytes(6).toString("base64url");

  constructor(
    private readonly source: RingSource,
    private readonly options: HubOptions = {},
  ) {
    this.consul = { address: source.address, state: "starting", since: new Date().toISOString() };
  }

  start(): void {
    this.loops = [this.every(this.options.probeIntervalMs ?? 2000, () => this.probe()), this.every(this.options.discoverIntervalMs ?? 10_000, () => this.discover())];
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    for (const watch of this.watches.values()) watch.abort();
    await Promise.all(this.loops);
  }

  subscribe(listener: (event: HubEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every ring, or (`since`, a revision this server gave out) only those changed after it. */
  snapshot(since?: string | null): HubSnapshot {
    const [epoch, count] = (since ?? "").split(".");
    const after = epoch === this.epoch && Number(count) <= this.revision ? Number(count) : -1;
    const entries = this.sorted();
    return {
      consul: this.consul,
      rings: entries.filter((entry) => entry.revision > after).map((entry) => entry.view),
      keys: entries.map((entry) => entry.view.key),
      revision: this.revisionId(),
    };
  }

  views(): RingView[] {
    return this.sorted().map((entry) => entry.view);
  }

  /** Each read ring as /api/rings (and `ring status --json`) gives it: the ring, its value size, the verdict. */
  statuses(): RingStatusJson[] {
    return this.sorted().flatMap((entry) => {
      if (!entry.snapshot) return [];
      entry.status ??= publicRing(ringStatus(entry.snapshot, this.options.status));
      return [entry.status];
    });
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The encoded token layout of a ring, cached per version; undefined for an unknown or unread ring. */
  layout(key: string): EncodedLayout | undefined {
    const entry = this.entries.get(key);
    if (!entry?.snapshot) return undefined;
    if (entry.layout?.version !== entry.view.tokensVersion) entry.layout = { version: entry.view.tokensVersion, body: ringLayout(entry.snapshot.ring), compressed: new Map() };
    return entry.layout;
  }

  private sorted(): Entry[] {
    return [...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
  }

  private revisionId(): string {
    return `${this.epoch}.${this.revision}`;
  }

  /** Looks for rings now (after a forget, or when Consul came back); concurrent calls share one run. */
  discover(): Promise<void> {
    this.discovering ??= this.discoverOnce().finally(() => (this.discovering = null));
    return this.discovering;
  }

  private async discoverOnce(): Promise<void> {
    let rings: RingSnapshot[];
    try {
      rings = this.options.keys ? [] : await this.source.discoverSnapshots(this.options.prefixes);
    } catch (error) {
      // The probe judges Consul itself; this says what the page cannot see (an ACL denial on the KV, say).
      this.setConsul({ discoveryError: message(error) });
      return;
    }
    this.setConsul({ discoveryError: undefined });
    const keys = this.options.keys ?? rings.map((snapshot) => snapshot.ring.key);
    for (const snapshot of rings) if (!this.entries.has(snapshot.ring.key)) this.update(snapshot);
    for (const key of keys) if (!this.watches.has(key)) this.follow(key);
    for (const key of [...this.entries.keys()]) {
      if (keys.includes(key)) continue;
      this.watches.get(key)?.abort();
      this.watches.delete(key);
      this.entries.delete(key);
      this.revision++;
      this.emit({ type: "ring-removed", key, revision: this.revisionId() });
    }
  }

  private follow(key: string): void {
    const controller = new AbortController();
    this.watches.set(key, controller);
    void (async () => {
      try {
        for await (const { ring, desc, valueBytes } of this.source.watchRing(key, { backoffMs: { min: 250, max: 2000 }, ...this.options.watch, signal: controller.signal })) {
          if (controller.signal.aborted) return;
          this.update({ ring, desc, valueBytes });
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        // Fatal for this watch (ACL denied, not a ring): shown on the ring, even one never read (a --key whose
        // first read failed); the next probe starts the watch again, and the first good read clears it.
        this.watches.delete(key);
        const current = this.entries.get(key);
        const reason = message(error);
        if (current?.view.error === reason) return;
        const view: RingView = current ? { ...current.view, error: reason } : { key, ring: null, tokensVersion: "", error: reason };
        this.set(key, { snapshot: current?.snapshot ?? null, view, ...(current?.layout ? { layout: current.layout } : {}) });
      }
    })();
  }

  private update(snapshot: RingSnapshot): void {
    const { ring } = snapshot;
    const previous = this.entries.get(ring.key);
    const view: RingView = { key: ring.key, ring: publicRing(ring), tokensVersion: tokensVersion(ring) };
    this.set(ring.key, { snapshot, view, ...(previous?.layout ? { layout: previous.layout } : {}) });
  }

  private set(key: string, entry: Omit<Entry, "revision">): void {
    this.revision++;
    this.entries.set(key, { ...entry, revision: this.revision });
    this.emit({ type: "ring", view: entry.view, revision: this.revisionId() });
  }

  private async probe(): Promise<void> {
    const wasUp = this.consul.state === "up";
    try {
      const leader = await this.source.leader();
      this.setConsul(leader ? { state: "up", leader, error: undefined } : { state: "no-leader", leader: undefined, error: `Consul at ${this.source.address} answers but has no cluster leader` });
    } catch (error) {
      this.setConsul({ state: "down", leader: undefined, error: message(error) });
    }
    // Back from an outage: look again now rather than at the next discovery tick.
    if (!wasUp && this.consul.state === "up") await this.discover();
    // A ring whose watch failed (ACL denied, not a ring) is read again at every probe, so a fix shows in seconds.
    if (this.consul.state === "up") for (const [key, entry] of this.entries) if (entry.view.error && !this.watches.has(key)) this.follow(key);
  }

  private setConsul(change: { [K in "state" | "leader" | "error" | "discoveryError"]?: ConsulStatus[K] }): void {
    // Through JSON: fields set to undefined are dropped, so the comparison and what the page receives agree.
    const next = JSON.parse(JSON.stringify({ ...this.consul, ...change })) as ConsulStatus;
    if (JSON.stringify(next) === JSON.stringify(this.consul)) return;
    if (next.state !== this.consul.state) next.since = new Date().toISOString();
    this.consul = next;
    this.emit({ type: "consul", consul: this.consul });
  }

  private emit(event: HubEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private async every(intervalMs: number, work: () => Promise<void>): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      await work();
      try {
        await sleep(intervalMs, undefined, { signal });
      } catch {
        return;
      }
    }
  }
}
