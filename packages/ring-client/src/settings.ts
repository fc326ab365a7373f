/**
 * Where (CONSUL_HTTP_ADDR), who (CONSUL_HTTP_TOKEN / CONSUL_HTTP_TOKEN_FILE), TLS (CONSUL_CACERT,
 * CONSUL_CLIENT_CERT/KEY, CONSUL_HTTP_SSL_VERIFY) and how long: options and environment resolved once, with a
 * one-line ConfigError for anything unusable.
 */
import { readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";
import { ConfigError } from "./errors.js";

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
  /**
   * Several agents of one cluster (e.g. each server's published port), tried in turn when one is down, cut off or
   * without a leader. Overrides `address`.
   */
  addresses?: string[];
  /** Default $CONSUL_HTTP_TOKEN (or the file named by $CONSUL_HTTP_TOKEN_FILE). */
  token?: string;
  /** Default from $CONSUL_CACERT, $CONSUL_CLIENT_CERT, $CONSUL_CLIENT_KEY, $CONSUL_HTTP_SSL_VERIFY. */
  tls?: TlsOptions;
  /**
   * Per request (per server, with several); blocking watches add their wait time to it. Default 10 000 with one
   * address, 4 000 with several: a server that holds a read while the cluster elects (up to 7 s) or that went
   * silent is left for the next one sooner.
   */
  timeoutMs?: number;
  consistency?: Consistency;
  env?: NodeJS.ProcessEnv;
}

export interface ResolvedConnection {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8500; the first of `addresses`. */
  address: string;
  addresses: string[];
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

/** A base URL; a bare host:port is http (https with CONSUL_HTTP_SSL=true). */
function baseUrl(value: string, https: boolean): URL {
  let raw = value.trim() || DEFAULT_ADDRESS;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) raw = `${https ? "https" : "http"}://${raw}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    throw new ConfigError(`invalid Consul address ${JSON.stringify(raw)}`, error);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(`unsupported Consul address ${url.origin}: only http:// and https:// are supported`);
  return url;
}

export function resolveConnection(options: ConnectionOptions = {}): ResolvedConnection {
  const env = options.env ?? process.env;
  const https = /^(1|true)$/i.test(env.CONSUL_HTTP_SSL ?? "");
  const urls = (options.addresses?.length ? options.addresses : [options.address ?? env.CONSUL_HTTP_ADDR ?? ""]).map((value) => baseUrl(value, https));
  const [url] = urls;
  if (!url) throw new ConfigError("no Consul address given");
  if (urls.some((other) => other.protocol !== url.protocol)) throw new ConfigError("the Consul addresses mix http:// and https://: give every server's address with the same scheme");
  const base = (u: URL): string => `${u.origin}${u.pathname.replace(/\/+$/, "")}`;

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
    address: base(url),
    addresses: urls.map(base),
    token: token || undefined,
    tls,
    timeoutMs: options.timeoutMs ?? (urls.length > 1 ? 4_000 : 10_000),
    consistency: options.consistency ?? "default",
  };
}

/** Fails now, as a ConfigError, rather than on every request, when the client certificate and key do not make a pair. */
export function checkClientCertificate(cert: Buffer, key: Buffer): void {
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    // OpenSSL's text ends with the reason ("error:05800074:x509 certificate routines::key values mismatch").
    const reason = ((error as Error).message.split(":").pop() ?? "").trim() || ((error as NodeJS.ErrnoException).code ?? "unknown reason");
    throw new ConfigError(`client certificate and key are not usable: ${reason}`, error);
  }
}
