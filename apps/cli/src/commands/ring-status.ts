import { Command, Option } from "commander";
import { connectConsul } from "../consul.js";
import { createContext, type Runtime } from "../context.js";
import { EXIT } from "../errors.js";
import { formatRings } from "../render/ring.js";
import { plural } from "../render/units.js";
import { withHeartbeatTimeout, type HeartbeatFlags } from "../ring-options.js";

export function ringStatusCommand(runtime: Runtime): Command {
  return withHeartbeatTimeout(new Command("status"))
    .description("instances of one ring (--key) or of every ring found under Cortex's prefixes: state, tokens, ownership, heartbeat")
    .option("--key <key>", "read this ring key only (e.g. collectors/ring)")
    .addOption(new Option("--prefix <prefix>", "discover rings under this prefix (repeatable; default collectors/, rulers/, alertmanagers/)").argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]).conflicts("key"))
    .option("--fail-unhealthy", "exit 1 when any instance is unhealthy")
    .addHelpText("after", "\nExit codes: 0 ok, 1 Consul/ring error or (with --fail-unhealthy) an unhealthy instance, 2 usage.")
    .action(async (options: HeartbeatFlags & { key?: string; prefix?: string[]; failUnhealthy?: boolean }, command: Command) => {
      const ctx = createContext(command, runtime);
      using client = await connectConsul(ctx, { heartbeatTimeoutMs: options.heartbeatTimeout });
      const rings = options.key ? [await client.readRing(options.key)] : await client.discoverRings(options.prefix);
      if (ctx.json) ctx.out(JSON.stringify(rings, null, 2));
      else ctx.out(formatRings(rings, { colors: ctx.outColors, boxed: Boolean(runtime.stdout.isTTY) }));
      const unhealthy = rings.flatMap((ring) => ring.unhealthy.map((id) => `${ring.key}/${id}`));
      if (options.failUnhealthy && unhealthy.length > 0) {
        ctx.log(ctx.colors.red(`${plural(unhealthy.length, "unhealthy instance")}: ${unhealthy.join(", ")}`));
        runtime.exitCode = EXIT.failure;
      }
    });
}
