import path from "node:path";
import type { Attribute } from "../module/model.js";
import { defineRule, docsUrl } from "./rule.js";

/**
 * Docker container names are unique per daemon: the second container with a name fails at apply time, after
 * the first was created. Also caught: `count` above 1 with a name that does not use count.index.
 */
export default defineRule({
  meta: {
    id: "unique-container-name",
    type: "problem",
    severity: "error",
    docs: { description: "No two docker_container resources of a module share a name.", url: docsUrl("unique-container-name") },
    defaultOptions: {},
    messages: {
      duplicate: 'Container {{container}} is named "{{name}}", like {{first}} ({{where}}); Docker refuses the second',
      counted: 'count = {{count}} creates {{count}} containers all named "{{name}}"; Docker refuses all but the first (use count.index in the name)',
    },
  },
  create(context) {
    const seen = new Map<string, Attribute>();
    return {
      blocks: {
        "resource:docker_container": (container) => {
          const name = container.attribute("name");
          const value = name?.value();
          if (!name || typeof value !== "string") return;
          const count = container.attribute("count")?.value();
          if (typeof count === "number" && count > 1) {
            context.report({ file: name.file, span: name.valueSpan, messageId: "counted", data: { count, name: value } });
          }
          const first = seen.get(value);
          if (!first) {
            seen.set(value, name);
            return;
          }
          const where = `${path.basename(first.file.path)}:${first.valueSpan.line}`;
          context.report({ file: name.file, span: name.valueSpan, messageId: "duplicate", data: { container: container.address, name: value, first: first.block.address, where } });
        },
      },
    };
  },
});
