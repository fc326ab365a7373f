import { AclDeniedError, KeyMissingError, type Ring } from "@cortex-ring/ring-client";
import { describe, expect, it } from "vitest";
import { CliError, InterruptedError } from "../errors.js";
import { ring } from "../testing/runtime.js";
import { describeProgress, progressOf, waitForActiveInstances, type InstancesProgress } from "./wait-instances.js";

const IDS = ["ingester-0", "ingester-1"];

/** A readRing that answers each call with the next item (the last one repeats); an Error is thrown. */
function sequence(...answers: (Ring | Error)[]): { readRing: (key?: string) => Promise<Ring>; reads: () => number } {
  let calls = 0;
  return {
    readRing: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    reads: () => calls,
  };
}

const joining = ring("collectors/ring", [{ id: "ingester-0", state: "JOINING" }]);
const oneStale = ring("collectors/ring", [{ id: "ingester-0" }, { id: "ingester-1", healthy: false, heartbeatAgeSeconds: 90 }]);
const ready = ring("collectors/ring", [{ id: "ingester-0" }, { id: "ingester-1" }, { id: "someone-else", state: "LEAVING" }]);

describe("progressOf / describeProgress", () => {
  it("sorts the awaited instances into ACTIVE, registered but not ready, and missing", () => {
    const progress = progressOf(oneStale, "collectors/ring", [...IDS, "ingester-2"], 1500);
    expect(progress).toEqual({
      key: "collectors/ring",
      active: ["ingester-0"],
      notReady: [{ id: "ingester-1", state: "ACTIVE", healthy: false }],
      missing: ["ingester-2"],
      waitedMs: 1500,
    });
    expect(describeProgress(progress)).toBe("1 of 3 ACTIVE; ingester-1 ACTIVE (no heartbeat); ingester-2 not registered");
    expect(describeProgress(progressOf(undefined, "collectors/ring", IDS, 0))).toBe("0 of 2 ACTIVE; ingester-0, ingester-1 not registered");
  });
});

describe("waitForActiveInstances", () => {
  it("resolves once every awaited instance is ACTIVE and healthy (others in the ring do not matter), reporting each read", async () => {
    const missing = new KeyMissingError("collectors/ring", "http://127.0.0.1:8500/v1/kv/collectors/ring");
    const client = sequence(missing, joining, oneStale, ready);
    const seen: InstancesProgress[] = [];
    const result = await waitForActiveInstances(client, { key: "collectors/ring", ids: IDS, timeoutMs: 5000, intervalMs: 1, onProgress: (p) => seen.push(p) });
    expect(result.ring).toBe(ready);
    expect(client.reads()).toBe(4);
    expect(seen.map(describeProgress)).toEqual([
      "0 of 2 ACTIVE; ingester-0, ingester-1 not registered",
      "0 of 2 ACTIVE; ingester-0 JOINING; ingester-1 not registered",
      "1 of 2 ACTIVE; ingester-1 ACTIVE (no heartbeat)",
      "2 of 2 ACTIVE",
    ]);
  });

  it("retries Consul errors until the deadline, then fails naming what is missing and the last error", async () => {
    let now = 0;
    const unreachable = Object.assign(new Error("Consul unreachable at http://127.0.0.1:8500/v1/kv/collectors/ring: connection refused"), { code: "unreachable" });
    const client = sequence(joining, unreachable);
    const waiting = waitForActiveInstances(client, { key: "collectors/ring", ids: IDS, timeoutMs: 3000, intervalMs: 1, now: () => (now += 1000) - 1000 });
    await expect(waiting).rejects.toThrow(CliError);
    await expect(waiting).rejects.toThrow(
      "not every instance is ACTIVE in collectors/ring after 3s: 0 of 2 ACTIVE; ingester-0, ingester-1 not registered (last error: Consul unreachable at http://127.0.0.1:8500/v1/kv/collectors/ring: connection refused)",
    );
  });

  it("an ACL denial or a value that is not a ring stops the wait at once", async () => {
    const denied = new AclDeniedError("http://127.0.0.1:8500/v1/kv/collectors/ring", "Permission denied");
    const client = sequence(denied);
    await expect(waitForActiveInstances(client, { key: "collectors/ring", ids: IDS, timeoutMs: 60_000, intervalMs: 1 })).rejects.toBe(denied);
    expect(client.reads()).toBe(1);
  });

  it("an interrupt ends the wait with InterruptedError, without another read", async () => {
    const controller = new AbortController();
    const client = sequence(joining);
    const waiting = waitForActiveInstances(client, { key: "collectors/ring", ids: IDS, timeoutMs: 60_000, intervalMs: 60_000, signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(waiting).rejects.toThrow(InterruptedError);
    await expect(waiting).rejects.toThrow("interrupted while waiting for 2 instances to be ACTIVE in collectors/ring");
    expect(client.reads()).toBe(1);
  });
});
