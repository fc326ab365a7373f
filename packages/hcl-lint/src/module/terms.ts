/**
 * The values expressions.ts computes: evaluate.ts's values plus Text, a string known only in parts. A Text keeps
 * the references inside it (`"${docker_container.ring.name}:8500"` is [Reference, ":8500"]) so a rule can follow
 * them, and, when it was rendered from a template file, the template line each piece came from.
 */
import type { Attribute } from "./model.js";
import { Reference, Unknown } from "./evaluate.js";

export type Piece = string | Reference | Unknown;

/** Where a rendered text came from: the template file (relative to the module) and the attribute that rendered it. */
export interface TextSource {
  name: string;
  /** The attribute whose value holds the templatefile()/file() call (a local's, or the resource's own). */
  site: Attribute | undefined;
}

export class Text {
  constructor(
    readonly pieces: readonly Piece[],
    /** For each piece, the line of its source template it starts on (1-based); empty when not from a template file. */
    readonly lines: readonly number[] = [],
    readonly source?: TextSource,
  ) {}

  /** The whole string, when every piece is known text. */
  get known(): string | undefined {
    return this.pieces.every((piece) => typeof piece === "string") ? this.pieces.join("") : undefined;
  }
}

export type Term = string | number | boolean | null | Reference | Unknown | Text | Term[] | TermObject;
export interface TermObject {
  [key: string]: Term;
}

export function isTermObject(term: Term | undefined): term is TermObject {
  return typeof term === "object" && term !== null && !Array.isArray(term) && !(term instanceof Reference) && !(term instanceof Unknown) && !(term instanceof Text);
}

/** A string, number or bool as Terraform converts it to a string; undefined for anything else. */
export function termString(term: Term | undefined): string | undefined {
  if (typeof term === "string") return term;
  if (typeof term === "number" || typeof term === "boolean") return String(term);
  return term instanceof Text ? term.known : undefined;
}

/** A number, or a string holding one (Terraform converts them); undefined otherwise. */
export function termNumber(term: Term | undefined): number | undefined {
  if (typeof term === "number") return term;
  const text = termString(term);
  return text !== undefined && text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : undefined;
}

/** True when nothing in the term is Unknown, a Reference or a partly known Text. */
export function isKnown(term: Term): boolean {
  if (term instanceof Unknown || term instanceof Reference) return false;
  if (term instanceof Text) return term.known !== undefined;
  if (Array.isArray(term)) return term.every(isKnown);
  if (isTermObject(term)) return Object.values(term).every(isKnown);
  return true;
}

/** The pieces of a term used as a string: its text, the reference itself, or Unknown. */
export function termPieces(term: Term | undefined): Piece[] {
  if (term instanceof Text) return [...term.pieces];
  if (term instanceof Reference) return [term];
  const text = termString(term);
  return text === undefined ? [Unknown.value] : [text];
}
