import { copyFile, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { appliedOutputs } from "../applied-outputs.js";
import { createContext, type Context, type Runtime } from "../context.js";
import { readiness } from "../cortex/ready.js";
import { dockerEndpoint, pingDocker } from "../docker-ping.js";
import { EXIT } from "../errors.js";
import { findTerraform, type TerraformBinary } from "../terraform/binary.js";
import { firstError, runTerraform } from "../terraform/run.js";
import { Terraform } from "../terraform/terraform.js";
import { checkConsul } from "./doctor-consul.js";
import { checkStore } from "./doctor-store.js";

export interface CheckResult {
  check: string;
  status: "ok" | "warn" | "fail";
  detail: string;
  /** What to do about a warn or fail. */
  hint?: string;
}

const STACK_HINT = "run `tools/dev pnpm stack:up`";

function versionAtLeast(version: string, minimum: [number, number]): boolean {
  const [major = 0, minor = 0] = version.split(".").map((part) => Number.parseInt(part, 10));
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

async function checkTerraform(ctx: Context): Promise<{ result: CheckResult; bin?: TerraformBinary }> {
  let bin: TerraformBinary;
  try {
    bin = findTerraform(ctx.runtime.env);
  } catch (error) {
    return { result: { check: "terraform", status: "fail", detail: (error as Error).message, hint: `install Terraform >= 1.5 or OpenTofu, or set TERRAFORM_BINARY (${STACK_HINT})` } };
  }
  try {
    const version = await new Terraform(bin, ctx.cwd, { env: ctx.runtime.env }).version();
    if (!versionAtLeast(version, [1, 5])) {
      return { bin, result: { check: "terraform", status: "fail", detail: `${bin.name} ${version} at ${bin.path} is older than 1.5`, hint: "install Terraform >= 1.5 (infra/ requires it)" } };
    }
    return { bin, result: { check: "terraform", status: "ok", detail: `${bin.name} ${version} (${bin.path})` } };
  } catch (error) {
    return { result: { check: "terraform", status: "fail", detail: (error as Error).message, hint: `reinstall it or point TERRAFORM_BINARY at a working binary` } };
  }
}

async function checkDocker(ctx: Context): Promise<CheckResult> {
  const endpoint = dockerEndpoint(ctx.runtime.env);
  try {
    const version = await pingDocker(endpoint);
    return { check: "docker", status: "ok", detail: `daemon ${version} answering at ${endpoint}` };
  } catch (error) {
    return { check: "docker", status: "fail", detail: `no Docker daemon at ${endpoint}: ${(error as Error).message}`, hint: `start the Docker daemon or set DOCKER_HOST (${STACK_HINT})` };
  }
}

/** `init -backend=false` in a throwaway copy: proves the providers install (mirror, lock file) without touching the real dir. */
async function checkProviders(ctx: Context, bin: TerraformBinary | undefined): Promise<CheckResult> {
  if (!bin) return { check: "providers", status: "fail", detail: "not checked: no Terraform binary", hint: "fix the terraform check first" };
  let dir: string;
  try {
    dir = ctx.workdir();
  } catch (error) {
    return { check: "providers", status: "fail", detail: (error as Error).message, hint: "pass --chdir <dir>" };
  }
  const temp = await mkdtemp(join(tmpdir(), "cortex-ring-doctor-"));
  try {
    for (const name of await readdir(dir)) {
      if (name.endsWith(".tf") || name.endsWith(".tf.json") || name === ".terraform.lock.hcl") await copyFile(join(dir, name), join(temp, name));
    }
    const result = await runTerraform(bin, ["init", "-backend=false", "-input=false", "-no-color"], { cwd: temp, env: ctx.runtime.env });
    if (result.code !== 0) {
      return { check: "providers", status: "fail", detail: `terraform init cannot install the providers of ${dir}: ${firstError(result)}`, hint: `point TF_CLI_CONFIG_FILE at a CLI config whose filesystem_mirror holds them (${STACK_HINT})` };
    }
    const installed = [...result.stdout.matchAll(/- (?:Installing|Using previously-installed) (\S+) v(\d[\w.+-]*?)\.*(?:\s|$)/gm)].map(([, name = "", version = ""]) => `${name} ${version}`);
    const source = ctx.runtime.env.TF_CLI_CONFIG_FILE ? ` via ${ctx.runtime.env.TF_CLI_CONFIG_FILE}` : "";
    return { check: "providers", status: "ok", detail: `${installed.length > 0 ? installed.join(", ") : "no providers needed"} installable${source}` };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** The applied cluster's distributor and querier answer /ready; no row when no Cortex was applied here. */
async function checkCortex(ctx: Context): Promise<CheckResult | undefined> {
  const outputs = (await appliedOutputs(ctx))?.outputs ?? {};
  const urls = [outputs.cortex_distributor_url, outputs.cortex_querier_url].filter((url): url is string => typeof url === "string");
  if (urls.length === 0) return undefined;
  const answers = await Promise.all(urls.map((url) => readiness(url)));
  const detail = answers.map((answer) => answer.detail).join("; ");
  if (answers.every((answer) => answer.ready)) return { check: "cortex", status: "ok", detail };
  return { check: "cortex", status: "fail", detail, hint: "see `docker logs` of the component named above; `cortex-ring ring status` shows which instances joined their rings" };
}

export function doctorCommand(runtime: Runtime): Command {
  return new Command("doctor")
    .description("check terraform/tofu, the Docker daemon, provider installation, Consul (its servers' Raft quorum and its ACLs) and the Cassandra store, with a fix for each failure")
    .addHelpText("after", "\nExit codes: 0 every check passed (warnings allowed), 1 a check failed.")
    .action(async (_options: object, command: Command) => {
      const ctx = createContext(command, runtime);
      const terraform = await checkTerraform(ctx);
      const [docker, providers, consul, store, cortex] = await Promise.all([checkDocker(ctx), checkProviders(ctx, terraform.bin), checkConsul(ctx), checkStore(ctx), checkCortex(ctx)]);
      const results = [terraform.result, docker, providers, ...consul, store, ...(cortex ? [cortex] : [])];
      if (ctx.json) {
        ctx.out(JSON.stringify(results, null, 2));
      } else {
        const c = ctx.outColors;
        const mark = { ok: c.green("✔"), warn: c.yellow("!"), fail: c.red("✖") };
        for (const result of results) {
          ctx.out(`${mark[result.status]} ${result.check.padEnd(9)} ${result.detail}`);
          if (result.hint && result.status !== "ok") ctx.out(`  ${" ".repeat(9)} ${c.dim("fix:")} ${result.hint}`);
        }
      }
      if (results.some((result) => result.status === "fail")) runtime.exitCode = EXIT.failure;
    });
}
