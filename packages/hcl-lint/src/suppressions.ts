/**
 * Inline suppression comments:
 *   # hcl-lint-ignore <rule-id>[, <rule-id>…] [-- reason]   on the line above a block or attribute (or at the end
 *                                                           of its first line): silences those rules inside it
 *   # hcl-lint-ignore-file <rule-id>[, …] [-- reason]      anywhere: silences those rules in the whole file
 * `//` and `/* … *\/` comments work too. Ids are rule-specific; an unknown id is reported (invalid-suppression).
 */
import type { SourceComment, SourceIndex, Span } from "./parser/source-index.js";

export interface Directive {
  scope: "file" | "lines";
  ruleIds: string[];
  justification: string;
  /** Lines (1-based, inclusive) the directive covers when scope is "lines". */
  fromLine: number;
  toLine: number;
}

export interface DirectiveProblem {
  span: Span;
  messageId: "unknownRule" | "noRules";
  data: Record<string, string>;
}

const DIRECTIVE = /^(hcl-lint-ignore(?:-file)?)(?=\s|$)(.*)$/s;

export function readDirectives(index: SourceIndex, knownRuleIds: ReadonlySet<string>): { directives: Directive[]; problems: DirectiveProblem[] } {
  const directives: Directive[] = [];
  const problems: DirectiveProblem[] = [];
  const commentLines = new Set(index.comments.filter((comment) => comment.ownLine).map((comment) => comment.span.line));
  // The longest statement starting on each line (what a comment above it covers), found once, not per comment.
  const statementAt = new Map<number, Span>();
  for (const statement of index.statements) {
    const known = statementAt.get(statement.line);
    if (!known || statement.end - statement.start > known.end - known.start) statementAt.set(statement.line, statement);
  }
  for (const comment of index.comments) {
    const { body, offset } = commentBody(comment.text);
    const match = DIRECTIVE.exec(body);
    if (!match) continue;
    const [, keyword = "", rest = ""] = match;
    const reasonAt = rest.search(/\s--\s|\s--$/);
    const list = reasonAt >= 0 ? rest.slice(0, reasonAt) : rest;
    const justification = reasonAt >= 0 ? rest.slice(reasonAt).replace(/^\s*--\s*/, "").trim() : "";
    const listStart = offset + keyword.length;
    const ruleIds: string[] = [];
    let cursor = 0;
    let listed = 0;
    for (const item of list.split(",")) {
      const id = item.trim();
      const at = listStart + cursor + item.indexOf(id);
      cursor += item.length + 1;
      if (id === "") continue;
      listed++;
      if (!knownRuleIds.has(id)) problems.push({ span: within(comment, at, id.length), messageId: "unknownRule", data: { id } });
      else ruleIds.push(id);
    }
    if (listed === 0) problems.push({ span: comment.span, messageId: "noRules", data: { directive: keyword } });
    if (ruleIds.length === 0) continue;
    if (keyword === "hcl-lint-ignore-file") {
      directives.push({ scope: "file", ruleIds, justification, fromLine: 1, toLine: Number.MAX_SAFE_INTEGER });
      continue;
    }
    let target = comment.span.line;
    if (comment.ownLine) {
      target = comment.span.endLine + 1;
      while (commentLines.has(target)) target++;
    }
    const statement = statementAt.get(target);
    directives.push({ scope: "lines", ruleIds, justification, fromLine: target, toLine: statement?.endLine ?? target });
  }
  return { directives, problems };
}

export function findSuppression(directives: readonly Directive[], ruleId: string | null, line: number): Directive | undefined {
  if (ruleId === null) return undefined;
  return directives.find((directive) => directive.ruleIds.includes(ruleId) && line >= directive.fromLine && line <= directive.toLine);
}

/** The comment's text without its markers, and where that text starts inside the comment. */
function commentBody(text: string): { body: string; offset: number } {
  const marker = /^(#|\/\/|\/\*)\s*/.exec(text);
  const offset = marker ? marker[0].length : 0;
  let body = text.slice(offset);
  if (text.startsWith("/*")) body = body.replace(/\s*\*\/$/, "");
  return { body: body.trimEnd(), offset };
}

/** A span inside a comment, assuming the part sits on the comment's first line (directives are one line). */
function within(comment: SourceComment, offset: number, length: number): Span {
  return {
    line: comment.span.line,
    column: comment.span.column + offset,
    endLine: comment.span.line,
    endColumn: comment.span.column + offset + length,
    start: comment.span.start + offset,
    end: comment.span.start + offset + length,
  };
}
