/**
 * The quorum report for one reading of a ring: its verdict at the time it was read, and, for a what-if, the
 * verdict as if some instances or zones were down.
 */
import type { RingSnapshot } from "./snapshot.js";
import { ringVerdict, type RingVerdict, type VerdictOptions } from "./verdict.js";
import { formatWithout, resolveWithout, type Without } from "./what-if.js";

export interface QuorumOptions extends Omit<VerdictOptions, "now" | "down"> {
  /** Also judge the ring as if these were down. */
  without?: readonly Without[];
}

export interface WhatIf {
  /** The selectors as typed (`ingester-7`, `zone=zone-a`). */
  without: string[];
  /** The instances they matched. */
  instances: string[];
  /** Selectors that matched nothing in this ring. */
  unmatched: string[];
  verdict: RingVerdict;
}

export interface QuorumReport {
  verdict: RingVerdict;
  whatIf: WhatIf | null;
}

export function judgeRing(snapshot: RingSnapshot, options: QuorumOptions = {}): QuorumReport {
  const { without = [], ...rest } = options;
  const base: VerdictOptions = { ...rest, now: snapshot.ring.readAt };
  const verdict = ringVerdict(snapshot.desc, base);
  if (without.length === 0) return { verdict, whatIf: null };
  const resolved = resolveWithout(snapshot.desc, without);
  return {
    verdict,
    whatIf: {
      without: without.map(formatWithout),
      instances: resolved.instances,
      unmatched: resolved.unmatched.map(formatWithout),
      verdict: ringVerdict(snapshot.desc, { ...base, down: resolved.instances }),
    },
  };
}
