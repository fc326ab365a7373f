/** How the page writes numbers, times and ages; and the clock it judges heartbeats by (the server's). */
import type { InstanceJson, PageSettings } from "../protocol.js";

/** The server's clock, estimated from the `now` in each event (the browser's clock may be off). */
export const clock = {
  offsetMs: 0,
  sync(serverNow: number): void {
    this.offsetMs = serverNow - Date.now();
  },
  now(): number {
    return Date.now() + this.offsetMs;
  },
};

export function percent(value: number): string {
  return `${value.toFixed(2)}%`;
}

/** "Ownership Diff From Expected": signed; an instance owning nothing is −∞ (Cortex prints -Inf%). */
export function signedPercent(value: number | null): string {
  if (value === null) return "−∞";
  return `${value > 0 ? "+" : value < 0 ? "−" : ""}${Math.abs(value).toFixed(2)}%`;
}

export function age(seconds: number | null): string {
  if (seconds === null) return "never";
  if (seconds < 90) return `${seconds}s ago`;
  if (seconds < 90 * 60) return `${Math.floor(seconds / 60)}m ${seconds % 60}s ago`;
  if (seconds < 48 * 3600) return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** Local date and time to the second, e.g. 2026-11-25 20:41:07. */
export function dateTime(iso: string | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time(iso)}`;
}

/** Local time of day, e.g. 20:41:07. */
export function time(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The time alone when it is today, else the date and time: short table cells. */
export function when(iso: string | null, now: number): string {
  if (!iso) return "never";
  return dateTime(iso).slice(0, 10) === dateTime(new Date(now).toISOString()).slice(0, 10) ? time(iso) : dateTime(iso);
}

/** Seconds since the last heartbeat by the server's clock now (ticks between updates). */
export function heartbeatAge(instance: InstanceJson, now: number): number | null {
  if (!instance.lastHeartbeat) return null;
  return Math.max(0, Math.floor((now - Date.parse(instance.lastHeartbeat)) / 1000));
}

/**
 * Health as the server's ring client judges it, carried forward between updates: a heartbeat older than the
 * timeout turns an instance unhealthy at once (a dead instance writes nothing that would bring an update).
 * While Consul is unreachable only the last reading counts: an outage is not every instance dying.
 */
export function isHealthy(instance: InstanceJson, now: number, settings: PageSettings, consulUp: boolean): boolean {
  if (!instance.healthy || !consulUp || settings.heartbeatTimeoutMs === 0 || !instance.lastHeartbeat) return instance.healthy;
  return now - Date.parse(instance.lastHeartbeat) <= settings.heartbeatTimeoutMs;
}

/**
 * 1,234,567. By hand rather than toLocaleString: the first Intl call loads ICU's locale data, ~20 ms before the
 * first paint on a loaded machine, for commas.
 */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function plural(n: number, word: string): string {
  return `${thousands(n)} ${word}${n === 1 ? "" : "s"}`;
}
