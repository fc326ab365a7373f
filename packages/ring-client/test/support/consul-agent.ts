/** Real Consul agents on loopback for integration tests (the binary from tools/stack/consul.sh). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, provision, start, waitFor, type Started } from "./processes.js";

export interface ConsulAgent {
  /** http://127.0.0.1:<port> */
  address: string;
  /** host:port, as Cortex's -consul.hostname wants it. */
  hostPort: string;
  process: Started;
  stop(): Promise<void>;
}

export function consulBinary(): Promise<string> {
  return provision("tools/stack/consul.sh", process.env.CONSUL_BIN, "set CONSUL_BIN to a Consul binary, or install Go so tools/stack/consul.sh can build one");
}

export interface AgentOptions {
  /** ACLs on with default deny; this is the management token. */
  managementToken?: string;
  /** A server that waits for this many servers and so never elects a leader (for the HTTP 500 case). */
  leaderless?: boolean;
}

export async function startConsulAgent(options: AgentOptions = {}): Promise<ConsulAgent> {
  const bin = await consulBinary();
  const [http, serfLan, serfWan, server] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), "ring-client-consul-"));
  const common = ["-bind", "127.0.0.1", "-client", "127.0.0.1", "-http-port", String(http), "-dns-port", "-1", "-grpc-port", "-1", "-grpc-tls-port", "-1",
    "-serf-lan-port", String(serfLan), "-serf-wan-port", String(serfWan), "-server-port", String(server), "-node", `ring-client-${http}`, "-log-level", "warn"];
  const args = options.leaderless
    ? ["agent", "-server", "-bootstrap-expect", "3", "-data-dir", dataDir, ...common]
    : ["agent", "-dev", ...common];
  if (options.managementToken) {
    args.push("-hcl", `acl { enabled = true, default_policy = "deny", tokens { initial_management = "${options.managementToken}" } }`);
  }
  const proc = start(bin, args);
  const address = `http://127.0.0.1:${http}`;
  const agent: ConsulAgent = {
    address,
    hostPort: `127.0.0.1:${http}`,
    process: proc,
    async stop() {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor(
      options.leaderless ? "the Consul agent's HTTP API" : "a Consul leader",
      async () => {
        const res = await fetch(`${address}/v1/status/leader`);
        const leader = (await res.json()) as string;
        return options.leaderless || leader ? true : undefined;
      },
      30_000,
      proc.output,
    );
  } catch (error) {
    await agent.stop();
    throw error;
  }
  return agent;
}
