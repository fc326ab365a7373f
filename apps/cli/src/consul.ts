import { setTimeout as sleep } from "node:timers/promises";
import { appliedOutputs } from "./applied-outputs.js";
import type { Context } from "./context.js";
import type { RingApi } from "./deps.js";
import { CliError, InterruptedError } from "./errors.js";
import { formatSeconds } from "./render/units.js";

export interface ConsulAddress {
  address: string | undefined;
  /** Where it came from, for messages: --consul, CONSUL_HTTP_ADDR, terraform output, default. */
  source: string;
}

/**
 * Consul to talk to: `--consul`, else `$CONSUL_HTTP_ADDR`, else the `consul_http_addr` output of the
 * applied Terraform directory (so a cluster on a non-default port is found), else ring-client's default.
 */
export async function resolveConsul(ctx: Context): Promise<ConsulAddress> {
  if (ctx.consul) return { address: ctx.consul, source: "--consul" };
  if (ctx.runtime.env.CONSUL_HTTP_ADDR) return { address: ctx.runtime.env.CONSUL_HTTP_ADDR, source: "CONSUL_HTTP_ADDR" };
  const applied = await appliedOutputs(ctx);
  if (typeof applied?.outputs.consul_http_addr === "string") return { address: applied.outputs.consul_http_addr, source: `terraform output in ${applied.dir}` };
  return { address: undefined, source: "default (http://127.0.0.1:8500)" };
}

/** A ring-client for the Consul {@link resolveConsul} picks; --verbose says which and why. The caller closes it (`using`). */
export async function connectConsul(ctx: Context, options: RingClientChoices = {}, consul?: ConsulAddress): Promise<RingApi> {
  consul ??= await resolveConsul(ctx);
  ctx.debug(`consul: ${consul.address ?? "default"} (${consul.source})`);
  return ctx.runtime.deps.ringClient(consul.address, ctx.runtime.env, options);
}

type RingClientChoices = Parameters<Context["runtime"]["deps"]["ringClient"]>[2];

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
}

/** Polls until Consul reports a leader; a clear failure naming the address after `timeoutMs`. */
export async function waitForLeader(client: RingApi, address: string, options: WaitOptions): Promise<{ leader: string; waitedMs: number }> {
  const started = Date.now();
  let last: string;
  for (;;) {
    if (options.signal?.aborted) throw new InterruptedError(`interrupted while waiting for a Consul leader at ${address}`);
    try {
      const leader = await client.leader();
      if (leader) return { leader, waitedMs: Date.now() - started };
      last = "no leader elected yet";
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() - started >= options.timeoutMs) {
      throw new CliError(`Consul at ${address} has no leader after ${formatSeconds(options.timeoutMs)} (${last})`);
    }
    try {
      await sleep(options.intervalMs ?? 500, undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      // Aborted: the loop head reports it.
    }
  }
}
