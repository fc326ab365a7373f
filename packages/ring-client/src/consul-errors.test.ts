import { describe, expect, it } from "vitest";
import { translateError } from "./consul-errors.js";
import { ConsulTlsError, ConsulUnreachableError } from "./errors.js";

describe("translateError: handshake failures the integration tests cannot provoke", () => {
  const endpoint = "https://consul:8501/v1/agent/members";
  const translate = (code: string, message = "") => translateError(Object.assign(new Error(message), { code }), { endpoint, timeoutMs: 1000, tls: true, scrub: (text) => text });

  it.each([
    ["CERT_HAS_EXPIRED", "the server certificate is not valid now (CERT_HAS_EXPIRED)"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "the server certificate does not name this host (ERR_TLS_CERT_ALTNAME_INVALID); connect by a name or address it lists"],
    ["SELF_SIGNED_CERT_IN_CHAIN", "the server certificate is not trusted (SELF_SIGNED_CERT_IN_CHAIN); set CONSUL_CACERT to the CA that signed it"],
    // A TLS 1.2 agent answers a missing client certificate with bad_certificate.
    ["ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE", "the agent did not accept a client certificate (ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE); set CONSUL_CLIENT_CERT and CONSUL_CLIENT_KEY to one signed by its CA"],
    ["ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION", "TLS handshake failed (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION)"],
  ])("%s", (code, reason) => {
    const error = translate(code);
    expect(error).toBeInstanceOf(ConsulTlsError);
    expect(error.message).toBe(`Consul TLS failed at ${endpoint}: ${reason}`);
  });

  it("network failures stay ConsulUnreachableError", () => {
    expect(translate("ECONNREFUSED")).toBeInstanceOf(ConsulUnreachableError);
  });

  it("a handshake code without TLS in use is not blamed on certificates", () => {
    const error = translateError(Object.assign(new Error("write EPROTO"), { code: "EPROTO" }), { endpoint: "http://consul:8500/v1/agent/members", timeoutMs: 1000, tls: false, scrub: (text) => text });
    expect(error).not.toBeInstanceOf(ConsulTlsError);
    expect(error.message).toBe("Consul request to http://consul:8500/v1/agent/members failed: write EPROTO");
  });

  it("anything else thrown becomes one consul-error line naming the endpoint and key, the token scrubbed", () => {
    const error = translateError("boom s3cret", { endpoint, timeoutMs: 1000, key: "collectors/ring", tls: true, scrub: (text) => text.split("s3cret").join("<token>") });
    expect(error).toMatchObject({ code: "consul-error", endpoint, key: "collectors/ring", message: `Consul request to ${endpoint} failed: boom <token>` });
  });
});
