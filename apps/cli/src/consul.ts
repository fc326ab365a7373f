import { setTimeout as sleep } from "node:timers/promises";
import { appliedOutputs } from "./applied-outputs.js";
import type { Context } from "./context.js";
import { clusterAccess, isClusterAddress, type ClusterAccess, type TokenRole } from "./cluster-outputs.js";
import type { RingApi, RingConnectOptions } from "./deps.js";
import { CliError, InterruptedError } from "./errors.js";
import { formatSeconds } from "./render/units.js";

export interface ConsulAddress {
  address: string | undefined;
  /** Every server's address, when they come from the applied cluster: requests fail over between them. */
  addresses?: string[];
  /** Where it came from, for messages: --consul, CONSUL_HTTP_ADDR, terraform output, default. */
  source: string;
  /** The applied cluster's ACL tokens, when the address is that cluster's (never sent anywhere else). */
  tokens?: ClusterAccess["tokens"];
}

/** The applied directory's Consul access (addresses and tokens), or undefined when nothing was applied there. */
async function appliedAccess(ctx: Context): Promise<{ dir: string; access: ClusterAccess } | undefined> {
  const applied = await appliedOutputs(ctx);
  const access = applied && clusterAccess(applied.outputs);
  return applied && access ? { dir: applied.dir, access } : undefined;
}

function hasTokenInEnv(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.CONSUL_HTTP_TOKEN || env.CONSUL_HTTP_TOKEN_FILE);
}

/**
 * Where to connect, given the address the user named (if any) and the applied cluster's outputs (if any): the
 * user's address wins, and gets the cluster's tokens only when it is one of the cluster's servers; else every
 * server of the applied cluster; else ring-client's default.
 */
export function consulTarget(explicit: { address: string; source: string } | undefined, applied: { access: ClusterAccess; source: string } | undefined): ConsulAddress {
  if (explicit) return applied && isClusterAddress(applied.access, explicit.address) ? { ...explicit, tokens: applied.access.tokens } : explicit;
  if (applied) {
    const { addresses, tokens } = applied.access;
    return { address: addresses[0], addresses, source: applied.source, tokens };
  }
  return { address: undefined, source: "default (http://127.0.0.1:8500)" };
}

/**
 * Consul to talk to: `--consul`, else `$CONSUL_HTTP_ADDR`, else every server of the applied Terraform directory
 * (its `consul_http_addrs` / `consul_http_addr` outputs), else ring-client's default.
 */
export async function resolveConsul(ctx: Context): Promise<ConsulAddress> {
  const env = ctx.runtime.env;
  const explicit = ctx.consul ? { address: ctx.consul, source: "--consul" } : env.CONSUL_HTTP_ADDR ? { address: env.CONSUL_HTTP_ADDR, source: "CONSUL_HTTP_ADDR" } : undefined;
  // The user's own address and token: no need to ask Terraform for anything.
  if (explicit && hasTokenInEnv(env)) return explicit;
  const applied = await appliedAccess(ctx);
  return consulTarget(explicit, applied && { access: applied.access, source: `terraform output in ${applied.dir}` });
}

/** " and 2 more server(s)" when the target is several servers, for messages. */
export function moreServers(consul: ConsulAddress): string {
  const others = (consul.addresses?.length ?? 1) - 1;
  return others > 0 ? ` and ${others} more server(s)` : "";
}

export interface TokenChoice {
  /** Undefined: ring-client reads CONSUL_HTTP_TOKEN / CONSUL_HTTP_TOKEN_FILE itself, or sends none. */
  token?: string;
  from: "env" | "cluster" | "none";
  /** Where the token comes from, for messages (never the token). */
  source: string;
}

/** Which ACL token to send: the user's CONSUL_HTTP_TOKEN(_FILE) wins, else the applied cluster's token for `role`. */
export function chooseToken(env: NodeJS.ProcessEnv, consul: ConsulAddress, role: TokenRole): TokenChoice {
  if (env.CONSUL_HTTP_TOKEN) return { from: "env", source: "the token in CONSUL_HTTP_TOKEN" };
  if (env.CONSUL_HTTP_TOKEN_FILE) return { from: "env", source: `the token in CONSUL_HTTP_TOKEN_FILE (${env.CONSUL_HTTP_TOKEN_FILE})` };
  const token = consul.tokens?.[role];
  if (token) return { token, from: "cluster", source: `the cluster's ${role} token (terraform output consul_acl_tokens)` };
  return { from: "none", source: "the anonymous token (none given)" };
}

/** ring-client's options a command sets, and which of the applied cluster's tokens it needs (default ring-reader). */
export type ConnectOptions = Omit<RingConnectOptions, "addresses" | "token"> & { role?: TokenRole };

/**
 * A ring-client for the Consul {@link resolveConsul} picks (or `consul`), with the token {@link chooseToken}
 * picks; --verbose says which and why, never the token. The caller closes it (`using`).
 */
export async function connectConsul(ctx: Context, options: ConnectOptions = {}, consul?: ConsulAddress): Promise<RingApi> {
  consul ??= await resolveConsul(ctx);
  const { role = "ring-reader", ...clientOptions } = options;
  const token = chooseToken(ctx.runtime.env, consul, role);
  ctx.debug(`consul: ${consul.address ?? "default"}${moreServers(consul)} (${consul.source}); token: ${token.source}`);
  return ctx.runtime.deps.ringClient(consul.address, ctx.runtime.env, {
    ...clientOptions,
    ...(consul.addresses ? { addresses: consul.addresses } : {}),
    ...(token.token ? { token: token.token } : {}),
  });
}

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
