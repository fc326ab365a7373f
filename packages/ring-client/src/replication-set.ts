/**
 * Replica sets exactly as Cortex's `Ring.Get(key, op)` builds them (cortexproject/cortex v1.21.1
 * pkg/ring/ring.go `Get`, util.go `searchToken`, model.go `GetTokens`/`getTokensInfo`/`getTokensByZone`):
 *
 * - a key starts at the first token greater than it (wrapping to the first token), so every key from one token
 *   up to the next gets the same set: a ring has one replica set per distinct token value;
 * - walk the sorted tokens (duplicates kept) clockwise, at most once round, taking each token's owner (the last
 *   instance ID in sort order among those claiming it) until the set holds `replicationFactor` distinct instances;
 * - with zone awareness, an instance with a zone is skipped once its zone holds RF/zones instances (one more for
 *   the first RF%zones zones to fill up), where zones counts every zone of every instance, tokens or not;
 * - an instance whose state the operation extends on (Write: anything not ACTIVE) makes the set one larger, and
 *   then does not count towards its zone.
 */
import type { RingDesc } from "./descriptor.js";
import { extendsReplicaSet, type RingOperation } from "./operations.js";
import { tokenTable, type TokenTable } from "./ownership.js";

export interface ReplicationOptions {
  /** Cortex's `-distributor.replication-factor`. Default 3. */
  replicationFactor?: number;
  /** Cortex's `-distributor.zone-awareness-enabled`. Default false. */
  zoneAwareness?: boolean;
}

export const DEFAULT_REPLICATION_FACTOR = 3;

export class ReplicaSets {
  readonly replicationFactor: number;
  readonly zoneAwareness: boolean;
  /** Instance IDs in sort order; every instance index below points here. */
  readonly ids: string[];
  /** Every token, ascending, duplicates kept (Cortex's ringTokens). */
  readonly tokens: Uint32Array;
  /** The instance Cortex looks up for tokens[i]. */
  readonly owners: Uint32Array;
  /** Index of the first token of each distinct value: where each range's walk starts. */
  readonly starts: Uint32Array;
  /** Wire state per instance. */
  readonly states: Int32Array;
  /** Zone index per instance, -1 for no zone; `zones` names them. */
  readonly zoneOf: Int32Array;
  readonly zones: string[];

  private readonly seen: Uint32Array;
  private readonly zoneCount: Int32Array;
  private readonly zoneSeen: Uint32Array;
  private stamp = 0;

  constructor(desc: RingDesc, options: ReplicationOptions = {}, table: TokenTable = tokenTable(desc)) {
    this.replicationFactor = options.replicationFactor ?? DEFAULT_REPLICATION_FACTOR;
    if (!Number.isInteger(this.replicationFactor) || this.replicationFactor <= 0) {
      throw new RangeError(`replication factor must be a positive integer, got ${this.replicationFactor}`);
    }
    this.zoneAwareness = options.zoneAwareness ?? false;
    this.ids = table.ids;
    this.tokens = table.tokens;
    this.owners = table.owners;
    const n = table.tokens.length;
    let distinct = 0;
    for (let i = 0; i < n; i++) if (i === 0 || table.tokens[i] !== table.tokens[i - 1]) distinct++;
    this.starts = new Uint32Array(distinct);
    for (let i = 0, s = 0; i < n; i++) if (i === 0 || table.tokens[i] !== table.tokens[i - 1]) this.starts[s++] = i;

    const zoneIndex = new Map<string, number>();
    this.states = new Int32Array(this.ids.length);
    this.zoneOf = new Int32Array(this.ids.length);
    this.ids.forEach((id, i) => {
      const instance = desc.ingesters[id]!;
      this.states[i] = instance.state;
      if (!zoneIndex.has(instance.zone)) zoneIndex.set(instance.zone, zoneIndex.size);
      this.zoneOf[i] = instance.zone === "" ? -1 : zoneIndex.get(instance.zone)!;
    });
    this.zones = [...zoneIndex.keys()];
    this.seen = new Uint32Array(this.ids.length);
    this.zoneCount = new Int32Array(this.zones.length);
    this.zoneSeen = new Uint32Array(this.zones.length);
  }

  /** The first key of range r (inclusive): the previous distinct token, wrapping. Keys run up to tokens[starts[r]], exclusive. */
  rangeStart(r: number): number {
    return this.tokens[this.starts[(r === 0 ? this.starts.length : r) - 1]!]!;
  }

  /** Keys in range r: 2^32 when the ring has a single distinct token. */
  rangeSize(r: number): number {
    const from = this.rangeStart(r);
    const to = this.tokens[this.starts[r]!]!;
    return from < to ? to - from : 2 ** 32 - from + to;
  }

  /** Writes range r's replica set for `op` (instance indexes, in walk order) into `into`; returns its size. */
  replicaSet(r: number, op: RingOperation, into: Int32Array): number {
    const { tokens, owners, states, zoneOf, seen, zoneCount, zoneSeen } = this;
    const n = tokens.length;
    const stamp = ++this.stamp;
    const zoneAware = this.zoneAwareness;
    const maxPerZone = Math.floor(this.replicationFactor / this.zones.length);
    let zonesWithExtra = this.replicationFactor % this.zones.length;
    let size = this.replicationFactor;
    let count = 0;
    for (let i = this.starts[r]!, iterations = 0; count < size && iterations < n; i++, iterations++) {
      if (i === n) i = 0;
      const instance = owners[i]!;
      if (seen[instance] === stamp) continue;
      const zone = zoneAware ? zoneOf[instance]! : -1;
      if (zone >= 0) {
        const present = zoneSeen[zone] === stamp;
        if ((present ? zoneCount[zone]! : 0) >= maxPerZone + (zonesWithExtra > 0 ? 1 : 0)) continue;
      }
      seen[instance] = stamp;
      into[count++] = instance;
      if (extendsReplicaSet(op, states[instance]!)) {
        size++;
      } else if (zone >= 0) {
        if (zoneSeen[zone] !== stamp) {
          zoneSeen[zone] = stamp;
          zoneCount[zone] = 1;
        } else {
          if (zoneCount[zone]! >= maxPerZone) zonesWithExtra--;
          zoneCount[zone]!++;
        }
      }
    }
    return count;
  }
}
