/**
 * A YAML configuration as a module renders it (templatefile(), file(), a heredoc, yamlencode()), read with the `yaml`
 * package the way Cortex's Go YAML (gopkg.in/yaml.v2, YAML 1.1, merge keys) reads it. References and unknown values
 * inside the text stand in as placeholders while parsing and come back as the pieces of each scalar, so
 * `host: ${consul_address}` still leads to the Consul container. A placeholder where the document's shape depends on
 * it (a key) makes the whole document unknown; so does text that does not parse.
 */
import { createRequire } from "node:module";
import type * as Yaml from "yaml";
import type { Document, Node } from "yaml";
import { Unknown } from "./evaluate.js";
import type { Attribute } from "./model.js";
import { Text, type Piece, type Term } from "./terms.js";

export interface YamlValue {
  pieces: Piece[];
  /** `cortex.yaml.tftpl:22` when the text came from a template file. */
  where: string | undefined;
  /** The attribute that rendered the text: where a finding about this value is reported. */
  site: Attribute | undefined;
}

const TOKEN = /__hcl_lint_(\d+)__/g;
const require = createRequire(import.meta.url);
let loaded: typeof Yaml | undefined;

/** The `yaml` package, loaded with the first YAML a module renders: a run without one does not pay its ~15 ms. */
function yaml(): typeof Yaml {
  return (loaded ??= require("yaml") as typeof Yaml);
}
const memo = new WeakMap<object, RenderedYaml | Unknown>();

export class RenderedYaml {
  private constructor(
    private readonly document: Document,
    private readonly serialized: string,
    private readonly text: Text,
    private readonly starts: number[],
    private readonly site: Attribute | undefined,
  ) {}

  /** Parses a rendered term (a string or a Text); Unknown when it is not known enough to be read. */
  static parse(term: Term, site: Attribute | undefined): RenderedYaml | Unknown {
    const text = typeof term === "string" ? new Text([term]) : term instanceof Text ? term : undefined;
    if (!text) return Unknown.value;
    const cached = memo.get(text);
    if (cached) return cached;
    const parsed = RenderedYaml.read(text, text.source?.site ?? site);
    memo.set(text, parsed);
    return parsed;
  }

  private static read(text: Text, site: Attribute | undefined): RenderedYaml | Unknown {
    let serialized = "";
    const starts: number[] = [];
    for (const [i, piece] of text.pieces.entries()) {
      starts.push(serialized.length);
      if (typeof piece === "string") {
        if (piece.includes("__hcl_lint_")) return Unknown.value;
        serialized += piece;
      } else serialized += `__hcl_lint_${i}__`;
    }
    const document = yaml().parseDocument(serialized, { version: "1.1", merge: true, prettyErrors: false });
    if (document.errors.length > 0) return Unknown.value;
    return hasPlaceholderKey(document) ? Unknown.value : new RenderedYaml(document, serialized, text, starts, site);
  }

  /** The scalar at a path of map keys: undefined when it is not set, Unknown when it cannot be told. */
  get(path: readonly string[]): YamlValue | undefined | Unknown {
    const { isMap, isScalar } = yaml();
    let node: Node | null | undefined = this.document.contents;
    for (const key of path) {
      const map = this.resolve(node);
      if (map === undefined || (isScalar(map) && map.value === null)) return undefined;
      if (!isMap(map)) return Unknown.value;
      node = this.member(map, key);
      if (node === undefined) return undefined;
    }
    const value = this.resolve(node);
    if (value === undefined || (isScalar(value) && value.value === null)) return undefined;
    if (!isScalar(value)) return Unknown.value;
    const offset = value.range?.[0] ?? 0;
    return { pieces: this.pieces(value.value), where: this.where(offset), site: this.site };
  }

  private resolve(node: Node | null | undefined): Node | undefined {
    const { isAlias } = yaml();
    let current = node ?? undefined;
    for (let hops = 0; current && isAlias(current) && hops < 16; hops++) current = current.resolve(this.document) ?? undefined;
    return current;
  }

  /** A key of a map, explicit keys first, then the maps merged in with `<<` (earlier ones win, as in YAML 1.1). */
  private member(map: Node, key: string): Node | undefined {
    const { isMap, isScalar, isSeq } = yaml();
    if (!isMap(map)) return undefined;
    const merged: Node[] = [];
    for (const pair of map.items) {
      if (!isScalar(pair.key)) continue;
      if (pair.key.source === "<<" || typeof pair.key.value === "symbol") {
        const source = this.resolve(pair.value as Node | null);
        for (const item of isSeq(source) ? source.items : [source]) {
          const resolved = this.resolve(item as Node | undefined);
          if (resolved) merged.push(resolved);
        }
      } else if (String(pair.key.value) === key) return (pair.value as Node | null) ?? undefined;
    }
    for (const source of merged) {
      const found = this.member(source, key);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private pieces(value: unknown): Piece[] {
    if (typeof value !== "string") return [String(value)];
    const pieces: Piece[] = [];
    let last = 0;
    for (const match of value.matchAll(TOKEN)) {
      if (match.index > last) pieces.push(value.slice(last, match.index));
      pieces.push(this.text.pieces[Number(match[1])] ?? Unknown.value);
      last = match.index + match[0].length;
    }
    if (last < value.length) pieces.push(value.slice(last));
    return pieces;
  }

  /** `name:line` of an offset in the serialized text, from the line each piece started on in its template. */
  private where(offset: number): string | undefined {
    const source = this.text.source;
    if (!source || this.text.lines.length === 0) return undefined;
    let i = this.starts.length - 1;
    while (i > 0 && (this.starts[i] ?? 0) > offset) i--;
    const start = this.starts[i] ?? 0;
    const line = (this.text.lines[i] ?? 1) + (typeof this.text.pieces[i] === "string" ? countLines(this.serialized.slice(start, offset)) : 0);
    return `${source.name}:${line}`;
  }
}

/** A key holding a reference or an unknown value: the document's shape depends on what only apply knows. */
function hasPlaceholderKey(document: Document): boolean {
  const { isScalar, visit } = yaml();
  const found = { key: false };
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === "string" && pair.key.value.includes("__hcl_lint_")) {
        found.key = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found.key;
}

function countLines(text: string): number {
  let lines = 0;
  for (const char of text) if (char === "\n") lines++;
  return lines;
}
