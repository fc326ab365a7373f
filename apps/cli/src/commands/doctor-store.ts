// doctor's store check: the Cassandra container infra/ runs (enable_store) is up and answers a real CQL query.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Context } from "../context.js";
import { dockerEndpoint, dockerGet } from "../docker-ping.js";
import { findTerraform } from "../terraform/binary.js";
import { Terraform } from "../terraform/terraform.js";
import type { CheckResult } from "./doctor.js";

const CQL_PORT = "9042/tcp";
const TIMEOUT_MS = 5000;

interface StoreTarget {
  /** The store container's name; undefined when the store is switched off. */
  name: string | undefined;
  /** Where the answer came from, for messages. */
  source: string;
  /** The applied state says the container exists, so its absence is a failure rather than a warning. */
  expected: boolean;
}

/** The store to check: the applied directory's `store_container` output, else the name infra/ gives it by default. */
async function locateStore(ctx: Context): Promise<StoreTarget> {
  try {
    const dir = ctx.workdir();
    if (existsSync(join(dir, "terraform.tfstate"))) {
      const outputs = await new Terraform(findTerraform(ctx.runtime.env), dir, { env: ctx.runtime.env }).outputs();
      // Terraform leaves null outputs out: an applied cluster without the output has the store switched off.
      if (Object.keys(outputs).length > 0) {
        const name = typeof outputs.store_container === "string" ? outputs.store_container : undefined;
        return { name, source: `terraform output in ${dir}`, expected: name !== undefined };
      }
    }
  } catch (error) {
    ctx.debug(`no store_container from Terraform state: ${(error as Error).message}`);
  }
  const env = ctx.runtime.env;
  if (env.TF_VAR_enable_store === "false") return { name: undefined, source: "TF_VAR_enable_store=false", expected: false };
  return { name: `${env.TF_VAR_cluster_name || "cortex-cluster"}-store`, source: "the default cluster name", expected: false };
}

interface ContainerState {
  State?: { Status?: string; Running?: boolean; ExitCode?: number; Health?: { Status?: string } };
  NetworkSettings?: { Ports?: Record<string, { HostIp?: string; HostPort?: string }[] | null> };
}

/** The container as the Docker Engine API reports it; undefined when there is none of that name. */
async function inspectContainer(ctx: Context, name: string): Promise<ContainerState | undefined> {
  const reply = await dockerGet(dockerEndpoint(ctx.runtime.env), `/containers/${encodeURIComponent(name)}/json`, TIMEOUT_MS);
  if (reply.status === 404) return undefined;
  if (reply.status !== 200) throw new Error(`GET /containers/${name}/json answered HTTP ${reply.status}`);
  return JSON.parse(reply.body) as ContainerState;
}

/** `SELECT … FROM system.local` with the cassandra-driver package, loaded on first use (only doctor needs it). */
async function queryStore(host: string, port: number): Promise<{ release: string; cluster: string }> {
  const { Client, policies } = (await import("cassandra-driver")).default;
  const client = new Client({
    contactPoints: [`${host}:${port}`],
    // One node: no data centre to name, unlike the default DC-aware policy.
    policies: { loadBalancing: new policies.loadBalancing.RoundRobinPolicy() },
    socketOptions: { connectTimeout: TIMEOUT_MS, readTimeout: TIMEOUT_MS },
  });
  try {
    const row = (await client.execute("SELECT release_version, cluster_name FROM system.local")).first();
    return { release: String(row.get("release_version")), cluster: String(row.get("cluster_name")) };
  } finally {
    await client.shutdown();
  }
}

/** The driver's NoHostAvailableError wraps the reason per host: the first one says what went wrong. */
function reason(error: unknown): string {
  const inner = (error as { innerErrors?: Record<string, unknown> }).innerErrors;
  const first = inner ? Object.values(inner)[0] : undefined;
  const message = first instanceof Error ? first.message : error instanceof Error ? error.message : String(error);
  return message.split("\n", 1)[0] ?? "";
}

export async function checkStore(ctx: Context): Promise<CheckResult> {
  const store = await locateStore(ctx);
  const result = (status: CheckResult["status"], detail: string, hint?: string): CheckResult => ({ check: "store", status, detail, ...(hint ? { hint } : {}) });
  if (!store.name) return result("warn", `not enabled (${store.source})`, "set enable_store = true (the default) and run `cortex-ring apply` to run the Cassandra store");
  const name = store.name;

  let container: ContainerState | undefined;
  try {
    container = await inspectContainer(ctx, name);
  } catch (error) {
    return result("fail", `cannot ask Docker about ${name}: ${(error as Error).message}`, "fix the docker check first");
  }
  if (!container) {
    return store.expected
      ? result("fail", `container ${name} is missing (${store.source} names it)`, "run `cortex-ring apply` to recreate it")
      : result("warn", `no container ${name} (${store.source})`, "run `cortex-ring apply` to start the store, or pass -C <dir> of an applied cluster");
  }
  const state = container.State ?? {};
  if (!state.Running) {
    return result("fail", `${name} is ${state.Status ?? "not running"} (exit code ${state.ExitCode ?? "unknown"})`, `see \`docker logs ${name}\`, then run \`cortex-ring apply\` to start it again`);
  }

  const binding = container.NetworkSettings?.Ports?.[CQL_PORT]?.find((b) => b.HostPort);
  const health = state.Health?.Status ?? "no healthcheck";
  if (!binding?.HostPort) {
    return result("warn", `${name} is running (Docker health: ${health}) but CQL is not published on the host, so it was not queried`, "set store_cql_port (e.g. 9042) and run `cortex-ring apply`");
  }
  // Published on 127.0.0.1 by infra/; a wildcard binding answers on loopback too.
  const host = !binding.HostIp || binding.HostIp === "0.0.0.0" ? "127.0.0.1" : binding.HostIp;
  const address = `${host}:${binding.HostPort}`;
  try {
    const { release, cluster } = await queryStore(host, Number(binding.HostPort));
    return result("ok", `${name}: Cassandra ${release} answering CQL at ${address} (cluster ${cluster})`);
  } catch (error) {
    const hint = health === "starting" ? `it is still starting: wait, then run doctor again (\`docker logs ${name}\` shows its progress)` : `see \`docker logs ${name}\``;
    return result("fail", `${name} is running but CQL at ${address} does not answer: ${reason(error)}`, hint);
  }
}
