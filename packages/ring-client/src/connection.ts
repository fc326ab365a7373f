/**
 * The Consul connection: requests through the `consul` npm client to one agent, the token sent only as the
 * X-Consul-Token header, failures as one-line typed errors.
 */
import { EventEmitter } from "node:events";
import http from "node:http";
import https from "node:https";
import Consul from "consul";
import { translateError } from "./consul-errors.js";
import { RingClientError } from "./errors.js";
import { checkClientCertificate, resolveConnection, type Consistency, type ConnectionOptions, type ResolvedConnection } from "./settings.js";

export { resolveConnection, type Consistency, type ConnectionOptions, type ResolvedConnection, type TlsOptions } from "./settings.js";

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

export class Connection {
  readonly settings: ResolvedConnection;
  private readonly consul: ConsulApi;
  /** Aborted by close(): cancels the requests in flight (blocking queries included) and refuses new ones. */
  private readonly closing = new AbortController();

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

  /** Aborts when the connection is closed. */
  get closed(): AbortSignal {
    return this.closing.signal;
  }

  private isClosed(): boolean {
    return this.closing.signal.aborted;
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
   * failures into RingClientErrors naming `path`. Aborting `signal` rejects with an AbortError; closing the
   * connection rejects with code "closed".
   */
  async call<T>(path: string, run: (extra: { ctx: EventEmitter; timeout: number }) => Promise<unknown>, options: CallOptions = {}): Promise<Response<T>> {
    const endpoint = this.endpoint(path);
    const timeout = options.timeoutMs ?? this.settings.timeoutMs;
    const ctx = Object.assign(new EventEmitter(), { includeResponse: true });
    const cancel = (): void => void ctx.emit("cancel");
    const closed = (): RingClientError =>
      new RingClientError("closed", `ring client closed before ${endpoint} answered`, { endpoint, ...(options.key ? { key: options.key } : {}) });
    options.signal?.throwIfAborted();
    if (this.isClosed()) throw closed();
    const signals = options.signal ? [options.signal, this.closing.signal] : [this.closing.signal];
    for (const signal of signals) signal.addEventListener("abort", cancel, { once: true });
    try {
      const result = (await run({ ctx, timeout })) as [http.IncomingMessage, T?] | undefined;
      const [res, body] = result ?? [];
      return { status: res?.statusCode ?? 0, headers: res?.headers ?? {}, body };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (this.isClosed()) throw closed();
      throw this.translate(error, endpoint, timeout, options.key);
    } finally {
      for (const signal of signals) signal.removeEventListener("abort", cancel);
    }
  }

  translate(error: unknown, endpoint: string, timeoutMs: number, key?: string): RingClientError {
    return translateError(error, { endpoint, timeoutMs, key, tls: this.settings.tls !== undefined, scrub: (text) => this.scrub(text) });
  }

  scrub(text: string): string {
    const token = this.settings.token;
    return token ? text.split(token).join("<token>") : text;
  }

  /** Cancels the requests in flight, refuses new ones and destroys the kept-alive sockets. */
  close(): void {
    this.closing.abort();
    this.consul.destroy();
  }
}
