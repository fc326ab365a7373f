/**
 * The page in a real Chromium over rings held in memory (test/support/fake-source.ts: ring-client's own model
 * and forget), for what needs no Cortex: the first paint from the page alone, other origins trying to forget, a
 * keyboard and a narrow window, the filter, the dark scheme, a ring that cannot be read at first, and a
 * 1,000-instance × 512-token ring.
 */
import { NotARingError } from "@cortex-ring/ring-client";
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
  it("puts the table on screen from the HTML alone, before any script, as the live page shows it", async () => {
    // Scripts off: what a first paint shows is the server's markup.
    const still = await (await browser.context({ javaScriptEnabled: false })).newPage();
    await still.goto(server.url);
    const first = await tableRows(still, KEY);
    expect(first.map((r) => r.id)).toEqual(["ingester-0000", "ingester-0001", "ingester-0002", "ingester-0003", "ingester-0004", "ingester-dead"]);
    expect(await still.getAttribute("#consul", "data-state")).toBe("up");
    expect(await still.textContent(`${section(KEY)} .headline`)).toContain("6 instances (6 ACTIVE) · 162 tokens · 1 unhealthy");
    // The same rows, cell for cell, once the page's script has taken over.
    const live = await (await browser.context()).newPage();
    await live.goto(server.url);
    await live.waitForSelector(`${section(KEY)} .table-wrap[data-complete="true"]`);
    const drop = (rows: typeof first): unknown => rows.map(({ text, value, ...rest }) => ({ ...rest, text: { ...text, age: "" }, value: { ...value, age: "" } }));
    expect(drop(await tableRows(live, KEY))).toEqual(drop(first));
  }, 60_000);

  it("goes live with no request for a small ring's picture and nothing refused by its Content-Security-Policy", async () => {
    const page = await (await browser.context()).newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on("request", (req) => requests.push(new URL(req.url()).pathname));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(server.url);
    // The ring is painted from the token layout that came inline in the page.
    await page.waitForSelector(`${section(KEY)}[data-tracks-version]`);
    expect((await bands(page, KEY)).map((b) => b.zone)).toEqual([null, "", "zone-a", "zone-b"]);
    expect(requests.filter((path) => path !== "/favicon.ico")).toEqual(["/", "/app.js", "/api/events"]);
    expect(problems).toEqual([]);
  }, 60_000);

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
    // Rows reorder on the next animation frame: wait for the order, then show it if it never came.
    const descending = (rows: { value: Record<string, string> }[]): boolean => rows.every((r, i) => i === 0 || Number(rows[i - 1]!.value.ownership) >= Number(r.value.ownership));
    const rows = await waitForRows(page, KEY, descending, 10_000).catch(() => tableRows(page, KEY));
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

  it("filters the table from the keyboard: every word must match; Escape clears it", async () => {
    const page = await (await browser.context()).newPage();
    await page.goto(server.url);
    await waitForRows(page, KEY, (rows) => rows.length === 6);
    // Tab from the page's start reaches the filter box, labelled for screen readers.
    let reached = "";
    for (let i = 0; i < 20 && !reached.startsWith("Filter"); i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");
    }
    expect(reached).toBe(`Filter the instances of ${KEY}`);
    // The table repaints on the next animation frame after each keystroke: wait for that, not for a time.
    const shownOnceRepainted = async (expected: string[]): Promise<void> => {
      const rows = await waitForRows(page, KEY, (all) => all.filter((r) => r.shown).length === expected.length, 10_000).catch(() => tableRows(page, KEY));
      expect(rows.filter((r) => r.shown).map((r) => r.id)).toEqual(expected);
    };
    await page.keyboard.type("zone-a 10.0.0");
    await shownOnceRepainted(["ingester-0000", "ingester-0002", "ingester-0004"]);
    expect(await page.textContent(`${section(KEY)} .filter .count`)).toBe("3 of 6 shown");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("UNHEALTHY");
    await shownOnceRepainted(["ingester-dead"]);
    await page.keyboard.press("Escape");
    await shownOnceRepainted(["ingester-0000", "ingester-0001", "ingester-0002", "ingester-0003", "ingester-0004", "ingester-dead"]);
    expect(await page.textContent(`${section(KEY)} .filter .count`)).toBe("");
  }, 60_000);

  it("--key: a ring whose very first read fails shows the reason, then the ring once it can be read", async () => {
    const keyed = new FakeSource({ [KEY]: bigRing(3, 16) });
    let readable = false;
    const watchRing = keyed.watchRing.bind(keyed);
    keyed.watchRing = (key, options) =>
      readable
        ? watchRing(key, options)
        : (async function* () {
            yield* [];
            throw new NotARingError(key, "protobuf", "illegal tag 0 (wire type 0)");
          })();
    const keyedServer = await createRingServer({ source: keyed, port: 0, keys: [KEY], discoverIntervalMs: 200 });
    try {
      const page = await (await browser.context()).newPage();
      await page.goto(keyedServer.url);
      const problem = page.locator(`${section(KEY)} .problem`);
      await problem.waitFor({ state: "visible" });
      expect(await problem.textContent()).toBe(`value at ${KEY} is not a Cortex ring (not a ring protobuf: illegal tag 0 (wire type 0))`);
      expect(await page.textContent(`${section(KEY)} .headline`)).toContain("Not read yet");
      expect(await page.locator(`${section(KEY)} .picture`).isVisible()).toBe(false);
      readable = true;
      await waitForRows(page, KEY, (rows) => rows.length === 3);
      await problem.waitFor({ state: "hidden" });
      await page.waitForSelector(`${section(KEY)}[data-tracks-version]`);
      expect(await page.textContent(`${section(KEY)} .headline`)).toContain("3 instances (3 ACTIVE) · 48 tokens · all healthy");
    } finally {
      await keyedServer.close();
    }
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
