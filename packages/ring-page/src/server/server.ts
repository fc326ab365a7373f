/**
 * `createRingServer`: one HTTP server for the page, its live events, the rings as JSON, the picture's token
 * ranges, and Forget. Loopback only unless `allowRemote`; every answer carries the security headers.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_HEARTBEAT_TIMEOUT_MS } from "@cortex-ring/ring-client";
import type { ErrorAnswer, PageSettings, Snapshot } from "../protocol.js";
import { EventStreams } from "./events.js";
import { RingHub, type HubOptions, type RingSource } from "./hub.js";
import { forget } from "./forget.js";
import { loadPage, type PageTemplate } from "./page.js";
import { compressAsync, contentCoding, refuse, send, sendJson, type Exchange } from "./respond.js";
import { createGuard, isLoopbackHost, SECURITY_HEADERS, type Guard } from "./security.js";

export interface RingServerOptions extends HubOptions {
  /** A ring-client RingClient (or anything shaped like it) created with `includeTokens: true`. */
  source: RingSource;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Default 9797; 0 picks a free port. */
  port?: number;
  /** Required to bind anything but a loopback address: the page can forget ring members. */
  allowRemote?: boolean;
  /** The source's heartbeat timeout, so the page judges health between updates as the server does. */
  heartbeatTimeoutMs?: number;
  /** Whether the source computes ownership per zone (shown on the page). */
  zoneAwareness?: boolean;
  /** Where the server reports forgets and unexpected errors (one line each). Default: nowhere. */
  log?: (line: string) => void;
}

export interface RingServer {
  /** http://host:port/ */
  url: string;
  host: string;
  port: number;
  /** False when bound beyond loopback (allowRemote): say so to the user. */
  loopback: boolean;
  /** Stops watching, ends every open page's event stream, closes the listener. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 9797;

/** Thrown for a non-loopback host without `allowRemote`, before anything listens. */
export class RemoteBindError extends Error {
  constructor(host: string) {
    super(`refusing to serve the ring page on ${host}, which is not a loopback address: anyone who reaches it could forget ring members; pass --host explicitly (allowRemote) to mean it`);
    this.name = "RemoteBindError";
  }
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function createRingServer(options: RingServerOptions): Promise<RingServer> {
  const host = options.host ?? "127.0.0.1";
  const loopback = await isLoopbackHost(host);
  if (!loopback && !options.allowRemote) throw new RemoteBindError(host);
  const hub = new RingHub(options.source, options);
  const settings: PageSettings = { heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS, zoneAwareness: options.zoneAwareness ?? false };
  const streams = new EventStreams(hub, settings);
  // Known once listening (the Host check needs the port); nothing is routed before that.
  const ready: { guard?: Guard; page?: PageTemplate } = {};
  const server = createServer((req, res) => {
    const { guard, page } = ready;
    if (!guard || !page) {
      res.writeHead(503).end();
      return;
    }
    route({ req, res, guard, page, hub, streams, source: options.source, log: options.log ?? (() => undefined) }, settings).catch((error: unknown) => {
      options.log?.(`ring page: ${req.method ?? ""} ${req.url ?? ""} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: "internal error", code: "internal" } satisfies ErrorAnswer);
      else res.end();
    });
  });
  const address = await listen(server, host, options.port ?? DEFAULT_PORT);
  const guard = createGuard(address.port, loopback ? [host, "localhost", "127.0.0.1", "::1"] : []);
  ready.page = loadPage(guard.csrfToken);
  ready.guard = guard;
  hub.start();
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/`,
    host: address.address,
    port: address.port,
    loopback,
    async close() {
      streams.close();
      await hub.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

async function route(r: Exchange, settings: PageSettings): Promise<void> {
  const { req, res } = r;
  const hostRefusal = r.guard.checkHost(req);
  if (hostRefusal) {
    refuse(res, hostRefusal.status, hostRefusal.code, hostRefusal.reason);
    return;
  }
  const url = new URL(req.url ?? "/", "http://page.invalid");
  const path = url.pathname;
  if (path === "/api/forget") {
    if (req.method === "POST") await forget(r);
    else refuse(res, 405, "method", "use POST");
    return;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    refuse(res, 405, "method", `${req.method ?? ""} is not allowed here`);
    return;
  }
  if (path === "/" || path === "/index.html") servePage(r, settings);
  else if (path === "/app.js") serveScript(r);
  else if (path === "/api/events") r.streams.serve(req, res, SECURITY_HEADERS, url.searchParams.get("since"));
  else if (path === "/api/rings") serveRings(r, url.searchParams.get("key"));
  else if (path === "/api/tokens") await serveTokens(r, url.searchParams.get("key") ?? "");
  else refuse(res, 404, "not-found", `nothing at ${path}`);
}

/** Rings up to this many tokens travel inside the page (a few KB), so their pictures are drawn at first paint. */
const INLINE_LAYOUT_TOKENS = 4096;

/** The page with the state inline: the table (and a small ring's picture) on screen at first paint. */
function servePage({ req, res, hub, page }: Exchange, settings: PageSettings): void {
  const state = hub.snapshot();
  const layouts: Snapshot["layouts"] = {};
  for (const view of state.rings) {
    const layout = view.ring && view.ring.totalTokens <= INLINE_LAYOUT_TOKENS ? hub.layout(view.key) : undefined;
    if (layout) layouts[view.key] = { version: layout.version, base64: Buffer.from(layout.body).toString("base64") };
  }
  const html = page.render({ now: Date.now(), settings, ...state, layouts });
  // It holds this server's CSRF token: never cached.
  send(res, 200, "text/html; charset=utf-8", Buffer.from(html), req, { "content-security-policy": page.csp });
}

/** app.js: the same for every page of this build, so revalidated by ETag rather than fetched again. */
function serveScript({ req, res, page }: Exchange): void {
  const { script } = page;
  const headers = { ...SECURITY_HEADERS, "content-type": "text/javascript; charset=utf-8", etag: script.etag, "cache-control": "no-cache", vary: "accept-encoding" };
  if (req.headers["if-none-match"] === script.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  const coding = contentCoding(req);
  const body = coding ? script.compressed[coding] : script.body;
  res.writeHead(200, { ...headers, ...(coding ? { "content-encoding": coding } : {}), "content-length": String(body.length) });
  res.end(req.method === "HEAD" ? undefined : body);
}

function serveRings({ req, res, hub }: Exchange, key: string | null): void {
  const views = hub.views().filter((view) => key === null || view.key === key);
  const unread = views.find((view) => view.ring === null);
  if (key !== null && views.length === 0) refuse(res, 404, "no-ring", `no ring ${key} on this page`);
  else if (key !== null && unread) refuse(res, 502, "ring-unreadable", unread.error ?? `ring ${key} could not be read yet`);
  else sendJson(res, 200, hub.statuses().filter((status) => key === null || status.key === key), req, true);
}

async function serveTokens({ req, res, hub }: Exchange, key: string): Promise<void> {
  const layout = hub.layout(key);
  if (!layout) {
    refuse(res, 404, "no-ring", `no ring ${key} on this page`);
    return;
  }
  const etag = `"${layout.version}"`;
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, { ...SECURITY_HEADERS, etag }).end();
    return;
  }
  // Compressed once per layout and coding, not per request, and off the event loop (3 MB for 512,000 tokens).
  const coding = contentCoding(req);
  let body = layout.body;
  if (coding) {
    let compressed = layout.compressed.get(coding);
    if (!compressed) layout.compressed.set(coding, (compressed = compressAsync(layout.body, coding)));
    body = await compressed;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    "content-type": "application/octet-stream",
    etag,
    "cache-control": "no-cache",
    vary: "accept-encoding",
    ...(coding ? { "content-encoding": coding } : {}),
    "content-length": String(body.length),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}
