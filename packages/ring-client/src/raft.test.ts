import { describe, expect, it } from "vitest";
import type { ConsulMember } from "./client.js";
import { goDurationMs, judgeRaftQuorum, type RaftPeer } from "./raft.js";

const peer = (n: number, extra: Partial<RaftPeer> = {}): RaftPeer => ({ id: `id-${n}`, node: `ring-${n}`, address: `10.0.0.${n}:8300`, leader: false, voter: true, ...extra });
const member = (n: number, status = "alive"): ConsulMember => ({ name: `ring-${n}`, address: `10.0.0.${n}`, port: 8301, status, role: "server", datacenter: "dc1" });
const three = [peer(1), peer(2), peer(3)];

describe("judgeRaftQuorum", () => {
  it("three alive voters with a leader: holds, tolerates one failure", () => {
    const q = judgeRaftQuorum("10.0.0.1:8300", three, [member(1), member(2), member(3)], undefined);
    expect(q).toMatchObject({ leader: "10.0.0.1:8300", voters: 3, needed: 2, alive: 3, holds: true, failureTolerance: 1 });
    expect(q.servers.map((s) => [s.name, s.leader, s.status, s.healthy])).toEqual([["ring-1", true, "alive", null], ["ring-2", false, "alive", null], ["ring-3", false, "alive", null]]);
  });

  it("one voter failed: still holds, tolerates none", () => {
    expect(judgeRaftQuorum("10.0.0.2:8300", three, [member(1, "failed"), member(2), member(3)], undefined)).toMatchObject({ alive: 2, holds: true, failureTolerance: 0 });
  });

  it("two alive but no leader yet (an election): does not hold", () => {
    expect(judgeRaftQuorum("", three, [member(1, "failed"), member(2), member(3)], undefined)).toMatchObject({ alive: 2, needed: 2, holds: false, failureTolerance: 0 });
  });

  it("one of three alive: lost", () => {
    expect(judgeRaftQuorum("", three, [member(1, "failed"), member(2, "failed"), member(3)], undefined)).toMatchObject({ alive: 1, needed: 2, holds: false });
  });

  it("autopilot's unhealthy verdict counts against the quorum; non-voters never count", () => {
    const peers = [peer(1), peer(2), peer(3, { voter: false })];
    const health = [
      { name: "ring-1", address: "10.0.0.1:8300", healthy: true, lastContactMs: 0, lastIndex: 90 },
      { name: "ring-2", address: "10.0.0.2:8300", healthy: false, lastContactMs: 12_000, lastIndex: 40 },
    ];
    const q = judgeRaftQuorum("10.0.0.1:8300", peers, [member(1), member(2), member(3)], health);
    expect(q).toMatchObject({ voters: 2, needed: 2, alive: 1, holds: false });
    expect(q.servers[1]).toMatchObject({ healthy: false, lastContactMs: 12_000, lastIndex: 40 });
  });

  it("a server no member names (gone from Serf) is unknown, not alive; members are matched by address when names differ", () => {
    const q = judgeRaftQuorum("10.0.0.1:8300", three, [member(1), { ...member(2), name: "renamed" }], undefined);
    expect(q.servers.map((s) => s.status)).toEqual(["alive", "alive", "unknown"]);
  });
});

describe("goDurationMs", () => {
  it.each([
    ["0s", 0],
    ["52.090195ms", 52.090195],
    ["1m2.5s", 62_500],
    ["13µs", 0.013],
    ["soon", null],
  ])("%s → %s", (text, ms) => {
    const got = goDurationMs(text);
    if (ms === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(ms, 6);
  });
});
