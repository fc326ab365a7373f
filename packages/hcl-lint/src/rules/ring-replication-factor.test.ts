import { component, CORTEX_LOCALS, CORTEX_YAML, cortexModule, INGESTERS } from "../../test/cortex.js";
import { ruleTester } from "../testing/rule-tester.js";
import rule from "./ring-replication-factor.js";

// infra/cortex.tf's way of counting: ingester IDs from a for expression, count = length(local.ingester_ids).
const idLocals = CORTEX_LOCALS.replace("locals {\n", 'locals {\n  ingester_ids = [for i in range(var.enable_cortex ? var.ingester_count : 0) : "${var.cluster_name}-ingester-${i}"]\n') + 'variable "enable_cortex" {\n  default = true\n}\n\n';
const idIngesters = component("ingester", { count: "length(local.ingester_ids)", name: "local.ingester_ids[count.index]", flags: ["-ingester.lifecycler.ID=${local.ingester_ids[count.index]}"] });

ruleTester(rule, {
  valid: [
    { name: "infra/cortex.tf's defaults: replication factor 3 in the YAML, 3 ingesters", code: cortexModule([component("distributor"), INGESTERS, component("querier")]) },
    { name: "as many ingesters as the factor, both from variables", vars: { ingester_count: 2, replication_factor: 2 }, code: cortexModule([component("distributor"), INGESTERS]) },
    { name: "ingesters counted through length() of a for expression", code: cortexModule([component("distributor"), idIngesters], CORTEX_YAML, idLocals) },
    { name: "the cluster switched off: no ingesters, nothing to judge", vars: { enable_cortex: false }, code: cortexModule([component("distributor", { count: "var.enable_cortex ? 1 : 0" }), idIngesters], CORTEX_YAML, idLocals) },
    { name: "a number of ingesters known only at apply", code: cortexModule([component("distributor"), component("ingester", { count: "var.unset" })]) },
    { name: "a querier whose count is unknown does not hide the ingesters", vars: { replication_factor: 3 }, code: cortexModule([component("distributor"), INGESTERS, component("querier", { count: "var.unset" })]) },
    { name: "no ingester in this module (they may run elsewhere)", code: cortexModule([component("distributor")]) },
    { name: "zone-aware replication counts zones", vars: { ingester_count: 2 }, code: cortexModule([component("distributor"), INGESTERS], CORTEX_YAML.replace("${replication_factor}\n", "${replication_factor}\n      zone_awareness_enabled: true\n")) },
    { name: "single-process Cortex with replication factor 1", code: cortexModule([component("cortex", { target: "all", content: null, flags: ["-distributor.replication-factor=1"] })]) },
  ],
  invalid: [
    {
      name: "replication_factor = 3 with ingester_count = 2: at the templatefile() that renders it, once",
      vars: { ingester_count: 2 },
      code: cortexModule([component("distributor"), INGESTERS, component("querier")]),
      errors: [
        {
          messageId: "larger",
          file: "cortex.tf",
          line: 3,
          column: 19,
          message:
            "Replication factor 3 (ingester.lifecycler.ring.replication_factor at cortex.yaml.tftpl:9) is larger than the 2 ingesters of this module (docker_container.ingester × 2): each series is written to 2, not 3, and a write still waits for 2 of them, so one ingester down fails every write",
        },
      ],
    },
    {
      name: "a flag on the distributor asks for more replicas than there are ingesters",
      code: cortexModule([component("distributor", { flags: ["-distributor.replication-factor=5"] }), INGESTERS]),
      errors: [{ messageId: "larger", file: "cortex.tf", line: 23, column: 5, endLine: 23, endColumn: 40, message: "Replication factor 5 (-distributor.replication-factor) is larger than the 3 ingesters" }],
    },
    {
      name: "ingesters counted through length() of a for expression",
      vars: { ingester_count: 1 },
      code: cortexModule([component("distributor"), idIngesters], CORTEX_YAML, idLocals),
      errors: [{ messageId: "larger", file: "cortex.tf", line: 4, column: 19, message: "so no write can succeed" }],
    },
    {
      name: "ingesters from for_each",
      code: cortexModule([component("distributor"), component("ingester", { name: '"ingester-${each.key}"', extra: ['for_each = toset(["a", "b"])'] })]),
      errors: [{ messageId: "larger", file: "cortex.tf", line: 3, column: 19, message: "the 2 ingesters of this module (docker_container.ingester × 2)" }],
    },
    {
      name: "single-process Cortex left to the default replication factor 3",
      code: cortexModule([component("cortex", { target: "all", content: null })]),
      errors: [{ messageId: "larger", file: "cortex.tf", line: 20, column: 13, message: "Replication factor 3 (Cortex's default: docker_container.cortex sets no -distributor.replication-factor) is larger than the 1 ingesters" }],
    },
    {
      name: "JSON syntax (.tf.json)",
      code: { "main.tf.json": `{\n  "resource": {\n    "docker_container": {\n      "cortex": { "name": "c", "image": "cortexproject/cortex:v1.21.1", "command": ["-target=all", "-distributor.replication-factor=2"] }\n    }\n  }\n}\n` },
      errors: [{ messageId: "larger", file: "main.tf.json", line: 4, column: 100 }],
    },
  ],
});
