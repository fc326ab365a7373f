import { Command, InvalidArgumentError, Option } from "commander";
import { connectConsul } from "../consul.js";
import { createContext, type Runtime } from "../context.js";
import { CliError, InterruptedError } from "../errors.js";
import type { MetricsEndpoint } from "../metrics/server.js";
import { quorumOptions, withQuorumOptions, type QuorumFlags } from "../quorum-options.js";
import { withHeartbeatTimeout, type HeartbeatFlags } from "../ring-options.js";

interface MetricsFlags extends HeartbeatFlags, QuorumFlags {
  listen: { host: string; port: number };
  prefix?: string[];
}

/** host:port; an IPv6 host in brackets; port 0 picks a free one. */
function listenAddress(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(value);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new InvalidArgumentError("expected host:port, e.g. 127.0.0.1:9105");
  return { host: match[1] ?? match[2] ?? "", port };
}

export function ringMetricsCommand(runtime: Runtime): Command {
  return withQuorumOptions(withHeartbeatTimeout(new Command("metrics")))
    .description("serve Prometheus metrics about the rings (members, quorum, value size, last update) until Ctrl-C")
    .addOption(new Option("--listen <host:port>", "where to serve /metrics (port 0: any free port)").argParser(listenAddress).default({ host: "127.0.0.1", port: 9105 }, "127.0.0.1:9105"))
    .addOption(new Option("--prefix <prefix>", "discover rings under this prefix (repeatable; default collectors/, rulers/, alertmanagers/)").argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]))
    .addHelpText(
      "after",
      `
Every scrape reads the rings from Consul and judges the ingester ring (--ingester-ring) as the distributor would.
cortexring_consul_up is 0 when Consul could not be read (the scrape still answers). Alerting rules for these
metrics: apps/cli/alerts/cortex-ring.rules.yml.

Exit codes: 130 after Ctrl-C (the normal end), 1 the address cannot be bound, 2 usage.`,
    )
    .action(async (options: MetricsFlags, command: Command) => {
      const ctx = createContext(command, runtime);
      using client = await connectConsul(ctx, { heartbeatTimeoutMs: options.heartbeatTimeout, zoneAwareness: Boolean(options.zoneAwareness) });
      // prom-client and the verdict load only for this command.
      const [{ RingMetrics }, { serveMetrics }, ringClient] = await Promise.all([import("../metrics/ring-metrics.js"), import("../metrics/server.js"), import("@cortex-ring/ring-client")]);
      const metrics = new RingMetrics(
        { read: () => client.discoverSnapshots(options.prefix) },
        { ingesterRing: options.ingesterRing, quorum: quorumOptions(options, ringClient.parseWithout), onError: (error) => ctx.log(`scrape failed: ${error.message}`) },
      );
      let endpoint: MetricsEndpoint;
      try {
        endpoint = await serveMetrics(() => metrics.scrape(), metrics.registry.contentType, options.listen.host, options.listen.port);
      } catch (error) {
        throw new CliError(`cannot serve metrics on ${options.listen.host}:${options.listen.port}: ${(error as Error).message}`);
      }
      ctx.log(`serving ring metrics on ${endpoint.url} (Consul ${client.address}); Ctrl-C stops`);
      const stopGraceful = runtime.interrupts.handleGracefully();
      const { signal } = runtime.interrupts;
      try {
        if (!signal.aborted) await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      } finally {
        stopGraceful();
        await endpoint.close();
      }
      throw new InterruptedError(`stopped serving metrics on ${endpoint.url}`);
    });
}
