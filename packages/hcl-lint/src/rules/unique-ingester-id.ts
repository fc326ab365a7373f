import path from "node:path";
import { Unknown } from "../module/evaluate.js";
import { expressionsOf } from "../module/expressions.js";
import { termString } from "../module/terms.js";
import { cortexContainers, known, lookup, runs, type CortexInstance, type Origin } from "./cortex/components.js";
import { CORTEX_IMAGES, IMAGES_OPTION, INGESTER_ID, INGESTER_TARGETS } from "./cortex/rings.js";
import { defineRule, docsUrl } from "./rule.js";

/**
 * An ingester registers in collectors/ring under its ID: `-ingester.lifecycler.ID`, else its hostname (Docker's
 * default hostname is the container ID, so only a `hostname` set on the container can repeat). Two ingesters with one
 * ID write the same ring entry, overwriting each other's address and tokens on every heartbeat, and series flap
 * between them. Typical causes: an ID that does not use count.index or each.key, a copied container, an ID in the
 * shared YAML. Counted over count and for_each; IDs known only at apply are not judged.
 */
export default defineRule({
  meta: {
    id: "unique-ingester-id",
    type: "problem",
    severity: "error",
    docs: { description: "No two ingesters of a module register in the ring under the same ID.", url: docsUrl("unique-ingester-id") },
    schema: { type: "object", properties: { images: IMAGES_OPTION } },
    defaultOptions: { images: CORTEX_IMAGES },
    messages: {
      shared: 'Ingester ID "{{id}}" ({{setting}}) is the same for {{instances}}: they overwrite each other\'s entry in collectors/ring; give each its own ID (from count.index or each.key)',
      duplicate: 'Ingester ID "{{id}}" ({{setting}}) of {{instance}} is already the ID of {{first}} ({{firstWhere}}): they overwrite each other\'s entry in collectors/ring',
    },
  },
  create(context) {
    return {
      done() {
        const byId = new Map<string, { instance: CortexInstance; origin: Origin }[]>();
        for (const container of cortexContainers(context.module, context.options.images)) {
          if (container.instances instanceof Unknown) continue;
          for (const instance of container.instances) {
            if (runs(instance, INGESTER_TARGETS) !== true) continue;
            const registered = ingesterId(instance);
            if (registered) byId.set(registered.id, [...(byId.get(registered.id) ?? []), { instance, origin: registered.origin }]);
          }
        }
        for (const [id, members] of byId) {
          const [first, ...others] = members;
          if (!first || others.length === 0) continue;
          const origins = new Map<string, { origin: Origin; instances: string[] }>();
          for (const { instance, origin } of members) {
            const entry = origins.get(origin.key) ?? { origin, instances: [] };
            entry.instances.push(instance.address);
            origins.set(origin.key, entry);
          }
          for (const { origin, instances } of origins.values()) {
            const data = { id, setting: origin.where };
            if (origin.key === first.origin.key) {
              if (instances.length > 1) context.report({ file: origin.file, span: origin.span, messageId: "shared", data: { ...data, instances: instances.join(", ") } });
            } else {
              const firstWhere = `${path.basename(first.origin.file.path)}:${first.origin.span.line}`;
              context.report({ file: origin.file, span: origin.span, messageId: "duplicate", data: { ...data, instance: instances.join(", "), first: first.instance.address, firstWhere } });
            }
          }
        }
      },
    };
  },
});

/** The ID an ingester registers under, when known before apply and not left to Docker (a unique container ID). */
function ingesterId(instance: CortexInstance): { id: string; origin: Origin } | undefined {
  const setting = lookup(instance, INGESTER_ID.flag, INGESTER_ID.yaml);
  if (setting instanceof Unknown) return undefined;
  if (setting) {
    const id = known(setting.pieces);
    return id === undefined ? undefined : { id, origin: setting.origin };
  }
  const hostname = instance.container.attribute("hostname");
  const id = termString(expressionsOf(instance.container.module).attribute(hostname, instance.bindings));
  if (!hostname || id === undefined) return undefined;
  const { file, valueSpan } = hostname;
  return { id, origin: { file, span: valueSpan, where: `its hostname, Cortex's default -${INGESTER_ID.flag}`, key: `${file.path}:${valueSpan.start}` } };
}
