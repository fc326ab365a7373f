/**
 * Terraform's JSON syntax (`*.tf.json`), read into the same two shapes an HCL file gives: the body as hcl2json
 * returns it (blocks nested by labels and ending in arrays; strings are templates, `${…}` left as written) and the
 * position index (blocks, attributes, list elements, object keys, reference steps). jsonc-parser gives every node's
 * offset. Block or attribute is decided by Terraform's schema as far as module/schema.ts knows it; `"//"`
 * properties are comments, as in Terraform.
 */
import { createRequire } from "node:module";
import type { Node, ParseError } from "jsonc-parser";
import { NESTED_BLOCK_LABELS, TOP_LEVEL_LABELS } from "../module/schema.js";
import type { HclBody, ParseOutcome } from "./hcl2json.js";
import type { SourceBlock, SourceBody, SourceExpression, SourceIndex, Span } from "./source-index.js";
import { isPlainObject } from "../objects.js";

const COMMENT_KEY = "//";

// Loaded on the first .tf.json file: most modules have none, and loading it costs a cold run a few milliseconds.
let jsonc: typeof import("jsonc-parser") | undefined;
const jsoncParser = () => (jsonc ??= createRequire(import.meta.url)("jsonc-parser") as typeof import("jsonc-parser"));

export type JsonOutcome = { ok: true; body: HclBody; index: SourceIndex } | Extract<ParseOutcome, { ok: false }>;

export function parseJsonSource(source: string): JsonOutcome {
  const positions = new Positions(source);
  const errors: ParseError[] = [];
  const { parseTree, printParseErrorCode } = jsoncParser();
  const root = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first || !root) {
    const at = positions.span(first?.offset ?? 0, (first?.offset ?? 0) + (first?.length ?? 0));
    return { ok: false, error: { ...at, message: `Invalid JSON: ${first ? describe(printParseErrorCode(first.error)) : "empty file"}` } };
  }
  if (root.type !== "object") {
    return { ok: false, error: { ...positions.span(root.offset, root.offset + 1), message: "A .tf.json file holds one JSON object of block types" } };
  }
  const reader = new Reader(source, positions);
  const body: HclBody = {};
  const index: SourceIndex = { body: { attributes: new Map(), blocks: [] }, comments: [], statements: [] };
  for (const property of properties(root)) {
    const [key, value] = property.children ?? [];
    if (!key || !value || key.value === COMMENT_KEY) continue;
    const type = String(key.value);
    const labels = TOP_LEVEL_LABELS[type];
    if (labels === undefined) {
      body[type] = jsoncParser().getNodeValue(value);
      continue;
    }
    body[type] = reader.labelled(type, key, value, labels, [], index.body.blocks, index);
  }
  return { ok: true, body, index };
}

/** "PropertyNameExpected" → "property name expected". */
function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

function properties(node: Node): Node[] {
  return node.type === "object" ? (node.children ?? []) : [];
}

/** Objects, or arrays of objects (JSON's way of repeating a block or a label level). */
function objects(node: Node): Node[] {
  if (node.type === "object") return [node];
  if (node.type === "array") return (node.children ?? []).filter((child) => child.type === "object");
  return [];
}

class Reader {
  constructor(
    private readonly source: string,
    private readonly positions: Positions,
  ) {}

  /** One label level per object (`{"docker_container": {"ring": {…}}}`), then the block bodies. */
  labelled(type: string, typeKey: Node, node: Node, depth: number, labels: string[], into: SourceBlock[], index: SourceIndex): unknown {
    if (depth === 0) return objects(node).map((body) => this.block(type, labels, typeKey, body, into, index));
    const level: Record<string, unknown> = {};
    for (const object of objects(node)) {
      for (const property of properties(object)) {
        const [key, value] = property.children ?? [];
        if (!key || !value || key.value === COMMENT_KEY) continue;
        const label = String(key.value);
        const inner = this.labelled(type, depth === 1 ? key : typeKey, value, depth - 1, [...labels, label], into, index);
        // Two files (or two objects of an array) may declare blocks under the same label: keep them all.
        level[label] = mergeLevels(level[label], inner);
      }
    }
    return level;
  }

  private block(type: string, labels: string[], headerKey: Node, node: Node, into: SourceBlock[], index: SourceIndex): HclBody {
    const body: SourceBody = { attributes: new Map(), blocks: [] };
    const span = this.span(node);
    index.statements.push(span);
    into.push({ type, labels, span, header: this.span(headerKey), body });
    return this.body(node, body, index);
  }

  private body(node: Node, into: SourceBody, index: SourceIndex): HclBody {
    const body: HclBody = {};
    for (const property of properties(node)) {
      const [key, value] = property.children ?? [];
      if (!key || !value || key.value === COMMENT_KEY) continue;
      const name = String(key.value);
      const labels = NESTED_BLOCK_LABELS[name];
      const repeatedBlocks = labels === undefined && value.type === "array" && (value.children?.length ?? 0) > 0 && value.children?.every((child) => child.type === "object");
      if (labels !== undefined && (value.type === "object" || value.type === "array")) {
        body[name] = this.labelled(name, key, value, labels, [], into.blocks, index);
      } else if (repeatedBlocks) {
        body[name] = this.labelled(name, key, value, 0, [], into.blocks, index);
      } else {
        const statement = this.span(property);
        index.statements.push(statement);
        into.attributes.set(name, { name, span: statement, expression: this.expression(value) });
        body[name] = jsoncParser().getNodeValue(value);
      }
    }
    return body;
  }

  private expression(node: Node): SourceExpression {
    const span = this.span(node);
    switch (node.type) {
      case "array":
        return { kind: "tuple", span, elements: (node.children ?? []).map((child) => this.expression(child)) };
      case "object":
        return {
          kind: "object",
          span,
          items: properties(node).flatMap((property) => {
            const [key, value] = property.children ?? [];
            return key && value ? [{ key: String(key.value), keySpan: this.span(key), value: this.expression(value) }] : [];
          }),
        };
      case "string": {
        const steps = this.referenceSteps(node);
        return steps ? { kind: "template", span, steps } : { kind: /\$\{|%\{/.test(String(node.value)) ? "template" : "literal", span };
      }
      default:
        return { kind: "literal", span };
    }
  }

  /** `"${docker_image.consul.latest}"`: the reference's steps, each with its own span so a fix can replace one. */
  private referenceSteps(node: Node): { name: string; span: Span }[] | undefined {
    const raw = this.source.slice(node.offset + 1, node.offset + node.length - 1);
    const whole = /^\$\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\]|\["[^"\\]*"\])*)\s*\}$/.exec(raw);
    if (!whole?.[1]) return undefined;
    const base = node.offset + 1 + raw.indexOf(whole[1]);
    const steps: { name: string; span: Span }[] = [];
    for (const step of whole[1].matchAll(/^[A-Za-z_][\w-]*|\.([A-Za-z_][\w-]*)|(\[[^\]]*\])/g)) {
      const name = step[1] ?? step[2] ?? step[0];
      const start = base + step.index + (step[1] ? 1 : 0);
      steps.push({ name, span: this.positions.span(start, start + name.length) });
    }
    return steps;
  }

  private span(node: Node): Span {
    return this.positions.span(node.offset, node.offset + node.length);
  }
}

function mergeLevels(existing: unknown, added: unknown): unknown {
  if (existing === undefined) return added;
  if (Array.isArray(existing) && Array.isArray(added)) return [...(existing as unknown[]), ...(added as unknown[])];
  if (isPlainObject(existing) && isPlainObject(added)) {
    const merged: Record<string, unknown> = { ...existing };
    for (const [key, value] of Object.entries(added)) merged[key] = mergeLevels(merged[key], value);
    return merged;
  }
  return added;
}

/** Offsets → 1-based lines and UTF-16 columns (as ESLint counts), by binary search over line starts. */
class Positions {
  private readonly lineStarts: number[] = [0];
  constructor(source: string) {
    for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  span(start: number, end: number): Span {
    const from = this.at(start);
    const to = this.at(end);
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, start, end };
  }

  private at(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] ?? 0) + 1 };
  }
}
