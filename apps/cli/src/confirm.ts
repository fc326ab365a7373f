import { createInterface } from "node:readline/promises";
import type { Context } from "./context.js";
import { CliError, InterruptedError, UsageError } from "./errors.js";

/** Fails before any work when a prompt would be needed but nobody can answer it. */
export function requireAnswerable(ctx: Context, autoApprove: boolean, verb: string): void {
  if (autoApprove) return;
  if (!ctx.runtime.stdin.isTTY) {
    throw new UsageError(`refusing to ${verb} without confirmation: stdin is not a terminal (pass --auto-approve)`);
  }
}

/** Asks on the terminal; only "yes" goes ahead, like Terraform's own prompt. */
export async function confirm(ctx: Context, question: string, verb: string): Promise<void> {
  const rl = createInterface({ input: ctx.runtime.stdin, output: ctx.runtime.stderr, terminal: true });
  try {
    const answer = await new Promise<string>((resolve, reject) => {
      rl.on("SIGINT", () => reject(new InterruptedError(`interrupted: nothing was ${verb === "destroy" ? "destroyed" : "applied"}`)));
      rl.question(`${question} ${ctx.colors.dim("Only 'yes' will be accepted:")} `).then(resolve, reject);
    });
    if (answer.trim().toLowerCase() !== "yes") throw new CliError(`${verb} cancelled; nothing changed`);
  } finally {
    rl.close();
  }
}
