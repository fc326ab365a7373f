import { InvalidArgumentError, Option, type Command } from "commander";
import type { PlanInputs } from "./terraform/terraform.js";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function varPair(value: string, previous: string[] = []): string[] {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*=/.test(value)) throw new InvalidArgumentError("expected key=value");
  return [...previous, value];
}

/** Options shared by plan, apply and destroy: variables passed through to `terraform plan`, and the lint gate. */
export function withPlanOptions(command: Command): Command {
  return command
    .addOption(new Option("--var <key=value>", "set a Terraform variable (repeatable), as terraform -var").argParser(varPair))
    .addOption(new Option("--var-file <file>", "load Terraform variables from a file (repeatable)").argParser(collect))
    .option("--no-lint", "skip the hcl-lint gate before Terraform runs");
}

export interface PlanFlags {
  var?: string[];
  varFile?: string[];
  lint: boolean;
}

export function planInputs(flags: PlanFlags, destroy = false): PlanInputs {
  return { vars: flags.var ?? [], varFiles: flags.varFile ?? [], destroy };
}

export function positiveSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError("expected a number of seconds > 0");
  return seconds;
}
