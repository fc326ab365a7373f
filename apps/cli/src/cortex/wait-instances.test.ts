import { AclDeniedError, KeyMissingError, type Ring } from "@cortex-ring/ring-client";
import { describe, expect, it } from "vitest";
import { CliError, InterruptedError } from "../errors.js";
import { ring } from "../testing/runtime.js";
import { describeProgress, describeRings, expectedRings, progressOf, waitForActiveInstances, type InstancesProgress } from "./wait-instances.js";

const RINGS = { "collectors/ring": ["ingester-0", "ingester-1"], "collectors/compactor": ["compactor"] };
const missing = (key: string) => new KeyMissingError(key, `http://127.0.0.1:8500/v1/kv/${key}`);

/** A readRing answering each key with the next of its answers (the last one repeats); an Error is thrown. */
function rings(answers: Record<string, (Ring | Error)[]>): { readRing: (key?: string) => Promise<Ring>; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readRing: async (key = "") => {
      const mine = answers[key] ?? [missing(key)];
      const answer = mine[Math.min(reads.filter((k) => k === key).length, mine.length - 1)]!;
      reads.push(key);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

const compactor = ring("collectors/compactor", [{ id: "compactor" }]);
const joining = ring("collectors/ring", [{ id: "ingester-0", state: "JOINING" }]);
const oneStale = ring("collectors/ring", [{ id: "ingester-0" }, { id: "ingester-1", healthy: false, heartbeatAgeSeconds: 90 }]);
const ready = ring("collectors/ring", [{ id: "ingester-0" }, { id: "ingester-1" }, { id: "someone-else", state: "LEAVING" }]);

describe("expectedRings / describeRings", () => {
  it("reads the cortex_ring_instances output; without Cortex (empty lists, no output) there is nothing to wait for", () => {
    expect(expectedRings({ "collectors/ring": ["a", 7, "b"], "collectors/compactor": [] })).toEqual({ "collectors/ring": ["a", "b"], "collectors/compactor": [] });
    expect(expectedRings({ "collectors/ring": [], "collectors/compactor": [] })).toBeUndefined();
    expect(expectedRings(undefined)).toBeUndefined();
    expect(expectedRings(["collectors/ring"])).toBeUndefined();
    expect(describeRings(RINGS)).toBe("collectors/ring 2, collectors/compactor 1");
  });
});

describe("progressOf / describeProgress", () => {
  it("counts the ACTIVE, healthy instances and says what every other one is doing", () => {
    const progress = progressOf(RINGS, new Map([["collectors/ring", oneStale]]), 1500);
    expect(progress).toEqual({
      total: 3,
      active: 1,
      notReady: [
        { key: "collectors/ring", id: "ingester-1", state: "ACTIVE", healthy: false },
        { key: "collectors/compactor", id: "compactor", state: "missing", healthy: false },
      ],
      waitedMs: 1500,
    });
    expect(describeProgress(progress)).toBe("1 of 3 ACTIVE; ingester-1 ACTIVE (no heartbeat) in collectors/ring; compactor missing from collectors/compactor");
  });
});

describe("waitForActiveInstances", () => {
  it("resolves once every expected instance is ACTIVE and healthy (others in a ring do not matter), reporting each round", async () => {
    const client = rings({ "collectors/ring": [missing("collectors/ring"), joining, oneStale, ready], "collectors/compactor": [missing("collectors/compactor"), compactor] });
    const seen: InstancesProgress[] = [];
    const result = await waitForActiveInstances(client, { rings: RINGS, timeoutMs: 5000, intervalMs: 1, onProgress: (p) => seen.push(p) });
    expect(result.rings.get("collectors/ring")).toBe(ready);
    expect(client.reads.length).toBe(8);
    expect(seen.map(describeProgress)).toEqual([
      "0 of 3 ACTIVE; ingester-0 missing from collectors/ring; ingester-1 missing from collectors/ring; compactor missing from collectors/compactor",
      "1 of 3 ACTIVE; ingester-0 JOINING in collectors/ring; ingester-1 missing from collectors/ring",
      "2 of 3 ACTIVE; ingester-1 ACTIVE (no heartbeat) in collectors/ring",
      "3 of 3 ACTIVE",
    ]);
  });

  it("retries Consul errors until the deadline, then fails naming what is not ready and the last error", async () => {
    let now = 0;
    const unreachable = Object.assign(new Error("Consul unreachable at http://127.0.0.1:8500/v1/kv/collectors/ring: connection refused"), { code: "unreachable" });
    const client = rings({ "collectors/ring": [joining, unreachable], "collectors/compactor": [compactor] });
    const waiting = waitForActiveInstances(client, { rings: RINGS, timeoutMs: 3000, intervalMs: 1, now: () => (now += 1000) - 1000 });
    await expect(waiting).rejects.toThrow(CliError);
    await expect(waiting).rejects.toThrow(
      "Cortex is not ACTIVE in its rings after 3s: 1 of 3 ACTIVE; ingester-0 missing from collectors/ring; ingester-1 missing from collectors/ring (last error: Consul unreachable at http://127.0.0.1:8500/v1/kv/collectors/ring: connection refused)",
    );
  });

  it("an ACL denial or a value that is not a ring stops the wait at once", async () => {
    const denied = new AclDeniedError("http://127.0.0.1:8500/v1/kv/collectors/ring", "Permission denied");
    const client = rings({ "collectors/ring": [denied] });
    await expect(waitForActiveInstances(client, { rings: RINGS, timeoutMs: 60_000, intervalMs: 1 })).rejects.toBe(denied);
    expect(client.reads).toEqual(["collectors/ring"]);
  });

  it("an interrupt ends the wait with InterruptedError, without another round", async () => {
    const controller = new AbortController();
    const client = rings({ "collectors/ring": [joining] });
    const waiting = waitForActiveInstances(client, { rings: RINGS, timeoutMs: 60_000, intervalMs: 60_000, signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(waiting).rejects.toThrow(InterruptedError);
    await expect(waiting).rejects.toThrow("interrupted while waiting for Cortex instances to be ACTIVE in collectors/ring, collectors/compactor");
    expect(client.reads).toEqual(["collectors/ring", "collectors/compactor"]);
  });
});
