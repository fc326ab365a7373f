import { describe, expect, it } from "vitest";
import { instantQueryUrl, parseInstantQuery, QueryResponseError, selector } from "./prometheus-query.js";

describe("instant query URL and selector", () => {
  it("builds <querier>/prometheus/api/v1/query with the query and the time in seconds", () => {
    const url = instantQueryUrl("http://127.0.0.1:9010/", 'up{job="a"}', 1_795_000_000_123);
    expect(url.origin + url.pathname).toBe("http://127.0.0.1:9010/prometheus/api/v1/query");
    expect(url.searchParams.get("query")).toBe('up{job="a"}');
    expect(url.searchParams.get("time")).toBe("1795000000.123");
  });

  it("selects exactly the labels given, values escaped as PromQL strings", () => {
    expect(selector({ __name__: "cortex_ring_check", check_id: "ab12" })).toBe('cortex_ring_check{check_id="ab12"}');
    expect(selector({ b: 'say "hi"\\', __name__: "m", a: "x" })).toBe('m{a="x",b="say \\"hi\\"\\\\"}');
  });
});

describe("parseInstantQuery", () => {
  it("reads a vector: labels, value (a string on the wire) and time", () => {
    const body = {
      status: "success",
      data: { resultType: "vector", result: [{ metric: { __name__: "m", check_id: "x" }, value: [1795000000.123, "425725.791"] }] },
    };
    expect(parseInstantQuery(body)).toEqual([{ labels: { __name__: "m", check_id: "x" }, value: 425725.791, time: 1795000000.123 }]);
  });

  it("an empty vector is no samples, and special values survive", () => {
    expect(parseInstantQuery({ status: "success", data: { resultType: "vector", result: [] } })).toEqual([]);
    const specials = parseInstantQuery({
      status: "success",
      data: { resultType: "vector", result: ["+Inf", "-Inf", "NaN"].map((v) => ({ metric: {}, value: [1, v] })) },
    });
    expect(specials.map((s) => s.value)).toEqual([Infinity, -Infinity, NaN]);
  });

  it("a scalar is one sample without labels", () => {
    expect(parseInstantQuery({ status: "success", data: { resultType: "scalar", result: [2, "3"] } })).toEqual([{ labels: {}, value: 3, time: 2 }]);
  });

  it.each([
    [{ status: "error", errorType: "bad_data", error: 'parse error: unexpected "}"' }, 'bad_data: parse error: unexpected "}"'],
    [{ status: "error" }, "no reason given"],
    ["not json object", "the answer is not a JSON object"],
    [{ status: "success", data: { resultType: "matrix", result: [] } }, 'expected a vector, got "matrix"'],
    [{ status: "success", data: { resultType: "vector", result: [{ value: [1, "2"] }] } }, "a vector element has no metric"],
    [{ status: "success", data: { resultType: "vector", result: [{ metric: {}, value: [1, 2] }] } }, 'a sample is not [time, "value"]: [1,2]'],
    [{ status: "weird" }, 'unexpected status "weird"'],
  ])("%j is a QueryResponseError: %s", (body, message) => {
    expect(() => parseInstantQuery(body)).toThrow(QueryResponseError);
    expect(() => parseInstantQuery(body)).toThrow(message);
  });
});
