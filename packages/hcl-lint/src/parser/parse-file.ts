/**
 * One file, whichever syntax: `.tf` through hcl2json (values) and tree-sitter (positions), `.tf.json` through the
 * JSON reader. A file nested deeper than the parsers can follow is refused before they see it (see nesting.ts).
 * `positions: false` leaves a `.tf` file's index empty (no tree-sitter): see analyse.ts for when that is enough.
 */
import { parseHcl, type HclBody, type SyntaxError } from "./hcl2json.js";
import { parseJsonSource } from "./json-source.js";
import { deepestNesting, MAX_NESTING, tooDeep } from "./nesting.js";
import { indexSource, type SourceIndex } from "./source-index.js";

export type FileOutcome = { ok: true; body: HclBody; index: SourceIndex } | { ok: false; error: SyntaxError; reason: "syntax" | "nesting" };

export function isJsonSyntax(file: string): boolean {
  return file.endsWith(".tf.json");
}

/** The index of a file whose positions were not asked for: no blocks, so every span falls back to 1:1. */
export const NO_POSITIONS: SourceIndex = { body: { attributes: new Map(), blocks: [] }, comments: [], statements: [] };

export async function parseFile(file: string, source: string, positions = true): Promise<FileOutcome> {
  const nesting = tooDeep(source);
  if (nesting) return { ok: false, reason: "nesting", error: nestingError(source, nesting.start, nesting.depth) };
  if (isJsonSyntax(file)) {
    const outcome = parseJsonSource(source);
    return outcome.ok ? outcome : { ...outcome, reason: "syntax" };
  }
  try {
    const outcome = await parseHcl(source);
    if (!outcome.ok) return { ...outcome, reason: "syntax" };
    return { ok: true, body: outcome.body, index: positions ? await indexSource(source) : NO_POSITIONS };
  } catch (error) {
    // The scan above keeps real files far from the stack's limit; anything that still overflows is reported the same way.
    if (!(error instanceof RangeError)) throw error;
    const { start, depth } = deepestNesting(source);
    return { ok: false, reason: "nesting", error: nestingError(source, start, depth) };
  }
}

function nestingError(source: string, start: number, depth: number): SyntaxError {
  const before = source.slice(0, start);
  const line = before.split("\n").length;
  const column = start - (before.lastIndexOf("\n") + 1) + 1;
  return {
    line,
    column,
    endLine: line,
    endColumn: column + 1,
    message: `Nesting too deep to analyse: this expression nests ${depth} levels of brackets (hcl-lint follows up to ${MAX_NESTING}); Terraform may accept it, but hcl-lint cannot check this file`,
  };
}
