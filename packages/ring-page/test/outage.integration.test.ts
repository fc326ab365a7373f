/**
 * Consul goes away under an open page and comes back: the page says so, keeps what it had, and recovers by
 * itself. The agent enforces ACLs, and the page never sees the token the server uses.
 */
import { encodeRingDesc, RingClient } from "@cortex-ring/ring-client";
import type { Page } from "playwright-core";
import { startRestartableConsul, type RestartableConsul } from "@cortex-ring/test-support/consul";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRingServer, type RingServer } from "../src/index.js";
import { launchBrowser, type TestBrowser } from "./support/browser.js";
import { bigRing, instance } from "./support/fake-source.js";
import { waitForRows } from "./support/page.js";

const KEY = "collectors/ring";
const TOKEN = "5e1f6c44-0d6b-4a39-9d6f-ring-page-test";

let consul: RestartableConsul;
let client: RingClient;
let server: RingServer;
let browser: TestBrowser;
let page: Page;
const seen: string[] = [];

async function put(desc: Parameters<typeof encodeRingDesc>[0]): Promise<void> {
  const res = await fetch(`${consul.address}/v1/kv/${KEY}`, { method: "PUT", headers: { "x-consul-token": TOKEN }, body: new Uint8Array(encodeRingDesc(desc)) });
  if (!(await res.text()).includes("true")) throw new Error(`Consul did not store ${KEY}: HTTP ${res.status}`);
}

beforeAll(async () => {
  consul = await startRestartableConsul(TOKEN);
  await put(bigRing(2, 16));
  client = new RingClient({ address: consul.address, token: TOKEN, includeTokens: true, env: {} });
  server = await createRingServer({ source: client, port: 0, probeIntervalMs: 500, discoverIntervalMs: 1000 });
  browser = await launchBrowser();
  page = await (await browser.context()).newPage();
  // Everything the browser receives, to look for the token in.
  page.on("response", (res) => void res.body().then((b) => seen.push(b.toString("utf8")), () => undefined));
  await page.goto(server.url);
  await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
}, 120_000);

afterAll(async () => {
  // Unset when beforeAll failed before reaching them.
  await (browser as TestBrowser | undefined)?.close();
  await (server as RingServer | undefined)?.close();
  (client as RingClient | undefined)?.close();
  await (consul as RestartableConsul | undefined)?.destroy();
}, 60_000);

const consulState = (): Promise<string | undefined> => page.$eval("#consul", (el) => (el as HTMLElement).dataset.state);

describe("the page through a Consul outage", () => {
  it("shows the ring while Consul is up", async () => {
    await waitForRows(page, KEY, (rows) => rows.length === 2);
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#consul")?.dataset.state === "up");
    expect(await page.textContent("#consul")).toContain(`Consul ${consul.address}`);
  }, 60_000);

  it("says Consul is unreachable when it stops, and keeps the rings it had", async () => {
    await consul.stop();
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#consul")?.dataset.state === "down", undefined, { timeout: 30_000 });
    const text = (await page.textContent("#consul")) ?? "";
    expect(text).toMatch(/Consul is unreachable since \d\d:\d\d:\d\d: Consul unreachable at http:\/\/127\.0\.0\.1:\d+\/v1\/status\/leader: connection refused/);
    expect(text).toContain("recovers by itself");
    expect((await waitForRows(page, KEY, (rows) => rows.length === 2)).length).toBe(2);
    expect(await page.$eval(".ring", (el) => el.classList.contains("stale"))).toBe(true);
  }, 60_000);

  it("recovers by itself when Consul is back: state up, and changes flow again", async () => {
    await consul.start();
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#consul")?.dataset.state === "up", undefined, { timeout: 60_000 });
    expect(await page.$eval(".ring", (el) => el.classList.contains("stale"))).toBe(false);
    const desc = bigRing(2, 16);
    desc.ingesters["ingester-after-outage"] = instance([12345]);
    await put(desc);
    await waitForRows(page, KEY, (rows) => rows.some((r) => r.id === "ingester-after-outage"));
    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    expect(await consulState()).toBe("up");
  }, 90_000);

  it("never sent the Consul token to the browser", async () => {
    // The event stream never ends, so the browser's copy is not in `seen`: read its first event here.
    const stream = (await fetch(`${server.url}api/events`)).body!.pipeThrough(new TextDecoderStream()).getReader();
    let events = "";
    while (!/event: hello\ndata: .*\n\n/.test(events)) events += (await stream.read()).value ?? "";
    await stream.cancel();
    const everything = [await page.content(), ...seen, events, await (await fetch(`${server.url}api/rings`)).text()].join("\n");
    expect(everything).toContain("ingester-after-outage");
    expect(everything).not.toContain(TOKEN);
  }, 30_000);
});
