import { describe, expect, it } from "vitest";
import { quorumVectors, type QuorumVector, type UpstreamRange } from "../test/support/quorum-vectors.js";
import { decodeRingDesc } from "./descriptor.js";
import { READ, WRITE } from "./operations.js";
import { prepareRing, quorumNeeded, ringVerdict, type VerdictOptions } from "./verdict.js";
import { isStateHealthy } from "./operations.js";

function options(v: QuorumVector): VerdictOptions {
  return {
    replicationFactor: v.replicationFactor,
    zoneAwareness: v.zoneAwareness,
    heartbeatTimeoutMs: v.heartbeatTimeoutSeconds * 1000,
    now: new Date(v.now * 1000),
    excludedZones: v.excludedZones ?? [],
  };
}

/** Ranges as Cortex answered them: the keys of each range, and what its Filter made of the set. */
function upstream(v: QuorumVector, ranges: UpstreamRange[]) {
  return ranges.map((r) => ({
    end: r.end,
    replicas: r.replicas.map((i) => v.ids[i]),
    healthy: r.error ? null : r.healthy.map((i) => v.ids[i]),
    needed: r.error ? Number(/at least (\d+) live replicas/.exec(r.error)![1]) : r.healthy.length - r.maxErrors,
  }));
}

describe.each(quorumVectors().map((v) => [v.name, v] as const))("Cortex's Ring.Get on %s", (_name, v) => {
  const desc = decodeRingDesc(v.value);
  const ring = prepareRing(desc, options(v));

  it.each([WRITE, READ].map((op) => [op.name, op] as const))("%s: every range has Cortex's replica set, survivors and quorum", (_op, op) => {
    const { sets, alive } = ring;
    const buffer = new Int32Array(sets.ids.length);
    const ours = Array.from(sets.starts, (_, r) => {
      const members = Array.from(buffer.subarray(0, sets.replicaSet(r, op, buffer)));
      const healthy = members.filter((m) => alive[m] === 1 && isStateHealthy(op, sets.states[m]!)).map((m) => sets.ids[m]!);
      const needed = quorumNeeded(sets.replicationFactor, healthy.length);
      return { end: sets.tokens[sets.starts[r]!], replicas: members.map((m) => sets.ids[m]), healthy: healthy.length >= needed ? healthy : null, needed };
    });
    expect(ours).toEqual(upstream(v, v.operations[op.name]));
  });

  it("the verdict's counts and shares add up to what Cortex answered", () => {
    const verdict = ringVerdict(desc, options(v));
    for (const op of [WRITE, READ]) {
      const theirs = upstream(v, v.operations[op.name]);
      const size = (i: number) => {
        const from = theirs[(i + theirs.length - 1) % theirs.length]!.end;
        const to = theirs[i]!.end;
        return from < to ? to - from : 2 ** 32 - from + to;
      };
      const classOf = (r: (typeof theirs)[number]) => (r.healthy === null ? "broken" : r.healthy.length < v.replicationFactor ? "degraded" : "ok");
      const expected = { ok: 0, degraded: 0, broken: 0 };
      const shares = { ok: 0, degraded: 0, broken: 0 };
      theirs.forEach((r, i) => {
        expected[classOf(r)]++;
        shares[classOf(r)] += size(i) / 2 ** 32;
      });
      const got = verdict[op.name];
      expect(got.ranges).toEqual(expected);
      if (theirs.length > 0) for (const c of ["ok", "degraded", "broken"] as const) expect(got.share[c]).toBeCloseTo(shares[c], 12);
      expect(got.belowQuorum.map((r) => r.end)).toEqual(theirs.filter((r) => r.healthy === null).map((r) => r.end));
    }
    if (v.emptyRingError) expect([verdict.empty, verdict.status, verdict.write.share.broken]).toEqual([true, "broken", 1]);
  });
});
