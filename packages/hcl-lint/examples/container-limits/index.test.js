// @ts-check
// The plugin's own case tables, with the RuleTester hcl-lint exports for plugin authors.
import { ruleTester } from "@cortex-ring/hcl-lint/testing";
import plugin from "./index.js";

/** @param {string} body */
const container = (body) => `resource "docker_container" "ring" {\n  image = "hashicorp/consul:1.14.11"\n${body}}\n`;
const team = `  labels {\n    label = "team"\n    value = "ring"\n  }\n`;

ruleTester(plugin.rules["memory-limit"], {
  valid: [
    { name: "within the default 4096 MB", code: container(`  memory = 512\n`) },
    { name: "from a variable's default", code: `variable "mb" {\n  default = 1024\n}\n${container(`  memory = var.mb\n`)}` },
    { name: "unknown (no default): not judged", code: `variable "mb" {}\n${container(`  memory = var.mb\n`)}` },
    { name: "a higher limit allowed by options", code: container(`  memory = 8192\n`), options: { maxMb: 16384 } },
  ],
  invalid: [
    { name: "missing: at the container's header", code: container(""), errors: [{ messageId: "missing", line: 1, column: 1, endLine: 1, endColumn: 35 }] },
    { name: "too high: at the value", code: container(`  memory = 8192\n`), errors: [{ messageId: "tooHigh", line: 3, column: 12, message: "may use 8192 MB; the limit here is 4096 MB" }] },
    { name: "a lower limit from options", code: container(`  memory = 512\n`), options: { maxMb: 256 }, errors: [{ messageId: "tooHigh", line: 3, column: 12 }] },
    {
      name: "JSON syntax (.tf.json)",
      code: { "main.tf.json": `{ "resource": { "docker_container": { "ring": { "image": "x", "memory": 9000 } } } }\n` },
      errors: [{ messageId: "tooHigh", file: "main.tf.json", line: 1, column: 73 }],
    },
  ],
});

ruleTester(plugin.rules["required-labels"], {
  valid: [
    { name: "labelled", code: container(team) },
    { name: "labels from a dynamic block are not judged", code: container(`  dynamic "labels" {\n    for_each = var.labels\n    content {\n      label = labels.key\n      value = labels.value\n    }\n  }\n`) },
  ],
  invalid: [
    { name: "no labels at all", code: container(""), errors: [{ messageId: "missing", line: 1, column: 1, message: 'has no label team; add labels { label = "team"' }] },
    { name: "one of two required labels", code: container(team), options: { labels: ["team", "tier"] }, errors: [{ messageId: "missing", line: 1, column: 1, message: "has no label tier" }] },
  ],
});
