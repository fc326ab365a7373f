import { describe, expect, it } from "vitest";
import { fakeDeps, fakeRingApi, run } from "./testing/runtime.js";

describe("--consul", () => {
  it.each([
    ["a bare host:port", "127.0.0.1:8501"],
    ["a bare host name", "consul.service.consul"],
    ["http with a port", "http://127.0.0.1:8500"],
    ["https with a name", "https://consul.internal:8501"],
    ["an IPv6 address", "http://[::1]:8500"],
    ["a path prefix behind a proxy", "https://proxy.example/consul"],
  ])("takes %s (%s)", async (_what, address) => {
    const api = fakeRingApi();
    const result = await run(["--consul", address, "ring", "members"], { deps: fakeDeps({}, api) });
    expect(result.code, result.stderr).toBe(0);
    expect(api.addresses).toEqual([address]);
  });

  it.each([
    ["neither a URL nor host:port", "ht!tp://::nope"],
    ["a scheme Consul does not speak", "ftp://x"],
    ["a host name no DNS can hold", "http://ht!tp:8500"],
    ["a bare IPv6 address without brackets", "::1"],
    ["a port that is not a number", "consul:port"],
    ["a port out of range", "consul:99999"],
    ["no host", "http://:8500"],
    ["a bare address with a path (needs a scheme)", "127.0.0.1:8500/consul"],
    ["credentials in a bare address", "user@consul:8500"],
  ])("refuses %s (%s): one line, exit 2, no connection attempted", async (_what, address) => {
    const api = fakeRingApi();
    const result = await run(["--consul", address, "ring", "members"], { deps: fakeDeps({}, api) });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: option '--consul <addr>' argument '${address}' is invalid. expected http://host:port, https://host:port or host:port\n`);
    expect(api.addresses).toEqual([]);
  });
});
