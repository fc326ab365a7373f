import type { Ring } from "@cortex-ring/ring-client";
import { buildRing, ownedRanges, TOKEN_SPACE } from "@cortex-ring/ring-client/parts";
import { brotliCompressSync, constants } from "node:zlib";
import { describe, expect, it } from "vitest";
import { bigRing, instance } from "../test/support/fake-source.js";
import { ringLayout, tokensVersion } from "./server/layout.js";
import { decodeTokenLayout, encodeTokenLayout, type TokenLayout } from "./token-layout.js";
import { ringTracks, type Track } from "./tracks.js";

const ringOf = (desc: Parameters<typeof buildRing>[1]): Ring => buildRing("collectors/ring", desc, { includeTokens: true });
const bufferOf = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
/** What the browser does: decode the server's layout, derive the tracks with each instance's zone. */
const tracksOf = (ring: Ring): Track[] => ringTracks(decodeTokenLayout(bufferOf(ringLayout(ring))), ring.instances.map((i) => i.zone));

/** Token-space per owner index, summed over a track's ranges. */
function sizes(track: Track): Map<number, number> {
  const out = new Map<number, number>();
  const n = track.ends.length;
  for (let j = 0; j < n; j++) {
    const size = n === 1 ? TOKEN_SPACE : (track.ends[j]! - (j === 0 ? track.ends[n - 1]! - TOKEN_SPACE : track.ends[j - 1]!));
    out.set(track.owners[j]!, (out.get(track.owners[j]!) ?? 0) + size);
  }
  return out;
}

describe("ring tracks: the picture's ranges, derived in the browser from the token layout", () => {
  it("the whole-ring track gives every instance exactly what ring-client's ownership gives it", () => {
    const desc = bigRing(50, 64);
    const ring = ringOf(desc);
    const [whole] = tracksOf(ring);
    const owned = ownedRanges(desc);
    const drawn = sizes(whole!);
    ring.instances.forEach((instance, index) => expect(drawn.get(index) ?? 0, instance.id).toBe(owned.get(instance.id)));
  });

  it("with zones, one track per zone follows ring-client's zone-aware ownership", () => {
    const desc = bigRing(9, 32, ["zone-b", "zone-a", "zone-c"]);
    const ring = ringOf(desc);
    const tracks = tracksOf(ring);
    expect(tracks.map((t) => t.zone)).toEqual([null, "zone-a", "zone-b", "zone-c"]);
    const owned = ownedRanges(desc, { zoneAware: true });
    const drawn = new Map<number, number>();
    for (const track of tracks.slice(1)) for (const [owner, size] of sizes(track)) drawn.set(owner, (drawn.get(owner) ?? 0) + size);
    ring.instances.forEach((instance, index) => expect(drawn.get(index), instance.id).toBe(owned.get(instance.id)));
  });

  it("a token claimed twice is one range, owned by the later ID (as Cortex decides), in its zone's band too", () => {
    const ring = ringOf({ ingesters: { a: instance([10, 50], { zone: "z1" }), b: instance([50, 90], { zone: "z2" }), c: instance([], { zone: "z3" }) } });
    const [whole, z1, z2, ...rest] = tracksOf(ring);
    expect([...whole!.ends]).toEqual([10, 50, 90]);
    expect([...whole!.owners]).toEqual([0, 1, 1]);
    expect([z1!.zone, [...z1!.ends], [...z1!.owners]]).toEqual(["z1", [10, 50], [0, 1]]);
    expect([z2!.zone, [...z2!.ends], [...z2!.owners]]).toEqual(["z2", [50, 90], [1, 1]]);
    // An instance with no tokens gets no band.
    expect(rest).toEqual([]);
  });

  it("one zone, or none: the whole ring only", () => {
    expect(tracksOf(ringOf(bigRing(4, 8, ["zone-a"]))).map((t) => t.zone)).toEqual([null]);
    expect(tracksOf(ringOf({ ingesters: {} }))).toEqual([{ zone: null, ends: new Uint32Array(), owners: new Uint32Array() }]);
  });

  it("refuses a ring read without tokens, saying how to fix it", () => {
    const ring = buildRing("k", { ingesters: { a: instance([1]) } });
    expect(() => ringLayout(ring)).toThrow("includeTokens: true");
  });

  it("the tokens version moves with tokens and membership, not with heartbeats", () => {
    const desc = bigRing(3, 8);
    const version = tokensVersion(ringOf(desc));
    desc.ingesters["ingester-0001"]!.timestamp += 5;
    expect(tokensVersion(ringOf(desc))).toBe(version);
    desc.ingesters["ingester-0001"]!.tokens[0]! += 1;
    expect(tokensVersion(ringOf(desc))).not.toBe(version);
    delete desc.ingesters["ingester-0002"];
    expect(tokensVersion(ringOf(desc))).not.toBe(tokensVersion(ringOf(bigRing(3, 8))));
  });
});

describe("the token layout's wire format", () => {
  const layout = (tokens: number[], holders: number[], instances: number): TokenLayout => ({ tokens: Uint32Array.from(tokens), holders: Uint32Array.from(holders), instances });
  const plain = (l: TokenLayout): unknown => ({ tokens: [...l.tokens], holders: [...l.holders], instances: l.instances });

  it("round-trips the extremes: token 0, 2^32 − 1, a duplicate, every gap width and every holder width", () => {
    for (const tokens of [[0, 0, 1, 2, 200], [0, 0, 127, 128, 2 ** 16], [0, 0, 127, 128, 2 ** 24], [0, 0, 127, 128, 2 ** 31, 2 ** 32 - 1]]) {
      const original = layout(tokens, tokens.map((_, i) => i % 2), 2);
      expect(plain(decodeTokenLayout(bufferOf(encodeTokenLayout(original)))), `largest ${tokens.at(-1) ?? 0}`).toEqual(plain(original));
    }
    for (const instances of [1, 256, 257, 65_536, 65_537, 2 ** 24 + 1]) {
      const original = layout([0, 0, 127, 128, 2 ** 31, 2 ** 32 - 1], [0, instances - 1, 0, instances - 1, 0, instances - 1], instances);
      expect(plain(decodeTokenLayout(bufferOf(encodeTokenLayout(original)))), `${instances} instances`).toEqual(plain(original));
    }
  });

  it("a truncated buffer or a holder beyond the instances is a RangeError, not garbage", () => {
    const bytes = encodeTokenLayout(layout([1, 2 ** 20, 2 ** 31], [0, 1, 2], 3));
    for (let cut = 0; cut < bytes.length; cut++) expect(() => decodeTokenLayout(bufferOf(bytes.subarray(0, cut))), `cut at ${cut}`).toThrow(RangeError);
    expect(() => decodeTokenLayout(bufferOf(encodeTokenLayout(layout([1], [5], 3))))).toThrow("holder 5");
  });

  it("compresses to about 3 bytes a token for 1,000 instances × 512 tokens (8 before: u32 ends and owners, twice with zones)", () => {
    const ring = ringOf(bigRing(1000, 512, ["zone-a", "zone-b", "zone-c"]));
    const compressed = brotliCompressSync(ringLayout(ring), { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }).length;
    expect(compressed / ring.totalTokens).toBeLessThan(3.3);
  });
});
