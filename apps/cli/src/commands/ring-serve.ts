import { Command, InvalidArgumentError, Option } from "commander";
import { connectConsul, resolveConsul } from "../consul.js";
import { createContext, type Runtime } from "../context.js";
import { CliError, InterruptedError, UsageError } from "../errors.js";
import { quorumOptions, withQuorumOptions, type QuorumFlags } from "../quorum-options.js";
import { withHeartbeatTimeout } from "../ring-options.js";

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) throw new InvalidArgumentError("expected a port number, 0 to 65535 (0 = any free port)");
  return n;
}

const repeatable = (value: string, previous: string[] = []): string[] => [...previous, value];

interface ServeFlags extends QuorumFlags {
  host?: string;
  port: number;
  key?: string[];
  prefix?: string[];
}

export function ringServeCommand(runtime: Runtime): Command {
  return withQuorumOptions(withHeartbeatTimeout(new Command("serve")))
    .description("serve a live web page of every ring (or --key): tables, a picture of each ring, Forget for unhealthy instances")
    .option("--host <address>", "interface to listen on (default 127.0.0.1; anything but loopback lets others forget ring members)")
    .addOption(new Option("--port <port>", "port to listen on (0 = any free port)").argParser(port).default(9797))
    .addOption(new Option("--key <key>", "show this ring only (repeatable)").argParser(repeatable))
    .addOption(new Option("--prefix <prefix>", "discover rings under this prefix (repeatable; default collectors/, rulers/, alertmanagers/)").argParser(repeatable).conflicts("key"))
    .addHelpText(
      "after",
      "\nPrints the page's URL on stdout (--json: {url, consul}) and serves until Ctrl-C (exit 130)." +
        "\nThe rings as JSON, as `ring status --json` prints them (value size, the ingester ring's verdict): <url>api/rings (?key=<ring key> for one)." +
        "\nExit codes: 130 after Ctrl-C (the normal end), 1 cannot listen or Consul error, 2 usage.",
    )
    .action(async (options: ServeFlags, command: Command) => {
      const ctx = createContext(command, runtime);
      const zoneAwareness = Boolean(options.zoneAwareness);
      const consul = await resolveConsul(ctx);
      // The page's Forget writes the ring: the cluster's ring-operator token, not only the reader.
      using client = await connectConsul(ctx, { heartbeatTimeoutMs: options.heartbeatTimeout, includeTokens: true, zoneAwareness, role: "ring-operator" }, consul);
      const { createRingServer, RemoteBindError } = await import("@cortex-ring/ring-page");
      const { parseWithout } = await import("@cortex-ring/ring-client");
      let server: Awaited<ReturnType<typeof createRingServer>>;
      try {
        server = await createRingServer({
          source: client,
          host: options.host ?? "127.0.0.1",
          port: options.port,
          // Only an explicit --host may leave loopback; nothing in the environment can.
          allowRemote: options.host !== undefined,
          ...(options.key ? { keys: options.key } : {}),
          ...(options.prefix ? { prefixes: options.prefix } : {}),
          heartbeatTimeoutMs: options.heartbeatTimeout,
          zoneAwareness,
          // /api/rings judges the ingester ring as `ring status --json` does, with the same flags.
          status: { ingesterRing: options.ingesterRing, quorum: quorumOptions(options, parseWithout) },
          log: (line) => ctx.log(line),
        });
      } catch (error) {
        if (error instanceof RemoteBindError) throw new UsageError(error.message);
        const code = (error as { code?: string }).code;
        const where = `${options.host ?? "127.0.0.1"}:${options.port}`;
        if (code === "EADDRINUSE") throw new CliError(`cannot serve on ${where}: the port is in use; pass --port <n> (0 = any free port)`);
        if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") throw new CliError(`cannot serve on ${where}: no such local address`);
        if (code === "EACCES") throw new CliError(`cannot serve on ${where}: permission denied (ports below 1024 need root)`);
        throw error;
      }
      if (!server.loopback) {
        ctx.log(ctx.colors.yellow(`warning: serving on ${server.host}, not loopback: anyone who can reach ${server.url} can read the rings and forget unhealthy instances`));
      }
      ctx.out(ctx.json ? JSON.stringify({ url: server.url, consul: client.address }) : server.url);
      ctx.log(`serving the ring page for Consul ${client.address} (${consul.source}); Ctrl-C to stop`);
      const signal = runtime.interrupts.signal;
      const stopGraceful = runtime.interrupts.handleGracefully();
      try {
        if (!signal.aborted) await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        await server.close();
      } finally {
        stopGraceful();
      }
      throw new InterruptedError("stopped serving the ring page");
    });
}
