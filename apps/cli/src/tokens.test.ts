/**
 * The CLI finds the applied cluster's servers and ACL tokens in `terraform output -json` and sends the right
 * token to the right place: the reader for reads, the operator for forget, the user's CONSUL_HTTP_TOKEN over
 * both, and nothing to an address that is not the cluster's. No token ever reaches the output.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AclDeniedError } from "@cortex-ring/ring-client";
import { describe, expect, it } from "vitest";
import { fakeDeps, fakeRingApi, fakeTerraformDir, run, type FakeRingApi } from "./testing/runtime.js";

const READER = "0f6b1c9e-1111-4a3e-9a55-reader000001";
const OPERATOR = "0f6b1c9e-2222-4a3e-9a55-operator00002";
const MANAGEMENT = "0f6b1c9e-3333-4a3e-9a55-management03";
const ADDRS = ["http://127.0.0.1:18500", "http://127.0.0.1:18501", "http://127.0.0.1:18502"];

/** An applied directory: a state file, and outputs as Terraform prints them (sensitive values included). */
function appliedDir(): { dir: string; env: NodeJS.ProcessEnv } {
  const tf = fakeTerraformDir();
  writeFileSync(join(tf.dir, "terraform.tfstate"), "{}");
  const outputs = JSON.stringify({
    consul_http_addr: { sensitive: false, type: "string", value: ADDRS[0] },
    consul_http_addrs: { sensitive: false, type: ["list", "string"], value: ADDRS },
    consul_acl_tokens: { sensitive: true, type: ["object", {}], value: { management: MANAGEMENT, "ring-operator": OPERATOR, "ring-reader": READER, cortex: "cortex-secret" } },
  });
  return { dir: tf.dir, env: { ...tf.env, FAKE_OUTPUT: outputs } };
}

function noSecrets(text: string): void {
  for (const secret of [READER, OPERATOR, MANAGEMENT, "cortex-secret"]) expect(text).not.toContain(secret);
}

describe("ACL tokens from the applied cluster", () => {
  it("reads go to every server with the ring-reader token; --verbose names the token's source, never the token", async () => {
    const { dir, env } = appliedDir();
    const api = fakeRingApi();
    const result = await run(["-C", dir, "--verbose", "--json", "ring", "status"], { env, deps: fakeDeps({}, api) });
    expect(result.code, result.stderr).toBe(0);
    expect(api.connections).toHaveLength(1);
    expect(api.connections[0]).toMatchObject({ heartbeatTimeoutMs: 60_000, consistency: "default", addresses: ADDRS, token: READER });
    expect(result.stderr).toContain("and 2 more server(s)");
    expect(result.stderr).toContain("token: the cluster's ring-reader token (terraform output consul_acl_tokens)");
    noSecrets(result.stdout + result.stderr);
  });

  it("forget uses the ring-operator token; members, watch and doctor the reader", async () => {
    const { dir, env } = appliedDir();
    const api = fakeRingApi();
    expect((await run(["-C", dir, "ring", "forget", "ingester-1"], { env, deps: fakeDeps({}, api) })).code).toBe(0);
    expect((await run(["-C", dir, "ring", "members"], { env, deps: fakeDeps({}, api) })).code).toBe(0);
    expect(api.connections.map((c) => c.token)).toEqual([OPERATOR, READER]);
  });

  it("CONSUL_HTTP_TOKEN wins: ring-client reads it itself, the cluster's tokens are not sent", async () => {
    const { dir, env } = appliedDir();
    const api = fakeRingApi();
    await run(["-C", dir, "ring", "status"], { env: { ...env, CONSUL_HTTP_TOKEN: "users-own" }, deps: fakeDeps({}, api) });
    expect(api.connections[0]).toMatchObject({ addresses: ADDRS });
    expect(api.connections[0]?.token).toBeUndefined();
  });

  it("the cluster's tokens go only to the cluster's servers: --consul elsewhere gets none", async () => {
    const { dir, env } = appliedDir();
    const api = fakeRingApi();
    await run(["-C", dir, "--consul", "127.0.0.1:18501", "ring", "status"], { env, deps: fakeDeps({}, api) });
    await run(["-C", dir, "--consul", "http://consul.example:8500", "ring", "status"], { env, deps: fakeDeps({}, api) });
    expect(api.connections.map((c) => c.token)).toEqual([READER, undefined]);
    expect(api.addresses).toEqual(["127.0.0.1:18501", "http://consul.example:8500"]);
  });

  it("a forget refused for lack of write says it needs the write token, names where the token came from, exit 1", async () => {
    const { dir, env } = appliedDir();
    const denied = new AclDeniedError("http://127.0.0.1:18500/v1/kv/collectors/ring", "Permission denied: token lacks permission 'key:write'", "collectors/ring", "write");
    const api: FakeRingApi = fakeRingApi({ forget: () => Promise.reject(denied) });
    const result = await run(["-C", dir, "--verbose", "ring", "forget", "ingester-1"], { env: { ...env, CONSUL_HTTP_TOKEN: READER }, deps: fakeDeps({}, api) });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n").at(-1)).toBe(
      "error: ring forget needs the write token: the token in CONSUL_HTTP_TOKEN may read collectors/ring but not write it (Consul ACL denied it); unset CONSUL_HTTP_TOKEN (and CONSUL_HTTP_TOKEN_FILE) to let the CLI use the cluster's ring-operator token, or set it to a token with write on the ring's prefix",
    );
    noSecrets(result.stdout + result.stderr);
  });

  it("without any token a forget is refused for reading, with the fix for that", async () => {
    const denied = new AclDeniedError("http://127.0.0.1:18500/v1/kv/collectors/ring", "Permission denied", "collectors/ring", "read");
    const result = await run(["--consul", "http://127.0.0.1:18500", "ring", "forget", "ingester-1"], { deps: fakeDeps({}, fakeRingApi({ forget: () => Promise.reject(denied) })) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "error: ring forget needs the write token: the anonymous token (none given) may not read collectors/ring (Consul ACL denied it); set CONSUL_HTTP_TOKEN to a token with write on the ring's prefix (after `cortex-ring apply` the CLI finds the cluster's ring-operator token itself)\n",
    );
  });
});
