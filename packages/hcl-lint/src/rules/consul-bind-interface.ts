import { Unknown } from "../module/evaluate.js";
import { containerImage, isConsulImage } from "./docker-image.js";
import { defineRule, docsUrl } from "./rule.js";

const ENV = "CONSUL_BIND_INTERFACE";

/**
 * A Consul container must bind to the interface the other Cortex components reach it on. The official image
 * turns CONSUL_BIND_INTERFACE into `-bind=<that interface's IPv4>`; without it Consul picks an address itself and
 * the ring never forms. With `networks_advanced`, eth0 is the first listed network.
 */
export default defineRule({
  meta: {
    id: "consul-bind-interface",
    type: "problem",
    severity: "error",
    docs: { description: "Consul containers set CONSUL_BIND_INTERFACE to the cluster network's interface (default eth0).", url: docsUrl("consul-bind-interface") },
    schema: { type: "object", properties: { interface: { type: "string", description: "Interface Consul must bind to." } } },
    defaultOptions: { interface: "eth0" },
    messages: {
      missing: "Consul container {{container}} does not set {{env}}={{interface}} in env; Consul binds to an address of its own choosing and the ring never forms",
      wrong: "Consul container {{container}} sets {{env}}={{actual}}; the cluster network is {{interface}}",
    },
  },
  create(context) {
    const expected = context.options.interface;
    return {
      blocks: {
        "resource:docker_container": (container) => {
          const { name } = containerImage(container);
          if (name === undefined || !isConsulImage(name)) return;
          // An explicit -bind in the command does the same job.
          const command = container.attribute("command")?.value();
          if (Array.isArray(command) && command.some((arg) => typeof arg === "string" && /^-?-bind(=|$)/.test(arg))) return;
          const env = container.attribute("env");
          const data = { container: container.address, env: ENV, interface: expected };
          if (!env) {
            context.report({ file: container.file, span: container.header, messageId: "missing", data });
            return;
          }
          const entries = env.value();
          if (!Array.isArray(entries)) return;
          let unknown = false;
          for (const [i, entry] of entries.entries()) {
            if (typeof entry !== "string") {
              unknown ||= entry instanceof Unknown || typeof entry === "object";
              continue;
            }
            if (!entry.startsWith(`${ENV}=`)) continue;
            const actual = entry.slice(ENV.length + 1);
            if (actual !== expected) context.report({ file: container.file, span: env.elementSpan(i), messageId: "wrong", data: { ...data, actual } });
            return;
          }
          if (!unknown) context.report({ file: container.file, span: container.header, messageId: "missing", data });
        },
      },
    };
  },
});
