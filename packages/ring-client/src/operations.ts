/**
 * The ring operations Cortex's distributor asks its ingester ring about (cortexproject/cortex pkg/ring/ring.go
 * `Write`, `Read`, `NewOp`), kept as the same 32-bit bitmap Cortex builds: the low 16 bits say which states are
 * healthy for the operation, the high 16 which states extend the replica set by one more instance. Testing bits
 * the way Go does keeps even odd wire states (a newer writer's) judged exactly as Cortex judges them.
 */
import type { InstanceState } from "./descriptor.js";

export type OperationName = "write" | "read";

export interface RingOperation {
  name: OperationName;
  /** Cortex's `Operation` value. */
  bits: number;
}

const STATE_NUMBER: Record<InstanceState, number> = { ACTIVE: 0, LEAVING: 1, PENDING: 2, JOINING: 3, LEFT: 4, READONLY: 5 };
const KNOWN_STATES: InstanceState[] = ["ACTIVE", "LEAVING", "PENDING", "JOINING", "LEFT", "READONLY"];

/** NewOp: healthy states in the low half; the extension rule, asked of the six known states only, in the high half. */
function newOp(name: OperationName, healthy: InstanceState[], extendsOn: (state: InstanceState) => boolean): RingOperation {
  let bits = 0;
  for (const state of healthy) bits |= 1 << STATE_NUMBER[state];
  for (const state of KNOWN_STATES) if (extendsOn(state)) bits |= 0x10000 << STATE_NUMBER[state];
  return { name, bits: bits >>> 0 };
}

/** Writes go to ACTIVE instances only; any other state in the set makes the set one larger. */
export const WRITE: RingOperation = newOp("write", ["ACTIVE"], (s) => s !== "ACTIVE");

/** Reads may use every state but LEFT; PENDING and LEFT extend the set, to match writes' extension. */
export const READ: RingOperation = newOp("read", ["ACTIVE", "PENDING", "LEAVING", "JOINING", "READONLY"], (s) => s !== "ACTIVE" && s !== "LEAVING" && s !== "JOINING" && s !== "READONLY");

export const OPERATIONS: readonly RingOperation[] = [WRITE, READ];

/** `op & (1 << s) > 0` on a uint32, as Go evaluates it (a shift of 32 or more is 0; a negative state never matches). */
export function isStateHealthy(op: RingOperation, state: number): boolean {
  return state >= 0 && state < 32 && ((op.bits >>> state) & 1) === 1;
}

/** `op & (0x10000 << s) > 0` on a uint32. */
export function extendsReplicaSet(op: RingOperation, state: number): boolean {
  return state >= 0 && state < 16 && ((op.bits >>> (state + 16)) & 1) === 1;
}
