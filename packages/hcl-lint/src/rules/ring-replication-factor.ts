import { Unknown } from "../module/evaluate.js";
import { cortexContainers, known, lookup, runs, type CortexContainer, type CortexInstance } from "./cortex/components.js";
import { CORTEX_IMAGES, IMAGES_OPTION, INGESTER_RING, INGESTER_TARGETS, REPLICATION } from "./cortex/rings.js";
import { defineRule, docsUrl } from "./rule.js";

/**
 * Cortex writes each series to replication-factor ingesters and waits for a quorum, floor(RF / 2) + 1, of them
 * (pkg/ring/replication_strategy.go). With fewer ingesters than the factor, every series lands on all of them and
 * the quorum is still counted against the factor: RF 3 on 2 ingesters needs both, so one ingester down fails every
 * write. Counted over count and for_each; silent when the number of ingesters is not known before apply.
 */
export default defineRule({
  meta: {
    id: "ring-replication-factor",
    type: "problem",
    severity: "error",
    docs: { description: "The ingester ring's replication factor is not larger than the module's number of ingesters.", url: docsUrl("ring-replication-factor") },
    schema: { type: "object", properties: { images: IMAGES_OPTION } },
    defaultOptions: { images: CORTEX_IMAGES },
    messages: {
      larger:
        "Replication factor {{factor}} ({{setting}}) is larger than the {{ingesters}} ingesters of this module ({{where}}): each series is written to {{ingesters}}, not {{factor}}, and a write still waits for {{quorum}} of them, so {{consequence}}",
    },
  },
  create(context) {
    return {
      done() {
        const containers = cortexContainers(context.module, context.options.images);
        const ingesters = countIngesters(containers);
        if (ingesters === undefined || ingesters.total === 0) return;
        const reported = new Set<string>();
        for (const container of containers) {
          if (container.instances instanceof Unknown) continue;
          for (const instance of container.instances) {
            if (runs(instance, INGESTER_RING.readers) !== true || zoneAware(instance)) continue;
            const setting = lookup(instance, REPLICATION.flag, REPLICATION.yaml, REPLICATION.fallback);
            const factor = setting instanceof Unknown || !setting ? undefined : Number(known(setting.pieces));
            if (setting instanceof Unknown || !setting || factor === undefined || !Number.isInteger(factor) || factor <= ingesters.total) continue;
            if (reported.has(setting.origin.key)) continue;
            reported.add(setting.origin.key);
            const quorum = Math.floor(factor / 2) + 1;
            const spare = ingesters.total - quorum + 1;
            const consequence = spare <= 0 ? "no write can succeed" : spare === 1 ? "one ingester down fails every write" : `${spare} ingesters down fail every write`;
            const data = { factor, setting: setting.origin.where, ingesters: ingesters.total, where: ingesters.where, quorum, consequence };
            context.report({ file: setting.origin.file, span: setting.origin.span, messageId: "larger", data });
          }
        }
      },
    };
  },
});

/** Ingesters in the module and where they are declared; undefined when a container that may run ingesters has an unknown count or target. */
function countIngesters(containers: CortexContainer[]): { total: number; where: string } | undefined {
  const byContainer = new Map<string, number>();
  for (const { instances, written } of containers) {
    if (instances instanceof Unknown) {
      if (written.some((instance) => runs(instance, INGESTER_TARGETS) !== false)) return undefined;
      continue;
    }
    for (const instance of instances) {
      const ingester = runs(instance, INGESTER_TARGETS);
      if (ingester instanceof Unknown) return undefined;
      if (ingester) byContainer.set(instance.container.address, (byContainer.get(instance.container.address) ?? 0) + 1);
    }
  }
  const total = [...byContainer.values()].reduce((sum, n) => sum + n, 0);
  return { total, where: [...byContainer].map(([address, n]) => (n === 1 ? address : `${address} × ${n}`)).join(", ") };
}

/** Zone-aware replication counts zones, not ingesters: not judged here. */
function zoneAware(instance: CortexInstance): boolean {
  const setting = lookup(instance, REPLICATION.zoneFlag, REPLICATION.zoneYaml, "false");
  return setting instanceof Unknown || known(setting?.pieces) !== "false";
}
