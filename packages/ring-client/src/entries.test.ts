import { describe, expect, it } from "vitest";
import * as main from "./index.js";
import * as parts from "./parts.js";

// The values each entry exports (types leave no trace at run time): adding one is a decision, so it shows here.
describe("the package's entries", () => {
  it("the main entry: the client, the verdict, the errors and the codec", () => {
    expect(Object.keys(main).sort()).toEqual([
      "AclDeniedError",
      "CONSUL_VALUE_LIMIT_BYTES",
      "CasConflictError",
      "ConfigError",
      "ConsulResponseError",
      "ConsulTimeoutError",
      "ConsulTlsError",
      "ConsulUnreachableError",
      "DEFAULT_HEARTBEAT_TIMEOUT_MS",
      "INSTANCE_STATES",
      "InstanceHealthyError",
      "KeyMissingError",
      "NoLeaderError",
      "NotARingError",
      "RingClient",
      "RingClientError",
      "decodeRingDesc",
      "encodeRingDesc",
      "judgeRing",
      "parseWithout",
      "ringStatus",
    ]);
  });

  it("/parts: what the client is built from, nothing the main entry has", () => {
    expect(Object.keys(parts).sort()).toEqual([
      "DEFAULT_REPLICATION_FACTOR",
      "DEFAULT_RING_KEY",
      "DEFAULT_RING_PREFIXES",
      "KNOWN_RING_KEYS",
      "TOKEN_SPACE",
      "buildRing",
      "diffRings",
      "forgetInstance",
      "forgetUnhealthy",
      "heartbeatAgeSeconds",
      "isEmptyDiff",
      "isHeartbeatHealthy",
      "judgeRaftQuorum",
      "ownedRanges",
      "ownershipDiffFromExpected",
      "ownershipPeers",
      "ownershipPercent",
      "resolveConnection",
      "resolveWithout",
      "ringVerdict",
      "sortIds",
      "stateName",
      "tokenConflicts",
      "tokenTable",
      "watch",
    ]);
  });
});
