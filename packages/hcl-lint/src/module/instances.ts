/**
 * The instances a resource block creates: one, `count` of them (with `count.index` bound) or one per `for_each`
 * key (with `each.key` and `each.value`), as far as count and for_each are known before apply. Unknown when they
 * are not: rules stay silent rather than guess how many containers there will be.
 */
import { Unknown } from "./evaluate.js";
import { expressionsOf, type Bindings } from "./expressions.js";
import type { Block } from "./model.js";
import { isTermObject, termNumber, termString, type Term } from "./terms.js";

export interface Instance {
  block: Block;
  /** `docker_container.ingester[1]`, `docker_container.ingester["a"]`, or the block's address when it has neither. */
  address: string;
  bindings: Bindings;
}

export function instancesOf(block: Block): Instance[] | Unknown {
  const expressions = expressionsOf(block.module);
  const count = block.attribute("count");
  if (count) {
    const n = termNumber(expressions.attribute(count));
    if (n === undefined || !Number.isInteger(n) || n < 0) return Unknown.value;
    return Array.from({ length: n }, (_, index) => ({ block, address: `${block.address}[${index}]`, bindings: new Map([["count", { index }]]) }));
  }
  const forEach = block.attribute("for_each");
  if (forEach) {
    const entries = eachEntries(expressions.attribute(forEach));
    if (!entries) return Unknown.value;
    return entries.map(([key, value]) => ({ block, address: `${block.address}[${JSON.stringify(key)}]`, bindings: new Map([["each", { key, value }]]) }));
  }
  return [{ block, address: block.address, bindings: new Map() }];
}

/** for_each takes a map (keys in lexical order) or a set of strings (each.value is each.key). */
function eachEntries(term: Term | undefined): [string, Term][] | undefined {
  if (isTermObject(term)) return Object.keys(term).sort().map((key) => [key, term[key] ?? null]);
  if (!Array.isArray(term)) return undefined;
  const keys = term.map(termString);
  if (!keys.every((key) => key !== undefined)) return undefined;
  return [...new Set(keys)].sort().map((key) => [key, key]);
}
