/**
 * The picture's data on the wire: every token of a ring in ring order, each with the index of the instance that
 * holds it (instances in ID order, as the ring's JSON lists them). Everything else the picture needs — ranges,
 * the owner of a token claimed twice, the zone bands — follows from it, so the browser derives it
 * (src/tracks.ts) rather than receiving it.
 *
 *   u32 n           tokens (a token claimed by two instances appears twice), little-endian
 *   u32 instances   holders take 1 byte up to 256 instances, 2 up to 65,536, 3 up to 2^24, else 4
 *   u32 gapBytes    bytes of the largest gap between consecutive tokens (the first gap is from 0)
 *   gapBytes planes of n bytes: plane b holds byte b of every gap, least significant first
 *   holder planes of n bytes, the same way
 *
 * Why planes: sorted tokens are close together, so the gaps' high bytes are nearly all zero; kept apart from the
 * noisy low bytes, a general-purpose compressor (brotli, gzip) squeezes them to almost nothing. 1,000 instances ×
 * 512 random tokens compress to ~3 bytes a token, what they carry (log2 of a gap + log2 of 1,000 owners).
 */

export interface TokenLayout {
  /** Every token, ascending; duplicates kept. */
  tokens: Uint32Array;
  /** holders[i]: the index (ID order) of the instance holding tokens[i]; among equal tokens, ascending. */
  holders: Uint32Array;
  /** How many instances the ring has (some may hold no token). */
  instances: number;
}

const HEADER = 12;
const bytesFor = (max: number): number => (max < 0x100 ? 1 : max < 0x10000 ? 2 : max < 0x1000000 ? 3 : 4);

export function encodeTokenLayout({ tokens, holders, instances }: TokenLayout): Uint8Array {
  const n = tokens.length;
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, tokens[i]! - (i === 0 ? 0 : tokens[i - 1]!));
  const gapBytes = bytesFor(largest);
  const holderBytes = bytesFor(Math.max(0, instances - 1));
  const bytes = new Uint8Array(HEADER + n * (gapBytes + holderBytes));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, n, true);
  view.setUint32(4, instances, true);
  view.setUint32(8, gapBytes, true);
  const planes = (value: (i: number) => number, count: number, at: number): void => {
    for (let i = 0; i < n; i++) {
      const v = value(i);
      for (let b = 0; b < count; b++) bytes[at + b * n + i] = (v >>> (8 * b)) & 0xff;
    }
  };
  planes((i) => tokens[i]! - (i === 0 ? 0 : tokens[i - 1]!), gapBytes, HEADER);
  planes((i) => holders[i]!, holderBytes, HEADER + gapBytes * n);
  return bytes;
}

/** Throws RangeError on a truncated or inconsistent buffer. */
export function decodeTokenLayout(buffer: ArrayBuffer): TokenLayout {
  if (buffer.byteLength < HEADER) throw new RangeError("token layout: truncated header");
  const view = new DataView(buffer);
  const n = view.getUint32(0, true);
  const instances = view.getUint32(4, true);
  const gapBytes = view.getUint32(8, true);
  const holderBytes = bytesFor(Math.max(0, instances - 1));
  if (gapBytes < 1 || gapBytes > 4) throw new RangeError(`token layout: gaps of ${gapBytes} bytes`);
  if (buffer.byteLength !== HEADER + n * (gapBytes + holderBytes)) throw new RangeError(`token layout: ${n} tokens do not fit in ${buffer.byteLength} bytes`);
  const bytes = new Uint8Array(buffer);
  const planes = (count: number, at: number): Uint32Array => {
    const out = new Uint32Array(n);
    for (let b = 0; b < count; b++) {
      const plane = at + b * n;
      const scale = 2 ** (8 * b);
      for (let i = 0; i < n; i++) out[i]! += bytes[plane + i]! * scale;
    }
    return out;
  };
  const tokens = planes(gapBytes, HEADER);
  let token = 0;
  for (let i = 0; i < n; i++) {
    token += tokens[i]!;
    if (token > 0xffffffff) throw new RangeError(`token layout: token ${i} is beyond 2^32`);
    tokens[i] = token;
  }
  const holders = planes(holderBytes, HEADER + gapBytes * n);
  for (let i = 0; i < n; i++) {
    const holder = holders[i]!;
    if (holder >= instances) throw new RangeError(`token layout: holder ${holder} of token ${i} is not one of ${instances} instances`);
  }
  return { tokens, holders, instances };
}
