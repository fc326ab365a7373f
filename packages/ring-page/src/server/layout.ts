/**
 * A ring's token layout for the picture (src/token-layout.ts), from ring-client's own token table: the same
 * order, the same holders, so the picture and the table's numbers can never disagree about who owns what.
 */
import { createHash } from "node:crypto";
import type { Ring } from "@cortex-ring/ring-client";
import { tokenTable } from "@cortex-ring/ring-client/parts";
import { encodeTokenLayout } from "../token-layout.js";

/** The ring's instances, tokens and zones as ownership reads them; throws when the ring was read without tokens. */
function holders(ring: Ring): { ingesters: Record<string, { tokens: number[]; zone: string }> } {
  const ingesters: Record<string, { tokens: number[]; zone: string }> = {};
  for (const instance of ring.instances) {
    if (!instance.tokens) throw new Error(`ring ${ring.key} was read without tokens: create its RingClient with includeTokens: true`);
    ingesters[instance.id] = { tokens: instance.tokens, zone: instance.zone };
  }
  return { ingesters };
}

/** The encoded layout. tokenTable orders IDs as Go's sort.Strings, as ring.instances are: holders index them. */
export function ringLayout(ring: Ring): Uint8Array {
  const table = tokenTable(holders(ring));
  return encodeTokenLayout({ tokens: table.tokens, holders: table.holders, instances: table.ids.length });
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
