/**
 * What a failed request to a Consul agent means: the `consul` client's (papi's) errors turned into one-line
 * RingClientErrors, and whether another server of the cluster could answer instead.
 */
import {
  AclDeniedError,
  ConsulResponseError,
  ConsulTimeoutError,
  ConsulTlsError,
  ConsulUnreachableError,
  NoLeaderError,
  RingClientError,
} from "./errors.js";

interface PapiError extends Error {
  isResponse?: boolean;
  isTimeout?: boolean;
  isAbort?: boolean;
  statusCode?: number;
  code?: string;
  response?: { statusCode: number; body?: unknown };
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connect timed out",
  EPIPE: "connection closed",
  ECONNABORTED: "connection aborted",
};

/** Network failures where the request surely never reached the agent: safe to send a write elsewhere. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * What a failed handshake means for the user, from Node's code: certificate verification codes (OpenSSL's
 * names) for the server's certificate, TLS alerts from the agent for the client's.
 */
function tlsReason(code: string, message: string): string | undefined {
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return `the server certificate does not name this host (${code}); connect by a name or address it lists`;
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") return `the server certificate is not valid now (${code})`;
  if (/^(UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|CERT_)/.test(code)) return `the server certificate is not trusted (${code}); set CONSUL_CACERT to the CA that signed it`;
  if (code.endsWith("_ALERT_CERTIFICATE_REQUIRED")) return `the agent requires a client certificate (${code}); set CONSUL_CLIENT_CERT and CONSUL_CLIENT_KEY`;
  // TLS 1.2 agents answer a missing client certificate with bad_certificate too, so this names both causes.
  if (/_ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE)$/.test(code)) {
    return `the agent did not accept a client certificate (${code}); set CONSUL_CLIENT_CERT and CONSUL_CLIENT_KEY to one signed by its CA`;
  }
  if (code === "EPROTO" && /wrong version number|packet length too long|http request/i.test(message)) return `the port does not speak TLS (${code}); use http:// for a plain HTTP port`;
  if (code === "EPROTO" || /^ERR_(TLS|SSL)_/.test(code)) return `TLS handshake failed (${code})`;
  return undefined;
}

export interface FailedRequest {
  endpoint: string;
  timeoutMs: number;
  key?: string | undefined;
  /** A KV write (for AclDeniedError's `access`). */
  write?: boolean | undefined;
  /** TLS in use: handshake codes mean TLS problems. */
  tls: boolean;
  /** Removes the token from any text that reaches a message. */
  scrub: (text: string) => string;
}

/** Consul's own reason, one short line, without the token should it ever echo it. */
function reasonOf(body: unknown, fallback: string, scrub: (text: string) => string): string {
  const text = Buffer.isBuffer(body) ? body.toString("utf8") : typeof body === "string" ? body : fallback;
  const line = (text.split("\n").find((l) => l.trim()) ?? fallback).trim();
  return scrub(line.length > 160 ? `${line.slice(0, 157)}...` : line);
}

export function translateError(error: unknown, request: FailedRequest): RingClientError {
  if (error instanceof RingClientError) return error;
  const { endpoint, key } = request;
  // Anything can be thrown; a non-object has none of these fields.
  const e = (typeof error === "object" && error !== null ? error : {}) as Partial<PapiError> & { cause?: { code?: string } };
  if (e.isTimeout) return new ConsulTimeoutError(endpoint, request.timeoutMs, error);
  if (e.isResponse && e.response) {
    const status = e.response.statusCode;
    const reason = reasonOf(e.response.body, e.message ?? "", request.scrub);
    if (status === 403) return new AclDeniedError(endpoint, reason, key, request.write ? "write" : "read");
    if (status === 500 && /no (cluster )?leader/i.test(reason)) return new NoLeaderError(endpoint, key);
    return new ConsulResponseError(endpoint, status, reason, key);
  }
  const code = e.code ?? e.cause?.code;
  if (code && NETWORK_REASONS[code]) return new ConsulUnreachableError(endpoint, `${NETWORK_REASONS[code]} (${code})`, error);
  const tls = code && request.tls ? tlsReason(code, e.message ?? "") : undefined;
  if (tls) return new ConsulTlsError(endpoint, tls, error);
  return new RingClientError("consul-error", `Consul request to ${endpoint} failed: ${request.scrub(e.message ?? String(error))}`, { endpoint, ...(key ? { key } : {}), cause: error });
}

function networkCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code ?? e.cause?.code;
}

/**
 * Whether another server of the same cluster may answer what this agent could not: it is down or cut off
 * (unreachable, timed out), or it lost its leader (a partitioned minority, an election). A write moves on only
 * when it surely never arrived, so it is never applied twice.
 */
export function worthAnotherServer(error: RingClientError, write: boolean): boolean {
  if (error.code === "no-leader") return true;
  if (error.code === "unreachable") return !write || NEVER_SENT.has(networkCode(error.cause) ?? "");
  if (error.code === "timeout") return !write;
  return false;
}
