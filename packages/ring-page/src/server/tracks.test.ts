import { buildRing, ownedRanges, TOKEN_SPACE, type Ring } from "@cortex-ring/ring-client";
import { describe, expect, it } from "vitest";
import { bigRing, instance } from "../../test/support/fake-source.js";
import { decodeTracks, encodeTracks, type Track } from "../tracks-codec.js";
import { ringTracks, tokensVersion } from "./tracks.js";

const ringOf = (desc: Parameters<typeof buildRing>[1]): Ring => buildRing("collectors/ring", desc, { includeTokens: true });

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

describe("ring tracks: the picture's ranges", () => {
  it("the whole-ring track gives every instance exactly what ring-client's ownership gives it", () => {
    const desc = bigRing(50, 64);
    const ring = ringOf(desc);
    const [whole] = ringTracks(ring);
    const owned = ownedRanges(desc);
    const drawn = sizes(whole!);
    ring.instances.forEach((instance, index) => expect(drawn.get(index) ?? 0, instance.id).toBe(owned.get(instance.id)));
  });

  it("with zones, one track per zone follows ring-client's zone-aware ownership", () => {
    const desc = bigRing(9, 32, ["zone-b", "zone-a", "zone-c"]);
    const ring = ringOf(desc);
    const tracks = ringTracks(ring);
    expect(tracks.map((t) => t.zone)).toEqual([null, "zone-a", "zone-b", "zone-c"]);
    const owned = ownedRanges(desc, { zoneAware: true });
    const drawn = new Map<number, number>();
    for (const track of tracks.slice(1)) for (const [owner, size] of sizes(track)) drawn.set(owner, (drawn.get(owner) ?? 0) + size);
    ring.instances.forEach((instance, index) => expect(drawn.get(index), instance.id).toBe(owned.get(instance.id)));
  });

  it("a token claimed twice is one range, owned by the later ID (as Cortex decides); no tokens, no ranges", () => {
    const ring = ringOf({ ingesters: { a: instance([10, 50]), b: instance([50, 90]), c: instance([]) } });
    const [whole] = ringTracks(ring);
    expect([...whole!.ends]).toEqual([10, 50, 90]);
    expect([...whole!.owners]).toEqual([0, 1, 1]);
  });

  it("refuses a ring read without tokens, saying how to fix it", () => {
    const ring = buildRing("k", { ingesters: { a: instance([1]) } });
    expect(() => ringTracks(ring)).toThrow("includeTokens: true");
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

describe("the tracks' wire format", () => {
  it("round-trips the whole ring and zone tracks, zone names in UTF-8", () => {
    const tracks: Track[] = [
      { zone: null, ends: Uint32Array.from([1, 2 ** 32 - 1]), owners: Uint32Array.from([0, 1]) },
      { zone: "zoné-ü", ends: Uint32Array.from([7]), owners: Uint32Array.from([1]) },
      { zone: "", ends: new Uint32Array(), owners: new Uint32Array() },
    ];
    const bytes = encodeTracks(tracks);
    const decoded = decodeTracks(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(decoded.map((t) => ({ zone: t.zone, ends: [...t.ends], owners: [...t.owners] }))).toEqual(tracks.map((t) => ({ zone: t.zone, ends: [...t.ends], owners: [...t.owners] })));
  });

  it("a truncated buffer is a RangeError, not garbage", () => {
    const bytes = encodeTracks([{ zone: "z", ends: Uint32Array.from([1, 2, 3]), owners: Uint32Array.from([0, 0, 0]) }]);
    expect(() => decodeTracks(bytes.slice(0, bytes.length - 4).buffer)).toThrow(RangeError);
  });

  it("costs 8 bytes per range plus 12 bytes of headers per track", () => {
    const ring = ringOf(bigRing(3, 128));
    expect(encodeTracks(ringTracks(ring)).length).toBe(4 + 4 + 4 + 8 * ring.totalTokens);
  });
});
