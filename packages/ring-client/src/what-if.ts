/**
 * What-if: the ring as it would be without some instances or whole zones, before a rolling restart or a zone
 * drain. A stopped or crashed ingester stays in the ring with a heartbeat that goes stale (unless it
 * unregisters on shutdown), so "without" means down: the same replica sets, those instances filtered out as
 * unhealthy. `removeInstances` is the other meaning — gone from the ring, sets re-drawn — for forgets.
 */
import type { RingDesc } from "./descriptor.js";

/** One instance, or every instance of a zone. */
export type Without = { instance: string } | { zone: string };

/** `ingester-7` or `instance=ingester-7` → an instance; `zone=zone-a` → a zone. */
export function parseWithout(text: string): Without {
  const [, kind = "instance", value = text] = /^(instance|zone)=(.*)$/.exec(text) ?? [];
  if (kind === "zone") return { zone: value };
  if (value === "") throw new RangeError(`expected an instance ID or zone=<zone>, got "${text}"`);
  return { instance: value };
}

export function formatWithout(without: Without): string {
  return "zone" in without ? `zone=${without.zone}` : without.instance;
}

export interface ResolvedWithout {
  /** Matching instance IDs, sorted. */
  instances: string[];
  /** Selectors that match nothing in this ring (a typo should not read as "nothing breaks"). */
  unmatched: Without[];
}

export function resolveWithout(desc: RingDesc, without: readonly Without[]): ResolvedWithout {
  const instances = new Set<string>();
  const unmatched: Without[] = [];
  for (const selector of without) {
    const ids = "zone" in selector ? Object.entries(desc.ingesters).filter(([, i]) => i.zone === selector.zone).map(([id]) => id) : selector.instance in desc.ingesters ? [selector.instance] : [];
    if (ids.length === 0) unmatched.push(selector);
    for (const id of ids) instances.add(id);
  }
  return { instances: [...instances].sort(), unmatched };
}

/** The descriptor with those instances gone, as after a forget. */
export function removeInstances(desc: RingDesc, ids: Iterable<string>): RingDesc {
  const gone = new Set(ids);
  return { ingesters: Object.fromEntries(Object.entries(desc.ingesters).filter(([id]) => !gone.has(id))) };
}
