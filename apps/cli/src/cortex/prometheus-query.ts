/**
 * The Prometheus HTTP query API as Cortex's querier serves it under its prefix (`-http.prometheus-http-prefix`,
 * default /prometheus): an instant query and the parse of its answer
 * (https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries).
 */

export const PROMETHEUS_PREFIX = "/prometheus";

export interface VectorSample {
  labels: Record<string, string>;
  value: number;
  /** Unix seconds, as the API gives it (with fractions). */
  time: number;
}

/** The answer was not what the API promises, or it reported an error: the message says which, in one line. */
export class QueryResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueryResponseError";
  }
}

/** `<querier>/prometheus/api/v1/query?query=…&time=…` for an instant query evaluated at `timeMs`. */
export function instantQueryUrl(querier: string, query: string, timeMs: number): URL {
  const url = new URL(`${querier.replace(/\/+$/, "")}${PROMETHEUS_PREFIX}/api/v1/query`);
  url.searchParams.set("query", query);
  url.searchParams.set("time", (timeMs / 1000).toFixed(3));
  return url;
}

/** A PromQL selector for exactly these labels: `name{a="x",b="y"}` with values escaped as PromQL strings. */
export function selector(labels: Record<string, string>): string {
  const { __name__: name = "", ...rest } = labels;
  const matchers = Object.keys(rest)
    .sort()
    .map((key) => `${key}=${JSON.stringify(rest[key])}`);
  return `${name}{${matchers.join(",")}}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The samples of an instant-query answer (`resultType` vector; a scalar has no labels). An `error` status, or a
 * body that is not the API's shape, is a QueryResponseError.
 */
export function parseInstantQuery(body: unknown): VectorSample[] {
  if (!isRecord(body)) throw new QueryResponseError("the answer is not a JSON object");
  if (body.status === "error") {
    throw new QueryResponseError(`${typeof body.errorType === "string" ? `${body.errorType}: ` : ""}${typeof body.error === "string" ? body.error : "no reason given"}`);
  }
  if (body.status !== "success" || !isRecord(body.data)) throw new QueryResponseError(`unexpected status ${JSON.stringify(body.status)}`);
  const { resultType, result } = body.data;
  if (resultType === "scalar") return [point({}, result)];
  if (resultType !== "vector" || !Array.isArray(result)) throw new QueryResponseError(`expected a vector, got ${JSON.stringify(resultType)}`);
  return result.map((entry: unknown) => {
    if (!isRecord(entry) || !isRecord(entry.metric)) throw new QueryResponseError("a vector element has no metric");
    const labels: Record<string, string> = {};
    for (const [name, value] of Object.entries(entry.metric)) if (typeof value === "string") labels[name] = value;
    return point(labels, entry.value);
  });
}

/** `[<unix seconds>, "<value>"]`: the value is a string so that NaN and ±Inf survive JSON. */
function point(labels: Record<string, string>, pair: unknown): VectorSample {
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "number" || typeof pair[1] !== "string") {
    throw new QueryResponseError(`a sample is not [time, "value"]: ${JSON.stringify(pair)}`);
  }
  const value = pair[1] === "+Inf" ? Infinity : pair[1] === "-Inf" ? -Infinity : Number(pair[1]);
  return { labels, value, time: pair[0] };
}
