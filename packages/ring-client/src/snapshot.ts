/** One reading of a ring: the model people read, the descriptor it came from, and what it costs to store. */
import type { RingDesc } from "./descriptor.js";
import type { Ring } from "./ring.js";

/** Consul refuses KV values larger than this (512 KiB): a ring that grows past it can no longer be written. */
export const CONSUL_VALUE_LIMIT_BYTES = 512 * 1024;

export interface RingSnapshot {
  ring: Ring;
  desc: RingDesc;
  /** Size of the stored (snappy-compressed) value. */
  valueBytes: number;
}
