// The ring page in Debian's Chromium (playwright-core), next to its peer in the same run: Cortex's own /ring page
// served by a real Cortex 1.21.1 distributor for the same ring in the same Consul. Measures page weight (bytes over
// the wire, gzip), time to first render, a 1,000-instance × 512-token ring (render time, main-thread long tasks)
// and the update latency from a Consul write to the page's DOM. Writes RESULTS.md beside this file.
// Needs `pnpm build`; provisions Chromium (tools/browser), Consul (tools/stack) and Cortex (tools/cortex).
// Callbacks passed to page.evaluate and addInitScript run in the browser, where these exist.
/* global document, window, MutationObserver */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const LOADS = Number(process.env.BENCH_RUNS ?? 9);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 20);
const { chromium } = createRequire(path.join(root, "packages/ring-page/package.json"))("playwright-core");
const { createRingServer } = await import(pathToFileURL(path.join(root, "packages/ring-page/dist/index.js")).href);
const { RingClient, encodeRingDesc } = await import(pathToFileURL(path.join(root, "packages/ring-client/dist/index.js")).href);
const { buildRing } = await import(pathToFileURL(path.join(root, "packages/ring-client/dist/parts.js")).href);

const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const provision = (script) => execFileSync("bash", [path.join(root, script)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim().split("\n").pop();
const freePort = () => new Promise((resolve) => { const s = createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
const children = [];
const cleanup = [];

async function until(what, check, timeoutMs = 60_000) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(200)) if (await check().catch(() => false)) return;
  throw new Error(`timed out waiting for ${what}`);
}

function start(bin, args) {
  const child = spawn(bin, args, { stdio: ["ignore", "ignore", "pipe"] });
  children.push(child);
  return child;
}

/** `count` instances × `tokens` seeded random tokens over three zones, heartbeating now. */
function ring(count, tokens) {
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
  const now = Math.floor(Date.now() / 1000);
  const ingesters = {};
  for (let i = 0; i < count; i++) {
    ingesters[`ingester-${String(i).padStart(4, "0")}`] = { addr: `10.0.${i >> 8}.${i & 255}:9095`, timestamp: now, state: 0, tokens: Array.from({ length: tokens }, next).sort((a, b) => a - b), zone: `zone-${"abc"[i % 3]}`, registeredTimestamp: now - 3600, id: "", readOnlyUpdatedTimestamp: 0, readOnly: false, versions: {} };
  }
  return { ingesters };
}

/** An in-memory source (the 1,000 × 512 ring cannot live in Consul: 2.5 MB against its 512 KB value limit). */
function memorySource(desc) {
  const model = () => buildRing("collectors/ring", desc, { includeTokens: true, modifyIndex: 1 });
  return {
    address: "memory",
    discoverRings: async () => [model()],
    leader: async () => "memory",
    forget: async () => ({ removed: false, attempts: 1 }),
    watchRing: async function* (_key, { signal }) {
      yield { ring: model(), diff: {} };
      await new Promise((resolve) => signal.addEventListener("abort", resolve));
    },
  };
}

const browser = await chromium.launch({ executablePath: provision("tools/browser/chromium.sh"), args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
const browserVersion = browser.version();

/** One fresh load: bytes over the wire, first render, the ring drawn, long tasks. */
async function load(url, { ours, until: selector }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__longtasks = [];
    new PerformanceObserver((list) => window.__longtasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask", buffered: true });
    // The same probe on both pages: the first table row's first cell gets an Element Timing attribute as it
    // enters the document (Cortex's from the parser, ours from the inline script), so "first render" is the
    // paint that put a row of the table on screen, measured the same way for both.
    window.__rowPaints = [];
    new PerformanceObserver((list) => window.__rowPaints.push(...list.getEntries().map((e) => e.renderTime || e.loadTime))).observe({ type: "element", buffered: true });
    new MutationObserver((_, observer) => {
      const cell = document.querySelector("tbody tr:first-child > :first-child");
      if (!cell) return;
      cell.setAttribute("elementtiming", "bench:first-row");
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction((s) => document.querySelector(s), selector, { timeout: 180_000 });
  // Element Timing and long-task entries arrive after the paint they report.
  await page.waitForFunction(() => window.__rowPaints.length > 0, undefined, { timeout: 10_000 });
  await page.waitForTimeout(300);
  const m = await page.evaluate((ours) => {
    const nav = performance.getEntriesByType("navigation")[0];
    const resources = performance.getEntriesByType("resource").filter((r) => !r.name.includes("/api/events"));
    const mark = (name) => performance.getEntriesByName(name).at(-1)?.startTime ?? null;
    const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null;
    const draws = performance.getEntriesByName("ring-page:circle-draw").map((e) => e.duration);
    const tasks = window.__longtasks;
    return {
      transfer: nav.transferSize + resources.reduce((n, r) => n + r.transferSize, 0),
      decoded: nav.decodedBodySize + resources.reduce((n, r) => n + r.decodedBodySize, 0),
      document: nav.transferSize,
      layoutBytes: resources.filter((r) => r.name.includes("/api/tokens")).reduce((n, r) => n + r.transferSize, 0),
      fcp,
      firstRender: window.__rowPaints.length ? Math.min(...window.__rowPaints) : null,
      ringDrawn: ours ? mark("ring-page:ring-drawn") : null,
      tableComplete: ours ? mark("ring-page:table-complete") : null,
      circleDraw: draws.length ? Math.max(...draws) : null,
      longTasks: tasks.length,
      longest: tasks.length ? Math.max(...tasks) : 0,
      blocking: tasks.reduce((n, d) => n + Math.max(0, d - 50), 0),
    };
  }, ours);
  await context.close();
  return m;
}

/**
 * LOADS fresh loads of each page, taken in turns (ours, Cortex's, …) so that both see the same machine: on a
 * shared machine the load moves within seconds, and back-to-back series would compare two different moments.
 */
async function loads(pages) {
  const runs = Object.fromEntries(Object.keys(pages).map((name) => [name, []]));
  for (let i = 0; i < LOADS; i++) for (const [name, { url, ...options }] of Object.entries(pages)) runs[name].push(await load(url, options));
  const summary = (list) => {
    const pick = (k) => list.map((r) => r[k]).filter((v) => v !== null);
    return Object.fromEntries(Object.keys(list[0]).map((k) => [k, pick(k).length ? p50(pick(k)) : null]));
  };
  return Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, summary(list)]));
}

// Ours is done when every row is in the table and the ring is drawn.
const OURS_DONE = 'section.ring[data-tracks-version] .table-wrap[data-complete="true"]';
const work = mkdtempSync(path.join(tmpdir(), "bench-ring-page-"));
const results = {};
try {
  // Real Consul (dev agent on loopback) and a real Cortex distributor serving /ring for collectors/ring.
  const [http, grpc, consulPort, serfLan, serfWan, server] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
  start(provision("tools/stack/consul.sh"), ["agent", "-dev", "-bind", "127.0.0.1", "-client", "127.0.0.1", "-http-port", String(consulPort), "-dns-port", "-1", "-grpc-port", "-1", "-grpc-tls-port", "-1", "-serf-lan-port", String(serfLan), "-serf-wan-port", String(serfWan), "-server-port", String(server), "-log-level", "warn"]);
  const consul = `http://127.0.0.1:${consulPort}`;
  await until("a Consul leader", async () => (await (await fetch(`${consul}/v1/status/leader`)).json()) !== "");
  const put = async (desc) => {
    const res = await fetch(`${consul}/v1/kv/collectors/ring`, { method: "PUT", body: encodeRingDesc(desc) });
    if ((await res.text()).trim() !== "true") throw new Error("Consul did not store the ring");
  };
  start(provision("tools/cortex/cortex.sh"), ["-target=distributor", "-server.http-listen-address=127.0.0.1", `-server.http-listen-port=${http}`, "-server.grpc-listen-address=127.0.0.1", `-server.grpc-listen-port=${grpc}`, "-ring.store=consul", `-consul.hostname=127.0.0.1:${consulPort}`, `-distributor.ring.consul.hostname=127.0.0.1:${consulPort}`, "-log.level=warn"]);
  const client = new RingClient({ address: consul, includeTokens: true, env: {} });
  cleanup.push(() => client.close());
  const page = await createRingServer({ source: client, port: 0 });
  cleanup.push(() => page.close());

  for (const [name, count, tokens] of [["3 × 128", 3, 128], ["100 × 128", 100, 128]]) {
    await put(ring(count, tokens));
    await until(`Cortex's /ring page to show ${count} instances`, async () => ((await (await fetch(`http://127.0.0.1:${http}/ring`)).text()).match(/<tr/g)?.length ?? 0) > count);
    await until(`the ring page to hold ${count} instances`, async () => (await (await fetch(`${page.url}api/rings`)).json())[0]?.instances.length === count);
    results[name] = await loads({
      ours: { url: page.url, ours: true, until: OURS_DONE },
      cortex: { url: `http://127.0.0.1:${http}/ring`, ours: false, until: "table" },
      cortexTokens: { url: `http://127.0.0.1:${http}/ring?tokens=true`, ours: false, until: "table" },
    });
  }

  // Update latency: a Consul write → the watch → server-sent event → the row in the page's DOM.
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(page.url);
  await tab.waitForSelector("section.ring tbody tr");
  const base = ring(3, 128);
  const latencies = [];
  for (let i = 0; i < UPDATES; i++) {
    const id = `probe-${i}`;
    const seen = tab.evaluate((id) => new Promise((resolve) => {
      const found = () => document.querySelector(`tr[data-id="${id}"]`);
      if (found()) return resolve(performance.timeOrigin + performance.now());
      new MutationObserver((_, observer) => { if (found()) { observer.disconnect(); resolve(performance.timeOrigin + performance.now()); } }).observe(document.body, { childList: true, subtree: true });
    }), id);
    await sleep(1200); // one write per watch interval (the watch asks Consul at most once a second, as Cortex)
    const desc = { ingesters: { ...base.ingesters, [id]: { ...base.ingesters["ingester-0000"], addr: "10.9.9.9:9095", tokens: [i + 1] } } };
    const wrote = Date.now();
    await put(desc);
    latencies.push((await seen) - wrote);
  }
  await context.close();
  results.latency = { p50: p50(latencies), p95: p95(latencies), max: Math.max(...latencies) };

  // 1,000 × 512 from memory, three zones.
  const big = await createRingServer({ source: memorySource(ring(1000, 512)), port: 0 });
  cleanup.push(() => big.close());
  // What the page holds inline, and what its event stream then sends (only what changed since: nothing here).
  const html = await (await fetch(big.url)).text();
  const { revision } = JSON.parse(/id="ring-snapshot">(.*?)<\/script>/s.exec(html)[1]);
  const helloBytes = async (query) => {
    const reader = (await fetch(`${big.url}api/events${query}`)).body.getReader();
    let bytes = 0;
    let text = "";
    while (!/event: hello\ndata: .*\n\n/s.test(text)) { const { value } = await reader.read(); bytes += value.length; text += new TextDecoder().decode(value); }
    await reader.cancel();
    return bytes;
  };
  const layoutRaw = (await (await fetch(`${big.url}api/tokens?key=collectors/ring`)).arrayBuffer()).byteLength;
  results.big = {
    ...(await loads({ ours: { url: big.url, ours: true, until: OURS_DONE } })).ours,
    htmlRaw: Buffer.byteLength(html),
    helloSince: await helloBytes(`?since=${encodeURIComponent(revision)}`),
    helloFull: await helloBytes(""),
    layoutRaw,
  };
} finally {
  for (const fn of cleanup.reverse()) await fn();
  await browser.close();
  for (const child of children) child.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
}

const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
const ms = (v) => (v === null || v === undefined ? "—" : `${v.toFixed(0)} ms`);
const rows = Object.entries(results).filter(([k]) => k.includes("×")).flatMap(([name, r]) => [
  `| ${name} | ring page (\`cortex-ring ring serve\`) | ${kb(r.ours.transfer)} (page ${kb(r.ours.document)}) | ${kb(r.ours.decoded)} | ${ms(r.ours.fcp)} | ${ms(r.ours.firstRender)} | ${ms(r.ours.ringDrawn)} | ${r.ours.longTasks} / ${ms(r.ours.blocking)} |`,
  `| ${name} | Cortex /ring | ${kb(r.cortex.transfer)} | ${kb(r.cortex.decoded)} | ${ms(r.cortex.fcp)} | ${ms(r.cortex.firstRender)} | — | ${r.cortex.longTasks} / ${ms(r.cortex.blocking)} |`,
  `| ${name} | Cortex /ring?tokens=true | ${kb(r.cortexTokens.transfer)} | ${kb(r.cortexTokens.decoded)} | ${ms(r.cortexTokens.fcp)} | ${ms(r.cortexTokens.firstRender)} | — | ${r.cortexTokens.longTasks} / ${ms(r.cortexTokens.blocking)} |`,
]);
const small = results["3 × 128"];
const hundred = results["100 × 128"];
const ratio = (a, b) => (a / b).toFixed(2);
const b = results.big;
const text = `# ring-page

The ring page (\`cortex-ring ring serve\`, packages/ring-page) in Debian's Chromium ${browserVersion} driven by
playwright-core, next to its peer in the same run: **Cortex's own /ring page**, served by a real Cortex 1.21.1
distributor for the same ring in the same Consul (a dev agent on loopback; the ring written with Cortex's codec).
p50 of ${LOADS} fresh loads each (new browser context: nothing cached), the pages loaded in turns. Bytes are what crossed the wire
(brotli where the server offers it; Cortex's page is not compressed); the event stream is not counted.
"First render" is the paint that put the table's first row on screen, measured the same way on both pages
(Element Timing on the row's first cell, set as the cell enters the document). "Ring drawn": the token ring
painted on the canvas (Cortex has no picture).

| ring | page | bytes over the wire | decoded | first contentful paint | first render (table) | ring drawn | long tasks / blocking |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

**Ratios (ours / Cortex's, same run):** first render ${ratio(small.ours.firstRender, small.cortex.firstRender)}× at 3 × 128 and
${ratio(hundred.ours.firstRender, hundred.cortex.firstRender)}× at 100 × 128; bytes ${ratio(small.ours.transfer, small.cortex.transfer)}× and ${ratio(hundred.ours.transfer, hundred.cortex.transfer)}×.
Both pages arrive as one HTML document with the table in it as markup. Ours also carries its stylesheet inline
and the rings as data (${kb(small.ours.document)} at 3 × 128, brotli; the server renders the 40 rows a window shows); its
script loads once that first paint has been presented, takes the page over and draws the pictures (a ring of up
to 4,096 tokens brings its picture's data inline: no request), then follows the event stream from the moment the
page was made. The difference left at 3 × 128 is what ours shows beyond Cortex's table (status line, navigation,
the picture's boxes, the filter, sortable headers): in A/B loads of the same HTML without those parts, the first
paint matched Cortex's; none of them alone stood out from the noise.

**1,000 instances × 512 tokens** (512,000 tokens, three zones; from memory, since as one Consul value it would be
2.5 MB against Consul's 512 KB limit): first rows on screen ${ms(b.firstRender)} after navigation, all 1,000 rows
${ms(b.tableComplete)} (built a hundred per task, so the page answers input meanwhile), the ring with its three zone
bands drawn ${ms(b.ringDrawn)}; drawing the circle took ${ms(b.circleDraw)} (the
512,000 ranges sampled once per edge pixel); ${b.longTasks} main-thread tasks over 50 ms, the longest ${ms(b.longest)},
${ms(b.blocking)} of blocking time in all. Over the wire: ${kb(b.transfer)} in all (brotli): the page with every
instance inline ${kb(b.document)} (${kb(b.htmlRaw)} uncompressed) and the picture's token layout ${kb(b.layoutBytes)}
(${kb(b.layoutRaw)} uncompressed; every token with its holder, the ranges and zone bands derived in the browser;
fetched again only when tokens change). The event stream's first event then carries ${kb(b.helloSince)} (only what
changed since the page was made; ${kb(b.helloFull)} for a client that holds nothing).

**Update latency** (a Consul write → ring-client's blocking-query watch → server-sent event → the row in the
page's DOM), ${UPDATES} writes one per watch interval: p50 ${ms(results.latency.p50)}, p95 ${ms(results.latency.p95)}, max ${ms(results.latency.max)}.
Cortex's page has none: it shows a change on the next manual reload.

Machine: ${cpus()[0]?.model.trim() ?? "?"} (${cpus().length} cores, shared; load average ${loadavg()[0].toFixed(1)} when the run ended), Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}.
Timings on a shared 2-core machine are noisy; compare the ratios, not the absolute numbers.
Run: \`tools/dev pnpm build && tools/dev node bench/run.js ring-page\` (\`BENCH_RUNS\`, \`BENCH_UPDATES\` change the counts).
`;
writeFileSync(path.join(here, "RESULTS.md"), text);
process.stdout.write(text);
process.exit(0);
