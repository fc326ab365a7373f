import { Command } from "commander";
import { connectConsul } from "../consul.js";
import { createContext, type Runtime } from "../context.js";
import { CliError } from "../errors.js";
import { plural } from "../render/units.js";
import { withHeartbeatTimeout, type HeartbeatFlags } from "../ring-options.js";

export function ringForgetCommand(runtime: Runtime): Command {
  return withHeartbeatTimeout(new Command("forget"))
    .description("remove an instance from a ring (compare-and-set); refuses a healthy instance unless --force")
    .argument("<id>", "instance ID, as shown by `ring status`")
    .option("--key <key>", "ring key", "collectors/ring")
    .option("--force", "remove it even though it still heartbeats")
    .addHelpText("after", "\nExit codes: 0 removed, 1 not found, still healthy (without --force) or Consul error, 2 usage.")
    .action(async (id: string, options: HeartbeatFlags & { key: string; force?: boolean }, command: Command) => {
      const ctx = createContext(command, runtime);
      using client = await connectConsul(ctx, { heartbeatTimeoutMs: options.heartbeatTimeout });
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
    });
}
