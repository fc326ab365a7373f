/**
 * The instance table: Cortex's /ring columns plus health and heartbeat age, one row per instance kept by ID so
 * an update touches only the cells that changed (a heartbeat changes two cells, not a thousand rows). Sortable
 * by any column from the keyboard; a narrow window shows each row as a card (CSS).
 */
import { css, type Rgb } from "./colors.js";
import { COLUMNS, type Column, type RowState } from "./columns.js";

const ROWS_PER_TASK = 100;
const CLOCK_COLUMNS = COLUMNS.filter((c) => c.key === "age" || c.key === "health");

interface Row {
  tr: HTMLTableRowElement;
  cells: Map<string, HTMLTableCellElement>;
  swatch: HTMLElement;
  action: HTMLTableCellElement;
  state: RowState;
}

export interface TableEvents {
  forget(id: string, ageSeconds: number | null): void;
  highlight(id: string | null): void;
}

export class InstanceTable {
  readonly element = document.createElement("div");
  private readonly tbody = document.createElement("tbody");
  private readonly rows = new Map<string, Row>();
  private readonly headers = new Map<string, HTMLTableCellElement>();
  private sort = { key: "id", ascending: true };
  private order: string[] = [];
  private base = new Map<string, number>();
  private building = false;
  private latest: { states: RowState[]; colors: Map<string, Rgb> } = { states: [], colors: new Map() };

  constructor(
    caption: string,
    private readonly events: TableEvents,
  ) {
    this.element.className = "table-wrap";
    const table = document.createElement("table");
    table.className = "instances";
    table.createCaption().textContent = caption;
    const cols = document.createElement("colgroup");
    for (const key of [...COLUMNS.map((c) => c.key), "action"]) {
      const col = document.createElement("col");
      col.className = `col-${key}`;
      cols.append(col);
    }
    table.append(cols);
    const head = table.createTHead().insertRow();
    for (const column of COLUMNS) {
      const th = document.createElement("th");
      th.scope = "col";
      if (column.numeric) th.className = "num";
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = column.label;
      button.addEventListener("click", () => this.sortBy(column.key));
      th.append(button);
      head.append(th);
      this.headers.set(column.key, th);
    }
    const action = document.createElement("th");
    action.scope = "col";
    action.textContent = "Action";
    head.append(action);
    table.append(this.tbody);
    this.element.append(table);
    this.tbody.addEventListener("focusin", (e) => this.events.highlight(rowId(e.target)));
    this.tbody.addEventListener("focusout", () => this.events.highlight(null));
    this.tbody.addEventListener("pointerover", (e) => this.events.highlight(rowId(e.target)));
    this.tbody.addEventListener("pointerleave", () => this.events.highlight(null));
    this.updateSortMarks();
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
    const seen = new Set<string>();
    let changedSet = false;
    let created = 0;
    this.base = new Map(states.map((state, i) => [state.instance.id, i]));
    for (const state of states) {
      seen.add(state.instance.id);
      let row = this.rows.get(state.instance.id);
      if (!row) {
        // A thousand new rows at once would block the page for a few hundred ms: build them over several tasks.
        if (created === ROWS_PER_TASK) continue;
        row = this.createRow(state);
        this.rows.set(state.instance.id, row);
        created++;
        changedSet = true;
      } else if (row.state.instance === state.instance && row.state.healthy === state.healthy && row.state.ageSeconds === state.ageSeconds) {
        continue; // the same reading (a later chunk of the same update)
      }
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
  }

  /** Highlights a row from elsewhere (the ring or the bars). */
  mark(id: string | null): void {
    for (const [rowIdValue, row] of this.rows) row.tr.classList.toggle("marked", rowIdValue === id);
  }

  private createRow(state: RowState): Row {
    const tr = document.createElement("tr");
    tr.dataset.id = state.instance.id;
    const cells = new Map<string, HTMLTableCellElement>();
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.setAttribute("aria-hidden", "true");
    for (const column of COLUMNS) {
      // The instance's cell heads its row, for screen readers.
      const cell = document.createElement(column.key === "id" ? "th" : "td");
      if (column.key === "id") cell.setAttribute("scope", "row");
      cell.dataset.col = column.key;
      cell.dataset.label = column.label;
      if (column.numeric) cell.classList.add("num");
      tr.append(cell);
      cells.set(column.key, cell);
    }
    const action = document.createElement("td");
    action.dataset.col = "action";
    tr.append(action);
    return { tr, cells, swatch, action, state };
  }

  private fill(row: Row, state: RowState, color: Rgb | undefined, columns: Column[] = COLUMNS): void {
    row.state = state;
    for (const column of columns) {
      const cell = row.cells.get(column.key);
      if (!cell) continue;
      const text = column.text(state);
      const value = String(column.value(state));
      if (cell.dataset.value === value && cell.dataset.text === text) continue;
      cell.dataset.value = value;
      cell.dataset.text = text;
      if (column.key === "id") cell.replaceChildren(row.swatch, text);
      else cell.textContent = text;
      if (column.key === "health") cell.className = state.healthy ? "good" : "bad";
    }
    if (color) row.swatch.style.setProperty("background-color", css(color));
    row.tr.classList.toggle("unhealthy", !state.healthy);
    const hasButton = row.action.firstElementChild !== null;
    if (!state.healthy && !hasButton) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "danger";
      button.textContent = "Forget…";
      button.setAttribute("aria-label", `Forget ${state.instance.id}`);
      button.addEventListener("click", () => this.events.forget(row.state.instance.id, row.state.ageSeconds));
      row.action.append(button);
    } else if (state.healthy && hasButton) {
      row.action.replaceChildren();
    }
  }

  private sortBy(key: string): void {
    this.sort = { key, ascending: this.sort.key === key ? !this.sort.ascending : true };
    this.updateSortMarks();
    this.reorder();
  }

  private updateSortMarks(): void {
    for (const [key, th] of this.headers) th.setAttribute("aria-sort", key === this.sort.key ? (this.sort.ascending ? "ascending" : "descending") : "none");
  }

  private reorder(): void {
    const column = COLUMNS.find((c) => c.key === this.sort.key) ?? COLUMNS[0];
    const sign = this.sort.ascending ? 1 : -1;
    // Ties (and the ID column itself) fall back to the server's order: Go's bytewise ID order, as Cortex's page.
    const base = (row: Row): number => this.base.get(row.state.instance.id) ?? 0;
    const rows = [...this.rows.values()].sort((a, b) => {
      if (!column || column.key === "id") return sign * (base(a) - base(b));
      const x = column.value(a.state);
      const y = column.value(b.state);
      return x < y ? -sign : x > y ? sign : base(a) - base(b);
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
