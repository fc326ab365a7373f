import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "@cortex-ring/test-support/processes";
import { afterEach, describe, expect, it } from "vitest";
import { fakeCortex, type FakeCortex } from "../testing/fake-cortex.js";
import { fakeTerraformDir, run } from "../testing/runtime.js";

let cortex: FakeCortex | undefined;
afterEach(async () => {
  await cortex?.close();
  cortex = undefined;
});

const endpoints = (url: string) => ["--distributor", url, "--querier", url];

describe("check", () => {
  it("prints each step with its endpoint and latency, then the sample that came back (exit 0)", async () => {
    cortex = await fakeCortex();
    const result = await run(["check", ...endpoints(cortex.url)]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^✔ push  ${cortex.url}/api/v1/push  HTTP 200 in \\d+ ms$`));
    expect(lines[1]).toMatch(new RegExp(`^✔ query ${cortex.url}/prometheus/api/v1/query  HTTP 200 in \\d+ ms \\(1 query\\)$`));
    expect(lines[2]).toMatch(/^sample cortex_ring_check\{check_id="[0-9a-f]{16}"\} = [\d.]+ came back in \d+ ms \(tenant cortex-ring-check\)$/);
    expect(cortex.pushed[0]?.tenant).toBe("cortex-ring-check");
    expect(result.stderr).toBe("");
  });

  it("--json prints the report; --tenant sets X-Scope-OrgID", async () => {
    cortex = await fakeCortex();
    const result = await run(["--json", "check", ...endpoints(cortex.url), "--tenant", "team-b"]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; tenant: string; steps: { step: string; ok: boolean }[] };
    expect(report).toMatchObject({ ok: true, tenant: "team-b", steps: [{ step: "push", ok: true }, { step: "query", ok: true }] });
    expect(cortex.pushed[0]?.tenant).toBe("team-b");
  });

  it("finds the distributor and querier in the applied directory's outputs", async () => {
    cortex = await fakeCortex();
    const tf = fakeTerraformDir();
    writeFileSync(join(tf.dir, "terraform.tfstate"), "{}");
    const outputs = JSON.stringify({ cortex_distributor_url: { value: cortex.url }, cortex_querier_url: { value: cortex.url } });
    const result = await run(["-C", tf.dir, "check"], { env: { ...tf.env, FAKE_OUTPUT: outputs } });
    expect(result.code, result.stderr).toBe(0);
    expect(cortex.pushed).toHaveLength(1);
  });

  it("without an address to go to: usage error naming the flag and the output (exit 2)", async () => {
    const tf = fakeTerraformDir();
    const result = await run(["-C", tf.dir, "check"], { env: tf.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: no distributor address: pass --distributor <url>, or apply a cluster with Cortex (its cortex_distributor_url output)\n");
  });

  it("an unreachable distributor: the failed step on stdout, one error line naming it on stderr (exit 1)", async () => {
    const port = await freePort();
    const result = await run(["check", ...endpoints(`http://127.0.0.1:${port}`)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^✖ push  http://127.0.0.1:${port}/api/v1/push  after \\d+ ms\\n$`));
    expect(result.stderr).toBe(`error: cannot reach the distributor at http://127.0.0.1:${port}/api/v1/push: connect ECONNREFUSED 127.0.0.1:${port}\n`);
  });

  it("a sample that does not come back within --timeout: exit 1, the JSON report still printed", async () => {
    cortex = await fakeCortex({ hiddenQueries: Number.MAX_SAFE_INTEGER });
    const result = await run(["--json", "check", ...endpoints(cortex.url), "--timeout", "0.2"]);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as { ok: boolean }).ok).toBe(false);
    expect(result.stderr).toMatch(/^error: the sample did not come back from the querier at .* within 0\.2s \(\d+ queries; last: no such series yet\)\n$/);
  });

  it("rejects an address that is not http(s) (exit 2)", async () => {
    const result = await run(["check", "--distributor", "ftp://x", "--querier", "http://127.0.0.1:1"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("expected an http:// or https:// URL");
  });
});
