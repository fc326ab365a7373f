/** Answers: JSON, bytes (gzipped when worth it and accepted), one-line refusals; the request in hand. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import type { ErrorAnswer } from "../protocol.js";
import type { Asset } from "./assets.js";
import type { EventStreams } from "./events.js";
import type { RingHub, RingSource } from "./hub.js";
import { SECURITY_HEADERS, type Guard } from "./security.js";

/** One request and what answering it needs. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  guard: Guard;
  assets: Map<string, Asset>;
  hub: RingHub;
  streams: EventStreams;
  source: RingSource;
  log: (line: string) => void;
}

export const acceptsGzip = (req: IncomingMessage): boolean => /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");

export function sendJson(res: ServerResponse, status: number, value: unknown, req?: IncomingMessage, pretty = false): void {
  send(res, status, "application/json; charset=utf-8", Buffer.from(`${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`), req);
}

export function send(res: ServerResponse, status: number, type: string, body: Uint8Array, req?: IncomingMessage, extra: Record<string, string> = {}): void {
  const gzip = req !== undefined && body.length > 1024 && acceptsGzip(req);
  const payload = gzip ? gzipSync(body) : body;
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": type, "cache-control": "no-store", ...(gzip ? { "content-encoding": "gzip", vary: "accept-encoding" } : {}), ...extra, "content-length": String(payload.length) });
  res.end(payload);
}

export function refuse(res: ServerResponse, status: number, code: string, reason: string): void {
  sendJson(res, status, { error: reason, code } satisfies ErrorAnswer);
}
