import { Command } from "commander";
import { createContext, type Runtime } from "../context.js";
import { deploy } from "../deploy.js";
import { withPlanOptions, type PlanFlags } from "../plan-options.js";

export function destroyCommand(runtime: Runtime): Command {
  return withPlanOptions(
    new Command("destroy")
      .description("plan destroying the cluster, confirm, apply that plan")
      .option("--auto-approve", "destroy without asking (required when stdin is not a terminal)"),
  )
    .addHelpText("after", "\nExit codes: 0 destroyed (or nothing to destroy), 1 lint/Terraform error or cancelled, 2 usage (including no terminal to confirm on without --auto-approve), 130 interrupted.")
    .action(async (options: PlanFlags & { autoApprove?: boolean }, command: Command) => {
      const ctx = createContext(command, runtime);
      await deploy(ctx, { destroy: true, autoApprove: Boolean(options.autoApprove), flags: options, waitSeconds: 0 });
    });
}
