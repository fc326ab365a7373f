/** Consul KV access for ring values: binary-safe reads (with the blocking-query index) and check-and-set writes. */
import type { Connection, Consistency } from "./connection.js";

export interface KvEntry {
  key: string;
  value: Buffer | null;
  modifyIndex: number;
}

export interface KvRead {
  /** X-Consul-Index of the answer (0 when absent). */
  index: number;
  /** null when the key does not exist. */
  entry: KvEntry | null;
}

export interface KvReadOptions {
  /** Block until the index moves past this one (Consul blocking query). */
  index?: number;
  waitSeconds?: number;
  signal?: AbortSignal;
  consistency?: Consistency;
}

interface RawEntry {
  Key: string;
  Value: Buffer | null;
  ModifyIndex: number;
}

function path(key: string): string {
  return `kv/${key.split("/").map(encodeURIComponent).join("/")}`;
}

function toEntry(raw: RawEntry): KvEntry {
  return { key: raw.Key, value: raw.Value ?? null, modifyIndex: raw.ModifyIndex };
}

export async function readKey(conn: Connection, key: string, options: KvReadOptions = {}): Promise<KvRead> {
  const blocking = options.index !== undefined && options.index > 0;
  const waitSeconds = options.waitSeconds ?? 10;
  // Consul adds up to wait/16 of jitter before answering a blocking query.
  const timeoutMs = blocking ? conn.settings.timeoutMs + Math.ceil(waitSeconds * 1000 * (1 + 1 / 16)) : conn.settings.timeoutMs;
  const response = await conn.call<RawEntry>(
    path(key),
    ({ api, ctx, timeout }) =>
      api.kv.get({
        key,
        buffer: true,
        ctx,
        timeout,
        ...conn.consistencyFlags(options.consistency),
        ...(blocking ? { index: String(options.index), wait: `${waitSeconds}s` } : {}),
      }),
    { key, timeoutMs, ...(options.signal ? { signal: options.signal } : {}) },
  );
  const index = Number(response.headers["x-consul-index"] ?? 0) || 0;
  return { index, entry: response.status === 404 || !response.body ? null : toEntry(response.body) };
}

/** Every key under `prefix` with its value; [] when there are none. */
export async function readPrefix(conn: Connection, prefix: string): Promise<KvEntry[]> {
  const response = await conn.call<RawEntry[]>(
    path(prefix),
    ({ api, ctx, timeout }) => api.kv.get({ key: prefix, recurse: true, buffer: true, ctx, timeout, ...conn.consistencyFlags() }),
    { key: prefix },
  );
  return response.status === 404 || !Array.isArray(response.body) ? [] : response.body.map(toEntry);
}

/** PUT ?cas=<modifyIndex>; true when Consul applied it, false when another writer got there first. */
export async function checkAndSet(conn: Connection, key: string, value: Buffer, modifyIndex: number): Promise<boolean> {
  const response = await conn.call<unknown>(path(key), ({ api, ctx, timeout }) => api.kv.set({ key, value, cas: String(modifyIndex), ctx, timeout }), { key, write: true });
  // The `consul` client turns a `false` answer into undefined without a ctx; only `true` means applied.
  return response.body === true;
}
