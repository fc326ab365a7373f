/**
 * The picture's data on the wire: a ring's token ranges as tracks (the whole ring, then one per zone), in a
 * little-endian binary layout both Node and the browser read without a parser library. A 512,000-token ring is
 * 4 MB as two Uint32Arrays per track, against ~11 MB as JSON numbers, and decodes with no per-token work.
 *
 *   u32 trackCount
 *   per track: u32 zoneByteLength (0xFFFFFFFF: the whole ring), zone UTF-8 padded to 4 bytes,
 *              u32 n, n × u32 ends, n × u32 owners
 *
 * Range j is (ends[j − 1], ends[j]] (range 0 wraps around from ends[n − 1]) and belongs to instance owners[j], an
 * index into the ring's instances (ID order).
 */

export interface Track {
  /** null: every token of the ring; otherwise the tokens of one zone's instances. */
  zone: string | null;
  ends: Uint32Array;
  owners: Uint32Array;
}

const WHOLE_RING = 0xffffffff;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const padded = (n: number): number => (n + 3) & ~3;

export function encodeTracks(tracks: Track[]): Uint8Array {
  const encoder = new TextEncoder();
  const zones = tracks.map((t) => (t.zone === null ? null : encoder.encode(t.zone)));
  let size = 4;
  tracks.forEach((t, i) => (size += 4 + padded(zones[i]?.length ?? 0) + 4 + 8 * t.ends.length));
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let at = 0;
  const u32 = (value: number): void => {
    view.setUint32(at, value, true);
    at += 4;
  };
  const words = (values: Uint32Array): void => {
    for (const value of values) u32(value);
  };
  u32(tracks.length);
  tracks.forEach((track, i) => {
    const zone = zones[i] ?? null;
    u32(zone === null ? WHOLE_RING : zone.length);
    if (zone) bytes.set(zone, at);
    at += padded(zone?.length ?? 0);
    u32(track.ends.length);
    words(track.ends);
    words(track.owners);
  });
  return bytes;
}

/** Throws RangeError on a truncated or inconsistent buffer. */
export function decodeTracks(buffer: ArrayBuffer): Track[] {
  const view = new DataView(buffer);
  const decoder = new TextDecoder();
  let at = 0;
  const u32 = (): number => {
    if (at + 4 > buffer.byteLength) throw new RangeError(`tracks: truncated at byte ${at}`);
    const value = view.getUint32(at, true);
    at += 4;
    return value;
  };
  const words = (n: number): Uint32Array => {
    if (at + 4 * n > buffer.byteLength) throw new RangeError(`tracks: ${n} words do not fit at byte ${at}`);
    // Little-endian hosts (every browser and Node target) read the words in place; others copy through DataView.
    const out = LITTLE_ENDIAN ? new Uint32Array(buffer, at, n) : Uint32Array.from({ length: n }, (_, i) => view.getUint32(at + 4 * i, true));
    at += 4 * n;
    return out;
  };
  const count = u32();
  const tracks: Track[] = [];
  for (let t = 0; t < count; t++) {
    const zoneLength = u32();
    let zone: string | null = null;
    if (zoneLength !== WHOLE_RING) {
      zone = decoder.decode(new Uint8Array(buffer, at, zoneLength));
      at += padded(zoneLength);
    }
    const n = u32();
    const ends = words(n);
    tracks.push({ zone, ends, owners: words(n) });
  }
  return tracks;
}
