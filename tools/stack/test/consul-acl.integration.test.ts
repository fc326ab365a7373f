// infra/consul-acl.sh in the Consul image, as ring.tf runs it: policy and token files uploaded before start
// become real policies and tokens once a leader exists; `ready` (the healthcheck) says so; a replaced secret
// rotates its token; no secret reaches the container's log.
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { dockerLock, INFRA, stackEnv } from "@cortex-ring/test-support/stack";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerClient, infraDefault, run } from "./support.js";

const env = stackEnv();
const docker = dockerClient(env);
// The image infra/ applies: TF_VAR_consul_image when set (as Terraform reads it), else its default.
const image = process.env.TF_VAR_consul_image ?? infraDefault("consul_image");
const name = `crt-acl-${randomUUID().slice(0, 8)}`;
const secrets = { management: randomUUID(), reader: randomUUID(), writer: randomUUID() };

/** A tar of `files` (path → content) for putArchive, made by the system's tar. */
async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "cortex-ring-acl-"));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const tar = await run("bash", ["-c", 'tar -C "$1" -c . | base64 -w0', "_", dir]);
    return Buffer.from(tar.stdout, "base64");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a command in the container; exit code and output (stdout and stderr together). */
async function exec(container: Docker.Container, cmd: string[], envVars: string[] = []): Promise<{ code: number | null; output: string }> {
  const started = await container.exec({ Cmd: cmd, Env: envVars, AttachStdout: true, AttachStderr: true });
  const stream = await started.start({ hijack: true, stdin: false });
  const sink = new PassThrough();
  let output = "";
  sink.on("data", (chunk: Buffer) => (output += chunk.toString()));
  docker.modem.demuxStream(stream, sink, sink);
  await new Promise((resolve) => stream.on("end", resolve));
  return { code: (await started.inspect()).ExitCode, output };
}

async function waitReady(container: Docker.Container): Promise<void> {
  const deadline = Date.now() + 90_000;
  let last = "";
  while (Date.now() < deadline) {
    const ready = await exec(container, ["/bin/sh", "/consul/acl/consul-acl.sh", "ready"]);
    if (ready.code === 0) return;
    last = ready.output.trim();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the container never became ready (last: ${last})`);
}

const asToken = (secret: string) => [`CONSUL_HTTP_TOKEN=${secret}`];

describe(`infra/consul-acl.sh in the ${image} image`, () => {
  let container: Docker.Container;
  let release: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    release = await dockerLock();
    container = await docker.createContainer({
      name,
      Image: image,
      Env: ["CONSUL_BIND_INTERFACE=eth0"],
      Entrypoint: ["/bin/sh", "/consul/acl/consul-acl.sh"],
      Cmd: ["agent", "-server", "-bootstrap-expect=1", "-client=0.0.0.0"],
    });
    await container.putArchive(await tarOf({
      "consul/config/acl.json": JSON.stringify({ acl: { enabled: true, default_policy: "deny", enable_key_list_policy: true, tokens: { initial_management: secrets.management } } }),
      "consul/acl/consul-acl.sh": readFileSync(join(INFRA, "consul-acl.sh"), "utf8"),
      "consul/acl/management.secret": secrets.management,
      "consul/acl/reader.hcl": 'key_prefix "collectors/" { policy = "list" }\n',
      "consul/acl/reader.secret": secrets.reader,
      "consul/acl/writer.hcl": 'key_prefix "collectors/" { policy = "write" }\n',
      "consul/acl/writer.secret": secrets.writer,
    }), { path: "/" });
    await container.start();
  }, 120_000);

  afterAll(async () => {
    await (container as Docker.Container | undefined)?.remove({ force: true }).catch(() => undefined); // unset when beforeAll failed
    await release?.();
  });

  it("becomes ready once this start has applied the policies and tokens", async () => {
    await waitReady(container);
    const logs = (await container.logs({ stdout: true, stderr: true })).toString("latin1");
    expect(logs).toContain("consul-acl: ACL policies and tokens applied: reader writer");
  }, 120_000);

  it("each token holds its policy: default deny without one, read-only for the reader, write for the writer", async () => {
    const write = async (token: string[]) => {
      const { code, output } = await exec(container, ["consul", "kv", "put", "collectors/ring", "x"], token);
      return [code, output.includes("Permission denied")];
    };
    expect(await write([])).toEqual([1, true]);
    expect(await write(asToken(secrets.reader))).toEqual([1, true]);
    expect(await write(asToken(secrets.writer))).toEqual([0, false]);
    expect(await exec(container, ["consul", "kv", "get", "-recurse", "collectors/"], asToken(secrets.reader))).toEqual({ code: 0, output: "collectors/ring:x\n" });
    const anonymous = await exec(container, ["consul", "kv", "get", "-recurse", "collectors/"]);
    expect(anonymous.code).toBe(1);
    expect(anonymous.output).toContain("403");
  });

  it("a replaced secret rotates its token at the next start: the old one stops working, the ring's data stays", async () => {
    const rotated = randomUUID();
    await container.stop({ t: 10 });
    await container.putArchive(await tarOf({ "consul/acl/reader.secret": rotated }), { path: "/" });
    await container.start();
    await waitReady(container);
    const read = (secret: string) => exec(container, ["consul", "kv", "get", "collectors/ring"], asToken(secret));
    expect(await read(rotated)).toEqual({ code: 0, output: "x\n" });
    const old = await read(secrets.reader);
    expect(old.code).toBe(1);
    expect(old.output).toContain("ACL not found");
    const logs = (await container.logs({ stdout: true, stderr: true })).toString("latin1");
    expect(logs).toContain("consul-acl: deleted the superseded ACL token for reader");
    for (const secret of [...Object.values(secrets), rotated]) expect(logs).not.toContain(secret);
  }, 120_000);
});
