// The shipped alerting rules (apps/cli/alerts) against real promtool (tools/cortex/promtool.sh builds it):
// they load, their unit tests pass, they only use series `ring metrics` exports, and that exposition lints clean.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { promtool, promtoolBinary } from "../testing/promtool.js";
import { evenRing, snapshotFrom } from "../testing/rings.js";
import { RingMetrics } from "./ring-metrics.js";

const ALERTS = fileURLToPath(new URL("../../alerts/", import.meta.url));
const RULES = "cortex-ring.rules.yml";

async function exposition(): Promise<string> {
  const rings = [
    evenRing("collectors/ring", 6, [1, 2]),
    snapshotFrom("collectors/store-gateway", { "store-gateway-1": { tokens: [1, 2], state: 3 }, "store-gateway-2": { tokens: [3], heartbeatAgo: 900 } }),
  ];
  return new RingMetrics({ read: async () => rings }, { ingesterRing: "collectors/ring", quorum: { replicationFactor: 3 } }).scrape();
}

describe("alerting rules and exposition, checked by promtool", { timeout: 15 * 60_000 }, () => {
  it("promtool check rules: every rule loads", async () => {
    await promtoolBinary(); // builds it on a cold machine (minutes), once
    expect(await promtool(["check", "rules", RULES], { cwd: ALERTS })).toEqual({ code: 0, output: `Checking ${RULES}\n  SUCCESS: 9 rules found\n\n` });
  });

  it("promtool test rules: the alerts fire on broken, degraded, oversized and stale rings, and not on a healthy one", async () => {
    expect(await promtool(["test", "rules", "cortex-ring.rules.test.yml"], { cwd: ALERTS })).toMatchObject({ code: 0 });
  });

  it("promtool check metrics: the exposition of ring metrics has nothing to fix", async () => {
    expect(await promtool(["check", "metrics"], { stdin: await exposition() })).toEqual({ code: 0, output: "" });
  });

  it("the rules only use series ring metrics exports", async () => {
    const exported = new Set([...(await exposition()).matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    const used = new Set([...readFileSync(`${ALERTS}${RULES}`, "utf8").matchAll(/\b(cortexring_[a-z_]+)/g)].map((m) => m[1]));
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
    expect(used.size).toBeGreaterThanOrEqual(8);
  });
});
