import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { createGuard, isLoopbackHost } from "./security.js";

const request = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;

describe("loopback", () => {
  it("takes 127.0.0.0/8, ::1, mapped IPv4 and localhost as loopback; anything else is not", async () => {
    for (const host of ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "::ffff:127.0.0.1", "localhost"]) expect(await isLoopbackHost(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "10.0.0.1", "192.168.1.2", "no-such-host.invalid"]) expect(await isLoopbackHost(host), host).toBe(false);
  });
});

describe("the request guard", () => {
  const guard = createGuard(9797, ["127.0.0.1", "localhost", "::1"], "t0ken-t0ken-t0ken-t0ken-t0ken-t0ken-abc");
  const good = { host: "127.0.0.1:9797", origin: "http://127.0.0.1:9797", "sec-fetch-site": "same-origin", "x-csrf-token": guard.csrfToken, "content-type": "application/json" };

  it("answers only to its own names (DNS rebinding: a foreign name resolving to 127.0.0.1 gets 421)", () => {
    for (const host of ["127.0.0.1:9797", "localhost:9797", "[::1]:9797", "LOCALHOST:9797"]) expect(guard.checkHost(request({ host })), host).toBeNull();
    for (const host of ["evil.example:9797", "127.0.0.1:80", ""]) expect(guard.checkHost(request({ host }))?.status, host).toBe(421);
    expect(createGuard(9797, []).checkHost(request({ host: "my-box.lan:9797" }))).toBeNull();
  });

  const cases: [string, Record<string, string | undefined>, string | null][] = [
    ["a same-origin POST from the page", {}, null],
    ["a script without Origin and Sec-Fetch-Site, with the token", { origin: undefined, "sec-fetch-site": undefined }, null],
    ["another origin", { origin: "http://evil.example" }, "origin"],
    ["another port of the same host", { origin: "http://127.0.0.1:8080" }, "origin"],
    ["a cross-site request without Origin", { origin: undefined, "sec-fetch-site": "cross-site" }, "origin"],
    ["a same-site (other port) request", { origin: undefined, "sec-fetch-site": "same-site" }, "origin"],
    ["no CSRF token", { "x-csrf-token": undefined }, "csrf"],
    ["a wrong CSRF token", { "x-csrf-token": "t0ken-t0ken-t0ken-t0ken-t0ken-t0ken-abd" }, "csrf"],
    ["a form post (not JSON)", { "content-type": "application/x-www-form-urlencoded" }, "content-type"],
  ];
  for (const [name, change, code] of cases) {
    it(`${code ? "refuses" : "allows"} ${name}`, () => {
      const headers = JSON.parse(JSON.stringify({ ...good, ...change })) as Record<string, string>;
      expect(guard.checkStateChange(request(headers))?.code ?? null).toBe(code);
    });
  }
});
