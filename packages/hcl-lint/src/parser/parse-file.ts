/**
 * One file, whichever syntax: `.tf` through hcl2json (values) and tree-sitter (positions), `.tf.json` through the
 * JSON reader. A file nested deeper than the parsers can follow is refused before they see it (see nesting.ts).
 */
import { parseHcl, type HclBody, type SyntaxError } from "./hcl2json.js";
import { parseJsonSource } from "./json-source.js";
import { deepestNesting, MAX_NESTING } from "./nesting.js";
import { indexSource, type SourceIndex } from "./source-index.js";

export type FileOutcome = { ok: true; body: HclBody; index: SourceIndex } | { ok: false; error: SyntaxError; reason: "syntax" | "nesting" };

export function isJsonSyntax(file: string): boolean {
  return file.endsWith(".tf.json");
}

export async function parseFile(file: string, source: string): Promise<FileOutcome> {
  const nesting = deepestNesting(source);
  if (nesting.depth > MAX_NESTING) return { ok: false, reason: "nesting", error: nestingError(source, nesting.start, nesting.depth) };
  if (isJsonSyntax(file)) {
    const outcome = parseJsonSource(source);
    return outcome.ok ? outcome : { ...outcome, reason: "syntax" };
  }
  try {
    const outcome = await parseHcl(source);
    if (!outcome.ok) return { ...outcome, reason: "syntax" };
    return { ok: true, body: outcome.body, index: await indexSource(source) };
  } catch (error) {
    // The scan above keeps real files far from the stack's limit; anything that still overflows is reported the same way.
    if (error instanceof RangeError) return { ok: false, reason: "nesting", error: nestingError(source, nesting.start, nesting.depth) };
    throw error;
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
