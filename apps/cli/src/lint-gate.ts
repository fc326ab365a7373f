import { relative } from "node:path";
import type { Context } from "./context.js";
import { CliError, EXIT } from "./errors.js";

/**
 * Lints the Terraform directory before Terraform runs: errors stop plan/apply/destroy (exit 1) so broken
 * configuration never reaches Terraform; warnings are shown and let it continue.
 */
export async function lintGate(ctx: Context, dir: string): Promise<{ errors: number; warnings: number }> {
  const { deps } = ctx.runtime;
  let results;
  try {
    results = await deps.lint([dir], { cwd: dir });
  } catch (error) {
    if (deps.isLintUsageError(error)) throw new CliError(`lint: ${(error as Error).message}`, EXIT.usage);
    throw error;
  }
  const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
  const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
  if (errors + warnings > 0) {
    ctx.runtime.stderr.write(deps.formatResults(results, "stylish", { color: ctx.colorEnabled, cwd: ctx.cwd }));
  }
  const where = relative(ctx.cwd, dir) || ".";
  if (errors > 0) {
    throw new CliError(`lint found ${errors} error${errors === 1 ? "" : "s"} in ${where}; Terraform was not started (see \`cortex-ring lint\`)`);
  }
  ctx.debug(`lint: ${where} clean${warnings ? ` (${warnings} warning${warnings === 1 ? "" : "s"})` : ""}`);
  return { errors, warnings };
}
