import type { AnyRule } from "../rules/rule.js";
import type { LintResult, OutputFormat } from "../types.js";
import { compact } from "./compact.js";
import { sarif } from "./sarif.js";
import { stylish } from "./stylish.js";

export const FORMATS: readonly OutputFormat[] = ["stylish", "json", "sarif", "compact"];

/** Renders results; `json` is ESLint's JSON formatter output (the results array), so ESLint tooling reads it. */
export function formatResults(results: LintResult[], format: OutputFormat, options: { color?: boolean; cwd?: string; rules?: Iterable<AnyRule> } = {}): string {
  switch (format) {
    case "stylish":
      return stylish(results, options);
    case "json":
      return `${JSON.stringify(results)}\n`;
    case "sarif":
      return sarif(results, options);
    case "compact":
      return compact(results, options);
    default:
      throw new TypeError(`unknown format "${String(format)}"`);
  }
}
