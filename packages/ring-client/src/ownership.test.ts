import { describe, expect, it } from "vitest";
import { vector, vectors } from "../test/support/fixtures.js";
import { decodeRingDesc, type RingDesc } from "./descriptor.js";
import { ownedRanges, ownershipDiffFromExpected, ownershipPeers, ownershipPercent, sortIds, TOKEN_SPACE, tokenConflicts, tokenTable } from "./ownership.js";

describe("ownership matches what Cortex's /ring page printed for the same ring", () => {
  for (const v of vectors("cortex")) {
    for (const zoneAware of [false, true]) {
      it(`${v.name}, zone awareness ${zoneAware ? "on" : "off"}`, () => {
        const ownership = ownershipPercent(decodeRingDesc(v.value), { zoneAware });
        const page = zoneAware ? v.statusPageZoneAware! : v.statusPage!;
        expect(page.length).toBe(Object.keys(v.instances).length);
        // Same float, bit for bit: the page prints Go's shortest round-trip form.
        expect(Object.fromEntries(ownership)).toEqual(Object.fromEntries(page.map((row) => [row.id, Number(row.ownership)])));
      });
    }
  }
});

function ring(instances: Record<string, { tokens: number[]; zone?: string }>): RingDesc {
  return {
    ingesters: Object.fromEntries(
      Object.entries(instances).map(([id, i]) => [
        id,
        { addr: "", timestamp: 0, state: 0, tokens: i.tokens, zone: i.zone ?? "", registeredTimestamp: 0, id: "", readOnlyUpdatedTimestamp: 0, readOnly: false, versions: {} },
      ]),
    ),
  };
}

describe("ownership arithmetic", () => {
  it("owner of a range is the holder of its upper token; the range below the first token wraps from the top", () => {
    const owned = ownedRanges(ring({ a: { tokens: [100] }, b: { tokens: [300] } }));
    expect(owned.get("b")).toBe(200);
    expect(owned.get("a")).toBe(TOKEN_SPACE - 200);
  });

  it("a lone token owns the whole ring; no tokens own nothing", () => {
    expect(Object.fromEntries(ownershipPercent(ring({ a: { tokens: [5] }, b: { tokens: [] } })))).toEqual({ a: 100, b: 0 });
  });

  it("sums to 100% without conflicts", () => {
    const v = vector("cortex", "three-ingesters");
    const total = [...ownershipPercent(decodeRingDesc(v.value)).values()].reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(100, 9);
  });

  it("zone-aware: each zone's instances split 100% between them", () => {
    const desc = decodeRingDesc(vector("cortex", "zones").value);
    const ownership = ownershipPercent(desc, { zoneAware: true });
    for (const zone of ["zone-a", "zone-b", "zone-c"]) {
      const sum = Object.entries(desc.ingesters).filter(([, i]) => i.zone === zone).reduce((s, [id]) => s + ownership.get(id)!, 0);
      expect(sum).toBeCloseTo(100, 9);
    }
  });

  it("a token claimed twice: the later ID wins it and, as on Cortex's page, is credited a full extra turn", () => {
    const owned = ownedRanges(ring({ a: { tokens: [10, 50] }, b: { tokens: [50, 90] } }));
    // Sorted: 10(a) 50(a) 50(b) 90(b). 50's owner is b; the 50→50 step spans 2^32 (tokenDistance(t, t)).
    expect(owned.get("a")).toBe(TOKEN_SPACE - 90 + 10);
    expect(owned.get("b")).toBe(40 + TOKEN_SPACE + 40);
  });

  it("lists conflicting tokens with their claimants", () => {
    const table = tokenTable(ring({ b: { tokens: [7, 9] }, a: { tokens: [9, 11] }, c: { tokens: [9, 11] } }));
    expect(tokenConflicts(table)).toEqual([
      { token: 9, instances: ["a", "b", "c"] },
      { token: 11, instances: ["a", "c"] },
    ]);
  });

  it("reports the conflicts in Cortex's conflict vector", () => {
    const v = vector("cortex", "token-conflict");
    const conflicts = tokenConflicts(tokenTable(decodeRingDesc(v.value)));
    const shared = v.instances["ingester-a"]!.tokens!.filter((t) => v.instances["ingester-b"]!.tokens!.includes(t));
    expect(conflicts).toEqual(shared.sort((x, y) => x - y).map((token) => ({ token, instances: ["ingester-a", "ingester-b"] })));
  });

  it("orders IDs as Go's sort.Strings does (bytewise UTF-8), which decides conflict winners", () => {
    expect(sortIds(["b", "\u{1F600}", "\uFF5E", "a"])).toEqual(["a", "b", "\uFF5E", "\u{1F600}"]);
  });
});

describe("ownership diff from expected, as the /ring page's column", () => {
  // Cortex's formula on Cortex's printed ownership: expected = 1 / n × 100, diff = (1 − expected / ownership) × 100.
  const cortexDiff = (ownership: string, n: number): number | null => (Number(ownership) === 0 ? null : (1 - ((1 / n) * 100) / Number(ownership)) * 100);

  it("shares the ring among every instance, tokenless ones included (states-and-health: a PENDING one owns nothing)", () => {
    const v = vector("cortex", "states-and-health");
    const desc = decodeRingDesc(v.value);
    const ownership = ownershipPercent(desc);
    const peers = ownershipPeers(desc, ownership);
    expect(new Set(peers.values())).toEqual(new Set([7]));
    const diffs = Object.fromEntries([...ownership].map(([id, o]) => [id, ownershipDiffFromExpected(o, peers.get(id)!)]));
    expect(diffs).toEqual(Object.fromEntries(v.statusPage!.map((row) => [row.id, cortexDiff(row.ownership, 7)])));
    expect(diffs["ingester-PENDING"]).toBeNull();
  });

  it("zone-aware: shares each zone among that zone's instances", () => {
    const v = vector("cortex", "zones");
    const desc = decodeRingDesc(v.value);
    const ownership = ownershipPercent(desc, { zoneAware: true });
    const peers = ownershipPeers(desc, ownership, { zoneAware: true });
    expect(new Set(peers.values())).toEqual(new Set([2]));
    for (const row of v.statusPageZoneAware!) expect(ownershipDiffFromExpected(ownership.get(row.id)!, 2)).toBe(cortexDiff(row.ownership, 2));
  });

  it("an even split is 0 %; twice the share is +50 %; half the share is −100 %", () => {
    expect(ownershipDiffFromExpected(25, 4)).toBe(0);
    expect(ownershipDiffFromExpected(50, 4)).toBe(50);
    expect(ownershipDiffFromExpected(12.5, 4)).toBe(-100);
  });

  it("zone-aware counts the zone walk's owners, looked up ring-wide, plus the zone's instances owning nothing", () => {
    // b (zone-b) wins token 100 from a (zone-a): zone-a's walk counts b, and a owns nothing, so zone-a has 2.
    // d is alone in zone-d with no tokens (Cortex's page panics on such a zone; here it is its own peer).
    const desc = ring({ a: { tokens: [100], zone: "zone-a" }, b: { tokens: [100], zone: "zone-b" }, c: { tokens: [5], zone: "zone-a" }, d: { tokens: [], zone: "zone-d" } });
    const ownership = ownershipPercent(desc, { zoneAware: true });
    expect(Object.fromEntries(ownershipPeers(desc, ownership, { zoneAware: true }))).toEqual({ a: 3, b: 1, c: 3, d: 1 });
    expect(ownershipDiffFromExpected(ownership.get("a")!, 3)).toBeNull();
    expect(ownershipDiffFromExpected(ownership.get("d")!, 1)).toBeNull();
  });
});
