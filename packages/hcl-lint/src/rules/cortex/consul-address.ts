/**
 * A Consul address as Cortex is given it, `<host>:<port>`: the host is a literal name, a reference to a container
 * (`${docker_container.ring.name}:8500`), or unknown; and which container of the module a name reaches.
 */
import { Reference, Unknown } from "../../module/evaluate.js";
import { expressionsOf } from "../../module/expressions.js";
import { instancesOf } from "../../module/instances.js";
import type { Block } from "../../module/model.js";
import { termString, type Piece } from "../../module/terms.js";
import { containerImage, isConsulImage } from "../docker-image.js";

/** The host part of `<host>:<port>`: a string, a reference (`${docker_container.x.name}:8500`), or undefined. */
export function consulHost(pieces: readonly (string | Reference | Unknown)[]): Reference | string | undefined {
  const parts = pieces.filter((piece) => piece !== "");
  const first = parts[0];
  if (first instanceof Reference) {
    const next = parts[1];
    return next === undefined || (typeof next === "string" && next.startsWith(":")) ? first : undefined;
  }
  let text = "";
  for (const piece of parts) {
    if (typeof piece !== "string") return text.includes(":") ? text.slice(0, text.lastIndexOf(":")) : undefined;
    text += piece;
  }
  const colon = text.lastIndexOf(":");
  return (colon > 0 && !text.endsWith("]") ? text.slice(0, colon) : text) || undefined;
}

/** The address as written, references by name (`docker_container.ring.name:8500`); undefined when part is unknown. */
export function spelling(pieces: readonly Piece[]): string | undefined {
  let text = "";
  for (const piece of pieces) {
    if (typeof piece === "string") text += piece;
    else if (piece instanceof Reference) text += `\${${piece.toString()}}`;
    else return undefined;
  }
  return text;
}

const names = new WeakMap<Block, string[] | undefined>();

/** Names other containers can resolve this one by, over its instances: names and network aliases; undefined when unknown. */
export function reachableNames(container: Block): string[] | undefined {
  if (!names.has(container)) names.set(container, readNames(container));
  return names.get(container);
}

function readNames(container: Block): string[] | undefined {
  const instances = instancesOf(container);
  if (instances instanceof Unknown) return undefined;
  const expressions = expressionsOf(container.module);
  const found: string[] = [];
  for (const { bindings } of instances) {
    const name = termString(expressions.attribute(container.attribute("name"), bindings));
    if (name === undefined) return undefined;
    found.push(name);
    for (const network of container.blocks("networks_advanced")) {
      const aliases = expressions.attribute(network.attribute("aliases"), bindings);
      if (Array.isArray(aliases)) found.push(...aliases.map(termString).filter((alias) => alias !== undefined));
    }
  }
  return found;
}

/** True when the container's image is known and is not Consul. */
export function notConsul(container: Block): boolean {
  const { name } = containerImage(container);
  return name !== undefined && !isConsulImage(name);
}
