/**
 * The front end, built into dist/web by `pnpm build` (esbuild): read once at start-up, gzipped once, served
 * with an ETag. Nothing is compiled at run time.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

const TYPES: Record<string, string> = {
  "index.html": "text/html; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "app.css": "text/css; charset=utf-8",
};

/** The built page, dist/web/ of this package, whether this module runs from dist/server/ or (tests) src/server/. */
export const WEB_DIR = fileURLToPath(new URL("../../dist/web/", import.meta.url));

function asset(type: string, body: Buffer): Asset {
  return { type, body, gzip: gzipSync(body, { level: 9 }), etag: `"${createHash("sha1").update(body).digest("base64url").slice(0, 20)}"` };
}

/**
 * The page's files by URL path. `index.html` gets the server's CSRF token in place of its placeholder (so it is
 * per server, and never cached by the browser: see the Cache-Control the server sets).
 */
export function loadAssets(csrfToken: string, dir: string = WEB_DIR): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, type] of Object.entries(TYPES)) {
    const file = `${dir}${name}`;
    if (!existsSync(file)) throw new Error(`the ring page is not built (${file} missing): run pnpm build`);
    let body = readFileSync(file);
    if (name === "index.html") body = Buffer.from(body.toString("utf8").replace("__CSRF_TOKEN__", csrfToken));
    assets.set(name === "index.html" ? "/" : `/${name}`, asset(type, body));
  }
  return assets;
}
