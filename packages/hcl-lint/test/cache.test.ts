/**
 * --cache, through the real bin. A hit is proven by planting a marker finding in the cache file: a run that
 * prints it answered from the cache; a run that does not, linted. The loaded modules are recorded too, so a hit
 * is seen to load neither parser.
 */
import { spawn } from "node:child_process";
import { cp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { component, CORTEX_YAML, cortexModule, INGESTERS } from "./cortex.js";
import { NETWORK, PROVIDER, STORE, scratch } from "./helpers.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
// Records every module the process resolves, and prints them on exit (to stderr, after a marker line).
const recordModules = `data:text/javascript,${encodeURIComponent(
  'import { registerHooks } from "node:module"; const seen = []; registerHooks({ resolve(s, c, next) { const r = next(s, c); seen.push(r.url); return r; } }); process.on("exit", () => process.stderr.write("\\nMODULES " + seen.join(" ") + "\\n"));',
)}`;

interface Run {
  code: number | null;
  stdout: string;
  modules: string[];
}

function hclLint(args: string[], cwd: string, bin = path.join(packageDir, "dist/bin.js")): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", recordModules, bin, "-f", "compact", ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, modules: /MODULES (.*)/.exec(stderr)?.[1]?.split(" ") ?? [] }));
  });
}

const tutorialStore = STORE.replace("cassandra.image_id", "cassandra.latest");

/** A repository with one module and a node_modules (so the cache goes to node_modules/.cache/hcl-lint/). */
async function repository(): Promise<{ root: string; cacheFile: string }> {
  const root = await scratch({ "infra/main.tf": PROVIDER + NETWORK + tutorialStore, "node_modules/.keep": "" });
  return { root, cacheFile: path.join(root, "node_modules/.cache/hcl-lint/cache.json") };
}

/** Replaces every cached finding's message with a marker: a run that prints the marker used the cache. */
async function plantMarker(cacheFile: string): Promise<void> {
  const cache = JSON.parse(await readFile(cacheFile, "utf8")) as { modules: Record<string, { files: Record<string, { messages: { message: string }[] }> }> };
  for (const entry of Object.values(cache.modules)) for (const file of Object.values(entry.files)) for (const message of file.messages) message.message = "FROM THE CACHE";
  await writeFile(cacheFile, JSON.stringify(cache));
}

// Reading a package.json (for the cache key's versions) is not loading a parser.
const loadedParsers = (run: Run) => run.modules.filter((url) => /hcl2json|web-tree-sitter|tree-sitter-hcl|lint-module/.test(url) && !url.endsWith("/package.json"));

describe("--cache", () => {
  it("a hit answers from the cache and loads neither parser; an edit is a miss", async () => {
    const { root, cacheFile } = await repository();
    const first = await hclLint(["--cache", "infra"], root);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain("infra/main.tf:18:11: error: docker_image.cassandra.latest");
    expect(loadedParsers(first).length).toBeGreaterThan(0);

    await plantMarker(cacheFile);
    const hit = await hclLint(["--cache", "infra"], root);
    expect(hit.code).toBe(1);
    expect(hit.stdout).toBe("infra/main.tf:18:11: error: FROM THE CACHE [image-reference]\n");
    expect(loadedParsers(hit)).toEqual([]);

    // Without --cache (or with --no-cache) the cache is not read.
    expect((await hclLint(["infra"], root)).stdout).not.toContain("FROM THE CACHE");
    expect((await hclLint(["--cache", "--no-cache", "infra"], root)).stdout).not.toContain("FROM THE CACHE");

    await writeFile(path.join(root, "infra/main.tf"), PROVIDER + NETWORK + STORE);
    const edited = await hclLint(["--cache", "infra"], root);
    expect(edited).toMatchObject({ code: 0, stdout: "" });
    expect(loadedParsers(edited).length).toBeGreaterThan(0);
  });

  it("a template the module renders (templatefile) is checked on every hit: an edit to it is a miss", async () => {
    const module = cortexModule([component("distributor"), INGESTERS]);
    const inMemory = CORTEX_YAML.replace("store: consul", "store: inmemory");
    const root = await scratch({ ...Object.fromEntries(Object.entries(module).map(([name, text]) => [`infra/${name}`, text])), "infra/cortex.yaml.tftpl": inMemory, "node_modules/.keep": "" });
    const ringStore = async () => (await hclLint(["--cache", "infra"], root)).stdout.split("\n").filter((line) => line.endsWith("[ring-store]"));
    const finding = "infra/cortex.tf:3:19: error: The ingester ring is kept in memory (ingester.lifecycler.ring.kvstore.store at cortex.yaml.tftpl:6)";
    expect((await ringStore())[0]).toContain(finding);

    const hit = await hclLint(["--cache", "infra"], root);
    expect(hit.stdout).toContain(finding);
    expect(loadedParsers(hit)).toEqual([]);

    await writeFile(path.join(root, "infra/cortex.yaml.tftpl"), CORTEX_YAML);
    expect(await ringStore()).toEqual([]);
    await rm(path.join(root, "infra/cortex.yaml.tftpl"));
    expect(await ringStore()).toEqual([]);
    await writeFile(path.join(root, "infra/cortex.yaml.tftpl"), inMemory);
    expect((await ringStore())[0]).toContain(finding);
  });

  it("a config change, a var file change and another hcl-lint version are misses", async () => {
    const { root, cacheFile } = await repository();
    await hclLint(["--cache", "infra"], root);
    await plantMarker(cacheFile);
    await writeFile(path.join(root, "infra/.hcl-lint.json"), `{"rules":{"pinned-image-tag":"error"}}`);
    expect((await hclLint(["--cache", "infra"], root)).stdout).toBe("infra/main.tf:18:11: error: docker_image.cassandra.latest: the `latest` attribute was removed in kreuzwerker/docker v3; use docker_image.cassandra.image_id [image-reference]\n");

    await plantMarker(cacheFile);
    await writeFile(path.join(root, "infra/terraform.tfvars"), `unused = "x"\n`);
    expect((await hclLint(["--cache", "infra"], root)).stdout).not.toContain("FROM THE CACHE");

    // The same package with another version number: its cache entries are not this one's.
    await plantMarker(cacheFile);
    const upgraded = await scratch({});
    await cp(path.join(packageDir, "dist"), path.join(upgraded, "dist"), { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(packageDir, "package.json"), "utf8")) as { version: string };
    await writeFile(path.join(upgraded, "package.json"), JSON.stringify({ ...manifest, version: "99.0.0" }));
    await symlink(path.join(packageDir, "node_modules"), path.join(upgraded, "node_modules"));
    const other = await hclLint(["--cache", "infra"], root, path.join(upgraded, "dist/bin.js"));
    expect(other.stdout).toContain("docker_image.cassandra.latest: the `latest` attribute was removed");
  });

  it("a corrupt cache file is ignored and rewritten; --cache-location puts it elsewhere", async () => {
    const { root, cacheFile } = await repository();
    await hclLint(["--cache", "infra"], root);
    await writeFile(cacheFile, '{"format":1,"modules":{"x":');
    const run = await hclLint(["--cache", "infra"], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("docker_image.cassandra.latest");
    expect(JSON.parse(await readFile(cacheFile, "utf8"))).toMatchObject({ format: 1 });

    const elsewhere = await scratch({});
    await hclLint(["--cache", "--cache-location", `${elsewhere}/`, "infra"], root);
    expect(await readdir(elsewhere)).toEqual([".hcl-lint-cache"]);
  });

  it("two runs at once (two hooks) both report correctly and leave one valid cache file", async () => {
    const root = await scratch({ "a/main.tf": PROVIDER + NETWORK + tutorialStore, "b/main.tf": PROVIDER + NETWORK + STORE, "node_modules/.keep": "" });
    const [a, b] = await Promise.all([hclLint(["--cache", "a"], root), hclLint(["--cache", "b"], root)]);
    expect(a.stdout).toContain("a/main.tf:18:11: error: docker_image.cassandra.latest");
    expect(b).toMatchObject({ code: 0, stdout: "" });
    const cacheDir = path.join(root, "node_modules/.cache/hcl-lint");
    expect(await readdir(cacheDir)).toEqual(["cache.json"]);
    const cache = JSON.parse(await readFile(path.join(cacheDir, "cache.json"), "utf8")) as { modules: Record<string, unknown> };
    expect(Object.keys(cache.modules).length).toBeGreaterThanOrEqual(1);
    // Whatever the interleaving, a third run of both is right.
    expect((await hclLint(["--cache", "a", "b"], root)).stdout).toBe("a/main.tf:18:11: error: docker_image.cassandra.latest: the `latest` attribute was removed in kreuzwerker/docker v3; use docker_image.cassandra.image_id [image-reference]\n");
  });
});
