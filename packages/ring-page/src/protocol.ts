/**
 * What the server sends the page: the shapes of the server-sent events and of the JSON endpoints. Shared by the
 * server (src/server) and the front end (src/web), so both sides compile against one contract.
 */
import type { Ring, RingStatus } from "@cortex-ring/ring-client";

/** A value as JSON.stringify leaves it: dates become ISO strings. */
export type Json<T> = T extends Date ? string : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

/** A ring as the page shows it (no tokens). */
export type RingJson = Json<Ring>;
export type InstanceJson = RingJson["instances"][number];

/** One ring of /api/rings, exactly as `cortex-ring ring status --json` prints it: the ring (no tokens), its value size, the ingester ring's verdict. */
export type RingStatusJson = Json<RingStatus>;

/**
 * Consul as the server last saw it: `up` with a leader, `no-leader` (answers, cannot serve consistent reads),
 * `down` (unreachable, TLS, ACL …: `error` says which, one line, never the token), `starting` before the first probe.
 */
export interface ConsulStatus {
  address: string;
  state: "starting" | "up" | "no-leader" | "down";
  leader?: string;
  error?: string;
  /** Why the last look for rings failed while Consul itself answers (e.g. an ACL denial on the KV). */
  discoveryError?: string;
  /** When this state began (ISO). */
  since: string;
}

/**
 * One ring on the page: the ring (null while it could not be read yet: `error` says why), the version of its token
 * layout (to fetch the picture's data), a watch error.
 */
export interface RingView {
  key: string;
  ring: RingJson | null;
  /** Changes exactly when some instance's tokens (or the instance set) change; the ETag of /api/tokens. */
  tokensVersion: string;
  /** Why the ring's watch stopped (an ACL denial, a value that is not a ring); it is read again at every probe of Consul. */
  error?: string;
}

/** Settings the page needs to judge health between updates, as the server's ring client does. */
export interface PageSettings {
  heartbeatTimeoutMs: number;
  zoneAwareness: boolean;
}

/**
 * The whole state at one moment. `revision` names the moment (`<server>.<n>`, also each event's SSE `id`): asked
 * with `since` (or the browser's Last-Event-ID), `rings` holds only the rings that changed after it, and `keys`
 * every ring there is now, so a page drops the rings that went away.
 */
export interface Hello {
  now: number;
  settings: PageSettings;
  consul: ConsulStatus;
  rings: RingView[];
  keys: string[];
  revision: string;
}

/**
 * The first state, inline in the page's HTML (so the table is on screen at first paint, before any request), with
 * the token layouts of small rings (base64 by key: their pictures are drawn at first paint too).
 */
export interface Snapshot extends Hello {
  layouts: Record<string, { version: string; base64: string }>;
}

/** Server-sent events, by event name. Every payload carries the server's clock (`now`, ms) for heartbeat ages. */
export interface ServerEvents {
  hello: Hello;
  ring: { now: number; view: RingView };
  "ring-removed": { now: number; key: string };
  consul: { now: number; consul: ConsulStatus };
}

/** Where the page asks for a ring's token layout (src/token-layout.ts). */
export const tokensPath = (key: string): string => `/api/tokens?key=${encodeURIComponent(key)}`;

/** The element holding the inline {@link Snapshot}. */
export const SNAPSHOT_ID = "ring-snapshot";

/** POST /api/forget body; the answer is {@link ForgetAnswer} (2xx) or {@link ErrorAnswer}. */
export interface ForgetRequest {
  key: string;
  id: string;
}

export interface ForgetAnswer {
  removed: true;
  attempts: number;
}

export interface ErrorAnswer {
  error: string;
  /** ring-client's error code (`instance-healthy`, `unreachable`, …) or the server's (`csrf`, `origin`, …). */
  code: string;
}

/** The header that carries the page's CSRF token on state-changing requests. */
export const CSRF_HEADER = "x-csrf-token";
