import { freePort } from "@cortex-ring/test-support/processes";
import { afterEach, describe, expect, it } from "vitest";
import { InterruptedError } from "../errors.js";
import { fakeCortex, type FakeCortex } from "../testing/fake-cortex.js";
import { checkSample, type CheckOptions, type CheckStep } from "./sample-check.js";

let cortex: FakeCortex | undefined;
afterEach(async () => {
  await cortex?.close();
  cortex = undefined;
});

function options(url: string, extra: Partial<CheckOptions> = {}): CheckOptions {
  return { distributor: url, querier: url, tenant: "team-a", timeoutMs: 2000, pollIntervalMs: 5, userAgent: "cortex-ring/test", ...extra };
}

describe("checkSample", () => {
  it("pushes one new series for the tenant and reads exactly that sample back, step by step", async () => {
    cortex = await fakeCortex();
    const steps: CheckStep[] = [];
    const report = await checkSample(options(cortex.url, { checkId: "c0ffee", value: 42.5, onStep: (s) => steps.push(s) }));
    expect(report).toMatchObject({ ok: true, tenant: "team-a", series: { __name__: "cortex_ring_check", check_id: "c0ffee" }, value: 42.5 });
    expect(report.steps).toEqual(steps);
    expect(steps.map((s) => [s.step, s.endpoint, s.ok, s.status, s.attempts])).toEqual([
      ["push", `${cortex.url}/api/v1/push`, true, 200, undefined],
      ["query", `${cortex.url}/prometheus/api/v1/query`, true, 200, 1],
    ]);
    expect(steps.every((s) => s.latencyMs >= 0)).toBe(true);

    expect(cortex.pushed).toHaveLength(1);
    const [series] = cortex.pushed;
    expect(series?.tenant).toBe("team-a");
    expect(series?.headers).toMatchObject({ "content-encoding": "snappy", "content-type": "application/x-protobuf", "x-prometheus-remote-write-version": "0.1.0", "user-agent": "cortex-ring/test" });
    expect(series?.labels).toEqual([{ name: "__name__", value: "cortex_ring_check" }, { name: "check_id", value: "c0ffee" }]);
    expect(series?.samples).toEqual([{ value: 42.5, timestamp: report.timestamp }]);
    expect(cortex.queries[0]?.searchParams.get("query")).toBe('cortex_ring_check{check_id="c0ffee"}');
    expect(Number(cortex.queries[0]?.searchParams.get("time")) * 1000).toBeCloseTo(report.timestamp, 0);
  });

  it("every check is a new series", async () => {
    cortex = await fakeCortex();
    const first = await checkSample(options(cortex.url));
    const second = await checkSample(options(cortex.url));
    expect(first.series.check_id).toMatch(/^[0-9a-f]{16}$/);
    expect(second.series.check_id).not.toBe(first.series.check_id);
  });

  it("keeps querying until the sample shows, and counts the queries", async () => {
    cortex = await fakeCortex({ hiddenQueries: 3 });
    const report = await checkSample(options(cortex.url));
    expect(report.ok).toBe(true);
    expect(report.steps[1]).toMatchObject({ step: "query", ok: true, attempts: 4 });
  });

  it("a refused push ends the check: the reason names the endpoint, status and Cortex's message", async () => {
    cortex = await fakeCortex({ push: { status: 400, body: "out of bounds: sample too old\nmore detail" } });
    const report = await checkSample(options(cortex.url));
    expect(report.ok).toBe(false);
    expect(report.steps).toHaveLength(1);
    expect(report.steps[0]?.error).toBe(`the distributor at ${cortex.url}/api/v1/push answered HTTP 400: out of bounds: sample too old`);
    expect(cortex.queries).toEqual([]);
  });

  it("an unreachable distributor is one line naming it", async () => {
    const port = await freePort();
    const report = await checkSample(options(`http://127.0.0.1:${port}`));
    expect(report.ok).toBe(false);
    expect(report.steps[0]?.error).toBe(`cannot reach the distributor at http://127.0.0.1:${port}/api/v1/push: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it("a sample that never comes back fails after the timeout with the querier's last answer", async () => {
    cortex = await fakeCortex({ hiddenQueries: Number.MAX_SAFE_INTEGER });
    const report = await checkSample(options(cortex.url, { timeoutMs: 200 }));
    expect(report.ok).toBe(false);
    const query = report.steps[1];
    expect(query?.attempts).toBeGreaterThan(1);
    expect(query?.error).toMatch(new RegExp(`^the sample did not come back from the querier at ${cortex.url}/prometheus/api/v1/query within 0\\.2s \\(\\d+ queries; last: no such series yet\\)$`));
  });

  it("a querier error is reported as it answered", async () => {
    cortex = await fakeCortex({ query: { status: 422, body: '{"status":"error","errorType":"execution","error":"expanding series: too many"}' } });
    const report = await checkSample(options(cortex.url, { timeoutMs: 50 }));
    expect(report.steps[1]?.status).toBe(422);
    expect(report.steps[1]?.error).toContain('last: HTTP 422: {"status":"error","errorType":"execution","error":"expanding series: too many"})');
  });

  it("an interrupt while waiting for the sample is an InterruptedError naming the querier", async () => {
    cortex = await fakeCortex({ hiddenQueries: Number.MAX_SAFE_INTEGER });
    const controller = new AbortController();
    const checking = checkSample(options(cortex.url, { timeoutMs: 60_000, signal: controller.signal, onStep: () => setTimeout(() => controller.abort(), 20) }));
    await expect(checking).rejects.toThrow(InterruptedError);
    await expect(checking).rejects.toThrow(`interrupted while waiting for the sample from the querier at ${cortex.url}/prometheus/api/v1/query`);
  });
});
