import type { QuorumOptions, Without } from "@cortex-ring/ring-client";
import { InvalidArgumentError, Option, type Command } from "commander";
import { UsageError } from "./errors.js";

/**
 * How the distributor replicates to the ingester ring, as Cortex's flags say it: the quorum verdict (ring
 * status, ring metrics) and the policy forget's safety check judge the ring with these.
 */
export function withQuorumOptions(command: Command): Command {
  return command
    .addOption(new Option("--replication-factor <n>", "as Cortex's -distributor.replication-factor").argParser(positiveInteger).default(3))
    .option("--zone-awareness", "as Cortex's -distributor.zone-awareness-enabled (also makes ownership per zone)")
    .addOption(new Option("--excluded-zones <zones>", "as Cortex's -distributor.excluded-zones (comma-separated)").argParser(zoneList))
    .option("--ingester-ring <key>", "the ring the distributor replicates writes through: the one judged for quorum", "collectors/ring");
}

export interface QuorumFlags {
  heartbeatTimeout: number;
  replicationFactor: number;
  zoneAwareness?: boolean;
  excludedZones?: string[];
  ingesterRing: string;
}

/** The verdict's settings; `--without` selectors are parsed by ring-client's parseWithout (loaded lazily). */
export function quorumOptions(flags: QuorumFlags & { without?: string[] }, parseWithout: (text: string) => Without): QuorumOptions {
  const without = (flags.without ?? []).map((text) => {
    try {
      return parseWithout(text);
    } catch (error) {
      throw new UsageError(`--without ${text}: ${(error as Error).message}`);
    }
  });
  return {
    replicationFactor: flags.replicationFactor,
    zoneAwareness: Boolean(flags.zoneAwareness),
    heartbeatTimeoutMs: flags.heartbeatTimeout,
    excludedZones: flags.excludedZones ?? [],
    without,
  };
}

/** `--without ingester-7`, `--without zone=zone-a` (repeatable). */
export function withoutOption(): Option {
  return new Option("--without <instance|zone=name>", "also judge the ingester ring as if this instance, or every instance of this zone, were down (repeatable)").argParser(
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  );
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("expected a whole number > 0");
  return n;
}

function zoneList(value: string): string[] {
  return value.split(",").map((zone) => zone.trim()).filter(Boolean);
}
