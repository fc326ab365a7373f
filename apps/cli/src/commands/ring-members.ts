import { Command } from "commander";
import { connectConsul } from "../consul.js";
import { createContext, type Runtime } from "../context.js";
import { formatMembers } from "../render/ring.js";

export function ringMembersCommand(runtime: Runtime): Command {
  return new Command("members")
    .description("Consul agents in the cluster (name, address, status, role)")
    .action(async (_options: object, command: Command) => {
      const ctx = createContext(command, runtime);
      using client = await connectConsul(ctx);
      const members = await client.members();
      if (ctx.json) ctx.out(JSON.stringify(members, null, 2));
      else ctx.out(formatMembers(members, { colors: ctx.outColors, boxed: Boolean(runtime.stdout.isTTY) }));
    });
}
