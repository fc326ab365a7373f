// tools/stack/up.sh as a user meets it: a warm run changes nothing, its env file points at working
// tools, a failure is one line, and the Consul image's entrypoint behaves like the official one.
import { randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "@cortex-ring/test-support/processes";
import { cacheDir, dockerLock, stackEnv } from "@cortex-ring/test-support/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerClient, explain, infraDefault, run, STACK } from "./support.js";

const env = stackEnv();
const docker = dockerClient(env);
const image = infraDefault("consul_image");
const cassandra = infraDefault("cassandra_image");
const up = (extra: Record<string, string> = {}) => run("bash", [join(STACK, "up.sh")], { env: { ...env, ...extra } });

describe("up.sh", () => {
  it("a warm run rebuilds nothing and writes the same environment", async () => {
    const envFile = join(cacheDir(), "stack", "env");
    const state = async () => ({
      env: readFileSync(envFile, "utf8"),
      image: (await docker.getImage(image).inspect()).Id,
      cassandra: (await docker.getImage(cassandra).inspect()).Id,
      consul: statSync(env.CONSUL_BIN!).mtimeMs,
    });
    const before = await state();
    const again = await up();
    expect(again.code, explain(again)).toBe(0);
    expect(again.stderr).not.toMatch(/building|installing|starting/);
    expect(await state()).toEqual(before);
  });

  it("writes an env whose tools work: Terraform, Consul at infra's image version, Docker, a mirror-only CLI config", async () => {
    const terraform = await run(env.TERRAFORM_BINARY!, ["version", "-json"], { env });
    expect(JSON.parse(terraform.stdout)).toHaveProperty("terraform_version");
    const consul = await run(env.CONSUL_BIN!, ["version"]);
    expect(consul.stdout.split("\n")[0]).toBe(`Consul v${image.split(":")[1]!}`);
    expect(await docker.ping().then(String)).toBe("OK");
    const cliConfig = readFileSync(env.TF_CLI_CONFIG_FILE!, "utf8");
    expect(cliConfig).toContain("filesystem_mirror");
    expect(cliConfig).not.toContain("direct");
    expect(env).toMatchObject({ CHECKPOINT_DISABLE: "1" });
    // The store runs offline too: nothing switches it off any more (read afresh: the warm run above rewrote the file).
    expect(stackEnv()).not.toHaveProperty("TF_VAR_enable_store");
  });

  it("fails with one line naming the reason when the Docker Engine does not answer", async () => {
    const port = await freePort();
    const result = await up({ DOCKER_HOST: `tcp://127.0.0.1:${port}` });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      `docker.sh: the Docker Engine at DOCKER_HOST=tcp://127.0.0.1:${port} does not answer (docker info); start it there, or unset DOCKER_HOST to use a local one`,
    ]);
  });
});

describe(`the local ${image} image`, () => {
  const name = `crt-${randomBytes(4).toString("hex")}-entrypoint`;
  let release: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    release = await dockerLock();
  });
  afterAll(async () => {
    await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
    await release?.();
  });

  /**
   * Runs the image until it exits, or, for a server, until its output matches `ready`; returns its exit code
   * (undefined while it runs) and its output. Fails after a minute without either.
   */
  async function runImage(envVars: string[], cmd?: string[], ready?: RegExp): Promise<{ exit: number | undefined; logs: string }> {
    await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
    const created = await docker.createContainer({ name, Image: image, Env: envVars, ...(cmd ? { Cmd: cmd } : {}) });
    await created.start();
    const output = async (): Promise<string> => (await created.logs({ stdout: true, stderr: true })).toString("latin1");
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { State } = await created.inspect();
      const logs = await output();
      if (!State.Running) return { exit: State.ExitCode, logs };
      if (ready?.test(logs)) return { exit: undefined, logs };
      if (Date.now() > deadline) throw new Error(`${image} neither exited nor printed ${String(ready)} within 60 s:\n${logs}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it("binds the client API to CONSUL_CLIENT_INTERFACE's IPv4", async () => {
    const { logs } = await runImage(["CONSUL_CLIENT_INTERFACE=eth0"], undefined, /Client Addr: \[/);
    const address = (await docker.getContainer(name).inspect()).NetworkSettings.Networks.bridge?.IPAddress;
    expect(logs).toContain(`Client Addr: [${address!}]`);
  });

  it("stops with a one-line reason when CONSUL_BIND_INTERFACE names no interface", async () => {
    const { exit, logs } = await runImage(["CONSUL_BIND_INTERFACE=eth9"]);
    expect(exit).toBe(1);
    expect(logs).toContain("docker-entrypoint: no IPv4 address on interface 'eth9' (from CONSUL_BIND_INTERFACE)");
  });

  it("runs Consul subcommands and other commands as given", async () => {
    expect((await runImage([], ["version"])).logs).toContain(`Consul v${image.split(":")[1]!}`);
    expect(await runImage([], ["sh", "-c", "echo shell works"])).toMatchObject({ exit: 0 });
  });
});
