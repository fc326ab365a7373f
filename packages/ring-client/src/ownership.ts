/**
 * Token ownership as Cortex's /ring status page computes it (cortexproject/cortex pkg/ring/http.go ServeHTTP,
 * ring.go countTokens / countTokensByAz, model.go getTokensInfo, token_generator.go tokenDistance):
 * walk the sorted tokens of the ring (duplicates kept); the range (previous token, token] belongs to the
 * instance holding `token`, wrapping around 2^32; when several instances hold one token the instance whose ID
 * sorts last owns it. Percent = owned / 2^32 × 100. Zone-aware mode walks each zone's tokens separately but
 * still looks owners up ring-wide, as Cortex does.
 */
import type { InstanceDesc } from "./descriptor.js";

/** What ownership needs of a ring: each instance's tokens and zone (a `RingDesc` is one). */
export interface TokenHolders {
  ingesters: Record<string, Pick<InstanceDesc, "tokens" | "zone">>;
}

export const TOKEN_SPACE = 2 ** 32;

// Each token is packed with its holder's index (IDs in sort order) into one float64, so a single typed-array
// sort orders tokens and, within a token, holders by ID. 2^32 × 2^20 < 2^53 keeps it exact.
const HOLDER_BITS = 2 ** 20;

export interface TokenTable {
  /** Instance IDs in sort order; holder indexes point here. */
  ids: string[];
  /** Every token of every instance, ascending (duplicates kept). */
  tokens: Uint32Array;
  /** The instance holding tokens[i]. */
  holders: Uint32Array;
  /** The instance owning tokens[i]'s value: the last ID among its holders. */
  owners: Uint32Array;
}

export function tokenTable(desc: TokenHolders): TokenTable {
  const ids = sortIds(Object.keys(desc.ingesters));
  if (ids.length >= HOLDER_BITS) throw new RangeError(`ring has ${ids.length} instances; at most ${HOLDER_BITS - 1} supported`);
  let total = 0;
  for (const id of ids) total += desc.ingesters[id]!.tokens.length;
  const packed = new Float64Array(total);
  let n = 0;
  ids.forEach((id, holder) => {
    for (const token of desc.ingesters[id]!.tokens) packed[n++] = token * HOLDER_BITS + holder;
  });
  packed.sort();
  const tokens = new Uint32Array(total);
  const holders = new Uint32Array(total);
  for (let i = 0; i < total; i++) {
    const value = packed[i]!;
    const holder = value % HOLDER_BITS;
    holders[i] = holder;
    tokens[i] = (value - holder) / HOLDER_BITS;
  }
  const owners = new Uint32Array(total);
  for (let i = total - 1; i >= 0; i--) {
    owners[i] = i + 1 < total && tokens[i + 1] === tokens[i] ? owners[i + 1]! : holders[i]!;
  }
  return { ids, tokens, holders, owners };
}

/** Go's sort.Strings order: bytewise UTF-8, which differs from JavaScript's UTF-16 order past U+FFFF. */
export function sortIds(ids: string[]): string[] {
  return ids
    .map((id) => ({ id, bytes: Buffer.from(id) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map(({ id }) => id);
}

/** Size of the range ending at `to`, as Cortex's tokenDistance (equal tokens span the whole ring). */
function distance(from: number, to: number): number {
  return from < to ? to - from : TOKEN_SPACE - from + to;
}

/** Owned token-space per instance ID (integers, summed over its ranges). */
export function ownedRanges(desc: TokenHolders, options: { zoneAware?: boolean } = {}, table: TokenTable = tokenTable(desc)): Map<string, number> {
  const { ids, tokens, holders, owners } = table;
  const owned = new Float64Array(ids.length);
  if (!options.zoneAware) {
    walk(tokens, owners, owned);
  } else {
    const zoneOf = ids.map((id) => desc.ingesters[id]!.zone);
    const zones = new Map<string, number[]>();
    for (let i = 0; i < tokens.length; i++) {
      const zone = zoneOf[holders[i]!]!;
      let positions = zones.get(zone);
      if (!positions) zones.set(zone, (positions = []));
      positions.push(i);
    }
    for (const positions of zones.values()) {
      walk(Uint32Array.from(positions, (i) => tokens[i]!), Uint32Array.from(positions, (i) => owners[i]!), owned);
    }
  }
  return new Map(ids.map((id, i) => [id, owned[i]!]));
}

function walk(tokens: Uint32Array, owners: Uint32Array, owned: Float64Array): void {
  const n = tokens.length;
  for (let i = 1; i <= n; i++) {
    const at = i % n;
    const owner = owners[at]!;
    owned[owner] = owned[owner]! + distance(tokens[i - 1]!, tokens[at]!);
  }
}

/** Percent of the ring per instance ID, the number the status page prints. */
export function ownershipPercent(desc: TokenHolders, options: { zoneAware?: boolean } = {}, table?: TokenTable): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, owned] of ownedRanges(desc, options, table)) out.set(id, (owned / TOKEN_SPACE) * 100);
  return out;
}

/** Tokens claimed by more than one instance, ascending, with the claimants in ID order (the last one wins). */
export function tokenConflicts(table: TokenTable): { token: number; instances: string[] }[] {
  const { ids, tokens, holders } = table;
  const conflicts: { token: number; instances: string[] }[] = [];
  for (let i = 0; i < tokens.length; ) {
    let end = i + 1;
    while (end < tokens.length && tokens[end] === tokens[i]) end++;
    if (end - i > 1) {
      const claimants = [...new Set(Array.from(holders.subarray(i, end), (h) => ids[h]!))];
      if (claimants.length > 1) conflicts.push({ token: tokens[i]!, instances: claimants });
    }
    i = end;
  }
  return conflicts;
}

/**
 * How many instances the status page shares the ring among when it prints "Ownership Diff From Expected"
 * (http.go ServeHTTP, ring.go countTokens / countTokensByAz): every instance of the ring, or with zone
 * awareness the instances its zone's walk counted — the owners of that zone's tokens (looked up ring-wide) and
 * the zone's instances that own nothing.
 */
export function ownershipPeers(desc: TokenHolders, ownership: Map<string, number>, options: { zoneAware?: boolean } = {}, table: TokenTable = tokenTable(desc)): Map<string, number> {
  const { ids, holders, owners } = table;
  if (!options.zoneAware) return new Map(ids.map((id) => [id, ids.length]));
  const zoneOf = (index: number): string => desc.ingesters[ids[index]!]!.zone;
  const counted = new Map<string, Set<number>>();
  const count = (zone: string, index: number): void => {
    let set = counted.get(zone);
    if (!set) counted.set(zone, (set = new Set()));
    set.add(index);
  };
  for (let i = 0; i < holders.length; i++) count(zoneOf(holders[i]!), owners[i]!);
  ids.forEach((id, index) => {
    if (!ownership.get(id)) count(zoneOf(index), index);
  });
  return new Map(ids.map((id, index) => [id, counted.get(zoneOf(index))?.size ?? 0]));
}

/**
 * The status page's "Ownership Diff From Expected", in percent: (1 − expected / ownership) × 100 with
 * expected = 1 / peers × 100 (the same float operations, so the numbers are bit-identical). Cortex prints
 * -Inf% for an instance that owns nothing; that is null here (JSON has no infinity).
 */
export function ownershipDiffFromExpected(ownership: number, peers: number): number | null {
  const diff = (1 - ((1 / peers) * 100) / ownership) * 100;
  return Number.isFinite(diff) ? diff : null;
}
