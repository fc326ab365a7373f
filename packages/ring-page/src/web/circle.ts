/**
 * The token ring drawn on a canvas: the whole ring as the outer band and, when the ring spans several zones,
 * one inner band per zone (each zone's own tokens), every range in its owner's colour. Canvas rather than SVG:
 * a 512,000-range ring as SVG paths is half a million DOM nodes; here it is at most a few thousand arcs,
 * grouped into one path per colour.
 */
import type { Track } from "../tracks.js";
import { angleOf, arcs, rangeAt, tokenAt, type Arcs } from "./arcs.js";
import { css, themeColor, type Rgb } from "./colors.js";
import { thousands } from "../view/format.js";

export interface Band {
  zone: string | null;
  /** Radii in CSS pixels from the centre. */
  inner: number;
  outer: number;
}

export interface CircleHit {
  owner: number;
  zone: string | null;
  /** The range's bounds, (start, end]. */
  start: number;
  end: number;
}

const MAX_SIZE = 360;

export class Circle {
  private tracks: Track[] = [];
  private colors: Rgb[] = [];
  private highlight: number | null = null;
  private bands: Band[] = [];
  private size = 0;
  /** The layout version of the tracks set, and of the tracks last painted. */
  private version = "";
  private paintedVersion = "";

  /** `canvas`: the section's `canvas.circle`; `painted`: called once per layout version, when it is first drawn. */
  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly painted: (version: string) => void,
  ) {}

  set(tracks: Track[], colors: Rgb[], version: string): void {
    this.tracks = tracks;
    this.colors = colors;
    this.version = version;
    this.draw();
  }

  setColors(colors: Rgb[]): void {
    this.colors = colors;
    this.draw();
  }

  setHighlight(owner: number | null): void {
    if (owner === this.highlight) return;
    this.highlight = owner;
    this.draw();
  }

  /** The range under a point of the canvas (CSS pixels from its top-left corner), if any. */
  hitTest(x: number, y: number): CircleHit | null {
    const c = this.size / 2;
    const r = Math.hypot(x - c, y - c);
    const index = this.bands.findIndex((band) => r >= band.inner && r <= band.outer);
    const track = this.tracks[index];
    if (!track || track.ends.length === 0) return null;
    const j = rangeAt(track, tokenAt(Math.atan2(y - c, x - c)));
    const n = track.ends.length;
    const start = j === 0 ? track.ends[n - 1]! : track.ends[j - 1]!;
    return { owner: track.owners[j]!, zone: track.zone, start, end: track.ends[j]! };
  }

  draw(): void {
    // Not on the page yet: the section's resize observer draws it once it is laid out.
    if (!this.canvas.isConnected) return;
    const started = performance.now();
    this.paint();
    performance.measure("ring-page:circle-draw", { start: started, detail: this.tracks[0]?.ends.length ?? 0 });
    if (this.version !== this.paintedVersion) {
      this.paintedVersion = this.version;
      this.painted(this.version);
    }
  }

  private paint(): void {
    const width = this.canvas.parentElement?.clientWidth ?? MAX_SIZE;
    this.size = Math.max(200, Math.min(MAX_SIZE, width));
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.size * dpr);
    this.canvas.height = Math.round(this.size * dpr);
    this.canvas.style.width = `${this.size}px`;
    this.canvas.style.height = `${this.size}px`;
    const ctx = this.canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.size, this.size);
    this.bands = layout(this.size / 2, this.tracks);
    this.canvas.dataset.bands = JSON.stringify(this.bands);
    const c = this.size / 2;
    this.tracks.forEach((track, i) => {
      const band = this.bands[i]!;
      ctx.fillStyle = themeColor("--track");
      ring(ctx, c, band.inner, band.outer, 0, 2 * Math.PI);
      ctx.fill();
      this.drawArcs(ctx, c, band, arcs(track, 2 * Math.PI * band.outer * dpr));
    });
    ctx.fillStyle = themeColor("--muted");
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText("0", c, 6);
    const tokens = this.tracks[0]?.ends.length ?? 0;
    ctx.font = "13px system-ui, sans-serif";
    ctx.fillText(tokens === 0 ? "no tokens" : `${thousands(tokens)} ranges`, c, c);
  }

  private drawArcs(ctx: CanvasRenderingContext2D, c: number, band: Band, drawn: Arcs): void {
    // One path per owner: a thousand fills at most, however many ranges.
    const byOwner = new Map<number, number[]>();
    for (let k = 0; k < drawn.owners.length; k++) {
      const owner = drawn.owners[k]!;
      let list = byOwner.get(owner);
      if (!list) byOwner.set(owner, (list = []));
      list.push(k);
    }
    for (const [owner, list] of byOwner) {
      const dim = this.highlight !== null && this.highlight !== owner;
      ctx.fillStyle = css(this.colors[owner] ?? [128, 128, 128], dim ? 0.18 : 1);
      ctx.beginPath();
      for (const k of list) {
        const a0 = angleOf(drawn.starts[k]!);
        const a1 = angleOf(drawn.ends[k]!);
        ctx.moveTo(c + band.outer * Math.cos(a0), c + band.outer * Math.sin(a0));
        ctx.arc(c, c, band.outer, a0, a1);
        ctx.arc(c, c, band.inner, a1, a0, true);
        ctx.closePath();
      }
      ctx.fill();
    }
  }
}

function ring(ctx: CanvasRenderingContext2D, c: number, inner: number, outer: number, a0: number, a1: number): void {
  ctx.beginPath();
  ctx.arc(c, c, outer, a0, a1);
  ctx.arc(c, c, inner, a1, a0, true);
  ctx.closePath();
}

/** The outer band for the whole ring; zone bands share the space inside it. */
export function layout(radius: number, tracks: Track[]): Band[] {
  const outer = radius - 14;
  const bands: Band[] = [{ zone: null, outer, inner: outer - radius * 0.2 }];
  const zones = tracks.slice(1);
  if (zones.length === 0) return bands;
  const top = outer - radius * 0.26;
  const bottom = radius * 0.3;
  const each = (top - bottom) / zones.length;
  zones.forEach((track, i) => bands.push({ zone: track.zone, outer: top - i * each, inner: top - (i + 1) * each + Math.min(4, each * 0.25) }));
  return bands;
}
