import { execFileSync } from "node:child_process";
import { appendFileSync, chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Ring } from "@cortex-ring/ring-client";
import { startIngester, type CortexProcess } from "@cortex-ring/test-support/cortex";
import { freePort } from "@cortex-ring/test-support/processes";
import { infraCopy } from "@cortex-ring/test-support/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containerAddress, dockerObjects } from "./testing/docker.js";
import { testCluster, type TestCluster } from "./testing/cluster.js";
import { spawnCli } from "./testing/spawn.js";

// End to end on the real stack: `pnpm cli …` as the user types it, real Terraform, the docker provider from the
// offline mirror, a real Docker daemon and the Consul image. Each run uses a temp copy of infra/, a unique
// cluster name and a free port, under the shared Docker lock; afterAll destroys whatever is left.
describe("cortex-ring on the real stack", { timeout: 240_000 }, () => {
  let applied: TestCluster | undefined;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let cluster: string;
  let vars: string[];
  let consulPort: number;
  let ingester: CortexProcess | undefined;

  const pnpmCli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => applied!.pnpmCli(args, extraEnv);
  const cli = (args: string[]) => applied!.cli(args);
  const ringAt = async (key: string): Promise<Ring> => {
    const status = cli(["--json", "ring", "status", "--key", key]);
    expect(await status.exited, status.stderr()).toBe(0);
    return (JSON.parse(status.stdout()) as Ring[])[0]!;
  };
  const nothingLeft = { containers: [], networks: [] };
  const running = () => ({ containers: [`${cluster}-hash-ring:running`], networks: [cluster] });

  beforeAll(async () => {
    consulPort = await freePort();
    // The seed only: this file drives a loose Cortex ingester process; cortex.integration.test.ts applies Cortex itself.
    applied = await testCluster("crcli", async () => ({ consul_http_port: consulPort, enable_store: false, enable_cortex: false }));
    ({ env, dir, name: cluster, vars } = applied);
  }, 600_000);

  afterAll(async () => {
    try {
      await ingester?.kill();
    } finally {
      await applied?.tearDown();
    }
  }, 300_000);

  it("pnpm cli apply --auto-approve from a clean Docker brings up the network and Consul, then shows one alive server", async () => {
    expect(await dockerObjects(env, cluster)).toEqual(nothingLeft);
    const apply = pnpmCli(["apply", "--auto-approve", ...vars]);
    expect(await apply.exited, apply.stderr()).toBe(0);
    expect(apply.stderr()).toContain("lint: ");
    // The network, the image, the server and its data volume, and five ACL secrets.
    expect(apply.stderr()).toMatch(/Apply complete: 9 added, 0 changed, 0 destroyed/);
    expect(apply.stderr()).toMatch(/Consul leader \S+/);
    expect(apply.stdout()).toMatch(/\S+\s+\d+\.\d+\.\d+\.\d+\s+8301\s+alive\s+server/);
    expect(await dockerObjects(env, cluster)).toEqual(running());
  });

  it("pnpm cli ring members --json finds Consul and its reader token through the applied directory's output: one alive server, our container, leading itself", async () => {
    const members = pnpmCli(["--json", "ring", "members"], { CONSUL_HTTP_ADDR: "" });
    expect(await members.exited, members.stderr()).toBe(0);
    const { members: list, raft } = JSON.parse(members.stdout()) as { members: { address: string; status: string; role: string }[]; raft: { holds: boolean; voters: number; servers: { name: string }[] } };
    expect(list.map((m) => [m.status, m.role])).toEqual([["alive", "server"]]);
    expect([raft.holds, raft.voters, raft.servers.map((s) => s.name)]).toEqual([true, 1, [`${cluster}-hash-ring`]]);
    // Consul names the node after the container's hostname, so compare addresses on the cluster network.
    expect(list[0]?.address).toBe(await containerAddress(env, `${cluster}-hash-ring`, cluster));
  });

  it("doctor on the applied cluster: terraform, Docker, the provider from the mirror and Consul all pass; a dead Docker socket fails with a fix", async () => {
    const doctor = pnpmCli(["--json", "doctor"], { CONSUL_HTTP_ADDR: "" });
    expect(await doctor.exited, doctor.stderr()).toBe(0);
    const checks = JSON.parse(doctor.stdout()) as { check: string; status: string; detail: string; hint?: string }[];
    // This suite applies with enable_store=false (the store has its own suite in tools/stack): doctor says so.
    expect(checks.map((c) => [c.check, c.status])).toEqual([["terraform", "ok"], ["docker", "ok"], ["providers", "ok"], ["consul", "ok"], ["raft", "ok"], ["acl", "ok"], ["store", "warn"]]);
    expect(checks.find((c) => c.check === "store")?.detail).toMatch(/^not enabled \(terraform output in .+\)$/);
    expect(checks.find((c) => c.check === "consul")?.detail).toContain(`http://127.0.0.1:${consulPort} (terraform output`);

    const broken = pnpmCli(["--json", "doctor"], { CONSUL_HTTP_ADDR: "", DOCKER_HOST: `unix://${dir}/no-docker.sock` });
    expect(await broken.exited).toBe(1);
    const docker = (JSON.parse(broken.stdout()) as { check: string; status: string; hint?: string }[]).find((c) => c.check === "docker");
    expect(docker?.status).toBe("fail");
    expect(typeof docker?.hint).toBe("string");
  });

  it("ring status shows a real Cortex ingester registered in the cluster's Consul: ACTIVE, healthy, all of the token space", async () => {
    // Cortex's own least-privilege token from the applied cluster: ACLs refuse the ring to anyone without one.
    const tokens = JSON.parse(execFileSync(env.TERRAFORM_BINARY ?? "terraform", ["output", "-json", "consul_acl_tokens"], { cwd: dir, env: { ...process.env, ...env }, encoding: "utf8" })) as { cortex: string };
    ingester = await startIngester({ consulHostPort: `127.0.0.1:${consulPort}`, aclToken: tokens.cortex, id: "ingester-cli-1", heartbeatPeriod: "1s" });
    let ring = await ringAt("collectors/ring");
    for (const deadline = Date.now() + 30_000; ring.instances[0]?.state !== "ACTIVE" && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      ring = await ringAt("collectors/ring");
    }
    expect(ring.instances.map((i) => [i.id, i.state, i.healthy, i.tokenCount, i.address.startsWith("127.0.0.1:")])).toEqual([["ingester-cli-1", "ACTIVE", true, 128, true]]);
    expect(ring.instances[0]?.ownership).toBeCloseTo(100, 6);

    const table = cli(["ring", "status"]);
    expect(await table.exited, table.stderr()).toBe(0);
    expect(table.stdout()).toContain("collectors/ring: 1 instance (1 ACTIVE), 128 tokens");
    expect(table.stdout()).toMatch(/ingester-cli-1\s+ACTIVE\s+127\.0\.0\.1:\d+\s+-\s+128\s+100\.00%\s+0\.00%\s+\d+s ago/);
  });

  it("after the ingester crashes: forget refused while healthy, watch reports it unhealthy, --fail-unhealthy exits 1, forget removes it", async () => {
    const refused = cli(["ring", "forget", "ingester-cli-1"]);
    expect(await refused.exited).toBe(1);
    expect(refused.stderr()).toMatch(/^error: ingester-cli-1 in collectors\/ring is still healthy .*; pass --force to remove it anyway\n$/);

    const watch = cli(["--json", "ring", "watch", "--heartbeat-timeout", "3s", "--wait", "1"]);
    await watch.waitFor('"joined":["ingester-cli-1"]', 30_000, "stdout");
    await ingester?.kill();
    await watch.waitFor('"becameUnhealthy":["ingester-cli-1"]', 30_000, "stdout");
    watch.signalGroup("SIGINT");
    expect(await watch.exited).toBe(130);
    expect(watch.stderr()).toContain("stopped watching collectors/ring");

    const failing = cli(["ring", "status", "--heartbeat-timeout", "3s", "--fail-unhealthy"]);
    expect(await failing.exited).toBe(1);
    expect(failing.stdout()).toMatch(/ingester-cli-1\s+ACTIVE.*unhealthy, \d+s ago/);
    expect(failing.stderr()).toContain("1 unhealthy instance: collectors/ring/ingester-cli-1");

    const forget = cli(["ring", "forget", "ingester-cli-1", "--heartbeat-timeout", "3s"]);
    expect(await forget.exited, forget.stderr()).toBe(0);
    expect(forget.stdout()).toMatch(/^removed ingester-cli-1 from collectors\/ring \(\d+ attempts?\)\n$/);
    expect((await ringAt("collectors/ring")).instances).toEqual([]);
  });

  it("pnpm cli plan --detailed-exitcode exits 0 once applied, without running init again", async () => {
    const plan = pnpmCli(["plan", "--detailed-exitcode", "--verbose", ...vars]);
    expect(await plan.exited, plan.stderr()).toBe(0);
    expect(plan.stdout()).toContain("No changes.");
    expect(plan.stderr()).toContain("init: skipped");
  });

  it("a lint error stops apply before Terraform starts (a rule violation Terraform would accept, and a syntax error)", async () => {
    // A recording wrapper as the Terraform binary; run without pnpm, whose stack env would set TERRAFORM_BINARY.
    const broken = {
      "missing CONSUL_BIND_INTERFACE": (d: string) => writeFileSync(join(d, "ring.tf"), readFileSync(join(d, "ring.tf"), "utf8").replace(/^.*CONSUL_BIND_INTERFACE.*$/m, "")),
      "syntax error": (d: string) => appendFileSync(join(d, "ring.tf"), '\nresource "docker_container" "broken" {\n  name = \n'),
    };
    for (const [what, breakIt] of Object.entries(broken)) {
      const copy = infraCopy();
      breakIt(copy);
      const log = join(copy, "terraform-invocations.log");
      const wrapper = join(copy, "..", `${basename(copy)}-terraform`);
      writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> "${log}"\nexec "${env.TERRAFORM_BINARY ?? "terraform"}" "$@"\n`);
      chmodSync(wrapper, 0o755);
      const apply = spawnCli(["-C", copy, "--no-color", "apply", "--auto-approve", ...vars], { ...env, TERRAFORM_BINARY: wrapper });
      expect(await apply.exited, `${what}: ${apply.stderr()}`).toBe(1);
      expect(apply.stderr(), what).toMatch(/ring\.tf:?\s*\n?\s*\d+:\d+\s+error/);
      expect(apply.stderr(), what).toMatch(/error: lint found \d+ errors? in .*; Terraform was not started/);
      expect(existsSync(log), what).toBe(false);
      rmSync(copy, { recursive: true, force: true });
      rmSync(wrapper, { force: true });
    }
  });

  it("Ctrl-C to `pnpm cli apply` mid-apply leaves a consistent state: plan works (no stale lock) and apply converges", async () => {
    const destroy = pnpmCli(["destroy", "--auto-approve", ...vars]);
    expect(await destroy.exited, destroy.stderr()).toBe(0);
    expect(await dockerObjects(env, cluster)).toEqual(nothingLeft);

    const apply = pnpmCli(["apply", "--auto-approve", ...vars]);
    // Interrupted while Docker creates the network: the CLI lets that request finish (cancelling it could leave a
    // network Terraform never records), then Terraform stops gracefully.
    await apply.waitFor("creating docker_network.cortex-cluster");
    apply.signalGroup("SIGINT"); // as the terminal does: pnpm and the CLI get it (Terraform has its own group)
    expect(await apply.exited, apply.stderr()).toBe(130);
    expect(apply.stderr()).toMatch(/interrupt received: (stopping Terraform once .*finish|asking Terraform to stop gracefully)/);
    // Usually a few of 9; on a slow machine the container may already be in flight when the interrupt lands,
    // and it finishes too. Either way the message says how much was applied, and the plan below agrees.
    const stopped = /interrupted: Terraform stopped gracefully; (\d) of 9 changes applied(; run `cortex-ring plan` to see the rest)?\n/.exec(apply.stderr());
    expect(stopped, apply.stderr()).not.toBeNull();
    const applied = Number(stopped?.[1]);
    expect(Boolean(stopped?.[2])).toBe(applied < 9);
    expect(existsSync(join(dir, ".terraform.tfstate.lock.info"))).toBe(false);

    const plan = pnpmCli(["plan", "--detailed-exitcode", ...vars]);
    expect(await plan.exited, plan.stderr()).toBe(applied < 9 ? 2 : 0);
    // What the interrupt left undone is still to do; nothing applied needs undoing.
    if (applied < 9) expect(plan.stdout()).toMatch(/Plan: \d to create, 0 to update, \d to replace, 0 to delete\./);
    const converge = pnpmCli(["apply", "--auto-approve", ...vars]);
    expect(await converge.exited, converge.stderr()).toBe(0);
    const settled = pnpmCli(["plan", "--detailed-exitcode", ...vars]);
    expect(await settled.exited, settled.stderr()).toBe(0);
    expect(await dockerObjects(env, cluster)).toEqual(running());
  });

  it("pnpm cli destroy --auto-approve leaves nothing", async () => {
    const destroy = pnpmCli(["destroy", "--auto-approve", ...vars]);
    expect(await destroy.exited, destroy.stderr()).toBe(0);
    expect(destroy.stderr()).toMatch(/Destroy complete: 9 destroyed/);
    expect(await dockerObjects(env, cluster)).toEqual(nothingLeft);
    const state = JSON.parse(readFileSync(join(dir, "terraform.tfstate"), "utf8")) as { resources: unknown[] };
    expect(state.resources).toEqual([]);
  });
});
