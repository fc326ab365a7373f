/** RingClient: the ring and its Consul agent, read and repaired through the `consul` npm client. */
import { Connection, type ConnectionOptions } from "./connection.js";
import { decodeRingDesc, encodeRingDesc, type RingDesc } from "./descriptor.js";
import { DEFAULT_RING_KEY, DEFAULT_RING_PREFIXES, KNOWN_RING_KEYS } from "./discovery.js";
import { KeyMissingError, NotARingError } from "./errors.js";
import { forgetInstance, type ForgetOptions, type ForgetResult, type ForgetStore } from "./forget.js";
import { forgetUnhealthy, type ForgetUnhealthyOptions, type ForgetUnhealthyResult } from "./forget-unhealthy.js";
import { DEFAULT_HEARTBEAT_TIMEOUT_MS } from "./health.js";
import { goDurationMs, judgeRaftQuorum, type RaftPeer, type RaftQuorum, type ServerHealth } from "./raft.js";
import { checkAndSet, readKey, readPrefix, type KvEntry } from "./kv.js";
import { buildRing, type Ring } from "./ring.js";
import type { RingSnapshot } from "./snapshot.js";
import { watch, type RingUpdate, type WatchOptions } from "./watch.js";

export interface RingClientOptions extends ConnectionOptions {
  /** An instance is unhealthy once its last heartbeat is older than this. Default 60 000 (Cortex's default); 0 = never. */
  heartbeatTimeoutMs?: number;
  /** Compute ownership per zone, as Cortex does with zone awareness enabled. Default false. */
  zoneAwareness?: boolean;
  /** Carry each instance's tokens in the rings read (`Instance.tokens`), e.g. to draw them. Default false. */
  includeTokens?: boolean;
}

export interface ConsulMember {
  name: string;
  address: string;
  port: number;
  /** Serf status: alive, leaving, left, failed (or none). */
  status: string;
  role: "server" | "client";
  datacenter?: string;
}

const SERF_STATUS = ["none", "alive", "leaving", "left", "failed"];

interface RawRaftServer {
  ID: string;
  Node: string;
  Address: string;
  Leader: boolean;
  Voter: boolean;
}

interface RawServerHealth {
  Name: string;
  Address: string;
  Healthy: boolean;
  LastContact: string;
  LastIndex: number;
}

interface RawMember {
  Name: string;
  Addr: string;
  Port: number;
  Status: number;
  Tags?: Record<string, string>;
}

export class RingClient {
  private readonly conn: Connection;
  private readonly heartbeatTimeoutMs: number;
  private readonly zoneAwareness: boolean;
  private readonly includeTokens: boolean;

  constructor(options: RingClientOptions = {}) {
    this.conn = new Connection(options);
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
    this.zoneAwareness = options.zoneAwareness ?? false;
    this.includeTokens = options.includeTokens ?? false;
  }

  /** The Consul address in use (scheme://host:port), for messages. */
  get address(): string {
    return this.conn.address;
  }

  private model(key: string, desc: RingDesc, modifyIndex: number): Ring {
    return buildRing(key, desc, { heartbeatTimeoutMs: this.heartbeatTimeoutMs, zoneAwareness: this.zoneAwareness, includeTokens: this.includeTokens, modifyIndex });
  }

  private snapshotOf(entry: KvEntry): RingSnapshot {
    const desc = decodeRingDesc(entry.value, entry.key);
    return { ring: this.model(entry.key, desc, entry.modifyIndex), desc, valueBytes: entry.value?.length ?? 0 };
  }

  async readRing(key: string = DEFAULT_RING_KEY): Promise<Ring> {
    return (await this.readSnapshot(key)).ring;
  }

  /** The ring with the descriptor it was built from (for verdicts) and the stored value's size. */
  async readSnapshot(key: string = DEFAULT_RING_KEY): Promise<RingSnapshot> {
    const { entry } = await readKey(this.conn, key);
    if (!entry) throw new KeyMissingError(key, this.conn.endpoint(`kv/${key}`));
    return this.snapshotOf(entry);
  }

  /**
   * Every ring under the prefixes (default: Cortex's collectors/, rulers/, alertmanagers/), sorted by key.
   * Values that are not rings are skipped, except at Cortex's well-known ring keys, where they are errors.
   */
  async discoverRings(prefixes: string[] = [...DEFAULT_RING_PREFIXES]): Promise<Ring[]> {
    return (await this.discoverSnapshots(prefixes)).map((snapshot) => snapshot.ring);
  }

  /** {@link discoverRings}, each ring with its descriptor and value size. */
  async discoverSnapshots(prefixes: string[] = [...DEFAULT_RING_PREFIXES]): Promise<RingSnapshot[]> {
    const rings = new Map<string, RingSnapshot>();
    for (const prefix of prefixes) {
      for (const entry of await readPrefix(this.conn, prefix)) {
        if (rings.has(entry.key) || entry.key.endsWith("/")) continue;
        try {
          rings.set(entry.key, this.snapshotOf(entry));
        } catch (error) {
          if (!(error instanceof NotARingError) || KNOWN_RING_KEYS.includes(entry.key)) throw error;
        }
      }
    }
    return [...rings.values()].sort((a, b) => (a.ring.key < b.ring.key ? -1 : a.ring.key > b.ring.key ? 1 : 0));
  }

  /**
   * Snapshots of the ring as it changes, each with what changed since the previous one (the first lists every
   * instance as joined), until `signal` aborts. A missing key reads as an empty ring.
   */
  watchRing(key: string = DEFAULT_RING_KEY, options: WatchOptions = {}): AsyncIterable<RingUpdate> {
    // close() ends the watch quietly, as aborting its signal does, even in the middle of a backoff.
    const signal = options.signal ? AbortSignal.any([options.signal, this.conn.closed]) : this.conn.closed;
    return watch(
      {
        read: (k, o) => readKey(this.conn, k, o),
        decode: (k, value) => decodeRingDesc(value, k),
        model: (k, desc, modifyIndex) => this.model(k, desc, modifyIndex),
      },
      key,
      { ...options, signal },
    );
  }

  private forgetStore(): ForgetStore {
    const conn = this.conn;
    return {
      endpoint: (k) => conn.endpoint(`kv/${k}`),
      // Never stale: the check-and-set must start from the latest ModifyIndex, as Cortex's CAS does.
      read: async (k) => (await readKey(conn, k, { consistency: conn.settings.consistency === "consistent" ? "consistent" : "default" })).entry,
      decode: (k, value) => decodeRingDesc(value, k),
      encode: encodeRingDesc,
      heartbeatTimeoutMs: this.heartbeatTimeoutMs,
      checkAndSet: (k, value, modifyIndex) => checkAndSet(conn, k, value, modifyIndex),
    };
  }

  /** Removes an instance by check-and-set; refuses a healthy one unless `force`. `removed: false` when absent. */
  async forget(key: string, instanceId: string, options: ForgetOptions = {}): Promise<ForgetResult> {
    return forgetInstance(this.forgetStore(), key, instanceId, options);
  }

  /**
   * Removes every instance unhealthy for longer than `unhealthyForMs`, one check-and-set each; with `quorum`,
   * refuses when the ring left behind would lack it (unless `force`). Never removes a healthy instance.
   */
  async forgetUnhealthy(key: string, options: ForgetUnhealthyOptions): Promise<ForgetUnhealthyResult> {
    const quorum = options.quorum && { zoneAwareness: this.zoneAwareness, ...options.quorum };
    return forgetUnhealthy(this.forgetStore(), key, { ...options, ...(quorum ? { quorum } : {}) });
  }

  /** The agents the local agent knows (serf LAN members). */
  async members(): Promise<ConsulMember[]> {
    const { body } = await this.conn.call<RawMember[]>("agent/members", ({ api, ctx, timeout }) => api.agent.members({ ctx, timeout }));
    return (body ?? []).map((m) => ({
      name: m.Name,
      address: m.Addr,
      port: m.Port,
      status: SERF_STATUS[m.Status] ?? String(m.Status),
      role: m.Tags?.role === "consul" ? "server" : "client",
      ...(m.Tags?.dc ? { datacenter: m.Tags.dc } : {}),
    }));
  }

  /** The Raft leader's address, "" while there is none. */
  async leader(): Promise<string> {
    const { body } = await this.conn.call<string>("status/leader", ({ api, ctx, timeout }) => api.status.leader({ ctx, timeout }));
    return typeof body === "string" ? body : "";
  }

  /** The Raft peer set (server addresses). */
  async peers(): Promise<string[]> {
    const { body } = await this.conn.call<string[]>("status/peers", ({ api, ctx, timeout }) => api.status.peers({ ctx, timeout }));
    return Array.isArray(body) ? body : [];
  }

  /** The Raft configuration (`operator:read`), as the answering server holds it: it answers without a leader too. */
  async raftPeers(): Promise<RaftPeer[]> {
    const { body } = await this.conn.get<{ Servers?: RawRaftServer[] }>({ name: "operator.raft.configuration", path: "/operator/raft/configuration", query: { stale: "1" } });
    return (body?.Servers ?? []).map((s) => ({ id: s.ID, node: s.Node, address: s.Address, leader: s.Leader, voter: s.Voter }));
  }

  /** Autopilot's report on each server (`operator:read`; needs a leader). Consul answers 429 when a server is unhealthy: that is a report too. */
  async serverHealth(): Promise<ServerHealth[]> {
    const { body } = await this.conn.get<{ Servers?: RawServerHealth[] }>({ name: "operator.autopilot.health", path: "/operator/autopilot/health", accept: [429] });
    return (body?.Servers ?? []).map((s) => ({ name: s.Name, address: s.Address, healthy: s.Healthy, lastContactMs: goDurationMs(s.LastContact), lastIndex: s.LastIndex }));
  }

  /**
   * Consul's servers, their leader, and whether their Raft quorum holds: Raft's configuration, Serf's members and
   * (while there is a leader) autopilot's health, judged together. Needs `operator:read` and `node:read`.
   */
  async raftQuorum(): Promise<RaftQuorum> {
    const [leader, peers, members] = await Promise.all([this.leader(), this.raftPeers(), this.members()]);
    const health = leader ? await this.serverHealth().catch(() => undefined) : undefined;
    return judgeRaftQuorum(leader, peers, members, health);
  }

  /**
   * Ends every watch, abandons the requests in flight (they reject with code "closed", as do later calls) and
   * releases the kept-alive sockets, so nothing of this client keeps the process alive. Safe to call twice.
   */
  close(): void {
    this.conn.close();
  }

  /** `using client = new RingClient()` closes it when the scope ends, however it ends. */
  [Symbol.dispose](): void {
    this.close();
  }
}
