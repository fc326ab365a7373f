/**
 * The page's live state: every ring found under the prefixes (or the keys asked for), each followed with
 * ring-client's watch, and Consul's own state from a cheap probe (the watch retries outages silently, so the
 * probe is what tells the page that Consul is down, and when it is back).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { RingClient, Ring, WatchOptions } from "@cortex-ring/ring-client";
import type { ConsulStatus, RingJson, RingView } from "../protocol.js";
import { ringTracks, tokensVersion } from "./tracks.js";
import { encodeTracks } from "../tracks-codec.js";

/** The slice of ring-client's RingClient the page uses; create it with `includeTokens: true`. */
export type RingSource = Pick<RingClient, "address" | "discoverRings" | "watchRing" | "forget" | "leader">;

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
}

export type HubEvent = { type: "ring"; view: RingView } | { type: "ring-removed"; key: string } | { type: "consul"; consul: ConsulStatus };

export interface EncodedTracks {
  version: string;
  body: Uint8Array;
  gzip?: Uint8Array;
}

interface Entry {
  ring: Ring;
  view: RingView;
  /** The encoded tracks of `view.tokensVersion`, made on first request (and gzipped once, when asked). */
  tracks?: EncodedTracks;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";

/** The ring as the CLI's --json prints it: tokens stay on the server. */
function publicRing(ring: Ring): RingJson {
  const instances = ring.instances.map(({ tokens: _tokens, ...rest }) => rest);
  return JSON.parse(JSON.stringify({ ...ring, instances })) as RingJson;
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

  snapshot(): { consul: ConsulStatus; rings: RingView[] } {
    return { consul: this.consul, rings: this.views() };
  }

  views(): RingView[] {
    return [...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry.view);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The encoded tracks of a ring, cached per token layout; undefined for an unknown ring. */
  tracks(key: string): EncodedTracks | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.tracks?.version !== entry.view.tokensVersion) entry.tracks = { version: entry.view.tokensVersion, body: encodeTracks(ringTracks(entry.ring)) };
    return entry.tracks;
  }

  /** Looks for rings now (after a forget, or when Consul came back); concurrent calls share one run. */
  discover(): Promise<void> {
    this.discovering ??= this.discoverOnce().finally(() => (this.discovering = null));
    return this.discovering;
  }

  private async discoverOnce(): Promise<void> {
    let rings: Ring[];
    try {
      rings = this.options.keys ? [] : await this.source.discoverRings(this.options.prefixes);
    } catch (error) {
      // The probe judges Consul itself; this says what the page cannot see (an ACL denial on the KV, say).
      this.setConsul({ discoveryError: message(error) });
      return;
    }
    this.setConsul({ discoveryError: undefined });
    const keys = this.options.keys ?? rings.map((ring) => ring.key);
    for (const ring of rings) if (!this.entries.has(ring.key)) this.update(ring);
    for (const key of keys) if (!this.watches.has(key)) this.follow(key);
    for (const key of [...this.entries.keys()]) {
      if (keys.includes(key)) continue;
      this.watches.get(key)?.abort();
      this.watches.delete(key);
      this.entries.delete(key);
      this.emit({ type: "ring-removed", key });
    }
  }

  private follow(key: string): void {
    const controller = new AbortController();
    this.watches.set(key, controller);
    void (async () => {
      try {
        for await (const { ring } of this.source.watchRing(key, { backoffMs: { min: 250, max: 2000 }, ...this.options.watch, signal: controller.signal })) {
          if (controller.signal.aborted) return;
          this.update(ring);
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        // Fatal for this watch (ACL denied, not a ring): shown on the ring; the next discovery starts it again.
        this.watches.delete(key);
        const current = this.entries.get(key);
        if (!current) return;
        current.view = { ...current.view, error: message(error) };
        this.emit({ type: "ring", view: current.view });
      }
    })();
  }

  private update(ring: Ring): void {
    const previous = this.entries.get(ring.key);
    const version = tokensVersion(ring);
    const view: RingView = { ring: publicRing(ring), tokensVersion: version };
    this.entries.set(ring.key, { ring, view, ...(previous?.tracks ? { tracks: previous.tracks } : {}) });
    this.emit({ type: "ring", view });
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
