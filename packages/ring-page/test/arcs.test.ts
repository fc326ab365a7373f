import { describe, expect, it } from "vitest";
import type { Track } from "../src/tracks.js";
import { angleOf, arcs, rangeAt, tokenAt, TOKEN_SPACE } from "../src/web/arcs.js";

const track = (ends: number[], owners: number[]): Track => ({ zone: null, ends: Uint32Array.from(ends), owners: Uint32Array.from(owners) });

describe("arcs to draw", () => {
  it("a small ring is drawn range by range; neighbours of one owner merge; range 0 wraps from the last token", () => {
    const drawn = arcs(track([100, 200, 300, 400], [0, 1, 1, 2]), 1000);
    expect(drawn.sampled).toBe(false);
    expect([...drawn.owners]).toEqual([0, 1, 2]);
    expect([...drawn.starts]).toEqual([400 - TOKEN_SPACE, 100, 300]);
    expect([...drawn.ends]).toEqual([100, 300, 400]);
  });

  it("a lone token owns the whole circle", () => {
    const drawn = arcs(track([5], [0]), 100);
    expect(drawn.ends[0]! - drawn.starts[0]!).toBe(TOKEN_SPACE);
  });

  it("more ranges than pixels: one sample per pixel, the owner of the range under its middle", () => {
    // Two owners alternate every 2^22 tokens (1,024 ranges) on a 16-pixel edge: each pixel holds 64 ranges.
    const ends = Array.from({ length: 1024 }, (_, i) => (i + 1) * 2 ** 22 - 1);
    const drawn = arcs(track(ends, ends.map((_, i) => i % 2)), 16);
    expect(drawn.sampled).toBe(true);
    // Pixel middles fall at 2^27 × (p + ½), always inside an even-numbered range (owner 0): one merged arc.
    expect([...drawn.owners]).toEqual([0]);
  });

  it("finds the range of a token, wrapping past the last end to range 0", () => {
    const t = track([100, 200], [0, 1]);
    expect([50, 100, 101, 200, 201].map((token) => rangeAt(t, token))).toEqual([0, 0, 1, 1, 0]);
  });

  it("token 0 is at the top and the ring runs clockwise; tokenAt inverts angleOf", () => {
    expect(angleOf(0)).toBe(-Math.PI / 2);
    expect(angleOf(TOKEN_SPACE / 4)).toBeCloseTo(0, 12);
    for (const token of [0, 12345, 2 ** 31, 2 ** 32 - 4096]) expect(Math.abs(tokenAt(angleOf(token)) - token)).toBeLessThan(4096);
  });
});
