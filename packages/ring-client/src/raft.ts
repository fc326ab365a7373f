/**
 * Consul's own servers as Raft sees them, and whether they still make a Raft quorum (not to be confused with a
 * Cortex ring's replication quorum, quorum.ts): the Raft configuration (who votes, who leads), Serf's
 * membership (who is alive) and, while there is a leader, autopilot's health report (who is keeping up). Pure:
 * the client fetches the three, this judges them.
 */
import type { ConsulMember } from "./client.js";

/** One entry of /v1/operator/raft/configuration. */
export interface RaftPeer {
  id: string;
  node: string;
  /** host:port of the server's Raft (RPC) listener. */
  address: string;
  leader: boolean;
  voter: boolean;
}

/** One server of /v1/operator/autopilot/health (answered only while there is a leader). */
export interface ServerHealth {
  name: string;
  address: string;
  healthy: boolean;
  /** Since the leader last heard from it; 0 for the leader itself. */
  lastContactMs: number | null;
  lastIndex: number;
}

export interface RaftServer {
  name: string;
  address: string;
  leader: boolean;
  voter: boolean;
  /** Serf's view (alive, failed, left, leaving), "unknown" when no member has its name. */
  status: string;
  /** Autopilot's judgement; null while there is no leader to ask. */
  healthy: boolean | null;
  lastContactMs: number | null;
  lastIndex: number | null;
}

export interface RaftQuorum {
  /** The leader's Raft address, "" while there is none. */
  leader: string;
  servers: RaftServer[];
  voters: number;
  /** Voters a quorum needs: floor(voters / 2) + 1. */
  needed: number;
  /** Voters that are alive (and, when autopilot answered, healthy). */
  alive: number;
  /** A leader is elected and enough voters are alive: the ring can be written. */
  holds: boolean;
  /** How many more voters may fail with the quorum still holding (0 when it is lost). */
  failureTolerance: number;
}

const GO_UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration string ("52.09ms", "1m2.5s", "0s") in milliseconds; null when it is not one. */
export function goDurationMs(text: string): number | null {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return null;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (GO_UNITS_MS[p[2] ?? ""] ?? 0), 0);
}

export function judgeRaftQuorum(leader: string, peers: RaftPeer[], members: ConsulMember[], health: ServerHealth[] | undefined): RaftQuorum {
  const servers = peers.map((peer): RaftServer => {
    const host = peer.address.replace(/:\d+$/, "");
    const member = members.find((m) => m.name === peer.node) ?? members.find((m) => m.address === host && m.role === "server");
    const report = health?.find((h) => h.name === peer.node || h.address === peer.address);
    return {
      name: peer.node,
      address: peer.address,
      leader: leader !== "" && peer.address === leader,
      voter: peer.voter,
      status: member?.status ?? "unknown",
      healthy: report ? report.healthy : null,
      lastContactMs: report ? report.lastContactMs : null,
      lastIndex: report ? report.lastIndex : null,
    };
  });
  const voters = servers.filter((s) => s.voter);
  const needed = Math.floor(voters.length / 2) + 1;
  const alive = voters.filter((s) => s.status === "alive" && s.healthy !== false).length;
  const holds = leader !== "" && alive >= needed;
  return { leader, servers, voters: voters.length, needed, alive, holds, failureTolerance: holds ? alive - needed : 0 };
}
