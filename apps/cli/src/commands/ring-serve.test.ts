import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { Interrupts } from "../interrupts.js";
import { Capture, fakeDeps, fakeRingApi, ring, run } from "../testing/runtime.js";

const consul = ["--consul", "http://127.0.0.1:18500"];
const rings = [ring("collectors/ring", [{ id: "ingester-a", ownership: 60, ownershipDiffFromExpected: 20 }, { id: "ingester-b", healthy: false, ownership: 40, ownershipDiffFromExpected: -25 }])];

/** Runs `ring serve --port 0` in-process until `use` is done with the page it printed, then Ctrl-C. */
async function serve(globals: string[], flags: string[], use: (url: string) => Promise<void>) {
  const interrupts = new Interrupts({ log: () => undefined, exit: () => undefined });
  const api = fakeRingApi({ address: "http://127.0.0.1:18500", discoverRings: async () => rings });
  const options: { heartbeatTimeoutMs?: number; includeTokens?: boolean; zoneAwareness?: boolean }[] = [];
  const deps = fakeDeps({ ringClient: async (_address, _env, o) => (options.push(o ?? {}), api) });
  const stdout = new Capture();
  const running = run([...consul, ...globals, "ring", "serve", ...flags, "--port", "0"], { deps, interrupts, stdout });
  try {
    // The URL is the first line on stdout (inside {"url": …} with --json).
    const printed = await new Promise<string>((resolve, reject) => {
      const look = (): void => {
        const url = /http:\/\/[\d.]+:\d+\//.exec(stdout.text)?.[0];
        if (url) resolve(url);
      };
      stdout.on("data", look);
      void running.then(() => reject(new Error(`ring serve ended before printing its URL: ${stdout.text}`)));
      look();
    });
    await use(printed.replace("0.0.0.0", "127.0.0.1"));
  } finally {
    // Ctrl-C ends the command whatever the checks found.
    interrupts.handle("SIGINT");
  }
  return { result: await running, options };
}

describe("ring serve", () => {
  it("serves on loopback, prints the URL, and /api/rings is what `ring status --json` prints", async () => {
    const status = await run([...consul, "--json", "ring", "status"], { deps: fakeDeps({}, fakeRingApi({ discoverRings: async () => rings })) });
    const { result, options } = await serve([], [], async (url) => {
      const page = await (await fetch(`${url}api/rings`)).json();
      // The same JSON: each ring, its value size, and the ingester ring's quorum verdict.
      expect(page).toEqual(JSON.parse(status.stdout));
    });
    expect(result.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\n$/);
    expect(result.stderr).toContain("serving the ring page for Consul http://127.0.0.1:18500 (--consul); Ctrl-C to stop");
    // The picture needs tokens; health is judged with the same timeout as `ring status`.
    expect(options).toEqual([{ heartbeatTimeoutMs: 60_000, includeTokens: true, zoneAwareness: false }]);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("stopped serving the ring page");
  });

  it("--json prints {url, consul}; --heartbeat-timeout and --zone-awareness reach the client", async () => {
    const { result, options } = await serve(["--json"], ["--heartbeat-timeout", "30s", "--zone-awareness"], async () => undefined);
    expect(JSON.parse(result.stdout)).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/) as unknown, consul: "http://127.0.0.1:18500" });
    expect(options).toEqual([{ heartbeatTimeoutMs: 30_000, includeTokens: true, zoneAwareness: true }]);
  });

  it("/api/rings judges the ingester ring with ring status's flags: --replication-factor, --ingester-ring", async () => {
    const judged = async (flags: string[]): Promise<unknown> => {
      let answer: unknown;
      await serve([], flags, async (url) => {
        const [ring] = (await (await fetch(`${url}api/rings`)).json()) as { quorum: { verdict: { replicationFactor: number } } | null }[];
        answer = ring?.quorum?.verdict.replicationFactor ?? null;
      });
      return answer;
    };
    expect(await judged([])).toBe(3);
    expect(await judged(["--replication-factor", "2"])).toBe(2);
    expect(await judged(["--ingester-ring", "other/ring"])).toBeNull();
  });

  it("only an explicit --host leaves loopback, and then it warns", async () => {
    const { result } = await serve([], ["--host", "0.0.0.0"], async (url) => {
      expect((await fetch(`${url}api/rings`)).status).toBe(200);
    });
    expect(result.stdout).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/\n$/);
    expect(result.stderr).toContain("warning: serving on 0.0.0.0, not loopback: anyone who can reach");
    const local = await serve([], [], async () => undefined);
    expect(local.result.stderr).not.toContain("warning");
  });

  it("a busy port is one line and exit 1; a bad port is a usage error", async () => {
    const busy = createServer();
    const port = await new Promise<number>((resolve) => busy.listen(0, "127.0.0.1", () => resolve((busy.address() as { port: number }).port)));
    try {
      const result = await run([...consul, "ring", "serve", "--port", String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`error: cannot serve on 127.0.0.1:${port}: the port is in use; pass --port <n> (0 = any free port)\n`);
    } finally {
      busy.close();
    }
    const bad = await run([...consul, "ring", "serve", "--port", "http"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected a port number");
  });
});
