/**
 * Evaluates values as far as Terraform could before apply: literals, `var.*` (default, then tfvars), `local.*`
 * and string templates over those. References to resources stay symbolic (a Reference); anything else —
 * function calls, conditionals, `count.index`, data sources, module outputs — is Unknown, and rules never report
 * what is Unknown.
 */
import type { ExpressionType } from "../parser/hcl2json.js";

export class Unknown {
  static readonly value = new Unknown();
  // Makes the type nominal: structurally any object (a list, a map) would be an Unknown, and `instanceof` would narrow it away.
  declare private readonly nominal: never;
  private constructor() {
    // One instance, Unknown.value; test with `instanceof Unknown`.
  }
  toString(): string {
    return "(known after apply)";
  }
}

/** A string index in a traversal (`["key"]`), kept apart from attribute names. */
export class Key {
  constructor(readonly key: string) {}
  toString(): string {
    return `[${JSON.stringify(this.key)}]`;
  }
}

export type Step = string | number | Key;

/** A reference to a resource in the module, e.g. docker_image.consul[0].image_id → ["docker_image","consul",0,"image_id"]. */
export class Reference {
  constructor(readonly parts: readonly Step[]) {}
  get type(): string {
    return String(this.parts[0]);
  }
  get name(): string {
    return String(this.parts[1]);
  }
  /** The attribute read from the resource (`image_id` in docker_image.consul[0].image_id), if any. */
  get attribute(): string | undefined {
    const names = this.parts.slice(2).filter((part): part is string => typeof part === "string");
    return names.at(-1);
  }
  toString(): string {
    return this.parts.map((part, i) => (typeof part === "number" ? `[${part}]` : part instanceof Key ? part.toString() : i === 0 ? part : `.${part}`)).join("");
  }
}

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | Reference | Unknown;

/** Roots that are never resources in this module, or whose value only exists during plan/apply. */
const OPAQUE_ROOTS = new Set(["count", "each", "path", "self", "terraform", "data", "module", "provider"]);

/** True when hcl2json left an interpolation or directive in the string (`$${` and `%%{` are escapes). */
export function hasTemplate(text: string): boolean {
  return /(^|[^$])\$\{|(^|[^%])%\{/.test(text);
}

export function unescapeTemplate(text: string): string {
  return text.replaceAll("$${", "${").replaceAll("%%{", "%{");
}

export interface Scope {
  /** A variable's value: its tfvars value when one was given, else its default; undefined when it has neither. */
  variable(name: string): unknown;
  local(name: string): unknown;
  /** hcl's parse of each templated string in the module (collected before rules run). */
  template(text: string): ExpressionType | null | undefined;
}

export class Evaluator {
  private readonly evaluatingLocals = new Set<string>();
  constructor(private readonly scope: Scope) {}

  evaluate(raw: unknown): Value {
    if (typeof raw === "string") {
      if (!hasTemplate(raw)) return unescapeTemplate(raw);
      const ast = this.scope.template(raw);
      return ast ? this.template(ast) : Unknown.value;
    }
    if (Array.isArray(raw)) return raw.map((item) => this.evaluate(item));
    if (raw !== null && typeof raw === "object") {
      return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, this.evaluate(value)]));
    }
    if (typeof raw === "number" || typeof raw === "boolean" || raw === null) return raw;
    return Unknown.value;
  }

  /**
   * A template's pieces in order: literal text, References and Unknowns, for rules that look inside a string
   * such as `${docker_container.ring.name}:8500`. A plain string is one piece.
   */
  pieces(raw: unknown): (string | Reference | Unknown)[] {
    if (typeof raw !== "string") {
      const value = this.evaluate(raw);
      return [typeof value === "string" || value instanceof Reference ? value : Unknown.value];
    }
    if (!hasTemplate(raw)) return [unescapeTemplate(raw)];
    const ast = this.scope.template(raw);
    if (ast?.type !== "template") return [Unknown.value];
    return this.templateParts(ast).map((part) => {
      if (typeof part === "string") return part;
      const value = this.expression(part);
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
      return value instanceof Reference ? value : Unknown.value;
    });
  }

  private template(ast: ExpressionType): Value {
    if (ast.type === "templateWrap") return ast.children[0] ? this.expression(ast.children[0]) : Unknown.value;
    if (ast.type !== "template") return this.expression(ast);
    const parts = this.templateParts(ast);
    // "${x}" alone yields x itself (a number stays a number, a reference stays a reference), as in hcl.
    if (parts.length === 1 && typeof parts[0] !== "string" && parts[0]) return this.expression(parts[0]);
    let text = "";
    for (const part of parts) {
      const value = typeof part === "string" ? part : this.expression(part);
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") text += String(value);
      else return Unknown.value;
    }
    return text;
  }

  /** Literal text as strings, interpolations as nodes; drops the "\n" the heredoc wrapper added at the end. */
  private templateParts(ast: ExpressionType): (string | ExpressionType)[] {
    const parts: (string | ExpressionType)[] = ast.children.map((child) =>
      child.type === "literalValue" && (child.meta as { type?: string }).type === "string" ? unescapeTemplate(child.meta.value) : child,
    );
    const last = parts.at(-1);
    if (typeof last === "string") {
      const trimmed = last.endsWith("\n") ? last.slice(0, -1) : last;
      if (trimmed === "") parts.pop();
      else parts[parts.length - 1] = trimmed;
    }
    return parts.filter((part) => part !== "");
  }

  private expression(node: ExpressionType): Value {
    switch (node.type) {
      case "literalValue": {
        const { type, value } = node.meta;
        if (type === "string") return unescapeTemplate(value);
        if (type === "number") return Number(value);
        if (type === "bool") return value === "true";
        return type === "null" ? null : Unknown.value;
      }
      case "scopeTraversal":
        return this.traversal(node.meta.traversal.map(toStep));
      case "templateWrap":
      case "template":
        return this.template(node);
      default:
        return Unknown.value;
    }
  }

  private traversal(parts: Step[]): Value {
    const [root, name, ...rest] = parts;
    if (typeof root !== "string" || OPAQUE_ROOTS.has(root)) return Unknown.value;
    if (root === "var" || root === "local") {
      if (typeof name !== "string") return Unknown.value;
      let value: Value;
      if (root === "var") {
        const raw = this.scope.variable(name);
        value = raw === undefined ? Unknown.value : this.evaluate(raw);
      } else {
        if (this.evaluatingLocals.has(name)) return Unknown.value;
        const raw = this.scope.local(name);
        this.evaluatingLocals.add(name);
        try {
          value = raw === undefined ? Unknown.value : this.evaluate(raw);
        } finally {
          this.evaluatingLocals.delete(name);
        }
      }
      return step(value, rest);
    }
    if (name === undefined) return Unknown.value;
    return new Reference(parts);
  }
}

/** hcl2json gives index steps as source text: `0`, or `"key"` with its quotes. */
export function toStep(part: { type: string; segment: string }): Step {
  if (part.type !== "indexTraversal") return part.segment;
  if (/^\d+$/.test(part.segment)) return Number(part.segment);
  try {
    const key: unknown = JSON.parse(part.segment);
    return typeof key === "string" ? new Key(key) : part.segment;
  } catch {
    return part.segment;
  }
}

function step(value: Value, path: Step[]): Value {
  let current = value;
  for (const key of path) {
    if (current instanceof Reference) current = new Reference([...current.parts, key]);
    else if (Array.isArray(current) && typeof key === "number") current = current[key] ?? Unknown.value;
    else if (current !== null && typeof current === "object" && !(current instanceof Unknown) && !Array.isArray(current)) {
      current = (current as Record<string, Value>)[key instanceof Key ? key.key : String(key)] ?? Unknown.value;
    } else return Unknown.value;
  }
  return current;
}
