/** lint(): paths → modules → parse (hcl2json + position index) → rules → suppressions → fixes → results. */
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { findConfigFile, readConfigFile, resolveSettings, type RuleSettings } from "./config.js";
import { HclLintUsageError } from "./errors.js";
import { collectTemplates, Module, type ModuleFile } from "./module/model.js";
import { resolveTargets, type ModuleTarget } from "./module/targets.js";
import { mergeVarFiles } from "./module/variables.js";
import { parseHcl, parseTemplate, preloadHcl2json, type ExpressionType } from "./parser/hcl2json.js";
import { indexSource, preloadSourceIndex } from "./parser/source-index.js";
import { rules } from "./rules/index.js";
import type { RuleListener } from "./rules/rule.js";
import { findSuppression, readDirectives } from "./suppressions.js";
import type { Fix, LintMessage, LintOptions, LintResult, SuppressedMessage } from "./types.js";

/** --fix re-lints after fixing, as ESLint does, until nothing is left to fix (bounded). */
const MAX_FIX_PASSES = 10;

export async function lint(paths: string[], options: LintOptions = {}): Promise<LintResult[]> {
  // Both WASM modules compile off the main thread: start them together, before any file I/O.
  preloadHcl2json();
  preloadSourceIndex();
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const targets = await resolveTargets(paths.length > 0 ? paths : ["."], cwd, options.recursive ?? false);
  const explicit = options.config ? await readConfigFile(path.resolve(cwd, options.config)) : undefined;
  resolveSettings(explicit, options.rules); // unknown --rule ids fail before any work
  const extraVarFiles = (options.varFiles ?? []).map((file) => path.resolve(cwd, file));
  const configs = new Map<string | undefined, Promise<RuleSettings>>();
  const settingsFor = (dir: string): Promise<RuleSettings> => {
    if (explicit) return Promise.resolve(resolveSettings(explicit, options.rules));
    const file = findConfigFile(dir);
    let settings = configs.get(file);
    if (!settings) {
      settings = (file ? readConfigFile(file) : Promise.resolve(undefined)).then((read) => resolveSettings(read, options.rules));
      configs.set(file, settings);
    }
    return settings;
  };
  const results: LintResult[] = [];
  for (const target of targets) {
    const settings = await settingsFor(target.dir);
    const varValues = await mergeVarFiles([...target.varFiles, ...extraVarFiles]);
    results.push(...(await lintTarget(target, settings, varValues, options.fix ?? false)));
  }
  return results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

async function lintTarget(target: ModuleTarget, settings: RuleSettings, varValues: Map<string, unknown>, fix: boolean): Promise<LintResult[]> {
  const sources = new Map<string, string>();
  for (const file of target.files) sources.set(file, readSource(file));
  const original = new Map(sources);
  let findings = await analyseModule({ dir: target.dir, files: [...sources].map(([file, source]) => ({ path: file, source })), settings, varValues });
  for (let pass = 0; fix && pass < MAX_FIX_PASSES; pass++) {
    let changed = false;
    for (const [file, { messages }] of findings) {
      const fixes = messages.flatMap((message) => (message.fix ? [message.fix] : []));
      if (fixes.length === 0) continue;
      sources.set(file, applyFixes(sources.get(file) ?? "", fixes));
      changed = true;
    }
    if (!changed) break;
    findings = await analyseModule({ dir: target.dir, files: [...sources].map(([file, source]) => ({ path: file, source })), settings, varValues });
  }
  const results: LintResult[] = [];
  for (const file of target.files) {
    if (target.reported && !target.reported.has(file)) continue;
    const source = sources.get(file) ?? "";
    const fixed = source !== original.get(file);
    if (fixed) await writeFile(file, source).catch((error: unknown) => {
      throw new HclLintUsageError(`cannot write fix to ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    });
    const { messages, suppressed } = findings.get(file) ?? { messages: [], suppressed: [] };
    results.push(toResult(file, messages, suppressed, fixed ? { output: source } : messages.length > 0 ? { source } : {}));
  }
  return results;
}

/**
 * Reads a file as text; a file that does not survive a UTF-8 round trip is refused rather than rewritten wrongly.
 * Synchronous on purpose: .tf files are small, and four thread-pool hops per file cost more than the read.
 */
function readSource(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new HclLintUsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const text = bytes.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(bytes)) throw new HclLintUsageError(`${file}: not valid UTF-8 (Terraform reads .tf files as UTF-8)`);
  return text;
}

/** Applies non-overlapping fixes (the first one wins on overlap); every byte outside them stays as it was. */
export function applyFixes(source: string, fixes: Fix[]): string {
  let output = "";
  let cursor = 0;
  for (const fix of [...fixes].sort((a, b) => a.range[0] - b.range[0])) {
    if (fix.range[0] < cursor) continue;
    output += source.slice(cursor, fix.range[0]) + fix.text;
    cursor = fix.range[1];
  }
  return output + source.slice(cursor);
}

export interface ModuleInput {
  dir: string;
  files: { path: string; source: string }[];
  settings: RuleSettings;
  varValues?: Map<string, unknown>;
}

export interface FileFindings {
  messages: LintMessage[];
  suppressed: SuppressedMessage[];
}

/** Lints one module held in memory (the RuleTester uses this directly). */
export async function analyseModule(input: ModuleInput): Promise<Map<string, FileFindings>> {
  const findings = new Map<string, FileFindings>(input.files.map((file) => [file.path, { messages: [], suppressed: [] }]));
  const parsed: ModuleFile[] = [];
  let fatal = false;
  for (const file of input.files) {
    const outcome = await parseHcl(file.source);
    if (!outcome.ok) {
      fatal = true;
      const { line, column, endLine, endColumn, message } = outcome.error;
      findings.get(file.path)?.messages.push({ ruleId: null, fatal: true, severity: 2, message: `Syntax error: ${message}`, line, column, endLine, endColumn });
      continue;
    }
    const index = await indexSource(file.source);
    parsed.push({ path: file.path, source: file.source, body: outcome.body, index, suppressions: readDirectives(index, new Set(rules.keys())) });
  }
  // Rules need the whole module: a declaration in a broken file would otherwise look missing.
  if (fatal) return findings;

  const texts = new Set<string>();
  for (const file of parsed) collectTemplates(file.body, texts);
  for (const value of input.varValues?.values() ?? []) collectTemplates(value, texts);
  const templates = new Map<string, ExpressionType | null>();
  for (const text of texts) templates.set(text, await parseTemplate(text));
  const module = new Module(input.dir, parsed, input.varValues ?? new Map<string, unknown>(), templates);

  const listeners: { id: string; listener: RuleListener }[] = [];
  for (const [id, rule] of rules) {
    const setting = input.settings.get(id);
    if (!setting || setting.severity === 0) continue;
    const severity = setting.severity;
    listeners.push({
      id,
      listener: rule.create({
        module,
        options: setting.options,
        report({ file, span, messageId, data, fix }) {
          const template = rule.meta.messages[messageId] ?? messageId;
          const message = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (data && key in data ? String(data[key]) : whole));
          const finding: LintMessage = { ruleId: id, severity, message, line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn, messageId };
          if (fix) finding.fix = fix;
          const directive = findSuppression(file.suppressions.directives, id, span.line);
          const target = findings.get(file.path);
          if (!target) return;
          if (directive) target.suppressed.push({ ...finding, suppressions: [{ kind: "directive", justification: directive.justification }] });
          else target.messages.push(finding);
        },
      }),
    });
  }
  // A rule that throws is a bug in hcl-lint: say which rule and where, in one line.
  const guarded = (id: string, where: string, run: () => void): void => {
    try {
      run();
    } catch (error) {
      throw new Error(`rule ${id} failed on ${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };
  for (const block of module.blocks) {
    const selectors = [block.type, `${block.type}:${block.labels[0] ?? ""}`];
    for (const { id, listener } of listeners) {
      for (const selector of selectors) {
        const visit = listener.blocks?.[selector];
        if (visit) guarded(id, `${block.file.path}:${block.header.line}`, () => visit(block));
      }
    }
  }
  for (const { id, listener } of listeners) if (listener.done) guarded(id, input.dir, listener.done);
  for (const { messages } of findings.values()) messages.sort((a, b) => a.line - b.line || a.column - b.column);
  return findings;
}

function toResult(filePath: string, messages: LintMessage[], suppressed: SuppressedMessage[], text: { source?: string; output?: string }): LintResult {
  const errors = messages.filter((message) => message.severity === 2);
  const warnings = messages.filter((message) => message.severity === 1);
  return {
    filePath,
    messages,
    suppressedMessages: suppressed,
    errorCount: errors.length,
    warningCount: warnings.length,
    fixableErrorCount: errors.filter((message) => message.fix).length,
    fixableWarningCount: warnings.filter((message) => message.fix).length,
    fatalErrorCount: messages.filter((message) => message.fatal).length,
    ...text,
  };
}
