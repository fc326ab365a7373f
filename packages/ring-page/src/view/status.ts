/** The status line at the top: the ring server's connection, Consul's state, and how health is judged. */
import type { ConsulStatus, PageSettings } from "../protocol.js";
import { time } from "./format.js";

export interface StatusLine {
  text: string;
  /** "bad", "warn" or "" (the line's colour). */
  tone: string;
  /** Consul's state, or "disconnected" when the page lost the ring server (tests and scripts read it). */
  state: string;
}

/** `connection`: whether the page hears from the ring server; the server's own first render is "connected". */
export function statusLine(consul: ConsulStatus | null, settings: PageSettings, connection: "connected" | "lost"): StatusLine {
  if (connection === "lost") return { text: "Lost the connection to the ring server (cortex-ring ring serve); reconnecting…", tone: "bad", state: "disconnected" };
  if (!consul || consul.state === "starting") return { text: `Connecting to Consul at ${consul?.address ?? "…"}…`, tone: "", state: "starting" };
  if (consul.state === "up") {
    const timeout = settings.heartbeatTimeoutMs === 0 ? "never" : `${settings.heartbeatTimeoutMs / 1000}s`;
    const text = `Consul ${consul.address} · leader ${consul.leader ?? "?"} · unhealthy after ${timeout} without a heartbeat · ownership ${settings.zoneAwareness ? "per zone" : "ring-wide"}`;
    return consul.discoveryError ? { text: `${text} · cannot list rings: ${consul.discoveryError}`, tone: "warn", state: "up" } : { text, tone: "", state: "up" };
  }
  const what = consul.state === "down" ? "Consul is unreachable" : "Consul has no leader";
  return {
    text: `${what} since ${time(consul.since)}: ${consul.error ?? ""}. Showing the rings as last read; this page recovers by itself.`,
    tone: consul.state === "down" ? "bad" : "warn",
    state: consul.state,
  };
}
