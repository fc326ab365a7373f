/**
 * `createRingServer`: one HTTP server for the page, its live events, the rings as JSON, the picture's token
 * ranges, and Forget. Loopback only unless `allowRemote`; every answer carries the security headers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { DEFAULT_HEARTBEAT_TIMEOUT_MS } from "@cortex-ring/ring-client";
import type { ErrorAnswer } from "../protocol.js";
import { loadAssets, type Asset } from "./assets.js";
import { EventStreams } from "./events.js";
import { RingHub, type HubOptions, type RingSource } from "./hub.js";
import { forget } from "./forget.js";
import { acceptsGzip, refuse, sendJson, type Exchange } from "./respond.js";
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
  const streams = new EventStreams(hub, { heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS, zoneAwareness: options.zoneAwareness ?? false });
  // Known once listening (the Host check needs the port); nothing is routed before that.
  const ready: { guard?: Guard; assets?: Map<string, Asset> } = {};
  const server = createServer((req, res) => {
    const { guard, assets } = ready;
    if (!guard || !assets) {
      res.writeHead(503).end();
      return;
    }
    route({ req, res, guard, assets, hub, streams, source: options.source, log: options.log ?? (() => undefined) }).catch((error: unknown) => {
      options.log?.(`ring page: ${req.method ?? ""} ${req.url ?? ""} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: "internal error", code: "internal" } satisfies ErrorAnswer);
      else res.end();
    });
  });
  const address = await listen(server, host, options.port ?? DEFAULT_PORT);
  const guard = createGuard(address.port, loopback ? [host, "localhost", "127.0.0.1", "::1"] : []);
  ready.assets = loadAssets(guard.csrfToken);
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

async function route(r: Exchange): Promise<void> {
  const { req, res } = r;
  const hostRefusal = r.guard.checkHost(req);
  if (hostRefusal) {
    refuse(res, hostRefusal.status, hostRefusal.code, hostRefusal.reason);
    return;
  }
  const url = new URL(req.url ?? "/", "http://page.invalid");
  const path = url.pathname === "/index.html" ? "/" : url.pathname;
  if (path === "/api/forget") {
    if (req.method === "POST") await forget(r);
    else refuse(res, 405, "method", "use POST");
    return;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    refuse(res, 405, "method", `${req.method ?? ""} is not allowed here`);
    return;
  }
  const asset = r.assets.get(path);
  if (asset) serveAsset(req, res, asset, path === "/");
  else if (path === "/api/events") r.streams.serve(req, res, SECURITY_HEADERS);
  else if (path === "/api/rings") serveRings(r, url.searchParams.get("key"));
  else if (path === "/api/tokens") serveTokens(r, url.searchParams.get("key") ?? "");
  else refuse(res, 404, "not-found", `nothing at ${path}`);
}

function serveRings({ req, res, hub }: Exchange, key: string | null): void {
  const rings = hub.views().map((view) => view.ring).filter((ring) => key === null || ring.key === key);
  if (key !== null && rings.length === 0) refuse(res, 404, "no-ring", `no ring ${key} on this page`);
  else sendJson(res, 200, rings, req, true);
}

function serveTokens({ req, res, hub }: Exchange, key: string): void {
  const tracks = hub.tracks(key);
  if (!tracks) {
    refuse(res, 404, "no-ring", `no ring ${key} on this page`);
    return;
  }
  const etag = `"${tracks.version}"`;
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, { ...SECURITY_HEADERS, etag }).end();
    return;
  }
  // Compressed once per token layout, not per request (4 MB of a 512,000-token ring takes a while to gzip).
  const gzip = acceptsGzip(req) ? (tracks.gzip ??= gzipSync(tracks.body)) : null;
  const body = gzip ?? tracks.body;
  res.writeHead(200, { ...SECURITY_HEADERS, "content-type": "application/octet-stream", etag, "cache-control": "no-cache", vary: "accept-encoding", ...(gzip ? { "content-encoding": "gzip" } : {}), "content-length": String(body.length) });
  res.end(body);
}

function serveAsset(req: IncomingMessage, res: ServerResponse, asset: Asset, isPage: boolean): void {
  // The page holds this server's CSRF token: never cache it. Scripts and styles revalidate by ETag.
  const headers = { ...SECURITY_HEADERS, "content-type": asset.type, etag: asset.etag, "cache-control": isPage ? "no-store" : "no-cache" };
  if (!isPage && req.headers["if-none-match"] === asset.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  const gzip = acceptsGzip(req);
  const body = gzip ? asset.gzip : asset.body;
  res.writeHead(200, { ...headers, ...(gzip ? { "content-encoding": "gzip" } : {}), vary: "accept-encoding", "content-length": String(body.length) });
  res.end(req.method === "HEAD" ? undefined : body);
}

