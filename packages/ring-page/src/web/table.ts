/**
 * The instance table: Cortex's /ring columns plus health and heartbeat age, one row per instance kept by ID so
 * an update touches only the cells that changed (a heartbeat changes two cells, not a thousand rows). Rows are
 * the shared markup (src/view/markup.ts): the ones the server sent are adopted as they are, new ones are built
 * from the same strings. Sortable by any column from the keyboard; a narrow window shows each row as a card (CSS).
 */
import { COLUMNS, type Column, type RowState } from "../view/columns.js";
import { ROWS_PER_BATCH, rowHtml } from "../view/markup.js";
import { css, type Rgb } from "./colors.js";
import { fromHtml, within } from "./dom.js";
import { InstanceFilter } from "./filter.js";

const CLOCK_COLUMNS = COLUMNS.filter((c) => c.key === "age" || c.key === "health");

interface Row {
  tr: HTMLTableRowElement;
  cells: Map<string, HTMLElement>;
  swatch: HTMLElement;
  action: HTMLElement;
  /** What the row shows; null for a row adopted from the server's markup and not filled since. */
  state: RowState | null;
}

export interface TableEvents {
  forget(id: string, ageSeconds: number | null): void;
  highlight(id: string | null): void;
}

function adoptRow(tr: HTMLTableRowElement): Row {
  const cells = new Map([...tr.querySelectorAll<HTMLElement>("[data-col]")].map((cell): [string, HTMLElement] => [cell.dataset.col ?? "", cell]));
  return { tr, cells, swatch: within(tr, ".swatch"), action: within(tr, '[data-col="action"]'), state: null };
}

export class InstanceTable {
  readonly filter: InstanceFilter;
  private readonly tbody: HTMLTableSectionElement;
  private readonly rows = new Map<string, Row>();
  private readonly headers = new Map<string, HTMLElement>();
  private sort = { key: "id", ascending: true };
  private order: string[] = [];
  private base = new Map<string, number>();
  private building = false;
  private latest: { states: RowState[]; colors: Map<string, Rgb> } = { states: [], colors: new Map() };

  /** `element`: the section's `.table-wrap` (src/view/markup.ts), with the rows the server rendered, if any. */
  constructor(
    readonly element: HTMLElement,
    filter: HTMLElement,
    private readonly events: TableEvents,
  ) {
    this.filter = new InstanceFilter(filter, () => this.applyFilter());
    this.tbody = within(element, "tbody", HTMLTableSectionElement);
    for (const button of element.querySelectorAll<HTMLButtonElement>("thead button[data-sort]")) {
      const key = button.dataset.sort ?? "";
      const th = button.closest("th");
      if (th) this.headers.set(key, th);
      button.addEventListener("click", () => this.sortBy(key));
    }
    for (const tr of this.tbody.rows) this.rows.set(tr.dataset.id ?? "", adoptRow(tr));
    this.tbody.addEventListener("click", (e) => {
      const id = e.target instanceof Element && e.target.closest("button[data-forget]") ? rowId(e.target) : null;
      const row = id === null ? undefined : this.rows.get(id);
      if (row?.state) this.events.forget(row.state.instance.id, row.state.ageSeconds);
    });
    this.tbody.addEventListener("focusin", (e) => this.events.highlight(rowId(e.target)));
    this.tbody.addEventListener("focusout", () => this.events.highlight(null));
    this.tbody.addEventListener("pointerover", (e) => this.events.highlight(rowId(e.target)));
    this.tbody.addEventListener("pointerleave", () => this.events.highlight(null));
  }

  /**
   * Adds, updates and removes rows; cells are written only when their text changes. `clockOnly`: the ring did
   * not change, only time went by, so only the age and health cells (and Forget) can differ.
   */
  update(states: RowState[], colors: Map<string, Rgb>, clockOnly = false): void {
    if (clockOnly && states.length === this.rows.size) {
      for (const state of states) {
        const row = this.rows.get(state.instance.id);
        if (row) this.fill(row, state, undefined, CLOCK_COLUMNS);
      }
      if (this.sort.key === "age" || this.sort.key === "health") this.reorder();
      return;
    }
    this.base = new Map(states.map((state, i) => [state.instance.id, i]));
    // A thousand new rows at once would block the page for a few hundred ms: build them over several tasks.
    const missing = states.filter((state) => !this.rows.has(state.instance.id)).slice(0, ROWS_PER_BATCH);
    const built = fromHtml(missing.map(rowHtml).join("")).filter((e) => e instanceof HTMLTableRowElement);
    for (const tr of built) this.rows.set(tr.dataset.id ?? "", adoptRow(tr));
    let changedSet = built.length > 0;
    const seen = new Set<string>();
    for (const state of states) {
      seen.add(state.instance.id);
      const row = this.rows.get(state.instance.id);
      // Not built yet, or the same reading (a later chunk of the same update).
      if (!row || (row.state?.instance === state.instance && row.state.healthy === state.healthy && row.state.ageSeconds === state.ageSeconds)) continue;
      this.fill(row, state, colors.get(state.instance.id));
    }
    const complete = this.rows.size >= states.length;
    if (complete && this.element.dataset.complete !== "true") performance.mark("ring-page:table-complete");
    this.element.dataset.complete = String(complete);
    if (!complete && !this.building) {
      this.building = true;
      setTimeout(() => {
        this.building = false;
        this.update(this.latest.states, this.latest.colors);
      }, 0);
    }
    this.latest = { states, colors };
    for (const [id, row] of this.rows) {
      if (seen.has(id)) continue;
      row.tr.remove();
      this.rows.delete(id);
      changedSet = true;
    }
    if (changedSet || this.sort.key !== "id") this.reorder();
    if (this.filter.active) this.filter.showCount(states.filter((state) => this.filter.matches(state)).length, states.length);
  }

  /** Highlights a row from elsewhere (the ring or the bars). */
  mark(id: string | null): void {
    for (const [rowIdValue, row] of this.rows) row.tr.classList.toggle("marked", rowIdValue === id);
  }

  private applyFilter(): void {
    let shown = 0;
    for (const row of this.rows.values()) {
      row.tr.hidden = row.state !== null && !this.filter.matches(row.state);
      if (!row.tr.hidden) shown++;
    }
    this.filter.showCount(shown, this.latest.states.length);
  }

  private fill(row: Row, state: RowState, color: Rgb | undefined, columns: Column[] = COLUMNS): void {
    row.state = state;
    for (const column of columns) {
      const cell = row.cells.get(column.key);
      if (!cell) continue;
      const text = column.text(state);
      const value = String(column.value(state));
      // As the markup has it (src/view/markup.ts): a value only where the text differs from it.
      if (cell.textContent === text && (cell.dataset.value ?? text) === value) continue;
      if (value === text) delete cell.dataset.value;
      else cell.dataset.value = value;
      if (column.key === "id") cell.replaceChildren(row.swatch, text);
      else cell.textContent = text;
      if (column.key === "health") cell.className = state.healthy ? "good" : "bad";
    }
    if (color) row.swatch.style.setProperty("background-color", css(color));
    row.tr.classList.toggle("unhealthy", !state.healthy);
    row.tr.hidden = !this.filter.matches(state);
    const hasButton = row.action.firstElementChild !== null;
    if (!state.healthy && !hasButton) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "danger";
      button.dataset.forget = "";
      button.textContent = "Forget…";
      button.setAttribute("aria-label", `Forget ${state.instance.id}`);
      row.action.append(button);
    } else if (state.healthy && hasButton) {
      row.action.replaceChildren();
    }
  }

  private sortBy(key: string): void {
    this.sort = { key, ascending: this.sort.key === key ? !this.sort.ascending : true };
    for (const [k, th] of this.headers) th.setAttribute("aria-sort", k === this.sort.key ? (this.sort.ascending ? "ascending" : "descending") : "none");
    this.reorder();
  }

  private reorder(): void {
    const column = COLUMNS.find((c) => c.key === this.sort.key) ?? COLUMNS[0];
    const sign = this.sort.ascending ? 1 : -1;
    // Ties (and the ID column itself) fall back to the server's order: Go's bytewise ID order, as Cortex's page.
    const base = (state: RowState): number => this.base.get(state.instance.id) ?? 0;
    const rows = [...this.rows.values()].flatMap((row) => (row.state ? [{ tr: row.tr, state: row.state }] : []));
    rows.sort((a, b) => {
      if (!column || column.key === "id") return sign * (base(a.state) - base(b.state));
      const x = column.value(a.state);
      const y = column.value(b.state);
      return x < y ? -sign : x > y ? sign : base(a.state) - base(b.state);
    });
    const order = rows.map((r) => r.state.instance.id);
    if (order.join("\u0000") === this.order.join("\u0000") && this.tbody.childElementCount === rows.length) return;
    // Rows already in place stay put (moving every row would make the browser restyle the whole table).
    let kept = 0;
    for (const child of this.tbody.children) {
      if ((child as HTMLElement).dataset.id !== order[kept]) break;
      kept++;
    }
    if (kept < this.tbody.childElementCount) this.tbody.append(...rows.map((r) => r.tr));
    else this.tbody.append(...rows.slice(kept).map((r) => r.tr));
    this.order = order;
  }
}

function rowId(target: EventTarget | null): string | null {
  return target instanceof Element ? (target.closest("tr")?.dataset.id ?? null) : null;
}
