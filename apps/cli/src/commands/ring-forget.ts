import type { ForgetUnhealthyResult } from "@cortex-ring/ring-client";
import { Command, Option } from "commander";
import { chooseToken, connectConsul, resolveConsul, type TokenChoice } from "../consul.js";
import { createContext, type Context, type Runtime } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { withQuorumOptions, type QuorumFlags } from "../quorum-options.js";
import { plural } from "../render/units.js";
import { verdictLine } from "../render/verdict.js";
import { formatDuration, parseDuration, withHeartbeatTimeout, type HeartbeatFlags } from "../ring-options.js";
import type { RingApi } from "../deps.js";

interface ForgetFlags extends HeartbeatFlags, QuorumFlags {
  key: string;
  force?: boolean;
  unhealthyFor?: number;
  dryRun?: boolean;
}

export function ringForgetCommand(runtime: Runtime): Command {
  return withQuorumOptions(withHeartbeatTimeout(new Command("forget")))
    .description("remove an instance from a ring (compare-and-set), or every instance unhealthy for longer than --unhealthy-for")
    .argument("[id]", "instance ID, as shown by `ring status`")
    .option("--key <key>", "ring key", "collectors/ring")
    .addOption(new Option("--unhealthy-for <duration>", "remove every instance without a heartbeat for the heartbeat timeout plus this long (e.g. 10m)").argParser(parseDuration))
    .option("--dry-run", "with --unhealthy-for: say what would be removed, remove nothing")
    .option("--force", "with an ID: remove it although it still heartbeats; with --unhealthy-for: although the ingester ring left behind would lack quorum (a healthy instance is never removed)")
    .addHelpText(
      "after",
      `
--unhealthy-for removes one instance per compare-and-set, so a concurrent heartbeat is never lost, and leaves
alone any whose heartbeat came back. On the ingester ring (--ingester-ring) it first judges the ring left
behind as the distributor would, and refuses when writes or reads would lose quorum somewhere (a partition or
a clock jump can make everyone look dead).

Exit codes: 0 removed (or nothing to remove, or a dry run), 1 not found, still healthy (without --force),
refused for quorum (without --force) or Consul error, 2 usage.`,
    )
    .action(async (id: string | undefined, options: ForgetFlags, command: Command) => {
      const ctx = createContext(command, runtime);
      if ((id === undefined) === (options.unhealthyFor === undefined)) throw new UsageError("give an instance ID or --unhealthy-for <duration>, not both");
      if (options.dryRun && options.unhealthyFor === undefined) throw new UsageError("--dry-run goes with --unhealthy-for");
      // Forgetting writes the ring: the cluster's ring-operator token, unless CONSUL_HTTP_TOKEN says otherwise.
      const consul = await resolveConsul(ctx);
      using client = await connectConsul(ctx, { heartbeatTimeoutMs: options.heartbeatTimeout, zoneAwareness: Boolean(options.zoneAwareness), role: "ring-operator" }, consul);
      try {
        if (id !== undefined) await forgetOne(ctx, client, id, options);
        else if (options.unhealthyFor !== undefined) await forgetUnhealthy(ctx, client, options, options.unhealthyFor);
      } catch (error) {
        if ((error as { code?: string }).code !== "acl-denied") throw error;
        throw new CliError(deniedMessage(options.key, chooseToken(ctx.runtime.env, consul, "ring-operator"), (error as { access?: string }).access === "write"));
      }
    });
}

async function forgetOne(ctx: Context, client: RingApi, id: string, options: ForgetFlags): Promise<void> {
  let outcome: { removed: boolean; attempts: number };
  try {
    outcome = await client.forget(options.key, id, { force: Boolean(options.force) });
  } catch (error) {
    if ((error as { code?: string }).code === "instance-healthy") {
      throw new CliError(`${(error as Error).message}; pass --force to remove it anyway`);
    }
    throw error;
  }
  if (!outcome.removed) throw new CliError(`${id} was not removed from ${options.key}`);
  if (ctx.json) ctx.out(JSON.stringify({ key: options.key, id, ...outcome }));
  else ctx.out(`removed ${id} from ${options.key} (${plural(outcome.attempts, "attempt")})`);
}

async function forgetUnhealthy(ctx: Context, client: RingApi, options: ForgetFlags, period: number): Promise<void> {
  const judged = options.key === options.ingesterRing;
  const result = await client.forgetUnhealthy(options.key, {
    unhealthyForMs: period,
    dryRun: Boolean(options.dryRun),
    force: Boolean(options.force),
    ...(judged ? { quorum: { replicationFactor: options.replicationFactor, excludedZones: options.excludedZones ?? [] } } : {}),
  });
  if (ctx.json) ctx.out(JSON.stringify(result, null, 2));
  else for (const line of report(result, formatDuration(period), ctx, judged)) ctx.out(line);
  if (result.refused) {
    const what = result.removed.length > 0 ? `stopped after removing ${result.removed.length} of ${plural(result.candidates.length, "instance")}` : `not removing ${plural(result.candidates.length, "instance")}`;
    throw new CliError(`${what} from ${options.key}: ${result.refused}; pass --force to remove them anyway`);
  }
}

function report(result: ForgetUnhealthyResult, period: string, ctx: Context, judged: boolean): string[] {
  if (result.candidates.length === 0) return [`${result.key}: no instance unhealthy for longer than ${period}`];
  const listed = result.candidates.map((c) => `${c.id} (${c.heartbeatAgeSeconds === null ? "never heartbeated" : `last heartbeat ${formatDuration(c.heartbeatAgeSeconds * 1000)} ago`})`);
  const lines = [`${result.key}: ${plural(result.candidates.length, "instance")} unhealthy for longer than ${period}: ${listed.join(", ")}`];
  if (result.after) lines.push(verdictLine("the ring left behind", result.after, ctx.outColors));
  else if (!judged) lines.push(`no quorum check: ${result.key} is not the ingester ring (--ingester-ring)`);
  if (result.dryRun) lines.push(`dry run: would remove ${result.candidates.map((c) => c.id).join(", ")}`);
  for (const removed of result.removed) lines.push(`removed ${removed.id} (${plural(removed.attempts, "attempt")})`);
  for (const skipped of result.skipped) lines.push(`kept ${skipped.id}: ${skipped.reason}`);
  return lines;
}

/** A refused forget, saying which token was used and which one it needs (the token itself never appears). */
function deniedMessage(key: string, token: TokenChoice, couldRead: boolean): string {
  const what = couldRead ? `may read ${key} but not write it` : `may not read ${key}`;
  const fix = {
    env: "unset CONSUL_HTTP_TOKEN (and CONSUL_HTTP_TOKEN_FILE) to let the CLI use the cluster's ring-operator token, or set it to a token with write on the ring's prefix",
    none: "set CONSUL_HTTP_TOKEN to a token with write on the ring's prefix (after `cortex-ring apply` the CLI finds the cluster's ring-operator token itself)",
    cluster: "the cluster's ACL policies no longer match infra/: re-apply it (`cortex-ring apply`) to restore them",
  }[token.from];
  return `ring forget needs the write token: ${token.source} ${what} (Consul ACL denied it); ${fix}`;
}
