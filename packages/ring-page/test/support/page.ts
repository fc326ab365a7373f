/** Reading the ring page in the browser the way a person (or a script) reads it: rows, cells, the picture. */
import type { Page } from "playwright-core";

export interface TableRow {
  id: string;
  unhealthy: boolean;
  hasForget: boolean;
  /** False when the filter hides it. */
  shown: boolean;
  /** Cell text and raw value by column key (zone, state, health, address, tokens, ownership, diff, …). */
  text: Record<string, string>;
  value: Record<string, string>;
}

export const section = (key: string): string => `#ring-${key.replace(/[^a-zA-Z0-9_-]/g, "-")}`;

export function tableRows(page: Page, key: string): Promise<TableRow[]> {
  return page.$$eval(`${section(key)} tbody tr`, (rows) =>
    rows.map((tr) => {
      const text: Record<string, string> = {};
      const value: Record<string, string> = {};
      for (const cell of tr.querySelectorAll<HTMLElement>("[data-col]")) {
        text[cell.dataset.col!] = cell.textContent;
        // The exact value where the text rounds or words it (src/view/markup.ts), else the text itself.
        value[cell.dataset.col!] = cell.dataset.value ?? cell.textContent;
      }
      return { id: (tr as HTMLElement).dataset.id!, unhealthy: tr.classList.contains("unhealthy"), hasForget: tr.querySelector("button") !== null, shown: !(tr as HTMLElement).hidden, text, value };
    }),
  );
}

/** Waits until `predicate` holds for the ring's rows (polling in the page, up to `timeoutMs`). */
export async function waitForRows(page: Page, key: string, predicate: (rows: TableRow[]) => boolean, timeoutMs = 30_000): Promise<TableRow[]> {
  const deadline = Date.now() + timeoutMs;
  let rows: TableRow[] = [];
  while (Date.now() < deadline) {
    rows = await tableRows(page, key);
    if (predicate(rows)) return rows;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for the rows of ${key}; last seen:\n${JSON.stringify(rows.map((r) => [r.id, r.text.health, r.text.state]))}`);
}

/** The colour painted at an angle and radius of the ring's picture (CSS pixels from the centre). */
export function pixelAt(page: Page, key: string, angle: number, radius: number): Promise<[number, number, number, number]> {
  return page.$eval(
    `${section(key)} canvas.circle`,
    (canvas, [a, r]) => {
      const c = canvas as HTMLCanvasElement;
      const dpr = c.width / c.clientWidth;
      const centre = c.clientWidth / 2;
      const x = Math.round((centre + r! * Math.cos(a!)) * dpr);
      const y = Math.round((centre + r! * Math.sin(a!)) * dpr);
      return [...c.getContext("2d")!.getImageData(x, y, 1, 1).data] as [number, number, number, number];
    },
    [angle, radius],
  );
}

/** The bands the picture drew: the whole ring first, then one per zone (radii in CSS pixels). */
export function bands(page: Page, key: string): Promise<{ zone: string | null; inner: number; outer: number }[]> {
  return page.$eval(`${section(key)} canvas.circle`, (canvas) => JSON.parse((canvas as HTMLElement).dataset.bands ?? "[]") as { zone: string | null; inner: number; outer: number }[]);
}

/** The swatch colour of an instance's row, as [r, g, b]. */
export async function swatch(page: Page, key: string, id: string): Promise<[number, number, number]> {
  const color = await page.$eval(`${section(key)} tr[data-id="${id}"] .swatch`, (el) => getComputedStyle(el).backgroundColor);
  const [r, g, b] = (color.match(/\d+/g) ?? []).map(Number);
  return [r!, g!, b!];
}
