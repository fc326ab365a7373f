import type { ForgetUnhealthyOptions, ForgetUnhealthyResult, RingSnapshot } from "@cortex-ring/ring-client";
import { describe, expect, it } from "vitest";
import { evenRing, snapshotFrom } from "../testing/rings.js";
import { fakeDeps, fakeRingApi, run } from "../testing/runtime.js";

const consul = ["--consul", "http://127.0.0.1:18500"];
const status = (snapshots: RingSnapshot[], args: string[]) =>
  run([...consul, "ring", "status", ...args], { deps: fakeDeps({}, fakeRingApi({ discoverSnapshots: async () => snapshots, readSnapshot: async (key) => snapshots.find((s) => s.ring.key === key)! })) });

describe("ring status: the quorum verdict", () => {
  const healthy = [evenRing("collectors/ring", 4), evenRing("rulers/ring", 1, [1], "ruler")];
  const oneDead = [evenRing("collectors/ring", 6, [1])];
  const twoDead = [evenRing("collectors/ring", 6, [1, 2])];

  it("judges the ingester ring only: a verdict line under its table, quorum null for the others in --json", async () => {
    const text = await status(healthy, []);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("quorum: ok (RF 3): writes and reads ok\n");
    expect(text.stdout.match(/quorum:/g)).toHaveLength(1);
    const json = await status(healthy, ["--json"]);
    const rings = JSON.parse(json.stdout) as { key: string; valueBytes: number; quorum: { verdict: { status: string; write: { share: { ok: number } } } } | null }[];
    expect(rings.map((r) => [r.key, r.valueBytes, r.quorum?.verdict.status ?? null, r.quorum?.verdict.write.share.ok ?? null])).toEqual([
      ["collectors/ring", 160, "ok", 1],
      ["rulers/ring", 40, null, null],
    ]);
  });

  it("one dead: degraded, and who is one loss away from breaking it", async () => {
    const text = await status(oneDead, []);
    // Six tokens at k/7 of the ring: the range ending at ingester-1's token wraps and is twice the others (2/7).
    // ingester-1 is in the sets of the ranges ending at 1, 5 and 6: 4/7 of the token space.
    expect(text.stdout).toContain("quorum: degraded (RF 3): writes and reads degraded on 57.1% of the token space\n");
    expect(text.stdout).toContain("  one more loss breaks writes and reads: ingester-2 (42.9%), ingester-3 (28.6%), ingester-6 (28.6%), ingester-5 (14.3%)\n");
  });

  it("two dead sharing ranges: broken, with the ranges that lost quorum", async () => {
    const text = await status(twoDead, []);
    // {1,2,3} (2/7) and {6,1,2} (1/7) lost quorum; {2,3,4} and {5,6,1} kept it with one replica down.
    expect(text.stdout).toContain("quorum: broken (RF 3): writes and reads lost quorum on 42.9% of the token space (2 of 6 ranges), degraded on 28.6% of the token space\n");
    expect(text.stdout).toMatch(/^ {2}lost quorum for writes: keys 3681400539–613566755 \(wrapping\) \(28\.6%\): replicas ingester-1, ingester-2, ingester-3; healthy ingester-3, 2 needed$/m);
  });

  it("--fail-on broken|degraded|unhealthy sets the exit code; --fail-unhealthy still works", async () => {
    const codes = async (snapshots: RingSnapshot[]) =>
      Promise.all([["--fail-on", "broken"], ["--fail-on", "degraded"], ["--fail-on", "unhealthy"], ["--fail-unhealthy"], []].map(async (args) => (await status(snapshots, args)).code));
    expect(await codes(healthy)).toEqual([0, 0, 1, 1, 0]); // the ruler is unhealthy
    expect(await codes(oneDead)).toEqual([0, 1, 1, 1, 0]);
    expect(await codes(twoDead)).toEqual([1, 1, 1, 1, 0]);
    const failing = await status(twoDead, ["--fail-on", "broken"]);
    expect(failing.stderr).toBe("collectors/ring is broken\n");
    const unhealthy = await status(healthy, ["--fail-on", "unhealthy"]);
    expect(unhealthy.stderr).toBe("1 unhealthy instance: rulers/ring/ruler-1\n");
  });

  it("--without predicts, and counts for --fail-on: the restart check a script runs first", async () => {
    const safe = await status(healthy, ["--without", "ingester-1", "--fail-on", "broken"]);
    expect(safe.code).toBe(0);
    expect(safe.stdout).toContain("without ingester-1 (1 instance down): degraded (RF 3): writes and reads degraded on 80.0% of the token space");
    const unsafe = await status(oneDead, ["--without", "ingester-2", "--fail-on", "broken"]);
    expect(unsafe.code).toBe(1);
    expect(unsafe.stderr).toBe("without ingester-2, collectors/ring would be broken\n");
    const json = JSON.parse((await status(oneDead, ["--json", "--without", "ingester-2"])).stdout) as { quorum: { whatIf: { without: string[]; instances: string[]; verdict: { status: string } } } }[];
    expect(json[0]?.quorum.whatIf).toMatchObject({ without: ["ingester-2"], instances: ["ingester-2"], verdict: { status: "broken" } });
  });

  it("--without that judges nothing is a usage error (exit 2): a typo, a zone that is not there, no ingester ring", async () => {
    for (const [args, message] of [
      [["--without", "ingester-9"], "error: --without ingester-9: no such instance or zone in collectors/ring\n"],
      [["--without", "zone=zone-x"], "error: --without zone=zone-x: no such instance or zone in collectors/ring\n"],
      [["--without", ""], "error: --without : expected an instance ID or zone=<zone>, got \"\"\n"],
    ] as const) {
      expect(await status(healthy, [...args]), args.join(" ")).toMatchObject({ code: 2, stderr: message });
    }
    const rulersOnly = await status([evenRing("rulers/ring", 2)], ["--without", "ruler-1"]);
    expect([rulersOnly.code, rulersOnly.stderr]).toEqual([2, "error: --without applies to the ingester ring collectors/ring, which is not among the rings read\n"]);
    const noneToJudge = await status([evenRing("rulers/ring", 2)], ["--fail-on", "broken"]);
    expect([noneToJudge.code, noneToJudge.stderr]).toEqual([1, "no ingester ring at collectors/ring to judge\n"]);
  });

  it("Cortex's flags change the verdict: --replication-factor, --zone-awareness, --excluded-zones, --ingester-ring", async () => {
    expect((await status(oneDead, ["--replication-factor", "1"])).stdout).toContain("quorum: broken (RF 1): writes and reads lost quorum on 28.6%");
    const zoned = [snapshotFrom("collectors/ring", { a: { zone: "zone-a", tokens: [100] }, b: { zone: "zone-b", tokens: [200] }, c: { zone: "zone-c", tokens: [300], heartbeatAgo: 600 } })];
    expect((await status(zoned, ["--replication-factor", "2", "--zone-awareness"])).stdout).toContain("quorum: broken (RF 2, zone-aware)");
    expect((await status(zoned, ["--replication-factor", "2", "--zone-awareness", "--excluded-zones", "zone-c"])).stdout).toContain("quorum: ok (RF 2, zone-aware)");
    expect((await status(oneDead, ["--zone-awareness"])).stdout).toContain("quorum: degraded (RF 3, zone-aware)");
    const custom = await status([evenRing("my/ring", 3)], ["--ingester-ring", "my/ring"]);
    expect(custom.stdout).toContain("quorum: ok (RF 3)");
    for (const bad of [["--replication-factor", "0"], ["--fail-on", "sometimes"]]) expect((await status(healthy, bad)).code, bad.join(" ")).toBe(2);
  });
});

describe("ring forget --unhealthy-for", () => {
  const result = (over: Partial<ForgetUnhealthyResult> = {}): ForgetUnhealthyResult => ({
    key: "collectors/ring",
    dryRun: false,
    candidates: [{ id: "ghost", heartbeatAgeSeconds: null }, { id: "ingester-7", heartbeatAgeSeconds: 3723 }],
    after: null,
    refused: null,
    removed: [{ id: "ghost", attempts: 1 }, { id: "ingester-7", attempts: 2 }],
    skipped: [],
    ...over,
  });
  const forget = async (args: string[], answer: ForgetUnhealthyResult = result()) => {
    const calls: [string, ForgetUnhealthyOptions][] = [];
    const api = fakeRingApi({ forgetUnhealthy: async (key, options) => (calls.push([key, options]), answer) });
    return { ...(await run([...consul, "ring", "forget", ...args], { deps: fakeDeps({}, api) })), calls };
  };

  it("asks ring-client to remove them with the ingester ring's quorum settings, and says what it did", async () => {
    const done = await forget(["--unhealthy-for", "10m", "--replication-factor", "5"]);
    expect(done.code).toBe(0);
    expect(done.calls).toEqual([["collectors/ring", { unhealthyForMs: 600_000, dryRun: false, force: false, quorum: { replicationFactor: 5, excludedZones: [] } }]]);
    expect(done.stdout).toBe(
      "collectors/ring: 2 instances unhealthy for longer than 10m: ghost (never heartbeated), ingester-7 (last heartbeat 1h2m3s ago)\nremoved ghost (1 attempt)\nremoved ingester-7 (2 attempts)\n",
    );
  });

  it("other rings get no quorum check; --dry-run and --force pass through; --json prints the result", async () => {
    const other = await forget(["--key", "collectors/store-gateway", "--unhealthy-for", "1h", "--dry-run", "--force", "--json"], result({ key: "collectors/store-gateway", dryRun: true, removed: [] }));
    expect(other.calls).toEqual([["collectors/store-gateway", { unhealthyForMs: 3_600_000, dryRun: true, force: true }]]);
    expect(JSON.parse(other.stdout)).toMatchObject({ key: "collectors/store-gateway", dryRun: true, removed: [] });
    const text = await forget(["--key", "collectors/store-gateway", "--unhealthy-for", "1h", "--dry-run"], result({ key: "collectors/store-gateway", dryRun: true, removed: [] }));
    expect(text.stdout).toContain("no quorum check: collectors/store-gateway is not the ingester ring (--ingester-ring)\ndry run: would remove ghost, ingester-7\n");
  });

  it("a refusal is exit 1 with the reason and the way round it; skipped instances are named", async () => {
    const refused = await forget(["--unhealthy-for", "10m"], result({ removed: [], refused: "without them 100.0% of writes would be below quorum (RF 3)" }));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("error: not removing 2 instances from collectors/ring: without them 100.0% of writes would be below quorum (RF 3); pass --force to remove them anyway\n");
    const skipped = await forget(["--unhealthy-for", "10m"], result({ removed: [], skipped: [{ id: "ghost", reason: "heartbeat came back" }] }));
    expect(skipped.stdout).toContain("kept ghost: heartbeat came back\n");
  });

  it("an ID or --unhealthy-for, not both, not neither; --dry-run only with --unhealthy-for (exit 2)", async () => {
    for (const args of [["x", "--unhealthy-for", "1m"], [], ["x", "--dry-run"], ["--unhealthy-for", "soon"]]) {
      expect((await forget(args)).code, args.join(" ")).toBe(2);
    }
  });
});

describe("ring metrics", () => {
  it("refuses a --listen that is not host:port (exit 2)", async () => {
    for (const listen of ["9105", "127.0.0.1:99999", "localhost:"]) expect((await run([...consul, "ring", "metrics", "--listen", listen])).code, listen).toBe(2);
  });
});
