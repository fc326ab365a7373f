/**
 * `cortex-ring ring serve` as a user runs it: the built CLI as a child process in its own process group, a real
 * Consul agent on loopback (@cortex-ring/test-support), the page and its JSON fetched over HTTP from the URL the
 * command printed, and Ctrl-C (SIGINT to the group) ending it with exit 130.
 */
import { encodeRingDesc, type RingDesc } from "@cortex-ring/ring-client";
import { putRaw, startConsulAgent, type ConsulAgent } from "@cortex-ring/test-support/consul";
import { waitFor } from "@cortex-ring/test-support/processes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnCli, type Spawned } from "../testing/spawn.js";

let consul: ConsulAgent;
// Nothing from the caller's environment decides which Consul or token is used: --consul says it.
const env = { CONSUL_HTTP_ADDR: "", CONSUL_HTTP_TOKEN: "", NO_COLOR: "1" };

function ring(ids: string[]): RingDesc {
  const now = Math.floor(Date.now() / 1000);
  const ingesters: RingDesc["ingesters"] = {};
  ids.forEach((id, i) => {
    const tokens = Array.from({ length: 16 }, (_, t) => ((t * 16 + i) * 0x01000000 + 12345) >>> 0).sort((a, b) => a - b);
    ingesters[id] = { addr: `10.0.0.${i + 1}:9095`, timestamp: now, state: 0, tokens, zone: `zone-${i}`, registeredTimestamp: now - 60, id: "", readOnlyUpdatedTimestamp: 0, readOnly: false, versions: {} };
  });
  return { ingesters };
}

beforeAll(async () => {
  consul = await startConsulAgent();
  await putRaw(consul, "collectors/ring", encodeRingDesc(ring(["ingester-a", "ingester-b", "ingester-c"])));
}, 120_000);

afterAll(async () => {
  await (consul as ConsulAgent | undefined)?.stop();
});

/** Starts `ring serve` on any free port and returns it with the URL it printed on stdout. */
async function serve(args: string[]): Promise<{ cli: Spawned; url: string }> {
  const cli = spawnCli(["--consul", consul.address, "ring", "serve", "--port", "0", ...args], env);
  await cli.waitFor(/^http:\/\/127\.0\.0\.1:\d+\/\n/, 60_000, "stdout");
  await cli.waitFor("Ctrl-C to stop", 10_000);
  return { cli, url: cli.stdout().trim() };
}

/** Ctrl-C at the terminal: SIGINT to the whole process group. */
async function interrupt(cli: Spawned): Promise<number> {
  cli.signalGroup("SIGINT");
  return cli.exited;
}

interface RingJson {
  readAt: string;
  quorum: { verdict: { judgedAt: string } } | null;
  instances: { heartbeatAgeSeconds: number | null }[];
}

/** The rings as JSON without what moves with the clock: when read (and so judged), heartbeat ages. */
function steady(rings: unknown): unknown {
  return (rings as RingJson[]).map(({ readAt: _readAt, quorum, instances, ...rest }) => ({
    ...rest,
    quorum: quorum && { ...quorum, verdict: { ...quorum.verdict, judgedAt: undefined } },
    instances: instances.map(({ heartbeatAgeSeconds: _age, ...instance }) => instance),
  }));
}

describe("cortex-ring ring serve, the real process", () => {
  it("prints its URL; the page over HTTP holds every row, /api/rings holds `ring status --json`'s rings; Ctrl-C exits 130", { timeout: 120_000 }, async () => {
    const { cli, url } = await serve([]);
    try {
      expect(cli.stderr()).toContain(`serving the ring page for Consul ${consul.address} (--consul); Ctrl-C to stop`);
      const page = await waitFor("the page with the ring's rows", async () => {
        const res = await fetch(url);
        const html = await res.text();
        return res.ok && html.includes('data-id="ingester-c"') ? { res, html } : undefined;
      }, 30_000);
      expect(page.res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(page.res.headers.get("content-security-policy")).toContain("default-src 'none'");
      // The table is in the HTML itself, one row per instance, before any script runs.
      expect([...page.html.matchAll(/<tr data-id="([^"]+)"/g)].map((m) => m[1])).toEqual(["ingester-a", "ingester-b", "ingester-c"]);
      const status = spawnCli(["--consul", consul.address, "--json", "ring", "status"], env);
      expect(await status.exited, status.stderr()).toBe(0);
      const served: unknown = await (await fetch(`${url}api/rings`)).json();
      expect(steady(served)).toEqual(steady(JSON.parse(status.stdout())));
    } finally {
      expect(await interrupt(cli)).toBe(130);
    }
    expect(cli.stderr()).toContain("stopped serving the ring page");
    // Stopped means stopped: nothing answers at the URL any more.
    await expect(fetch(url)).rejects.toThrow();
  });

  it("--key whose value is not a ring: the page says why, then shows the ring once one is written there", { timeout: 120_000 }, async () => {
    const key = "collectors/not-yet-a-ring";
    await putRaw(consul, key, Buffer.from("this is not a ring"));
    const { cli, url } = await serve(["--key", key]);
    try {
      const problem = await waitFor("the read error on the page", async () => {
        const html = await (await fetch(url)).text();
        return /<p class="problem" role="alert">([^<]+)<\/p>/.exec(html)?.[1];
      }, 30_000);
      expect(problem).toMatch(new RegExp(`^value at ${key} is not a Cortex ring \\(`));
      const unreadable = await fetch(`${url}api/rings?key=${encodeURIComponent(key)}`);
      expect([unreadable.status, ((await unreadable.json()) as { code: string }).code]).toEqual([502, "ring-unreadable"]);

      await putRaw(consul, key, encodeRingDesc(ring(["ingester-x"])));
      // The server reads a failed ring again every couple of seconds; the first good read clears the error.
      const html = await waitFor("the ring on the page", async () => {
        const text = await (await fetch(url)).text();
        return text.includes('data-id="ingester-x"') ? text : undefined;
      }, 30_000);
      expect(html).toContain('<p class="problem" role="alert" hidden></p>');
      expect(((await (await fetch(`${url}api/rings?key=${encodeURIComponent(key)}`)).json()) as { instances: { id: string }[] }[])[0]?.instances.map((i) => i.id)).toEqual(["ingester-x"]);
    } finally {
      expect(await interrupt(cli)).toBe(130);
    }
  });
});
