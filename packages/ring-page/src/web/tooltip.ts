import { byId } from "./dom.js";

/** One tooltip for the whole page, following the pointer over the pictures (the table holds the same facts). */
export class Tooltip {
  private readonly element = byId("tooltip");

  show(event: PointerEvent, text: string): void {
    this.element.textContent = text;
    this.element.hidden = false;
    const { innerWidth } = window;
    const x = Math.min(event.clientX + 14, innerWidth - this.element.offsetWidth - 8);
    this.element.style.setProperty("left", `${Math.max(8, x)}px`);
    this.element.style.setProperty("top", `${event.clientY + 14}px`);
  }

  hide(): void {
    this.element.hidden = true;
  }
}
