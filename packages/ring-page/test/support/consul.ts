/**
 * A Consul server that can be stopped and started again on the same ports with its data kept: the outage a
 * page must live through. (ring-client's agents are -dev, in memory, and get new ports every start.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consulBinary } from "../../../ring-client/test/support/consul-agent.js";
import { freePort, start, waitFor, type Started } from "../../../ring-client/test/support/processes.js";

export interface RestartableConsul {
  address: string;
  token: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  destroy(): Promise<void>;
}

/**
 * Ports are found free and bound only later by Consul, so a test running beside this one can take one first;
 * the agent then exits with "address already in use", and starting again on new ports is the fix.
 */
export async function startRestartableConsul(token: string): Promise<RestartableConsul> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(token);
    } catch (error) {
      if (attempt === 3 || !(error as Error).message.includes("address already in use")) throw error;
    }
  }
}

async function startOnce(token: string): Promise<RestartableConsul> {
  const bin = await consulBinary();
  const dir = mkdtempSync(join(tmpdir(), "ring-page-consul-"));
  const [http, lan, wan, server] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const address = `http://127.0.0.1:${http}`;
  const args = [
    "agent", "-server", "-bootstrap-expect", "1", "-data-dir", join(dir, "data"), "-node", `ring-page-${http}`,
    "-bind", "127.0.0.1", "-client", "127.0.0.1", "-http-port", String(http), "-dns-port", "-1", "-grpc-port", "-1", "-grpc-tls-port", "-1",
    "-serf-lan-port", String(lan), "-serf-wan-port", String(wan), "-server-port", String(server), "-log-level", "warn",
    "-hcl", "performance { raft_multiplier = 1 }",
    "-hcl", `acl { enabled = true, default_policy = "deny", tokens { initial_management = "${token}" } }`,
  ];
  let proc: Started | null = null;
  const up = async (): Promise<void> => {
    proc = start(bin, args);
    const current = proc;
    await waitFor(
      `Consul on ${address} to elect itself leader`,
      async () => {
        if (current.child.exitCode !== null) throw new Error(`consul exited with ${current.child.exitCode}`);
        const res = await fetch(`${address}/v1/status/leader`, { signal: AbortSignal.timeout(2000) });
        return ((await res.json()) as string) ? true : undefined;
      },
      60_000,
      current.output,
    );
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
