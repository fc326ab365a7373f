/**
 * Forget, checked on the server whatever the page shows: same-origin, the CSRF token, a ring this page shows, and
 * ring-client's check-and-set forget without `force`, which re-reads the ring from Consul and refuses an
 * instance that still heartbeats.
 */
import type { IncomingMessage } from "node:http";
import { RingClientError } from "@cortex-ring/ring-client";
import type { ForgetAnswer, ForgetRequest } from "../protocol.js";
import { refuse, sendJson, type Exchange } from "./respond.js";

const MAX_BODY = 4096;

async function readBody(req: IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseForget(text: string): ForgetRequest | null {
  try {
    const value = JSON.parse(text) as Partial<ForgetRequest>;
    return typeof value.key === "string" && typeof value.id === "string" && value.key && value.id ? { key: value.key, id: value.id } : null;
  } catch {
    return null;
  }
}

const FORGET_STATUS: Record<string, number> = { "instance-healthy": 409, "key-missing": 404, "cas-conflict": 409, "acl-denied": 502 };

export async function forget(r: Exchange): Promise<void> {
  const { req, res } = r;
  const refusal = r.guard.checkStateChange(req);
  if (refusal) {
    refuse(res, refusal.status, refusal.code, refusal.reason);
    return;
  }
  const body = await readBody(req);
  const request = body === null ? null : parseForget(body);
  if (!request) {
    refuse(res, 400, "bad-request", 'expected {"key": "<ring key>", "id": "<instance ID>"}');
    return;
  }
  if (!r.hub.has(request.key)) {
    refuse(res, 404, "no-ring", `no ring ${request.key} on this page`);
    return;
  }
  try {
    const outcome = await r.source.forget(request.key, request.id);
    if (!outcome.removed) {
      refuse(res, 404, "not-found", `${request.id} is not in ${request.key}`);
      return;
    }
    r.log(`forgot ${request.id} from ${request.key} (${outcome.attempts} check-and-set attempt${outcome.attempts === 1 ? "" : "s"}), asked by ${req.socket.remoteAddress ?? "?"}`);
    // The watch shows the removal within a second; discovery also notices a ring that is now gone.
    void r.hub.discover();
    sendJson(res, 200, { removed: true, attempts: outcome.attempts } satisfies ForgetAnswer);
  } catch (error) {
    if (!(error instanceof RingClientError)) throw error;
    refuse(res, FORGET_STATUS[error.code] ?? 503, error.code, error.message);
  }
}
