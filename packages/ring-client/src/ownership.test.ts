import { describe, expect, it } from "vitest";
import { vector, vectors } from "../test/support/fixtures.js";
import { decodeRingDesc, type RingDesc } from "./descriptor.js";
import { ownedRanges, ownershipPercent, sortIds, TOKEN_SPACE, tokenConflicts, tokenTable } from "./ownership.js";

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
