import { describe, expect, it } from "vitest";
import { vectors } from "../test/support/fixtures.js";
import { decodeRingDesc } from "./descriptor.js";
import { heartbeatAgeSeconds, isHeartbeatHealthy } from "./health.js";

describe("heartbeat health", () => {
  const now = new Date("2026-01-01T00:01:00.000Z");
  const at = (iso: string): number => Date.parse(iso) / 1000;

  it("is healthy up to and including the timeout, unhealthy after", () => {
    expect(isHeartbeatHealthy(at("2026-01-01T00:00:00Z"), now, 60_000)).toBe(true);
    expect(isHeartbeatHealthy(at("2026-01-01T00:00:00Z"), new Date(now.getTime() + 1), 60_000)).toBe(false);
  });

  it("a timeout of 0 never marks anything unhealthy, not even a zero heartbeat", () => {
    expect(isHeartbeatHealthy(0, now, 0)).toBe(true);
  });

  it("an instance that never heartbeated is unhealthy and has no age", () => {
    expect(isHeartbeatHealthy(0, now)).toBe(false);
    expect(heartbeatAgeSeconds(0, now)).toBeNull();
  });

  it("age is whole seconds, never negative under clock skew", () => {
    expect(heartbeatAgeSeconds(at("2026-01-01T00:00:30Z"), new Date(now.getTime() + 999))).toBe(30);
    expect(heartbeatAgeSeconds(at("2026-01-01T00:05:00Z"), now)).toBe(0);
  });

  it("agrees with the states Cortex's /ring page showed (Unhealthy vs. the state) for each vector", () => {
    for (const v of vectors("cortex")) {
      const desc = decodeRingDesc(v.value);
      for (const row of v.statusPage!) {
        const healthy = isHeartbeatHealthy(desc.ingesters[row.id]!.timestamp, new Date(v.now! * 1000), v.heartbeatTimeoutSeconds! * 1000);
        expect({ id: row.id, unhealthy: !healthy }).toEqual({ id: row.id, unhealthy: row.state === "Unhealthy" });
      }
    }
  });
});
