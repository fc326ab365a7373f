import path from "node:path";
import { Unknown } from "../module/evaluate.js";
import { expressionsOf } from "../module/expressions.js";
import { instancesOf } from "../module/instances.js";
import type { Attribute } from "../module/model.js";
import { termString } from "../module/terms.js";
import { defineRule, docsUrl } from "./rule.js";

/**
 * Docker container names are unique per daemon: the second container with a name fails at apply time, after
 * the first was created. Names are compared per instance (count, for_each), so also caught: instances of one
 * block that share a name (count or for_each without count.index or each.key in the name).
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
      forEach: 'for_each creates {{count}} containers named "{{name}}" ({{instances}}); Docker refuses all but the first (use each.key in the name)',
    },
  },
  create(context) {
    const seen = new Map<string, { name: Attribute; address: string }>();
    return {
      blocks: {
        "resource:docker_container": (container) => {
          const name = container.attribute("name");
          const instances = instancesOf(container);
          if (!name || instances instanceof Unknown) return;
          const expressions = expressionsOf(container.module);
          const byName = new Map<string, string[]>();
          for (const instance of instances) {
            const value = termString(expressions.attribute(name, instance.bindings));
            if (value !== undefined) byName.set(value, [...(byName.get(value) ?? []), instance.address]);
          }
          for (const [value, addresses] of byName) {
            const first = seen.get(value);
            if (first) {
              const where = `${path.basename(first.name.file.path)}:${first.name.valueSpan.line}`;
              context.report({ file: name.file, span: name.valueSpan, messageId: "duplicate", data: { container: addresses[0] ?? container.address, name: value, first: first.address, where } });
            } else {
              seen.set(value, { name, address: addresses[0] ?? container.address });
            }
            if (addresses.length < 2) continue;
            const data = { count: addresses.length, name: value };
            if (container.attribute("count")) context.report({ file: name.file, span: name.valueSpan, messageId: "counted", data });
            else context.report({ file: name.file, span: name.valueSpan, messageId: "forEach", data: { ...data, instances: addresses.join(", ") } });
          }
        },
      },
    };
  },
});
