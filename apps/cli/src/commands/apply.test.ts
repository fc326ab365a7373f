import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALIVE_SERVER, FIXTURES, fakeDeps, fakeRingApi, fakeTerraformDir, ring, run } from "../testing/runtime.js";

// Terraform subcommands in the order they ran (the fake also logs finished operations and signals).
const commands = (log: string): string[] => readFileSync(log, "utf8").trim().split("\n").map((line) => line.split(" ")[0] ?? "").filter((word) => word !== "done" && word !== "signal");

describe("apply", () => {
  it("refuses without a terminal and without --auto-approve before anything runs (exit 2)", async () => {
    const tf = fakeTerraformDir();
    let linted = false;
    const result = await run(["-C", tf.dir, "apply"], { env: tf.env, deps: fakeDeps({ lint: async () => ((linted = true), []) }) });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe("error: refusing to apply without confirmation: stdin is not a terminal (pass --auto-approve)");
    expect(linted).toBe(false);
  });

  it("applies exactly the saved plan, renders progress on stderr, then shows Consul members and rings", async () => {
    const tf = fakeTerraformDir();
    const api = fakeRingApi({ discoverRings: async () => [ring("collectors/ring", [{ id: "ingester-1" }])] });
    const result = await run(["-C", tf.dir, "apply", "--auto-approve"], { env: tf.env, deps: fakeDeps({}, api) });
    expect(result.code, result.stderr).toBe(0);
    // Everything the user reads on stderr, in order (durations and the temp dir vary between runs).
    expect(result.stderr.replaceAll(tf.dir, "<dir>").replace(/\b\d+(\.\d+)?s\b/g, "<t>").split("\n")).toEqual([
      "linting <dir>…",
      "lint: <dir> clean",
      "terraform init (no .terraform.lock.hcl)…",
      "initialised in <t>",
      "planning…",
      "planned in <t>",
      "    + terraform_data.a  create",
      "    + terraform_data.b  create",
      "    + terraform_data.c  create",
      "  outputs changing: consul_http_addr",
      "Plan: 3 to create, 0 to update, 0 to replace, 0 to delete.",
      "applying…",
      "creating terraform_data.a…",
      "✔ created terraform_data.a in <t>",
      "creating terraform_data.b…",
      "✔ created terraform_data.b in <t>",
      "creating terraform_data.c…",
      "✔ created terraform_data.c in <t>",
      "Apply complete: 3 added, 0 changed, 0 destroyed in <t>",
      "waiting for a Consul leader at http://127.0.0.1:18500…",
      "Consul leader 172.18.0.2:8300 (after <t>)",
      "",
    ]);
    const planFile = join(tf.dir, ".terraform", "cortex-ring.tfplan");
    const log = readFileSync(tf.log, "utf8");
    expect(log).toContain(`apply -input=false -json ${planFile}`);
    expect(commands(tf.log)).toEqual(["init", "plan", "show", "apply", "output"]);
    expect(api.addresses).toEqual(["http://127.0.0.1:18500"]);
    expect(result.stdout).toContain("hash-ring");
    expect(result.stdout).toContain("alive");
    expect(result.stdout).toContain("collectors/ring: 1 instance (1 ACTIVE), 128 tokens");
  });

  it("--json prints plan, counts and the Consul check as one JSON document", async () => {
    const tf = fakeTerraformDir();
    const result = await run(["-C", tf.dir, "--json", "apply", "--auto-approve"], { env: tf.env });
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { applied: object; consul: { members: unknown[]; leader: string } };
    expect(doc.applied).toEqual({ add: 3, change: 0, remove: 0 });
    expect(doc.consul.members).toEqual([ALIVE_SERVER]);
  });

  it("fails clearly when Consul gets no leader in time", async () => {
    const tf = fakeTerraformDir();
    const api = fakeRingApi({ leader: async () => "" });
    const result = await run(["-C", tf.dir, "apply", "--auto-approve", "--wait", "0.3"], { env: tf.env, deps: fakeDeps({}, api) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: Consul at http://127.0.0.1:18500 has no leader after 0.3s (no leader elected yet)");
  });

  it("waits for the instances of the cortex_ring_instances output to be ACTIVE in their rings, saying which are not yet", async () => {
    const tf = fakeTerraformDir();
    const rings = { "collectors/ring": ["ingester-0", "ingester-1"], "collectors/compactor": ["compactor"] };
    const outputs = JSON.stringify({ consul_http_addr: { value: "http://127.0.0.1:18500" }, cortex_ring_instances: { value: rings } });
    const answers = [
      ring("collectors/ring", [{ id: "ingester-0", state: "JOINING" }]),
      ring("collectors/ring", [{ id: "ingester-0" }, { id: "ingester-1", state: "JOINING" }]),
      ring("collectors/ring", [{ id: "ingester-0" }, { id: "ingester-1" }]),
    ];
    const reads: string[] = [];
    const readRing = async (key = "") => {
      reads.push(key);
      if (key === "collectors/compactor") return ring(key, [{ id: "compactor" }]);
      return answers[Math.min(reads.filter((k) => k === key).length - 1, answers.length - 1)]!;
    };
    const api = fakeRingApi({ readRing });
    const result = await run(["-C", tf.dir, "--json", "apply", "--auto-approve"], { env: { ...tf.env, FAKE_OUTPUT: outputs }, deps: fakeDeps({}, api) });
    expect(result.code, result.stderr).toBe(0);
    expect(reads.filter((key) => key === "collectors/ring")).toHaveLength(3);
    const progress = result.stderr.split("\n").filter((line) => line.includes("Cortex"));
    expect(progress).toEqual([
      "waiting for 3 Cortex instances to be ACTIVE in their rings…",
      "waiting for Cortex: 1 of 3 ACTIVE; ingester-0 JOINING in collectors/ring; ingester-1 missing from collectors/ring…",
      "waiting for Cortex: 2 of 3 ACTIVE; ingester-1 JOINING in collectors/ring…",
      "waiting for Cortex: 3 of 3 ACTIVE…",
      expect.stringMatching(/^Cortex ACTIVE: collectors\/ring 2, collectors\/compactor 1 \(after \d+\.\ds\)$/),
    ]);
    const doc = JSON.parse(result.stdout) as { consul: { cortex: { rings: object } } };
    expect(doc.consul.cortex.rings).toEqual(rings);
  });

  it("fails in one line when Cortex is not ACTIVE within --wait (exit 1)", async () => {
    const tf = fakeTerraformDir();
    const outputs = JSON.stringify({ consul_http_addr: { value: "http://127.0.0.1:18500" }, cortex_ring_instances: { value: { "collectors/ring": ["ingester-0"] } } });
    const api = fakeRingApi({ readRing: async (key) => ring(key ?? "", [{ id: "ingester-0", state: "PENDING" }]) });
    const result = await run(["-C", tf.dir, "apply", "--auto-approve", "--wait", "0.3"], { env: { ...tf.env, FAKE_OUTPUT: outputs }, deps: fakeDeps({}, api) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: Cortex is not ACTIVE in its rings after 0.3s: 0 of 1 ACTIVE; ingester-0 PENDING in collectors/ring\n");
  });

  it("skips the apply when the plan has no changes, but still checks Consul", async () => {
    const tf = fakeTerraformDir();
    const result = await run(["-C", tf.dir, "apply"], { env: { ...tf.env, FAKE_SHOW_JSON: join(FIXTURES, "show-no-changes.json") }, stdinTTY: true });
    expect(result.code, result.stderr).toBe(0);
    expect(commands(tf.log)).toEqual(["init", "plan", "show", "output"]);
    expect(result.stderr).toContain("No changes");
  });
});

describe("destroy", () => {
  it("plans with -destroy and applies that plan; no Consul check", async () => {
    const tf = fakeTerraformDir();
    const api = fakeRingApi();
    const result = await run(["-C", tf.dir, "destroy", "--auto-approve"], { env: tf.env, deps: fakeDeps({}, api) });
    expect(result.code, result.stderr).toBe(0);
    const log = readFileSync(tf.log, "utf8");
    expect(log).toMatch(/^plan .*-destroy/m);
    expect(log).toContain(`apply -input=false -json ${join(tf.dir, ".terraform", "cortex-ring-destroy.tfplan")}`);
    expect(api.addresses).toEqual([]);
  });
});
