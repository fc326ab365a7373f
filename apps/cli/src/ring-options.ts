import type { Consistency } from "@cortex-ring/ring-client";
import { InvalidArgumentError, Option, type Command } from "commander";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go-style duration as Cortex's flags take it ("1m", "30s", "1m30s", "500ms"; "0" = never), in ms. */
export function parseDuration(value: string): number {
  if (value === "0") return 0;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== value) {
    throw new InvalidArgumentError('expected a duration such as "1m", "30s" or "1m30s" ("0" = never)');
  }
  return parts.reduce((sum, part) => sum + Number(part[1]) * (UNIT_MS[part[2] ?? ""] ?? 0), 0);
}

/** Milliseconds as a Go-style duration, to the second: 3723000 → "1h2m3s", 600000 → "10m". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds === 0) return ms === 0 ? "0s" : `${ms}ms`;
  const parts: [number, string][] = [[Math.floor(seconds / 3600), "h"], [Math.floor((seconds % 3600) / 60), "m"], [seconds % 60, "s"]];
  return parts.filter(([n]) => n > 0).map(([n, unit]) => `${n}${unit}`).join("");
}

/**
 * `--heartbeat-timeout`: when an instance counts as unhealthy. It must match the cluster's
 * `-ring.heartbeat-timeout` for the CLI to judge health as Cortex's own /ring page does.
 */
export function withHeartbeatTimeout(command: Command): Command {
  return command.addOption(
    new Option("--heartbeat-timeout <duration>", "unhealthy after this long without a heartbeat, as Cortex's -ring.heartbeat-timeout (0 = never)")
      .argParser(parseDuration)
      .default(60_000, "1m"),
  );
}

export interface HeartbeatFlags {
  heartbeatTimeout: number;
}

/**
 * `--consistency`: how a read is served. `stale` lets any server answer from its own copy (it answers while the
 * servers elect a leader, or from a partitioned one); `consistent` makes the leader confirm its leadership first.
 */
export function withConsistency(command: Command): Command {
  return command.addOption(
    new Option("--consistency <mode>", "default (the leader answers), stale (any server, even without a leader) or consistent (the leader confirms with a quorum first)")
      .choices(["default", "stale", "consistent"])
      .default("default"),
  );
}

export interface ConsistencyFlags {
  consistency: Consistency;
}
