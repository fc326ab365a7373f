/**
 * The position index: where each block, attribute, list element, object key and reference sits in a file.
 * hcl2json (the parser of record) returns values without positions or comments, so every file is parsed a second
 * time with the tree-sitter HCL grammar (web-tree-sitter, WASM: no native build) and the parts rules can point at
 * are copied into plain objects; the tree-sitter tree is freed at once. Comments come from here too, so
 * suppression comments are real comments, never `#` inside a string or heredoc.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Node, Parser as TreeSitterParser } from "web-tree-sitter";

/** 1-based line and column (UTF-16 code units, as ESLint counts), plus 0-based character offsets. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  start: number;
  end: number;
}

export interface SourceExpression {
  /** tree-sitter's kind of the expression: tuple, object, traversal, template, literal, call, other. */
  kind: "tuple" | "object" | "traversal" | "template" | "literal" | "other";
  span: Span;
  elements?: SourceExpression[];
  items?: { key: string; keySpan: Span; value: SourceExpression }[];
  /** For a traversal (`docker_image.consul[0].latest`): each step, so a fix can replace one step. */
  steps?: { name: string; span: Span }[];
}

export interface SourceAttribute {
  name: string;
  span: Span;
  expression: SourceExpression;
}

export interface SourceBody {
  attributes: Map<string, SourceAttribute>;
  blocks: SourceBlock[];
}

export interface SourceBlock {
  type: string;
  labels: string[];
  span: Span;
  /** From the block type to the last label: where "something is missing in this block" is reported. */
  header: Span;
  body: SourceBody;
}

export interface SourceComment {
  text: string;
  span: Span;
  /** True when nothing but whitespace precedes the comment on its line. */
  ownLine: boolean;
}

export interface SourceIndex {
  body: SourceBody;
  comments: SourceComment[];
  /** Blocks and attributes in source order, outermost first: suppression comments attach to these. */
  statements: Span[];
}

let parserPromise: Promise<TreeSitterParser> | undefined;

/** One parser per process: ~20 ms to instantiate web-tree-sitter and the grammar, then well under 1 ms a file. */
function parser(): Promise<TreeSitterParser> {
  parserPromise ??= (async () => {
    const { Parser, Language } = await import("web-tree-sitter");
    await Parser.init();
    const require = createRequire(import.meta.url);
    const grammar = require.resolve("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm");
    const language = await Language.load(await readFile(grammar));
    const instance = new Parser();
    instance.setLanguage(language);
    return instance;
  })();
  return parserPromise;
}

export async function indexSource(source: string): Promise<SourceIndex> {
  const tree = (await parser()).parse(source);
  if (!tree) throw new Error("tree-sitter returned no tree");
  try {
    const index: SourceIndex = { body: emptyBody(), comments: [], statements: [] };
    const root = tree.rootNode;
    const body = root.namedChildren.find((child) => child.type === "body");
    if (body) index.body = readBody(body, index);
    index.comments = root.descendantsOfType("comment").map((node) => readComment(node, source));
    return index;
  } finally {
    tree.delete();
  }
}

function emptyBody(): SourceBody {
  return { attributes: new Map(), blocks: [] };
}

function span(node: Node, until: Node = node): Span {
  return {
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: until.endPosition.row + 1,
    endColumn: until.endPosition.column + 1,
    start: node.startIndex,
    end: until.endIndex,
  };
}

function readBody(node: Node, index: SourceIndex): SourceBody {
  const body = emptyBody();
  for (const child of node.namedChildren) {
    if (child.type === "attribute") {
      const name = child.namedChildren.find((c) => c.type === "identifier");
      const expression = child.namedChildren.find((c) => c.type === "expression");
      if (!name || !expression) continue;
      index.statements.push(span(child));
      body.attributes.set(name.text, { name: name.text, span: span(child), expression: readExpression(expression) });
    } else if (child.type === "block") {
      body.blocks.push(readBlock(child, index));
    }
  }
  return body;
}

function readBlock(node: Node, index: SourceIndex): SourceBlock {
  let type = "";
  const labels: string[] = [];
  let lastHeaderPart: Node = node;
  let inner: SourceBody = emptyBody();
  index.statements.push(span(node));
  for (const child of node.namedChildren) {
    if (child.type === "identifier" && !type) {
      type = child.text;
      lastHeaderPart = child;
    } else if (child.type === "identifier") {
      labels.push(child.text);
      lastHeaderPart = child;
    } else if (child.type === "string_lit") {
      labels.push(stringContent(child));
      lastHeaderPart = child;
    } else if (child.type === "body") {
      inner = readBody(child, index);
    }
  }
  return { type, labels, span: span(node), header: span(node, lastHeaderPart), body: inner };
}

function stringContent(node: Node): string {
  return node.namedChildren
    .filter((c) => c.type === "template_literal")
    .map((c) => c.text)
    .join("");
}

/** `expression` nodes wrap the real one; a traversal is a run of siblings (variable_expr, get_attr, index…). */
function readExpression(node: Node): SourceExpression {
  const parts = node.namedChildren.filter((c) => c.type !== "comment");
  const first = parts[0];
  const whole = span(node);
  if (!first) return { kind: "other", span: whole };
  if (first.type === "expression" && parts.length === 1) return readExpression(first);
  if (first.type === "variable_expr") {
    const steps = [{ name: first.text, span: span(first) }];
    for (const part of parts.slice(1)) {
      if (part.type === "get_attr") {
        const id = part.namedChildren.find((c) => c.type === "identifier");
        steps.push({ name: id?.text ?? "", span: id ? span(id) : span(part) });
      } else if (part.type === "index") {
        steps.push({ name: part.text, span: span(part) });
      } else {
        return { kind: "other", span: whole };
      }
    }
    return { kind: "traversal", span: whole, steps };
  }
  if (parts.length === 1 && first.type === "collection_value") {
    const collection = first.namedChildren[0];
    if (collection?.type === "tuple") {
      const elements = collection.namedChildren.filter((c) => c.type === "expression").map(readExpression);
      return { kind: "tuple", span: whole, elements };
    }
    if (collection?.type === "object") {
      const items = collection.namedChildren
        .filter((c) => c.type === "object_elem")
        .flatMap((elem) => {
          const [key, value] = elem.namedChildren.filter((c) => c.type === "expression");
          if (!key || !value) return [];
          return [{ key: objectKey(key), keySpan: span(key), value: readExpression(value) }];
        });
      return { kind: "object", span: whole, items };
    }
  }
  if (parts.length === 1 && first.type === "template_expr") {
    // "${docker_image.x.latest}" is the reference itself (hcl unwraps a lone interpolation): keep its steps.
    const template = first.namedChildren[0];
    const inner = template?.namedChildren.filter((c) => !/^quoted_template_(start|end)$/.test(c.type)) ?? [];
    const lone = inner.length === 1 && inner[0]?.type === "template_interpolation" ? inner[0].namedChildren.find((c) => c.type === "expression") : undefined;
    const steps = lone ? readExpression(lone).steps : undefined;
    return { kind: "template", span: whole, ...(steps ? { steps } : {}) };
  }
  if (parts.length === 1 && first.type === "literal_value") return { kind: "literal", span: whole };
  return { kind: "other", span: whole };
}

/** Object keys are bare names, quoted strings or parenthesised expressions; the last keep their source text. */
function objectKey(node: Node): string {
  const inner = node.namedChildren[0];
  if (inner?.type === "variable_expr") return inner.text;
  if (inner?.type === "literal_value" && inner.namedChildren[0]?.type === "string_lit") return stringContent(inner.namedChildren[0]);
  return node.text;
}

function readComment(node: Node, source: string): SourceComment {
  const lineStart = source.lastIndexOf("\n", node.startIndex - 1) + 1;
  return { text: node.text, span: span(node), ownLine: source.slice(lineStart, node.startIndex).trim() === "" };
}
