import { Command } from "commander";
import { connectConsul } from "../consul.js";
import { createContext, type Runtime } from "../context.js";
import { InterruptedError } from "../errors.js";
import { positiveSeconds } from "../plan-options.js";
import { formatDiff, formatRing } from "../render/ring.js";
import { withConsistency, withHeartbeatTimeout, type ConsistencyFlags, type HeartbeatFlags } from "../ring-options.js";

export function ringWatchCommand(runtime: Runtime): Command {
  return withConsistency(withHeartbeatTimeout(new Command("watch")))
    .description("follow a ring: joins, leaves, state changes and heartbeats going stale, until Ctrl-C")
    .option("--key <key>", "ring key", "collectors/ring")
    .option("--wait <seconds>", "Consul blocking-query wait per request", positiveSeconds, 10)
    .addHelpText("after", "\nExit codes: 130 after Ctrl-C (the normal end), 1 Consul/ring error, 2 usage.\nWith --json: one JSON object per update: {at, key, diff, ring}.")
    .action(async (options: HeartbeatFlags & ConsistencyFlags & { key: string; wait: number }, command: Command) => {
      const ctx = createContext(command, runtime);
      using client = await connectConsul(ctx, { heartbeatTimeoutMs: options.heartbeatTimeout, consistency: options.consistency });
      const signal = runtime.interrupts.signal;
      const stopGraceful = runtime.interrupts.handleGracefully();
      let first = true;
      try {
        for await (const update of client.watchRing(options.key, { signal, waitSeconds: options.wait })) {
          const at = new Date();
          if (ctx.json) {
            ctx.out(JSON.stringify({ at: at.toISOString(), key: options.key, diff: update.diff, ring: update.ring }));
          } else if (first) {
            ctx.out(formatRing(update.ring, { colors: ctx.outColors, boxed: Boolean(runtime.stdout.isTTY) }));
          } else {
            for (const line of formatDiff(options.key, update.diff, at, ctx.outColors)) ctx.out(line);
          }
          first = false;
        }
      } catch (error) {
        if (!signal.aborted) throw error;
      } finally {
        stopGraceful();
      }
      if (signal.aborted) throw new InterruptedError(`stopped watching ${options.key}`);
    });
}
