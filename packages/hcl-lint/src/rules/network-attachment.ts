import { Reference } from "../module/evaluate.js";
import { defineRule, docsUrl } from "./rule.js";

/**
 * Containers join the cluster network through `networks_advanced`, naming it by reference: a reference is what
 * tells Terraform to create the network before the container. A hard-coded name races the network's creation
 * (or names a network that does not exist), and a container on the default bridge cannot resolve the others.
 */
export default defineRule({
  meta: {
    id: "network-attachment",
    type: "problem",
    severity: "error",
    docs: {
      description: "docker_container joins a network through networks_advanced, naming a docker_network of the same module by reference.",
      url: docsUrl("network-attachment"),
    },
    defaultOptions: {},
    messages: {
      none: "Container {{container}} joins no network through networks_advanced; it stays on the default bridge and cannot reach the ring",
      literal: 'networks_advanced names the network "{{name}}" by a literal string; reference docker_network.<name>.name so Terraform creates the network first',
      undeclared: "networks_advanced references {{reference}}, but no docker_network \"{{network}}\" is declared in this module",
      notNetwork: "networks_advanced.name references {{reference}}; reference a docker_network's name or id",
    },
  },
  create(context) {
    return {
      blocks: {
        "resource:docker_container": (container) => {
          if (container.hasDynamic("networks_advanced")) return;
          const networks = container.blocks("networks_advanced");
          if (networks.length === 0) {
            context.report({ file: container.file, span: container.header, messageId: "none", data: { container: container.address } });
            return;
          }
          for (const network of networks) {
            const name = network.attribute("name");
            if (!name) continue;
            const value = name.value();
            if (typeof value === "string") {
              context.report({ file: name.file, span: name.valueSpan, messageId: "literal", data: { name: value } });
            } else if (value instanceof Reference) {
              const reference = value.toString();
              if (value.type !== "docker_network" || !["name", "id"].includes(value.attribute ?? "")) {
                context.report({ file: name.file, span: name.valueSpan, messageId: "notNetwork", data: { reference } });
              } else if (!container.module.resource("docker_network", value.name)) {
                context.report({ file: name.file, span: name.valueSpan, messageId: "undeclared", data: { reference, network: value.name } });
              }
            }
          }
        },
      },
    };
  },
});
