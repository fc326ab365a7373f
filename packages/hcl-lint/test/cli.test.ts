import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/index.js";
import { NETWORK, PROVIDER, STORE, scratch } from "./helpers.js";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const tutorial = fileURLToPath(new URL("fixtures/tutorial-ch06", import.meta.url));
const infra = fileURLToPath(new URL("../../../infra", import.meta.url));

/** Runs the real built bin as a user would, with a clean colour environment unless given. */
function hclLint(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env?.FORCE_COLOR) delete env.FORCE_COLOR;
  if (!options.env?.NO_COLOR) delete env.NO_COLOR;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd ?? tutorial, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("hcl-lint (the built bin)", () => {
  it("lints the current directory by default: exit 1 on errors, stylish output without colour off a TTY", async () => {
    const { code, stdout, stderr } = await hclLint([]);
    expect(code).toBe(1);
    expect(stderr).toBe("");
    expect(stdout).toContain("\nring.tf\n");
    expect(stdout).toMatch(/ {2}7:11 {2}error {4}docker_image\.consul\.latest: the `latest` attribute was removed/);
    expect(stdout).toContain("✖ 5 problems (2 errors, 3 warnings)");
    expect(stdout).not.toContain("\u001b[");
  });

  it("exit 0 and no output on a clean module (infra/)", async () => {
    expect(await hclLint([infra])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("--format json / -f compact / --format sarif", async () => {
    const json = await hclLint(["--format", "json", "."]);
    const results = JSON.parse(json.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    expect(results.map((result) => path.basename(result.filePath))).toEqual(["network.tf", "provider.tf", "ring.tf", "store.tf"]);
    expect(results[2]?.messages.map((message) => [message.ruleId, message.line])).toEqual([["pinned-image-tag", 2], ["image-reference", 7]]);
    const compact = await hclLint(["-f", "compact"]);
    expect(compact.stdout.split("\n")[0]).toBe('provider.tf:3:5: warning: required_providers.docker has no version constraint; pin one (e.g. version = "~> 4.6") so init does not pick up a breaking major [required-provider]');
    const sarif = JSON.parse((await hclLint(["--format=sarif"])).stdout) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]?.results).toHaveLength(5);
  });

  it("--max-warnings, --quiet and --rule", async () => {
    const warningsOnly = await hclLint(["--rule", "image-reference=off", "--max-warnings", "3", "-f", "compact"]);
    expect(warningsOnly.code).toBe(0);
    const tooMany = await hclLint(["--rule", "image-reference=off", "--max-warnings", "2", "-f", "compact"]);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toBe("hcl-lint: 3 warnings, more than --max-warnings 2\n");
    const quiet = await hclLint(["--quiet", "-f", "compact"]);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout.trim().split("\n").map((line) => line.replace(/:.*\[/, " ["))).toEqual(["ring.tf [image-reference]", "store.tf [image-reference]"]);
    const upgraded = await hclLint(["--rule", "pinned-image-tag=error", "--rule", "image-reference=off", "--rule", "required-provider=off", "-f", "compact"]);
    expect(upgraded.stdout).toContain("ring.tf:2:18: error:");
  });

  it("colour on a terminal or with FORCE_COLOR; NO_COLOR and --no-color win", async () => {
    expect((await hclLint([], { env: { FORCE_COLOR: "1" } })).stdout).toContain("\u001b[");
    expect((await hclLint([], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } })).stdout).not.toContain("\u001b[");
    expect((await hclLint(["--no-color"], { env: { FORCE_COLOR: "1" } })).stdout).not.toContain("\u001b[");
  });

  it("--fix rewrites the file and exits 0 when nothing else is wrong; -o writes the report to a file", async () => {
    const root = await scratch({ "network.tf": NETWORK, "provider.tf": PROVIDER, "store.tf": STORE.replace("cassandra.image_id", "cassandra.latest") });
    const { code, stdout } = await hclLint(["--fix", "-o", "report.json", "-f", "json", "."], { cwd: root });
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(await readFile(path.join(root, "store.tf"), "utf8")).toBe(STORE);
    const report = JSON.parse(await readFile(path.join(root, "report.json"), "utf8")) as { output?: string }[];
    expect(report.some((result) => result.output === STORE)).toBe(true);
  });

  it("--version and --help", async () => {
    const { version } = JSON.parse(await readFile(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8")) as { version: string };
    expect(await hclLint(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    const help = await hclLint(["-h"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: hcl-lint \[options\] \[path\.\.\.\]/);
    expect(help.stdout).toContain("consul-bind-interface");
  });

  const usage: [string, string[], RegExp][] = [
    ["unknown flag", ["--frobnicate"], /^hcl-lint: Unknown option '--frobnicate'.* \(see --help\)$/],
    ["unknown format", ["--format", "xml"], /^hcl-lint: unknown format "xml" \(use stylish, json, sarif, compact\)$/],
    ["missing path", ["nope"], /^hcl-lint: no such file or directory: nope$/],
    ["directory without .tf", [".."], /^hcl-lint: no \.tf or \.tf\.json files in \.\. \(use --recursive to walk subdirectories\)$/],
    ["unknown rule", ["--rule", "no-such=error"], /^hcl-lint: --rule: unknown rule "no-such"/],
    ["bad severity", ["--rule", "image-reference=fatal"], /^hcl-lint: --rule image-reference: severity must be "off", "warning" or "error", not "fatal"$/],
    ["bad --max-warnings", ["--max-warnings", "many"], /^hcl-lint: --max-warnings needs a whole number, not "many"$/],
    ["missing --config", ["-c", "nope.json"], /^hcl-lint: cannot read config .*nope\.json: ENOENT$/],
  ];
  for (const [name, args, message] of usage) {
    it(`exit 2 with one line, no stack trace: ${name}`, async () => {
      const { code, stdout, stderr } = await hclLint(args);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.endsWith("\n")).toBe(true);
      expect(stderr.trimEnd()).toMatch(message);
      expect(stderr.trimEnd()).not.toContain("\n");
    });
  }

  it("a syntax error is exit 1 with the file, line and column", async () => {
    const root = await scratch({ "broken.tf": `resource "docker_network" "n" {\n  name = "n\n}\n` });
    const { code, stdout } = await hclLint(["-f", "compact", root], { cwd: root });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^broken\.tf:2:12: error: Syntax error: Invalid multi-line string/);
  });
});

describe("runCli in-process (what cortex-ring lint calls)", () => {
  it("writes to the given streams, honours cwd and resolves with the exit code", async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = "";
    stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const code = await runCli(["-f", "compact", "ring.tf"], { stdout, stderr, cwd: tutorial, env: {}, isTTY: false });
    expect(code).toBe(1);
    expect(out.split("\n").filter(Boolean).map((line) => line.split(":").slice(0, 3).join(":"))).toEqual(["ring.tf:2:18", "ring.tf:7:11"]);
  });
});
