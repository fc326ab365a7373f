// Test support: a real Cortex ingester that registers in a Consul ring, so the ring commands read what Cortex
// itself writes. tools/cortex/cortex.sh builds the binary from the Go module proxy once per version.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { REPO_ROOT } from "./spawn.js";
import { freePort } from "./stack.js";

/** $CORTEX_BIN, else the binary tools/cortex/cortex.sh provides; a loud failure saying how to provision it. */
export async function cortexBinary(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.CORTEX_BIN) return env.CORTEX_BIN;
  try {
    const { stdout } = await promisify(execFile)("bash", [join(REPO_ROOT, "tools/cortex/cortex.sh")], { env: { ...process.env, ...env }, timeout: 30 * 60_000 });
    return stdout.trim();
  } catch (error) {
    const reason = ((error as { stderr?: string }).stderr ?? String(error)).trim().split("\n").at(-1) ?? "";
    throw new Error(`no Cortex binary: ${reason}; set CORTEX_BIN or install Go so tools/cortex/cortex.sh can build one (once, several minutes)`, { cause: error });
  }
}

export interface Ingester {
  id: string;
  /** SIGKILL: the instance stays in the ring and its heartbeat stops, as after a crash. */
  kill(): Promise<void>;
}

/** An ingester in `collectors/ring` of the Consul at `consul` (host:port), heartbeating every second, with `token` as its ACL token. */
export async function startIngester(bin: string, consul: string, id: string, token?: string): Promise<Ingester> {
  const [http, grpc] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), `cortex-ring-cli-${id}-`));
  const child: ChildProcess = spawn(
    bin,
    [
      "-target=ingester",
      "-server.http-listen-address=127.0.0.1",
      `-server.http-listen-port=${http}`,
      "-server.grpc-listen-address=127.0.0.1",
      `-server.grpc-listen-port=${grpc}`,
      "-ring.store=consul",
      `-consul.hostname=${consul}`,
      ...(token ? [`-consul.acl-token=${token}`] : []),
      `-ingester.lifecycler.ID=${id}`,
      "-ingester.lifecycler.addr=127.0.0.1",
      `-ingester.lifecycler.port=${grpc}`,
      "-ingester.heartbeat-period=1s",
      "-ingester.join-after=0s",
      "-ingester.min-ready-duration=0s",
      "-ingester.final-sleep=0s",
      "-blocks-storage.backend=filesystem",
      `-blocks-storage.filesystem.dir=${join(dir, "blocks")}`,
      `-blocks-storage.tsdb.dir=${join(dir, "tsdb")}`,
      "-log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) break;
    const ready = await fetch(`http://127.0.0.1:${http}/ready`).then((res) => res.status === 200, () => false);
    if (ready) return { id, kill };
    await sleep(250);
  }
  await kill();
  throw new Error(`Cortex ingester ${id} did not become ready on 127.0.0.1:${http}:\n${output.slice(-2000)}`);
}
