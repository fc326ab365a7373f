/** ESLint's default output: findings grouped under each file, aligned columns, then a summary. */
import { createColors } from "picocolors";
import type { LintResult } from "../types.js";
import { displayPath } from "./paths.js";

export function stylish(results: LintResult[], options: { color?: boolean; cwd?: string } = {}): string {
  const c = createColors(options.color ?? false);
  let output = "";
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const result of results) {
    if (result.messages.length === 0) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
    fixableErrors += result.fixableErrorCount;
    fixableWarnings += result.fixableWarningCount;
    const rows = result.messages.map((message) => [
      `${message.line}:${message.column}`,
      message.severity === 2 ? "error" : "warning",
      message.message.replace(/\s*\n\s*/g, " "),
      message.ruleId ?? "",
    ]);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
    output += `\n${c.underline(displayPath(result.filePath, options.cwd))}\n`;
    for (const [position = "", severity = "", message = "", rule = ""] of rows) {
      const paint = severity === "error" ? c.red : c.yellow;
      const text = rule ? `${message.padEnd(widths[2] ?? 0)}  ${c.dim(rule)}` : message;
      output += `  ${c.dim(position.padStart(widths[0] ?? 0))}  ${paint(severity.padEnd(widths[1] ?? 0))}  ${text}\n`;
    }
  }
  const total = errors + warnings;
  if (total === 0) return "";
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  const paint = errors > 0 ? c.red : c.yellow;
  output += `\n${paint(c.bold(`✖ ${plural(total, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")})`))}\n`;
  if (fixableErrors + fixableWarnings > 0) {
    output += paint(c.bold(`  ${plural(fixableErrors, "error")} and ${plural(fixableWarnings, "warning")} potentially fixable with the \`--fix\` option.`)) + "\n";
  }
  return output + "\n";
}
