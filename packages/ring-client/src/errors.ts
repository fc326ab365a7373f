/**
 * Every failure the ring client reports: one line naming the Consul endpoint and/or ring key, a stable `code`
 * for programs, never the ACL token.
 */
export interface ErrorContext {
  /** Consul URL (scheme, host, path; no query string). */
  endpoint?: string;
  key?: string;
  cause?: unknown;
}

export class RingClientError extends Error {
  readonly code: string;
  readonly endpoint?: string;
  readonly key?: string;

  constructor(code: string, message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.code = code;
    if (context.endpoint !== undefined) this.endpoint = context.endpoint;
    if (context.key !== undefined) this.key = context.key;
  }
}

/** Nothing answers at the address (connection refused, DNS failure, reset). */
export class ConsulUnreachableError extends RingClientError {
  constructor(endpoint: string, reason: string, cause?: unknown) {
    super("unreachable", `Consul unreachable at ${endpoint}: ${reason}`, { endpoint, cause });
  }
}

/**
 * The TLS handshake failed: a server certificate the client cannot trust, a client certificate the agent wants
 * and did not get (or rejected), or a port that does not speak TLS. The reason says which and what to set.
 */
export class ConsulTlsError extends RingClientError {
  constructor(endpoint: string, reason: string, cause?: unknown) {
    super("tls", `Consul TLS failed at ${endpoint}: ${reason}`, { endpoint, cause });
  }
}

/** The agent accepted the connection but did not answer within the timeout. */
export class ConsulTimeoutError extends RingClientError {
  constructor(endpoint: string, timeoutMs: number, cause?: unknown) {
    super("timeout", `Consul at ${endpoint} did not answer within ${timeoutMs} ms`, { endpoint, cause });
  }
}

/** HTTP 500 "No cluster leader": the servers have not elected a leader (yet). */
export class NoLeaderError extends RingClientError {
  constructor(endpoint: string, key?: string) {
    super("no-leader", `Consul at ${endpoint} has no cluster leader yet (HTTP 500)`, { endpoint, ...(key ? { key } : {}) });
  }
}

/** HTTP 403: the token (or the anonymous token) lacks the permission. */
export class AclDeniedError extends RingClientError {
  /** What was refused: a read, or a KV write (forget's check-and-set) — a read-only token fails only the latter. */
  readonly access: "read" | "write";
  constructor(endpoint: string, reason: string, key?: string, access: "read" | "write" = "read") {
    super("acl-denied", `Consul ACL denied ${endpoint} (HTTP 403: ${reason}); check CONSUL_HTTP_TOKEN`, { endpoint, ...(key ? { key } : {}) });
    this.access = access;
  }
}

/** Any other non-2xx answer. */
export class ConsulResponseError extends RingClientError {
  readonly statusCode: number;
  constructor(endpoint: string, statusCode: number, reason: string, key?: string) {
    super("consul-error", `Consul at ${endpoint} answered HTTP ${statusCode}: ${reason}`, { endpoint, ...(key ? { key } : {}) });
    this.statusCode = statusCode;
  }
}

export class KeyMissingError extends RingClientError {
  constructor(key: string, endpoint: string) {
    super("key-missing", `no ring at key ${key} (${endpoint} answered 404)`, { key, endpoint });
  }
}

/** The value under the key is not a Cortex ring: not snappy, not a ring protobuf, or empty. */
export class NotARingError extends RingClientError {
  readonly reason: "empty" | "snappy" | "protobuf";
  constructor(key: string, reason: "empty" | "snappy" | "protobuf", detail: string, cause?: unknown) {
    const what = reason === "empty" ? "empty value" : reason === "snappy" ? "not snappy-compressed" : "not a ring protobuf";
    super("not-a-ring", `value at ${key} is not a Cortex ring (${what}: ${detail})`, { key, cause });
    this.reason = reason;
  }
}

/** forget() refuses an instance that still heartbeats, unless forced. */
export class InstanceHealthyError extends RingClientError {
  readonly instanceId: string;
  constructor(key: string, instanceId: string, heartbeatAgeSeconds: number | null) {
    const age = heartbeatAgeSeconds === null ? "" : ` (last heartbeat ${heartbeatAgeSeconds}s ago)`;
    super("instance-healthy", `${instanceId} in ${key} is still healthy${age}`, { key });
    this.instanceId = instanceId;
  }
}

/** Every check-and-set attempt lost to a concurrent writer. */
export class CasConflictError extends RingClientError {
  constructor(key: string, endpoint: string, attempts: number) {
    super("cas-conflict", `gave up updating ${key} after ${attempts} conflicting check-and-set attempts at ${endpoint}`, { key, endpoint });
  }
}

/** Bad options or environment (address, TLS files). */
export class ConfigError extends RingClientError {
  constructor(message: string, cause?: unknown) {
    super("config", message, { cause });
  }
}
