// Can the ring take writes? `cortex-ring ring status|metrics|forget` as a user runs them, on a ring written by
// three real Cortex ingesters (RF 3) in a real Consul agent on loopback: the what-if predicts a kill, the kills
// happen (SIGKILL: the instance stays in the ring and its heartbeat stops), and the verdicts follow.
import { RingClient, type QuorumReport, type Ring, type RingVerdict } from "@cortex-ring/ring-client";
import { startConsulAgent, type ConsulAgent } from "@cortex-ring/test-support/consul";
import { cortexBinary, startIngester, type CortexProcess } from "@cortex-ring/test-support/cortex";
import { waitFor } from "@cortex-ring/test-support/processes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { promtool } from "./testing/promtool.js";
import { spawnCli } from "./testing/spawn.js";

// Ingesters heartbeat every second; 6 s without one is unhealthy (slack for a loaded machine).
const TIMEOUT = ["--heartbeat-timeout", "6s"];
const KEY = "collectors/ring";

type StatusJson = (Ring & { valueBytes: number; quorum: QuorumReport | null })[];

describe("the quorum verdict on real Cortex ingesters", { timeout: 120_000 }, () => {
  let consul: ConsulAgent;
  let client: RingClient;
  const ingesters = new Map<string, CortexProcess>();

  const cli = async (args: string[]) => {
    const run = spawnCli(["--consul", consul.address, "--no-color", ...args], {});
    const code = await run.exited;
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  };
  const status = async (...args: string[]) => {
    const run = await cli(["--json", "ring", "status", "--key", KEY, ...TIMEOUT, ...args]);
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as StatusJson)[0]!;
  };
  const start = async (id: string) => ingesters.set(id, await startIngester({ consulHostPort: consul.hostPort, id, heartbeatPeriod: "1s" }));
  const untimed = ({ judgedAt: _at, down: _down, unhealthy: _unhealthy, ...rest }: RingVerdict) => rest;
  const waitUntil = (what: string, check: (ring: Ring) => boolean) =>
    waitFor(what, async () => (check(await client.readRing(KEY)) ? true : undefined), 60_000);

  beforeAll(async () => {
    await cortexBinary();
    consul = await startConsulAgent();
    client = new RingClient({ address: consul.address, heartbeatTimeoutMs: 6_000, env: {} });
    await Promise.all(["ingester-1", "ingester-2", "ingester-3"].map(start));
    await waitUntil("three healthy ACTIVE ingesters", (ring) => ring.countsByState.ACTIVE === 3 && ring.unhealthy.length === 0);
  }, 30 * 60_000);

  afterAll(async () => {
    await Promise.all([...ingesters.values()].map((i) => i.stop()));
    // Unset when beforeAll failed before reaching them.
    (client as RingClient | undefined)?.close();
    await (consul as ConsulAgent | undefined)?.stop();
  }, 60_000);

  let predictedOne: RingVerdict;
  let predictedTwo: RingVerdict;

  it("a healthy ring is ok; --fail-on broken exits 0", async () => {
    const ring = await status();
    expect(ring.quorum?.verdict).toMatchObject({ status: "ok", replicationFactor: 3, instances: 3, write: { share: { ok: 1 } }, read: { status: "ok" } });
    expect(ring.valueBytes).toBeGreaterThan(384 * 4);
    const text = await cli(["ring", "status", ...TIMEOUT, "--fail-on", "broken"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("quorum: ok (RF 3): writes and reads ok");
  });

  it("--without predicts: one down keeps quorum, two down break it (exit 1 with --fail-on broken); a typo is a usage error", async () => {
    predictedOne = (await status("--without", "ingester-1")).quorum!.whatIf!.verdict;
    expect([predictedOne.status, predictedOne.write.share.degraded]).toEqual(["degraded", 1]);

    const two = await cli(["ring", "status", "--key", KEY, ...TIMEOUT, "--without", "ingester-1", "--without", "ingester-2", "--fail-on", "broken"]);
    expect(two.code).toBe(1);
    expect(two.stdout).toMatch(/without ingester-1, ingester-2 \(2 instances down\): broken \(RF 3\): writes and reads lost quorum on 100\.0% of the token space \(384 of 384 ranges\)/);
    expect(two.stderr).toBe("without ingester-1, ingester-2, collectors/ring would be broken\n");
    predictedTwo = (await status("--without", "ingester-1", "--without", "ingester-2")).quorum!.whatIf!.verdict;
    expect(predictedTwo.write.ranges.broken).toBe(384);

    const typo = await cli(["ring", "status", ...TIMEOUT, "--without", "ingester-9"]);
    expect([typo.code, typo.stderr]).toEqual([2, "error: --without ingester-9: no such instance or zone in collectors/ring\n"]);
  });

  it("killing one ingester: degraded, as predicted; --fail-on broken exits 0, --fail-on degraded 1", async () => {
    await ingesters.get("ingester-1")!.kill();
    await waitUntil("ingester-1 to go unhealthy", (ring) => ring.unhealthy.join() === "ingester-1");
    const ring = await status();
    expect(untimed(ring.quorum!.verdict)).toEqual(untimed(predictedOne));
    const text = await cli(["ring", "status", "--key", KEY, ...TIMEOUT, "--fail-on", "broken"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("quorum: degraded (RF 3): writes and reads degraded on 100.0% of the token space");
    expect(text.stdout).toMatch(/one more loss breaks writes and reads: ingester-\d \(\d+\.\d%\), ingester-\d/);
    expect((await cli(["ring", "status", "--key", KEY, ...TIMEOUT, "--fail-on", "degraded"])).code).toBe(1);
  });

  it("killing a second one that shares its ranges: broken, as predicted; --fail-on broken exits 1", async () => {
    await ingesters.get("ingester-2")!.kill();
    await waitUntil("ingester-2 to go unhealthy too", (ring) => ring.unhealthy.join() === "ingester-1,ingester-2");
    expect(untimed((await status()).quorum!.verdict)).toEqual(untimed(predictedTwo));
    const text = await cli(["ring", "status", "--key", KEY, ...TIMEOUT, "--fail-on", "broken"]);
    expect(text.code).toBe(1);
    expect(text.stderr).toBe("collectors/ring is broken\n");
    expect(text.stdout).toMatch(/lost quorum for writes: keys \d+–\d+ .*: replicas ingester-\d, ingester-\d, ingester-\d; healthy ingester-3, 2 needed/);
  });

  it("ring metrics serves the verdict, and promtool check metrics finds nothing to fix", async () => {
    const server = spawnCli(["--consul", consul.address, "ring", "metrics", "--listen", "127.0.0.1:0", ...TIMEOUT], {});
    try {
      await server.waitFor(/serving ring metrics on http:\/\/127\.0\.0\.1:\d+\/metrics/, 30_000);
      const url = /(http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(server.stderr())![1]!;
      const body = await (await fetch(url)).text();
      for (const line of [
        'cortexring_ring_below_quorum_ratio{ring="collectors/ring",operation="write"} 1',
        'cortexring_ring_below_quorum_ratio{ring="collectors/ring",operation="read"} 1',
        'cortexring_ring_quorum_status{ring="collectors/ring",status="broken"} 1',
        'cortexring_ring_members{ring="collectors/ring",state="ACTIVE",health="unhealthy"} 2',
        'cortexring_ring_members{ring="collectors/ring",state="ACTIVE",health="healthy"} 1',
        "cortexring_consul_up 1",
        "cortexring_consul_value_limit_bytes 524288",
      ]) {
        expect(body.split("\n"), line).toContain(line);
      }
      expect(body).toMatch(/^cortexring_ring_value_bytes\{ring="collectors\/ring"\} \d+$/m);
      expect(body).toMatch(/^cortexring_ring_last_update_age_seconds\{ring="collectors\/ring"\} [0-9.]+$/m);
      const lint = await promtool(["check", "metrics"], { stdin: body });
      expect(lint).toEqual({ code: 0, output: "" });
    } finally {
      server.signalGroup("SIGINT");
      expect(await server.exited).toBe(130);
    }
  });

  it("forget --unhealthy-for refuses while the ring left behind would be broken, then removes the dead; live heartbeats stay", async () => {
    const stale = (ring: Ring, id: string) => (ring.instances.find((i) => i.id === id)?.heartbeatAgeSeconds ?? 0) > 8;
    await waitUntil("both dead ingesters unhealthy for over a second", (ring) => stale(ring, "ingester-1") && stale(ring, "ingester-2"));
    const refused = await cli(["ring", "forget", "--unhealthy-for", "1s", "--dry-run", ...TIMEOUT]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^collectors\/ring: 2 instances unhealthy for longer than 1s: ingester-1 \(last heartbeat [\dhms]+ ago\), ingester-2 \(last heartbeat [\dhms]+ ago\)$/m);
    expect(refused.stdout).toContain("the ring left behind: broken (RF 3): writes and reads lost quorum on 100.0% of the token space");
    expect(refused.stderr).toBe("error: not removing 2 instances from collectors/ring: without them 100.0% of writes and 100.0% of reads would be below quorum (RF 3); pass --force to remove them anyway\n");

    await start("ingester-4");
    await waitUntil("ingester-4 ACTIVE", (ring) => ring.instances.some((i) => i.id === "ingester-4" && i.state === "ACTIVE" && i.healthy));
    const dry = await cli(["ring", "forget", "--unhealthy-for", "1s", "--dry-run", ...TIMEOUT]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("the ring left behind: degraded (RF 3)");
    expect(dry.stdout).toContain("dry run: would remove ingester-1, ingester-2");
    expect((await client.readRing(KEY)).instances).toHaveLength(4);

    const before = await client.readRing(KEY);
    const forget = await cli(["ring", "forget", "--unhealthy-for", "1s", "--force", ...TIMEOUT]);
    expect(forget.code, forget.stderr).toBe(0);
    expect(forget.stdout).toMatch(/^removed ingester-1 \(\d+ attempts?\)\nremoved ingester-2 \(\d+ attempts?\)$/m);
    const after = await client.readRing(KEY);
    expect(after.instances.map((i) => [i.id, i.healthy])).toEqual([["ingester-3", true], ["ingester-4", true]]);
    for (const id of ["ingester-3", "ingester-4"]) {
      const heartbeat = (ring: Ring) => ring.instances.find((i) => i.id === id)!.lastHeartbeat!.getTime();
      expect(heartbeat(after), id).toBeGreaterThanOrEqual(heartbeat(before));
    }
    const none = await cli(["ring", "forget", "--unhealthy-for", "0s", "--force", ...TIMEOUT]);
    expect([none.code, none.stdout]).toEqual([0, "collectors/ring: no instance unhealthy for longer than 0s\n"]);
  });
});
