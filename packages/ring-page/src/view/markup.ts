/**
 * The page's markup, written once for both renderers: the server puts the rings into the HTML it sends, so the
 * table is on screen at the first paint with no script run yet (as on Cortex's own page); the page builds later
 * rings and rows from the same strings, and adopts what the server sent. Strings only: no DOM here.
 */
import type { PageSettings, RingJson, RingView } from "../protocol.js";
import { COLUMNS, type RowState } from "./columns.js";
import { heartbeatAge, isHealthy, plural, thousands, time } from "./format.js";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for element content and double-quoted attributes. Ring keys, IDs, zones and addresses come from Consul. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

export const sectionId = (key: string): string => `ring-${key.replace(/[^a-zA-Z0-9_-]/g, "-")}`;

/** Each instance judged by the server's clock `now`, as the table shows it. */
export function rowStates(ring: RingJson | null, now: number, settings: PageSettings, consulUp: boolean): RowState[] {
  return (ring?.instances ?? []).map((instance) => ({ instance, healthy: isHealthy(instance, now, settings, consulUp), ageSeconds: heartbeatAge(instance, now) }));
}

/** The line under a ring's name: how many instances in which states, tokens, health, when it was read. */
export function headline(ring: RingJson | null, unhealthy: number): string {
  if (!ring) return "Not read yet: the page shows this ring as soon as it can be read.";
  const states = Object.entries(ring.countsByState)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${thousands(n)} ${state}`);
  return [
    `${plural(ring.instances.length, "instance")}${states.length ? ` (${states.join(", ")})` : ""}`,
    plural(ring.totalTokens, "token"),
    unhealthy > 0 ? `${unhealthy} unhealthy` : "all healthy",
    `read ${time(ring.readAt)}`,
  ].join(" · ");
}

/**
 * One instance's row. Each cell names its column (`data-col`: the page's updates, the narrow layout's labels,
 * scripts) and, where the text rounds or words it, the exact value (`data-value`: the sort key, ISO times, the
 * ownership to the last digit). Lean, as Cortex's rows are: the server sends a hundred of them before the first paint.
 */
export function rowHtml(row: RowState): string {
  const id = escapeHtml(row.instance.id);
  const cells = COLUMNS.map((column) => {
    const tag = column.key === "id" ? "th" : "td";
    const text = column.text(row);
    const value = String(column.value(row));
    const className = column.key === "health" ? (row.healthy ? "good" : "bad") : column.numeric ? "num" : "";
    const attributes = `${column.key === "id" ? ' scope="row"' : ""}${className ? ` class="${className}"` : ""} data-col="${column.key}"${value === text ? "" : ` data-value="${escapeHtml(value)}"`}`;
    const content = column.key === "id" ? `<span class="swatch" aria-hidden="true"></span>${escapeHtml(text)}` : escapeHtml(text);
    return `<${tag}${attributes}>${content}</${tag}>`;
  });
  // Forget only where the page judges the instance unhealthy; the server decides again on the request.
  const forget = row.healthy ? "" : `<button type="button" class="danger" data-forget aria-label="Forget ${id}">Forget…</button>`;
  return `<tr data-id="${id}"${row.healthy ? "" : ' class="unhealthy"'}>${cells.join("")}<td data-col="action">${forget}</td></tr>`;
}

/**
 * A ring's section: headline, problem, the picture's canvases (drawn by the page), the filter box and the table
 * with `rows` (markup from {@link rowHtml}; the page adds the rest).
 */
export function sectionHtml(view: RingView, rows: RowState[], shownRows: string, stale: boolean): string {
  const key = escapeHtml(view.key);
  const id = sectionId(view.key);
  const unhealthy = rows.filter((r) => !r.healthy).length;
  const header = COLUMNS.map(
    (column) =>
      `<th scope="col"${column.numeric ? ' class="num"' : ""} aria-sort="${column.key === "id" ? "ascending" : "none"}"><button type="button" data-sort="${column.key}">${escapeHtml(column.label)}</button></th>`,
  ).join("");
  const cols = [...COLUMNS.map((c) => c.key), "action"].map((k) => `<col class="col-${k}">`).join("");
  return `<section class="ring${stale ? " stale" : ""}" id="${id}" aria-labelledby="${id}-title">
<h2 id="${id}-title">${key}</h2>
<p class="headline${!view.ring || unhealthy > 0 ? " bad" : ""}">${escapeHtml(headline(view.ring, unhealthy))}</p>
<p class="problem" role="alert"${view.error ? "" : " hidden"}>${escapeHtml(view.error ?? "")}</p>
<div class="picture"${view.ring ? "" : " hidden"}>
<figure><canvas class="circle" role="img" aria-label="The token ring of ${key}: each instance's token ranges in its colour, clockwise from token 0 at the top"></canvas><figcaption class="legend"></figcaption></figure>
<figure class="bar-box"><canvas class="bars" role="img" aria-label="Ownership per instance in ${key}, with each instance's expected share dashed"></canvas><figcaption>Ownership per instance (table order); dashed: the expected share.</figcaption></figure>
</div>
<div class="filter"><label>Filter <input type="search" placeholder="instance, zone, state, health, address" aria-label="Filter the instances of ${key}" autocomplete="off" spellcheck="false"></label><span class="count" aria-live="polite"></span></div>
<div class="table-wrap"><table class="instances"><caption>Instances of ${key}</caption><colgroup>${cols}</colgroup>
<thead><tr>${header}<th scope="col">Action</th></tr></thead><tbody>${shownRows}</tbody></table></div>
</section>`;
}

/** The navigation: a link per ring, with a badge counting its unhealthy instances. */
export function navHtml(rings: { key: string; unhealthy: number }[]): string {
  return rings
    .map(({ key, unhealthy }) => `<a href="#${sectionId(key)}">${escapeHtml(key)}${unhealthy > 0 ? ` <span class="badge">${unhealthy} unhealthy</span>` : ""}</a>`)
    .join("");
}

export const NO_RINGS = "No rings found: no Cortex component has registered one in this Consul yet. This page updates by itself.";

/** Rows the page builds per task: a thousand at once would block it for a few hundred ms. */
export const ROWS_PER_BATCH = 100;

/**
 * Rows the server renders into the page: what a tall window shows below the picture. The rest are built by the
 * page just after its first paint; rendering rows nobody can see yet only delays that paint (~20 ms for 100 in
 * bench/ring-page).
 */
export const FIRST_PAINT_ROWS = 40;
