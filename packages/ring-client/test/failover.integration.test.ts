/**
 * A real three-server Consul cluster on loopback: a client given every server's address keeps reading the ring
 * while the leader is killed, and `raftQuorum()` reports servers, leader, Raft peers and quorum as they change.
 * (The Docker cluster infra/ builds is exercised end to end in apps/cli's ha.integration.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AclDeniedError, NoLeaderError, RingClient, type RaftQuorum } from "../src/index.js";
import { putRaw, startConsulAgent, startConsulServers, type ConsulAgent } from "@cortex-ring/test-support/consul";
import { vector } from "./support/fixtures.js";
import { waitFor } from "@cortex-ring/test-support/processes";

const KEY = "collectors/ring";
const ids = ["ingester-1", "ingester-2", "ingester-3"];

describe("a three-server cluster losing its leader, then its quorum", () => {
  let servers: ConsulAgent[] = [];
  let client: RingClient;
  let stale: RingClient;
  let first: RaftQuorum;

  beforeAll(async () => {
    servers = await startConsulServers(3);
    await putRaw(servers[0]!, KEY, vector("cortex", "three-ingesters").value);
    const addresses = servers.map((s) => s.address);
    client = new RingClient({ addresses, env: {}, heartbeatTimeoutMs: 0, timeoutMs: 15_000 });
    stale = new RingClient({ addresses, env: {}, heartbeatTimeoutMs: 0, consistency: "stale" });
    // Every server holds the ring before any goes away.
    await Promise.all(servers.map((s) => waitFor(`${KEY} on ${s.address}`, async () => ((await fetch(`${s.address}/v1/kv/${KEY}?stale`)).ok ? true : undefined), 10_000)));
    // Autopilot calls a server healthy once it has been stable for a while.
    first = await waitFor("three healthy voters", async () => {
      const q = await client.raftQuorum();
      return q.voters === 3 && q.servers.every((s) => s.healthy === true) ? q : undefined;
    }, 60_000);
  }, 120_000);
  afterAll(async () => {
    // Unset when beforeAll failed.
    (client as RingClient | undefined)?.close();
    (stale as RingClient | undefined)?.close();
    await Promise.all(servers.map((s) => s.stop()));
  });

  /** The agent whose node is the Raft server at `raftAddress` (Raft lists servers in its own order). */
  const serverOf = async (raftAddress: string): Promise<ConsulAgent> => {
    const node = first.servers.find((s) => s.address === raftAddress)?.name;
    for (const agent of servers) {
      const self = (await (await fetch(`${agent.address}/v1/agent/self`)).json()) as { Config?: { NodeName?: string } };
      if (self.Config?.NodeName === node) return agent;
    }
    throw new Error(`no agent runs the Raft server at ${raftAddress}`);
  };

  it("raftQuorum(): three alive voters, one leader, tolerating one failure", () => {
    expect(first).toMatchObject({ voters: 3, needed: 2, alive: 3, holds: true, failureTolerance: 1 });
    expect(first.servers.filter((s) => s.leader).map((s) => s.address)).toEqual([first.leader]);
    expect(first.servers.every((s) => s.voter && s.status === "alive" && s.healthy === true && s.lastIndex !== null)).toBe(true);
  });

  it("the leader killed: stale reads answer throughout, default reads come back with a new leader, raftQuorum() says one is down", async () => {
    const leader = await serverOf(first.leader);
    // The client's first choice is the server that dies.
    const viaLeader = new RingClient({ addresses: [leader.address, ...servers.filter((s) => s !== leader).map((s) => s.address)], env: {}, heartbeatTimeoutMs: 0, consistency: "stale" });
    await leader.process.stop("SIGKILL");
    expect((await viaLeader.readRing()).instances.map((i) => i.id)).toEqual(ids);
    viaLeader.close();
    expect((await stale.readRing()).instances.map((i) => i.id)).toEqual(ids);

    const ring = await waitFor("a default-consistency read after the election", async () => {
      try {
        return await client.readRing();
      } catch (error) {
        if (error instanceof NoLeaderError) return undefined;
        throw error;
      }
    }, 60_000);
    expect(ring.instances.map((i) => i.id)).toEqual(ids);

    // Serf marks the old leader failed; autopilot may then prune it from the Raft configuration (its default
    // min_quorum is 0; infra/ sets it to the cluster's size so a stopped server stays a voter).
    let seen = "";
    const after = await waitFor("Serf or autopilot to mark the old leader", async () => {
      const q = await client.raftQuorum();
      const old = q.servers.find((s) => s.address === first.leader);
      seen = JSON.stringify(q);
      return !old || old.status === "failed" ? q : undefined;
    }, 60_000, () => `last seen: ${seen}`);
    expect(after.leader).not.toBe("");
    expect(after.leader).not.toBe(first.leader);
    expect(after).toMatchObject({ alive: 2, needed: 2, holds: true, failureTolerance: 0 });
  }, 150_000);

  it("a second server killed: quorum lost, stale reads still answer from the last one", async () => {
    const victim = servers.find((s) => s.process.child.exitCode === null && s.process.child.signalCode === null)!;
    await victim.process.stop("SIGKILL");
    const lost = await waitFor("the last server to lose its leader and see the other two failed", async () => {
      const q = await client.raftQuorum();
      return q.leader === "" && q.alive === 1 ? q : undefined;
    }, 60_000);
    expect(lost).toMatchObject({ holds: false, needed: 2, failureTolerance: 0 });
    expect((await stale.readRing()).instances.map((i) => i.id)).toEqual(ids);
  }, 90_000);
});

describe("Raft reads need operator:read", () => {
  let agent: ConsulAgent;
  beforeAll(async () => {
    agent = await startConsulAgent({ managementToken: "d6a1f5a4-0d7b-4e8e-9a55-0b1f6b5c2f11" });
  }, 60_000);
  afterAll(async () => {
    await (agent as ConsulAgent | undefined)?.stop(); // unset when beforeAll failed
  });

  it("without a token: AclDeniedError naming the endpoint; with the management token: the single server leads", async () => {
    const anonymous = new RingClient({ address: agent.address, env: {} });
    const error = await anonymous.raftQuorum().catch((e: unknown) => e);
    anonymous.close();
    expect(error).toBeInstanceOf(AclDeniedError);
    expect((error as Error).message).toMatch(new RegExp(`^Consul ACL denied ${agent.address}/v1/operator/raft/configuration \\(HTTP 403: `));

    const management = new RingClient({ address: agent.address, env: {}, token: "d6a1f5a4-0d7b-4e8e-9a55-0b1f6b5c2f11" });
    const q = await management.raftQuorum();
    management.close();
    expect(q).toMatchObject({ voters: 1, needed: 1, alive: 1, holds: true, failureTolerance: 0 });
  });
});
