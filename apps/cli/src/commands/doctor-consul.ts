// doctor's Consul checks: a leader; whether Consul's servers still make a Raft quorum; and that ACLs refuse a
// ring read without a token. The reads use the token the ring commands would use.
import type { Context } from "../context.js";
import { chooseToken, connectConsul, moreServers, resolveConsul, type ConsulAddress, type TokenChoice } from "../consul.js";
import type { RingApi } from "../deps.js";
import { judgeRaftFinding } from "../raft-report.js";
import type { CheckResult } from "./doctor.js";

export async function checkConsul(ctx: Context): Promise<CheckResult[]> {
  let consul: ConsulAddress;
  try {
    consul = await resolveConsul(ctx);
  } catch (error) {
    return [{ check: "consul", status: "fail", detail: (error as Error).message, hint: consulHint((error as { code?: unknown }).code) }];
  }
  const address = consul.address ?? "http://127.0.0.1:8500";
  try {
    using client = await connectConsul(ctx, {}, consul);
    let leader: string;
    try {
      leader = await client.leader();
    } catch (error) {
      // Nothing applied and nothing configured: an unreachable default is expected, not broken.
      const status = consul.address ? "fail" : "warn";
      return [{ check: "consul", status, detail: (error as Error).message, hint: consulHint((error as { code?: unknown }).code) }];
    }
    const reached = `${address}${moreServers(consul)} (${consul.source})`;
    const first: CheckResult = leader
      ? { check: "consul", status: "ok", detail: `${reached}, leader ${leader}` }
      : { check: "consul", status: "fail", detail: `${reached} answers but has no leader`, hint: "see the raft check below" };
    return [first, await checkRaft(client, chooseToken(ctx.runtime.env, consul, "ring-reader")), await checkAnonymous(ctx, consul)];
  } catch (error) {
    return [{ check: "consul", status: "fail", detail: (error as Error).message, hint: consulHint((error as { code?: unknown }).code) }];
  }
}

async function checkRaft(client: RingApi, token: TokenChoice): Promise<CheckResult> {
  try {
    return { check: "raft", ...judgeRaftFinding(await client.raftQuorum()) };
  } catch (error) {
    const denied = (error as { code?: unknown }).code === "acl-denied";
    return {
      check: "raft",
      status: "fail",
      detail: denied ? `${token.source} may not read the Raft configuration (operator:read): ${(error as Error).message}` : (error as Error).message,
      hint: denied ? "unset CONSUL_HTTP_TOKEN to let the CLI use the cluster's ring-reader token, or use a token with operator:read" : consulHint((error as { code?: unknown }).code),
    };
  }
}

/** ACLs default deny: a ring read with Consul's anonymous token must be refused, or anyone who reaches Consul can read (without ACLs, rewrite) the ring. */
async function checkAnonymous(ctx: Context, consul: ConsulAddress): Promise<CheckResult> {
  using anonymous = await ctx.runtime.deps.ringClient(consul.address, ctx.runtime.env, { ...(consul.addresses ? { addresses: consul.addresses } : {}), token: "anonymous" });
  try {
    await anonymous.discoverRings(["collectors/"]);
  } catch (error) {
    if ((error as { code?: unknown }).code === "acl-denied") return { check: "acl", status: "ok", detail: "default deny: ring reads without a token are refused (HTTP 403)" };
    return { check: "acl", status: "warn", detail: `not checked: ${(error as Error).message}` };
  }
  return {
    check: "acl",
    status: "warn",
    detail: "Consul answers ring reads without a token: ACLs are off or let anonymous read; anyone who reaches it can read the ring (and, with ACLs off, rewrite it)",
    hint: 'apply infra/ (its Consul servers run ACLs with default_policy deny), or enable ACLs with default_policy = "deny"',
  };
}

/** What to do about a Consul failure, by ring-client's error code: an answering agent needs no apply. */
function consulHint(code: unknown): string {
  switch (code) {
    case "tls":
      return "set CONSUL_CACERT to the CA that signed Consul's certificate (and CONSUL_CLIENT_CERT/CONSUL_CLIENT_KEY when it verifies clients)";
    case "acl-denied":
      return "set CONSUL_HTTP_TOKEN to a token whose policy can read the agent and the ring keys";
    case "config":
      return "fix the Consul settings named above (CONSUL_HTTP_ADDR, CONSUL_CACERT, CONSUL_CLIENT_CERT/KEY)";
    default:
      return "run `cortex-ring apply` to start Consul, or pass --consul / set CONSUL_HTTP_ADDR";
  }
}
