/**
 * How deep brackets nest in a file, found by one linear scan before any parser sees it. hcl2json's parser recurses
 * on the JavaScript stack (Go compiled to WASM) and runs out of it somewhere past 400 levels, which it reports as
 * "Maximum call stack size exceeded" at 1:1; Terraform itself accepts such files. So a file nested deeper than
 * MAX_NESTING is not handed to the parsers: it gets one finding that says so, at the expression that nests.
 */

/** Deeper than any real configuration, well below where hcl2json's parser overflows (~400–800 levels). */
export const MAX_NESTING = 256;

export interface Nesting {
  /** The deepest level reached by `[`, `{`, `(` and template interpolations. */
  depth: number;
  /** Where the deepest chain starts inside its top-level block (the attribute's value), or the block itself. */
  start: number;
}

/**
 * The nesting of a file nested deeper than MAX_NESTING; undefined for any other file. Brackets cannot nest deeper
 * than the file has opening brackets, and counting those (natively, with a regular expression) costs far less than
 * the scan below, which a short run would spend milliseconds interpreting: nearly every file stops at the count.
 */
export function tooDeep(source: string): Nesting | undefined {
  if (source.length - source.replace(/[[{(]/g, "").length <= MAX_NESTING) return undefined;
  const nesting = deepestNesting(source);
  return nesting.depth > MAX_NESTING ? nesting : undefined;
}

/**
 * Strings (with their `${…}`/`%{…}` interpolations, which nest too), heredocs and comments are skipped as hcl
 * reads them; JSON files scan the same way. Malformed input is scanned best-effort: the parser reports it.
 */
export function deepestNesting(source: string): Nesting {
  // Each entry: a bracket in code ("b"), a quoted string ("s") or an interpolation inside a string ("i").
  const stack: ("b" | "s" | "i")[] = [];
  let depth = 0;
  let blockStart = 0;
  let outermost = 0;
  let deepest: Nesting = { depth: 0, start: 0 };
  const open = (kind: "b" | "i", at: number): void => {
    stack.push(kind);
    depth++;
    if (depth === 1) blockStart = outermost = at;
    if (depth === 2) outermost = at;
    if (depth > deepest.depth) deepest = { depth, start: depth === 1 ? blockStart : outermost };
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (stack.at(-1) === "s") {
      if (c === "\\") i++;
      else if (c === '"') stack.pop();
      else if ((c === "$" || c === "%") && source[i + 1] === "{") {
        if (source[i - 1] === c) continue; // $${ and %%{ are escapes
        open("i", i);
        i++;
      }
      continue;
    }
    if (c === '"') stack.push("s");
    else if (c === "#" || (c === "/" && source[i + 1] === "/")) i = lineEnd(source, i);
    else if (c === "/" && source[i + 1] === "*") i = blockCommentEnd(source, i);
    else if (c === "<" && source[i + 1] === "<") i = heredocEnd(source, i);
    else if (c === "[" || c === "{" || c === "(") open("b", i);
    else if ((c === "]" || c === "}" || c === ")") && depth > 0) {
      stack.pop();
      depth--;
    }
  }
  return deepest;
}

function lineEnd(source: string, from: number): number {
  const end = source.indexOf("\n", from);
  return end < 0 ? source.length : end;
}

function blockCommentEnd(source: string, from: number): number {
  const end = source.indexOf("*/", from + 2);
  return end < 0 ? source.length : end + 1;
}

/** `<<EOF` / `<<-EOF` up to the line holding only the marker; anything else after `<<` is left to the parser. */
function heredocEnd(source: string, at: number): number {
  const marker = /^<<-?([A-Za-z_][\w-]*)\r?\n/.exec(source.slice(at, at + 256));
  if (!marker) return at + 1;
  const closing = new RegExp(`^[ \\t]*${marker[1] ?? ""}[ \\t]*\\r?$`, "gm");
  closing.lastIndex = at + marker[0].length;
  const found = closing.exec(source);
  return found ? found.index + found[0].length - 1 : source.length;
}
