import type { RaftQuorum, RaftServer } from "@cortex-ring/ring-client";
import type { RaftFinding } from "../raft-report.js";
import type { RenderOptions } from "./ring.js";
import { renderTable } from "./table.js";

function raftRole(server: RaftServer): string {
  if (!server.voter) return "non-voter";
  return server.leader ? "leader" : "follower";
}

/** Consul's servers as Raft sees them, then the verdict on their quorum and, when something is wrong, the fix. */
export function formatRaft(quorum: RaftQuorum, finding: RaftFinding, options: RenderOptions): string {
  const c = options.colors;
  const paint = (status: string): string => (status === "alive" ? c.green(status) : status === "failed" ? c.red(c.bold(status)) : c.yellow(status));
  const rows = quorum.servers.map((server) => [
    server.name,
    server.address,
    server.leader ? c.bold(raftRole(server)) : raftRole(server),
    paint(server.status),
    server.healthy === null ? "-" : server.healthy ? "yes" : c.red("no"),
    server.lastContactMs === null ? "-" : `${Math.round(server.lastContactMs)}ms`,
    server.lastIndex ?? "-",
  ]);
  const table = renderTable(["server", "raft address", "raft", "status", "healthy", "last contact", "last index"], rows, { boxed: options.boxed, color: c.isColorSupported });
  const mark = { ok: c.green("✔"), warn: c.yellow("!"), fail: c.red("✖") }[finding.status];
  const lines = [table, `${mark} ${finding.detail}`];
  if (finding.hint && finding.status !== "ok") lines.push(`  ${c.dim("fix:")} ${finding.hint}`);
  return `${lines.join("\n")}\n`;
}
