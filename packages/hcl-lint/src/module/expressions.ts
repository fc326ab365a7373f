/**
 * Evaluates expressions further than evaluate.ts, for rules that need what a resource will run with: function calls
 * (functions.ts), `for` expressions, conditionals, operators, indexes, `count.index` and `each.*` bound per instance
 * (instances.ts), and templates, including files rendered by templatefile() (template.ts). As in evaluate.ts, what
 * cannot be known before apply is Unknown and references to resources stay References — also inside strings, as a
 * Text — so rules never judge what they cannot see.
 */
import path from "node:path";
import type { ExpressionType } from "../parser/hcl2json.js";
import { hasTemplate, Key, Reference, toStep, unescapeTemplate, Unknown, type Step } from "./evaluate.js";
import { callFunction } from "./functions.js";
import type { Attribute, Module } from "./model.js";
import { binary, step, truth, unary } from "./operators.js";
import { renderTemplate, type TemplateHost } from "./template.js";
import { isTermObject, termString, Text, type Term, type TermObject } from "./terms.js";

export type Bindings = ReadonlyMap<string, Term>;

export interface Context {
  /** Names bound by count/for_each (`count`, `each`), `for` expressions and templatefile's variables. */
  bindings: Bindings;
  /** The source hcl parsed, for the byte ranges its syntax tree gives (object keys, strip markers). */
  source: Buffer;
  /** The attribute being evaluated: where a rendered template is reported. */
  site: Attribute | undefined;
  /** Inside a template file only its variables exist (no var.*, local.*, resources). */
  isolated: boolean;
}

const NO_BINDINGS: Bindings = new Map();
/** Roots that only exist during plan/apply or outside the module; `count` and `each` unless bound. */
const OPAQUE_ROOTS = new Set(["count", "each", "self", "terraform", "data", "module", "provider", "ephemeral"]);

const memo = new WeakMap<Module, Expressions>();

/** One evaluator per module: locals and variables are evaluated once and shared by every rule and instance. */
export function expressionsOf(module: Module): Expressions {
  let expressions = memo.get(module);
  if (!expressions) memo.set(module, (expressions = new Expressions(module)));
  return expressions;
}

export class Expressions implements TemplateHost {
  private readonly values = new Map<string, Term>();
  private readonly evaluating = new Set<string>();

  constructor(readonly module: Module) {}

  /** A raw value as hcl2json returned it, with `count`/`each` bound when given; `site` is the attribute it came from. */
  evaluate(raw: unknown, bindings: Bindings = NO_BINDINGS, site?: Attribute): Term {
    if (typeof raw === "string") {
      if (!hasTemplate(raw)) return unescapeTemplate(raw);
      const ast = this.module.scope.template(raw);
      return ast ? this.root(ast, { bindings, source: Buffer.from(ast.meta.value), site, isolated: false }) : Unknown.value;
    }
    if (Array.isArray(raw)) return raw.map((item) => this.evaluate(item, bindings, site));
    if (raw !== null && typeof raw === "object") {
      const result: TermObject = {};
      for (const [key, value] of Object.entries(raw)) {
        // hcl2json writes an expression key (`(var.k) = 1`) as "${(var.k)}".
        const name = hasTemplate(key) ? termString(this.evaluate(key, bindings, site)) : unescapeTemplate(key);
        if (name === undefined) return Unknown.value;
        result[name] = this.evaluate(value, bindings, site);
      }
      return result;
    }
    if (typeof raw === "number" || typeof raw === "boolean" || raw === null) return raw;
    return Unknown.value;
  }

  /** An attribute's value for one instance of its resource. */
  attribute(attribute: Attribute | undefined, bindings: Bindings = NO_BINDINGS): Term | undefined {
    return attribute ? this.evaluate(attribute.raw, bindings, attribute) : undefined;
  }

  /** A parsed root expression: `"${x}"` alone is x itself (a number stays a number), as in hcl. */
  root(ast: ExpressionType, context: Context): Term {
    if (ast.type === "templateWrap") return ast.children[0] ? this.node(ast.children[0], context) : Unknown.value;
    return ast.type === "template" ? renderTemplate(ast, context, this, { wrapped: true }) : this.node(ast, context);
  }

  node(node: ExpressionType, context: Context): Term {
    switch (node.type as string) {
      case "literalValue": {
        const { type, value } = (node as { meta: { type: string; value: string } }).meta;
        if (type === "string") return unescapeTemplate(value);
        if (type === "number") return Number(value);
        if (type === "bool") return value === "true";
        return value === "null" ? null : Unknown.value;
      }
      case "template":
      case "templateJoin":
        return renderTemplate(node, context, this, { wrapped: false });
      case "templateWrap":
      case "":
        return node.children[0] ? this.node(node.children[0], context) : Unknown.value;
      case "scopeTraversal":
        return this.traversal((node as { meta: { traversal: { type: string; segment: string }[] } }).meta.traversal.map(toStep), context);
      case "relativeTraversal": {
        const steps = (node as { meta: { traversal: { type: string; segment: string }[] } }).meta.traversal.map(toStep);
        return node.children[0] ? step(this.node(node.children[0], context), steps) : Unknown.value;
      }
      case "index": {
        const [collection, key] = node.children;
        if (!collection || !key) return Unknown.value;
        const index = this.node(key, context);
        const at = typeof index === "number" ? index : termString(index);
        return at === undefined ? Unknown.value : step(this.node(collection, context), [typeof at === "number" ? at : new Key(at)]);
      }
      case "function":
        return this.call(node, context);
      case "for":
        return this.forExpression(node, context);
      case "conditional": {
        const [condition, whenTrue, whenFalse] = node.children;
        const test = condition ? truth(this.node(condition, context)) : undefined;
        const branch = test === undefined ? undefined : test ? whenTrue : whenFalse;
        return branch ? this.node(branch, context) : Unknown.value;
      }
      case "binaryOp":
        return binary((node.meta as { operator: string }).operator, node.children.map((child) => this.node(child, context)));
      case "unaryOp":
        return unary((node.meta as { operator: string }).operator, node.children[0] ? this.node(node.children[0], context) : Unknown.value);
      case "tuple":
        return node.children.map((child) => this.node(child, context));
      case "object":
        return this.object(node, context);
      default:
        return Unknown.value;
    }
  }

  /** The contexts of a `for` (expression or template directive), one per element kept by its `if`; Unknown when the collection is. */
  iterations(node: ExpressionType, context: Context): Context[] | Unknown {
    const meta = node.meta as { keyVar?: string; valVar?: string; conditionalExpression?: string };
    const collection = node.children[0] ? this.node(node.children[0], context) : Unknown.value;
    let entries: [Term, Term][];
    if (Array.isArray(collection)) entries = collection.map((value, i) => [i, value]);
    else if (isTermObject(collection)) entries = Object.keys(collection).sort().map((key) => [key, collection[key] ?? null]);
    else return Unknown.value;
    const condition = meta.conditionalExpression ? node.children.at(-1) : undefined;
    const kept: Context[] = [];
    for (const [key, value] of entries) {
      const bindings = new Map(context.bindings);
      if (meta.keyVar) bindings.set(meta.keyVar, key);
      if (meta.valVar) bindings.set(meta.valVar, value);
      const inner = { ...context, bindings };
      if (condition) {
        const keep = truth(this.node(condition, inner));
        if (keep === undefined) return Unknown.value;
        if (!keep) continue;
      }
      kept.push(inner);
    }
    return kept;
  }

  private forExpression(node: ExpressionType, context: Context): Term {
    const meta = node.meta as { openRangeValue?: string; groupedValue?: boolean };
    const isObject = meta.openRangeValue === "{";
    const [keyNode, valueNode] = isObject ? [node.children[1], node.children[2]] : [undefined, node.children[1]];
    const iterations = this.iterations(node, context);
    if (iterations instanceof Unknown || !valueNode) return Unknown.value;
    if (!isObject) return iterations.map((inner) => this.node(valueNode, inner));
    const result: TermObject = {};
    for (const inner of iterations) {
      const key = keyNode ? termString(this.node(keyNode, inner)) : undefined;
      if (key === undefined) return Unknown.value;
      const value = this.node(valueNode, inner);
      if (meta.groupedValue) result[key] = [...((result[key] as Term[] | undefined) ?? []), value];
      else result[key] = value;
    }
    return result;
  }

  private object(node: ExpressionType, context: Context): Term {
    const result: TermObject = {};
    for (let i = 0; i + 1 < node.children.length; i += 2) {
      const keyNode = node.children[i];
      const valueNode = node.children[i + 1];
      if (!keyNode || !valueNode) return Unknown.value;
      // A bare word key (`a = 1`) has no children: its text is the key.
      const bare = (keyNode.type as string) === "" && keyNode.children.length === 0;
      const key = bare ? context.source.subarray(keyNode.range.start.byte, keyNode.range.end.byte).toString() : termString(this.node(keyNode, context));
      if (key === undefined) return Unknown.value;
      result[key] = this.node(valueNode, context);
    }
    return result;
  }

  private call(node: ExpressionType, context: Context): Term {
    const meta = node.meta as { name: string; expandedFinalArgument?: unknown };
    let args = node.children.map((child) => this.node(child, context));
    if (meta.expandedFinalArgument === true) {
      const last = args.pop();
      if (!Array.isArray(last)) return Unknown.value;
      args = [...args, ...last];
    }
    if (meta.name === "file" || meta.name === "templatefile") return this.readFile(meta.name, args, context);
    return callFunction(meta.name, args);
  }

  /** file() and templatefile(): the file's text comes from the module's assets, read before the rules ran (assets.ts). */
  private readFile(name: "file" | "templatefile", args: Term[], context: Context): Term {
    const given = termString(args[0]);
    if (given === undefined) return Unknown.value;
    const file = path.resolve(this.module.dir, given);
    const text = this.module.assets.get(file);
    if (text === undefined) return Unknown.value;
    const source = { name: path.relative(this.module.dir, file) || given, site: context.site };
    if (name === "file") return new Text([text], [1], source);
    const variables = args[1] ?? {};
    const ast = this.module.scope.template(text);
    if (!isTermObject(variables) || !ast) return Unknown.value;
    const inner: Context = { bindings: new Map(Object.entries(variables)), source: Buffer.from(ast.meta.value), site: context.site, isolated: true };
    const rendered = renderTemplate(ast, inner, this, { wrapped: true, always: true });
    return rendered instanceof Text ? new Text(rendered.pieces, rendered.lines, source) : rendered;
  }

  private traversal(parts: Step[], context: Context): Term {
    const [root, name, ...rest] = parts;
    if (typeof root !== "string") return Unknown.value;
    const bound = context.bindings.get(root);
    if (bound !== undefined) return step(bound, parts.slice(1));
    if (context.isolated || OPAQUE_ROOTS.has(root)) return Unknown.value;
    if (root === "path") return name === "module" || name === "root" ? this.module.dir : Unknown.value;
    if (root === "var" || root === "local") return typeof name === "string" ? step(this.named(root, name), rest) : Unknown.value;
    return name === undefined ? Unknown.value : new Reference(parts);
  }

  /** A variable's or local's value, evaluated once per module (neither can see count or each). */
  private named(root: "var" | "local", name: string): Term {
    const id = `${root}.${name}`;
    const known = this.values.get(id);
    if (known !== undefined) return known;
    if (this.evaluating.has(id)) return Unknown.value;
    this.evaluating.add(id);
    try {
      const raw = root === "var" ? this.module.scope.variable(name) : this.module.scope.local(name);
      const site = root === "local" ? this.localAttribute(name) : undefined;
      const value = raw === undefined ? Unknown.value : this.evaluate(raw, NO_BINDINGS, site);
      this.values.set(id, value);
      return value;
    } finally {
      this.evaluating.delete(id);
    }
  }

  private localAttribute(name: string): Attribute | undefined {
    for (const block of this.module.blocksOfType("locals")) {
      const attribute = block.attribute(name);
      if (attribute) return attribute;
    }
    return undefined;
  }
}
