import { Command, InvalidArgumentError, Option } from "commander";
import { appliedOutputs } from "../applied-outputs.js";
import { createContext, type Context, type Runtime } from "../context.js";
import { checkSample } from "../cortex/sample-check.js";
import { CliError, UsageError } from "../errors.js";
import { positiveSeconds } from "../plan-options.js";
import { formatStep, formatSuccess } from "../render/check.js";
import { VERSION } from "../version.js";

interface CheckFlags {
  distributor?: string;
  querier?: string;
  tenant: string;
  timeout: number;
}

function httpUrl(value: string): string {
  const url = URL.parse(value);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) throw new InvalidArgumentError("expected an http:// or https:// URL");
  return value;
}

/** A flag, else the applied cluster's output; without either the check cannot know where to go. */
async function endpoints(ctx: Context, flags: CheckFlags): Promise<{ distributor: string; querier: string }> {
  const outputs = flags.distributor && flags.querier ? {} : ((await appliedOutputs(ctx))?.outputs ?? {});
  const pick = (flag: string | undefined, output: string, name: string): string => {
    const value = flag ?? outputs[output];
    if (typeof value === "string") return value;
    throw new UsageError(`no ${name} address: pass --${name} <url>, or apply a cluster with Cortex (its ${output} output)`);
  };
  return { distributor: pick(flags.distributor, "cortex_distributor_url", "distributor"), querier: pick(flags.querier, "cortex_querier_url", "querier") };
}

export function checkCommand(runtime: Runtime): Command {
  return new Command("check")
    .description("end to end: push a uniquely labelled sample through the distributor's remote write, read it back through the querier")
    .addOption(new Option("--distributor <url>", "distributor HTTP address (default: the applied cluster's cortex_distributor_url output)").argParser(httpUrl))
    .addOption(new Option("--querier <url>", "querier HTTP address (default: the applied cluster's cortex_querier_url output)").argParser(httpUrl))
    .option("--tenant <id>", "tenant the sample is written for and read as (X-Scope-OrgID)", "cortex-ring-check")
    .option("--timeout <seconds>", "how long the sample may take to come back through the querier", positiveSeconds, 30)
    .addHelpText(
      "after",
      "\nExit codes: 0 the sample came back, 1 it did not (the push was refused, an endpoint is unreachable, or the\nquerier did not return it in time), 2 usage (bad flag, no distributor or querier address), 130 interrupted.\nWith --json: {ok, tenant, series, value, timestamp, steps: [{step, endpoint, ok, latencyMs, status, attempts, error}], totalMs}.",
    )
    .action(async (flags: CheckFlags, command: Command) => {
      const ctx = createContext(command, runtime);
      const { distributor, querier } = await endpoints(ctx, flags);
      const stopGraceful = runtime.interrupts.handleGracefully();
      try {
        const report = await checkSample({
          distributor,
          querier,
          tenant: flags.tenant,
          timeoutMs: flags.timeout * 1000,
          userAgent: `cortex-ring/${VERSION}`,
          signal: runtime.interrupts.signal,
          onStep: (step) => {
            if (!ctx.json) ctx.out(formatStep(step, ctx.outColors));
          },
        });
        if (ctx.json) ctx.out(JSON.stringify(report, null, 2));
        else if (report.ok) ctx.out(formatSuccess(report));
        const failed = report.steps.find((step) => !step.ok);
        if (failed) throw new CliError(failed.error ?? `${failed.step} failed`);
      } finally {
        stopGraceful();
      }
    });
}
