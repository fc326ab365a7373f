import type { Ring, RingDiff } from "@cortex-ring/ring-client";
import { freePort } from "@cortex-ring/test-support/processes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "./cortex/sample-check.js";
import { dockerCli, dockerObjects, dockerVolumes } from "./testing/docker.js";
import { testCluster, type TestCluster } from "./testing/cluster.js";
import type { Spawned } from "./testing/spawn.js";

interface WatchUpdate {
  key: string;
  diff: RingDiff;
  ring: Ring;
}

/** The updates `ring watch --json` has printed so far, one JSON object per line. */
function updates(watch: Spawned): WatchUpdate[] {
  return watch
    .stdout()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as WatchUpdate);
}

/** Resolves once the watch has printed an update for which `matches` holds. */
async function watchReports(watch: Spawned, what: string, matches: (update: WatchUpdate) => boolean, timeoutMs = 90_000): Promise<WatchUpdate> {
  await watch.waitFor(() => updates(watch).some(matches), timeoutMs, "stdout").catch((error: unknown) => {
    throw new Error(`ring watch never reported ${what}: ${(error as Error).message}`);
  });
  return updates(watch).find(matches)!;
}

function ownershipSum(ring: Ring): number {
  return ring.instances.reduce((sum, instance) => sum + instance.ownership, 0);
}

// The Cortex cluster infra/ builds, end to end through `pnpm cli …` as a user types it: one cluster (unique
// name, free loopback ports, the shared Docker lock) brought up once, then the faults in sequence: scale up,
// a clean stop, a crash, forget, destroy.
describe("the Cortex cluster on the hash ring", { timeout: 300_000 }, () => {
  let applied: TestCluster | undefined;
  let env: NodeJS.ProcessEnv;
  let cluster: string;
  let vars: string[];
  const ingester = (n: number) => `${cluster}-ingester-${n}`;

  const pnpmCli = (args: string[]) => applied!.pnpmCli(args);
  const cli = (args: string[]) => applied!.cli(args);
  const ingesterRing = async (heartbeatTimeout = "1m"): Promise<Ring> => {
    const status = pnpmCli(["--json", "ring", "status", "--key", "collectors/ring", "--heartbeat-timeout", heartbeatTimeout]);
    expect(await status.exited, status.stderr()).toBe(0);
    return (JSON.parse(status.stdout()) as Ring[])[0]!;
  };
  const check = async (): Promise<CheckReport> => {
    const run = pnpmCli(["--json", "check"]);
    const code = await run.exited;
    const report = JSON.parse(run.stdout()) as CheckReport;
    expect(code, `${run.stderr()}${JSON.stringify(report.steps)}`).toBe(0);
    return report;
  };
  const watch = async (heartbeatTimeout = "1m"): Promise<Spawned> => {
    const watching = cli(["--json", "ring", "watch", "--wait", "2", "--heartbeat-timeout", heartbeatTimeout]);
    await watchReports(watching, "the ring it started from", (update) => update.diff.joined.length > 0);
    return watching;
  };
  const stop = async (watching: Spawned): Promise<void> => {
    watching.signalGroup("SIGINT");
    expect(await watching.exited, watching.stderr()).toBe(130);
  };

  beforeAll(async () => {
    applied = await testCluster(
      "crcx",
      async () => ({
        consul_http_port: await freePort(),
        distributor_http_port: await freePort(),
        querier_http_port: await freePort(),
        // Short, so a crashed ingester turns unhealthy within seconds, for Cortex and for the CLI alike.
        ring_heartbeat_timeout: "15s",
        enable_store: false,
      }),
      // Consul from the applied cluster's output, never from the caller's environment.
      { CONSUL_HTTP_ADDR: "" },
    );
    ({ env, name: cluster, vars } = applied);
  }, 600_000);

  afterAll(() => applied?.tearDown(), 300_000);

  it("apply brings up Consul and Cortex and ends with the ring of ACTIVE ingesters", async () => {
    const apply = pnpmCli(["apply", "--auto-approve", ...vars]);
    expect(await apply.exited, apply.stderr()).toBe(0);
    // 12 for the network, Consul and Cortex; 6 for Consul's data volume and its five ACL secrets.
    expect(apply.stderr()).toMatch(/Apply complete: 18 added, 0 changed, 0 destroyed/);
    expect(apply.stderr()).toMatch(/Cortex ACTIVE: collectors\/compactor 1, collectors\/distributor 1, collectors\/ring 3, collectors\/store-gateway 1 \(after \d+\.\ds\)/);
    expect(apply.stdout()).toContain("collectors/ring: 3 instances (3 ACTIVE), 384 tokens");
    for (const n of [0, 1, 2]) expect(apply.stdout()).toMatch(new RegExp(`${ingester(n)}\\s+ACTIVE\\s+\\d+\\.\\d+\\.\\d+\\.\\d+:9095`));

    const components = ["compactor", "distributor", "hash-ring", "ingester-0", "ingester-1", "ingester-2", "querier", "store-gateway"];
    const { containers, networks } = await dockerObjects(env, cluster);
    expect(containers.sort()).toEqual(components.map((name) => `${cluster}-${name}:running`));
    expect(networks).toEqual([cluster]);
    expect((await dockerVolumes(env, cluster)).sort()).toEqual([`${cluster}-blocks`, `${cluster}-hash-ring-data`]);
  });

  it("ring status --json: three ACTIVE, healthy ingesters owning the whole token space, and the other components ACTIVE in their rings", async () => {
    const ring = await ingesterRing();
    expect(ring.instances.map((i) => [i.id, i.state, i.healthy, i.tokenCount])).toEqual([0, 1, 2].map((n) => [ingester(n), "ACTIVE", true, 128]));
    expect(ownershipSum(ring)).toBeCloseTo(100, 6);

    const all = pnpmCli(["--json", "ring", "status"]);
    expect(await all.exited, all.stderr()).toBe(0);
    const rings = JSON.parse(all.stdout()) as Ring[];
    expect(rings.map((r) => [r.key, r.instances.map((i) => `${i.id} ${i.state}`)])).toEqual([
      ["collectors/compactor", [`${cluster}-compactor ACTIVE`]],
      ["collectors/distributor", [`${cluster}-distributor ACTIVE`]],
      ["collectors/ring", [0, 1, 2].map((n) => `${ingester(n)} ACTIVE`)],
      ["collectors/store-gateway", [`${cluster}-store-gateway ACTIVE`]],
    ]);
  });

  it("check pushes a sample through the distributor and reads it back through the querier; doctor finds both ready", async () => {
    const report = await check();
    expect(report.ok).toBe(true);
    expect(report.steps.map((step) => [step.step, step.ok, step.status])).toEqual([["push", true, 200], ["query", true, 200]]);

    const doctor = pnpmCli(["--json", "doctor"]);
    expect(await doctor.exited, doctor.stdout()).toBe(0);
    const checks = JSON.parse(doctor.stdout()) as { check: string; status: string }[];
    // This suite applies without the store (it has its own suite in tools/stack): doctor warns about that.
    expect(checks.map((c) => [c.check, c.status])).toEqual([["terraform", "ok"], ["docker", "ok"], ["providers", "ok"], ["consul", "ok"], ["raft", "ok"], ["acl", "ok"], ["store", "warn"], ["cortex", "ok"]]);
  });

  it("ingester_count 3 → 4: watch reports the join and the ownership rebalances", async () => {
    const before = await ingesterRing();
    const watching = await watch();
    const apply = pnpmCli(["apply", "--auto-approve", ...vars, "--var", "ingester_count=4"]);
    expect(await apply.exited, apply.stderr()).toBe(0);
    expect(apply.stderr()).toMatch(/Apply complete: 1 added, 0 changed, 0 destroyed/);
    expect(apply.stderr()).toMatch(/Cortex ACTIVE: .*collectors\/ring 4,/);
    await watchReports(watching, `${ingester(3)} joining`, (update) => update.diff.joined.includes(ingester(3)));
    await stop(watching);

    const after = await ingesterRing();
    expect(after.instances.map((i) => [i.id, i.state, i.healthy])).toEqual([0, 1, 2, 3].map((n) => [ingester(n), "ACTIVE", true]));
    expect(ownershipSum(after)).toBeCloseTo(100, 6);
    // The newcomer's share came out of the others': each of them owns less than before.
    const share = (ring: Ring, id: string) => ring.instances.find((i) => i.id === id)!.ownership;
    expect(share(after, ingester(3))).toBeGreaterThan(0);
    for (const n of [0, 1, 2]) expect(share(after, ingester(n))).toBeLessThan(share(before, ingester(n)));
  });

  it("docker stop of an ingester: watch reports it LEAVING, then gone (Cortex's clean shutdown)", async () => {
    const watching = await watch();
    await dockerCli(env, ["stop", ingester(1)]);
    await watchReports(watching, `${ingester(1)} leaving`, (update) => update.diff.stateChanged.some((c) => c.id === ingester(1) && c.to === "LEAVING"));
    await watchReports(watching, `${ingester(1)} gone`, (update) => update.diff.left.includes(ingester(1)));
    await stop(watching);
    expect((await ingesterRing()).instances.map((i) => i.id)).toEqual([0, 2, 3].map(ingester));
  });

  it("docker kill of an ingester: it turns unhealthy, check still succeeds on a quorum of 2 of 3, forget removes it and keeps the others", async () => {
    const watching = await watch("15s");
    await dockerCli(env, ["kill", ingester(2)]);
    await watchReports(watching, `${ingester(2)} unhealthy`, (update) => update.diff.becameUnhealthy.includes(ingester(2)));
    await stop(watching);

    const ring = await ingesterRing("15s");
    expect(ring.instances.map((i) => [i.id, i.healthy])).toEqual([[ingester(0), true], [ingester(2), false], [ingester(3), true]]);
    expect((await check()).ok).toBe(true);

    const forget = pnpmCli(["ring", "forget", ingester(2), "--heartbeat-timeout", "15s"]);
    expect(await forget.exited, forget.stderr()).toBe(0);
    expect(forget.stdout()).toMatch(new RegExp(`^removed ${ingester(2)} from collectors/ring \\(\\d+ attempts?\\)\\n$`));
    const left = await ingesterRing("15s");
    expect(left.instances.map((i) => [i.id, i.state, i.healthy])).toEqual([[ingester(0), "ACTIVE", true], [ingester(3), "ACTIVE", true]]);
    expect((await check()).ok).toBe(true);
  });

  it("destroy leaves no container, network or volume of the cluster", async () => {
    const destroy = pnpmCli(["destroy", "--auto-approve", ...vars]);
    expect(await destroy.exited, destroy.stderr()).toBe(0);
    expect(destroy.stderr()).toMatch(/Destroy complete: 19 destroyed/);
    expect(await dockerObjects(env, cluster)).toEqual({ containers: [], networks: [] });
    expect(await dockerVolumes(env, cluster)).toEqual([]);
  });
});
