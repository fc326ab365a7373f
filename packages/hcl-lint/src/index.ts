/** @cortex-ring/hcl-lint: lints the Terraform of a Cortex hash ring (kreuzwerker/docker) with exact lines. */
export { lint } from "./linter.js";
export { applyFixes } from "./lint-module.js";
export { formatResults } from "./formatters/index.js";
export { runCli, EXIT } from "./cli.js";
export { HclLintUsageError } from "./errors.js";
export { rules } from "./rules/index.js";
export { defineRule } from "./rules/rule.js";
export type { AnyRule, Rule, RuleContext, RuleListener, RuleMeta } from "./rules/index.js";
export type { Report, OptionsSchema } from "./rules/rule.js";
export type { Attribute, Block, Module, ModuleFile } from "./module/model.js";
export type { Reference, Unknown, Value } from "./module/evaluate.js";
export type { Span } from "./parser/source-index.js";
export type { LintMessage, LintResult, LintOptions, SuppressedMessage, Fix, OutputFormat, Severity, SeveritySetting } from "./types.js";
