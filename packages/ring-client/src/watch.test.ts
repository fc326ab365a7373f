import { describe, expect, it } from "vitest";
import { encodeRingDesc, decodeRingDesc, type InstanceDesc, type RingDesc } from "./descriptor.js";
import { AclDeniedError, ConsulResponseError, ConsulTimeoutError, ConsulUnreachableError, NoLeaderError, NotARingError, RingClientError } from "./errors.js";
import type { KvRead, KvReadOptions } from "./kv.js";
import { buildRing } from "./ring.js";
import { watch, type RingUpdate, type WatchSource } from "./watch.js";

function instance(timestamp: number, state = 0): InstanceDesc {
  return { addr: "", timestamp, state, tokens: [1], zone: "", registeredTimestamp: 0, id: "", readOnlyUpdatedTimestamp: 0, readOnly: false, versions: {} };
}

type Step = { index: number; ring: RingDesc | null } | Error;

/** Answers blocking reads from a script; records the index each read asked for. */
function scripted(steps: Step[], clock: { now: number }): WatchSource & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    async read(key: string, options: KvReadOptions): Promise<KvRead> {
      asked.push(options.index ?? 0);
      const step = steps.shift();
      if (!step) throw new Error("script exhausted");
      if (step instanceof Error) throw step;
      clock.now += 1000;
      return { index: step.index, entry: step.ring ? { key, value: encodeRingDesc(step.ring), modifyIndex: step.index } : null };
    },
    decode: (key, value) => decodeRingDesc(value, key),
    model: (key, desc, modifyIndex) => buildRing(key, desc, { now: new Date(clock.now), heartbeatTimeoutMs: 60_000, modifyIndex }),
  };
}

async function collect(source: WatchSource, count: number): Promise<RingUpdate[]> {
  const controller = new AbortController();
  const updates: RingUpdate[] = [];
  for await (const update of watch(source, "collectors/ring", { signal: controller.signal, minIntervalMs: 0, backoffMs: { min: 1, max: 4 } })) {
    updates.push(update);
    if (updates.length === count) controller.abort();
  }
  return updates;
}

describe("watch", () => {
  it("first snapshot, then one per index change, with diffs; blocking on the last index", async () => {
    const clock = { now: 1_000_000 };
    const source = scripted(
      [
        { index: 5, ring: { ingesters: { a: instance(1000, 3) } } },
        { index: 9, ring: { ingesters: { a: instance(1001), b: instance(1001) } } },
        { index: 12, ring: { ingesters: { b: instance(1002) } } },
      ],
      clock,
    );
    const updates = await collect(source, 3);
    expect(updates.map((u) => u.diff)).toEqual([
      { joined: ["a"], left: [], stateChanged: [], becameUnhealthy: [], becameHealthy: [] },
      { joined: ["b"], left: [], stateChanged: [{ id: "a", from: "JOINING", to: "ACTIVE" }], becameUnhealthy: [], becameHealthy: [] },
      { joined: [], left: ["a"], stateChanged: [], becameUnhealthy: [], becameHealthy: [] },
    ]);
    expect(source.asked).toEqual([0, 5, 9]);
    expect(updates[2]!.ring.modifyIndex).toBe(12);
    // Each update carries what a verdict and a size check need: the descriptor read and the stored value's size.
    expect(updates.map((u) => Object.keys(u.desc.ingesters))).toEqual([["a"], ["a", "b"], ["b"]]);
    expect(updates.map((u) => u.valueBytes)).toEqual([
      encodeRingDesc({ ingesters: { a: instance(1000, 3) } }).length,
      encodeRingDesc({ ingesters: { a: instance(1001), b: instance(1001) } }).length,
      encodeRingDesc({ ingesters: { b: instance(1002) } }).length,
    ]);
  });

  it("reports an instance going stale even though Consul's index did not move", async () => {
    const clock = { now: 1_000_000 };
    const ring = { ingesters: { a: instance(1000), b: instance(1000) } };
    const steps: Step[] = [{ index: 5, ring }, { index: 5, ring }];
    const source = scripted(steps, clock);
    const read = source.read.bind(source);
    source.read = async (key, options) => {
      const answer = await read(key, options);
      if (options.index === 5) clock.now += 120_000;
      return answer;
    };
    const updates = await collect(source, 2);
    expect(updates[1]!.diff.becameUnhealthy).toEqual(["a", "b"]);
    expect(updates[1]!.ring.unhealthy).toEqual(["a", "b"]);
  });

  it("an unchanged index with no health change yields nothing", async () => {
    const clock = { now: 1_000_000 };
    const ring = { ingesters: { a: instance(1000) } };
    const source = scripted([{ index: 5, ring }, { index: 5, ring }, { index: 5, ring }, { index: 6, ring: { ingesters: {} } }], clock);
    const updates = await collect(source, 2);
    expect(updates.map((u) => u.ring.modifyIndex)).toEqual([5, 6]);
    expect(source.asked).toEqual([0, 5, 5, 5]);
  });

  it("starts over from a fresh read when the index goes backwards (e.g. a restored snapshot)", async () => {
    const clock = { now: 1_000_000 };
    const ring = { ingesters: { a: instance(1000) } };
    const source = scripted([{ index: 50, ring }, { index: 7, ring }, { index: 8, ring }], clock);
    await collect(source, 3);
    expect(source.asked).toEqual([0, 50, 0]);
  });

  it("a missing key is an empty ring; the first instance shows up as joined", async () => {
    const clock = { now: 1_000_000 };
    const source = scripted([{ index: 3, ring: null }, { index: 4, ring: { ingesters: { a: instance(1000) } } }], clock);
    const updates = await collect(source, 2);
    expect(updates[0]!.ring.instances).toEqual([]);
    expect(updates[1]!.diff.joined).toEqual(["a"]);
  });

  it("backs off and retries transient failures (unreachable, no leader, timeout, 5xx, 429), keeping its place", async () => {
    const clock = { now: 1_000_000 };
    const ring = { ingesters: { a: instance(1000) } };
    const endpoint = "http://x/v1/kv/collectors/ring";
    const transient = [
      new ConsulUnreachableError(endpoint, "connection refused (ECONNREFUSED)"),
      new NoLeaderError(endpoint),
      new ConsulTimeoutError(endpoint, 10_000),
      new ConsulResponseError(endpoint, 503, "rate limit exceeded"),
      new ConsulResponseError(endpoint, 502, "Bad Gateway"),
      new ConsulResponseError(endpoint, 429, "Too Many Requests"),
    ];
    const source = scripted([{ index: 5, ring }, ...transient, { index: 6, ring: { ingesters: {} } }], clock);
    const updates = await collect(source, 2);
    expect(updates[1]!.diff.left).toEqual(["a"]);
    expect(source.asked).toEqual([0, 5, 5, 5, 5, 5, 5, 5]);
  });

  it("ends at once with the typed error on any other answer (400, 405, an unparseable reply): asking again would fail the same way", async () => {
    const endpoint = "http://x/v1/kv/collectors/ring";
    const ring = { ingesters: { a: instance(1000) } };
    for (const error of [
      new ConsulResponseError(endpoint, 400, "Cannot specify ?stale with ?consistent, conflicting semantics."),
      new ConsulResponseError(endpoint, 405, "method not allowed"),
      new RingClientError("consul-error", `Consul request to ${endpoint} failed: unexpected end of JSON input`, { endpoint }),
    ]) {
      // A good answer is scripted after the failure: a retry would reach it and the watch would not reject.
      const source = scripted([{ index: 5, ring }, error, { index: 6, ring }], { now: 1_000_000 });
      await expect(collect(source, 3)).rejects.toBe(error);
      expect(source.asked).toEqual([0, 5]);
    }
  });

  it("ends with the error on ACL denial or a value that is not a ring", async () => {
    const clock = { now: 1_000_000 };
    await expect(collect(scripted([new AclDeniedError("http://x/v1/kv/collectors/ring", "Permission denied")], clock), 1)).rejects.toThrow(AclDeniedError);
    const broken: WatchSource = { ...scripted([], clock), read: async (key) => ({ index: 3, entry: { key, value: Buffer.from("junk"), modifyIndex: 3 } }) };
    await expect(collect(broken, 1)).rejects.toThrow(NotARingError);
  });

  it("stops promptly when aborted during a backoff", async () => {
    const controller = new AbortController();
    const source: WatchSource = {
      read: async () => {
        setTimeout(() => controller.abort(), 20);
        throw new ConsulUnreachableError("http://x", "connection refused (ECONNREFUSED)");
      },
      decode: (key, value) => decodeRingDesc(value, key),
      model: (key, desc) => buildRing(key, desc),
    };
    const started = Date.now();
    const updates: RingUpdate[] = [];
    for await (const update of watch(source, "k", { signal: controller.signal, backoffMs: { min: 60_000, max: 60_000 } })) updates.push(update);
    expect(updates).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
