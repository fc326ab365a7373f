import { Command } from "commander";
import { createContext, type Runtime } from "../context.js";
import { deploy } from "../deploy.js";
import { positiveSeconds, withPlanOptions, type PlanFlags } from "../plan-options.js";

export function applyCommand(runtime: Runtime): Command {
  return withPlanOptions(
    new Command("apply")
      .description("plan, confirm, apply exactly that plan, then wait for Consul's leader and Cortex's rings and show members and rings")
      .option("--auto-approve", "apply without asking (required when stdin is not a terminal)")
      .option("--wait <seconds>", "after apply, how long to wait for a Consul leader, then for Cortex's instances to be ACTIVE in their rings", positiveSeconds, 120),
  )
    .addHelpText("after", "\nExit codes: 0 applied, Consul has a leader and Cortex is ACTIVE in its rings, 1 lint/Terraform error, cancelled, or no leader or Cortex not ACTIVE in time, 2 usage (including no terminal to confirm on without --auto-approve), 130 interrupted.")
    .action(async (options: PlanFlags & { autoApprove?: boolean; wait: number }, command: Command) => {
      const ctx = createContext(command, runtime);
      await deploy(ctx, { destroy: false, autoApprove: Boolean(options.autoApprove), flags: options, waitSeconds: options.wait });
    });
}
