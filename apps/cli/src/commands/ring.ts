import { Command } from "commander";
import type { Runtime } from "../context.js";
import { ringForgetCommand } from "./ring-forget.js";
import { ringMembersCommand } from "./ring-members.js";
import { ringMetricsCommand } from "./ring-metrics.js";
import { ringServeCommand } from "./ring-serve.js";
import { ringStatusCommand } from "./ring-status.js";
import { ringWatchCommand } from "./ring-watch.js";

export function ringCommand(runtime: Runtime): Command {
  return new Command("ring")
    .description("inspect and repair the hash ring in Consul (address: --consul, $CONSUL_HTTP_ADDR, the applied cluster's output, or 127.0.0.1:8500)")
    .addCommand(ringStatusCommand(runtime))
    .addCommand(ringWatchCommand(runtime))
    .addCommand(ringForgetCommand(runtime))
    .addCommand(ringMembersCommand(runtime))
    .addCommand(ringServeCommand(runtime))
    .addCommand(ringMetricsCommand(runtime));
}
