/**
 * One ring on the page: its headline, the picture (the token ring and the ownership bars) and the table, kept
 * in step: pointing at an instance anywhere (a row, an arc, a bar) highlights it everywhere.
 */
import type { PageSettings, RingView } from "../protocol.js";
import { decodeTracks } from "../tracks-codec.js";
import { Bars } from "./bars.js";
import { Circle } from "./circle.js";
import { instanceColor, type Rgb } from "./colors.js";
import { clock, heartbeatAge, isHealthy, percent, plural, time } from "./format.js";
import type { RowState } from "./columns.js";
import { InstanceTable } from "./table.js";
import type { Tooltip } from "./tooltip.js";

export interface SectionContext {
  settings(): PageSettings;
  consulUp(): boolean;
  tooltip: Tooltip;
  forget(key: string, id: string, ageSeconds: number | null): void;
}

export const sectionId = (key: string): string => `ring-${key.replace(/[^a-zA-Z0-9_-]/g, "-")}`;

export class RingSection {
  readonly element = document.createElement("section");
  private readonly headline = document.createElement("p");
  private readonly problem = document.createElement("p");
  private readonly legend = document.createElement("figcaption");
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

  constructor(
    view: RingView,
    private readonly ctx: SectionContext,
  ) {
    this.view = view;
    const key = view.ring.key;
    this.element.className = "ring";
    this.element.id = sectionId(key);
    this.element.setAttribute("aria-labelledby", `${this.element.id}-title`);
    const title = document.createElement("h2");
    title.id = `${this.element.id}-title`;
    title.textContent = key;
    this.headline.className = "headline";
    this.problem.className = "problem";
    this.problem.setAttribute("role", "alert");
    this.circle = new Circle(`The token ring of ${key}: each instance's token ranges in its colour, clockwise from token 0 at the top`);
    this.bars = new Bars(`Ownership per instance in ${key}, with each instance's expected share dashed`);
    this.table = new InstanceTable(`Instances of ${key}`, {
      forget: (id, ageSeconds) => ctx.forget(key, id, ageSeconds),
      highlight: (id) => this.setHighlight(id),
    });
    const figure = document.createElement("div");
    figure.className = "picture";
    const ringBox = document.createElement("figure");
    ringBox.append(this.circle.canvas);
    this.legend.className = "legend";
    ringBox.append(this.legend);
    const barBox = document.createElement("figure");
    barBox.className = "bar-box";
    barBox.append(this.bars.canvas);
    const barCaption = document.createElement("figcaption");
    barCaption.textContent = "Ownership per instance (table order); dashed: the expected share.";
    barBox.append(barCaption);
    figure.append(ringBox, barBox);
    this.element.append(title, this.headline, this.problem, figure, this.table.element);
    this.wirePointer();
    // The pictures size themselves to their boxes: redraw when a box's width changes (not its height).
    let width = -1;
    new ResizeObserver(([entry]) => {
      const now = Math.round(entry?.contentRect.width ?? 0);
      if (now === width) return;
      width = now;
      this.circle.draw();
      this.bars.draw();
    }).observe(figure);
    this.update(view);
  }

  get key(): string {
    return this.view.ring.key;
  }

  update(view: RingView): void {
    this.view = view;
    this.colors = view.ring.instances.map((_, i) => instanceColor(i));
    const signature = view.ring.instances.map((i) => `${i.id}\u0000${i.ownership}`).join("\u0000");
    if (signature !== this.ownershipSignature) [this.ownershipSignature, this.barsStale] = [signature, true];
    this.problem.textContent = view.error ?? "";
    this.problem.hidden = !view.error;
    if (view.tokensVersion !== this.tracksVersion) void this.loadTracks(view.tokensVersion);
    else this.circle.setColors(this.colors);
    this.tick();
  }

  /** Re-judges health and ages by the server's clock; cheap enough to run every second. */
  tick(now: number = clock.now(), clockOnly = false): void {
    const settings = this.ctx.settings();
    const up = this.ctx.consulUp();
    const rows: RowState[] = this.view.ring.instances.map((instance) => ({ instance, healthy: isHealthy(instance, now, settings, up), ageSeconds: heartbeatAge(instance, now) }));
    const unhealthy = new Set(rows.filter((r) => !r.healthy).map((r) => r.instance.id));
    const colorById = new Map(this.view.ring.instances.map((instance, i): [string, Rgb] => [instance.id, this.colors[i] ?? [128, 128, 128]]));
    this.table.update(rows, colorById, clockOnly);
    if (!sameSet(unhealthy, this.unhealthy) || this.barsStale) {
      this.bars.set(this.view.ring.instances, this.colors, unhealthy);
      this.barsStale = false;
    }
    this.unhealthy = unhealthy;
    const ring = this.view.ring;
    const states = Object.entries(ring.countsByState).filter(([, n]) => n > 0).map(([state, n]) => `${n.toLocaleString("en")} ${state}`);
    this.headline.textContent = [
      `${plural(ring.instances.length, "instance")}${states.length ? ` (${states.join(", ")})` : ""}`,
      plural(ring.totalTokens, "token"),
      unhealthy.size > 0 ? `${unhealthy.size} unhealthy` : "all healthy",
      `read ${time(ring.readAt)}`,
    ].join(" · ");
    this.headline.classList.toggle("bad", unhealthy.size > 0);
    this.element.classList.toggle("stale", !up);
  }

  redraw(): void {
    this.colors = this.view.ring.instances.map((_, i) => instanceColor(i));
    this.circle.setColors(this.colors);
    this.barsStale = true;
    this.tick();
  }

  private async loadTracks(version: string): Promise<void> {
    this.tracksVersion = version;
    this.barsStale = true;
    const res = await fetch(`/api/tokens?key=${encodeURIComponent(this.key)}`);
    if (!res.ok || this.tracksVersion !== version) return;
    const tracks = decodeTracks(await res.arrayBuffer());
    this.circle.set(tracks, this.colors);
    this.element.dataset.tracksVersion = version;
    performance.mark("ring-page:ring-drawn", { detail: this.key });
    const legend = this.legend;
    const zones = tracks.slice(1).map((t) => t.zone ?? "");
    legend.textContent = zones.length > 0 ? `Outer band: the whole ring. Inner bands, outside in: ${zones.map((z) => z || "(no zone)").join(", ")}.` : "The whole ring, clockwise from token 0.";
  }

  private setHighlight(id: string | null): void {
    if (id === this.highlighted) return;
    this.highlighted = id;
    const index = id === null ? -1 : this.view.ring.instances.findIndex((i) => i.id === id);
    this.circle.setHighlight(index < 0 ? null : index);
    this.bars.setHighlight(index < 0 ? null : index);
    this.table.mark(id);
  }

  private wirePointer(): void {
    const instances = (): RingView["ring"]["instances"] => this.view.ring.instances;
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
