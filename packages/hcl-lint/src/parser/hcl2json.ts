/**
 * The parser of record: @cdktf/hcl2json (HashiCorp's hcl/v2 compiled to WASM). Every value and every syntax error
 * comes from here; nothing else in the package imports it, so swapping in the community fork (@cdktn/hcl2json,
 * same Go code) is a one-line change.
 *
 * The WASM (6.5 MB, ~0.3 s to instantiate) loads when the module is imported, so it is imported on first use and
 * only once per process.
 */
import type { ExpressionType } from "@cdktf/hcl2json/lib/syntax-tree.js";

export type { ExpressionType };

/** A module body as hcl2json returns it: blocks nest by type and labels and end in arrays; expressions are "${…}". */
export type HclBody = Record<string, unknown>;

export interface SyntaxError {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export type ParseOutcome = { ok: true; body: HclBody } | { ok: false; error: SyntaxError };

type Hcl2Json = typeof import("@cdktf/hcl2json");
let loading: Promise<Hcl2Json> | undefined;

/** Starts loading the WASM now (lint() calls this first, so it compiles while tree-sitter loads too). */
export function preloadHcl2json(): void {
  hcl2json().catch(() => undefined);
}

function hcl2json(): Promise<Hcl2Json> {
  loading ??= import("@cdktf/hcl2json").then((mod) => ((mod as { default?: Hcl2Json }).default ?? mod));
  return loading;
}

// hcl2json names the file in every diagnostic; a fixed name keeps paths with ':' or ',' from confusing the regex.
const DIAG_NAME = "input.tf";
const DIAGNOSTIC = /input\.tf:(\d+),(\d+)-(?:(\d+),)?(\d+): ([^;\]]+)(?:; ([^\]]*?))?(?= input\.tf:\d|\]|$)/;

/** Parses one file. A syntax error is data (the first diagnostic, with hcl's 1-based line and column), not a throw. */
export async function parseHcl(source: string): Promise<ParseOutcome> {
  const { parse } = await hcl2json();
  try {
    return { ok: true, body: (await parse(DIAG_NAME, source)) as HclBody };
  } catch (error) {
    return { ok: false, error: toSyntaxError(error instanceof Error ? error.message : String(error)) };
  }
}

function toSyntaxError(text: string): SyntaxError {
  const match = DIAGNOSTIC.exec(text);
  if (!match) return { line: 1, column: 1, endLine: 1, endColumn: 1, message: text.replace(/\s+/g, " ").trim() };
  const [, line, column, endLine, endColumn, summary = "", detail] = match;
  const message = detail ? `${summary}: ${detail.trim()}` : summary;
  return {
    line: Number(line),
    column: Number(column),
    endLine: Number(endLine ?? line),
    endColumn: Number(endColumn),
    message: message.replace(/\s+/g, " ").trim(),
  };
}

const templates = new Map<string, Promise<ExpressionType | null>>();
const MARKER = "HCL_LINT_TEMPLATE_END";

/**
 * Parses a string value as hcl2json returned it (a template such as `${var.name}-store`) into hcl's expression
 * tree. It is wrapped in a heredoc so quotes and newlines need no escaping; the heredoc adds one trailing "\n"
 * that the evaluator drops. Memoised: modules repeat the same strings.
 */
export function parseTemplate(text: string): Promise<ExpressionType | null> {
  let parsed = templates.get(text);
  if (!parsed) {
    parsed = hcl2json().then(({ getExpressionAst }) =>
      getExpressionAst("template.tf", `<<${MARKER}\n${text}\n${MARKER}\n`).catch(() => null),
    );
    templates.set(text, parsed);
  }
  return parsed;
}
