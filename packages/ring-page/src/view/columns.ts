/** The table's columns: Cortex's /ring columns plus health and heartbeat age, each with its text and sort value. */
import type { InstanceJson } from "../protocol.js";
import { age, clock, percent, signedPercent, thousands, when } from "./format.js";

export interface RowState {
  instance: InstanceJson;
  healthy: boolean;
  ageSeconds: number | null;
}

export interface Column {
  key: string;
  label: string;
  /** Text shown, and the value sorted by (and kept in data-value for scripts and tests). */
  text(row: RowState): string;
  value(row: RowState): string | number;
  numeric?: boolean;
}

export const COLUMNS: Column[] = [
  { key: "id", label: "Instance", text: (r) => r.instance.id, value: (r) => r.instance.id },
  { key: "zone", label: "Zone", text: (r) => r.instance.zone || "—", value: (r) => r.instance.zone },
  { key: "state", label: "State", text: (r) => r.instance.state + (r.instance.readOnly && r.instance.state !== "READONLY" ? " (read-only)" : ""), value: (r) => r.instance.state },
  { key: "health", label: "Health", text: (r) => (r.healthy ? "healthy" : "unhealthy"), value: (r) => (r.healthy ? 1 : 0) },
  { key: "address", label: "Address", text: (r) => r.instance.address || "—", value: (r) => r.instance.address },
  { key: "registered", label: "Registered", text: (r) => when(r.instance.registeredAt, clock.now()), value: (r) => r.instance.registeredAt ?? "" },
  { key: "heartbeat", label: "Last heartbeat", text: (r) => when(r.instance.lastHeartbeat, clock.now()), value: (r) => r.instance.lastHeartbeat ?? "" },
  { key: "age", label: "Age", text: (r) => age(r.ageSeconds), value: (r) => r.ageSeconds ?? Number.MAX_SAFE_INTEGER, numeric: true },
  { key: "tokens", label: "Tokens", text: (r) => thousands(r.instance.tokenCount), value: (r) => r.instance.tokenCount, numeric: true },
  { key: "ownership", label: "Ownership", text: (r) => percent(r.instance.ownership), value: (r) => r.instance.ownership, numeric: true },
  { key: "diff", label: "vs expected", text: (r) => signedPercent(r.instance.ownershipDiffFromExpected), value: (r) => r.instance.ownershipDiffFromExpected ?? -Infinity, numeric: true },
];
