/**
 * Renders a template — a quoted string, a heredoc, or a file given to templatefile() — as Terraform would: literal
 * text, interpolations, `%{for}` and `%{if}` directives and `~` strip markers (hcl2json's syntax tree keeps the
 * literal text unstripped, so the markers are read from the source around each literal). The result keeps the
 * template line of every piece, so a rule can name the line of a rendered file that holds a value.
 */
import type { ExpressionType } from "../parser/hcl2json.js";
import { Reference, unescapeTemplate, Unknown } from "./evaluate.js";
import type { Context } from "./expressions.js";
import { truth } from "./operators.js";
import { Text, type Piece, type Term } from "./terms.js";

export interface TemplateHost {
  node(node: ExpressionType, context: Context): Term;
  iterations(node: ExpressionType, context: Context): Context[] | Unknown;
}

export interface RenderOptions {
  /** The root of a string parseTemplate wrapped in a heredoc: its last "\n" is the wrapper's. */
  wrapped: boolean;
  /** Always a string (templatefile), never the single interpolation's own value (`"${x}"` is x in hcl). */
  always?: boolean;
}

class Builder {
  readonly pieces: Piece[] = [];
  readonly lines: number[] = [];

  add(piece: Piece, line: number): void {
    if (piece === "") return;
    this.pieces.push(piece);
    this.lines.push(line);
  }

  /** An interpolated value: text as text; references kept; anything else (lists, null, unknowns) is Unknown. */
  addTerm(term: Term, line: number): void {
    if (term instanceof Text) for (const piece of term.pieces) this.add(piece, line);
    else if (typeof term === "string" || typeof term === "number" || typeof term === "boolean") this.add(String(term), line);
    else this.add(term instanceof Reference ? term : Unknown.value, line);
  }

  result(): Term {
    return this.pieces.every((piece) => typeof piece === "string") ? this.pieces.join("") : new Text(this.pieces, this.lines);
  }
}

export function renderTemplate(node: ExpressionType, context: Context, host: TemplateHost, options: RenderOptions): Term {
  const children = node.children;
  const last = children.at(-1);
  const interpolations = children.filter((child) => !(isLiteral(child) && literal(child, context, options.wrapped && child === last).text === ""));
  const only = interpolations[0];
  if (!options.always && interpolations.length === 1 && only && !isLiteral(only) && (only.type as string) !== "templateJoin") return host.node(only, context);
  const builder = new Builder();
  const rendered = render(children, context, host, builder, options.wrapped);
  if (rendered instanceof Unknown) return Unknown.value;
  const result = builder.result();
  return options.always && typeof result === "string" ? new Text([result], [builder.lines[0] ?? 1]) : result;
}

/** Appends the children's output; Unknown when a directive's collection or condition is unknown (the text's shape is). */
function render(children: readonly ExpressionType[], context: Context, host: TemplateHost, builder: Builder, wrapped: boolean): undefined | Unknown {
  const last = children.at(-1);
  for (const child of children) {
    const line = child.range.start.line;
    if (isLiteral(child)) {
      const { text, stripped } = literal(child, context, wrapped && child === last);
      // Lines stripped from the front move the piece's first line down.
      builder.add(text, line + countLines(stripped));
    } else if ((child.type as string) === "templateJoin") {
      const loop = child.children[0];
      const iterations = loop ? host.iterations(loop, context) : Unknown.value;
      if (iterations instanceof Unknown || !loop) return Unknown.value;
      const body = loop.children.at(-1);
      for (const inner of iterations) if (body && render(body.children, inner, host, builder, false) instanceof Unknown) return Unknown.value;
    } else if (child.type === "conditional" && isDirective(child, context)) {
      const [condition, whenTrue, whenFalse] = child.children;
      const test = condition ? truth(host.node(condition, context)) : undefined;
      if (test === undefined) return Unknown.value;
      const branch = test ? whenTrue : whenFalse;
      if (branch && render(branch.children, context, host, builder, false) instanceof Unknown) return Unknown.value;
    } else {
      builder.addTerm(host.node(child, context), line);
    }
  }
  return undefined;
}

function isLiteral(node: ExpressionType): node is ExpressionType & { type: "literalValue"; meta: { type: string; value: string } } {
  return node.type === "literalValue" && (node.meta as { type?: string }).type === "string";
}

/** `%{ if … }` rather than `${ a ? b : c }`: the source at the node's start reads `%{`. */
function isDirective(node: ExpressionType, context: Context): boolean {
  const before = context.source.subarray(0, node.range.start.byte).toString();
  return /%\{~?\s*if\s*$/.test(before.slice(-40));
}

/** A literal's text after `~` strip markers on either side (and the heredoc wrapper's final "\n" when `final`). */
function literal(node: ExpressionType & { meta: { value: string } }, context: Context, final: boolean): { text: string; stripped: string } {
  let text = unescapeTemplate(node.meta.value);
  if (final && text.endsWith("\n")) text = text.slice(0, -1);
  const { start, end } = node.range;
  let stripped = "";
  if (context.source.subarray(Math.max(0, start.byte - 2), start.byte).toString() === "~}") {
    stripped = /^\s*/.exec(text)?.[0] ?? "";
    text = text.slice(stripped.length);
  }
  const after = context.source.subarray(end.byte, end.byte + 3).toString();
  if (after === "${~" || after === "%{~") text = text.replace(/\s+$/, "");
  return { text, stripped };
}

function countLines(text: string): number {
  let lines = 0;
  for (const char of text) if (char === "\n") lines++;
  return lines;
}

