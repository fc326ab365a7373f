/**
 * One ring on the page: its headline, the picture (the token ring and the ownership bars) and the table, kept
 * in step: pointing at an instance anywhere (a row, an arc, a bar) highlights it everywhere. The section is the
 * shared markup (src/view/markup.ts): the server's, adopted as it is, or built from the same string.
 */
import { tokensPath, type InstanceJson, type PageSettings, type RingView } from "../protocol.js";
import { decodeTokenLayout } from "../token-layout.js";
import { ringTracks } from "../tracks.js";
import type { RowState } from "../view/columns.js";
import { clock, percent } from "../view/format.js";
import { headline, rowStates, sectionHtml } from "../view/markup.js";
import { Bars } from "./bars.js";
import { Circle } from "./circle.js";
import { instanceColor, type Rgb } from "./colors.js";
import { fromHtml, within } from "./dom.js";
import { InstanceTable } from "./table.js";
import type { Tooltip } from "./tooltip.js";

export interface SectionContext {
  settings(): PageSettings;
  consulUp(): boolean;
  tooltip: Tooltip;
  /** The ring's token layout if the page already holds it (inline in the HTML), else null: fetch it. */
  layout(key: string, version: string): ArrayBuffer | null;
  forget(key: string, id: string, ageSeconds: number | null): void;
}

export class RingSection {
  readonly element: HTMLElement;
  private readonly headline: HTMLElement;
  private readonly problem: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly picture: HTMLElement;
  private readonly circle: Circle;
  private readonly bars: Bars;
  private readonly table: InstanceTable;
  private view: RingView;
  private colors: Rgb[] = [];
  private tracksVersion = "";
  private highlighted: string | null = null;
  /** The bars change with ownership, the instance set or health, not with every heartbeat. */
  private barsStale = true;
  private ownershipSignature = "";
  /** Unhealthy instance IDs as shown, for the navigation's badge. */
  unhealthy = new Set<string>();

  /** `rendered`: the section the server put in the page for this ring, if it did. */
  constructor(
    view: RingView,
    private readonly ctx: SectionContext,
    rendered: HTMLElement | null,
  ) {
    this.view = view;
    const key = view.key;
    const [built] = rendered ? [rendered] : fromHtml(sectionHtml(view, [], "", false));
    if (!built) throw new Error(`ring page: no markup for ring ${key}`);
    this.element = built;
    this.headline = within(built, ".headline");
    this.problem = within(built, ".problem");
    this.legend = within(built, ".legend");
    this.picture = within(built, ".picture");
    this.circle = new Circle(within(built, "canvas.circle", HTMLCanvasElement), (version) => {
      this.element.dataset.tracksVersion = version;
      performance.mark("ring-page:ring-drawn", { detail: key });
    });
    this.bars = new Bars(within(built, "canvas.bars", HTMLCanvasElement));
    this.table = new InstanceTable(within(built, ".table-wrap"), within(built, ".filter"), {
      forget: (id, ageSeconds) => ctx.forget(key, id, ageSeconds),
      highlight: (id) => this.setHighlight(id),
    });
    this.wirePointer();
    // The pictures size themselves to their boxes: redraw when a box's width changes (not its height). The CSS
    // gives the canvases their size, so they are drawn a task later: the table never waits for them.
    let width = -1;
    new ResizeObserver(([entry]) => {
      const now = Math.round(entry?.contentRect.width ?? 0);
      if (now === width) return;
      width = now;
      setTimeout(() => {
        this.circle.draw();
        this.bars.draw();
      }, 0);
    }).observe(this.picture);
    this.update(view);
  }

  get key(): string {
    return this.view.key;
  }

  /** The ring's instances in ID order; none while the ring could not be read. */
  private get instances(): InstanceJson[] {
    return this.view.ring?.instances ?? [];
  }

  update(view: RingView): void {
    this.view = view;
    this.colors = this.instances.map((_, i) => instanceColor(i));
    const signature = this.instances.map((i) => `${i.id}\u0000${i.ownership}`).join("\u0000");
    if (signature !== this.ownershipSignature) [this.ownershipSignature, this.barsStale] = [signature, true];
    this.problem.textContent = view.error ?? "";
    this.problem.hidden = !view.error;
    // A ring never read has nothing to draw: its section is the error until the first good read.
    this.picture.hidden = view.ring === null;
    if (view.ring && view.tokensVersion !== this.tracksVersion) void this.loadTracks(view.tokensVersion);
    else if (view.ring) this.circle.setColors(this.colors);
    this.tick();
  }

  /** Re-judges health and ages by the server's clock; cheap enough to run every second. */
  tick(now: number = clock.now(), clockOnly = false): void {
    const up = this.ctx.consulUp();
    const rows: RowState[] = rowStates(this.view.ring, now, this.ctx.settings(), up);
    const unhealthy = new Set(rows.filter((r) => !r.healthy).map((r) => r.instance.id));
    const colorById = new Map(this.instances.map((instance, i): [string, Rgb] => [instance.id, this.colors[i] ?? [128, 128, 128]]));
    this.table.update(rows, colorById, clockOnly);
    if (!sameSet(unhealthy, this.unhealthy) || this.barsStale) {
      this.bars.set(this.instances, this.colors, unhealthy);
      this.barsStale = false;
    }
    this.unhealthy = unhealthy;
    this.element.classList.toggle("stale", !up);
    this.headline.textContent = headline(this.view.ring, unhealthy.size);
    this.headline.classList.toggle("bad", !this.view.ring || unhealthy.size > 0);
  }

  redraw(): void {
    this.colors = this.instances.map((_, i) => instanceColor(i));
    this.circle.setColors(this.colors);
    this.barsStale = true;
    this.tick();
  }

  /** Draws the ring from its token layout: inline in the page for a small ring, else fetched. */
  private async loadTracks(version: string): Promise<void> {
    this.tracksVersion = version;
    this.barsStale = true;
    // The zones of the instances as they are at this version: the layout's holders index these instances.
    const zoneOf = this.instances.map((i) => i.zone);
    let bytes = this.ctx.layout(this.key, version);
    if (!bytes) {
      const res = await fetch(tokensPath(this.key));
      // A layout of another version (the ring moved on meanwhile) would not match these instances: the newer
      // view is on its way and loads its own.
      if (!res.ok || res.headers.get("etag") !== `"${version}"` || this.tracksVersion !== version) return;
      bytes = await res.arrayBuffer();
      if (this.tracksVersion !== version) return;
    }
    const tracks = ringTracks(decodeTokenLayout(bytes), zoneOf);
    this.circle.set(tracks, this.colors, version);
    const legend = this.legend;
    const zones = tracks.slice(1).map((t) => t.zone ?? "");
    legend.textContent = zones.length > 0 ? `Outer band: the whole ring. Inner bands, outside in: ${zones.map((z) => z || "(no zone)").join(", ")}.` : "The whole ring, clockwise from token 0.";
  }

  private setHighlight(id: string | null): void {
    if (id === this.highlighted) return;
    this.highlighted = id;
    const index = id === null ? -1 : this.instances.findIndex((i) => i.id === id);
    this.circle.setHighlight(index < 0 ? null : index);
    this.bars.setHighlight(index < 0 ? null : index);
    this.table.mark(id);
  }

  private wirePointer(): void {
    const instances = (): InstanceJson[] => this.instances;
    this.circle.canvas.addEventListener("pointermove", (e) => {
      const hit = this.circle.hitTest(e.offsetX, e.offsetY);
      const instance = hit ? instances()[hit.owner] : undefined;
      this.setHighlight(instance?.id ?? null);
      if (!hit || !instance) {
        this.ctx.tooltip.hide();
        return;
      }
      const share = (((hit.end - hit.start + 2 ** 32) % 2 ** 32 || 2 ** 32) / 2 ** 32) * 100;
      this.ctx.tooltip.show(e, `${instance.id}${hit.zone !== null ? ` · zone band ${hit.zone || "(none)"}` : ""}\nrange (${hit.start}, ${hit.end}] · ${percent(share)} of the ring\nowns ${percent(instance.ownership)} in all`);
    });
    this.bars.canvas.addEventListener("pointermove", (e) => {
      const index = this.bars.hitTest(e.offsetX);
      const instance = index === null ? undefined : instances()[index];
      this.setHighlight(instance?.id ?? null);
      if (!instance) {
        this.ctx.tooltip.hide();
        return;
      }
      this.ctx.tooltip.show(e, `${instance.id}: ${percent(instance.ownership)}`);
    });
    for (const canvas of [this.circle.canvas, this.bars.canvas]) {
      canvas.addEventListener("pointerleave", () => {
        this.setHighlight(null);
        this.ctx.tooltip.hide();
      });
    }
  }
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
