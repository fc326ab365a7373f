/**
 * The rings as Prometheus metrics, read afresh from Consul on every scrape (an exporter, like consul_exporter):
 * members by state and health, the ingester ring's quorum verdict (share of the token space below quorum and
 * below RF per operation, instances whose loss alone breaks quorum), the stored value's size against Consul's
 * 512 KiB limit, and how long ago the ring was last written. Names start with `cortexring_`, so they never mix
 * with Cortex's own `cortex_ring_*` series.
 */
import { CONSUL_VALUE_LIMIT_BYTES, INSTANCE_STATES, judgeRing, type QuorumOptions, type RingSnapshot } from "@cortex-ring/ring-client";
import { Gauge, Registry } from "prom-client";

export interface RingSource {
  /** Every ring to export, read now. */
  read(): Promise<RingSnapshot[]>;
}

export interface RingMetricsOptions {
  /** The ring judged for quorum. */
  ingesterRing: string;
  quorum: QuorumOptions;
  /** Reports a failed scrape (Consul unreachable, …) once per failure. */
  onError?: (error: Error) => void;
}

export class RingMetrics {
  readonly registry = new Registry();
  private readonly options: RingMetricsOptions;
  private readonly lastChange = new Map<string, { modifyIndex: number; seenAt: number }>();
  private scraping: Promise<void> | null = null;

  private readonly up: Gauge;
  private readonly scrapeSeconds: Gauge;
  private readonly members: Gauge;
  private readonly tokens: Gauge;
  private readonly valueBytes: Gauge;
  private readonly updateAge: Gauge;
  private readonly replicationFactor: Gauge;
  private readonly quorumStatus: Gauge;
  private readonly belowQuorum: Gauge;
  private readonly belowReplicationFactor: Gauge;
  private readonly critical: Gauge;

  constructor(private readonly source: RingSource, options: RingMetricsOptions) {
    this.options = options;
    const gauge = (name: string, help: string, labelNames: string[] = []): Gauge => new Gauge({ name: `cortexring_${name}`, help, labelNames, registers: [this.registry] });
    this.up = gauge("consul_up", "1 when the last scrape read the rings from Consul, 0 when it failed.");
    this.scrapeSeconds = gauge("scrape_duration_seconds", "Seconds the last scrape took to read and judge the rings.");
    gauge("consul_value_limit_bytes", "Largest value Consul stores under one key (512 KiB); a ring value past it can no longer be written.").set(CONSUL_VALUE_LIMIT_BYTES);
    this.members = gauge("ring_members", "Instances in the ring by state and by heartbeat health.", ["ring", "state", "health"]);
    this.tokens = gauge("ring_tokens", "Tokens registered in the ring.", ["ring"]);
    this.valueBytes = gauge("ring_value_bytes", "Size of the ring's value in Consul (snappy-compressed protobuf).", ["ring"]);
    this.updateAge = gauge("ring_last_update_age_seconds", "Seconds since the ring was last written: its newest heartbeat, or the last change this exporter saw.", ["ring"]);
    this.replicationFactor = gauge("ring_replication_factor", "Replication factor the ingester ring is judged with.", ["ring"]);
    this.quorumStatus = gauge("ring_quorum_status", "1 for the ingester ring's verdict (ok, degraded or broken; the worse of writes and reads), 0 for the others.", ["ring", "status"]);
    this.belowQuorum = gauge("ring_below_quorum_ratio", "Share of the token space whose replica set lost quorum: those keys cannot be written (or read).", ["ring", "operation"]);
    this.belowReplicationFactor = gauge("ring_below_replication_factor_ratio", "Share of the token space with fewer healthy replicas than the replication factor.", ["ring", "operation"]);
    this.critical = gauge("ring_critical_instances", "Instances whose loss alone would make some keys lose quorum.", ["ring", "operation"]);
  }

  /** Reads the rings and renders the exposition; concurrent scrapes share one read. */
  async scrape(): Promise<string> {
    this.scraping ??= this.refresh().finally(() => (this.scraping = null));
    await this.scraping;
    return this.registry.metrics();
  }

  private async refresh(): Promise<void> {
    const started = performance.now();
    for (const metric of [this.members, this.tokens, this.valueBytes, this.updateAge, this.replicationFactor, this.quorumStatus, this.belowQuorum, this.belowReplicationFactor, this.critical]) metric.reset();
    try {
      for (const snapshot of await this.source.read()) this.export(snapshot);
      this.up.set(1);
    } catch (error) {
      this.up.set(0);
      this.options.onError?.(error as Error);
    }
    this.scrapeSeconds.set((performance.now() - started) / 1000);
  }

  private export(snapshot: RingSnapshot): void {
    const { ring, valueBytes } = snapshot;
    const labels = { ring: ring.key };
    for (const state of INSTANCE_STATES) {
      for (const health of ["healthy", "unhealthy"]) {
        const count = ring.instances.filter((i) => i.state === state && i.healthy === (health === "healthy")).length;
        this.members.set({ ...labels, state, health }, count);
      }
    }
    this.tokens.set(labels, ring.totalTokens);
    this.valueBytes.set(labels, valueBytes);
    const age = this.secondsSinceUpdate(snapshot);
    if (age !== null) this.updateAge.set(labels, age);
    if (ring.key !== this.options.ingesterRing) return;

    const { verdict } = judgeRing(snapshot, { ...this.options.quorum, without: [], maxListedRanges: 0 });
    this.replicationFactor.set(labels, verdict.replicationFactor);
    for (const status of ["ok", "degraded", "broken"] as const) this.quorumStatus.set({ ...labels, status }, verdict.status === status ? 1 : 0);
    for (const op of [verdict.write, verdict.read]) {
      const opLabels = { ...labels, operation: op.operation };
      this.belowQuorum.set(opLabels, op.share.broken);
      this.belowReplicationFactor.set(opLabels, op.share.broken + op.share.degraded);
      this.critical.set(opLabels, op.critical.length);
    }
  }

  /**
   * Every live instance writes the value on each heartbeat, and a forget writes without one, so the last write is
   * the newest heartbeat or the last change of the ModifyIndex seen here, whichever is later; null while unknown.
   */
  private secondsSinceUpdate({ ring, desc }: RingSnapshot): number | null {
    const now = ring.readAt.getTime();
    const seen = this.lastChange.get(ring.key);
    const changed = { modifyIndex: ring.modifyIndex, seenAt: !seen ? 0 : seen.modifyIndex !== ring.modifyIndex ? now : seen.seenAt };
    this.lastChange.set(ring.key, changed);
    let lastWrite = changed.seenAt;
    for (const instance of Object.values(desc.ingesters)) lastWrite = Math.max(lastWrite, instance.timestamp * 1000);
    return lastWrite === 0 ? null : Math.max(0, (now - lastWrite) / 1000);
  }
}
