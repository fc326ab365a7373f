import { ruleTester } from "../testing/rule-tester.js";
import rule from "./unique-container-name.js";

const container = (label: string, name: string, extra = "") => `resource "docker_container" "${label}" {\n  name = ${name}\n${extra}}\n`;

ruleTester(rule, {
  valid: [
    { name: "different names", code: container("a", `"ring"`) + container("b", `"store"`) },
    { name: "same name in two modules is another test: one module here", code: container("a", `"\${var.cluster}-ring"`) + container("b", `"\${var.cluster}-store"`) },
    { name: "unknown names", code: container("a", `"\${var.x}"`) + container("b", `"\${var.x}"`) },
    { name: "count with count.index", code: container("a", `"ring-\${count.index}"`, "  count = 3\n") },
    { name: "count of one", code: container("a", `"ring"`, "  count = 1\n") },
    { name: "for_each with each.key", code: container("a", `"cortex-\${each.key}"`, '  for_each = { querier = 1, compactor = 2 }\n') },
    { name: "for_each over a set, each.value in the name", code: container("a", `"cortex-\${each.value}"`, '  for_each = toset(["querier", "compactor"])\n') },
    { name: "for_each not known before apply", code: container("a", `"ring"`, "  for_each = var.components\n") },
  ],
  invalid: [
    {
      name: "same literal name across files: the second is reported, naming the first",
      code: { "a.tf": container("ring", `"cortex-cluster-hash-ring"`), "b.tf": `\n${container("ring2", `"cortex-cluster-hash-ring"`)}` },
      errors: [{ messageId: "duplicate", file: "b.tf", line: 3, column: 10, endLine: 3, endColumn: 36, message: "like docker_container.ring (a.tf:2)" }],
    },
    {
      name: "same name after evaluating variables and templates",
      code: `variable "cluster" {\n  default = "cortex-cluster"\n}\n${container("a", `"\${var.cluster}-ring"`)}${container("b", `"cortex-cluster-ring"`)}`,
      errors: [{ messageId: "duplicate", line: 8, column: 10 }],
    },
    {
      name: "count above one without count.index",
      code: container("a", `"ring"`, "  count = 2\n"),
      errors: [{ messageId: "counted", line: 2, column: 10, message: "count = 2 creates 2 containers" }],
    },
    {
      name: "for_each without each.key: every instance has the same name",
      code: container("a", `"cortex"`, '  for_each = { querier = 1, compactor = 2 }\n'),
      errors: [{ messageId: "forEach", line: 2, column: 10, message: 'for_each creates 2 containers named "cortex" (docker_container.a["compactor"], docker_container.a["querier"])' }],
    },
    {
      name: "a counted instance named like another resource",
      code: container("a", `"ring-\${count.index}"`, "  count = 2\n") + container("b", `"ring-1"`),
      errors: [{ messageId: "duplicate", line: 6, column: 10, message: 'Container docker_container.b is named "ring-1", like docker_container.a[1] (main.tf:2)' }],
    },
    { name: "JSON syntax (.tf.json) beside HCL in one module", code: { "a.tf": container("a", `"ring"`), "b.tf.json": `{ "resource": { "docker_container": { "b": { "name": "ring" } } } }\n` }, errors: [{ messageId: "duplicate", file: "b.tf.json", line: 1, column: 54, message: "like docker_container.a (a.tf:2)" }] },
  ],
});
