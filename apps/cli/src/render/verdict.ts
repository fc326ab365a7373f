import type { OperationVerdict, QuorumRange, QuorumReport, RingVerdict, VerdictStatus } from "@cortex-ring/ring-client";
import type { Colors } from "../context.js";

const LISTED_RANGES = 3;
const LISTED_CRITICAL = 5;

/** A share of the token space as a percentage; never rounds a non-zero share down to "0.0%". */
export function percent(share: number): string {
  if (share > 0 && share < 0.001) return "<0.1%";
  return `${(share * 100).toFixed(1)}%`;
}

export function paintStatus(status: VerdictStatus, c: Colors): string {
  return status === "ok" ? c.green(status) : status === "degraded" ? c.yellow(status) : c.red(c.bold(status));
}

/** What happens to one operation, without naming it: "lost quorum on 33.0% of the token space (40 of 384 ranges)". */
function operationState(op: OperationVerdict): string {
  if (op.status === "ok") return "ok";
  const degraded = `degraded on ${percent(op.share.degraded)} of the token space`;
  if (op.status === "degraded") return degraded;
  const total = op.ranges.ok + op.ranges.degraded + op.ranges.broken;
  const lost = `lost quorum on ${percent(op.share.broken)} of the token space (${op.ranges.broken} of ${total} ranges)`;
  return op.share.degraded > 0 ? `${lost}, ${degraded}` : lost;
}

/** `quorum: degraded (RF 3, zone-aware): writes degraded on 33.1% of the token space; reads ok` */
export function verdictLine(label: string, verdict: RingVerdict, c: Colors): string {
  const settings = `RF ${verdict.replicationFactor}${verdict.zoneAwareness ? ", zone-aware" : ""}`;
  const head = `${label}: ${paintStatus(verdict.status, c)} (${settings})`;
  if (verdict.empty) return `${head}: no instance holds a token, so every write fails ("empty ring")`;
  const [writes, reads] = [operationState(verdict.write), operationState(verdict.read)];
  return writes === reads ? `${head}: writes and reads ${writes}` : `${head}: writes ${writes}; reads ${reads}`;
}

/** Keys as an inclusive span; a range that wraps past 2^32 − 1 says so. */
function keySpan(range: QuorumRange): string {
  const last = (range.end + 2 ** 32 - 1) % 2 ** 32;
  return `keys ${range.start}–${last}${range.start > last ? " (wrapping)" : ""}`;
}

function rangeLine(operation: string, range: QuorumRange): string {
  return `  lost quorum for ${operation}s: ${keySpan(range)} (${percent(range.share)}): replicas ${range.replicas.join(", ")}; healthy ${range.healthy.join(", ") || "none"}, ${range.needed} needed`;
}

function details(verdict: RingVerdict): string[] {
  const lines: string[] = [];
  for (const op of [verdict.write, verdict.read]) {
    if (op.status !== "broken" || (op === verdict.read && verdict.write.status === "broken")) continue;
    lines.push(...op.belowQuorum.slice(0, LISTED_RANGES).map((range) => rangeLine(op.operation, range)));
    const more = op.ranges.broken - Math.min(op.belowQuorum.length, LISTED_RANGES);
    if (more > 0) lines.push(`  … and ${more} more range${more === 1 ? "" : "s"} below quorum (--json lists them)`);
  }
  const critical = (op: OperationVerdict): string => {
    const shown = op.critical.slice(0, LISTED_CRITICAL).map((i) => `${i.id} (${percent(i.share)})`);
    const more = op.critical.length - shown.length;
    return shown.join(", ") + (more > 0 ? ` and ${more} more` : "");
  };
  const writes = critical(verdict.write);
  const reads = critical(verdict.read);
  if (writes && writes === reads) lines.push(`  one more loss breaks writes and reads: ${writes}`);
  else {
    if (writes) lines.push(`  one more loss breaks writes: ${writes}`);
    if (reads) lines.push(`  one more loss breaks reads: ${reads}`);
  }
  return lines;
}

/** The verdict, what breaks next, and the what-if, as lines under the ring's table. */
export function formatQuorum(report: QuorumReport, c: Colors): string[] {
  const lines = [verdictLine("quorum", report.verdict, c), ...details(report.verdict)];
  if (report.whatIf) {
    const { whatIf } = report;
    const down = `${whatIf.instances.length} instance${whatIf.instances.length === 1 ? "" : "s"} down`;
    lines.push(verdictLine(`without ${whatIf.without.join(", ")} (${down})`, whatIf.verdict, c), ...details(whatIf.verdict));
  }
  return lines;
}
