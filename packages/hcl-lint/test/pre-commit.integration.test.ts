/**
 * The real pre-commit (Debian's package; tools/test-tools.sh installs it, `pnpm test` runs that first) in scratch
 * git repositories: a staged broken .tf blocks the commit with file:line, a clean one commits, and a commit that
 * only edits a template the module renders (infra/cortex.yaml.tftpl) is linted too.
 */
import { spawnSync } from "node:child_process";
import { chmod, copyFile, cp, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { NETWORK, PROVIDER, STORE, scratch } from "./helpers.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = path.resolve(packageDir, "../..");
const tutorial = path.join(packageDir, "test/fixtures/tutorial-ch06");
let preCommitHome: string;
let cacheHome: string;

function run(command: string, args: string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      // The Node running these tests (>= 22.12) is the one the hooks find first.
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
      PRE_COMMIT_HOME: preCommitHome,
      // Where hcl-lint's --cache goes when the repository has no node_modules/.
      XDG_CACHE_HOME: cacheHome,
      NO_COLOR: "1",
      // The machine's git config (a global core.hooksPath, templates) must not change what is tested.
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.invalid",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.invalid",
    },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function git(cwd: string, ...args: string[]): string {
  const result = run("git", args, cwd);
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.output}`);
  return result.output;
}

async function newRepo(files: Record<string, string>): Promise<string> {
  const dir = await scratch(files);
  git(dir, "init", "-q", "-b", "main");
  return dir;
}

async function tutorialFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of ["provider.tf", "network.tf", "store.tf", "ring.tf"]) files[`cluster/${name}`] = await readFile(path.join(tutorial, name), "utf8");
  return files;
}

beforeAll(async () => {
  if (spawnSync("pre-commit", ["--version"]).status !== 0) {
    throw new Error("pre-commit is not installed: run `bash tools/test-tools.sh` (pnpm test runs it first) or apt-get install pre-commit");
  }
  preCommitHome = await scratch({});
  cacheHome = await scratch({});
});

describe("this repository's .pre-commit-config.yaml", () => {
  /** A repository with this one's hook config verbatim, committed and installed; tools/dev and the built package stand in for ours. */
  async function withOurConfig(): Promise<string> {
    const repo = await newRepo({ "tools/dev": '#!/usr/bin/env bash\nexec "$@"\n' });
    await copyFile(path.join(repoRoot, ".pre-commit-config.yaml"), path.join(repo, ".pre-commit-config.yaml"));
    await chmod(path.join(repo, "tools/dev"), 0o755);
    await mkdir(path.join(repo, "packages/hcl-lint"), { recursive: true });
    await symlink(path.join(packageDir, "dist"), path.join(repo, "packages/hcl-lint/dist"));
    git(repo, "add", ".");
    git(repo, "commit", "-q", "--no-verify", "-m", "scaffolding");
    expect(run("pre-commit", ["install"], repo).status).toBe(0);
    return repo;
  }

  it("blocks a commit that stages a broken module, with file:line, and lets a clean one through", async () => {
    const repo = await withOurConfig();

    for (const [name, content] of Object.entries(await tutorialFiles())) {
      await mkdir(path.dirname(path.join(repo, name)), { recursive: true });
      await writeFile(path.join(repo, name), content);
    }
    git(repo, "add", "cluster");
    const blocked = run("git", ["commit", "-m", "tutorial ch06"], repo);
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain("cluster/ring.tf:7:11: error: docker_image.consul.latest");
    expect(blocked.output).toContain("cluster/store.tf:7:11: error: docker_image.cassandra.latest");
    expect(git(repo, "log", "--oneline")).not.toContain("tutorial ch06");

    await writeFile(path.join(repo, "cluster/provider.tf"), PROVIDER);
    await writeFile(path.join(repo, "cluster/network.tf"), NETWORK);
    await writeFile(path.join(repo, "cluster/store.tf"), STORE);
    git(repo, "rm", "-q", "-f", "cluster/ring.tf");
    git(repo, "add", "cluster");
    const passed = run("git", ["commit", "-m", "clean cluster"], repo);
    expect(passed.output).toMatch(/hcl-lint \(Terraform of the hash ring\)\.+Passed/);
    expect(passed.status).toBe(0);
    expect(git(repo, "log", "--oneline")).toContain("clean cluster");
  });

  it("a commit that only edits infra/'s Cortex template lints infra/: a replication factor above the ingesters is blocked, a clean edit commits", async () => {
    const repo = await withOurConfig();
    await cp(path.join(repoRoot, "infra"), path.join(repo, "infra"), { recursive: true, filter: (from) => !/\.terraform|tfstate|tfplan/.test(from) });
    git(repo, "add", "infra");
    git(repo, "commit", "-q", "--no-verify", "-m", "infra");
    const template = path.join(repo, "infra/cortex.yaml.tftpl");
    const clean = await readFile(template, "utf8");

    // A replication factor typed into the YAML, larger than infra/'s three ingesters: only the template changes.
    await writeFile(template, clean.replace("replication_factor: ${replication_factor}", "replication_factor: 5"));
    git(repo, "add", "infra/cortex.yaml.tftpl");
    const blocked = run("git", ["commit", "-m", "replication factor 5"], repo);
    expect(blocked.status, blocked.output).not.toBe(0);
    expect(blocked.output).toMatch(/infra\/cortex\.tf:\d+:\d+: error: Replication factor 5 \(ingester\.lifecycler\.ring\.replication_factor at cortex\.yaml\.tftpl:\d+\) is larger than the 3 ingesters/);
    expect(git(repo, "log", "--oneline")).not.toContain("replication factor 5");

    // A harmless edit of the template alone: the hook runs (not "no files to check") and passes.
    await writeFile(template, `${clean}# reviewed\n`);
    git(repo, "add", "infra/cortex.yaml.tftpl");
    const passed = run("git", ["commit", "-m", "template comment"], repo);
    expect(passed.output).toMatch(/hcl-lint \(Terraform of the hash ring\)\.+Passed/);
    expect(passed.status).toBe(0);
  });
});

describe(".pre-commit-hooks.yaml, as another repository uses it", () => {
  it("runs the hcl-lint the consumer installed and blocks on errors", async () => {
    const hooks = await newRepo({});
    await copyFile(path.join(repoRoot, ".pre-commit-hooks.yaml"), path.join(hooks, ".pre-commit-hooks.yaml"));
    git(hooks, "add", ".");
    git(hooks, "commit", "-q", "-m", "hooks");
    const rev = git(hooks, "rev-parse", "HEAD").trim();

    const consumer = await newRepo({
      ".pre-commit-config.yaml": `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: hcl-lint\n`,
      "package.json": JSON.stringify({ name: "consumer", private: true, devDependencies: { "@cortex-ring/hcl-lint": "*" } }),
      ".gitignore": "node_modules/\n",
      // What `npm install -D @cortex-ring/hcl-lint` leaves behind: the package and its bin.
      "node_modules/.bin/hcl-lint": `#!/bin/sh\nexec node ${JSON.stringify(path.join(packageDir, "dist/bin.js"))} "$@"\n`,
    });
    await chmod(path.join(consumer, "node_modules/.bin/hcl-lint"), 0o755);
    await mkdir(path.join(consumer, "node_modules/@cortex-ring"), { recursive: true });
    await symlink(packageDir, path.join(consumer, "node_modules/@cortex-ring/hcl-lint"));
    git(consumer, "add", ".");
    git(consumer, "commit", "-q", "--no-verify", "-m", "setup");
    expect(run("pre-commit", ["install"], consumer).status).toBe(0);

    await writeFile(path.join(consumer, "main.tf"), `${PROVIDER}${NETWORK}resource "docker_container" "ring" {\n  image = "consul:latest"\n  networks_advanced {\n    name = docker_network.cortex-cluster.name\n  }\n}\n`);
    git(consumer, "add", "main.tf");
    const blocked = run("git", ["commit", "-m", "ring"], consumer);
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain("main.tf:12:1: error: Consul container docker_container.ring does not set CONSUL_BIND_INTERFACE=eth0");
    expect(blocked.output).toContain('main.tf:13:11: error: image is the string "consul:latest"');

    await writeFile(path.join(consumer, "main.tf"), `${PROVIDER}${NETWORK}${STORE}`);
    git(consumer, "add", "main.tf");
    const passed = run("git", ["commit", "-m", "store"], consumer);
    expect(passed.output).toMatch(/hcl-lint\.+Passed/);
    expect(passed.status).toBe(0);
    // The hook runs with --cache: the module's findings were stored in the consumer's node_modules/.cache.
    expect(await readFile(path.join(consumer, "node_modules/.cache/hcl-lint/cache.json"), "utf8")).toContain(consumer);
  });

  it("without hcl-lint installed, blocks with one line saying what to install (no registry lookup)", async () => {
    const hooks = await newRepo({});
    await copyFile(path.join(repoRoot, ".pre-commit-hooks.yaml"), path.join(hooks, ".pre-commit-hooks.yaml"));
    git(hooks, "add", ".");
    git(hooks, "commit", "-q", "-m", "hooks");
    const consumer = await newRepo({ ".pre-commit-config.yaml": `repos:\n  - repo: ${hooks}\n    rev: ${git(hooks, "rev-parse", "HEAD").trim()}\n    hooks:\n      - id: hcl-lint\n` });
    git(consumer, "add", ".");
    git(consumer, "commit", "-q", "--no-verify", "-m", "setup");
    expect(run("pre-commit", ["install"], consumer).status).toBe(0);
    await writeFile(path.join(consumer, "main.tf"), NETWORK);
    git(consumer, "add", "main.tf");
    const blocked = run("git", ["commit", "-m", "network"], consumer);
    expect(blocked.status).not.toBe(0);
    const hookOutput = blocked.output.slice(blocked.output.indexOf("- exit code: 1"));
    expect(hookOutput.trim().split("\n").filter((line) => line.trim() !== "").slice(1)).toEqual(["hcl-lint is not installed in this repository: npm install --save-dev @cortex-ring/hcl-lint"]);
  });
});
