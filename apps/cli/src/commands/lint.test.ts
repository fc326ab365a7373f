import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeDeps, run } from "../testing/runtime.js";
import { namesNoPath } from "./lint.js";

function capture(code = 0) {
  const calls: { argv: string[]; cwd?: string | undefined; noColor?: string | undefined; isTTY?: boolean | undefined }[] = [];
  const deps = fakeDeps({ runLintCli: async (argv, io) => (calls.push({ argv, cwd: io?.cwd, noColor: io?.env?.NO_COLOR, isTTY: io?.isTTY }), code) });
  return { calls, deps };
}

describe("lint", () => {
  it("delegates to hcl-lint's runCli with the Terraform directory by default and returns its exit code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cortex-ring-lint-"));
    writeFileSync(join(dir, "main.tf"), "");
    const { calls, deps } = capture(1);
    const result = await run(["-C", dir, "lint", "--format", "compact"], { deps });
    expect(result.code).toBe(1);
    expect(calls[0]?.argv).toEqual(["--format", "compact", dir]);
    expect(calls[0]?.noColor).toBe("1");
  });

  it("passes explicit paths and flags through untouched, relative to where the user is", async () => {
    const { calls, deps } = capture(0);
    const cwd = mkdtempSync(join(tmpdir(), "cortex-ring-lint-"));
    expect((await run(["lint", "modules", "--rule", "x=off"], { deps, cwd })).code).toBe(0);
    expect(calls[0]).toMatchObject({ argv: ["modules", "--rule", "x=off"], cwd });
  });

  it("--json asks hcl-lint for JSON; usage exit 2 is passed through", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cortex-ring-lint-"));
    mkdirSync(join(dir, "infra"));
    const { calls, deps } = capture(2);
    const result = await run(["--json", "-C", dir, "lint"], { deps });
    expect(result.code).toBe(2);
    expect(calls[0]?.argv).toEqual(["--format", "json", dir]);
  });

  // hcl-lint colours its report when told stdout is a terminal and NO_COLOR is unset.
  it.each([
    { what: "stdout a terminal, stderr a pipe", stdoutTTY: true, stderrTTY: false, args: [], env: {}, color: true },
    { what: "stdout a pipe, stderr a terminal", stdoutTTY: false, stderrTTY: true, args: [], env: {}, color: false },
    { what: "both terminals", stdoutTTY: true, stderrTTY: true, args: [], env: {}, color: true },
    { what: "both terminals, NO_COLOR", stdoutTTY: true, stderrTTY: true, args: [], env: { NO_COLOR: "1" }, color: false },
    { what: "both terminals, --no-color", stdoutTTY: true, stderrTTY: true, args: ["--no-color"], env: {}, color: false },
    { what: "a pipe, FORCE_COLOR in the environment", stdoutTTY: false, stderrTTY: true, args: [], env: { FORCE_COLOR: "1" }, color: false },
  ])("the report's colour follows stdout: $what", async ({ stdoutTTY, stderrTTY, args, env, color }) => {
    const { calls, deps } = capture(0);
    const cwd = mkdtempSync(join(tmpdir(), "cortex-ring-lint-"));
    await run([...args, "lint", "main.tf"], { deps, cwd, env, stdoutTTY, stderrTTY });
    expect({ noColor: calls[0]?.noColor, isTTY: calls[0]?.isTTY }).toEqual(color ? { noColor: env.NO_COLOR, isTTY: true } : { noColor: "1", isTTY: false });
  });

  it("knows which flags take a value", () => {
    expect(namesNoPath(["--format", "json", "--max-warnings", "0"])).toBe(true);
    expect(namesNoPath(["--format", "json", "infra"])).toBe(false);
    expect(namesNoPath(["--fix"])).toBe(true);
  });
});
