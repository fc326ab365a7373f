import type { Block } from "../module/model.js";
import { Reference, Unknown } from "../module/evaluate.js";
import { defineRule, docsUrl } from "./rule.js";

const SOURCE = "kreuzwerker/docker";
/** The current major of kreuzwerker/docker (v4, the plugin-framework rewrite; infra/ pins 4.6.0), from its newest known minor. */
const SUGGESTED_VERSION = "~> 4.6";

/**
 * Without `source`, Terraform looks for hashicorp/docker, which no longer exists; without a version constraint,
 * `init` takes whatever is newest, and kreuzwerker/docker v3 removed attributes the tutorial used (v4 rewrote the
 * provider). Declare both.
 */
export default defineRule({
  meta: {
    id: "required-provider",
    type: "suggestion",
    severity: "warning",
    docs: {
      description: "When docker resources are used, required_providers declares docker with source kreuzwerker/docker and a version constraint.",
      url: docsUrl("required-provider"),
    },
    defaultOptions: {},
    messages: {
      undeclared: `The module uses docker resources but required_providers does not declare docker; add docker = { source = "kreuzwerker/docker", version = "${SUGGESTED_VERSION}" }`,
      noSource: 'required_providers.docker has no source, so Terraform looks for hashicorp/docker; set source = "kreuzwerker/docker"',
      wrongSource: 'required_providers.docker has source "{{source}}"; the Docker provider is "kreuzwerker/docker"',
      noVersion: `required_providers.docker has no version constraint; pin one (e.g. version = "${SUGGESTED_VERSION}") so init does not pick up a breaking major`,
    },
  },
  create(context) {
    const { module } = context;
    return {
      done() {
        const usesDocker = module.blocks.some(
          (block) => ((block.type === "resource" || block.type === "data") && block.labels[0]?.startsWith("docker_") === true) || (block.type === "provider" && block.labels[0] === "docker"),
        );
        if (!usesDocker) return;
        const requirements = module.blocksOfType("terraform").flatMap((block) => block.blocks("required_providers"));
        const entry = requirements.map((block) => block.attribute("docker")).find((attribute) => attribute !== undefined);
        if (!entry) {
          const anchor: Block | undefined =
            requirements[0] ?? module.blocksOfType("terraform")[0] ?? module.blocks.find((block) => block.type === "provider" && block.labels[0] === "docker") ?? module.blocks.find((block) => block.labels[0]?.startsWith("docker_"));
          if (anchor) context.report({ file: anchor.file, span: anchor.header, messageId: "undeclared" });
          return;
        }
        const value = entry.value();
        const at = { file: entry.file, span: entry.span };
        // The pre-0.13 form `docker = "~> 2.0"` is a bare version: no source.
        if (typeof value === "string") {
          context.report({ ...at, messageId: "noSource" });
          return;
        }
        if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Unknown || value instanceof Reference) return;
        const requirement = value as Record<string, unknown>;
        const source = requirement.source;
        if (source === undefined) context.report({ ...at, messageId: "noSource" });
        else if (typeof source === "string" && source.toLowerCase().replace(/^registry\.terraform\.io\//, "") !== SOURCE) {
          context.report({ file: entry.file, span: entry.itemSpan("source") ?? entry.span, messageId: "wrongSource", data: { source } });
        }
        const version = requirement.version;
        if (version === undefined || (typeof version === "string" && version.trim() === "")) context.report({ ...at, messageId: "noVersion" });
      },
    };
  },
});
