import { mkdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { CliError, InterruptedError } from "../errors.js";
import type { Interrupts } from "../interrupts.js";
import type { TerraformBinary } from "./binary.js";
import { InFlight, parseEvent, type UiEvent } from "./events.js";
import { checkInit, recordInit, type InitCheck } from "./init-state.js";
import { summarisePlan, type PlanSummary } from "./plan-summary.js";
import { firstError, runTerraform, type RunResult } from "./run.js";

export interface PlanInputs {
  /** `key=value` pairs passed as `-var`. */
  vars?: string[];
  /** Paths passed as `-var-file`, resolved against `cwd`. */
  varFiles?: string[];
  destroy?: boolean;
}

export interface TerraformOptions {
  interrupts?: Interrupts;
  env?: NodeJS.ProcessEnv;
  /** Where relative var-file paths were typed. */
  cwd?: string;
  /** Terraform's own stderr lines (warnings about the CLI config, crash output), shown with --verbose. */
  onStderrLine?: (line: string) => void;
}

export interface Plan {
  file: string;
  summary: PlanSummary;
}

export interface ApplyResult {
  /** Resources added, changed, removed, from Terraform's change_summary. */
  add: number;
  change: number;
  remove: number;
}

/**
 * Drives one Terraform working directory the way Terraform's automation guide describes:
 * init (only when needed) → plan -out → show -json → apply <planfile>, always with -input=false.
 */
export class Terraform {
  constructor(
    readonly bin: TerraformBinary,
    readonly dir: string,
    private readonly options: TerraformOptions = {},
  ) {}

  private run(args: string[], onLine?: (line: string) => void): Promise<RunResult> {
    return runTerraform(this.bin, args, {
      cwd: this.dir,
      ...(this.options.env ? { env: this.options.env } : {}),
      ...(this.options.interrupts ? { interrupts: this.options.interrupts } : {}),
      ...(onLine ? { onLine } : {}),
      ...(this.options.onStderrLine ? { onStderrLine: this.options.onStderrLine } : {}),
    });
  }

  private stopIfInterrupted(what: string): void {
    if (this.options.interrupts?.interrupted) throw new InterruptedError(`interrupted: ${what}`);
  }

  async version(): Promise<string> {
    const result = await this.run(["version", "-json"]);
    try {
      const parsed = JSON.parse(result.stdout) as { terraform_version?: string };
      if (parsed.terraform_version) return parsed.terraform_version;
    } catch {
      // Older binaries print text: fall through.
    }
    const match = /v?(\d+\.\d+\.\d+\S*)/.exec(result.stdout);
    if (result.code !== 0 || !match?.[1]) throw new CliError(`${this.bin.path} version failed: ${firstError(result)}`);
    return match[1];
  }

  /** Whether `init` must run first (see init-state.ts). */
  initCheck(): Promise<InitCheck> {
    return checkInit(this.dir);
  }

  /** `init -input=false`, then records what it installed from so the next plan can skip it. */
  async init(extraArgs: string[] = []): Promise<void> {
    const result = await this.run(["init", "-input=false", "-no-color", ...extraArgs]);
    this.stopIfInterrupted("terraform init stopped; nothing was planned or applied");
    if (result.code !== 0) throw new CliError(`terraform init failed in ${this.dir}: ${firstError(result)}`);
    await recordInit(this.dir);
  }

  private varArgs(inputs: PlanInputs): string[] {
    const args: string[] = [];
    for (const pair of inputs.vars ?? []) args.push(`-var=${pair}`);
    for (const file of inputs.varFiles ?? []) args.push(`-var-file=${resolve(this.options.cwd ?? process.cwd(), file)}`);
    return args;
  }

  /** `plan -out` into .terraform/, then the summary of `show -json` on that file. */
  async plan(inputs: PlanInputs = {}, onEvent?: (event: UiEvent) => void): Promise<Plan> {
    await mkdir(join(this.dir, ".terraform"), { recursive: true });
    const file = join(this.dir, ".terraform", inputs.destroy ? "cortex-ring-destroy.tfplan" : "cortex-ring.tfplan");
    const args = ["plan", "-input=false", "-json", `-out=${file}`, ...(inputs.destroy ? ["-destroy"] : []), ...this.varArgs(inputs)];
    const result = await this.run(args, (line) => {
      const event = parseEvent(line);
      if (event) onEvent?.(event);
    });
    this.stopIfInterrupted("Terraform stopped planning; nothing was applied");
    if (result.code !== 0) throw new CliError(`terraform plan failed: ${firstError(result)}`);
    const show = await this.run(["show", "-json", file]);
    if (show.code !== 0) throw new CliError(`terraform show -json ${file} failed: ${firstError(show)}`);
    return { file, summary: summarisePlan(show.stdout) };
  }

  /**
   * Applies exactly the saved plan. Resolves with Terraform's counts; after an interrupt resolves only once
   * Terraform has stopped and then throws {@link InterruptedError} via the caller's tally message.
   */
  async apply(plan: Plan, onEvent?: (event: UiEvent) => void): Promise<{ result: RunResult; applied: ApplyResult }> {
    const applied: ApplyResult = { add: 0, change: 0, remove: 0 };
    const inFlight = new InFlight();
    const result = await this.run(["apply", "-input=false", "-json", plan.file], (line) => {
      const event = parseEvent(line);
      if (!event) return;
      if (inFlight.record(event)) this.options.interrupts?.setInFlight(inFlight.operations());
      if (event.type === "change_summary" && event.operation !== "plan") {
        applied.add = event.add;
        applied.change = event.change;
        applied.remove = event.remove;
      }
      onEvent?.(event);
    });
    // The plan file is spent either way: Terraform refuses to apply it twice.
    if (result.code === 0 || this.options.interrupts?.interrupted) await rm(plan.file, { force: true });
    return { result, applied };
  }

  /** Root outputs' values (`output -json`, sensitive ones included: never print them); empty when there is no state yet. */
  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.run(["output", "-json"]);
    if (result.code !== 0) throw new CliError(`terraform output -json failed: ${firstError(result)}`);
    let parsed: Record<string, { value?: unknown }>;
    try {
      parsed = JSON.parse(result.stdout.trim() || "{}") as Record<string, { value?: unknown }>;
    } catch {
      // V8 quotes the text around a JSON error, and sensitive outputs (ACL tokens) are in that text.
      throw new CliError("terraform output -json printed something that is not JSON");
    }
    return Object.fromEntries(Object.entries(parsed).map(([name, output]) => [name, output.value]));
  }
}
