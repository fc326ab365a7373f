// @ts-check
/**
 * An hcl-lint plugin, as a team would write one: its own rules for its own Terraform, in ESLint's plugin shape,
 * written with hcl-lint's `defineRule` (so message ids and options are type-checked, here through JSDoc).
 * Name it in .hcl-lint.json:  { "plugins": { "limits": "./path/to/index.js" }, "rules": { "limits/memory-limit": "error" } }
 */
import { defineRule } from "@cortex-ring/hcl-lint";

const docs = new URL("./README.md", import.meta.url).href;

/** Every container sets `memory` (MB), at most `maxMb`: one runaway container must not starve the ring. */
const memoryLimit = defineRule({
  meta: {
    id: "memory-limit",
    type: "problem",
    severity: "error",
    docs: { description: "Every docker_container sets memory (MB), at most maxMb.", url: `${docs}#memory-limit` },
    schema: { type: "object", properties: { maxMb: { type: "integer", description: "The largest memory limit allowed, in MB." } } },
    defaultOptions: { maxMb: 4096 },
    messages: {
      missing: "Container {{container}} sets no memory limit; set memory = <MB> (at most {{max}})",
      tooHigh: "Container {{container}} may use {{memory}} MB; the limit here is {{max}} MB",
    },
  },
  create(context) {
    const max = context.options.maxMb;
    return {
      blocks: {
        "resource:docker_container": (container) => {
          const memory = container.attribute("memory");
          if (!memory) {
            context.report({ file: container.file, span: container.header, messageId: "missing", data: { container: container.address, max } });
            return;
          }
          const value = memory.value();
          // Unknown values (variables without defaults, functions) are never reported.
          if (typeof value === "number" && value > max) {
            context.report({ file: memory.file, span: memory.valueSpan, messageId: "tooHigh", data: { container: container.address, memory: value, max } });
          }
        },
      },
    };
  },
});

/** Every container carries the labels the team's tooling selects on (`labels { label = "team" … }` blocks). */
const requiredLabels = defineRule({
  meta: {
    id: "required-labels",
    type: "suggestion",
    severity: "warning",
    docs: { description: "Every docker_container carries the required labels.", url: `${docs}#required-labels` },
    schema: { type: "object", properties: { labels: { type: "array", items: { type: "string" }, description: "Label names every container must carry." } } },
    defaultOptions: { labels: ["team"] },
    messages: { missing: "Container {{container}} has no label {{label}}; add labels { label = \"{{label}}\" value = \"…\" }" },
  },
  create(context) {
    return {
      blocks: {
        "resource:docker_container": (container) => {
          // Labels made by a dynamic block are only known at plan time.
          if (container.hasDynamic("labels")) return;
          const present = new Set(container.blocks("labels").map((label) => label.attribute("label")?.value()));
          for (const label of context.options.labels) {
            if (!present.has(label)) context.report({ file: container.file, span: container.header, messageId: "missing", data: { container: container.address, label } });
          }
        },
      },
    };
  },
});

export default {
  meta: { name: "hcl-lint-plugin-container-limits", version: "1.0.0" },
  rules: { "memory-limit": memoryLimit, "required-labels": requiredLabels },
};
