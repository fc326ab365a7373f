/**
 * The table's filter box: rows stay whose instance, zone, state, health or address contain every word typed
 * (any case). A labelled search field (src/view/markup.ts), so it is reached with Tab and read by screen
 * readers; Escape clears it; the count of rows shown is announced politely.
 */
import type { RowState } from "../view/columns.js";
import { thousands } from "../view/format.js";
import { within } from "./dom.js";

const searched = (row: RowState): string =>
  [row.instance.id, row.instance.zone, row.instance.state, row.healthy ? "healthy" : "unhealthy", row.instance.address].join(" ").toLowerCase();

export class InstanceFilter {
  private readonly input: HTMLInputElement;
  private readonly count: HTMLElement;
  private words: string[] = [];

  /** `element`: the section's `.filter`. */
  constructor(element: HTMLElement, onChange: () => void) {
    this.input = within(element, "input", HTMLInputElement);
    this.count = within(element, ".count");
    const read = (): void => {
      this.words = this.input.value.toLowerCase().split(/\s+/).filter(Boolean);
      onChange();
    };
    this.input.addEventListener("input", read);
    this.input.addEventListener("keydown", (e) => {
      if (e.key !== "Escape" || this.input.value === "") return;
      e.preventDefault();
      this.input.value = "";
      read();
    });
    // Typed before the script took over the server's page: apply it now.
    if (this.input.value) read();
  }

  get active(): boolean {
    return this.words.length > 0;
  }

  matches(row: RowState): boolean {
    if (this.words.length === 0) return true;
    const text = searched(row);
    return this.words.every((word) => text.includes(word));
  }

  /** "12 of 1,000 shown" while filtering; nothing otherwise. */
  showCount(shown: number, total: number): void {
    const text = this.active ? `${thousands(shown)} of ${thousands(total)} shown` : "";
    if (this.count.textContent !== text) this.count.textContent = text;
  }
}
