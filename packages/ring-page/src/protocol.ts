/**
 * What the server sends the page: the shapes of the server-sent events and of the JSON endpoints. Shared by the
 * server (src/server) and the front end (src/web), so both sides compile against one contract.
 */
import type { Ring } from "@cortex-ring/ring-client";

/** A value as JSON.stringify leaves it: dates become ISO strings. */
export type Json<T> = T extends Date ? string : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

/** A ring as `cortex-ring ring status --json` prints it (no tokens). */
export type RingJson = Json<Ring>;
export type InstanceJson = RingJson["instances"][number];

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

/** One ring on the page: the ring, the version of its token layout (to fetch the picture's data), a watch error. */
export interface RingView {
  ring: RingJson;
  /** Changes exactly when some instance's tokens (or the instance set) change; the ETag of /api/tokens. */
  tokensVersion: string;
  /** Why the ring's watch stopped (an ACL denial, a value that is not a ring); it restarts at the next discovery. */
  error?: string;
}

/** Settings the page needs to judge health between updates, as the server's ring client does. */
export interface PageSettings {
  heartbeatTimeoutMs: number;
  zoneAwareness: boolean;
}

/** Server-sent events, by event name. Every payload carries the server's clock (`now`, ms) for heartbeat ages. */
export interface ServerEvents {
  hello: { now: number; settings: PageSettings; consul: ConsulStatus; rings: RingView[] };
  ring: { now: number; view: RingView };
  "ring-removed": { now: number; key: string };
  consul: { now: number; consul: ConsulStatus };
}

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
