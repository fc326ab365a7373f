/**
 * One module held in memory → findings per file: parse each file (values and positions), evaluate, run the rules.
 * The linter feeds it files from disk; the RuleTester feeds it case tables. A file that does not parse (or nests
 * too deep to follow) is a fatal finding of that file, and the rules do not run on its module, because a
 * declaration in the broken file would look missing.
 *
 * Positions cost a second parser (tree-sitter) that most runs do not need: a clean module reports nothing to
 * place. So the rules first run without positions; only when something is reported (or a file holds a
 * suppression comment, which positions decide) are the `.tf` files indexed and the rules run again, placed.
 * Rules decide on values alone, so the first run finds something exactly when the second does; nested blocks are
 * told from attributes by hcl2json's shape there (an array of objects), as Terraform's schema has them.
 */
import { loadAssets } from "./module/assets.js";
import { readFromDisk, type ReadFile } from "./module/read-file.js";
import { collectTemplates, Module, type ModuleFile } from "./module/model.js";
import type { ExpressionType } from "./parser/hcl2json.js";
import { parseTemplate } from "./parser/hcl2json.js";
import { NO_POSITIONS, parseFile } from "./parser/parse-file.js";
import { indexSource } from "./parser/source-index.js";
import { runRules, type ActiveRule, type FileFindings } from "./runner.js";
import { readDirectives } from "./suppressions.js";
import type { LintMessage } from "./types.js";

export type { ActiveRule, FileFindings };

export interface ModuleInput {
  dir: string;
  /** A file with a `problem` (not UTF-8, unreadable) is not parsed: that finding is its only one. */
  files: { path: string; source: string; problem?: LintMessage }[];
  rules: readonly ActiveRule[];
  /** Every rule id a suppression comment may name (rules switched off included). */
  knownRuleIds: ReadonlySet<string>;
  varValues?: Map<string, unknown>;
  /** Reads the files the configuration names in file() and templatefile(); default: from disk. */
  readFile?: ReadFile;
}

export async function analyseModule(input: ModuleInput): Promise<Map<string, FileFindings>> {
  const findings = new Map<string, FileFindings>(input.files.map((file) => [file.path, { messages: [], suppressed: [] }]));
  const suppressing = input.files.some((file) => file.source.includes("hcl-lint-ignore"));
  const parsed: ModuleFile[] = [];
  let fatal = false;
  for (const file of input.files) {
    if (file.problem) {
      fatal = true;
      findings.get(file.path)?.messages.push(file.problem);
      continue;
    }
    const outcome = await parseFile(file.path, file.source, suppressing);
    if (!outcome.ok) {
      fatal = true;
      const { line, column, endLine, endColumn, message } = outcome.error;
      const text = outcome.reason === "syntax" ? `Syntax error: ${message}` : message;
      findings.get(file.path)?.messages.push({ ruleId: null, fatal: true, severity: 2, message: text, line, column, endLine, endColumn });
      continue;
    }
    parsed.push({ path: file.path, source: file.source, body: outcome.body, index: outcome.index, suppressions: readDirectives(outcome.index, input.knownRuleIds) });
  }
  if (fatal) return findings;

  const texts = new Set<string>();
  for (const file of parsed) collectTemplates(file.body, texts);
  for (const value of input.varValues?.values() ?? []) collectTemplates(value, texts);
  const templates = new Map<string, ExpressionType | null>();
  await Promise.all([...texts].map(async (text) => templates.set(text, await parseTemplate(text))));
  const varValues = input.varValues ?? new Map<string, unknown>();
  const assets = await loadAssets(input.dir, parsed, varValues, templates, input.readFile ?? readFromDisk);
  const run = (files: ModuleFile[]): Map<string, FileFindings> => {
    const found = new Map<string, FileFindings>(input.files.map((file) => [file.path, { messages: [], suppressed: [] }]));
    runRules(new Module(input.dir, files, varValues, templates, assets), input.rules, found);
    for (const { messages } of found.values()) messages.sort((a, b) => a.line - b.line || a.column - b.column);
    return found;
  };
  const unplaced = run(parsed);
  if (suppressing || [...unplaced.values()].every((file) => file.messages.length === 0 && file.suppressed.length === 0)) return unplaced;
  // Something to report: index the .tf files (values stay hcl2json's) and run the rules again, placed.
  const placed: ModuleFile[] = [];
  for (const file of parsed) {
    const index = file.index === NO_POSITIONS ? await indexSource(file.source) : file.index;
    placed.push({ ...file, index, suppressions: readDirectives(index, input.knownRuleIds) });
  }
  return run(placed);
}
