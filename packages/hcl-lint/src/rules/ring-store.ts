import { Unknown } from "../module/evaluate.js";
import { cortexContainers, known, ringSettings } from "./cortex/components.js";
import { CORTEX_IMAGES, IMAGES_OPTION } from "./cortex/rings.js";
import { defineRule, docsUrl } from "./rule.js";

/**
 * Cortex components share a ring only through its store: a component that keeps a ring elsewhere (`store: etcd` in
 * one section of the YAML, `-ring.store=inmemory` on one container) registers and reads where nobody else does.
 * `inmemory` is never shared: each process has a ring of its own (fine for a lone single-binary Cortex, and not
 * reported then). `multi` (a migration between two stores) is not judged.
 */
export default defineRule({
  meta: {
    id: "ring-store",
    type: "problem",
    severity: "error",
    docs: { description: "Every Cortex ring of the module is kept in the same store (Consul unless configured).", url: docsUrl("ring-store") },
    schema: {
      type: "object",
      properties: {
        images: IMAGES_OPTION,
        store: { type: "string", description: "The store every ring is kept in: one of Cortex's -ring.store values (consul, etcd, memberlist, dynamodb)." },
      },
    },
    defaultOptions: { images: CORTEX_IMAGES, store: "consul" },
    messages: {
      inMemory: "The {{ring}} ring is kept in memory ({{setting}}): each Cortex process then has a ring of its own, which no other container sees; this module keeps its rings in {{expected}}",
      otherStore: 'The {{ring}} ring is kept in "{{store}}" ({{setting}}), but this module keeps its rings in {{expected}}; components reading the ring from another store never see its members',
    },
  },
  create(context) {
    const { images, store: expected } = context.options;
    const reported = new Set<string>();
    return {
      done() {
        const containers = cortexContainers(context.module, images);
        // One Cortex process (a single-binary `-target=all`) shares its rings with nobody: in memory is its choice.
        const alone = containers.length === 1 && !(containers[0]?.instances instanceof Unknown) && containers[0]?.instances.length === 1;
        for (const container of containers) {
          for (const { store, ring } of container.written.flatMap(ringSettings)) {
            if (store instanceof Unknown || reported.has(store.origin.key)) continue;
            const value = known(store.pieces)?.trim();
            if (value === undefined || value === expected || value === "multi" || (value === "inmemory" && alone)) continue;
            reported.add(store.origin.key);
            const { file, span, where } = store.origin;
            const data = { setting: where, ring: ring.name, store: value, expected };
            context.report({ file, span, messageId: value === "inmemory" ? "inMemory" : "otherStore", data });
          }
        }
      },
    };
  },
});
