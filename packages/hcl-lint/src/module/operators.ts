/** Terraform's operators over known terms, and traversal steps (`.name`, `[0]`, `["key"]`) into them. */
import { Key, Reference, Unknown, type Step } from "./evaluate.js";
import { isTermObject, termNumber, type Term } from "./terms.js";

export function step(value: Term, steps: readonly Step[]): Term {
  let current = value;
  for (const key of steps) {
    if (current instanceof Reference) current = new Reference([...current.parts, key]);
    else if (Array.isArray(current) && typeof key === "number") current = current[key] ?? Unknown.value;
    else if (isTermObject(current)) current = current[key instanceof Key ? key.key : String(key)] ?? Unknown.value;
    else return Unknown.value;
  }
  return current;
}

/** A condition's truth: bools, and the strings "true"/"false" that Terraform converts; undefined when unknown. */
export function truth(term: Term): boolean | undefined {
  if (typeof term === "boolean") return term;
  return term === "true" ? true : term === "false" ? false : undefined;
}

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  modulo: (a, b) => a % b,
};
const COMPARISON: Record<string, (a: number, b: number) => boolean> = {
  lessThan: (a, b) => a < b,
  lessThanOrEqual: (a, b) => a <= b,
  greaterThan: (a, b) => a > b,
  greaterThanOrEqual: (a, b) => a >= b,
};

export function binary(operator: string, [left, right]: Term[]): Term {
  const arithmetic = ARITHMETIC[operator];
  const comparison = COMPARISON[operator];
  const [a, b] = [termNumber(left), termNumber(right)];
  if (arithmetic || comparison) {
    if (a === undefined || b === undefined) return Unknown.value;
    return arithmetic ? arithmetic(a, b) : (comparison?.(a, b) ?? Unknown.value);
  }
  if (operator === "logicalAnd" || operator === "logicalOr") {
    const [x, y] = [truth(left ?? Unknown.value), truth(right ?? Unknown.value)];
    return x === undefined || y === undefined ? Unknown.value : operator === "logicalAnd" ? x && y : x || y;
  }
  if (operator === "equal" || operator === "notEqual") {
    const same = equal(left, right);
    return same === undefined ? Unknown.value : same === (operator === "equal");
  }
  return Unknown.value;
}

export function unary(operator: string, value: Term): Term {
  if (operator === "logicalNot") {
    const test = truth(value);
    return test === undefined ? Unknown.value : !test;
  }
  const number = termNumber(value);
  return operator === "negate" && number !== undefined ? -number : Unknown.value;
}

/** Equality of known primitives (a number never equals a string, as in Terraform); undefined when either is not known. */
function equal(left: Term | undefined, right: Term | undefined): boolean | undefined {
  const primitive = (term: Term | undefined) => term === null || typeof term === "string" || typeof term === "number" || typeof term === "boolean";
  return primitive(left) && primitive(right) ? left === right : undefined;
}
