/**
 * RingClient over HTTPS to a real Consul agent, with a CA and certificates made by `consul tls` as an operator
 * makes them: the CA from CONSUL_CACERT (or options), a client certificate from CONSUL_CLIENT_CERT/KEY when the
 * agent verifies incoming connections, and one-line errors when either is missing.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, ConsulResponseError, ConsulTlsError, RingClient, type RingClientOptions } from "../src/index.js";
import { putRaw, startConsulAgents, type ConsulAgent } from "@cortex-ring/test-support/consul";
import { vector } from "./support/fixtures.js";

let serverOnly: ConsulAgent; // HTTPS, any client may connect
let mutual: ConsulAgent; // HTTPS, client certificate required (tls.https.verify_incoming)

beforeAll(async () => {
  [serverOnly, mutual] = await startConsulAgents({ tls: { verifyIncoming: false } }, { tls: { verifyIncoming: true } });
  await Promise.all([putRaw(serverOnly, "collectors/ring", vector("cortex", "three-ingesters").value), putRaw(mutual, "collectors/ring", vector("cortex", "zones").value)]);
}, 120_000);
afterAll(async () => {
  // Unset when beforeAll failed.
  await Promise.all(([serverOnly, mutual] as (ConsulAgent | undefined)[]).flatMap((a) => (a ? [a.stop()] : [])));
});

/** Runs `use` with a client, always closing it; returns what it resolved or the error it threw. */
async function attempt<T>(options: RingClientOptions, use: (c: RingClient) => Promise<T>): Promise<T | Error> {
  const c = new RingClient(options);
  try {
    return await use(c);
  } catch (error) {
    return error as Error;
  } finally {
    c.close();
  }
}

/** What a user sees of a failure: its class and its one-line message (no stack, no second line). */
function failure(error: unknown): { type: string; message: string } {
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message.split("\n")).toHaveLength(1);
  return { type: (error as Error).constructor.name, message };
}

describe("HTTPS with the agent's CA", () => {
  it("CONSUL_HTTP_ADDR=https://… and CONSUL_CACERT: members, leader, peers and the ring", async () => {
    const env = { CONSUL_HTTP_ADDR: serverOnly.httpsAddress!, CONSUL_CACERT: serverOnly.tls!.ca };
    const result = await attempt({ env }, async (c) => ({ members: await c.members(), leader: await c.leader(), peers: await c.peers(), ring: await c.readRing() }));
    expect(result).not.toBeInstanceOf(Error);
    const { members, leader, peers, ring } = result as Exclude<typeof result, Error>;
    expect(members).toEqual([expect.objectContaining({ address: "127.0.0.1", status: "alive", role: "server" })]);
    expect(leader).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(peers).toEqual([leader]);
    expect(ring.instances.map((i) => i.id)).toEqual(["ingester-1", "ingester-2", "ingester-3"]);
  });

  it("the CA as an option (PEM contents), with a bare host:port and CONSUL_HTTP_SSL=true", async () => {
    const hostPort = serverOnly.httpsAddress!.replace("https://", "");
    const ring = await attempt({ env: { CONSUL_HTTP_ADDR: hostPort, CONSUL_HTTP_SSL: "true" }, tls: { ca: readFileSync(serverOnly.tls!.ca, "utf8") } }, (c) => c.readRing());
    expect(ring).not.toBeInstanceOf(Error);
    expect((ring as Exclude<typeof ring, Error>).instances).toHaveLength(3);
  });

  it("without the CA: a one-line certificate error naming the endpoint", async () => {
    const error = await attempt({ address: serverOnly.httpsAddress!, env: {} }, (c) => c.readRing());
    expect(error).toBeInstanceOf(ConsulTlsError);
    expect(error).toMatchObject({ code: "tls", endpoint: `${serverOnly.httpsAddress!}/v1/kv/collectors/ring` });
    expect(failure(error).message).toBe(
      `Consul TLS failed at ${serverOnly.httpsAddress!}/v1/kv/collectors/ring: the server certificate is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE); set CONSUL_CACERT to the CA that signed it`,
    );
  });

  it("another cluster's CA: the same certificate error", async () => {
    const error = await attempt({ env: { CONSUL_HTTP_ADDR: serverOnly.httpsAddress!, CONSUL_CACERT: mutual.tls!.ca } }, (c) => c.members());
    expect(failure(error)).toEqual({
      type: "ConsulTlsError",
      message: `Consul TLS failed at ${serverOnly.httpsAddress!}/v1/agent/members: the server certificate is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE); set CONSUL_CACERT to the CA that signed it`,
    });
  });

  it("CONSUL_HTTP_SSL_VERIFY=false reads without the CA", async () => {
    const ring = await attempt({ env: { CONSUL_HTTP_ADDR: serverOnly.httpsAddress!, CONSUL_HTTP_SSL_VERIFY: "false" } }, (c) => c.readRing());
    expect(ring).not.toBeInstanceOf(Error);
  });

  it("plain http:// to the HTTPS port: a one-line error saying so", async () => {
    const plain = serverOnly.httpsAddress!.replace("https:", "http:");
    const error = await attempt({ address: plain, env: {} }, (c) => c.members());
    expect(failure(error)).toEqual({ type: "ConsulResponseError", message: `Consul at ${plain}/v1/agent/members answered HTTP 400: Client sent an HTTP request to an HTTPS server.` });
    expect((error as ConsulResponseError).statusCode).toBe(400);
  });

  it("https:// to the plain HTTP port: a one-line error saying so", async () => {
    const wrong = serverOnly.address.replace("http:", "https:");
    const error = await attempt({ address: wrong, env: { CONSUL_CACERT: serverOnly.tls!.ca } }, (c) => c.members());
    expect(failure(error)).toEqual({ type: "ConsulTlsError", message: `Consul TLS failed at ${wrong}/v1/agent/members: the port does not speak TLS (EPROTO); use http:// for a plain HTTP port` });
  });
});

describe("HTTPS with client certificates (verify_incoming)", () => {
  it("the CA but no client certificate: a one-line error naming the endpoint", async () => {
    const error = await attempt({ env: { CONSUL_HTTP_ADDR: mutual.httpsAddress!, CONSUL_CACERT: mutual.tls!.ca } }, (c) => c.members());
    expect(failure(error)).toEqual({
      type: "ConsulTlsError",
      message: `Consul TLS failed at ${mutual.httpsAddress!}/v1/agent/members: the agent requires a client certificate (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED); set CONSUL_CLIENT_CERT and CONSUL_CLIENT_KEY`,
    });
  });

  it("a client certificate signed by another CA: a one-line error naming the endpoint", async () => {
    const env = { CONSUL_HTTP_ADDR: mutual.httpsAddress!, CONSUL_CACERT: mutual.tls!.ca, CONSUL_CLIENT_CERT: serverOnly.tls!.clientCert, CONSUL_CLIENT_KEY: serverOnly.tls!.clientKey };
    const error = await attempt({ env }, (c) => c.readRing());
    expect(failure(error)).toEqual({
      type: "ConsulTlsError",
      message: `Consul TLS failed at ${mutual.httpsAddress!}/v1/kv/collectors/ring: the agent did not accept a client certificate (ERR_SSL_TLSV1_ALERT_UNKNOWN_CA); set CONSUL_CLIENT_CERT and CONSUL_CLIENT_KEY to one signed by its CA`,
    });
  });

  it("a client key that is not the certificate's: a ConfigError before any request", () => {
    const tls = { caFile: mutual.tls!.ca, certFile: mutual.tls!.clientCert, keyFile: serverOnly.tls!.clientKey };
    expect(() => new RingClient({ address: mutual.httpsAddress!, env: {}, tls })).toThrow(new ConfigError("client certificate and key are not usable: key values mismatch"));
  });

  it("CONSUL_CLIENT_CERT and CONSUL_CLIENT_KEY: members and the ring", async () => {
    const env = { CONSUL_HTTP_ADDR: mutual.httpsAddress!, CONSUL_CACERT: mutual.tls!.ca, CONSUL_CLIENT_CERT: mutual.tls!.clientCert, CONSUL_CLIENT_KEY: mutual.tls!.clientKey };
    const result = await attempt({ env }, async (c) => ({ members: await c.members(), ring: await c.readRing() }));
    expect(result).not.toBeInstanceOf(Error);
    const { members, ring } = result as Exclude<typeof result, Error>;
    expect(members.map((m) => m.role)).toEqual(["server"]);
    expect(Object.keys(ring.countsByZone).sort()).toEqual(["zone-a", "zone-b", "zone-c"]);
  });

  it("the client certificate as options (caFile, certFile, keyFile)", async () => {
    const { ca, clientCert, clientKey } = mutual.tls!;
    const leader = await attempt({ address: mutual.httpsAddress!, env: {}, tls: { caFile: ca, certFile: clientCert, keyFile: clientKey } }, (c) => c.leader());
    expect(leader).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});
