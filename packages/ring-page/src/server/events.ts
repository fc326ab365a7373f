/**
 * Server-sent events to every open page: a `hello` with the state on connect, then one event per change.
 * SSE rather than WebSocket: the updates flow one way, EventSource reconnects by itself (and the server's
 * `hello` then resynchronises the page), and it needs nothing beyond node:http. Ring events carry the hub's
 * revision as their SSE id: a page that already holds the rings (inline in its HTML: `?since=`, or after a
 * reconnect: the browser's Last-Event-ID) gets only what changed since, not every ring again.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PageSettings, ServerEvents } from "../protocol.js";
import type { HubEvent, RingHub } from "./hub.js";

/** Comment lines keep idle connections open through proxies and let the browser notice a dead server. */
const KEEPALIVE_MS = 15_000;

export class EventStreams {
  private readonly open = new Set<ServerResponse>();
  private readonly unsubscribe: () => void;
  private readonly keepalive: NodeJS.Timeout;

  constructor(
    private readonly hub: RingHub,
    private readonly settings: PageSettings,
  ) {
    this.unsubscribe = hub.subscribe((event) => this.broadcast(event));
    this.keepalive = setInterval(() => {
      for (const res of this.open) res.write(": keepalive\n\n");
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  get count(): number {
    return this.open.size;
  }

  serve(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, since: string | null): void {
    res.writeHead(200, { ...headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
    // Reconnect quickly after the server restarts; the hello that follows resynchronises everything.
    res.write("retry: 1000\n\n");
    const lastEventId = req.headers["last-event-id"];
    const snapshot = this.hub.snapshot(typeof lastEventId === "string" && lastEventId ? lastEventId : since);
    res.write(format("hello", { now: Date.now(), settings: this.settings, ...snapshot }, snapshot.revision));
    this.open.add(res);
    req.once("close", () => this.open.delete(res));
  }

  close(): void {
    clearInterval(this.keepalive);
    this.unsubscribe();
    for (const res of this.open) res.end();
    this.open.clear();
  }

  private broadcast(event: HubEvent): void {
    if (this.open.size === 0) return;
    const now = Date.now();
    // Serialised once for every open page.
    const text =
      event.type === "ring"
        ? format("ring", { now, view: event.view }, event.revision)
        : event.type === "ring-removed"
          ? format("ring-removed", { now, key: event.key }, event.revision)
          : format("consul", { now, consul: event.consul });
    for (const res of this.open) res.write(text);
  }
}

function format<K extends keyof ServerEvents>(event: K, data: ServerEvents[K], id?: string): string {
  return `${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
