import type { RingStatus } from "@cortex-ring/ring-client";
import { Command, Option } from "commander";
import { connectConsul } from "../consul.js";
import { createContext, type Runtime } from "../context.js";
import { EXIT, UsageError } from "../errors.js";
import { quorumOptions, withoutOption, withQuorumOptions, type QuorumFlags } from "../quorum-options.js";
import { formatRing, formatRings } from "../render/ring.js";
import { plural } from "../render/units.js";
import { formatQuorum } from "../render/verdict.js";
import { withConsistency, withHeartbeatTimeout, type ConsistencyFlags, type HeartbeatFlags } from "../ring-options.js";

type FailOn = "broken" | "degraded" | "unhealthy";

interface StatusFlags extends HeartbeatFlags, QuorumFlags, ConsistencyFlags {
  key?: string;
  prefix?: string[];
  without?: string[];
  failOn?: FailOn;
  failUnhealthy?: boolean;
}

export const STATUS_EXIT_HELP = `
The quorum line judges the ingester ring (--ingester-ring) as Cortex's distributor does: each token range's
replica set (Ring.Get), then Filter: ok, degraded (fewer than RF healthy replicas, quorum kept) or broken (quorum
lost: writes to those keys fail). --without adds the same verdict as if those instances were down.

Exit codes: 0 ok; 1 Consul/ring error, or the --fail-on level reached: broken (quorum lost somewhere),
degraded (broken, or fewer than RF healthy replicas somewhere), unhealthy (degraded, or any instance of any ring
unhealthy); for broken and degraded the --without verdict counts too, so \`ring status --without X --fail-on
broken\` fails before a restart of X would break writes. --fail-unhealthy: any instance unhealthy. 2 usage
(a --without that matches nothing).`;

export function ringStatusCommand(runtime: Runtime): Command {
  return withConsistency(withQuorumOptions(withHeartbeatTimeout(new Command("status"))))
    .description("instances of one ring (--key) or of every ring found under Cortex's prefixes, and whether the ingester ring can take writes")
    .option("--key <key>", "read this ring key only (e.g. collectors/ring)")
    .addOption(new Option("--prefix <prefix>", "discover rings under this prefix (repeatable; default collectors/, rulers/, alertmanagers/)").argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]).conflicts("key"))
    .addOption(withoutOption())
    .addOption(new Option("--fail-on <level>", "exit 1 at this level: broken, degraded or unhealthy").choices(["broken", "degraded", "unhealthy"]))
    .option("--fail-unhealthy", "exit 1 when any instance is unhealthy")
    .addHelpText("after", STATUS_EXIT_HELP)
    .action(async (options: StatusFlags, command: Command) => {
      const ctx = createContext(command, runtime);
      using client = await connectConsul(ctx, { heartbeatTimeoutMs: options.heartbeatTimeout, zoneAwareness: Boolean(options.zoneAwareness), consistency: options.consistency });
      const snapshots = options.key ? [await client.readSnapshot(options.key)] : await client.discoverSnapshots(options.prefix);
      const ringClient = await import("@cortex-ring/ring-client");
      const quorum = quorumOptions(options, ringClient.parseWithout);
      // Each ring as --json prints it; `quorum` (the verdict) on the ingester ring only.
      const rings = snapshots.map((snapshot) => ringClient.ringStatus(snapshot, { ingesterRing: options.ingesterRing, quorum }));
      checkWithout(rings, options);

      if (ctx.json) {
        ctx.out(JSON.stringify(rings, null, 2));
      } else if (rings.length === 0) {
        ctx.out(formatRings([], { colors: ctx.outColors, boxed: false }));
      } else {
        const render = { colors: ctx.outColors, boxed: Boolean(runtime.stdout.isTTY) };
        ctx.out(rings.map((ring) => formatRing(ring, render) + (ring.quorum ? `${formatQuorum(ring.quorum, ctx.outColors).join("\n")}\n` : "")).join("\n"));
      }

      const reasons = failures(rings, options);
      for (const reason of reasons) ctx.log(ctx.colors.red(reason));
      if (reasons.length > 0) runtime.exitCode = EXIT.failure;
    });
}

/** A --without that judges nothing would read as "safe": refuse it. */
function checkWithout(rings: RingStatus[], options: StatusFlags): void {
  if (!options.without?.length) return;
  const judged = rings.find((ring) => ring.quorum);
  if (!judged) throw new UsageError(`--without applies to the ingester ring ${options.ingesterRing}, which is not among the rings read`);
  const unmatched = judged.quorum?.whatIf?.unmatched ?? [];
  if (unmatched.length > 0) throw new UsageError(`--without ${unmatched.join(", ")}: no such instance or zone in ${options.ingesterRing}`);
}

const SEVERITY = { ok: 0, degraded: 1, broken: 2 } as const;

function failures(rings: RingStatus[], options: StatusFlags): string[] {
  const reasons: string[] = [];
  const unhealthy = rings.flatMap((ring) => ring.unhealthy.map((id) => `${ring.key}/${id}`));
  if ((options.failUnhealthy || options.failOn === "unhealthy") && unhealthy.length > 0) {
    reasons.push(`${plural(unhealthy.length, "unhealthy instance")}: ${unhealthy.join(", ")}`);
  }
  if (!options.failOn) return reasons;
  const threshold = options.failOn === "broken" ? SEVERITY.broken : SEVERITY.degraded;
  const judged = rings.flatMap(({ key, quorum }) => (quorum ? [{ key, ...quorum }] : []));
  if (judged.length === 0 && options.failOn !== "unhealthy") reasons.push(`no ingester ring at ${options.ingesterRing} to judge`);
  for (const { key, verdict, whatIf } of judged) {
    if (SEVERITY[verdict.status] >= threshold) reasons.push(`${key} is ${verdict.status}`);
    // A what-if always has unhealthy instances: it counts for broken and degraded only.
    if (whatIf && options.failOn !== "unhealthy" && SEVERITY[whatIf.verdict.status] >= threshold) reasons.push(`without ${whatIf.without.join(", ")}, ${key} would be ${whatIf.verdict.status}`);
  }
  return reasons;
}
