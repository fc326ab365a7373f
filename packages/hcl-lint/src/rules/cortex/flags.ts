/**
 * A Cortex container's command line, read as Go's flag package reads it: `-name=value`, `--name=value` or
 * `-name value`; the last occurrence wins. Each value keeps its pieces (references stay references) and where it
 * sits in the `command` list. An argument whose flag name is not known before apply makes the flags incomplete:
 * a flag not found among the known ones may then still be set, so it reads as Unknown, never as absent.
 */
import { Unknown } from "../../module/evaluate.js";
import { expressionsOf, type Bindings } from "../../module/expressions.js";
import type { Block, ModuleFile } from "../../module/model.js";
import { termPieces, type Piece } from "../../module/terms.js";
import type { Span } from "../../parser/source-index.js";

export interface FlagValue {
  pieces: Piece[];
  file: ModuleFile;
  /** The list element holding the value (`-flag=value`, or the element after `-flag`). */
  span: Span;
}

export class Flags {
  constructor(
    private readonly values: ReadonlyMap<string, FlagValue>,
    private readonly complete: boolean,
  ) {}

  get(name: string): FlagValue | undefined | Unknown {
    return this.values.get(name) ?? (this.complete ? undefined : Unknown.value);
  }

  entries(): [string, FlagValue][] {
    return [...this.values];
  }
}

/** The flags of one instance of a container; Unknown when its command is not a list known before apply. */
export function readFlags(container: Block, bindings: Bindings): Flags | Unknown {
  const command = container.attribute("command");
  if (!command) return new Flags(new Map(), true);
  const args = expressionsOf(container.module).attribute(command, bindings);
  if (!Array.isArray(args)) return Unknown.value;
  // Element positions are known when the command is written as a list literal.
  const literal = Array.isArray(command.raw) && command.raw.length === args.length;
  const spanOf = (i: number) => (literal ? command.elementSpan(i) : command.valueSpan);
  const values = new Map<string, FlagValue>();
  let complete = true;
  for (let i = 0; i < args.length; i++) {
    const pieces = termPieces(args[i]);
    const head = pieces[0];
    if (typeof head !== "string") {
      complete = false;
      continue;
    }
    const match = /^--?([\w.-]+)(?:=(.*))?$/s.exec(head);
    const name = match?.[1];
    if (!match || name === undefined) continue;
    if (match[2] !== undefined) {
      values.set(name, { pieces: [match[2], ...pieces.slice(1)].filter((piece) => piece !== ""), file: command.file, span: spanOf(i) });
      continue;
    }
    if (pieces.length > 1) {
      complete = false;
      continue;
    }
    const next = args[i + 1] === undefined ? undefined : termPieces(args[i + 1]);
    const nextHead = next?.[0];
    // A flag followed by another flag (or nothing) is a boolean one.
    if (!next || (typeof nextHead === "string" && nextHead.startsWith("-"))) {
      values.set(name, { pieces: ["true"], file: command.file, span: spanOf(i) });
      continue;
    }
    values.set(name, { pieces: next, file: command.file, span: spanOf(++i) });
  }
  return new Flags(values, complete);
}
