/**
 * Whether the ring's Consul servers still make a Raft quorum, in an operator's words, with what to do about each
 * failure. Shared by `doctor` and `ring members`. (A ring's replication quorum is render/verdict.ts.)
 */
import type { RaftQuorum, RaftServer } from "@cortex-ring/ring-client";
import { plural } from "./render/units.js";

export interface RaftFinding {
  status: "ok" | "warn" | "fail";
  detail: string;
  hint?: string;
}

function names(servers: RaftServer[]): string {
  return servers.map((server) => server.name).join(" ");
}

export function judgeRaftFinding(quorum: RaftQuorum): RaftFinding {
  const stopped = quorum.servers.filter((server) => server.status !== "alive");
  const lagging = quorum.servers.filter((server) => server.status === "alive" && server.healthy === false);
  const counts = `${quorum.alive} of ${plural(quorum.voters, "voter")} alive, ${quorum.needed} needed`;
  const start = `start the stopped server${stopped.length === 1 ? "" : "s"}: docker start ${names(stopped)} (each rejoins with its data volume)`;

  if (quorum.voters === 0) {
    return { status: "fail", detail: "no Raft servers in the configuration", hint: "check the servers' `docker logs`: none has joined a cluster" };
  }
  if (!quorum.holds) {
    if (quorum.leader === "" && quorum.alive >= quorum.needed) {
      return {
        status: "fail",
        detail: `no leader elected (${counts}): an election is under way or the servers cannot reach each other`,
        hint: "retry in a few seconds; if it persists, check the servers' `docker logs` for failed Raft contact and that they share the cluster network",
      };
    }
    return {
      status: "fail",
      detail: `quorum lost (${counts}): the ring cannot be written; stale reads (ring status --consistency stale) still answer`,
      hint: stopped.length > 0 ? start : `${names(lagging)} cannot keep up with the leader: check their \`docker logs\``,
    };
  }
  const leader = quorum.servers.find((server) => server.leader);
  const led = `leader ${leader ? `${leader.name} (${leader.address})` : quorum.leader}`;
  const tolerance = `tolerates ${plural(quorum.failureTolerance, "more failure")}`;
  if (stopped.length > 0) {
    const states = stopped.map((server) => `${server.name} ${server.status}`).join(", ");
    return { status: "warn", detail: `quorum holds (${counts}, ${led}) but ${states}; it ${tolerance}`, hint: start };
  }
  if (lagging.length > 0) {
    return {
      status: "warn",
      detail: `quorum holds (${counts}, ${led}) but ${names(lagging)} ${lagging.length === 1 ? "is" : "are"} not keeping up with the leader; it ${tolerance}`,
      hint: `check the \`docker logs\` of ${names(lagging)}: a server that stays behind is not counted towards the quorum`,
    };
  }
  return { status: "ok", detail: `quorum holds: ${led}; ${counts}; ${tolerance}` };
}
