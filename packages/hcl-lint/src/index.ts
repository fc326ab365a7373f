/** @cortex-ring/hcl-lint: lints the Terraform of a Cortex hash ring (kreuzwerker/docker) with exact lines. */
export { lint, applyFixes } from "./linter.js";
export { formatResults } from "./formatters/index.js";
export { runCli, EXIT } from "./cli.js";
export { HclLintUsageError } from "./errors.js";
export { rules } from "./rules/index.js";
export type { Rule, RuleContext, RuleListener, RuleMeta } from "./rules/index.js";
export type { LintMessage, LintResult, LintOptions, SuppressedMessage, Fix, OutputFormat, Severity, SeveritySetting } from "./types.js";
