export { RingClient, type RingClientOptions, type ConsulMember } from "./client.js";
export { resolveConnection, type ConnectionOptions, type Consistency, type ResolvedConnection, type TlsOptions } from "./settings.js";
export { decodeRingDesc, encodeRingDesc, stateName, INSTANCE_STATES, type InstanceDesc, type InstanceState, type RingDesc } from "./descriptor.js";
export { diffRings, isEmptyDiff, type RingDiff } from "./diff.js";
export { DEFAULT_RING_KEY, DEFAULT_RING_PREFIXES, KNOWN_RING_KEYS } from "./discovery.js";
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
export { forgetInstance, type ForgetOptions, type ForgetResult, type ForgetStore } from "./forget.js";
export { DEFAULT_HEARTBEAT_TIMEOUT_MS, heartbeatAgeSeconds, isHeartbeatHealthy } from "./health.js";
export {
  ownedRanges,
  ownershipDiffFromExpected,
  ownershipPeers,
  ownershipPercent,
  sortIds,
  tokenConflicts,
  tokenTable,
  TOKEN_SPACE,
  type TokenHolders,
  type TokenTable,
} from "./ownership.js";
export { goDurationMs, judgeRaftQuorum, type RaftPeer, type RaftQuorum, type RaftServer, type ServerHealth } from "./raft.js";
export { buildRing, type Instance, type Ring, type RingModelOptions } from "./ring.js";
export { watch, type RingUpdate, type WatchOptions, type WatchSource } from "./watch.js";
// Quorum: can the ring take writes, now and without some instances; the policy forget built on it.
export { forgetUnhealthy, type ForgetCandidate, type ForgetUnhealthyOptions, type ForgetUnhealthyResult } from "./forget-unhealthy.js";
export { judgeRing, type QuorumOptions, type QuorumReport, type WhatIf } from "./quorum.js";
export { DEFAULT_REPLICATION_FACTOR } from "./replication-set.js";
export { CONSUL_VALUE_LIMIT_BYTES, type RingSnapshot } from "./snapshot.js";
export { ringVerdict, type CriticalInstance, type OperationVerdict, type QuorumRange, type RingVerdict, type VerdictOptions, type VerdictStatus } from "./verdict.js";
export { parseWithout, resolveWithout, type Without } from "./what-if.js";
