// Test support for fault tests: samples the ring and the Consul leader through every server's published port,
// several times a second, so a test can say afterwards what a client saw while a server was down: how long
// until a new leader, how long default-consistency reads failed, whether stale reads ever did, and how far
// apart the ingesters' heartbeats landed.
import { setTimeout as sleep } from "node:timers/promises";
import { RingClient, type Ring } from "@cortex-ring/ring-client";

export interface Sample {
  at: number;
  leader: string | undefined;
  /** A default-consistency read answered (the leader answers, or a follower forwards to it). */
  defaultOk: boolean;
  /** How long it took, answered or not (Consul holds a read up to 7 s while it has no leader). */
  defaultMs: number;
  staleOk: boolean;
  /** The ring as a stale read saw it (undefined when that failed). */
  ring: Ring | undefined;
}

export interface FaultMeasure {
  /** From the fault until a leader other than `formerLeader` was reported (undefined: the leader never changed). */
  newLeaderMs: number | undefined;
  /** The slowest default-consistency read, answered or not. */
  slowestDefaultMs: number;
  /** From the fault until default reads answered for good (0 when they never failed). */
  defaultBackMs: number;
  /** How long default reads were failing in all (the gaps between failing samples add up). */
  defaultFailingMs: number;
  staleFailures: number;
  /** Per ingester, the largest gap between two successive heartbeats seen (seconds; Cortex's timestamps are whole seconds). */
  heartbeatGapS: Record<string, number>;
  /** Instances that a sample saw unhealthy. */
  unhealthy: string[];
}

export class RingProbe {
  readonly samples: Sample[] = [];
  private readonly defaultClient: RingClient;
  private readonly staleClient: RingClient;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(addresses: string[], token: string, private readonly key = "collectors/ring") {
    // A short timeout: a server that stopped answering must not hide the others for long.
    const common = { addresses, token, env: {}, timeoutMs: 2_000 };
    this.defaultClient = new RingClient(common);
    this.staleClient = new RingClient({ ...common, consistency: "stale" });
  }

  start(intervalMs = 250): void {
    this.running = (async () => {
      while (!this.stopped) {
        const at = Date.now();
        let defaultMs = 0;
        const timed = this.defaultClient.readRing(this.key).finally(() => (defaultMs = Date.now() - at));
        const [leader, defaultRead, staleRead] = await Promise.allSettled([this.defaultClient.leader(), timed, this.staleClient.readRing(this.key)]);
        this.samples.push({
          at,
          leader: leader.status === "fulfilled" ? leader.value : undefined,
          defaultOk: defaultRead.status === "fulfilled",
          defaultMs,
          staleOk: staleRead.status === "fulfilled",
          ring: staleRead.status === "fulfilled" ? staleRead.value : undefined,
        });
        await sleep(Math.max(0, at + intervalMs - Date.now()));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
    this.defaultClient.close();
    this.staleClient.close();
  }

  /** What the samples from `from` to `to` show about a fault injected at `from`. */
  measure(from: number, to: number, formerLeader: string): FaultMeasure {
    const window = this.samples.filter((s) => s.at >= from && s.at <= to);
    const changed = window.find((s) => s.leader !== undefined && s.leader !== "" && s.leader !== formerLeader);
    const failing = window.filter((s) => !s.defaultOk);
    const lastFailing = failing.at(-1);
    const recovered = lastFailing ? window.find((s) => s.at > lastFailing.at && s.defaultOk) : undefined;
    let failingMs = 0;
    for (const [i, s] of window.entries()) {
      const next = window[i + 1];
      if (!s.defaultOk && next) failingMs += next.at - s.at;
    }
    return {
      newLeaderMs: changed ? changed.at - from : undefined,
      slowestDefaultMs: Math.max(0, ...window.map((s) => s.defaultMs)),
      defaultBackMs: lastFailing ? (recovered ?? lastFailing).at - from : 0,
      defaultFailingMs: failingMs,
      staleFailures: window.filter((s) => !s.staleOk).length,
      heartbeatGapS: this.heartbeatGaps(from - 15_000, to),
      unhealthy: [...new Set(window.flatMap((s) => s.ring?.unhealthy ?? []))],
    };
  }

  /** The largest step between successive distinct heartbeat timestamps of each instance, in the window. */
  private heartbeatGaps(from: number, to: number): Record<string, number> {
    const seen = new Map<string, number[]>();
    for (const sample of this.samples) {
      if (sample.at < from || sample.at > to || !sample.ring) continue;
      for (const instance of sample.ring.instances) {
        const beat = instance.lastHeartbeat ? Math.round(new Date(instance.lastHeartbeat).getTime() / 1000) : undefined;
        if (beat === undefined) continue;
        const beats = seen.get(instance.id) ?? [];
        if (beats.at(-1) !== beat) beats.push(beat);
        seen.set(instance.id, beats);
      }
    }
    const gaps: Record<string, number> = {};
    for (const [id, beats] of seen) {
      const sorted = [...new Set(beats)].sort((a, b) => a - b);
      gaps[id] = sorted.slice(1).reduce((max, beat, i) => Math.max(max, beat - (sorted[i] ?? beat)), 0);
    }
    return gaps;
  }

  /** The latest leader any sample reported (a Raft address), or "" when none yet. */
  get leader(): string {
    return this.samples.findLast((s) => s.leader)?.leader ?? "";
  }
}
