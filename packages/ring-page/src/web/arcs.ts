/**
 * From token ranges to arcs worth drawing. A small ring is drawn range by range (neighbouring ranges of one
 * owner merged). A ring with more ranges than the circle has pixels along its edge is sampled once per pixel:
 * each pixel-wide arc takes the owner of the range under its middle. That is what the eye could see anyway,
 * and it keeps 512,000 ranges down to a few thousand arcs.
 */
import type { Track } from "../tracks.js";

export const TOKEN_SPACE = 2 ** 32;

/** Arcs as parallel arrays (start and end in tokens, end exclusive of the next arc's start) for cheap drawing. */
export interface Arcs {
  starts: Float64Array;
  ends: Float64Array;
  owners: Uint32Array;
  /** True when the ranges were sampled per pixel rather than drawn one by one. */
  sampled: boolean;
}

/** The index of the range holding `token`: the first end ≥ token, wrapping to range 0 past the last end. */
export function rangeAt(track: Track, token: number): number {
  const { ends } = track;
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! < token) lo = mid + 1;
    else hi = mid;
  }
  return lo === ends.length ? 0 : lo;
}

function merged(track: Track): Arcs {
  const n = track.ends.length;
  const starts: number[] = [];
  const ends: number[] = [];
  const owners: number[] = [];
  // Range j is (ends[j−1], ends[j]]; range 0 starts at the last end and wraps past 2^32 (drawn as one arc).
  for (let j = 0; j < n; j++) {
    const start = j === 0 ? track.ends[n - 1]! - TOKEN_SPACE : track.ends[j - 1]!;
    const owner = track.owners[j]!;
    if (owners.length > 0 && owners[owners.length - 1] === owner) ends[ends.length - 1] = track.ends[j]!;
    else {
      starts.push(start);
      ends.push(track.ends[j]!);
      owners.push(owner);
    }
  }
  return { starts: Float64Array.from(starts), ends: Float64Array.from(ends), owners: Uint32Array.from(owners), sampled: false };
}

function sampled(track: Track, pixels: number): Arcs {
  const step = TOKEN_SPACE / pixels;
  const starts: number[] = [];
  const ends: number[] = [];
  const owners: number[] = [];
  let j = rangeAt(track, step / 2);
  for (let p = 0; p < pixels; p++) {
    const middle = (p + 0.5) * step;
    // Walk forward: the sample points ascend, so the range index only moves on (except at the wrap).
    while (j < track.ends.length && track.ends[j]! < middle) j++;
    const owner = track.owners[j === track.ends.length ? 0 : j]!;
    if (owners.length > 0 && owners[owners.length - 1] === owner) ends[ends.length - 1] = (p + 1) * step;
    else {
      starts.push(p * step);
      ends.push((p + 1) * step);
      owners.push(owner);
    }
  }
  return { starts: Float64Array.from(starts), ends: Float64Array.from(ends), owners: Uint32Array.from(owners), sampled: true };
}

/** Arcs to draw for `track` on a circle whose edge is `pixels` device pixels long. */
export function arcs(track: Track, pixels: number): Arcs {
  if (track.ends.length === 0) return { starts: new Float64Array(), ends: new Float64Array(), owners: new Uint32Array(), sampled: false };
  return track.ends.length <= pixels ? merged(track) : sampled(track, Math.max(1, Math.floor(pixels)));
}

/** Angle in radians of a token: 0 at the top, clockwise, as a clock. */
export function angleOf(token: number): number {
  return -Math.PI / 2 + (2 * Math.PI * token) / TOKEN_SPACE;
}

/** The token at an angle measured as {@link angleOf} does. */
export function tokenAt(angle: number): number {
  const turn = (((angle + Math.PI / 2) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  return Math.min(TOKEN_SPACE - 1, Math.floor((turn / (2 * Math.PI)) * TOKEN_SPACE));
}
