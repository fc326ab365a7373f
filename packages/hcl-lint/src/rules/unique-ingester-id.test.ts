import { component, CORTEX_LOCALS, CORTEX_YAML, cortexModule, INGESTERS } from "../../test/cortex.js";
import { ruleTester } from "../testing/rule-tester.js";
import rule from "./unique-ingester-id.js";

const idLocals = CORTEX_LOCALS.replace("locals {\n", 'locals {\n  ingester_ids = [for i in range(var.ingester_count) : "${var.cluster_name}-ingester-${i}"]\n');
const counted = (options: Parameters<typeof component>[1] = {}) => component("ingester", { count: "var.ingester_count", ...options });

ruleTester(rule, {
  valid: [
    { name: "infra/cortex.tf's shape: the ID from count.index", code: cortexModule([component("distributor"), INGESTERS]) },
    { name: "the ID from a local list indexed by count.index", code: cortexModule([counted({ name: "local.ingester_ids[count.index]", flags: ["-ingester.lifecycler.ID=${local.ingester_ids[count.index]}"], extra: ["hostname = local.ingester_ids[count.index]"] })], CORTEX_YAML, idLocals) },
    { name: "no ID and no hostname: Docker's hostname is the container's own ID", code: cortexModule([counted()]) },
    { name: "the hostname from count.index", code: cortexModule([counted({ extra: ['hostname = "ingester-${count.index}"'] })]) },
    { name: "the flag wins over a shared hostname", code: cortexModule([counted({ extra: ['hostname = "ingester"'], flags: ["-ingester.lifecycler.ID=ingester-${count.index}"] })]) },
    { name: "for_each with each.key", code: cortexModule([component("ingester", { name: '"ingester-${each.key}"', extra: ['for_each = toset(["a", "b"])'], flags: ["-ingester.lifecycler.ID=ingester-${each.key}"] })]) },
    { name: "an ID known only at apply", code: cortexModule([counted({ flags: ["-ingester.lifecycler.ID=${var.unset}"] })]) },
    { name: "a count known only at apply", code: cortexModule([counted({ count: "var.unset", flags: ["-ingester.lifecycler.ID=ingester"] })]) },
    { name: "queriers sharing a hostname are not in the ingester ring", code: cortexModule([component("querier", { count: "2", extra: ['hostname = "querier"'] })]) },
  ],
  invalid: [
    {
      name: "an ID not derived from count.index: at the flag, once",
      code: cortexModule([component("distributor"), counted({ flags: ["-ingester.lifecycler.ID=${var.cluster_name}-ingester"] })]),
      errors: [
        {
          messageId: "shared",
          file: "cortex.tf",
          line: 37,
          column: 5,
          endLine: 37,
          endColumn: 59,
          message: 'Ingester ID "cortex-cluster-ingester" (-ingester.lifecycler.ID) is the same for docker_container.ingester[0], docker_container.ingester[1], docker_container.ingester[2]',
        },
      ],
    },
    {
      name: "a copied ingester container keeps the first one's ID: at the copy",
      code: cortexModule([component("ingester-a", { target: "ingester", flags: ["-ingester.lifecycler.ID=ingester-1"] }), component("ingester-b", { target: "ingester", flags: ["-ingester.lifecycler.ID=ingester-1"] })]),
      errors: [{ messageId: "duplicate", file: "cortex.tf", line: 37, column: 5, message: 'Ingester ID "ingester-1" (-ingester.lifecycler.ID) of docker_container.ingester-b is already the ID of docker_container.ingester-a (cortex.tf:23)' }],
    },
    {
      name: "a hostname that does not vary, without an ID",
      code: cortexModule([counted({ count: "2", extra: ['hostname = "ingester"'] })]),
      errors: [{ messageId: "shared", file: "cortex.tf", line: 25, column: 14, message: "(its hostname, Cortex's default -ingester.lifecycler.ID) is the same for docker_container.ingester[0], docker_container.ingester[1]" }],
    },
    {
      name: "an ID in the YAML every ingester loads: at the templatefile() that renders it",
      code: cortexModule([counted()], CORTEX_YAML.replace("  lifecycler:\n", "  lifecycler:\n    id: ingester\n")),
      errors: [{ messageId: "shared", file: "cortex.tf", line: 3, column: 19, message: 'Ingester ID "ingester" (ingester.lifecycler.id at cortex.yaml.tftpl:4)' }],
    },
    {
      name: "single-process Cortex runs an ingester too",
      code: cortexModule([component("cortex", { target: "all", count: "2", content: null, extra: ['hostname = "cortex"'] })]),
      errors: [{ messageId: "shared", file: "cortex.tf", line: 24, column: 14 }],
    },
    {
      name: "JSON syntax (.tf.json)",
      code: { "main.tf.json": `{\n  "resource": {\n    "docker_container": {\n      "ingester": { "count": 2, "name": "i-\${count.index}", "image": "cortexproject/cortex:v1.21.1", "command": ["-target=ingester", "-ingester.lifecycler.ID=i"] }\n    }\n  }\n}\n` },
      errors: [{ messageId: "shared", file: "main.tf.json", line: 4, column: 134 }],
    },
  ],
});
