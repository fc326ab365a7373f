/**
 * The native build of the parser (tools/hcl2json, provisioned by tools/test-tools.sh) and hcl-lint's client for it:
 * the same answers as the WASM, the pipe protocol under load (order, multi-byte text, answers larger than a pipe's
 * buffer), a binary that is missing, greets for other Go modules or dies, and how the bin chooses between the builds.
 * bench/hcl-lint/parsers.js compares the two builds on the whole corpus.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { NETWORK, PROVIDER, STORE, scratch } from "../../test/helpers.js";
import { NativeParserError, provisionedPath, startNative, type NativeParser, type ParserCalls } from "./native.js";
import { startWasm, wasmModules } from "./wasm.js";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const bin = path.join(packageDir, "dist/bin.js");
const modules = wasmModules();
const provisioned = provisionedPath(modules) ?? "";

/** A stand-in for the binary: a shell script. */
async function fakeParser(script: string): Promise<string> {
  const dir = await scratch({});
  const file = path.join(dir, "hcl2json");
  await writeFile(file, `#!/bin/sh\n${script}\n`);
  await chmod(file, 0o755);
  return file;
}

const answer = (parser: ParserCalls, name: "parse" | "getExpressionAst", source: string) =>
  parser.call(name, name === "parse" ? "input.tf" : "template.tf", source).catch((error: unknown) => `ERROR ${(error as Error).message}`);

describe("the native parser", () => {
  let native: NativeParser;
  let wasm: ParserCalls;
  beforeAll(async () => {
    if (!existsSync(provisioned)) throw new Error(`no native parser at ${provisioned}: run tools/test-tools.sh (it builds it with tools/hcl2json/build.sh)`);
    native = startNative(provisioned, modules);
    await native.ready;
    wasm = await startWasm(false);
  });

  it("answers what the WASM answers: values, templates, syntax errors, non-ASCII text, a file larger than a pipe's buffer", async () => {
    const large = Array.from({ length: 3000 }, (_, i) => `resource "docker_container" "c${i}" {\n  name  = "ring-é-☃-${i}"\n  image = docker_image.img.image_id\n}\n`).join("");
    const cases: ["parse" | "getExpressionAst", string][] = [
      ["parse", PROVIDER + NETWORK + STORE],
      ["parse", 'locals {\n  name = "ring-é-☃-日本 😀 <&>"\n  list = [for x in var.l : upper(x) if x != ""]\n}\n'],
      ["parse", 'resource "docker_network" "n" {\n  name = @\n}\n'],
      ["parse", large],
      ["getExpressionAst", "<<EOT\n${var.cluster_name}-ring-${count.index} é\nEOT\n"],
      ["getExpressionAst", "<<EOT\n${[for k, v in var.m : k => v... if v != null]}\nEOT\n"],
      ["getExpressionAst", "<<EOT\n${\nEOT\n"],
    ];
    const fromNative = await Promise.all(cases.map(([name, source]) => answer(native, name, source)));
    const fromWasm = await Promise.all(cases.map(([name, source]) => answer(wasm, name, source)));
    expect(fromNative).toEqual(fromWasm);
    expect(fromNative[3]?.length).toBeGreaterThan(200_000);
    expect(fromNative[2]).toMatch(/^ERROR .*input\.tf:2,10-11: Invalid expression/);
  });

  it("answers many calls in flight in the order they were made", async () => {
    const sources = Array.from({ length: 200 }, (_, i) => `locals {\n  n${i} = "${"é".repeat(i)}"\n}\n`);
    const answers = await Promise.all(sources.map((source) => native.call("parse", "input.tf", source)));
    expect(answers.map((text, i) => (JSON.parse(text) as { locals: Record<string, string>[] }).locals[0]?.[`n${i}`])).toEqual(sources.map((_, i) => "é".repeat(i)));
  });

  it("does not keep an idle process alive: a script that parses once exits by itself", () => {
    const script = `import { startNative } from ${JSON.stringify(new URL("../../dist/parser/native.js", import.meta.url).href)};
      const parser = startNative(${JSON.stringify(provisioned)}, ${JSON.stringify(modules)});
      process.stdout.write(await parser.call("parse", "input.tf", 'a = 1\\n'));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 20_000 });
    expect(run.error).toBeUndefined();
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 0, stdout: '{"a":1}' });
  });

  it("refuses a binary that is missing, built from other Go modules, silent, or that dies, failing every call in flight", async () => {
    const missing = startNative(path.join(await scratch({}), "hcl2json"), modules);
    await expect(missing.ready).rejects.toThrow(/native parser .*hcl2json: not found/);
    const other = startNative(await fakeParser("echo hcl2json github.com/hashicorp/hcl/v2@v2.0.0; cat >/dev/null"), modules);
    await expect(other.ready).rejects.toThrow(/built from other Go modules than this hcl-lint's parser \(it has github\.com\/hashicorp\/hcl\/v2@v2\.0\.0; the WASM has github\.com/);
    const silent = startNative(await fakeParser("exec sleep 60"), modules, 300);
    await expect(silent.ready).rejects.toThrow(/did not greet within 300 ms/);
    const dying = startNative(await fakeParser(`echo 'hcl2json ${modules}'; read header; echo 'panic: out of luck' >&2; exit 3`), modules);
    await dying.ready;
    const inFlight = [dying.call("parse", "input.tf", "a = 1\n"), dying.call("parse", "input.tf", "b = 2\n")];
    for (const call of inFlight) await expect(call).rejects.toThrow(NativeParserError);
    await expect(inFlight[0]).rejects.toThrow(/exited \(code 3\): panic: out of luck/);
  });

  it("is built from exactly the Go modules inside the WASM (tools/hcl2json/go.mod follows @cdktn/hcl2json)", () => {
    const goMod = readFileSync(path.join(packageDir, "../../tools/hcl2json/go.mod"), "utf8");
    const required = new Map([...goMod.matchAll(/^\s*(?:require\s+)?(\S+) (v\S+)/gm)].map(([, module, version]) => [module, version]));
    const mismatched = modules.split(" ").filter((entry) => required.get(entry.slice(0, entry.lastIndexOf("@"))) !== entry.slice(entry.lastIndexOf("@") + 1));
    expect(mismatched, "set these versions in tools/hcl2json/go.mod (the WASM's)").toEqual([]);
  });
});

describe("which build the bin parses with (HCL_LINT_HCL2JSON)", () => {
  const tutorial = PROVIDER + NETWORK + STORE.replace("cassandra.image_id", "cassandra.latest");
  const hclLint = (cwd: string, env: NodeJS.ProcessEnv) => {
    const run = spawnSync(process.execPath, [bin, "-f", "compact", "."], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it("unset: a provisioned build that does not work is reported in one line, and the WASM lints instead", async () => {
    const root = await scratch({ "main.tf": tutorial });
    const cache = await scratch({});
    const where = provisionedPath(modules, { CORTEX_RING_CACHE: cache }) ?? "";
    await mkdir(path.dirname(where), { recursive: true });
    await writeFile(where, "#!/bin/sh\nexit 1\n");
    await chmod(where, 0o755);
    const run = hclLint(root, { HCL_LINT_HCL2JSON: "", CORTEX_RING_CACHE: cache });
    expect(run.stderr).toBe(`hcl-lint: native parser ${where}: exited (code 1); parsing with the WASM instead (rebuild: tools/hcl2json/build.sh)\n`);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(hclLint(root, { HCL_LINT_HCL2JSON: "wasm" }).stdout);
    expect(run.stdout).toContain("main.tf:18:11: error: docker_image.cassandra.latest");
  });

  it("unset, with nothing provisioned: the WASM, silently; named: the build must work (exit 2, one line)", async () => {
    const root = await scratch({ "main.tf": tutorial });
    const nothing = hclLint(root, { HCL_LINT_HCL2JSON: "", CORTEX_RING_CACHE: await scratch({}) });
    expect({ code: nothing.code, stderr: nothing.stderr }).toEqual({ code: 1, stderr: "" });
    const missing = path.join(root, "no-such-binary");
    expect(hclLint(root, { HCL_LINT_HCL2JSON: missing })).toEqual({
      code: 2,
      stdout: "",
      stderr: `hcl-lint: HCL_LINT_HCL2JSON=${missing}: native parser ${missing}: not found (unset it to parse with the WASM)\n`,
    });
    const unprovisioned = hclLint(root, { HCL_LINT_HCL2JSON: "native", CORTEX_RING_CACHE: await scratch({}) });
    expect(unprovisioned.code).toBe(2);
    expect(unprovisioned.stderr).toMatch(/^hcl-lint: HCL_LINT_HCL2JSON=native: native parser .*: not found \(build it with tools\/hcl2json\/build\.sh\)\n$/);
  });
});
