import { ConsulUnreachableError, InstanceHealthyError, type Ring } from "@cortex-ring/ring-client";
import { describe, expect, it } from "vitest";
import { ALIVE_SERVER, fakeDeps, fakeRingApi, ring, run, SEED_RAFT } from "../testing/runtime.js";

const consul = ["--consul", "http://127.0.0.1:18500"];

describe("ring members", () => {
  it("--json prints members, the Raft view and the verdict for scripts", async () => {
    const api = fakeRingApi();
    const result = await run([...consul, "--json", "ring", "members"], { deps: fakeDeps({}, api) });
    expect(result.code).toBe(0);
    const { members, raft, finding } = JSON.parse(result.stdout) as { members: unknown; raft: unknown; finding: { status: string; detail: string } };
    expect([members, raft, finding.status]).toEqual([[ALIVE_SERVER], SEED_RAFT, "ok"]);
    expect(finding.detail).toMatch(/^quorum holds: leader hash-ring/);
    expect(api.addresses).toEqual(["http://127.0.0.1:18500"]);
  });

  it("prints aligned columns without colour in a pipe: members, then the servers as Raft sees them", async () => {
    const result = await run([...consul, "ring", "members"]);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^member\s+address\s+port\s+status\s+role\s+datacenter$/);
    expect(result.stdout).toMatch(/hash-ring\s+172\.18\.0\.2\s+8301\s+alive\s+server\s+dc1/);
    expect(result.stdout).toMatch(/^server\s+raft address\s+raft\s+status\s+healthy\s+last contact\s+last index$/m);
    expect(result.stdout).toMatch(/^hash-ring\s+172\.18\.0\.2:8300\s+leader\s+alive\s+yes\s+0ms\s+42$/m);
    expect(result.stdout).toContain("✔ quorum holds: leader hash-ring (172.18.0.2:8300); 1 of 1 voter alive, 1 needed; tolerates 0 more failures");
    expect(result.stdout).not.toContain("\u001b[");
  });

  it("a lost quorum: each server's state, the verdict, the fix naming the servers to start, exit 1", async () => {
    const server = (n: number, status: string, leader = false) => ({ name: `ring-${n}`, address: `172.18.0.${n}:8300`, leader, voter: true, status, healthy: null, lastContactMs: null, lastIndex: null });
    const quorum = { leader: "", servers: [server(1, "failed"), server(2, "failed"), server(3, "alive")], voters: 3, needed: 2, alive: 1, holds: false, failureTolerance: 0 };
    const result = await run([...consul, "ring", "members"], { deps: fakeDeps({}, fakeRingApi({ raftQuorum: async () => quorum })) });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ring-1\s+172\.18\.0\.1:8300\s+follower\s+failed\s+-\s+-\s+-$/m);
    expect(result.stdout).toContain("✖ quorum lost (1 of 3 voters alive, 2 needed): the ring cannot be written; stale reads (ring status --consistency stale) still answer");
    expect(result.stdout).toContain("  fix: start the stopped servers: docker start ring-1 ring-2 (each rejoins with its data volume)");
  });

  it("one server down: the quorum holds but is at risk, exit 0 with the fix", async () => {
    const server = (n: number, status: string, leader = false) => ({ name: `ring-${n}`, address: `172.18.0.${n}:8300`, leader, voter: true, status, healthy: status === "alive", lastContactMs: 3, lastIndex: 90 });
    const quorum = { leader: "172.18.0.2:8300", servers: [server(1, "failed"), server(2, "alive", true), server(3, "alive")], voters: 3, needed: 2, alive: 2, holds: true, failureTolerance: 0 };
    const result = await run([...consul, "ring", "members"], { deps: fakeDeps({}, fakeRingApi({ raftQuorum: async () => quorum })) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("! quorum holds (2 of 3 voters alive, 2 needed, leader ring-2 (172.18.0.2:8300)) but ring-1 failed; it tolerates 0 more failures");
    expect(result.stdout).toContain("fix: start the stopped server: docker start ring-1");
  });

  it("a token that may not read nodes sees no members: said so, not an empty table alone", async () => {
    const result = await run([...consul, "ring", "members"], { deps: fakeDeps({}, fakeRingApi({ members: async () => [] })) });
    expect(result.stderr).toContain("no Consul members visible with the anonymous token (none given): it may not read nodes (node:read)");
  });

  it("--consul must be an http(s) address (exit 2)", async () => {
    const bad = await run(["--consul", "ftp://x", "ring", "members"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected http://host:port, https://host:port or host:port");
    const api = fakeRingApi();
    expect((await run(["--consul", "127.0.0.1:8501", "ring", "members"], { deps: fakeDeps({}, api) })).code).toBe(0);
    expect(api.addresses).toEqual(["127.0.0.1:8501"]);
  });

  it("uses CONSUL_HTTP_ADDR when --consul is absent", async () => {
    const api = fakeRingApi();
    await run(["ring", "members"], { deps: fakeDeps({}, api), env: { CONSUL_HTTP_ADDR: "http://127.0.0.1:9" } });
    expect(api.addresses).toEqual(["http://127.0.0.1:9"]);
  });

  it("a ring-client error is one line, exit 1", async () => {
    const error = new ConsulUnreachableError("http://127.0.0.1:18500/v1/agent/members", "connection refused");
    const api = fakeRingApi({ members: async () => Promise.reject(error) });
    const result = await run([...consul, "ring", "members"], { deps: fakeDeps({}, api) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("error: Consul unreachable at http://127.0.0.1:18500/v1/agent/members: connection refused\n");
  });
});

describe("ring status", () => {
  const rings = [
    ring("collectors/ring", [{ id: "ingester-a", ownership: 60.5, ownershipDiffFromExpected: 17.355 }, { id: "ingester-b", healthy: false, heartbeatAgeSeconds: 300, state: "LEAVING", ownership: 39.5, ownershipDiffFromExpected: -26.58 }, { id: "ingester-c", ownership: 0, ownershipDiffFromExpected: null, tokenCount: 0 }]),
    ring("rulers/ring", [{ id: "ruler-1", ownership: 100 }]),
  ];

  it("discovers rings and shows state, ownership % and unhealthy instances", async () => {
    let prefixes: string[] | undefined = ["unset"];
    const api = fakeRingApi({ discoverRings: async (p) => ((prefixes = p), rings) });
    const result = await run([...consul, "ring", "status"], { deps: fakeDeps({}, api) });
    expect(result.code).toBe(0);
    expect(prefixes).toBeUndefined();
    expect(result.stdout).toContain("collectors/ring: 3 instances (2 ACTIVE, 1 LEAVING), 256 tokens, 1 unhealthy");
    expect(result.stdout).toMatch(/instance\s+state\s+address\s+zone\s+tokens\s+ownership\s+vs expected\s+heartbeat/);
    expect(result.stdout).toMatch(/ingester-a\s+ACTIVE\s+10\.0\.0\.0:9095\s+-\s+128\s+60\.50%\s+\+17\.36%\s+3s ago/);
    expect(result.stdout).toMatch(/ingester-b\s+LEAVING.*39\.50%\s+-26\.58%\s+unhealthy, 300s ago/);
    // Owning nothing, as Cortex's page prints it.
    expect(result.stdout).toMatch(/ingester-c\s+ACTIVE.*\s0\s+0\.00%\s+-Inf%\s+3s ago/);
    expect(result.stdout).toContain("rulers/ring: 1 instance (1 ACTIVE), 128 tokens");
  });

  it("--fail-unhealthy exits 1 naming them; --key reads one ring; --prefix narrows discovery", async () => {
    const api = fakeRingApi({ discoverRings: async () => rings, readRing: async (key) => ring(key ?? "", [{ id: "x" }]) });
    const failing = await run([...consul, "ring", "status", "--fail-unhealthy"], { deps: fakeDeps({}, api) });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain("1 unhealthy instance: collectors/ring/ingester-b");
    const one = await run([...consul, "--json", "ring", "status", "--key", "collectors/distributor", "--fail-unhealthy"], { deps: fakeDeps({}, api) });
    expect(one.code).toBe(0);
    expect((JSON.parse(one.stdout) as { key: string }[]).map((r) => r.key)).toEqual(["collectors/distributor"]);
    const all = JSON.parse((await run([...consul, "--json", "ring", "status"], { deps: fakeDeps({}, api) })).stdout) as Ring[];
    expect(all[0]!.instances.map((i) => i.ownershipDiffFromExpected)).toEqual([17.355, -26.58, null]);
    let seen: string[] | undefined;
    await run([...consul, "ring", "status", "--prefix", "a/", "--prefix", "b/"], { deps: fakeDeps({}, fakeRingApi({ discoverRings: async (p) => ((seen = p), []) })) });
    expect(seen).toEqual(["a/", "b/"]);
    expect((await run([...consul, "ring", "status", "--key", "k", "--prefix", "p"])).code).toBe(2);
  });

  it("--consistency stale|consistent goes to ring-client; anything else is a usage error (exit 2)", async () => {
    const api = fakeRingApi();
    for (const mode of ["stale", "consistent"]) expect((await run([...consul, "ring", "status", "--consistency", mode], { deps: fakeDeps({}, api) })).code).toBe(0);
    expect((await run([...consul, "ring", "watch", "--consistency", "stale"], { deps: fakeDeps({}, api) })).code).toBe(0);
    expect(api.connections.map((c) => c.consistency)).toEqual(["stale", "consistent", "stale"]);
    const bad = await run([...consul, "ring", "status", "--consistency", "eventual"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Allowed choices are default, stale, consistent");
  });

  it("--heartbeat-timeout judges health as the cluster's -ring.heartbeat-timeout does (default 1m)", async () => {
    const api = fakeRingApi();
    await run([...consul, "ring", "status"], { deps: fakeDeps({}, api) });
    await run([...consul, "ring", "status", "--heartbeat-timeout", "1m30s"], { deps: fakeDeps({}, api) });
    await run([...consul, "ring", "watch", "--heartbeat-timeout", "500ms"], { deps: fakeDeps({}, api) });
    await run([...consul, "ring", "forget", "x", "--heartbeat-timeout", "0"], { deps: fakeDeps({}, api) });
    expect(api.heartbeatTimeouts).toEqual([60_000, 90_000, 500, 0]);
    const bad = await run([...consul, "ring", "status", "--heartbeat-timeout", "5"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected a duration such as "1m", "30s" or "1m30s"');
  });

  it("says so when there are no rings", async () => {
    const result = await run([...consul, "ring", "status"]);
    expect(result.stdout).toBe("no rings found: no Cortex component has registered one in this Consul yet\n");
  });
});

describe("ring forget", () => {
  it("removes an instance from the default key", async () => {
    const calls: unknown[] = [];
    const api = fakeRingApi({ forget: async (...args) => (calls.push(args), { removed: true, attempts: 2 }) });
    const result = await run([...consul, "ring", "forget", "ingester-b"], { deps: fakeDeps({}, api) });
    expect(result.code).toBe(0);
    expect(calls).toEqual([["collectors/ring", "ingester-b", { force: false }]]);
    expect(result.stdout).toBe("removed ingester-b from collectors/ring (2 attempts)\n");
  });

  it("refuses a healthy instance with a hint to --force", async () => {
    const error = new InstanceHealthyError("collectors/ring", "ingester-a", 3);
    const api = fakeRingApi({ forget: async () => Promise.reject(error) });
    const result = await run([...consul, "ring", "forget", "ingester-a"], { deps: fakeDeps({}, api) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("error: ingester-a in collectors/ring is still healthy (last heartbeat 3s ago); pass --force to remove it anyway\n");
  });

  it("needs an id", async () => {
    expect((await run([...consul, "ring", "forget"])).code).toBe(2);
  });
});

describe("ring watch", () => {
  it("prints the ring, then one line per change; --json prints one object per update", async () => {
    const base = ring("collectors/ring", [{ id: "ingester-a" }]);
    const api = fakeRingApi({
      watchRing: async function* () {
        yield { ring: base, desc: { ingesters: {} }, valueBytes: 0, diff: { joined: ["ingester-a"], left: [], stateChanged: [], becameUnhealthy: [], becameHealthy: [] } };
        yield { ring: base, desc: { ingesters: {} }, valueBytes: 0, diff: { joined: [], left: [], stateChanged: [{ id: "ingester-a", from: "JOINING", to: "ACTIVE" }], becameUnhealthy: ["ingester-c"], becameHealthy: [] } };
      },
    });
    const text = await run([...consul, "ring", "watch"], { deps: fakeDeps({}, api) });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("collectors/ring: 1 instance");
    expect(text.stdout).toMatch(/collectors\/ring ingester-a JOINING → ACTIVE/);
    expect(text.stdout).toMatch(/collectors\/ring ingester-c became unhealthy/);
    const json = await run([...consul, "--json", "ring", "watch"], { deps: fakeDeps({}, api) });
    const lines = json.stdout.trim().split("\n").map((line) => JSON.parse(line) as { diff: { joined: string[] } });
    expect(lines).toHaveLength(2);
    expect(lines[0]?.diff.joined).toEqual(["ingester-a"]);
  });
});
