/**
 * The Consul connection: where (CONSUL_HTTP_ADDR), who (CONSUL_HTTP_TOKEN, sent only as the X-Consul-Token header),
 * TLS (CONSUL_CACERT, CONSUL_CLIENT_CERT/KEY) and how long, through the `consul` npm client; and the translation
 * of its failures into one-line typed errors.
 */
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { createSecureContext } from "node:tls";
import Consul from "consul";
import {
  AclDeniedError,
  ConfigError,
  ConsulResponseError,
  ConsulTimeoutError,
  ConsulTlsError,
  ConsulUnreachableError,
  NoLeaderError,
  RingClientError,
} from "./errors.js";

export type Consistency = "default" | "stale" | "consistent";

export interface TlsOptions {
  /** PEM contents; or the *File variants to read them. */
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Skip server certificate verification (CONSUL_HTTP_SSL_VERIFY=false). */
  insecureSkipVerify?: boolean;
}

export interface ConnectionOptions {
  /** Default $CONSUL_HTTP_ADDR, else http://127.0.0.1:8500. A bare host:port means http (https with CONSUL_HTTP_SSL=true). */
  address?: string;
  /** Default $CONSUL_HTTP_TOKEN (or the file named by $CONSUL_HTTP_TOKEN_FILE). */
  token?: string;
  /** Default from $CONSUL_CACERT, $CONSUL_CLIENT_CERT, $CONSUL_CLIENT_KEY, $CONSUL_HTTP_SSL_VERIFY. */
  tls?: TlsOptions;
  /** Per request; blocking watches add their wait time to it. Default 10 000. */
  timeoutMs?: number;
  consistency?: Consistency;
  env?: NodeJS.ProcessEnv;
}

export interface ResolvedConnection {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8500 */
  address: string;
  token: string | undefined;
  tls: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized: boolean } | undefined;
  timeoutMs: number;
  consistency: Consistency;
}

const DEFAULT_ADDRESS = "http://127.0.0.1:8500";

function readPem(what: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ConfigError(`cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, error);
  }
}

function pem(value: string | Buffer | undefined, file: string | undefined, what: string): Buffer | undefined {
  if (value !== undefined) return Buffer.isBuffer(value) ? value : Buffer.from(value);
  return file ? readPem(what, file) : undefined;
}

export function resolveConnection(options: ConnectionOptions = {}): ResolvedConnection {
  const env = options.env ?? process.env;
  const https = /^(1|true)$/i.test(env.CONSUL_HTTP_SSL ?? "");
  let raw = (options.address ?? env.CONSUL_HTTP_ADDR ?? "").trim() || DEFAULT_ADDRESS;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) raw = `${https ? "https" : "http"}://${raw}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    throw new ConfigError(`invalid Consul address ${JSON.stringify(raw)}`, error);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(`unsupported Consul address ${url.origin}: only http:// and https:// are supported`);
  const address = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;

  let token = options.token ?? env.CONSUL_HTTP_TOKEN;
  if (token === undefined && env.CONSUL_HTTP_TOKEN_FILE) token = readPem("CONSUL_HTTP_TOKEN_FILE", env.CONSUL_HTTP_TOKEN_FILE).toString("utf8").trim();

  const t = options.tls ?? {
    ...(env.CONSUL_CACERT ? { caFile: env.CONSUL_CACERT } : {}),
    ...(env.CONSUL_CLIENT_CERT ? { certFile: env.CONSUL_CLIENT_CERT } : {}),
    ...(env.CONSUL_CLIENT_KEY ? { keyFile: env.CONSUL_CLIENT_KEY } : {}),
    ...(/^(0|false)$/i.test(env.CONSUL_HTTP_SSL_VERIFY ?? "") ? { insecureSkipVerify: true } : {}),
  };
  const ca = pem(t.ca, t.caFile, "CA certificate");
  const cert = pem(t.cert, t.certFile, "client certificate");
  const key = pem(t.key, t.keyFile, "client key");
  if (url.protocol === "https:" && Boolean(cert) !== Boolean(key)) {
    throw new ConfigError(cert ? "a client certificate needs its key: set CONSUL_CLIENT_KEY (or tls.key / tls.keyFile)" : "a client key needs its certificate: set CONSUL_CLIENT_CERT (or tls.cert / tls.certFile)");
  }
  const tls =
    url.protocol === "https:"
      ? { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), rejectUnauthorized: !t.insecureSkipVerify }
      : undefined;

  return {
    address,
    token: token || undefined,
    tls,
    timeoutMs: options.timeoutMs ?? 10_000,
    consistency: options.consistency ?? "default",
  };
}

/** Fails now, as a ConfigError, rather than on every request, when the client certificate and key do not make a pair. */
function checkClientCertificate(cert: Buffer, key: Buffer): void {
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    // OpenSSL's text ends with the reason ("error:05800074:x509 certificate routines::key values mismatch").
    const reason = ((error as Error).message.split(":").pop() ?? "").trim() || ((error as NodeJS.ErrnoException).code ?? "unknown reason");
    throw new ConfigError(`client certificate and key are not usable: ${reason}`, error);
  }
}

/** The part of the `consul` client we use; its bundled typings lack `buffer`, `index`, `wait`, `ctx`. */
interface RequestOptions {
  key?: string;
  recurse?: boolean;
  buffer?: boolean;
  index?: string;
  wait?: string;
  stale?: boolean;
  consistent?: boolean;
  cas?: number | string;
  value?: Buffer;
  ctx?: EventEmitter;
  timeout?: number;
}
interface ConsulApi {
  kv: { get(o: RequestOptions): Promise<unknown>; set(o: RequestOptions): Promise<unknown>; keys(o: RequestOptions): Promise<unknown> };
  agent: { members(o?: RequestOptions): Promise<unknown> };
  status: { leader(o?: RequestOptions): Promise<unknown>; peers(o?: RequestOptions): Promise<unknown> };
  destroy(): void;
}

/** A response with its headers: the `consul` client returns them only when a ctx asks for them. */
export interface Response<T> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T | undefined;
}

export interface CallOptions {
  key?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

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

export class Connection {
  readonly settings: ResolvedConnection;
  private readonly consul: ConsulApi;

  constructor(options: ConnectionOptions = {}) {
    this.settings = resolveConnection(options);
    const { address, token, tls, timeoutMs } = this.settings;
    if (tls?.cert && tls.key) checkClientCertificate(tls.cert, tls.key);
    const agent = tls ? new https.Agent({ keepAlive: true, ...tls }) : new http.Agent({ keepAlive: true });
    // `baseUrl` and `timeout` pass through to papi, the HTTP layer under `consul`; its typings omit them.
    const ConsulClient = Consul as unknown as new (o: object) => ConsulApi;
    this.consul = new ConsulClient({ baseUrl: `${address}/v1`, agent, timeout: timeoutMs, defaults: token ? { token } : {} });
  }

  get api(): ConsulApi {
    return this.consul;
  }

  /** Query flags for reads under the configured consistency mode. */
  consistencyFlags(override?: Consistency): { stale?: boolean; consistent?: boolean } {
    const mode = override ?? this.settings.consistency;
    return mode === "stale" ? { stale: true } : mode === "consistent" ? { consistent: true } : {};
  }

  endpoint(path: string): string {
    return `${this.settings.address}/v1/${path.replace(/^\//, "")}`;
  }

  /**
   * Runs one request through the `consul` client with its response (status and headers) included, and turns
   * failures into RingClientErrors naming `path`. Aborting `signal` rejects with an AbortError.
   */
  async call<T>(path: string, run: (extra: { ctx: EventEmitter; timeout: number }) => Promise<unknown>, options: CallOptions = {}): Promise<Response<T>> {
    const endpoint = this.endpoint(path);
    const timeout = options.timeoutMs ?? this.settings.timeoutMs;
    const ctx = Object.assign(new EventEmitter(), { includeResponse: true });
    const cancel = (): void => void ctx.emit("cancel");
    options.signal?.throwIfAborted();
    options.signal?.addEventListener("abort", cancel, { once: true });
    try {
      const result = (await run({ ctx, timeout })) as [http.IncomingMessage, T?] | undefined;
      const [res, body] = result ?? [];
      return { status: res?.statusCode ?? 0, headers: res?.headers ?? {}, body };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw this.translate(error, endpoint, timeout, options.key);
    } finally {
      options.signal?.removeEventListener("abort", cancel);
    }
  }

  translate(error: unknown, endpoint: string, timeoutMs: number, key?: string): RingClientError {
    if (error instanceof RingClientError) return error;
    // Anything can be thrown; a non-object has none of these fields.
    const e = (typeof error === "object" && error !== null ? error : {}) as Partial<PapiError> & { cause?: { code?: string } };
    if (e.isTimeout) return new ConsulTimeoutError(endpoint, timeoutMs, error);
    if (e.isResponse && e.response) {
      const status = e.response.statusCode;
      const reason = this.reason(e.response.body, e.message ?? "");
      if (status === 403) return new AclDeniedError(endpoint, reason, key);
      if (status === 500 && /no (cluster )?leader/i.test(reason)) return new NoLeaderError(endpoint, key);
      return new ConsulResponseError(endpoint, status, reason, key);
    }
    const code = e.code ?? e.cause?.code;
    if (code && NETWORK_REASONS[code]) return new ConsulUnreachableError(endpoint, `${NETWORK_REASONS[code]} (${code})`, error);
    const tls = code && this.settings.tls ? tlsReason(code, e.message ?? "") : undefined;
    if (tls) return new ConsulTlsError(endpoint, tls, error);
    return new RingClientError("consul-error", `Consul request to ${endpoint} failed: ${this.scrub(e.message ?? String(error))}`, { endpoint, ...(key ? { key } : {}), cause: error });
  }

  /** Consul's own reason, one short line, without the token should it ever echo it. */
  private reason(body: unknown, fallback: string): string {
    const text = Buffer.isBuffer(body) ? body.toString("utf8") : typeof body === "string" ? body : fallback;
    const line = (text.split("\n").find((l) => l.trim()) ?? fallback).trim();
    return this.scrub(line.length > 160 ? `${line.slice(0, 157)}...` : line);
  }

  scrub(text: string): string {
    const token = this.settings.token;
    return token ? text.split(token).join("<token>") : text;
  }

  close(): void {
    this.consul.destroy();
  }
}
