/**
 * A ring's token ranges, as the picture draws them: the whole ring, and with several zones one track per zone
 * (each zone's tokens, owners looked up ring-wide as Cortex's zone-aware count does). Ownership comes from
 * ring-client's token table, so the picture and the table's numbers can never disagree about who owns what.
 */
import { createHash } from "node:crypto";
import { tokenTable, type Ring } from "@cortex-ring/ring-client";
import type { Track } from "../tracks-codec.js";

/** The ring's instances, tokens and zones as ownership reads them; throws when the ring was read without tokens. */
function holders(ring: Ring): { ingesters: Record<string, { tokens: number[]; zone: string }> } {
  const ingesters: Record<string, { tokens: number[]; zone: string }> = {};
  for (const instance of ring.instances) {
    if (!instance.tokens) throw new Error(`ring ${ring.key} was read without tokens: create its RingClient with includeTokens: true`);
    ingesters[instance.id] = { tokens: instance.tokens, zone: instance.zone };
  }
  return { ingesters };
}

/** Keeps the last of equal consecutive tokens: a duplicated token is one range (its owner is the same). */
function track(zone: string | null, tokens: Uint32Array, owners: Uint32Array, positions: number[] | null): Track {
  const n = positions ? positions.length : tokens.length;
  const at = (i: number): number => (positions ? positions[i]! : i);
  const ends: number[] = [];
  const who: number[] = [];
  for (let i = 0; i < n; i++) {
    const token = tokens[at(i)]!;
    if (i + 1 < n && tokens[at(i + 1)] === token) continue;
    ends.push(token);
    who.push(owners[at(i)]!);
  }
  return { zone, ends: Uint32Array.from(ends), owners: Uint32Array.from(who) };
}

export function ringTracks(ring: Ring): Track[] {
  const desc = holders(ring);
  const table = tokenTable(desc);
  // tokenTable orders IDs as Go's sort.Strings, as ring.instances are: owner indexes point into ring.instances.
  const tracks = [track(null, table.tokens, table.owners, null)];
  const zones = new Map<string, number[]>();
  table.holders.forEach((holder, position) => {
    const zone = desc.ingesters[table.ids[holder]!]!.zone;
    let positions = zones.get(zone);
    if (!positions) zones.set(zone, (positions = []));
    positions.push(position);
  });
  if (zones.size > 1) {
    for (const zone of [...zones.keys()].sort()) tracks.push(track(zone, table.tokens, table.owners, zones.get(zone)!));
  }
  return tracks;
}

/** Changes exactly when an instance's tokens, zone or the set of instances change. */
export function tokensVersion(ring: Ring): string {
  const hash = createHash("sha1");
  for (const instance of ring.instances) {
    hash.update(`${instance.id}\u0000${instance.zone}\u0000${instance.tokens?.length ?? -1}\u0000`);
    if (instance.tokens) hash.update(new Uint8Array(Uint32Array.from(instance.tokens).buffer));
  }
  return hash.digest("base64url").slice(0, 16);
}
