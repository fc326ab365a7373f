/**
 * Real Cortex processes on loopback (tools/cortex/cortex.sh builds the binary from the Go module proxy once per
 * version): ingesters and a distributor registering in a Consul ring, and the distributor's /ring status page.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, provision, start, waitFor, type Started } from "./processes.js";

/** $CORTEX_BIN, else the binary tools/cortex/cortex.sh provides (building it when cold: minutes, once). */
export function cortexBinary(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return provision("tools/cortex/cortex.sh", env.CORTEX_BIN, "set CORTEX_BIN to a Cortex binary, or install Go >= 1.25 so tools/cortex/cortex.sh can build one (several minutes, once)", { ...process.env, ...env });
}

export interface CortexProcess {
  id: string;
  httpPort: number;
  grpcPort: number;
  process: Started;
  /** SIGKILL leaves the instance in the ring with a heartbeat that stops: what a crash looks like. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface CortexOptions {
  /** The ring's Consul, host:port. */
  consulHostPort: string;
  /** Cortex's ACL token for that Consul (`-consul.acl-token`), when it has ACLs on. */
  aclToken?: string;
  id: string;
  zone?: string;
  heartbeatPeriod?: string;
  tokens?: number;
}

function ringFlags(options: CortexOptions): string[] {
  return ["-ring.store=consul", `-consul.hostname=${options.consulHostPort}`, ...(options.aclToken ? [`-consul.acl-token=${options.aclToken}`] : []), "-log.level=warn"];
}

async function launch(options: CortexOptions, flags: (dir: string, http: number, grpc: number) => string[]): Promise<CortexProcess> {
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), `test-cortex-${options.id}-`));
  const proc = start(await cortexBinary(), [
    `-server.http-listen-address=127.0.0.1`,
    `-server.http-listen-port=${httpPort}`,
    `-server.grpc-listen-address=127.0.0.1`,
    `-server.grpc-listen-port=${grpcPort}`,
    ...ringFlags(options),
    ...flags(dir, httpPort, grpcPort),
  ]);
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  return {
    id: options.id,
    httpPort,
    grpcPort,
    process: proc,
    async kill() {
      await proc.stop("SIGKILL");
      cleanup();
    },
    async stop() {
      await proc.stop("SIGTERM", 15_000);
      cleanup();
    },
  };
}

/** An ingester that registers in the ring at collectors/ring and heartbeats every `heartbeatPeriod`. */
export async function startIngester(options: CortexOptions): Promise<CortexProcess> {
  const ingester = await launch(options, (dir, _http, grpc) => [
    "-target=ingester",
    `-ingester.lifecycler.ID=${options.id}`,
    "-ingester.lifecycler.addr=127.0.0.1",
    `-ingester.lifecycler.port=${grpc}`,
    `-ingester.num-tokens=${options.tokens ?? 128}`,
    `-ingester.heartbeat-period=${options.heartbeatPeriod ?? "1s"}`,
    "-ingester.join-after=0s",
    "-ingester.min-ready-duration=0s",
    "-ingester.final-sleep=0s",
    "-ingester.observe-period=0s",
    ...(options.zone ? [`-ingester.availability-zone=${options.zone}`] : []),
    "-blocks-storage.backend=filesystem",
    `-blocks-storage.filesystem.dir=${join(dir, "blocks")}`,
    `-blocks-storage.tsdb.dir=${join(dir, "tsdb")}`,
  ]);
  await waitForReady(ingester);
  return ingester;
}

/**
 * A distributor: it serves Cortex's /ring status page for the ingester ring, and registers itself in its own
 * ring at collectors/distributor.
 */
export async function startDistributor(options: CortexOptions & { heartbeatTimeout?: string }): Promise<CortexProcess> {
  const distributor = await launch(options, () => [
    "-target=distributor",
    "-distributor.ring.store=consul",
    `-distributor.ring.consul.hostname=${options.consulHostPort}`,
    ...(options.aclToken ? [`-distributor.ring.consul.acl-token=${options.aclToken}`] : []),
    `-distributor.ring.instance-id=${options.id}`,
    "-distributor.ring.instance-addr=127.0.0.1",
    `-distributor.ring.heartbeat-period=${options.heartbeatPeriod ?? "1s"}`,
    // Only a distributor with the global rate-limit strategy joins the distributors' ring.
    "-distributor.ingestion-rate-limit-strategy=global",
    `-ring.heartbeat-timeout=${options.heartbeatTimeout ?? "1m"}`,
  ]);
  await waitForReady(distributor);
  return distributor;
}

async function waitForReady(p: CortexProcess): Promise<void> {
  try {
    await waitFor(
      `${p.id} to be ready on :${p.httpPort}/ready`,
      async () => {
        if (p.process.child.exitCode !== null) throw new Error(`${p.id} exited with ${p.process.child.exitCode}`);
        const res = await fetch(`http://127.0.0.1:${p.httpPort}/ready`);
        return res.status === 200 ? true : undefined;
      },
      60_000,
      p.process.output,
    );
  } catch (error) {
    await p.kill();
    throw error;
  }
}

/** One row of Cortex's /ring page, as printed. */
export interface StatusPageRow {
  id: string;
  zone: string;
  state: string;
  address: string;
  tokens: number;
  ownership: number;
  /** "Ownership Diff From Expected"; null where the page prints -Inf%. */
  diffOwnership: number | null;
}

function percentOrNull(cell: string): number | null {
  const value = Number(cell.replace(/%$/, ""));
  return Number.isFinite(value) ? value : null;
}

/** Reads the HTML /ring page (ownership is only in the HTML; the JSON form omits it). */
export async function readStatusPage(p: CortexProcess): Promise<StatusPageRow[]> {
  const html = await (await fetch(`http://127.0.0.1:${p.httpPort}/ring`)).text();
  const body = html.slice(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => {
    const cells = [...row[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.trim());
    return { id: cells[0]!, zone: cells[1]!, state: cells[2]!, address: cells[3]!, tokens: Number(cells[6]), ownership: Number(cells[7]!.replace(/%$/, "")), diffOwnership: percentOrNull(cells[8]!) };
  });
}
