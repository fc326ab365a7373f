/**
 * The Consul connection: requests through the `consul` npm client to one agent or to each server of a cluster
 * in turn, the token sent only as the X-Consul-Token header, failures as one-line typed errors.
 */
import { EventEmitter } from "node:events";
import http from "node:http";
import https from "node:https";
import Consul from "consul";
import { translateError, worthAnotherServer } from "./consul-errors.js";
import { ConfigError, RingClientError } from "./errors.js";
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

/** A request papi (the HTTP layer under `consul`) sends as given; for endpoints the client does not wrap. */
export interface RawRequest {
  name: string;
  path: string;
  query?: Record<string, string>;
  ctx?: EventEmitter;
  timeout?: number;
}
interface PapiRequest {
  err?: Error & { response?: unknown };
  res?: http.IncomingMessage & { body?: unknown };
  ctx?: EventEmitter & { includeResponse?: boolean };
}
type PapiNext = (stop: boolean, error?: Error, result?: unknown) => void;

export interface ConsulApi {
  kv: { get(o: RequestOptions): Promise<unknown>; set(o: RequestOptions): Promise<unknown>; keys(o: RequestOptions): Promise<unknown> };
  agent: { members(o?: RequestOptions): Promise<unknown> };
  status: { leader(o?: RequestOptions): Promise<unknown>; peers(o?: RequestOptions): Promise<unknown> };
  /** papi's request method, which the `consul` client's own methods use; `handle` sees each response first. */
  _get(request: RawRequest & { headers: Record<string, string> }, handle: (request: PapiRequest, next: PapiNext) => void): Promise<unknown>;
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
  /** A write: it moves to another server only when it surely never reached this one. */
  write?: boolean;
}

type Run = (extra: { api: ConsulApi; ctx: EventEmitter; timeout: number }) => Promise<unknown>;

/** One agent's address and its `consul` client. */
interface Agent {
  address: string;
  api: ConsulApi;
}

/**
 * The agents of one Consul cluster (one, or each server's address) with one token, TLS setup and timeout.
 * Requests go to the agent that answered last; when it is down, cut off or without a leader, the next one is
 * tried, so a client pointed at every server keeps working while any one of them is lost.
 */
export class Connection {
  readonly settings: ResolvedConnection;
  private readonly agents: Agent[];
  /** The agent that answered last: requests go there first. */
  private active: Agent;
  /** Aborted by close(): cancels the requests in flight (blocking queries included) and refuses new ones. */
  private readonly closing = new AbortController();

  constructor(options: ConnectionOptions = {}) {
    this.settings = resolveConnection(options);
    const { addresses, token, tls, timeoutMs } = this.settings;
    if (tls?.cert && tls.key) checkClientCertificate(tls.cert, tls.key);
    // `baseUrl` and `timeout` pass through to papi, the HTTP layer under `consul`; its typings omit them.
    const ConsulClient = Consul as unknown as new (o: object) => ConsulApi;
    this.agents = addresses.map((address) => {
      const agent = tls ? new https.Agent({ keepAlive: true, ...tls }) : new http.Agent({ keepAlive: true });
      return { address, api: new ConsulClient({ baseUrl: `${address}/v1`, agent, timeout: timeoutMs, defaults: token ? { token } : {} }) };
    });
    const [first] = this.agents;
    if (!first) throw new ConfigError("no Consul address given");
    this.active = first;
  }

  /** The agent requests go to first (the one that answered last). */
  get address(): string {
    return this.active.address;
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

  endpoint(path: string, address: string = this.address): string {
    return `${address}/v1/${path.replace(/^\//, "")}`;
  }

  /**
   * Runs one request through the `consul` client with its response (status and headers) included, and turns
   * failures into RingClientErrors naming the endpoint. With several agents, a failure another server could
   * answer moves on to the next agent; the last failure is thrown. Aborting `signal` rejects with an AbortError;
   * closing the connection rejects with code "closed".
   */
  async call<T>(path: string, run: Run, options: CallOptions = {}): Promise<Response<T>> {
    const order = [this.active, ...this.agents.filter((agent) => agent !== this.active)];
    let failure: RingClientError | undefined;
    for (const agent of order) {
      try {
        const response = await this.callAgent<T>(agent, path, run, options);
        this.active = agent;
        return response;
      } catch (error) {
        if (!(error instanceof RingClientError) || !worthAnotherServer(error, Boolean(options.write))) throw error;
        failure = error;
      }
    }
    throw failure ?? new ConfigError("no Consul address given");
  }

  private async callAgent<T>(agent: Agent, path: string, run: Run, options: CallOptions): Promise<Response<T>> {
    const endpoint = this.endpoint(path, agent.address);
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
      const result = (await run({ api: agent.api, ctx, timeout })) as [http.IncomingMessage, T?] | undefined;
      const [res, body] = result ?? [];
      return { status: res?.statusCode ?? 0, headers: res?.headers ?? {}, body };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (this.isClosed()) throw closed();
      throw this.translate(error, endpoint, timeout, options.key, options.write);
    } finally {
      for (const signal of signals) signal.removeEventListener("abort", cancel);
    }
  }

  /**
   * GET of an endpoint the `consul` client does not wrap (operator/…), token and TLS as for the others.
   * Status codes in `accept` (e.g. autopilot's 429 "unhealthy", which still carries the report) are answers.
   */
  get<T>(request: RawRequest & { accept?: number[] }): Promise<Response<T>> {
    const accept = new Set(request.accept ?? []);
    const token = this.settings.token;
    return this.call<T>(request.path.replace(/^\//, ""), ({ api, ctx, timeout }) =>
      api._get({ name: request.name, path: request.path, query: request.query ?? {}, headers: token ? { "x-consul-token": token } : {}, ctx, timeout }, (req, next) => {
        if (req.err && !(req.res?.statusCode !== undefined && accept.has(req.res.statusCode))) {
          if (req.ctx?.includeResponse) req.err.response = req.res;
          next(false, req.err);
          return;
        }
        next(false, undefined, [req.res, req.res?.body]);
      }),
    );
  }

  translate(error: unknown, endpoint: string, timeoutMs: number, key?: string, write?: boolean): RingClientError {
    return translateError(error, { endpoint, timeoutMs, key, write, tls: this.settings.tls !== undefined, scrub: (text) => this.scrub(text) });
  }

  scrub(text: string): string {
    const token = this.settings.token;
    return token ? text.split(token).join("<token>") : text;
  }

  /** Cancels the requests in flight, refuses new ones and destroys the kept-alive sockets. */
  close(): void {
    this.closing.abort();
    for (const agent of this.agents) agent.api.destroy();
  }
}
