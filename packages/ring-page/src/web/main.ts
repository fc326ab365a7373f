/**
 * The page: follows the server's event stream, keeps one section per ring, ticks heartbeat ages every second,
 * and says plainly when Consul (or the ring server itself) cannot be reached. No framework: the page is one
 * table and two canvases per ring, updated in place.
 */
import type { ConsulStatus, PageSettings, RingView, ServerEvents } from "../protocol.js";
import { clock, time } from "./format.js";
import { byId } from "./dom.js";
import { confirmForget } from "./forget.js";
import { RingSection, sectionId } from "./section.js";
import { Tooltip } from "./tooltip.js";


class Page {
  private readonly sections = new Map<string, RingSection>();
  private readonly pending = new Map<string, RingView | null>();
  private readonly tooltip = new Tooltip();
  private settings: PageSettings = { heartbeatTimeoutMs: 60_000, zoneAwareness: false };
  private consul: ConsulStatus | null = null;
  private connected = false;
  private frame = 0;
  private rendered = false;

  start(): void {
    const events = new EventSource("/api/events");
    const on = <K extends keyof ServerEvents>(name: K, handle: (data: ServerEvents[K]) => void): void =>
      events.addEventListener(name, (e) => {
        const data = JSON.parse((e as MessageEvent<string>).data) as ServerEvents[K];
        clock.sync(data.now);
        handle(data);
      });
    on("hello", (data) => this.hello(data));
    on("ring", ({ view }) => this.schedule(view.ring.key, view));
    on("ring-removed", ({ key }) => this.schedule(key, null));
    on("consul", ({ consul }) => this.setConsul(consul));
    events.addEventListener("error", () => {
      this.connected = false;
      this.status();
    });
    setInterval(() => this.tick(), 1000);
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => this.redraw());
  }

  private hello(data: ServerEvents["hello"]): void {
    this.connected = true;
    this.settings = data.settings;
    this.consul = data.consul;
    // A reconnect resynchronises everything: rings that vanished meanwhile go.
    const keys = new Set(data.rings.map((v) => v.ring.key));
    for (const key of this.sections.keys()) if (!keys.has(key)) this.pending.set(key, null);
    for (const view of data.rings) this.pending.set(view.ring.key, view);
    this.flush();
    this.status();
  }

  private schedule(key: string, view: RingView | null): void {
    this.pending.set(key, view);
    this.frame ||= requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const main = byId("rings");
    for (const [key, view] of this.pending) {
      const section = this.sections.get(key);
      if (!view) {
        section?.element.remove();
        this.sections.delete(key);
      } else if (section) section.update(view);
      else this.sections.set(key, new RingSection(view, this.context()));
    }
    this.pending.clear();
    // Keep the sections in key order, as `ring status` prints them.
    const ordered = [...this.sections.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, section]) => section.element);
    if (ordered.some((el, i) => main.children[i + 1] !== el)) main.append(...ordered);
    byId("no-rings").hidden = this.sections.size > 0 || !this.connected;
    this.nav();
    if (!this.rendered) {
      this.rendered = true;
      performance.mark("ring-page:first-render");
    }
  }

  private context(): ConstructorParameters<typeof RingSection>[1] {
    return {
      settings: () => this.settings,
      consulUp: () => this.consul?.state === "up",
      tooltip: this.tooltip,
      forget: (key, id, ageSeconds) => void confirmForget(key, id, ageSeconds, (text) => this.announce(text)),
    };
  }

  private setConsul(consul: ConsulStatus): void {
    const wasUp = this.consul?.state === "up";
    this.consul = consul;
    this.status();
    if (wasUp !== (consul.state === "up")) this.tick();
  }

  private tick(): void {
    const now = clock.now();
    for (const section of this.sections.values()) section.tick(now, true);
    this.nav();
  }

  private redraw(): void {
    for (const section of this.sections.values()) section.redraw();
  }

  private nav(): void {
    const nav = byId("ring-nav");
    const links = [...this.sections.values()].map((section) => {
      const a = document.createElement("a");
      a.href = `#${sectionId(section.key)}`;
      a.textContent = section.key;
      if (section.unhealthy.size > 0) {
        const badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = `${section.unhealthy.size} unhealthy`;
        a.append(" ", badge);
      }
      return a;
    });
    const text = links.map((a) => a.textContent).join("|");
    if (nav.dataset.text !== text) {
      nav.dataset.text = text;
      nav.replaceChildren(...links);
    }
  }

  private status(): void {
    const line = byId("consul");
    const consul = this.consul;
    let text: string;
    let tone = "";
    if (!this.connected) {
      text = this.rendered ? "Lost the connection to the ring server (cortex-ring ring serve); reconnecting…" : "Connecting to the ring server…";
      tone = this.rendered ? "bad" : "";
    } else if (!consul || consul.state === "starting") {
      text = `Connecting to Consul at ${consul?.address ?? "…"}…`;
    } else if (consul.state === "up") {
      const timeout = this.settings.heartbeatTimeoutMs === 0 ? "never" : `${this.settings.heartbeatTimeoutMs / 1000}s`;
      text = `Consul ${consul.address} · leader ${consul.leader ?? "?"} · unhealthy after ${timeout} without a heartbeat · ownership ${this.settings.zoneAwareness ? "per zone" : "ring-wide"}`;
      if (consul.discoveryError) [text, tone] = [`${text} · cannot list rings: ${consul.discoveryError}`, "warn"];
    } else {
      const what = consul.state === "down" ? "Consul is unreachable" : "Consul has no leader";
      text = `${what} since ${time(consul.since)}: ${consul.error ?? ""}. Showing the rings as last read; this page recovers by itself.`;
      tone = consul.state === "down" ? "bad" : "warn";
    }
    line.textContent = text;
    line.dataset.state = this.connected ? (consul?.state ?? "starting") : "disconnected";
    line.className = `consul ${tone}`;
  }

  private announce(text: string): void {
    const toast = byId("toast");
    toast.textContent = text;
    window.setTimeout(() => {
      if (toast.textContent === text) toast.textContent = "";
    }, 8000);
  }
}

new Page().start();
