/** Vectors written by upstream Go code (tools/cortex/fixtures.sh): the KV value and what upstream made of it. */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures");

export interface UpstreamInstance {
  addr: string;
  timestamp: number;
  state: string;
  tokens: number[] | null;
  zone: string;
  registeredTimestamp: number;
  id?: string;
  readOnly?: boolean;
  readOnlyUpdatedTimestamp?: number;
  versions?: Record<string, string>;
}

export interface StatusPageRow {
  id: string;
  zone: string;
  state: string;
  address: string;
  tokens: string;
  ownership: string;
}

export interface Vector {
  name: string;
  description: string;
  value: Buffer;
  now?: number;
  heartbeatTimeoutSeconds?: number;
  instances: Record<string, UpstreamInstance>;
  statusPage?: StatusPageRow[];
  statusPageZoneAware?: StatusPageRow[];
}

export function vectors(writer: "cortex" | "dskit"): Vector[] {
  const dir = join(root, writer);
  const names = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
  if (names.length === 0) throw new Error(`no vectors in ${dir}: run tools/cortex/fixtures.sh`);
  return names.map((name) => ({
    ...(JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) as Omit<Vector, "value">),
    value: readFileSync(join(dir, `${name}.bin`)),
  }));
}

export function vector(writer: "cortex" | "dskit", name: string): Vector {
  const found = vectors(writer).find((v) => v.name === name);
  if (!found) throw new Error(`no ${writer} vector named ${name}`);
  return found;
}
