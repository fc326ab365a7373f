import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "./errors.js";
import { resolveConnection } from "./settings.js";

describe("resolveConnection", () => {
  const dir = mkdtempSync(join(tmpdir(), "ring-client-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("defaults to the local agent over http, no token, default consistency", () => {
    expect(resolveConnection({ env: {} })).toEqual({ address: "http://127.0.0.1:8500", addresses: ["http://127.0.0.1:8500"], token: undefined, tls: undefined, timeoutMs: 10_000, consistency: "default" });
  });

  it("takes CONSUL_HTTP_ADDR and CONSUL_HTTP_TOKEN; a bare host:port is http, or https with CONSUL_HTTP_SSL", () => {
    expect(resolveConnection({ env: { CONSUL_HTTP_ADDR: "consul.internal:8501", CONSUL_HTTP_TOKEN: "s3cret" } })).toMatchObject({ address: "http://consul.internal:8501", token: "s3cret" });
    expect(resolveConnection({ env: { CONSUL_HTTP_ADDR: "consul.internal:8501", CONSUL_HTTP_SSL: "true" } }).address).toBe("https://consul.internal:8501");
  });

  it("options win over the environment; trailing slashes and a path prefix are kept tidy", () => {
    const env = { CONSUL_HTTP_ADDR: "http://ignored:1", CONSUL_HTTP_TOKEN: "ignored" };
    expect(resolveConnection({ env, address: "https://proxy.example/consul/", token: "t", timeoutMs: 500, consistency: "stale" })).toMatchObject({
      address: "https://proxy.example/consul",
      token: "t",
      timeoutMs: 500,
      consistency: "stale",
    });
  });

  it("reads the token from CONSUL_HTTP_TOKEN_FILE", () => {
    writeFileSync(join(dir, "token"), "from-file\n");
    expect(resolveConnection({ env: { CONSUL_HTTP_TOKEN_FILE: join(dir, "token") } }).token).toBe("from-file");
  });

  it("reads CONSUL_CACERT / CONSUL_CLIENT_CERT / CONSUL_CLIENT_KEY for https, and CONSUL_HTTP_SSL_VERIFY=false", () => {
    for (const f of ["ca.pem", "cert.pem", "key.pem"]) writeFileSync(join(dir, f), `-----${f}-----`);
    const env = { CONSUL_HTTP_ADDR: "https://consul:8501", CONSUL_CACERT: join(dir, "ca.pem"), CONSUL_CLIENT_CERT: join(dir, "cert.pem"), CONSUL_CLIENT_KEY: join(dir, "key.pem"), CONSUL_HTTP_SSL_VERIFY: "false" };
    const { tls } = resolveConnection({ env });
    expect(tls).toEqual({ ca: Buffer.from("-----ca.pem-----"), cert: Buffer.from("-----cert.pem-----"), key: Buffer.from("-----key.pem-----"), rejectUnauthorized: false });
  });

  it("a client certificate without its key, or a key without its certificate, is a ConfigError", () => {
    expect(() => resolveConnection({ env: {}, address: "https://consul:8501", tls: { cert: "-----cert-----" } })).toThrow(
      new ConfigError("a client certificate needs its key: set CONSUL_CLIENT_KEY (or tls.key / tls.keyFile)"),
    );
    expect(() => resolveConnection({ env: {}, address: "https://consul:8501", tls: { key: "-----key-----" } })).toThrow(
      new ConfigError("a client key needs its certificate: set CONSUL_CLIENT_CERT (or tls.cert / tls.certFile)"),
    );
  });

  it("a CA file that cannot be read is a one-line ConfigError naming it", () => {
    const env = { CONSUL_HTTP_ADDR: "https://consul:8501", CONSUL_CACERT: "/nonexistent/ca.pem" };
    expect(() => resolveConnection({ env })).toThrow(ConfigError);
    expect(() => resolveConnection({ env })).toThrow("cannot read CA certificate /nonexistent/ca.pem: ENOENT");
  });

  it("takes several servers' addresses (over address and CONSUL_HTTP_ADDR), all with one scheme", () => {
    const env = { CONSUL_HTTP_ADDR: "http://ignored:1" };
    expect(resolveConnection({ env, address: "http://also-ignored:2", addresses: ["127.0.0.1:8500", "http://127.0.0.1:8501/"] })).toMatchObject({
      address: "http://127.0.0.1:8500",
      addresses: ["http://127.0.0.1:8500", "http://127.0.0.1:8501"],
      // A server that holds a read (an election) or went silent is left for the next one after 4 s, not 10.
      timeoutMs: 4_000,
    });
    expect(() => resolveConnection({ env: {}, addresses: ["http://a:8500", "https://b:8501"] })).toThrow(new ConfigError("the Consul addresses mix http:// and https://: give every server's address with the same scheme"));
  });

  it("rejects addresses it cannot use", () => {
    expect(() => resolveConnection({ env: {}, address: "unix:///var/run/consul.sock" })).toThrow("unsupported Consul address");
    expect(() => resolveConnection({ env: {}, address: "http://[::1" })).toThrow(ConfigError);
  });
});
