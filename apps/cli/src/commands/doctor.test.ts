import { createServer, type Server } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AclDeniedError, ConsulTlsError, ConsulUnreachableError } from "@cortex-ring/ring-client";
import { freePort } from "@cortex-ring/test-support/processes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeCortex } from "../testing/fake-cortex.js";
import { fakeDeps, fakeRingApi, fakeTerraformDir, run, SEED_RAFT } from "../testing/runtime.js";

// A Docker Engine API stand-in on a unix socket: the check must really speak HTTP over the socket.
let server: Server;
let socket: string;
beforeAll(async () => {
  socket = join(mkdtempSync(join(tmpdir(), "cortex-ring-docker-")), "docker.sock");
  server = createServer((req, res) => {
    if (req.url === "/_ping") res.end("OK");
    else if (req.url === "/version") res.end(JSON.stringify({ Version: "28.1.1" }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("doctor", () => {
  it("passes every check and reports versions", async () => {
    const tf = fakeTerraformDir();
    const result = await run(["-C", tf.dir, "--consul", "http://127.0.0.1:18500", "doctor"], { env: { ...tf.env, DOCKER_HOST: `unix://${socket}` } });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/✔ terraform\s+terraform 1\.11\.4/);
    expect(result.stdout).toMatch(/✔ docker\s+daemon 28\.1\.1 answering at unix:\/\//);
    expect(result.stdout).toMatch(/✔ providers\s+kreuzwerker\/docker 4\.6\.0 installable\n/);
    expect(result.stdout).toMatch(/✔ consul\s+http:\/\/127\.0\.0\.1:18500 \(--consul\), leader 172\.18\.0\.2:8300/);
    // Nothing applied and no store container: a warning with its fix (doctor-store.test.ts covers the rest).
    expect(result.stdout).toMatch(/! store\s+no container cortex-cluster-store \(the default cluster name\)\n\s+fix: run `cortex-ring apply`/);
    expect(result.stdout).toMatch(/✔ raft\s+quorum holds: leader hash-ring \(172\.18\.0\.2:8300\); 1 of 1 voter alive, 1 needed/);
    expect(result.stdout).toMatch(/✔ acl\s+default deny: ring reads without a token are refused \(HTTP 403\)/);
  });

  it("a lost quorum fails with the servers to start; a Consul that answers without a token warns; a token without operator:read fails with its fix", async () => {
    const tf = fakeTerraformDir();
    const env = { ...tf.env, DOCKER_HOST: `unix://${socket}` };
    const lost = { leader: "", servers: [{ name: "ring-2", address: "10.0.0.2:8300", leader: false, voter: true, status: "failed", healthy: null, lastContactMs: null, lastIndex: null }, { ...SEED_RAFT.servers[0]!, leader: false }], voters: 2, needed: 2, alive: 1, holds: false, failureTolerance: 0 };
    const api = fakeRingApi({ leader: async () => "", raftQuorum: async () => lost });
    api.anonymous = fakeRingApi();
    const result = await run(["-C", tf.dir, "--consul", "http://127.0.0.1:18500", "--json", "doctor"], { env, deps: fakeDeps({}, api) });
    expect(result.code).toBe(1);
    const checks = JSON.parse(result.stdout) as { check: string; status: string; detail: string; hint?: string }[];
    const [consul, quorum, acl] = checks.slice(3, 6);
    expect(checks.map((c) => c.check).slice(3)).toEqual(["consul", "raft", "acl", "store"]);
    expect(consul).toEqual({ check: "consul", status: "fail", detail: "http://127.0.0.1:18500 (--consul) answers but has no leader", hint: "see the raft check below" });
    expect([quorum?.status, quorum?.hint]).toEqual(["fail", "start the stopped server: docker start ring-2 (each rejoins with its data volume)"]);
    expect(quorum?.detail).toMatch(/^quorum lost \(1 of 2 voters alive, 2 needed\)/);
    expect(acl?.status).toBe("warn");
    expect(acl?.detail).toContain("Consul answers ring reads without a token");
    expect(acl?.hint).toContain("default_policy");

    const denied = new AclDeniedError("http://127.0.0.1:18500/v1/operator/raft/configuration", "Permission denied");
    const noOperator = await run(["-C", tf.dir, "--consul", "http://127.0.0.1:18500", "--json", "doctor"], { env: { ...env, CONSUL_HTTP_TOKEN: "x" }, deps: fakeDeps({}, fakeRingApi({ raftQuorum: () => Promise.reject(denied) })) });
    const refused = (JSON.parse(noOperator.stdout) as { check: string; status: string; detail: string; hint?: string }[]).find((c) => c.check === "raft");
    expect(refused?.status).toBe("fail");
    expect(refused?.detail).toContain("the token in CONSUL_HTTP_TOKEN may not read the Raft configuration (operator:read)");
    expect(refused?.hint).toContain("unset CONSUL_HTTP_TOKEN");
  });

  it("with Cortex applied: its distributor and querier must answer /ready", async () => {
    const cortex = await fakeCortex();
    try {
      const port = await freePort();
      const tf = fakeTerraformDir();
      writeFileSync(join(tf.dir, "terraform.tfstate"), "{}");
      const outputs = (querier: string) => JSON.stringify({ cortex_distributor_url: { value: cortex.url }, cortex_querier_url: { value: querier } });
      const doctor = (querier: string) =>
        run(["-C", tf.dir, "--consul", "http://127.0.0.1:18500", "--json", "doctor"], { env: { ...tf.env, DOCKER_HOST: `unix://${socket}`, FAKE_OUTPUT: outputs(querier) } });
      const checks = async (querier: string) => JSON.parse((await doctor(querier)).stdout) as { check: string; status: string; detail: string; hint?: string }[];

      expect((await checks(cortex.url)).at(-1)).toEqual({ check: "cortex", status: "ok", detail: `${cortex.url}/ready ready; ${cortex.url}/ready ready` });
      const broken = await doctor(`http://127.0.0.1:${port}`);
      expect(broken.code).toBe(1);
      const cortexCheck = (JSON.parse(broken.stdout) as { check: string; status: string; detail: string; hint?: string }[]).at(-1);
      expect(cortexCheck).toMatchObject({ check: "cortex", status: "fail" });
      expect(cortexCheck?.hint).toContain("docker logs");
      expect(cortexCheck?.detail).toBe(`${cortex.url}/ready ready; http://127.0.0.1:${port}/ready unreachable: connect ECONNREFUSED 127.0.0.1:${port}`);
    } finally {
      await cortex.close();
    }
  });

  it("fails with a fix for each broken part (exit 1), as JSON too", async () => {
    const tf = fakeTerraformDir();
    const down = new ConsulUnreachableError("http://127.0.0.1:18500/v1/status/leader", "connection refused");
    const deps = fakeDeps({}, fakeRingApi({ leader: async () => Promise.reject(down) }));
    const env = { TERRAFORM_BINARY: "/nonexistent/terraform", DOCKER_HOST: `unix://${socket}.missing` };
    const result = await run(["-C", tf.dir, "--consul", "http://127.0.0.1:18500", "--json", "doctor"], { env, deps });
    expect(result.code).toBe(1);
    const checks = JSON.parse(result.stdout) as { check: string; status: string; detail: string; hint?: string }[];
    expect(checks.map((c) => [c.check, c.status])).toEqual([["terraform", "fail"], ["docker", "fail"], ["providers", "fail"], ["consul", "fail"], ["store", "fail"]]);
    expect(checks[0]?.detail).toContain("TERRAFORM_BINARY=/nonexistent/terraform is not an executable file");
    for (const check of checks) expect(check.hint).toBeTruthy();
  });

  it("a Consul that answers but refuses us gets the fix for that, not `apply`", async () => {
    const tf = fakeTerraformDir();
    const endpoint = "https://127.0.0.1:18501/v1/status/leader";
    const cases = [
      [new ConsulTlsError(endpoint, "the server certificate is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)"), /set CONSUL_CACERT/],
      [new AclDeniedError(endpoint, "Permission denied"), /set CONSUL_HTTP_TOKEN/],
    ] as const;
    for (const [error, hint] of cases) {
      const deps = fakeDeps({}, fakeRingApi({ leader: async () => Promise.reject(error) }));
      const result = await run(["-C", tf.dir, "--consul", "https://127.0.0.1:18501", "--json", "doctor"], { env: { ...tf.env, DOCKER_HOST: `unix://${socket}` }, deps });
      const consul = (JSON.parse(result.stdout) as { check: string; status: string; hint?: string }[]).find((c) => c.check === "consul");
      expect(consul?.status).toBe("fail");
      expect(consul?.hint).toMatch(hint);
      expect(consul?.hint).not.toContain("apply");
    }
  });

  it("only warns about Consul when nothing is applied or configured", async () => {
    const tf = fakeTerraformDir();
    const down = new ConsulUnreachableError("http://127.0.0.1:8500/v1/status/leader", "connection refused");
    const deps = fakeDeps({}, fakeRingApi({ leader: async () => Promise.reject(down) }));
    const result = await run(["-C", tf.dir, "doctor"], { env: { ...tf.env, DOCKER_HOST: `unix://${socket}` }, deps });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/! consul\s+Consul unreachable/);
  });
});
