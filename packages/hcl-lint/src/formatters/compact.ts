/** One line per finding, `file:line:col: severity: message [rule]`: the shape editors and CI problem matchers read. */
import type { LintResult } from "../types.js";
import { displayPath } from "./paths.js";

export function compact(results: LintResult[], options: { cwd?: string } = {}): string {
  let output = "";
  for (const result of results) {
    const file = displayPath(result.filePath, options.cwd);
    for (const message of result.messages) {
      const severity = message.severity === 2 ? "error" : "warning";
      output += `${file}:${message.line}:${message.column}: ${severity}: ${message.message.replace(/\s*\n\s*/g, " ")} [${message.ruleId ?? "syntax"}]\n`;
    }
  }
  return output;
}
