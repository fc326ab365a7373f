/**
 * The page against the real thing: Cortex 1.21.1 ingesters (tools/cortex/cortex.sh) registering in a real
 * Consul agent, a Cortex distributor serving Cortex's own /ring page for comparison, the ring server over a
 * real RingClient, and Debian's Chromium (tools/browser/chromium.sh) looking at it.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { RingClient, type Ring } from "@cortex-ring/ring-client";
import { tokenTable, TOKEN_SPACE } from "@cortex-ring/ring-client/parts";
import { startConsulAgent, type ConsulAgent } from "@cortex-ring/test-support/consul";
import { cortexBinary, readStatusPage, startDistributor, startIngester, type CortexProcess } from "@cortex-ring/test-support/cortex";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRingServer, type RingServer } from "../src/index.js";
import { launchBrowser, type TestBrowser } from "./support/browser.js";
import { bands, pixelAt, section, swatch, tableRows, waitForRows } from "./support/page.js";

const KEY = "collectors/ring";
// Ingesters heartbeat every second; 4 s without one is unhealthy, here and on the distributor's page.
const HEARTBEAT_TIMEOUT_MS = 4_000;
const IDS = ["ingester-1", "ingester-2", "ingester-3"];
// RING_PAGE_SCREENSHOTS=<dir> keeps the screenshots (the README's come from here: packages/ring-page/docs).
const SHOTS = process.env.RING_PAGE_SCREENSHOTS;

let consul: ConsulAgent;
let client: RingClient;
let distributor: CortexProcess;
const ingesters: CortexProcess[] = [];
let server: RingServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  await cortexBinary(); // builds Cortex on a cold machine (minutes), once
  consul = await startConsulAgent();
  for (const [i, zone] of ["zone-a", "zone-b", "zone-c"].entries()) {
    ingesters.push(await startIngester({ consulHostPort: consul.hostPort, id: IDS[i]!, zone, heartbeatPeriod: "1s", tokens: 128 }));
  }
  distributor = await startDistributor({ consulHostPort: consul.hostPort, id: "distributor-1", heartbeatPeriod: "1s", heartbeatTimeout: `${HEARTBEAT_TIMEOUT_MS / 1000}s` });
  client = new RingClient({ address: consul.address, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS, includeTokens: true, env: {} });
  server = await createRingServer({ source: client, port: 0, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS, discoverIntervalMs: 1000 });
  browser = await launchBrowser();
  page = await (await browser.context({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(server.url);
  // The page has loaded once; a reload would reset this marker.
  await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
}, 30 * 60_000);

afterAll(async () => {
  // Unset when beforeAll failed before reaching them.
  await (browser as TestBrowser | undefined)?.close();
  await (server as RingServer | undefined)?.close();
  (client as RingClient | undefined)?.close();
  await Promise.all([...ingesters.map((p) => p.stop()), (distributor as CortexProcess | undefined)?.stop()]);
  await (consul as ConsulAgent | undefined)?.stop();
}, 60_000);

async function shot(name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.locator(section(KEY)).screenshot({ path: join(SHOTS, `${name}.png`) });
}

const notReloaded = (): Promise<boolean> => page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce === true);

describe("the ring page on real Cortex ingesters", () => {
  it("shows every ring found; the table's rows and numbers are `ring status --json`'s and Cortex's own page's", async () => {
    const rows = await waitForRows(page, KEY, (r) => r.length === 3 && r.every((row) => row.text.state === "ACTIVE" && row.text.health === "healthy"));
    await page.waitForSelector(`${section("collectors/distributor")} tbody tr`);
    const ring = (await client.discoverRings()).find((r) => r.key === KEY)!;
    // What `ring status --json` prints for this ring (the CLI prints RingClient's rings as JSON).
    const json = JSON.parse(JSON.stringify(ring)) as { instances: Record<string, unknown>[] };
    expect(rows.map((r) => r.id)).toEqual(IDS);
    for (const row of rows) {
      const instance = json.instances.find((i) => i.id === row.id)!;
      expect({ zone: row.text.zone, state: row.text.state, address: row.text.address, tokens: Number(row.value.tokens), ownership: Number(row.value.ownership), diff: Number(row.value.diff), registered: row.value.registered }).toEqual({
        zone: instance.zone,
        state: instance.state,
        address: instance.address,
        tokens: instance.tokenCount,
        ownership: instance.ownership,
        diff: instance.ownershipDiffFromExpected,
        registered: instance.registeredAt,
      });
      expect(row.text.ownership).toBe(`${(instance.ownership as number).toFixed(2)}%`);
      // Heartbeats move every second: the page's is at most a few seconds from the JSON's.
      expect(Math.abs(Date.parse(row.value.heartbeat!) - Date.parse(instance.lastHeartbeat as string))).toBeLessThanOrEqual(3000);
    }
    const cortexPage = await readStatusPage(distributor);
    expect(cortexPage.map((r) => [r.id, r.ownership, r.diffOwnership])).toEqual(rows.map((r) => [r.id, Number(r.value.ownership), Number(r.value.diff)]));
    await shot("healthy");
  }, 120_000);

  it("draws one arc set per instance: each instance's widest range is painted in its colour; one band per zone", async () => {
    const ring = await client.readRing(KEY);
    await page.waitForFunction((selector) => document.querySelector<HTMLElement>(selector)?.dataset.tracksVersion, section(KEY));
    const drawn = await bands(page, KEY);
    expect(drawn.map((b) => b.zone)).toEqual([null, "zone-a", "zone-b", "zone-c"]);
    const mid = (drawn[0]!.inner + drawn[0]!.outer) / 2;
    for (const [index, instance] of ring.instances.entries()) {
      const [start, end] = widestRange(ring, index);
      const angle = -Math.PI / 2 + (2 * Math.PI * ((start + end) / 2)) / TOKEN_SPACE;
      const [r, g, b, alpha] = await pixelAt(page, KEY, angle, mid);
      expect({ id: instance.id, color: [r, g, b], alpha }).toEqual({ id: instance.id, color: await swatch(page, KEY, instance.id), alpha: 255 });
    }
  }, 60_000);

  it("a killed ingester turns unhealthy without a reload; only its row offers Forget", async () => {
    await ingesters[2]!.kill();
    const rows = await waitForRows(page, KEY, (r) => r.find((row) => row.id === "ingester-3")?.text.health === "unhealthy");
    expect(rows.map((r) => [r.id, r.unhealthy, r.hasForget])).toEqual([
      ["ingester-1", false, false],
      ["ingester-2", false, false],
      ["ingester-3", true, true],
    ]);
    expect(await notReloaded()).toBe(true);
    // The age keeps ticking on its own, a second at a time.
    const age = async (): Promise<string> => (await tableRows(page, KEY)).find((r) => r.id === "ingester-3")!.value.age!;
    const before = Number(await age());
    await page.waitForFunction((selector) => Number(document.querySelector<HTMLElement>(selector)?.dataset.value) > 0, `${section(KEY)} tr[data-id="ingester-3"] [data-col="age"]`);
    expect(Number(await age())).toBeGreaterThanOrEqual(before);
    await page.locator('#ring-nav a:has-text("collectors/ring") .badge').waitFor();
    await shot("unhealthy");
  }, 60_000);

  it("forgets it from the keyboard, with a confirmation: gone from Consul and from the page", async () => {
    await page.locator(`${section(KEY)} tr[data-id="ingester-3"] button`).focus();
    await page.keyboard.press("Enter");
    const dialog = page.locator("dialog#forget");
    await dialog.waitFor({ state: "visible" });
    expect(await dialog.textContent()).toContain("Forget ingester-3?");
    // Cancel has the focus: Enter there would cancel. Tab to Forget.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await waitForRows(page, KEY, (r) => r.length === 2);
    expect((await client.readRing(KEY)).instances.map((i) => i.id)).toEqual(["ingester-1", "ingester-2"]);
    expect(await page.locator("#toast").textContent()).toContain("Forgot ingester-3 from collectors/ring");
    expect(await notReloaded()).toBe(true);
  }, 60_000);

  it("Forget on a healthy instance is refused by the server, whatever the page shows", async () => {
    const status = await page.evaluate(async () => {
      const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')!.content;
      const res = await fetch("/api/forget", { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": token }, body: JSON.stringify({ key: "collectors/ring", id: "ingester-1" }) });
      return [res.status, ((await res.json()) as { code: string }).code];
    });
    expect(status).toEqual([409, "instance-healthy"]);
    expect((await client.readRing(KEY)).instances.map((i) => i.id)).toContain("ingester-1");
  }, 30_000);
});

/** [start, end) in tokens of the instance's widest range (start may be negative: the range wrapping past 0). */
function widestRange(ring: Ring, owner: number): [number, number] {
  const table = tokenTable({ ingesters: Object.fromEntries(ring.instances.map((i) => [i.id, { tokens: i.tokens!, zone: i.zone }])) });
  let best: [number, number] = [0, 0];
  const n = table.tokens.length;
  for (let i = 0; i < n; i++) {
    if (table.owners[i] !== owner) continue;
    const start = i === 0 ? table.tokens[n - 1]! - TOKEN_SPACE : table.tokens[i - 1]!;
    if (table.tokens[i]! - start > best[1] - best[0]) best = [start, table.tokens[i]!];
  }
  return best;
}
