import type { ConsulMember, Instance, InstanceState, Ring, RingDiff } from "@cortex-ring/ring-client";
import type { Colors } from "../context.js";
import { renderTable } from "./table.js";
import { plural } from "./units.js";

export interface RenderOptions {
  colors: Colors;
  /** Boxed tables (a terminal) or aligned columns (a pipe). */
  boxed: boolean;
  now?: Date;
}

function paintState(state: InstanceState, c: Colors): string {
  switch (state) {
    case "ACTIVE":
      return c.green(state);
    case "JOINING":
    case "PENDING":
      return c.cyan(state);
    case "LEAVING":
      return c.yellow(state);
    case "LEFT":
      return c.dim(state);
    case "READONLY":
      return c.blue(state);
    default:
      return state;
  }
}

function age(instance: Instance): string {
  if (instance.heartbeatAgeSeconds === null) return "never";
  return `${Math.round(instance.heartbeatAgeSeconds)}s ago`;
}

/** The /ring page's "Ownership Diff From Expected": signed, and -Inf% (as Cortex prints it) for an instance owning nothing. */
function diffFromExpected(instance: Instance): string {
  const diff = instance.ownershipDiffFromExpected;
  if (diff === null) return "-Inf%";
  return `${diff > 0 ? "+" : ""}${diff.toFixed(2)}%`;
}

function ringHeadline(ring: Ring, c: Colors): string {
  const states = Object.entries(ring.countsByState)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state}`)
    .join(", ");
  const parts = [`${plural(ring.instances.length, "instance")}${states ? ` (${states})` : ""}`, plural(ring.totalTokens, "token")];
  if (ring.unhealthy.length > 0) parts.push(c.red(c.bold(`${ring.unhealthy.length} unhealthy`)));
  return `${c.bold(ring.key)}: ${parts.join(", ")}`;
}

export function formatRing(ring: Ring, options: RenderOptions): string {
  const c = options.colors;
  const lines = [ringHeadline(ring, c)];
  if (ring.instances.length > 0) {
    const rows = ring.instances.map((instance) => {
      const mark = (text: string): string => (instance.healthy ? text : c.red(c.bold(text)));
      return [
        mark(instance.id),
        paintState(instance.state, c) + (instance.readOnly && instance.state !== "READONLY" ? c.blue(" (read-only)") : ""),
        instance.address,
        instance.zone || "-",
        instance.tokenCount,
        `${instance.ownership.toFixed(2)}%`,
        diffFromExpected(instance),
        instance.healthy ? age(instance) : mark(`unhealthy, ${age(instance)}`),
      ];
    });
    lines.push(renderTable(["instance", "state", "address", "zone", "tokens", "ownership", "vs expected", "heartbeat"], rows, { boxed: options.boxed, color: c.isColorSupported }));
  }
  for (const conflict of ring.tokenConflicts) {
    lines.push(c.yellow(`token ${conflict.token} claimed by ${conflict.instances.join(", ")}`));
  }
  return `${lines.join("\n")}\n`;
}

export function formatRings(rings: Ring[], options: RenderOptions): string {
  if (rings.length === 0) return "no rings found: no Cortex component has registered one in this Consul yet\n";
  return rings.map((ring) => formatRing(ring, options)).join("\n");
}

export function formatMembers(members: ConsulMember[], options: RenderOptions): string {
  const c = options.colors;
  const paint = (status: string): string => (status === "alive" ? c.green(status) : status === "failed" ? c.red(c.bold(status)) : c.yellow(status));
  const rows = members.map((member) => [member.name, member.address, member.port, paint(member.status), member.role, member.datacenter ?? "-"]);
  return `${renderTable(["member", "address", "port", "status", "role", "datacenter"], rows, { boxed: options.boxed, color: c.isColorSupported })}\n`;
}

/** One line per change in a watched ring, prefixed with the time. */
export function formatDiff(key: string, diff: RingDiff, at: Date, c: Colors): string[] {
  const stamp = c.dim(at.toISOString().slice(11, 19));
  const lines: string[] = [];
  for (const id of diff.joined) lines.push(`${stamp} ${key} ${c.green("joined")} ${id}`);
  for (const id of diff.left) lines.push(`${stamp} ${key} ${c.yellow("left")} ${id}`);
  for (const change of diff.stateChanged) lines.push(`${stamp} ${key} ${change.id} ${change.from} → ${paintState(change.to, c)}`);
  for (const id of diff.becameUnhealthy) lines.push(`${stamp} ${key} ${c.red(c.bold(`${id} became unhealthy`))}`);
  for (const id of diff.becameHealthy) lines.push(`${stamp} ${key} ${c.green(`${id} healthy again`)}`);
  return lines;
}
