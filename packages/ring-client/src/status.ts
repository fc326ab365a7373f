/**
 * A ring as `cortex-ring ring status --json` prints it and the ring page's /api/rings serves it: one builder, so
 * the two cannot drift apart.
 */
import { DEFAULT_RING_KEY } from "./discovery.js";
import { judgeRing, type QuorumOptions, type QuorumReport } from "./quorum.js";
import type { Ring } from "./ring.js";
import type { RingSnapshot } from "./snapshot.js";

export interface RingStatus extends Ring {
  /** Size of the stored (snappy-compressed) value: Consul refuses values over 512 KiB. */
  valueBytes: number;
  /** Whether the ingester ring can take writes and reads; null for every other ring. */
  quorum: QuorumReport | null;
}

export interface RingStatusOptions {
  /** The ring the distributor replicates writes through, the one judged. Default collectors/ring. */
  ingesterRing?: string;
  quorum?: QuorumOptions;
}

export function ringStatus(snapshot: RingSnapshot, options: RingStatusOptions = {}): RingStatus {
  const judged = snapshot.ring.key === (options.ingesterRing ?? DEFAULT_RING_KEY);
  return { ...snapshot.ring, valueBytes: snapshot.valueBytes, quorum: judged ? judgeRing(snapshot, options.quorum) : null };
}
