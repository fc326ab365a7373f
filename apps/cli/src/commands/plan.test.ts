import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, fakeDeps, fakeTerraformDir, lintResult, run } from "../testing/runtime.js";

const invocations = (log: string): string[] => {
  try {
    return readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((line) => line.split(" ")[0] ?? "");
  } catch {
    return [];
  }
};

describe("plan", () => {
  it("inits once, plans to a file in .terraform and prints the compact summary on stdout", async () => {
    const tf = fakeTerraformDir();
    const first = await run(["--chdir", tf.dir, "plan"], { env: tf.env });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`lint: ${tf.dir} clean\n`);
    expect(first.stdout).toContain("+ terraform_data.a  create");
    expect(first.stdout).toContain("Plan: 3 to create, 0 to update, 0 to replace, 0 to delete.");
    expect(invocations(tf.log)).toEqual(["init", "plan", "show"]);
    const planLine = readFileSync(tf.log, "utf8").split("\n").find((line) => line.startsWith("plan "));
    expect(planLine).toContain("-input=false");
    expect(planLine).toContain(`-out=${join(tf.dir, ".terraform", "cortex-ring.tfplan")}`);

    // Nothing init depends on changed: the second plan skips it.
    const second = await run(["--chdir", tf.dir, "plan", "-v"], { env: tf.env });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain("init: skipped");
    expect(invocations(tf.log)).toEqual(["init", "plan", "show", "plan", "show"]);

    // A provider version bump needs init again.
    writeFileSync(join(tf.dir, "main.tf"), readFileSync(join(tf.dir, "main.tf"), "utf8").replace("3.9.0", "3.8.0"));
    await run(["--chdir", tf.dir, "plan"], { env: tf.env });
    expect(invocations(tf.log).slice(5)).toEqual(["init", "plan", "show"]);
  });

  it("--detailed-exitcode: 2 with changes, 0 without", async () => {
    const tf = fakeTerraformDir();
    expect((await run(["-C", tf.dir, "plan", "--detailed-exitcode"], { env: tf.env })).code).toBe(2);
    const none = await run(["-C", tf.dir, "plan", "--detailed-exitcode"], { env: { ...tf.env, FAKE_SHOW_JSON: join(FIXTURES, "show-no-changes.json") } });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("No changes.");
  });

  it("--json prints the summary as JSON and passes --var/--var-file through", async () => {
    const tf = fakeTerraformDir();
    const result = await run(["-C", tf.dir, "--json", "plan", "--var", "cluster_name=t1", "--var", "consul_http_port=18500", "--var-file", "x.tfvars"], { env: tf.env, cwd: tf.dir });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { counts: Record<string, number>; changes: unknown[] };
    expect(summary.counts).toEqual({ create: 3, update: 0, replace: 0, delete: 0 });
    const planLine = readFileSync(tf.log, "utf8").split("\n").find((line) => line.startsWith("plan ")) ?? "";
    expect(planLine).toContain("-var=cluster_name=t1 -var=consul_http_port=18500");
    expect(planLine).toContain(`-var-file=${join(tf.dir, "x.tfvars")}`);
  });

  it("stops on lint errors before Terraform starts (exit 1)", async () => {
    const tf = fakeTerraformDir();
    const deps = fakeDeps({ lint: async (paths) => paths.map((path) => lintResult(join(path, "main.tf"), 2)) });
    const result = await run(["-C", tf.dir, "plan"], { env: tf.env, deps });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`lint: 2 errors, 0 warnings in ${tf.dir}\n`);
    expect(result.stderr).toContain("main.tf:1:1 error 0");
    expect(result.stderr).toMatch(/error: lint found 2 errors in .*; Terraform was not started/);
    expect(invocations(tf.log)).toEqual([]);
  });

  it("lets warnings through and --no-lint skips the gate", async () => {
    const tf = fakeTerraformDir();
    let linted = 0;
    const deps = fakeDeps({ lint: async (paths) => (linted++, paths.map((path) => lintResult(path, 0, 1))) });
    const warned = await run(["-C", tf.dir, "plan"], { env: tf.env, deps });
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain(`lint: 1 warning in ${tf.dir}\n`);
    expect(warned.stderr).toContain(`${tf.dir}:2:1 warning 0\n`);
    const skipped = await run(["-C", tf.dir, "plan", "--no-lint"], { env: tf.env, deps });
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).not.toContain("lint:");
    expect(linted).toBe(1);
  });

  it("a Terraform error is one line naming the diagnostic, exit 1", async () => {
    const tf = fakeTerraformDir();
    const result = await run(["-C", tf.dir, "plan"], { env: { ...tf.env, FAKE_PLAN_ERROR: "Unsupported argument" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: terraform plan failed: Unsupported argument: bad");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("usage errors exit 2 with one line", async () => {
    const tf = fakeTerraformDir();
    const bad = await run(["-C", tf.dir, "plan", "--var", "novalue"], { env: tf.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected key=value");
    expect((await run(["plan", "--bogus"])).code).toBe(2);
    expect((await run(["-C", "/nonexistent/dir", "plan"])).stderr).toContain("--chdir /nonexistent/dir: no such directory");
  });
});
