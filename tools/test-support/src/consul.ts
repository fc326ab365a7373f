/**
 * Real Consul agents on loopback for integration tests (the binary from tools/stack/consul.sh): dev agents, ACL
 * and TLS agents, a leaderless server, a cluster of servers, and one server that stops and starts again on the
 * same ports with its data kept.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort, provision, start, waitFor, type Started } from "./processes.js";

export interface ConsulAgent {
  /** http://127.0.0.1:<port> */
  address: string;
  /** host:port, as Cortex's -consul.hostname wants it. */
  hostPort: string;
  /** https://127.0.0.1:<port>, when started with `tls`. */
  httpsAddress?: string;
  /** The PEM files `consul tls` made for it, when started with `tls`. */
  tls?: TlsFiles;
  process: Started;
  stop(): Promise<void>;
}

export interface TlsFiles {
  ca: string;
  clientCert: string;
  clientKey: string;
}

export function consulBinary(): Promise<string> {
  return provision("tools/stack/consul.sh", process.env.CONSUL_BIN, "set CONSUL_BIN to a Consul binary, or install Go so tools/stack/consul.sh can build one");
}

export interface AgentOptions {
  /** ACLs on with default deny; this is the management token. */
  managementToken?: string;
  /** A server that waits for this many servers and so never elects a leader (for the HTTP 500 case). */
  leaderless?: boolean;
  /** Also serve HTTPS with a CA and certificates made by `consul tls`; `verifyIncoming` demands a client certificate. */
  tls?: { verifyIncoming: boolean };
  /** Keep Prometheus metrics, so a test can count what the servers did (/v1/agent/metrics?format=prometheus). */
  metrics?: boolean;
}

const run = promisify(execFile);

/** ACLs on, default deny, with `token` as the initial management token. */
const aclConfig = (token: string): string[] => ["-hcl", `acl { enabled = true, default_policy = "deny", tokens { initial_management = "${token}" } }`];

/** Elections at the fastest Raft timing, so losing (or regaining) quorum shows within seconds. */
const FAST_RAFT = ["-hcl", "performance { raft_multiplier = 1 }"];

interface LoopbackPorts {
  http: number;
  serfLan: number;
  serfWan: number;
  server: number;
}

async function loopbackPorts(): Promise<LoopbackPorts> {
  return { http: await freePort(), serfLan: await freePort(), serfWan: await freePort(), server: await freePort() };
}

/** An agent on 127.0.0.1 only, on its own ports (no DNS, no gRPC), named `node`. */
function loopbackArgs(ports: LoopbackPorts, node: string): string[] {
  return ["-bind", "127.0.0.1", "-client", "127.0.0.1", "-http-port", String(ports.http), "-dns-port", "-1", "-grpc-port", "-1", "-grpc-tls-port", "-1",
    "-serf-lan-port", String(ports.serfLan), "-serf-wan-port", String(ports.serfWan), "-server-port", String(ports.server), "-node", node, "-log-level", "warn"];
}

/** A CA, a server certificate (valid for 127.0.0.1 and localhost) and a client certificate, as an operator makes them. */
async function makeCertificates(bin: string, dir: string): Promise<TlsFiles & { serverCert: string; serverKey: string }> {
  for (const args of [["tls", "ca", "create"], ["tls", "cert", "create", "-server"], ["tls", "cert", "create", "-client"]]) await run(bin, args, { cwd: dir });
  return {
    ca: join(dir, "consul-agent-ca.pem"),
    serverCert: join(dir, "dc1-server-consul-0.pem"),
    serverKey: join(dir, "dc1-server-consul-0-key.pem"),
    clientCert: join(dir, "dc1-client-consul-0.pem"),
    clientKey: join(dir, "dc1-client-consul-0-key.pem"),
  };
}

interface Launch {
  bin: string;
  dir: string;
  /** Arguments besides the loopback ports. */
  args: string[];
  https?: number;
}

interface Launched extends ConsulAgent {
  serfLan: number;
  /** Unique, so readiness checks can tell this agent from another one that got the port first. */
  node: string;
}

async function launch({ bin, dir, args, https }: Launch): Promise<Launched> {
  const ports = await loopbackPorts();
  const node = `test-consul-${ports.http}-${randomBytes(4).toString("hex")}`;
  const proc = start(bin, [...args, ...loopbackArgs(ports, node)]);
  return {
    node,
    address: `http://127.0.0.1:${ports.http}`,
    hostPort: `127.0.0.1:${ports.http}`,
    ...(https ? { httpsAddress: `https://127.0.0.1:${https}` } : {}),
    process: proc,
    serfLan: ports.serfLan,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What readiness needs to know of an agent: where it answers, its node name, and its process. */
type Probe = Pick<Launched, "address" | "node" | "process">;

const exited = (a: Probe): boolean => a.process.child.exitCode !== null || a.process.child.signalCode !== null;

/**
 * Waits until every agent answers over plain HTTP as itself and (unless `leaderless`) knows a leader; throws on
 * failure, naming each one's state and showing its log.
 */
async function ready(agents: Probe[], { leaderless = false, token, timeoutMs = 30_000 }: { leaderless?: boolean | undefined; token?: string | undefined; timeoutMs?: number } = {}): Promise<void> {
  const output = () => agents.map((a) => `[${a.address}${exited(a) ? ", exited" : ""}]\n${a.process.output().trimEnd().split("\n").slice(-12).join("\n")}`).join("\n");
  const outcome = await waitFor(
    leaderless ? "the Consul agent's HTTP API" : "a Consul leader",
    async () => {
      if (agents.some(exited)) return "exited";
      for (const agent of agents) {
        const get = async (path: string) => (await fetch(`${agent.address}/v1/${path}`, { signal: AbortSignal.timeout(2_000), headers: token ? { "X-Consul-Token": token } : {} })).json();
        if (((await get("agent/self")) as { Config?: { NodeName?: string } }).Config?.NodeName !== agent.node) return undefined;
        if (!leaderless && !((await get("status/leader")) as string)) return undefined;
      }
      return "ready";
    },
    timeoutMs,
    output,
  );
  if (outcome === "exited") throw new Error(`a Consul agent exited while starting\n--- output ---\n${output()}`);
}

/** {@link ready}, stopping every agent when they are not. */
async function readyOrStopped(agents: Launched[], options: Parameters<typeof ready>[1]): Promise<void> {
  try {
    await ready(agents, options);
  } catch (error) {
    await Promise.all(agents.map((a) => a.stop()));
    throw error;
  }
}

/**
 * Ports are found free and bound only later by Consul, so a test running in parallel can take one first; the
 * agent then exits with "address already in use", and starting again on new ports is the fix.
 */
async function retryPortClash<T>(startOnce: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce();
    } catch (error) {
      if (attempt === 3 || !(error as Error).message.includes("address already in use")) throw error;
    }
  }
}

export function startConsulAgent(options: AgentOptions = {}): Promise<ConsulAgent> {
  return retryPortClash(() => startAgentOnce(options));
}

async function startAgentOnce(options: AgentOptions): Promise<ConsulAgent> {
  const bin = await consulBinary();
  const dir = mkdtempSync(join(tmpdir(), "test-consul-"));
  const args = options.leaderless ? ["agent", "-server", "-bootstrap-expect", "3", "-data-dir", join(dir, "data")] : ["agent", "-dev"];
  if (options.managementToken) args.push(...aclConfig(options.managementToken));
  if (options.metrics) args.push("-hcl", `telemetry { prometheus_retention_time = "1h", disable_hostname = true }`);
  let https: number | undefined;
  let files: TlsFiles | undefined;
  if (options.tls) {
    const made = await makeCertificates(bin, dir);
    https = await freePort();
    files = { ca: made.ca, clientCert: made.clientCert, clientKey: made.clientKey };
    // Consul >= 1.12 layout: `tls.defaults` for every listener, `tls.https` for the HTTPS API.
    args.push("-hcl", `ports { https = ${https} }
tls {
  defaults { ca_file = ${JSON.stringify(made.ca)}, cert_file = ${JSON.stringify(made.serverCert)}, key_file = ${JSON.stringify(made.serverKey)} }
  https { verify_incoming = ${String(options.tls.verifyIncoming)} }
}`);
  }
  const agent = { ...(await launch({ bin, dir, args, ...(https ? { https } : {}) })), ...(files ? { tls: files } : {}) };
  await readyOrStopped([agent], { leaderless: options.leaderless, token: options.managementToken });
  return agent;
}

/** Several agents at once; when one fails to start, the others are stopped too, so none outlives the tests. */
export async function startConsulAgents<T extends AgentOptions[]>(...options: T): Promise<{ [K in keyof T]: ConsulAgent }> {
  const results = await Promise.allSettled(options.map((o) => startConsulAgent(o)));
  const failed = results.find((r) => r.status === "rejected");
  if (failed) {
    await Promise.all(results.flatMap((r) => (r.status === "fulfilled" ? [r.value.stop()] : [])));
    throw failed.reason;
  }
  return results.map((r) => (r as PromiseFulfilledResult<ConsulAgent>).value) as { [K in keyof T]: ConsulAgent };
}

/** `count` servers forming one cluster (a leader elected, ready for writes), at the fastest Raft timing. */
export function startConsulServers(count: number): Promise<ConsulAgent[]> {
  return retryPortClash(() => startServersOnce(count));
}

async function startServersOnce(count: number): Promise<ConsulAgent[]> {
  const bin = await consulBinary();
  const servers: Launched[] = [];
  for (let i = 0; i < count; i++) {
    const dir = mkdtempSync(join(tmpdir(), "test-consul-"));
    // -retry-join, not -join: the first server may not listen yet, and a failed -join ends the agent.
    const joinFirst = servers[0] ? ["-retry-join", `127.0.0.1:${servers[0].serfLan}`, "-retry-interval", "500ms"] : [];
    const args = ["agent", "-server", "-bootstrap-expect", String(count), "-data-dir", join(dir, "data"), ...FAST_RAFT, ...joinFirst];
    servers.push(await launch({ bin, dir, args }));
  }
  await readyOrStopped(servers, {});
  return servers;
}

/** A Consul server with ACLs that can be stopped and started again on the same ports, its data kept. */
export interface RestartableConsul {
  address: string;
  /** Its management token. */
  token: string;
  stop(): Promise<void>;
  /** Starts it again (same ports, same data) and waits for it to lead again. */
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  destroy(): Promise<void>;
}

/**
 * The outage a long-running reader must live through: one server (elected leader of itself, ACLs on with `token`
 * as management token) whose process stops and starts again as the same agent. (The other agents are -dev, in
 * memory, and get new ports every start.)
 */
export function startRestartableConsul(token: string): Promise<RestartableConsul> {
  return retryPortClash(() => startRestartableOnce(token));
}

async function startRestartableOnce(token: string): Promise<RestartableConsul> {
  const bin = await consulBinary();
  const dir = mkdtempSync(join(tmpdir(), "test-consul-"));
  const ports = await loopbackPorts();
  const node = `test-consul-${ports.http}-${randomBytes(4).toString("hex")}`;
  const address = `http://127.0.0.1:${ports.http}`;
  const args = ["agent", "-server", "-bootstrap-expect", "1", "-data-dir", join(dir, "data"), ...loopbackArgs(ports, node), ...FAST_RAFT, ...aclConfig(token)];
  let proc: Started | null = null;
  const up = async (): Promise<void> => {
    proc = start(bin, args);
    // A restart on a loaded machine can take a while to elect itself again.
    await ready([{ address, node, process: proc }], { token, timeoutMs: 60_000 });
  };
  try {
    await up();
  } catch (error) {
    await (proc as Started | null)?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    address,
    token,
    stop: async () => {
      await proc?.stop();
      proc = null;
    },
    start: up,
    destroy: async () => {
      await proc?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** PUTs `value` at `key` as a ring writer does (the HTTP API, bytes as they are); throws unless Consul answered `true`. */
export async function putRaw(agent: Pick<ConsulAgent, "address">, key: string, value: Uint8Array, token?: string): Promise<void> {
  const response = await fetch(`${agent.address}/v1/kv/${key}`, { method: "PUT", body: new Uint8Array(value), headers: token ? { "X-Consul-Token": token } : {}, signal: AbortSignal.timeout(10_000) });
  const answer = (await response.text()).trim();
  if (answer !== "true") throw new Error(`Consul at ${agent.address} did not store ${key} (HTTP ${response.status}: ${answer})`);
}
