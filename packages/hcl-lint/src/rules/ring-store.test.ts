import { component, CORTEX_YAML, cortexModule, INGESTERS } from "../../test/cortex.js";
import { ruleTester } from "../testing/rule-tester.js";
import rule from "./ring-store.js";

const distributorStore = (store: string) => CORTEX_YAML.replace("distributor:\n  ring:\n    kvstore:\n      store: consul", `distributor:\n  ring:\n    kvstore:\n      store: ${store}`);

ruleTester(rule, {
  valid: [
    { name: "infra/cortex.tf's shape: consul in the YAML and in -ring.store", code: cortexModule([component("distributor", { flags: ["-ring.store=consul"] }), INGESTERS, component("querier")]) },
    { name: "a ring the YAML leaves out is kept in Cortex's default, consul", code: cortexModule([component("distributor"), INGESTERS], "ingester:\n  lifecycler:\n    ring:\n      kvstore:\n        consul:\n          host: ${consul_address}\n") },
    { name: "a multi store (a migration between stores) is not judged", code: cortexModule([component("distributor"), INGESTERS], distributorStore("multi")) },
    { name: "a store known only at apply is not judged", code: cortexModule([component("distributor", { flags: ["-distributor.ring.store=${var.store}"] }), INGESTERS]) },
    { name: "a YAML from a volume is not judged", code: cortexModule([component("distributor", { content: null, flags: ["-config.file=/etc/cortex/cortex.yaml"] }), INGESTERS]) },
    { name: "every ring in the configured store", options: { store: "etcd" }, code: cortexModule([component("distributor"), INGESTERS], CORTEX_YAML.replaceAll("store: consul", "store: etcd")) },
    { name: "a lone single-binary Cortex keeps its rings in memory", code: cortexModule([component("cortex", { target: "all", content: null, flags: ["-ring.store=inmemory"] })]) },
    { name: "not a Cortex container", code: `resource "docker_container" "x" {\n  image   = "busybox:1"\n  command = ["-ring.store=inmemory"]\n}\n` },
  ],
  invalid: [
    {
      name: "one section of the shared YAML keeps its ring in memory: at the templatefile() that renders it, once",
      code: cortexModule([component("distributor"), INGESTERS, component("querier")], distributorStore("inmemory")),
      errors: [{ messageId: "inMemory", file: "cortex.tf", line: 3, column: 19, message: "The distributor ring is kept in memory (distributor.ring.kvstore.store at cortex.yaml.tftpl:14)" }],
    },
    {
      name: "one section of the YAML says etcd",
      code: cortexModule([component("distributor"), INGESTERS], distributorStore("etcd")),
      errors: [{ messageId: "otherStore", file: "cortex.tf", line: 3, column: 19, message: 'The distributor ring is kept in "etcd" (distributor.ring.kvstore.store at cortex.yaml.tftpl:14), but this module keeps its rings in consul' }],
    },
    {
      name: "a flag on one component overrides the YAML's store",
      code: cortexModule([component("distributor"), INGESTERS, component("querier", { flags: ["-ring.store=etcd"] })]),
      errors: [{ messageId: "otherStore", file: "cortex.tf", line: 51, column: 5, endLine: 51, endColumn: 23, message: 'The ingester ring is kept in "etcd" (-ring.store)' }],
    },
    {
      name: "counted ingesters on memberlist: one finding for the flag they share",
      code: cortexModule([component("distributor"), component("ingester", { count: "var.ingester_count", flags: ["-ring.store", "memberlist"] })]),
      errors: [{ messageId: "otherStore", file: "cortex.tf", line: 38, column: 5 }],
    },
    {
      name: "configured store: a ring left to Cortex's default consul",
      options: { store: "etcd" },
      code: cortexModule([component("ingester", { content: null, flags: ["-ring.store=etcd"] }), component("querier", { content: null })]),
      errors: [{ messageId: "otherStore", file: "cortex.tf", line: 29, column: 13, message: 'The ingester ring is kept in "consul" (Cortex\'s default: docker_container.querier sets no -ring.store)' }],
    },
    {
      name: "JSON syntax (.tf.json); two single-binary instances do not share a ring in memory",
      code: { "main.tf.json": `{\n  "resource": {\n    "docker_container": {\n      "ingester": { "count": 2, "name": "i\${count.index}", "image": "cortexproject/cortex:v1.21.1", "command": ["-target=all", "-ring.store=inmemory"] }\n    }\n  }\n}\n` },
      errors: [{ messageId: "inMemory", file: "main.tf.json", line: 4, column: 128 }],
    },
  ],
});
