import { Command } from "commander";
import { chooseToken, connectConsul, resolveConsul } from "../consul.js";
import { createContext, type Runtime } from "../context.js";
import { EXIT } from "../errors.js";
import { judgeRaftFinding } from "../raft-report.js";
import { formatRaft } from "../render/raft.js";
import { formatMembers } from "../render/ring.js";

export function ringMembersCommand(runtime: Runtime): Command {
  return new Command("members")
    .description("Consul agents (name, address, status, role), then Consul's servers as Raft sees them: leader, voters, and whether their quorum holds")
    .addHelpText("after", "\nExit codes: 0 ok, 1 Consul error or the servers' Raft quorum does not hold (no leader, too few voters alive).\nWith --json: {members, raft, finding}.")
    .action(async (_options: object, command: Command) => {
      const ctx = createContext(command, runtime);
      const consul = await resolveConsul(ctx);
      using client = await connectConsul(ctx, {}, consul);
      const [members, raft] = await Promise.all([client.members(), client.raftQuorum()]);
      const finding = judgeRaftFinding(raft);
      if (ctx.json) ctx.out(JSON.stringify({ members, raft, finding }, null, 2));
      else {
        const render = { colors: ctx.outColors, boxed: Boolean(runtime.stdout.isTTY) };
        ctx.out(formatMembers(members, render));
        ctx.out(formatRaft(raft, finding, render));
      }
      // Consul filters members by node:read rather than refusing: an empty list means the token cannot see them.
      if (members.length === 0) ctx.log(ctx.colors.yellow(`no Consul members visible with ${chooseToken(ctx.runtime.env, consul, "ring-reader").source}: it may not read nodes (node:read)`));
      if (finding.status === "fail") runtime.exitCode = EXIT.failure;
    });
}
