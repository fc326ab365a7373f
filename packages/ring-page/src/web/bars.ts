/**
 * Ownership per instance as bars, in the table's order, with each instance's expected share marked: an
 * imbalance shows as bars above or below the marks. Canvas, so a thousand instances cost one draw.
 */
import type { InstanceJson } from "../protocol.js";
import { css, themeColor, type Rgb } from "./colors.js";

const HEIGHT = 150;
const AXIS = 34;

/** Each instance's expected share, recovered from the diff (expected = ownership × (1 − diff/100)). */
export function expectedShare(instance: InstanceJson): number | null {
  const diff = instance.ownershipDiffFromExpected;
  return diff === null ? null : instance.ownership * (1 - diff / 100);
}

export class Bars {
  private instances: InstanceJson[] = [];
  private colors: Rgb[] = [];
  private unhealthy = new Set<string>();
  private highlight: number | null = null;
  private width = 0;

  /** `canvas`: the section's `canvas.bars`. */
  constructor(readonly canvas: HTMLCanvasElement) {}

  set(instances: InstanceJson[], colors: Rgb[], unhealthy: Set<string>): void {
    this.instances = instances;
    this.colors = colors;
    this.unhealthy = unhealthy;
    this.draw();
  }

  setHighlight(index: number | null): void {
    if (index === this.highlight) return;
    this.highlight = index;
    this.draw();
  }

  /** The instance under an x position (CSS pixels), if any. */
  hitTest(x: number): number | null {
    const n = this.instances.length;
    if (n === 0 || x < AXIS) return null;
    const index = Math.floor(((x - AXIS) / (this.width - AXIS)) * n);
    return index >= 0 && index < n ? index : null;
  }

  draw(): void {
    // Not on the page yet: the section's resize observer draws it once it is laid out.
    if (!this.canvas.isConnected) return;
    this.width = Math.max(200, this.canvas.parentElement?.clientWidth ?? 400);
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.width * dpr);
    this.canvas.height = Math.round(HEIGHT * dpr);
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${HEIGHT}px`;
    const ctx = this.canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, HEIGHT);
    const n = this.instances.length;
    if (n === 0) return;
    const expected = this.instances.map(expectedShare);
    const top = Math.max(...this.instances.map((i) => i.ownership), ...expected.map((e) => e ?? 0)) * 1.1 || 1;
    const plot = HEIGHT - 16;
    const y = (value: number): number => plot - (value / top) * (plot - 4);
    const slot = (this.width - AXIS) / n;
    const gap = slot > 6 ? Math.min(4, slot * 0.2) : 0;

    ctx.strokeStyle = themeColor("--rule");
    ctx.fillStyle = themeColor("--muted");
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const tick of [0, top / 2 / 1.1, top / 1.1]) {
      ctx.fillText(`${tick.toFixed(tick < 10 ? 1 : 0)}%`, AXIS - 4, y(tick));
      ctx.beginPath();
      ctx.moveTo(AXIS, Math.round(y(tick)) + 0.5);
      ctx.lineTo(this.width, Math.round(y(tick)) + 0.5);
      ctx.stroke();
    }
    this.instances.forEach((instance, i) => {
      const dim = this.highlight !== null && this.highlight !== i;
      const x = AXIS + i * slot + gap / 2;
      const w = Math.max(1, slot - gap);
      ctx.fillStyle = css(this.colors[i] ?? [128, 128, 128], dim ? 0.25 : 1);
      ctx.fillRect(x, y(instance.ownership), w, plot - y(instance.ownership));
      if (this.unhealthy.has(instance.id)) {
        ctx.fillStyle = themeColor("--bad");
        ctx.fillRect(x, plot + 3, w, 4);
      }
    });
    // Expected share: one line when every instance expects the same, else a mark per bar (zone-aware rings).
    ctx.strokeStyle = themeColor("--text");
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    const shares = new Set(expected.filter((e) => e !== null).map((e) => e.toPrecision(6)));
    if (shares.size === 1) {
      const line = Math.round(y(Number([...shares][0]))) + 0.5;
      ctx.moveTo(AXIS, line);
      ctx.lineTo(this.width, line);
    } else {
      expected.forEach((e, i) => {
        if (e === null) return;
        ctx.moveTo(AXIS + i * slot, Math.round(y(e)) + 0.5);
        ctx.lineTo(AXIS + (i + 1) * slot, Math.round(y(e)) + 0.5);
      });
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }
}
