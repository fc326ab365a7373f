/**
 * One colour per instance, spread around the colour wheel by the golden angle in the ring's ID order (so
 * neighbours in the table and on the ring never look alike), and written as exact RGB so the table's swatch,
 * the ring and the bars show the very same colour. The page's own colours (text, lines, the empty track) come
 * from the CSS, which follows prefers-color-scheme.
 */

export type Rgb = readonly [number, number, number];

function hslToRgb(h: number, s: number, l: number): Rgb {
  const k = (n: number): number => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))));
  return [f(0), f(8), f(4)];
}

export function darkScheme(): boolean {
  return window.matchMedia("(prefers-color-scheme: dark)").matches;
}

/** The colour of the instance at `index` (ID order); lightness alternates too, for rings of hundreds. */
export function instanceColor(index: number, dark: boolean = darkScheme()): Rgb {
  const hue = (25 + index * 137.508) % 360;
  const light = (dark ? 0.64 : 0.47) + ((index % 3) - 1) * 0.07;
  return hslToRgb(hue, 0.7, light);
}
export function css([r, g, b]: Rgb, alpha = 1): string {
  return alpha === 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** A colour of the page's stylesheet (a custom property on :root), for drawing on canvas. */
export function themeColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}
