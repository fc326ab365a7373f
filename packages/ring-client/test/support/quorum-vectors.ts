/** Vectors written by Cortex's own ring (tools/cortex ringtool quorum-fixtures): every range's Ring.Get answer. */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const dir = resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/quorum");

/** What ring.Ring.Get answered for the keys of one range (instance indexes point into QuorumVector.ids). */
export interface UpstreamRange {
  /** The token the range ends at (exclusive). */
  end: number;
  /** The replica set the walk produced, before filtering. */
  replicas: number[];
  /** defaultReplicationStrategy.Filter's survivors; empty on error. */
  healthy: number[];
  maxErrors: number;
  /** "at least N live replicas required, could only find M …" when quorum is lost. */
  error?: string;
}

export interface QuorumVector {
  name: string;
  description: string;
  value: Buffer;
  /** Unix seconds: when heartbeats were judged. */
  now: number;
  replicationFactor: number;
  zoneAwareness: boolean;
  heartbeatTimeoutSeconds: number;
  excludedZones: string[] | null;
  ids: string[];
  operations: { write: UpstreamRange[]; read: UpstreamRange[] };
  emptyRingError?: string;
}

export function quorumVectors(): QuorumVector[] {
  const names = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
  if (names.length === 0) throw new Error(`no vectors in ${dir}: run tools/cortex/fixtures.sh`);
  return names.map((name) => ({
    ...(JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) as Omit<QuorumVector, "value">),
    value: readFileSync(join(dir, `${name}.bin`)),
  }));
}
