/**
 * Input the parsers cannot take: a file that is not UTF-8, broken JSON syntax, nesting deeper than the parsers
 * follow. Each is a fatal finding of that file, at its place, and every other file and module is still linted and
 * reported, in every format (the real bin, as pre-commit and CI run it).
 */
import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NETWORK, PROVIDER, STORE, scratch } from "./helpers.js";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const hclLint = (args: string[], cwd: string) => {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** A tree of three modules: clean, one with a Latin-1 file, one with the tutorial's `.latest`. */
async function mixedTree(): Promise<string> {
  const root = await scratch({
    "clean/main.tf": PROVIDER + NETWORK + STORE,
    "latin1/network.tf": PROVIDER + NETWORK,
    "tutorial/main.tf": PROVIDER + NETWORK + STORE.replace("cassandra.image_id", "cassandra.latest"),
  });
  // "# café" in Latin-1 on line 2, after a first line of UTF-8: the bad byte is 0xE9 at line 2, column 6.
  await writeFile(path.join(root, "latin1/store.tf"), Buffer.concat([Buffer.from("# ok\n# caf"), Buffer.from([0xe9]), Buffer.from("\n" + STORE)]));
  return root;
}

describe("a file that is not UTF-8", () => {
  const latin1 = /File is not valid UTF-8 \(byte 0xe9 at offset 10\); Terraform reads configuration files as UTF-8/;

  it("json: a fatal finding of that file at its first bad byte; the other modules' findings are all there", async () => {
    const { code, stdout, stderr } = hclLint(["--recursive", "-f", "json", "."], await mixedTree());
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; fatal?: boolean; line: number; column: number; message: string }[] }[];
    const byFile = Object.fromEntries(results.map((result) => [path.basename(path.dirname(result.filePath)) + "/" + path.basename(result.filePath), result.messages]));
    expect(byFile["latin1/store.tf"]?.map(({ ruleId, fatal, line, column }) => ({ ruleId, fatal, line, column }))).toEqual([{ ruleId: null, fatal: true, line: 2, column: 6 }]);
    expect(byFile["latin1/store.tf"]?.[0]?.message).toMatch(latin1);
    expect(byFile["clean/main.tf"]).toEqual([]);
    expect(byFile["tutorial/main.tf"]?.map((message) => `${message.line}:${message.column} ${message.ruleId ?? ""}`)).toEqual(["18:11 image-reference"]);
  });

  it("compact, stylish and sarif say the same", async () => {
    const root = await mixedTree();
    const compact = hclLint(["-r", "-f", "compact", "."], root);
    expect(compact.code).toBe(1);
    expect(compact.stdout).toMatch(/^latin1\/store\.tf:2:6: error: File is not valid UTF-8/m);
    expect(compact.stdout).toMatch(/^tutorial\/main\.tf:18:11: error: docker_image\.cassandra\.latest/m);
    const stylish = hclLint(["-r", "."], root);
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).toMatch(/latin1\/store\.tf\n {2}2:6 {2}error {2}File is not valid UTF-8/);
    expect(stylish.stdout).toContain("✖ 2 problems (2 errors, 0 warnings)");
    const sarif = JSON.parse(hclLint(["-r", "-f", "sarif", "."], root).stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(sarif.runs[0]?.results.map((result) => `${String(result.locations[0]?.physicalLocation.artifactLocation.uri)}:${String(result.locations[0]?.physicalLocation.region.startLine)} ${result.ruleId}`).sort()).toEqual([
      "latin1/store.tf:2 syntax-error",
      "tutorial/main.tf:18 image-reference",
    ]);
  });
});

describe("broken JSON syntax and deep nesting", () => {
  it("a .tf.json that is not JSON is a fatal finding at the parser's line and column", async () => {
    const root = await scratch({ "main.tf.json": `{\n  "resource": {\n    "docker_network": { "n": { "name": "n", } }\n  }\n}\n`, "other.tf": NETWORK });
    const { code, stdout } = hclLint(["-f", "compact", "."], root);
    expect(code).toBe(1);
    expect(stdout).toBe("main.tf.json:3:45: error: Syntax error: Invalid JSON: property name expected [syntax]\n");
  });

  it("3,000 nested lists (valid HCL) are reported as nesting too deep, at the expression, not as a stack overflow at 1:1", async () => {
    const depth = 3000;
    const root = await scratch({ "main.tf": `${NETWORK}locals {\n  deep = ${"[".repeat(depth)}1${"]".repeat(depth)}\n}\n` });
    const { code, stdout } = hclLint(["-f", "compact", "."], root);
    expect(code).toBe(1);
    expect(stdout).toBe(`main.tf:5:10: error: Nesting too deep to analyse: this expression nests ${depth + 1} levels of brackets (hcl-lint follows up to 256); Terraform may accept it, but hcl-lint cannot check this file [syntax]\n`);
    expect(stdout).not.toContain("call stack");
  });
});
