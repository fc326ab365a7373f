/**
 * Terraform's built-in functions that configurations use to size and name resources (`length`, `range`, `toset`,
 * `format`, …) and to build configuration text (`jsonencode`, `yamlencode`), over known values. Any other function,
 * or an argument not known enough, gives Unknown. file() and templatefile() read the module's files: expressions.ts.
 */
import { Reference, Unknown } from "./evaluate.js";
import { isKnown, isTermObject, termNumber, termString, Text, type Piece, type Term, type TermObject } from "./terms.js";

type Fn = (args: Term[]) => Term;

const list = (term: Term | undefined): Term[] | undefined => (Array.isArray(term) ? term : undefined);
const object = (term: Term | undefined): TermObject | undefined => (isTermObject(term) ? term : undefined);
const strings = (terms: Term[]): string[] | undefined => {
  const texts = terms.map(termString);
  return texts.every((text) => text !== undefined) ? texts : undefined;
};
const numbers = (terms: Term[]): number[] | undefined => {
  const values = terms.map(termNumber);
  return values.every((value) => value !== undefined) ? values : undefined;
};
const orUnknown = (value: Term | undefined): Term => value ?? Unknown.value;

const FUNCTIONS: Record<string, Fn> = {
  length: ([value]) => {
    if (Array.isArray(value)) return value.length;
    if (isTermObject(value)) return Object.keys(value).length;
    const text = typeof value === "string" ? value : undefined;
    // Terraform counts characters as a reader sees them: grapheme clusters.
    return text === undefined ? Unknown.value : Array.from(new Intl.Segmenter().segment(text)).length;
  },
  range: (args) => {
    const values = numbers(args);
    if (!values || values.length === 0 || values.length > 3) return Unknown.value;
    const [start, limit, stepBy] = values.length === 1 ? [0, values[0] ?? 0, 1] : [values[0] ?? 0, values[1] ?? 0, values[2] ?? ((values[1] ?? 0) >= (values[0] ?? 0) ? 1 : -1)];
    if (stepBy === 0 || Math.abs((limit - start) / stepBy) > 1024) return Unknown.value;
    const result: number[] = [];
    for (let i = start; stepBy > 0 ? i < limit : i > limit; i += stepBy) result.push(i);
    return result;
  },
  concat: (args) => (args.every(Array.isArray) ? args.flat(1) : Unknown.value),
  element: ([values, index]) => {
    const items = list(values);
    const at = termNumber(index);
    return items && items.length > 0 && at !== undefined ? (items[Math.floor(at) % items.length] ?? Unknown.value) : Unknown.value;
  },
  tostring: ([value]) => orUnknown(termString(value)),
  tonumber: ([value]) => orUnknown(termNumber(value)),
  tolist: ([value]) => orUnknown(list(value)),
  tomap: ([value]) => orUnknown(object(value)),
  // A set of strings iterates in lexical order, without duplicates.
  toset: ([value]) => {
    const items = list(value);
    const texts = items && strings(items);
    return texts ? [...new Set(texts)].sort() : Unknown.value;
  },
  keys: ([value]) => {
    const map = object(value);
    return map ? Object.keys(map).sort() : Unknown.value;
  },
  values: ([value]) => {
    const map = object(value);
    return map ? Object.keys(map).sort().map((key) => map[key] ?? null) : Unknown.value;
  },
  lookup: ([map, key, fallback]) => {
    const entries = object(map);
    const name = termString(key);
    if (!entries || name === undefined) return Unknown.value;
    return Object.hasOwn(entries, name) ? (entries[name] ?? null) : (fallback ?? Unknown.value);
  },
  merge: (args) => (args.every(isTermObject) ? args.reduce<TermObject>((all, map) => ({ ...all, ...map }), {}) : Unknown.value),
  join: ([separator, values]) => {
    const items = list(values);
    const texts = items && strings(items);
    const glue = termString(separator);
    return texts && glue !== undefined ? texts.join(glue) : Unknown.value;
  },
  split: ([separator, value]) => {
    const [glue, text] = [termString(separator), termString(value)];
    return glue !== undefined && text !== undefined ? text.split(glue) : Unknown.value;
  },
  format: ([spec, ...args]) => {
    const pattern = termString(spec);
    if (pattern === undefined || /%[^%sdv]/.test(pattern)) return Unknown.value;
    let next = 0;
    let text = "";
    for (const part of pattern.split(/(%[%sdv])/)) {
      if (part === "%%") text += "%";
      else if (/^%[sdv]$/.test(part)) {
        const arg = args[next++];
        const value = part === "%d" ? termNumber(arg) : termString(arg);
        if (value === undefined) return Unknown.value;
        text += String(value);
      } else text += part;
    }
    return text;
  },
  upper: ([value]) => orUnknown(termString(value)?.toUpperCase()),
  lower: ([value]) => orUnknown(termString(value)?.toLowerCase()),
  trimspace: ([value]) => orUnknown(termString(value)?.trim()),
  min: (args) => orUnknown(numbers(args.length === 1 && Array.isArray(args[0]) ? args[0] : args)?.reduce((a, b) => Math.min(a, b))),
  max: (args) => orUnknown(numbers(args.length === 1 && Array.isArray(args[0]) ? args[0] : args)?.reduce((a, b) => Math.max(a, b))),
  floor: ([value]) => orUnknown(termNumber(value) === undefined ? undefined : Math.floor(termNumber(value) ?? 0)),
  ceil: ([value]) => orUnknown(termNumber(value) === undefined ? undefined : Math.ceil(termNumber(value) ?? 0)),
  abs: ([value]) => orUnknown(termNumber(value) === undefined ? undefined : Math.abs(termNumber(value) ?? 0)),
  distinct: ([value]) => {
    const items = list(value);
    const texts = items && strings(items);
    return texts ? [...new Set(texts)] : Unknown.value;
  },
  flatten: ([value]) => {
    const items = list(value);
    return items ? items.flat(Infinity as 1) : Unknown.value;
  },
  contains: ([values, value]) => {
    const items = list(values);
    const texts = items && strings(items);
    const wanted = termString(value);
    return texts && wanted !== undefined ? texts.includes(wanted) : Unknown.value;
  },
  coalesce: (args) => {
    for (const arg of args) {
      if (!isKnown(arg)) return Unknown.value;
      if (arg !== null && arg !== "") return arg;
    }
    return Unknown.value;
  },
  // JSON is YAML: both give text a YAML reader can follow, references inside strings included.
  jsonencode: ([value]) => encode(value),
  yamlencode: ([value]) => encode(value),
};

export function callFunction(name: string, args: Term[]): Term {
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  return fn ? fn(args) : Unknown.value;
}

/** JSON text of a term; strings holding references stay a Text with the Reference inside the quotes. */
function encode(value: Term | undefined): Term {
  const pieces: Piece[] = [];
  const write = (term: Term | undefined): boolean => {
    if (term === undefined || term instanceof Unknown) return false;
    if (term instanceof Reference || term instanceof Text) {
      const parts = term instanceof Text ? term.pieces : [term];
      pieces.push('"');
      for (const part of parts) pieces.push(typeof part === "string" ? JSON.stringify(part).slice(1, -1) : part);
      pieces.push('"');
      return true;
    }
    if (Array.isArray(term)) {
      pieces.push("[");
      const ok = term.every((item, i) => (i > 0 && pieces.push(","), write(item)));
      pieces.push("]");
      return ok;
    }
    if (isTermObject(term)) {
      pieces.push("{");
      const ok = Object.keys(term).sort().every((key, i) => (i > 0 && pieces.push(","), pieces.push(`${JSON.stringify(key)}:`), write(term[key])));
      pieces.push("}");
      return ok;
    }
    pieces.push(JSON.stringify(term));
    return true;
  };
  if (!write(value)) return Unknown.value;
  const merged = pieces.reduce<Piece[]>((all, piece) => {
    const previous = all.at(-1);
    if (typeof piece === "string" && typeof previous === "string") all[all.length - 1] = previous + piece;
    else all.push(piece);
    return all;
  }, []);
  return merged.every((piece) => typeof piece === "string") ? merged.join("") : new Text(merged);
}
