/**
 * The page itself: dist/web/index.html as `pnpm build` made it (the stylesheet inline, see build-web.mjs),
 * filled in per request with the rings as markup (src/view/markup.ts) and as data. The table is on screen at the
 * first paint with no script run, as on Cortex's own page; app.js, loaded just after, adopts it and follows the
 * event stream from the moment the page was made. The Content-Security-Policy allows the page's own inline
 * loader and style (by hash) and scripts from this origin (app.js), nothing else.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SNAPSHOT_ID, type Snapshot } from "../protocol.js";
import { compress, type Coding } from "./respond.js";
import { escapeHtml, FIRST_PAINT_ROWS, navHtml, NO_RINGS, rowHtml, rowStates, sectionHtml } from "../view/markup.js";
import { statusLine } from "../view/status.js";

/** The built page, dist/web/ of this package, whether this module runs from dist/server/ or (tests) src/server/. */
export const WEB_DIR = fileURLToPath(new URL("../../dist/web/", import.meta.url));

/** Where build-web.mjs's page takes what the server fills in. */
const MARK = /<!--ring-page:(status|nav|rings|snapshot)-->/;

export interface PageTemplate {
  /** The page's Content-Security-Policy: its own inline script and style by hash, requests to this origin only. */
  csp: string;
  render(snapshot: Snapshot): string;
  /** app.js, compressed once per coding, and its ETag. */
  script: { body: Uint8Array; etag: string; compressed: Record<Coding, Uint8Array> };
}

const hashes = (html: string, tag: "script" | "style"): string[] =>
  [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map((m) => `'sha256-${createHash("sha256").update(m[1] ?? "").digest("base64")}'`);

/** JSON inside <script type="application/json">: nothing in it can close the element or open a comment. */
const inlineJson = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c");

/** What goes at each mark: the state as markup (status line, navigation, rings) and as data for the script. */
function parts(snapshot: Snapshot): Record<string, string> {
  const up = snapshot.consul.state === "up";
  const status = statusLine(snapshot.consul, snapshot.settings, "connected");
  const rings = snapshot.rings.map((view) => ({ view, rows: rowStates(view.ring, snapshot.now, snapshot.settings, up) }));
  return {
    status: `<p id="consul" class="consul ${status.tone}" role="status" aria-live="polite" data-state="${status.state}">${escapeHtml(status.text)}</p>`,
    nav: navHtml(rings.map(({ view, rows }) => ({ key: view.key, unhealthy: rows.filter((r) => !r.healthy).length }))),
    // The rows a window shows; the page builds the rest just after the first paint.
    rings: `<p id="no-rings" class="empty"${rings.length ? " hidden" : ""}>${NO_RINGS}</p>${rings.map(({ view, rows }) => sectionHtml(view, rows, rows.slice(0, FIRST_PAINT_ROWS).map(rowHtml).join(""), !up)).join("\n")}`,
    snapshot: `<script type="application/json" id="${SNAPSHOT_ID}">${inlineJson(snapshot)}</script>`,
  };
}

/** `csrfToken` goes into the page (so it is per server, and never cached: see the Cache-Control the server sets). */
export function loadPage(csrfToken: string, dir: string = WEB_DIR): PageTemplate {
  const file = `${dir}index.html`;
  const scriptFile = `${dir}app.js`;
  for (const built of [file, scriptFile]) if (!existsSync(built)) throw new Error(`the ring page is not built (${built} missing): run pnpm build`);
  const html = readFileSync(file, "utf8").replace("__CSRF_TOKEN__", csrfToken);
  const script = readFileSync(scriptFile);
  // Split once: [text, mark name, text, mark name, …, text].
  const pieces = html.split(MARK);
  if (pieces.length !== 9) throw new Error(`the ring page at ${file} lacks the marks the server fills in: rebuild it with pnpm build`);
  const csp = [
    "default-src 'none'",
    `script-src 'self' ${hashes(html, "script").join(" ")}`,
    `style-src ${hashes(html, "style").join(" ")}`,
    "img-src data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    csp,
    script: {
      body: script,
      etag: `"${createHash("sha1").update(script).digest("base64url").slice(0, 20)}"`,
      compressed: { br: compress(script, "br"), gzip: compress(script, "gzip") },
    },
    render(snapshot) {
      const fill = parts(snapshot);
      return pieces.map((piece, i) => (i % 2 === 1 ? (fill[piece] ?? "") : piece)).join("");
    },
  };
}
