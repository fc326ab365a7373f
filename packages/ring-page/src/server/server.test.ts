import { AclDeniedError, NotARingError, encodeRingDesc, ringStatus } from "@cortex-ring/ring-client";
import { buildRing } from "@cortex-ring/ring-client/parts";
import { request, type IncomingHttpHeaders } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bigRing, FakeSource, instance } from "../../test/support/fake-source.js";
import type { Hello, Snapshot } from "../protocol.js";
import { decodeTokenLayout } from "../token-layout.js";
import { ringTracks } from "../tracks.js";
import { createRingServer, RemoteBindError, type RingServer } from "./server.js";

let source: FakeSource;
let server: RingServer;
let token: string;

beforeAll(async () => {
  source = new FakeSource({
    "collectors/ring": { ingesters: { live: instance([100, 2 ** 31]), dead: instance([2 ** 30], { timestamp: Math.floor(Date.now() / 1000) - 600 }) } },
    "rulers/ring": bigRing(3, 64),
  });
  server = await createRingServer({ source, port: 0, discoverIntervalMs: 100, probeIntervalMs: 100 });
  const html = await (await fetch(server.url)).text();
  token = /name="csrf-token" content="([^"]+)"/.exec(html)![1]!;
});

afterAll(async () => {
  await server.close();
});

const post = (body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${server.url}api/forget`, { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": token, origin: server.url.slice(0, -1), ...headers }, body: JSON.stringify(body) });

/** A raw GET (fetch would decompress, and cannot set Host). */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on("error", reject)
      .end();
  });
}

const bufferOf = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** The state inline in the page's HTML. */
async function snapshotOf(url: string): Promise<Snapshot> {
  const html = await (await fetch(url)).text();
  return JSON.parse(/<script type="application\/json" id="ring-snapshot">(.*?)<\/script>/s.exec(html)![1]!) as Snapshot;
}

/** The first event of the page's stream (`since`: the revision the page already holds). */
async function helloOf(url: string, since?: string): Promise<Hello> {
  const res = await fetch(`${url}api/events${since ? `?since=${encodeURIComponent(since)}` : ""}`);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/event: hello\ndata: .*\n\n/.test(text)) text += (await reader.read()).value ?? "";
  await reader.cancel();
  return JSON.parse(/event: hello\ndata: (.*)\n\n/.exec(text)![1]!) as Hello;
}

async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const value = await check();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("the ring server", () => {
  it("binds loopback by default and refuses a non-loopback host unless told", async () => {
    expect(server.host).toBe("127.0.0.1");
    await expect(createRingServer({ source, host: "0.0.0.0", port: 0 })).rejects.toThrow(RemoteBindError);
    const open = await createRingServer({ source, host: "0.0.0.0", port: 0, allowRemote: true });
    expect(open.host).toBe("0.0.0.0");
    await open.close();
  });

  it("serves the page with its CSRF token, never cached, with a strict content security policy", async () => {
    const res = await fetch(server.url);
    expect(res.headers.get("cache-control")).toBe("no-store");
    // This origin's app.js, and the inline loader and style by their hashes only: nothing injected could run.
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'sha256-[\w+/]+=*'; style-src 'sha256-[\w+/]+=*';/);
    expect(csp).not.toContain("unsafe");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(token).toMatch(/^[\w-]{43}$/);
    const other = await createRingServer({ source, port: 0 });
    expect(await (await fetch(other.url)).text()).not.toContain(token);
    await other.close();
  });

  it("/api/rings is the JSON `ring status --json` prints (no tokens); ?key= picks one ring", async () => {
    const rings = await until(async () => {
      const body = (await (await fetch(`${server.url}api/rings`)).json()) as { key: string; readAt: string; modifyIndex: number }[];
      return body.length === 2 ? body : undefined;
    }, "both rings");
    // The CLI prints JSON.stringify of ring-client's ringStatus: the same model, judged at the same moment, no
    // tokens, the stored value's size, and the verdict on the ingester ring only.
    const expected = rings.map(({ key, readAt, modifyIndex }) => {
      const desc = source.desc(key)!;
      const ring = buildRing(key, desc, { now: new Date(readAt), modifyIndex });
      return JSON.parse(JSON.stringify(ringStatus({ ring, desc, valueBytes: encodeRingDesc(desc).length }))) as unknown;
    });
    expect(rings).toEqual(expected);
    const [collectors, rulers] = rings as unknown as { valueBytes: number; quorum: { verdict: { status: string; unhealthy: string[] } } | null }[];
    expect(collectors!.valueBytes).toBeGreaterThan(0);
    // Two ingesters, one silent for ten minutes: keys on the dead one cannot reach a quorum of two.
    expect([collectors!.quorum?.verdict.status, collectors!.quorum?.verdict.unhealthy]).toEqual(["broken", ["dead"]]);
    expect(rulers!.quorum).toBeNull();
    const one = (await (await fetch(`${server.url}api/rings?key=rulers/ring`)).json()) as { key: string }[];
    expect(one.map((r) => r.key)).toEqual(["rulers/ring"]);
    expect((await fetch(`${server.url}api/rings?key=nope`)).status).toBe(404);
  });

  it("/api/tokens gives the token layout, compressed (brotli or gzip), with an ETag that answers 304", async () => {
    const res = await fetch(`${server.url}api/tokens?key=collectors/ring`);
    expect(res.status).toBe(200);
    const layout = decodeTokenLayout(await res.arrayBuffer());
    expect([...layout.tokens]).toEqual([100, 2 ** 30, 2 ** 31]);
    // The instances in ID order are dead, live: live holds 100 and 2^31.
    expect([...layout.holders]).toEqual([1, 0, 1]);
    const etag = res.headers.get("etag")!;
    expect((await fetch(`${server.url}api/tokens?key=collectors/ring`, { headers: { "if-none-match": etag } })).status).toBe(304);
    const gzip = await get(`${server.url}api/tokens?key=rulers/ring`, { "accept-encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(decodeTokenLayout(bufferOf(gunzipSync(gzip.body))).tokens.length).toBe(192);
    const br = await get(`${server.url}api/tokens?key=rulers/ring`, { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(decodeTokenLayout(bufferOf(brotliDecompressSync(br.body))).tokens.length).toBe(192);
  });

  it("puts the state in the page itself: every ring, Consul's state, and a small ring's token layout", async () => {
    const snapshot = await until(async () => {
      const s = await snapshotOf(server.url);
      return s.rings.length === 2 && s.consul.state === "up" ? s : undefined;
    }, "both rings in the page");
    expect(snapshot.keys).toEqual(["collectors/ring", "rulers/ring"]);
    expect(snapshot.rings.map((v) => v.ring?.instances.map((i) => i.id))).toEqual([["dead", "live"], ["ingester-0000", "ingester-0001", "ingester-0002"]]);
    expect(snapshot.settings).toEqual({ heartbeatTimeoutMs: 60_000, zoneAwareness: false });
    // What the browser draws from at first paint: the same ranges as /api/tokens.
    const inline = snapshot.layouts["rulers/ring"]!;
    expect(inline.version).toBe(snapshot.rings[1]!.tokensVersion);
    const fetched = decodeTokenLayout(await (await fetch(`${server.url}api/tokens?key=rulers/ring`)).arrayBuffer());
    const tracks = ringTracks(decodeTokenLayout(bufferOf(Buffer.from(inline.base64, "base64"))), ["", "", ""]);
    expect([...tracks[0]!.ends]).toEqual([...new Set(fetched.tokens)]);
  });

  it("a page holding a revision gets only the rings changed since; another server's revision gets everything", async () => {
    const { revision } = await snapshotOf(server.url);
    const hello = await helloOf(server.url, revision);
    expect([hello.rings, hello.keys, hello.revision]).toEqual([[], ["collectors/ring", "rulers/ring"], revision]);
    const desc = source.desc("rulers/ring")!;
    source.set("rulers/ring", { ingesters: { ...desc.ingesters, "ingester-later": instance([77]) } });
    const later = await until(async () => {
      const h = await helloOf(server.url, revision);
      return h.rings.length > 0 ? h : undefined;
    }, "the change after the page's revision");
    expect(later.rings.map((v) => v.key)).toEqual(["rulers/ring"]);
    expect((await helloOf(server.url, "another-server.1")).rings.map((v) => v.key)).toEqual(["collectors/ring", "rulers/ring"]);
  });

  it("streams a hello with every ring, then changes as they happen", async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}api/events`, { signal: controller.signal });
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const read = async (want: string): Promise<void> => {
      while (!text.includes(want)) text += (await reader.read()).value ?? "";
    };
    await read("event: hello");
    await read("\n\n");
    const desc = source.desc("rulers/ring")!;
    source.set("rulers/ring", { ingesters: { ...desc.ingesters, "ingester-new": instance([7]) } });
    await read("ingester-new");
    expect(text).toMatch(/event: ring\ndata: .*"key":"rulers\/ring".*ingester-new/);
    controller.abort();
  });

  it("forgets an unhealthy instance; the ring loses it", async () => {
    const res = await post({ key: "collectors/ring", id: "dead" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ removed: true, attempts: 1 });
    expect(Object.keys(source.desc("collectors/ring")!.ingesters)).toEqual(["live"]);
  });

  it("refuses a healthy instance (409), an unknown one (404), an unknown ring (404), and bad bodies (400)", async () => {
    const healthy = await post({ key: "collectors/ring", id: "live" });
    expect([healthy.status, ((await healthy.json()) as { code: string }).code]).toEqual([409, "instance-healthy"]);
    expect((await post({ key: "collectors/ring", id: "ghost" })).status).toBe(404);
    expect((await post({ key: "other/ring", id: "live" })).status).toBe(404);
    expect((await post({ key: "collectors/ring" })).status).toBe(400);
    expect(Object.keys(source.desc("collectors/ring")!.ingesters)).toEqual(["live"]);
  });

  it("refuses cross-origin, tokenless and form posts before touching the ring; GET is not a way in", async () => {
    const desc = source.desc("collectors/ring")!;
    source.set("collectors/ring", { ingesters: { ...desc.ingesters, stale: instance([9], { timestamp: 1 }) } });
    const tries = [
      post({ key: "collectors/ring", id: "stale" }, { origin: "http://evil.example" }),
      post({ key: "collectors/ring", id: "stale" }, { "x-csrf-token": "" }),
      post({ key: "collectors/ring", id: "stale" }, { "content-type": "text/plain" }),
      fetch(`${server.url}api/forget?key=collectors/ring&id=stale`),
    ];
    expect(await Promise.all(tries.map(async (t) => (await t).status))).toEqual([403, 403, 415, 405]);
    expect(Object.keys(source.desc("collectors/ring")!.ingesters)).toContain("stale");
  });

  it("answers a foreign Host with 421 (DNS rebinding)", async () => {
    expect((await get(server.url, { host: "evil.example" })).status).toBe(421);
  });

  it("reports Consul down and back up, and keeps the rings it had", async () => {
    const events: string[] = [];
    const controller = new AbortController();
    const res = await fetch(`${server.url}api/events`, { signal: controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        events.push(value ?? "");
      }
    })();
    source.down = true;
    await until(async () => (events.join("").includes('"state":"down"') ? true : undefined), "the down event");
    expect(events.join("")).toContain("connection refused");
    expect(((await (await fetch(`${server.url}api/rings`)).json()) as unknown[]).length).toBe(2);
    source.down = false;
    await until(async () => (events.join("").split('"state":"down"').at(-1)!.includes('"state":"up"') ? true : undefined), "the up event");
    controller.abort();
  });

  it("shows a watch's fatal error on its ring", async () => {
    const failing = new FakeSource({ "collectors/ring": bigRing(1, 1) });
    failing.watchRing = async function* () {
      yield* [];
      throw new AclDeniedError("http://127.0.0.1:8500/v1/kv/collectors/ring", "Permission denied", "collectors/ring");
    };
    const other = await createRingServer({ source: failing, port: 0, discoverIntervalMs: 60_000 });
    const hello = await until(async () => {
      const h = await helloOf(other.url);
      return h.rings[0]?.error ? h : undefined;
    }, "the watch error");
    expect(hello.rings[0]!.error).toContain("Consul ACL denied");
    await other.close();
  });

  it("--key: a ring whose very first read fails is shown with its error, and recovers when it becomes readable", async () => {
    const keyed = new FakeSource({ "collectors/ring": bigRing(2, 4) });
    let readable = false;
    const watchRing = keyed.watchRing.bind(keyed);
    keyed.watchRing = (key, options) => {
      if (readable) return watchRing(key, options);
      return (async function* () {
        yield* [];
        throw new NotARingError("collectors/ring", "protobuf", "illegal tag 0 (wire type 0)");
      })();
    };
    const other = await createRingServer({ source: keyed, port: 0, keys: ["collectors/ring"], discoverIntervalMs: 100 });
    try {
      const failed = await until(async () => {
        const s = await snapshotOf(other.url);
        return s.rings[0]?.error ? s : undefined;
      }, "the first read's error in the page");
      expect(failed.rings).toEqual([{ key: "collectors/ring", ring: null, tokensVersion: "", error: expect.stringContaining("illegal tag 0") as unknown }]);
      expect(failed.keys).toEqual(["collectors/ring"]);
      const answer = await fetch(`${other.url}api/rings?key=collectors/ring`);
      expect([answer.status, ((await answer.json()) as { code: string }).code]).toEqual([502, "ring-unreadable"]);
      expect(await (await fetch(`${other.url}api/rings`)).json()).toEqual([]);
      readable = true;
      const recovered = await until(async () => {
        const s = await snapshotOf(other.url);
        return s.rings[0]?.ring ? s : undefined;
      }, "the ring read at last");
      expect(recovered.rings[0]!.error).toBeUndefined();
      expect(recovered.rings[0]!.ring!.instances.length).toBe(2);
      expect((await fetch(`${other.url}api/rings?key=collectors/ring`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
