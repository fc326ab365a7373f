/**
 * The end-to-end check of a Cortex cluster: push one uniquely labelled sample through the distributor's
 * remote-write endpoint, then query the querier until that exact sample comes back (or time runs out).
 * Each step reports its endpoint, outcome and latency; a failure is a one-line reason naming the endpoint.
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { InterruptedError } from "../errors.js";
import { formatSeconds } from "../render/units.js";
import { instantQueryUrl, parseInstantQuery, selector } from "./prometheus-query.js";
import { encodeWriteRequest, remoteWriteHeaders } from "./remote-write.js";

export const CHECK_METRIC = "cortex_ring_check";
export const PUSH_PATH = "/api/v1/push";

export interface CheckOptions {
  /** Base URLs, e.g. http://127.0.0.1:9009. */
  distributor: string;
  querier: string;
  /** X-Scope-OrgID. */
  tenant: string;
  /** How long the sample may take to come back through the querier. */
  timeoutMs: number;
  /** Per HTTP request. */
  requestTimeoutMs?: number;
  pollIntervalMs?: number;
  userAgent: string;
  signal?: AbortSignal;
  /** Called as each step finishes (progress for people). */
  onStep?: (step: CheckStep) => void;
  /** Injectable for tests. */
  fetch?: typeof fetch;
  now?: () => number;
  checkId?: string;
  value?: number;
}

export interface CheckStep {
  step: "push" | "query";
  /** The URL asked, without its query string. */
  endpoint: string;
  ok: boolean;
  /** Push: the request. Query: from the first query until the sample came back (or the last answer). */
  latencyMs: number;
  /** HTTP status of the last answer, when there was one. */
  status?: number;
  /** Query: how many queries were sent. */
  attempts?: number;
  /** One line: why the step failed. */
  error?: string;
}

export interface CheckReport {
  ok: boolean;
  tenant: string;
  /** The sample's labels (its series), value and timestamp (unix ms). */
  series: Record<string, string>;
  value: number;
  timestamp: number;
  steps: CheckStep[];
  totalMs: number;
}

interface Answer {
  status: number;
  text: string;
}

/**
 * One HTTP exchange with a deadline and the caller's abort signal; a network failure becomes a one-line reason,
 * an abort the InterruptedError `interrupted`.
 */
async function exchange(options: CheckOptions, url: URL | string, init: RequestInit, interrupted: string): Promise<Answer> {
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
  try {
    const response = await (options.fetch ?? fetch)(url, { ...init, signal: AbortSignal.any(signals) });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    if (options.signal?.aborted) throw new InterruptedError(interrupted);
    throw new Error(reason(error, timeoutMs), { cause: error });
  }
}

function reason(error: unknown, timeoutMs: number): string {
  const err = error as Error & { cause?: Error & { code?: string } };
  if (err.name === "TimeoutError") return `no answer within ${formatSeconds(timeoutMs)}`;
  const cause = err.cause;
  return (cause?.message || cause?.code || err.message).split("\n")[0] ?? "request failed";
}

function endpointOf(url: URL | string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** The first line of an error body, trimmed to something a terminal line can hold. */
function firstLine(text: string): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

async function push(options: CheckOptions, body: Buffer, now: () => number): Promise<CheckStep> {
  const url = `${options.distributor.replace(/\/+$/, "")}${PUSH_PATH}`;
  const started = now();
  try {
    const init = { method: "POST", headers: remoteWriteHeaders(options.tenant, options.userAgent), body: new Uint8Array(body) };
    const answer = await exchange(options, url, init, `interrupted while pushing the sample to the distributor at ${url}`);
    const latencyMs = now() - started;
    if (answer.status >= 200 && answer.status < 300) return { step: "push", endpoint: url, ok: true, latencyMs, status: answer.status };
    return { step: "push", endpoint: url, ok: false, latencyMs, status: answer.status, error: `the distributor at ${url} answered HTTP ${answer.status}: ${firstLine(answer.text) || "no body"}` };
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    return { step: "push", endpoint: url, ok: false, latencyMs: now() - started, error: `cannot reach the distributor at ${url}: ${(error as Error).message}` };
  }
}

/** Queries until the pushed sample (same series, same value) is in the answer, or `timeoutMs` has passed. */
async function queryBack(options: CheckOptions, series: Record<string, string>, value: number, timestamp: number, now: () => number): Promise<CheckStep> {
  const url = instantQueryUrl(options.querier, selector(series), timestamp);
  const endpoint = endpointOf(url);
  const headers = { "X-Scope-OrgID": options.tenant, "User-Agent": options.userAgent, Accept: "application/json" };
  const interrupted = `interrupted while waiting for the sample from the querier at ${endpoint}`;
  const started = now();
  let attempts = 0;
  let status: number | undefined;
  let last: string;
  for (;;) {
    attempts++;
    try {
      const answer = await exchange(options, url, { headers }, interrupted);
      status = answer.status;
      if (answer.status !== 200) {
        last = `HTTP ${answer.status}: ${firstLine(answer.text) || "no body"}`;
      } else {
        const samples = parseInstantQuery(JSON.parse(answer.text));
        if (samples.some((sample) => sample.labels.check_id === series.check_id && sample.value === value)) {
          return { step: "query", endpoint, ok: true, latencyMs: now() - started, status, attempts };
        }
        last = samples.length === 0 ? "no such series yet" : `${samples.length} series, none with the pushed value`;
      }
    } catch (error) {
      if (error instanceof InterruptedError) throw error;
      last = (error as Error).message;
    }
    const waited = now() - started;
    if (waited >= options.timeoutMs) {
      const error = `the sample did not come back from the querier at ${endpoint} within ${formatSeconds(options.timeoutMs)} (${attempts} ${attempts === 1 ? "query" : "queries"}; last: ${last})`;
      return { step: "query", endpoint, ok: false, latencyMs: waited, attempts, error, ...(status !== undefined ? { status } : {}) };
    }
    await pause(options.pollIntervalMs ?? 250, options.signal, interrupted);
  }
}

async function pause(ms: number, signal: AbortSignal | undefined, interrupted: string): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch {
    throw new InterruptedError(interrupted);
  }
}

/** Push one new sample, read it back; `ok` only when it came back with the value that was written. */
export async function checkSample(options: CheckOptions): Promise<CheckReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const series = { __name__: CHECK_METRIC, check_id: options.checkId ?? randomBytes(8).toString("hex") };
  const value = options.value ?? Math.round(Math.random() * 1e9) / 1e3;
  const timestamp = now();
  const report = (steps: CheckStep[]): CheckReport => ({ ok: steps.every((s) => s.ok), tenant: options.tenant, series, value, timestamp, steps, totalMs: now() - started });

  const pushed = await push(options, encodeWriteRequest([{ labels: series, samples: [{ value, timestamp }] }]), now);
  options.onStep?.(pushed);
  if (!pushed.ok) return report([pushed]);
  const queried = await queryBack(options, series, value, timestamp, now);
  options.onStep?.(queried);
  return report([pushed, queried]);
}
