import { Command } from "commander";
import { createContext, type Runtime } from "../context.js";
import { preparePlan } from "../deploy.js";
import { EXIT } from "../errors.js";
import { planInputs, withPlanOptions, type PlanFlags } from "../plan-options.js";
import { formatPlan, planJson } from "../render/plan.js";

export function planCommand(runtime: Runtime): Command {
  return withPlanOptions(
    new Command("plan")
      .description("lint, init when needed, plan to a file and summarise what would change")
      .option("--detailed-exitcode", "exit 2 when the plan has changes (0 none, 1 error)")
      .option("--destroy", "plan destroying everything instead"),
  )
    .addHelpText("after", "\nExit codes: 0 no changes (or changes without --detailed-exitcode), 1 lint or Terraform error, 2 changes present with --detailed-exitcode (or a usage error), 130 interrupted.")
    .action(async (options: PlanFlags & { detailedExitcode?: boolean; destroy?: boolean }, command: Command) => {
      const ctx = createContext(command, runtime);
      const { plan } = await preparePlan(ctx, options, planInputs(options, Boolean(options.destroy)));
      ctx.out(ctx.json ? JSON.stringify(planJson(plan.summary, plan.file), null, 2) : formatPlan(plan.summary, ctx.outColors));
      if (options.detailedExitcode && plan.summary.hasChanges) runtime.exitCode = EXIT.changes;
    });
}
