import { relative } from "node:path";
import type { Context } from "./context.js";
import { CliError, EXIT } from "./errors.js";
import type { ProgressView } from "./render/progress.js";
import { plural } from "./render/units.js";

/**
 * Lints the Terraform directory before Terraform runs: errors stop plan/apply/destroy (exit 1) so broken
 * configuration never reaches Terraform; warnings are shown and let it continue.
 */
export async function lintGate(ctx: Context, dir: string, view: ProgressView): Promise<void> {
  const { deps } = ctx.runtime;
  const rel = relative(ctx.cwd, dir);
  const where = rel.startsWith("..") ? dir : rel || ".";
  view.start(`linting ${where}…`);
  let results;
  try {
    results = await deps.lint([dir], { cwd: dir });
  } catch (error) {
    view.stop("lint could not run", false);
    if (deps.isLintUsageError(error)) throw new CliError(`lint: ${(error as Error).message}`, EXIT.usage);
    throw error;
  }
  const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
  const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
  if (errors + warnings === 0) {
    view.stop(`lint: ${where} clean`);
    return;
  }
  view.stop(`lint: ${errors > 0 ? `${plural(errors, "error")}, ` : ""}${plural(warnings, "warning")} in ${where}`, errors === 0);
  ctx.runtime.stderr.write(deps.formatResults(results, "stylish", { color: ctx.colorEnabled, cwd: ctx.cwd }));
  if (errors > 0) {
    throw new CliError(`lint found ${plural(errors, "error")} in ${where}; Terraform was not started (see \`cortex-ring lint\`)`);
  }
}
