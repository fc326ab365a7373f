// "@cortex-ring/ring-client/parts": what RingClient is built from, for scripts, tests and benchmarks that already
// hold a ring value or bring their own store. Each works without Consul.

// The ring model: a descriptor judged at an instant (what readRing returns).
export { buildRing, type RingModelOptions } from "./ring.js";
export { stateName } from "./descriptor.js";
export { heartbeatAgeSeconds, isHeartbeatHealthy } from "./health.js";
export { diffRings, isEmptyDiff } from "./diff.js";
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

// The verdict over a descriptor (judgeRing's core), and --without selectors resolved against one.
export { ringVerdict, type VerdictOptions } from "./verdict.js";
export { DEFAULT_REPLICATION_FACTOR } from "./replication-set.js";
export { resolveWithout, type ResolvedWithout } from "./what-if.js";

// forget, forgetUnhealthy and watchRing over any store.
export { forgetInstance, type ForgetStore } from "./forget.js";
export { forgetUnhealthy } from "./forget-unhealthy.js";
export { watch, type WatchSource } from "./watch.js";

// Consul: where the client connects (CONSUL_* variables resolved) and how it judges the Raft quorum.
export { resolveConnection, type ConnectionOptions, type ResolvedConnection } from "./settings.js";
export { judgeRaftQuorum } from "./raft.js";
export { DEFAULT_RING_KEY, DEFAULT_RING_PREFIXES, KNOWN_RING_KEYS } from "./discovery.js";
