import { isIP } from "node:net";
import { Reference, Unknown } from "../module/evaluate.js";
import type { Block, ModuleFile } from "../module/model.js";
import type { Span } from "../parser/source-index.js";
import { containerImage, isConsulImage, parseImageName } from "./docker-image.js";
import { defineRule, docsUrl } from "./rule.js";

/**
 * Cortex finds its ring through `-consul.hostname=<host>:<port>` (or a per-ring flag such as
 * `-distributor.ring.consul.hostname`). On a Docker network the host must be a container's name or a network
 * alias; a name that matches no container fails at startup with a DNS error, long after apply succeeded.
 */
export default defineRule({
  meta: {
    id: "ring-consul-address",
    type: "problem",
    severity: "error",
    docs: { description: "A Cortex container's *consul.hostname flag names a Consul container of the module.", url: docsUrl("ring-consul-address") },
    schema: { type: "object", properties: { images: { type: "array", items: { type: "string" }, description: "Repositories that run Cortex." } } },
    defaultOptions: { images: ["cortexproject/cortex"] },
    messages: {
      unknownHost: '-{{flag}} names "{{host}}", but no container or network alias in this module has that name; Cortex cannot reach its ring',
      undeclared: "-{{flag}} references {{reference}}, which is not declared in this module",
      notConsul: "-{{flag}} points at {{container}}, which does not run Consul",
    },
  },
  create(context) {
    const cortexImages = new Set(context.options.images.map((image) => parseImageName(image).repository));
    const { module } = context;
    return {
      blocks: {
        "resource:docker_container": (container) => {
          const { name } = containerImage(container);
          if (name === undefined || !cortexImages.has(parseImageName(name).repository)) return;
          const found = container.attribute("command");
          if (!found || !Array.isArray(found.raw)) return;
          const command = found;
          const args = found.raw as unknown[];
          for (let i = 0; i < args.length; i++) {
            const pieces = module.evaluator.pieces(args[i]);
            const head = pieces[0];
            const match = typeof head === "string" ? /^--?([\w.-]*consul\.hostname)(=(.*))?$/s.exec(head) : null;
            if (!match) continue;
            const flag = match[1] ?? "";
            let hostPieces: (string | Reference | Unknown)[];
            let at = i;
            if (match[2] !== undefined) hostPieces = [match[3] ?? "", ...pieces.slice(1)];
            else {
              at = ++i;
              hostPieces = module.evaluator.pieces(args[at]);
            }
            check(flag, host(hostPieces.filter((piece) => piece !== "")), command.elementSpan(at), command.file);
          }

          function check(flag: string, target: Reference | string | undefined, span: Span, file: ModuleFile): void {
            if (target === undefined) return;
            if (target instanceof Reference) {
              if (target.type !== "docker_container") return;
              const consul = module.resource("docker_container", target.name);
              if (!consul) context.report({ file, span, messageId: "undeclared", data: { flag, reference: target.toString() } });
              else if (notConsul(consul)) context.report({ file, span, messageId: "notConsul", data: { flag, container: consul.address } });
              return;
            }
            if (target === "localhost" || isIP(target.replace(/^\[|\]$/g, "")) !== 0) return;
            const names = module.resources("docker_container").map((other) => ({ block: other, names: reachableNames(other) }));
            const found = names.find((entry) => entry.names?.includes(target));
            if (found) {
              if (notConsul(found.block)) context.report({ file, span, messageId: "notConsul", data: { flag, container: found.block.address } });
            } else if (names.every((entry) => entry.names !== undefined)) {
              context.report({ file, span, messageId: "unknownHost", data: { flag, host: target } });
            }
          }
        },
      },
    };
  },
});

/** The host part of `<host>:<port>`: a string, a reference (`${docker_container.x.name}:8500`), or undefined. */
function host(pieces: (string | Reference | Unknown)[]): Reference | string | undefined {
  const first = pieces[0];
  if (first instanceof Reference) {
    const next = pieces[1];
    return next === undefined || (typeof next === "string" && next.startsWith(":")) ? first : undefined;
  }
  let text = "";
  for (const piece of pieces) {
    if (typeof piece !== "string") return text.includes(":") ? text.slice(0, text.lastIndexOf(":")) : undefined;
    text += piece;
  }
  const colon = text.lastIndexOf(":");
  return (colon > 0 && !text.endsWith("]") ? text.slice(0, colon) : text) || undefined;
}

/** Names other containers can resolve this one by: its name and its network aliases; undefined when unknown. */
function reachableNames(container: Block): string[] | undefined {
  const name = container.attribute("name")?.value();
  if (typeof name !== "string") return undefined;
  const names = [name];
  for (const network of container.blocks("networks_advanced")) {
    const aliases = network.attribute("aliases")?.value();
    if (Array.isArray(aliases)) names.push(...(aliases as unknown[]).filter((alias): alias is string => typeof alias === "string"));
  }
  return names;
}

function notConsul(container: Block): boolean {
  const { name } = containerImage(container);
  return name !== undefined && !isConsulImage(name);
}
