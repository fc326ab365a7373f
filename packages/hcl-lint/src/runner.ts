/**
 * Runs the active rules over one module (tflint's runner, ESLint's report translator): rules only report; the
 * runner renders messages, applies suppression comments and severities, and turns a rule that throws — a bug in
 * that rule or its plugin — into one finding naming the rule, so every other rule's findings still come out.
 */
import type { Block, Module } from "./module/model.js";
import type { AnyRule, Report, RuleListener } from "./rules/rule.js";
import { findSuppression } from "./suppressions.js";
import type { LintMessage, SuppressedMessage } from "./types.js";

/** A rule switched on for a module, with its effective severity and options. */
export interface ActiveRule {
  id: string;
  rule: AnyRule;
  severity: 1 | 2;
  options: object;
  /** The plugin that provides it (its name in `.hcl-lint.json`); undefined for built-in rules. */
  plugin?: string;
}

export interface FileFindings {
  messages: LintMessage[];
  suppressed: SuppressedMessage[];
}

export function runRules(module: Module, active: readonly ActiveRule[], findings: Map<string, FileFindings>): void {
  const crashed = new Set<string>();
  const crash = (entry: ActiveRule, where: { file: string; line: number; column: number; what: string }, error: unknown): void => {
    crashed.add(entry.id);
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    const owner = entry.plugin === undefined ? "" : ` (plugin ${entry.plugin})`;
    findings.get(where.file)?.messages.push({
      ruleId: entry.id,
      fatal: true,
      severity: 2,
      message: `Rule ${entry.id}${owner} crashed on ${where.what}: ${reason}`,
      line: where.line,
      column: where.column,
    });
  };
  const moduleStart = { file: module.files[0]?.path ?? module.dir, line: 1, column: 1, what: module.dir };
  const listeners: { entry: ActiveRule; listener: RuleListener }[] = [];
  for (const entry of active) {
    try {
      listeners.push({ entry, listener: entry.rule.create({ module, options: entry.options, report: (report) => emit(entry, report, findings) }) });
    } catch (error) {
      crash(entry, moduleStart, error);
    }
  }
  const at = (block: Block) => ({ file: block.file.path, line: block.header.line, column: block.header.column, what: block.address });
  for (const block of module.blocks) {
    const selectors = [block.type, `${block.type}:${block.labels[0] ?? ""}`];
    for (const { entry, listener } of listeners) {
      for (const selector of selectors) {
        const visit = listener.blocks?.[selector];
        if (!visit || crashed.has(entry.id)) continue;
        try {
          visit(block);
        } catch (error) {
          crash(entry, at(block), error);
        }
      }
    }
  }
  for (const { entry, listener } of listeners) {
    if (!listener.done || crashed.has(entry.id)) continue;
    try {
      listener.done();
    } catch (error) {
      crash(entry, moduleStart, error);
    }
  }
}

/** One report → one finding (or a suppressed one). An unknown messageId is the rule's bug: it throws. */
function emit(entry: ActiveRule, report: Report, findings: Map<string, FileFindings>): void {
  const { file, span, messageId, data, fix } = report;
  const messages: Record<string, string> = entry.rule.meta.messages;
  const template = messages[messageId];
  if (template === undefined) throw new Error(`reported messageId "${messageId}", which meta.messages does not define (${Object.keys(messages).join(", ")})`);
  const message = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (data && key in data ? String(data[key]) : whole));
  const finding: LintMessage = { ruleId: entry.id, severity: entry.severity, message, line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn, messageId };
  if (fix) finding.fix = fix;
  const target = findings.get(file.path);
  if (!target) return;
  const directive = findSuppression(file.suppressions.directives, entry.id, span.line);
  if (directive) target.suppressed.push({ ...finding, suppressions: [{ kind: "directive", justification: directive.justification }] });
  else target.messages.push(finding);
}
