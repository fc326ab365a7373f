import { appendFileSync, chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnCli } from "./testing/spawn.js";
import { dockerLock, dockerObjects, freePort, infraCopy, stackEnv } from "./testing/stack.js";

// End to end on the real stack: real Terraform, the docker provider from the offline mirror, a real Docker
// daemon and the Consul image. Each run uses a temp copy of infra/, a unique cluster name and a free port.
describe("cortex-ring on the real stack", { timeout: 240_000 }, () => {
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let cluster: string;
  let vars: string[];
  let release: (() => Promise<void>) | undefined;

  const cli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => spawnCli(["-C", dir, "--no-color", ...args], { ...env, ...extraEnv });

  beforeAll(async () => {
    env = stackEnv();
    release = await dockerLock();
    dir = infraCopy();
    cluster = `crcli-${process.pid}-${Date.now().toString(36)}`;
    vars = ["--var", `cluster_name=${cluster}`, "--var", `consul_http_port=${await freePort()}`, "--var", "enable_store=false"];
  }, 600_000);

  afterAll(async () => {
    try {
      if (dir) {
        const destroy = cli(["destroy", "--auto-approve", "--no-lint", ...vars]);
        if ((await destroy.exited) !== 0) console.error(destroy.stderr());
      }
    } finally {
      await release?.();
    }
  }, 300_000);

  it("apply --auto-approve from a clean Docker brings up the network and Consul, then shows one alive server", async () => {
    expect(await dockerObjects(env, cluster)).toEqual({ containers: [], networks: [] });
    const apply = cli(["apply", "--auto-approve", ...vars]);
    expect(await apply.exited, apply.stderr()).toBe(0);
    expect(apply.stderr()).toMatch(/Apply complete: 3 added, 0 changed, 0 destroyed/);
    expect(apply.stderr()).toMatch(/Consul leader \S+/);
    expect(apply.stdout()).toMatch(/\S+\s+\d+\.\d+\.\d+\.\d+\s+8301\s+alive\s+server/);
    expect(await dockerObjects(env, cluster)).toEqual({ containers: [`${cluster}-hash-ring:running`], networks: [cluster] });
  });

  it("ring members --json finds Consul through the applied directory's output: one alive server", async () => {
    const members = cli(["--json", "ring", "members"], { CONSUL_HTTP_ADDR: "" });
    expect(await members.exited, members.stderr()).toBe(0);
    const list = JSON.parse(members.stdout()) as { name: string; status: string; role: string }[];
    // Consul names the node after the container's hostname (its short ID), not the container name.
    expect(list.map((m) => [m.status, m.role])).toEqual([["alive", "server"]]);
  });

  it("plan --detailed-exitcode exits 0 once applied, without running init again", async () => {
    const plan = cli(["plan", "--detailed-exitcode", "--verbose", ...vars]);
    expect(await plan.exited, plan.stderr()).toBe(0);
    expect(plan.stdout()).toContain("No changes.");
    expect(plan.stderr()).toContain("init: skipped");
  });

  it("a lint error stops apply before Terraform starts", async () => {
    const broken = infraCopy();
    appendFileSync(join(broken, "ring.tf"), '\nresource "docker_container" "broken" {\n  name = \n');
    const log = join(broken, "terraform-invocations.log");
    const wrapper = join(broken, "..", `${broken.split("/").pop()}-terraform`);
    writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> "${log}"\nexec "${env.TERRAFORM_BINARY ?? "terraform"}" "$@"\n`);
    chmodSync(wrapper, 0o755);
    const apply = spawnCli(["-C", broken, "--no-color", "apply", "--auto-approve", ...vars], { ...env, TERRAFORM_BINARY: wrapper });
    expect(await apply.exited).toBe(1);
    expect(apply.stderr()).toMatch(/ring\.tf/);
    expect(apply.stderr()).toMatch(/error: lint found \d+ errors? in .*; Terraform was not started/);
    expect(existsSync(log)).toBe(false);
  });

  it("SIGINT mid-apply leaves a consistent state: plan works (no stale lock) and apply converges", async () => {
    const destroy = cli(["destroy", "--auto-approve", ...vars]);
    expect(await destroy.exited, destroy.stderr()).toBe(0);
    expect(await dockerObjects(env, cluster)).toEqual({ containers: [], networks: [] });

    const apply = cli(["apply", "--auto-approve", ...vars]);
    await apply.waitFor(/creating docker_/);
    process.kill(-(apply.child.pid ?? 0), "SIGINT"); // as the terminal does: the whole process group
    expect(await apply.exited, apply.stderr()).toBe(130);
    expect(apply.stderr()).toMatch(/interrupted: (Terraform stopped gracefully; \d of 3 changes applied|.*the apply itself completed)/);
    expect(existsSync(join(dir, ".terraform.tfstate.lock.info"))).toBe(false);

    const plan = cli(["plan", ...vars]);
    expect(await plan.exited, plan.stderr()).toBe(0);
    const converge = cli(["apply", "--auto-approve", ...vars]);
    expect(await converge.exited, converge.stderr()).toBe(0);
    const settled = cli(["plan", "--detailed-exitcode", ...vars]);
    expect(await settled.exited, settled.stderr()).toBe(0);
    expect(await dockerObjects(env, cluster)).toEqual({ containers: [`${cluster}-hash-ring:running`], networks: [cluster] });
  });

  it("destroy --auto-approve leaves nothing", async () => {
    const destroy = cli(["destroy", "--auto-approve", ...vars]);
    expect(await destroy.exited, destroy.stderr()).toBe(0);
    expect(destroy.stderr()).toMatch(/Destroy complete: 3 destroyed/);
    expect(await dockerObjects(env, cluster)).toEqual({ containers: [], networks: [] });
    const state = JSON.parse(readFileSync(join(dir, "terraform.tfstate"), "utf8")) as { resources: unknown[] };
    expect(state.resources).toEqual([]);
  });
});
