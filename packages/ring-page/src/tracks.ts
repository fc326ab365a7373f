/**
 * A ring's token ranges as the picture draws them, derived from its token layout: the whole ring, and with
 * several zones one track per zone (each zone's tokens, owners decided ring-wide as Cortex's zone-aware count
 * does). The same rules as ring-client's token table, so the picture and the table's numbers agree on who owns
 * what (src/tracks.test.ts checks it against ring-client's ownership).
 */
import type { TokenLayout } from "./token-layout.js";

/** Range j is (ends[j − 1], ends[j]] (range 0 wraps around from the last end) and belongs to owners[j]. */
export interface Track {
  /** null: every token of the ring; otherwise the tokens of one zone's instances. */
  zone: string | null;
  ends: Uint32Array;
  /** Instance indexes (ID order). */
  owners: Uint32Array;
}

/** One range per distinct token: a token claimed twice is one range, owned by the later ID (Cortex's rule). */
function track(zone: string | null, tokens: Uint32Array, owners: Uint32Array, positions: Uint32Array | null): Track {
  const n = positions ? positions.length : tokens.length;
  const ends = new Uint32Array(n);
  const who = new Uint32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const at = positions ? positions[i]! : i;
    const next = i + 1 < n ? (positions ? positions[i + 1]! : i + 1) : -1;
    if (next >= 0 && tokens[next] === tokens[at]) continue;
    ends[kept] = tokens[at]!;
    who[kept++] = owners[at]!;
  }
  return { zone, ends: ends.subarray(0, kept), owners: who.subarray(0, kept) };
}

/** `zoneOf[i]`: the zone of instance i (ID order). */
export function ringTracks({ tokens, holders, instances }: TokenLayout, zoneOf: readonly string[]): Track[] {
  const n = tokens.length;
  // Equal tokens sit together with their holders ascending: the last of a run is the later ID, which owns it.
  const owners = new Uint32Array(n);
  for (let i = n - 1; i >= 0; i--) owners[i] = i + 1 < n && tokens[i + 1] === tokens[i] ? owners[i + 1]! : holders[i]!;
  const tracks = [track(null, tokens, owners, null)];
  // Zones of the instances that hold tokens: an instance without tokens gets no band.
  const holds = new Uint8Array(instances);
  for (let i = 0; i < n; i++) holds[holders[i]!] = 1;
  const zoneNames = [...new Set(Array.from(holds.keys()).filter((i) => holds[i]).map((i) => zoneOf[i] ?? ""))].sort();
  if (zoneNames.length < 2) return tracks;
  const zoneIndex = new Map(zoneNames.map((zone, i) => [zone, i]));
  const holderZone = Uint32Array.from({ length: instances }, (_, i) => zoneIndex.get(zoneOf[i] ?? "") ?? 0);
  const counts = new Uint32Array(zoneNames.length);
  for (let i = 0; i < n; i++) counts[holderZone[holders[i]!]!]!++;
  const positions = Array.from(counts, (count) => new Uint32Array(count));
  const filled = new Uint32Array(zoneNames.length);
  for (let i = 0; i < n; i++) {
    const z = holderZone[holders[i]!]!;
    positions[z]![filled[z]!++] = i;
  }
  zoneNames.forEach((zone, z) => tracks.push(track(zone, tokens, owners, positions[z]!)));
  return tracks;
}
