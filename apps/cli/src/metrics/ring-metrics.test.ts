import type { RingSnapshot } from "@cortex-ring/ring-client";
import { describe, expect, it } from "vitest";
import { evenRing, snapshotFrom } from "../testing/rings.js";
import { RingMetrics } from "./ring-metrics.js";
import { serveMetrics } from "./server.js";

const quorum = { replicationFactor: 3, heartbeatTimeoutMs: 60_000 };

/** The exposition's samples as "name{labels}" → value. */
function samples(text: string): Map<string, number> {
  return new Map(text.split("\n").filter((line) => line && !line.startsWith("#")).map((line) => [line.slice(0, line.lastIndexOf(" ")), Number(line.slice(line.lastIndexOf(" ") + 1))]));
}

function metricsOver(read: () => Promise<RingSnapshot[]>, errors: string[] = []): RingMetrics {
  return new RingMetrics({ read }, { ingesterRing: "collectors/ring", quorum, onError: (error) => errors.push(error.message) });
}

describe("RingMetrics", () => {
  it("exports members by state and health, the quorum verdict of the ingester ring, and value sizes", async () => {
    const rings = [evenRing("collectors/ring", 6, [1, 2]), evenRing("rulers/ring", 2, [], "ruler")];
    const got = samples(await metricsOver(async () => rings).scrape());
    expect(got.get('cortexring_ring_members{ring="collectors/ring",state="ACTIVE",health="unhealthy"}')).toBe(2);
    expect(got.get('cortexring_ring_members{ring="collectors/ring",state="ACTIVE",health="healthy"}')).toBe(4);
    expect(got.get('cortexring_ring_members{ring="collectors/ring",state="LEAVING",health="healthy"}')).toBe(0);
    expect(got.get('cortexring_ring_below_quorum_ratio{ring="collectors/ring",operation="write"}')).toBeCloseTo(3 / 7, 6);
    expect(got.get('cortexring_ring_below_replication_factor_ratio{ring="collectors/ring",operation="read"}')).toBeCloseTo(5 / 7, 6);
    expect(got.get('cortexring_ring_critical_instances{ring="collectors/ring",operation="write"}')).toBe(4);
    expect([got.get('cortexring_ring_quorum_status{ring="collectors/ring",status="broken"}'), got.get('cortexring_ring_quorum_status{ring="collectors/ring",status="ok"}')]).toEqual([1, 0]);
    expect(got.get('cortexring_ring_replication_factor{ring="collectors/ring"}')).toBe(3);
    expect([got.get('cortexring_ring_value_bytes{ring="rulers/ring"}'), got.get('cortexring_ring_tokens{ring="rulers/ring"}')]).toEqual([80, 2]);
    expect([got.get("cortexring_consul_up"), got.get("cortexring_consul_value_limit_bytes")]).toEqual([1, 524288]);
    // Quorum is judged for the ingester ring only.
    expect([...got.keys()].filter((k) => k.includes('ring="rulers/ring"') && k.includes("quorum"))).toEqual([]);
  });

  it("a failed read: consul_up 0, no stale ring series, the error reported; the next good read restores them", async () => {
    let fail = true;
    const errors: string[] = [];
    const metrics = metricsOver(async () => (fail ? Promise.reject(new Error("Consul unreachable at http://127.0.0.1:1/v1/kv/collectors/")) : [evenRing("collectors/ring", 3)]), errors);
    fail = false;
    await metrics.scrape();
    fail = true;
    const down = samples(await metrics.scrape());
    expect(down.get("cortexring_consul_up")).toBe(0);
    expect([...down.keys()].filter((k) => k.startsWith("cortexring_ring_"))).toEqual([]);
    expect(errors).toEqual(["Consul unreachable at http://127.0.0.1:1/v1/kv/collectors/"]);
    fail = false;
    expect(samples(await metrics.scrape()).get("cortexring_consul_up")).toBe(1);
  });

  it("last update age: the newest heartbeat, or the last ModifyIndex change seen, whichever is later", async () => {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000); // whole seconds, as heartbeats are
    let snapshot = snapshotFrom("collectors/ring", { dead: { tokens: [1], heartbeatAgo: 600 } }, now);
    const metrics = metricsOver(async () => [snapshot]);
    const age = async () => samples(await metrics.scrape()).get('cortexring_ring_last_update_age_seconds{ring="collectors/ring"}');
    expect(await age()).toBe(600);
    snapshot = { ...snapshot, ring: { ...snapshot.ring, modifyIndex: 8 } }; // a forget, say: a write without a heartbeat
    expect(await age()).toBe(0);
  });

  it("concurrent scrapes share one read of Consul", async () => {
    let reads = 0;
    const metrics = metricsOver(async () => (reads++, [evenRing("collectors/ring", 3)]));
    await Promise.all([metrics.scrape(), metrics.scrape(), metrics.scrape()]);
    expect(reads).toBe(1);
  });
});

describe("serveMetrics", () => {
  it("GET /metrics scrapes; / points there; other paths 404, other methods 405, a failing scrape 500", async () => {
    let fail = false;
    const endpoint = await serveMetrics(async () => (fail ? Promise.reject(new Error("boom")) : "up 1\n"), "text/plain; version=0.0.4", "127.0.0.1", 0);
    try {
      expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const ok = await fetch(endpoint.url);
      expect([ok.status, ok.headers.get("content-type"), await ok.text()]).toEqual([200, "text/plain; version=0.0.4", "up 1\n"]);
      const base = endpoint.url.replace(/\/metrics$/, "");
      expect((await fetch(`${base}/`)).status).toBe(200);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
      expect((await fetch(endpoint.url, { method: "POST" })).status).toBe(405);
      fail = true;
      const failed = await fetch(endpoint.url);
      expect([failed.status, await failed.text()]).toEqual([500, "boom\n"]);
    } finally {
      await endpoint.close();
    }
  });

  it("a port already taken is an error, not a hang", async () => {
    const first = await serveMetrics(async () => "", "text/plain", "127.0.0.1", 0);
    try {
      const port = Number(new URL(first.url).port);
      await expect(serveMetrics(async () => "", "text/plain", "127.0.0.1", port)).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
