/**
 * The page. The server's HTML already shows every ring (src/view/markup.ts) and carries the same state as data;
 * loaded just after the first paint, this script takes the page over: it adopts the rings' sections, follows the
 * server's event stream from the moment the page was made, ticks heartbeat ages every second, and says plainly
 * when Consul (or the ring server itself) cannot be reached. No framework: the page is one table and two
 * canvases per ring, updated in place.
 */
import { SNAPSHOT_ID, type ConsulStatus, type Hello, type PageSettings, type RingView, type ServerEvents, type Snapshot } from "../protocol.js";
import { clock } from "../view/format.js";
import { navHtml, sectionId } from "../view/markup.js";
import { statusLine } from "../view/status.js";
import { byId } from "./dom.js";
import { confirmForget } from "./forget.js";
import { RingSection } from "./section.js";
import { Tooltip } from "./tooltip.js";

/** Base64 to bytes (a small ring's layout, inline in the page). */
function bytesOf(base64: string): ArrayBuffer {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes.buffer;
}

class Page {
  private readonly sections = new Map<string, RingSection>();
  private readonly pending = new Map<string, RingView | null>();
  private readonly tooltip = new Tooltip();
  private settings: PageSettings;
  private consul: ConsulStatus;
  /** The page came from the server: connected until the event stream says otherwise. */
  private connected = true;
  private frame = 0;
  /** Inline layouts (small rings), used once by the section that first shows each ring. */
  private readonly inlineLayouts: Map<string, { version: string; base64: string }>;

  constructor(snapshot: Snapshot) {
    this.settings = snapshot.settings;
    this.consul = snapshot.consul;
    this.inlineLayouts = new Map(Object.entries(snapshot.layouts));
  }

  start(snapshot: Snapshot): void {
    clock.sync(snapshot.now);
    this.hello(snapshot);
    performance.mark("ring-page:live");
    // From the snapshot's moment on: the server sends only what changed after it.
    const events = new EventSource(`/api/events?since=${encodeURIComponent(snapshot.revision)}`);
    const on = <K extends keyof ServerEvents>(name: K, handle: (data: ServerEvents[K]) => void): void =>
      events.addEventListener(name, (e) => {
        const data = JSON.parse((e as MessageEvent<string>).data) as ServerEvents[K];
        clock.sync(data.now);
        handle(data);
      });
    on("hello", (data) => this.hello(data));
    on("ring", ({ view }) => this.schedule(view.key, view));
    on("ring-removed", ({ key }) => this.schedule(key, null));
    on("consul", ({ consul }) => this.setConsul(consul));
    events.addEventListener("error", () => {
      this.connected = false;
      this.status();
    });
    setInterval(() => this.tick(), 1000);
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => this.redraw());
  }

  private hello(data: Hello): void {
    this.connected = true;
    this.settings = data.settings;
    this.consul = data.consul;
    // The rings that changed since the page's last moment; rings that vanished meanwhile go.
    const keys = new Set(data.keys);
    for (const key of this.sections.keys()) if (!keys.has(key)) this.pending.set(key, null);
    for (const view of data.rings) this.pending.set(view.key, view);
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
      // A ring the server rendered into the page is adopted; a new one is built from the same markup.
      else this.sections.set(key, new RingSection(view, this.context(), document.getElementById(sectionId(key))));
    }
    this.pending.clear();
    // Keep the sections in key order, as `ring status` prints them (after the "no rings" line).
    const ordered = [...this.sections.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, section]) => section.element);
    if (ordered.some((el, i) => main.children[i + 1] !== el)) main.append(...ordered);
    byId("no-rings").hidden = this.sections.size > 0;
    this.nav();
  }

  private context(): ConstructorParameters<typeof RingSection>[1] {
    return {
      settings: () => this.settings,
      consulUp: () => this.consul.state === "up",
      tooltip: this.tooltip,
      layout: (key, version) => {
        const inline = this.inlineLayouts.get(key);
        this.inlineLayouts.delete(key);
        return inline?.version === version ? bytesOf(inline.base64) : null;
      },
      forget: (key, id, ageSeconds) => void confirmForget(key, id, ageSeconds, (text) => this.announce(text)),
    };
  }

  private setConsul(consul: ConsulStatus): void {
    const wasUp = this.consul.state === "up";
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
    const html = navHtml([...this.sections.values()].map((section) => ({ key: section.key, unhealthy: section.unhealthy.size })));
    // Rewritten only when a link or a badge changed (not every second): focus on a link stays put.
    if (nav.dataset.html === html) return;
    nav.dataset.html = html;
    nav.innerHTML = html;
  }

  private status(): void {
    const line = byId("consul");
    const { text, tone, state } = statusLine(this.consul, this.settings, this.connected ? "connected" : "lost");
    line.textContent = text;
    line.dataset.state = state;
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

// Loaded by the page's inline loader just after the first paint (src/web/index.html).
const snapshot = JSON.parse(byId(SNAPSHOT_ID).textContent) as Snapshot;
new Page(snapshot).start(snapshot);
