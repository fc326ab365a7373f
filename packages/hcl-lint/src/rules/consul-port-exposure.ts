import type { Block } from "../module/model.js";
import { runsConsul } from "./docker-image.js";
import { defineRule, docsUrl } from "./rule.js";

const ALL_INTERFACES = new Set(["0.0.0.0", "::", "[::]", ""]);

/**
 * The Consul image's default command is `agent -dev -client 0.0.0.0` with ACLs off: whoever reaches the HTTP API
 * can rewrite or delete the ring. Docker publishes a port on every host interface unless `ip` says otherwise.
 * When ACLs could be configured where the linter cannot see (a mounted config, -config-file/-hcl arguments), the
 * container is not reported.
 */
export default defineRule({
  meta: {
    id: "consul-port-exposure",
    type: "problem",
    severity: "error",
    docs: {
      description: "A Consul container publishes its HTTP API on all host interfaces only when ACLs are enabled with default_policy deny.",
      url: docsUrl("consul-port-exposure"),
    },
    schema: { type: "object", properties: { ports: { type: "array", items: { type: "integer" }, description: "Consul ports that must not be published on every interface." } } },
    defaultOptions: { ports: [8500, 8501] },
    messages: {
      exposed:
        "Consul's API (port {{port}}) is published on all host interfaces without ACLs; anyone who reaches this host can rewrite the ring. Set ip = \"127.0.0.1\" or enable ACLs",
    },
  },
  create(context) {
    const guarded = new Set(context.options.ports);
    return {
      blocks: {
        "resource:docker_container": (container) => {
          if (!runsConsul(container) || aclsMayBeOn(container)) return;
          for (const ports of container.blocks("ports")) {
            const internal = ports.attribute("internal")?.value();
            if (typeof internal !== "number" || !guarded.has(internal)) continue;
            const ip = ports.attribute("ip");
            const address = ip ? ip.value() : "0.0.0.0";
            if (typeof address !== "string" || !ALL_INTERFACES.has(address)) continue;
            context.report({ file: ports.file, span: ip ? ip.valueSpan : ports.header, messageId: "exposed", data: { port: internal } });
          }
        },
      },
    };
  },
});

/** ACLs on (or possibly on, where config is out of sight) for this container. */
function aclsMayBeOn(container: Block): boolean {
  if (["volumes", "upload", "mounts"].some((name) => container.sets(name))) return true;
  const command = container.attribute("command")?.value();
  if (command !== undefined && !Array.isArray(command)) return true;
  if (Array.isArray(command) && command.some((arg) => typeof arg !== "string" || /^-?-(config-file|config-dir|hcl)\b/.test(arg))) return true;
  const env = container.attribute("env")?.value();
  if (env === undefined) return false;
  if (!Array.isArray(env) || env.some((entry) => typeof entry !== "string")) return true;
  const local = (env as unknown[]).find((entry): entry is string => typeof entry === "string" && entry.startsWith("CONSUL_LOCAL_CONFIG="));
  if (!local) return false;
  try {
    const config = JSON.parse(local.slice("CONSUL_LOCAL_CONFIG=".length)) as { acl?: { enabled?: boolean; default_policy?: string } };
    return config.acl?.enabled === true && config.acl.default_policy === "deny";
  } catch {
    return true;
  }
}

