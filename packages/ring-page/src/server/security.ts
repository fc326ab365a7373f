/**
 * What keeps a page that can forget ring members safe: loopback unless asked otherwise, a Host check against DNS
 * rebinding (a foreign site resolving its name to 127.0.0.1 could otherwise read the rings), and for every
 * state-changing request a same-origin check plus a per-server CSRF token. Cortex's /ring page has none of these.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { lookup } from "node:dns/promises";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { CSRF_HEADER } from "../protocol.js";

/** A refusal: HTTP status, a stable code and a one-line reason. */
export interface Refusal {
  status: number;
  code: string;
  reason: string;
}

function isLoopbackAddress(address: string): boolean {
  const plain = address.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(plain) === 4) return plain.startsWith("127.");
  if (plain.startsWith("::ffff:")) return isLoopbackAddress(plain.slice(7));
  return plain === "::1";
}

/** True when every address the host names is a loopback address (`localhost` included). */
export async function isLoopbackHost(host: string): Promise<boolean> {
  if (isIP(host.replace(/^\[|\]$/g, "")) !== 0) return isLoopbackAddress(host);
  try {
    const addresses = await lookup(host, { all: true });
    return addresses.length > 0 && addresses.every((a) => isLoopbackAddress(a.address));
  } catch {
    return false;
  }
}

export function newCsrfToken(): string {
  return randomBytes(32).toString("base64url");
}

export interface Guard {
  /** The page's token, embedded in its HTML. */
  csrfToken: string;
  /** Refusal for a request whose Host header is not this server (DNS rebinding); null when fine. */
  checkHost(req: IncomingMessage): Refusal | null;
  /** Refusal for a state-changing request: cross-origin, no or wrong CSRF token, not JSON; null when fine. */
  checkStateChange(req: IncomingMessage): Refusal | null;
}

/**
 * `hosts`: the names this server answers to (without port); empty = any (a deliberate non-loopback bind, where
 * the names people use to reach the machine are not known in advance).
 */
export function createGuard(port: number, hosts: string[], csrfToken: string = newCsrfToken()): Guard {
  const allowed = new Set(hosts.map((h) => `${h.includes(":") && !h.startsWith("[") ? `[${h}]` : h}:${port}`.toLowerCase()));
  const expected = Buffer.from(csrfToken);
  return {
    csrfToken,
    checkHost(req) {
      const host = (req.headers.host ?? "").toLowerCase();
      if (allowed.size === 0 || allowed.has(host)) return null;
      return { status: 421, code: "host", reason: `this server does not answer to Host ${JSON.stringify(host)}; use ${[...allowed].join(" or ")}` };
    },
    checkStateChange(req) {
      const origin = req.headers.origin;
      const site = req.headers["sec-fetch-site"];
      if (origin !== undefined && origin !== `http://${req.headers.host ?? ""}`) {
        return { status: 403, code: "origin", reason: `cross-origin request from ${origin} refused` };
      }
      if (site !== undefined && site !== "same-origin") return { status: 403, code: "origin", reason: `cross-site request (Sec-Fetch-Site: ${site}) refused` };
      const given = Buffer.from(String(req.headers[CSRF_HEADER] ?? ""));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { status: 403, code: "csrf", reason: "missing or wrong CSRF token: reload the page" };
      }
      if (!(req.headers["content-type"] ?? "").toLowerCase().startsWith("application/json")) {
        return { status: 415, code: "content-type", reason: "send the request as application/json" };
      }
      return null;
    },
  };
}

/** Headers on every answer: no framing, no sniffing, no referrer, and a policy that allows only this origin. */
export const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-resource-policy": "same-origin",
  // No Cross-Origin-Opener-Policy: it moves the page into a browsing context group (a renderer) of its own on
  // every load, which held its first paint back ~60 ms in bench/ring-page, and it guards nothing here: an opener
  // on another origin cannot read the page, frame it, or forget without its CSRF token.
};
