import { readFileSync } from "node:fs";
import { buildRing } from "@cortex-ring/ring-client/parts";
import { describe, expect, it } from "vitest";
import { instance } from "../../test/support/fake-source.js";
import type { RingJson, RingView } from "../protocol.js";
import { COLUMNS } from "./columns.js";
import { escapeHtml, headline, navHtml, rowHtml, rowStates, sectionHtml } from "./markup.js";

const settings = { heartbeatTimeoutMs: 60_000, zoneAwareness: false };
const json = (desc: Parameters<typeof buildRing>[1]): RingJson => JSON.parse(JSON.stringify(buildRing("collectors/ring", desc))) as RingJson;

describe("the page's markup (what the server sends before any script runs)", () => {
  it("escapes whatever Consul holds: an instance ID, zone or address cannot add markup", () => {
    const hostile = '<img src=x onerror="alert(1)">&\'';
    const ring = json({ ingesters: { [hostile]: instance([1], { zone: hostile, addr: hostile, timestamp: 1 }) } });
    const html = sectionHtml({ key: hostile, ring, tokensVersion: "v" }, rowStates(ring, Date.now(), settings, true), rowStates(ring, Date.now(), settings, true).map(rowHtml).join(""), false);
    expect(html).not.toContain("<img");
    expect(html).toContain(escapeHtml(hostile));
    expect(escapeHtml(hostile)).toBe("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;");
    expect(navHtml([{ key: hostile, unhealthy: 1 }])).not.toContain("<img");
  });

  it("a row holds every column's text, the exact value where the text rounds it, and Forget only when unhealthy", () => {
    const now = Date.now();
    const ring = json({ ingesters: { live: instance([1, 2 ** 31]), dead: instance([2 ** 30], { timestamp: Math.floor(now / 1000) - 600 }) } });
    const [dead, live] = rowStates(ring, now, settings, true).map(rowHtml);
    expect(live).toMatch(/^<tr data-id="live"><th scope="row" data-col="id"><span class="swatch" aria-hidden="true"><\/span>live<\/th>/);
    expect(live).toMatch(/data-col="ownership" data-value="75\.0000000\d+">75\.00%</);
    expect(live).toContain('<td class="good" data-col="health" data-value="1">healthy</td>');
    expect(live).toContain('<td data-col="action"></td>');
    expect(dead).toMatch(/^<tr data-id="dead" class="unhealthy">/);
    expect(dead).toContain('<button type="button" class="danger" data-forget aria-label="Forget dead">Forget…</button>');
    expect(COLUMNS.every((column) => live!.includes(`data-col="${column.key}"`))).toBe(true);
  });

  it("a ring never read shows its error and no picture; a read one its headline", () => {
    const unread: RingView = { key: "collectors/ring", ring: null, tokensVersion: "", error: "Consul ACL denied" };
    const html = sectionHtml(unread, [], "", false);
    expect(html).toContain('<p class="problem" role="alert">Consul ACL denied</p>');
    expect(html).toContain('<div class="picture" hidden>');
    expect(html).toContain(`<p class="headline bad">${headline(null, 0)}</p>`);
    const ring = json({ ingesters: { a: instance([1, 2]) } });
    expect(headline(ring, 0)).toMatch(/^1 instance \(1 ACTIVE\) · 2 tokens · all healthy · read \d\d:\d\d:\d\d$/);
  });

  it("the narrow layout labels every cell with its column's name (the header row is hidden there)", () => {
    const css = readFileSync(new URL("../web/style.css", import.meta.url), "utf8");
    for (const column of COLUMNS.filter((c) => c.key !== "id")) expect(css, column.key).toContain(`td[data-col="${column.key}"]::before { content: "${column.label}: "; }`);
  });
});
