/**
 * The page in a real Chromium over rings held in memory (test/support/fake-source.ts: ring-client's own model
 * and forget), for what needs no Cortex: other origins trying to forget, a keyboard and a narrow window, the
 * dark scheme, and a 1,000-instance × 512-token ring.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRingServer, type RingServer } from "../src/index.js";
import { launchBrowser, type TestBrowser } from "./support/browser.js";
import { bigRing, FakeSource, instance } from "./support/fake-source.js";
import { bands, section, tableRows, waitForRows } from "./support/page.js";

const KEY = "collectors/ring";
let source: FakeSource;
let server: RingServer;
let browser: TestBrowser;

function ringWithAGhost(): ReturnType<typeof bigRing> {
  const desc = bigRing(5, 32, ["zone-a", "zone-b"]);
  desc.ingesters["ingester-dead"] = instance([1, 2 ** 31], { timestamp: Math.floor(Date.now() / 1000) - 3600 });
  return desc;
}

beforeAll(async () => {
  source = new FakeSource({ [KEY]: ringWithAGhost() });
  server = await createRingServer({ source, port: 0 });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  // Unset when beforeAll failed before reaching them.
  await (browser as TestBrowser | undefined)?.close();
  await (server as RingServer | undefined)?.close();
});

/** A page on another origin (another port of 127.0.0.1) that tries to forget through the ring server. */
async function attackerSite(target: string): Promise<{ url: string; server: Server }> {
  const body = `<!doctype html><form id="f" method="POST" action="${target}api/forget" enctype="text/plain">
<input name='{"key":"${KEY}","id":"ingester-dead","x":"' value='"}'></form>
<script>
window.viaFetch = fetch("${target}api/forget", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ key: "${KEY}", id: "ingester-dead" }), credentials: "include" })
  .then((r) => "status " + r.status, (e) => "blocked: " + e.message);
</script>`;
  const attacker = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(body));
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`, server: attacker };
}

describe("the ring page in a browser", () => {
  it("refuses another origin's fetch and form POST, and a same-origin POST without the CSRF token", async () => {
    const attacker = await attackerSite(server.url);
    try {
      const page = await (await browser.context()).newPage();
      await page.goto(attacker.url);
      expect(await page.evaluate(() => (window as unknown as { viaFetch: Promise<string> }).viaFetch)).toMatch(/^blocked: /);
      const [answer] = await Promise.all([page.waitForResponse((res) => res.url().endsWith("/api/forget")), page.evaluate(() => (document.getElementById("f") as HTMLFormElement).submit())]);
      expect(answer.status()).toBe(403);
      expect(await answer.text()).toContain("cross-origin request from http://127.0.0.1:");
      const own = await (await browser.context()).newPage();
      await own.goto(server.url);
      const tokenless = await own.evaluate(async (key) => (await fetch("/api/forget", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ key, id: "ingester-dead" }) })).status, KEY);
      expect(tokenless).toBe(403);
      expect(Object.keys(source.desc(KEY)!.ingesters)).toContain("ingester-dead");
    } finally {
      attacker.server.close();
    }
  }, 60_000);

  it("works from the keyboard: sort by a column, reach Forget, cancel with Escape", async () => {
    const page = await (await browser.context()).newPage();
    await page.goto(server.url);
    await waitForRows(page, KEY, (rows) => rows.length === 6);
    await page.locator(`${section(KEY)} th button:has-text("Ownership")`).focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    const rows = await tableRows(page, KEY);
    const ownership = rows.map((r) => Number(r.value.ownership));
    expect(ownership).toEqual([...ownership].sort((a, b) => b - a));
    expect(await page.getAttribute(`${section(KEY)} th:has(button:has-text("Ownership"))`, "aria-sort")).toBe("descending");
    // Tab from the sort buttons reaches the only Forget button (rows of healthy instances have none).
    let reached = "";
    for (let i = 0; i < 40 && reached !== "Forget ingester-dead"; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");
    }
    expect(reached).toBe("Forget ingester-dead");
    await page.keyboard.press("Enter");
    await page.locator("dialog#forget").waitFor({ state: "visible" });
    await page.keyboard.press("Escape");
    await page.locator("dialog#forget").waitFor({ state: "hidden" });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Forget ingester-dead");
    expect(Object.keys(source.desc(KEY)!.ingesters)).toContain("ingester-dead");
  }, 60_000);

  it("reads in a narrow window: rows become cards, nothing scrolls sideways", async () => {
    const page = await (await browser.context({ viewport: { width: 360, height: 780 } })).newPage();
    await page.goto(server.url);
    await waitForRows(page, KEY, (rows) => rows.length === 6);
    const layout = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      head: getComputedStyle(document.querySelector("table.instances thead")!).display,
      label: getComputedStyle(document.querySelector("table.instances td[data-col='zone']")!, "::before").content,
    }));
    expect(layout).toEqual({ overflow: 0, head: "none", label: '"Zone: "' });
  }, 60_000);

  it("follows prefers-color-scheme: dark", async () => {
    const background = async (scheme: "light" | "dark"): Promise<string> => {
      const page = await (await browser.context({ colorScheme: scheme })).newPage();
      await page.goto(server.url);
      return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    };
    expect(await background("light")).toBe("rgb(251, 251, 250)");
    expect(await background("dark")).toBe("rgb(21, 23, 26)");
  }, 60_000);

  it("renders a 1,000-instance × 512-token ring: every row, the ring and its zone bands", async () => {
    const big = new FakeSource({ [KEY]: bigRing(1000, 512, ["zone-a", "zone-b", "zone-c"]) });
    const bigServer = await createRingServer({ source: big, port: 0 });
    try {
      const page = await (await browser.context({ viewport: { width: 1280, height: 900 } })).newPage();
      await page.goto(bigServer.url);
      // Rows are built a hundred per task (so the page stays responsive); the ring draws when its ranges arrive.
      await page.waitForSelector(`${section(KEY)}[data-tracks-version] .table-wrap[data-complete="true"]`, { timeout: 120_000 });
      expect((await tableRows(page, KEY)).length).toBe(1000);
      expect((await bands(page, KEY)).map((b) => b.zone)).toEqual([null, "zone-a", "zone-b", "zone-c"]);
      expect(await page.textContent(`${section(KEY)} .headline`)).toContain("1,000 instances (1,000 ACTIVE) · 512,000 tokens");
    } finally {
      await bigServer.close();
    }
  }, 180_000);
});
