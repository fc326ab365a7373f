// The client and what a user of it reads: rings, instances, verdicts, Consul's own servers, the errors, and the
// ring value's codec. The parts the client is built from (the ring model, ownership, health, diffs, the verdict
// over a descriptor, forget and watch over any store) are at "@cortex-ring/ring-client/parts".
export { RingClient, type ConsulMember, type RingClientOptions } from "./client.js";
export type { Consistency, TlsOptions } from "./settings.js";
export { DEFAULT_HEARTBEAT_TIMEOUT_MS } from "./health.js";

// What reads and watches return.
export type { Instance, Ring } from "./ring.js";
export { CONSUL_VALUE_LIMIT_BYTES, type RingSnapshot } from "./snapshot.js";
export type { RingDiff } from "./diff.js";
export type { RingUpdate, WatchOptions } from "./watch.js";
export type { ForgetOptions, ForgetResult } from "./forget.js";
export type { ForgetCandidate, ForgetUnhealthyOptions, ForgetUnhealthyResult } from "./forget-unhealthy.js";
export type { RaftPeer, RaftQuorum, RaftServer, ServerHealth } from "./raft.js";

// Can this ring take writes?
export { judgeRing, type QuorumOptions, type QuorumReport, type WhatIf } from "./quorum.js";
export { ringStatus, type RingStatus, type RingStatusOptions } from "./status.js";
export { parseWithout, type Without } from "./what-if.js";
export type { CriticalInstance, OperationVerdict, QuorumRange, RingVerdict, VerdictStatus } from "./verdict.js";

export {
  AclDeniedError,
  CasConflictError,
  ConfigError,
  ConsulResponseError,
  ConsulTimeoutError,
  ConsulTlsError,
  ConsulUnreachableError,
  InstanceHealthyError,
  KeyMissingError,
  NoLeaderError,
  NotARingError,
  RingClientError,
} from "./errors.js";

// The Consul KV value <-> the ring descriptor, as Cortex writes it.
export { decodeRingDesc, encodeRingDesc, INSTANCE_STATES, type InstanceDesc, type InstanceState, type RingDesc } from "./descriptor.js";
