import { parseJsonLine } from "./run.js";

/** The parts of Terraform's machine-readable UI (`-json`) that the CLI renders; unknown keys are ignored. */
export type UiEvent =
  | { type: "apply_start"; address: string; action: string }
  | { type: "apply_progress"; address: string; action: string; elapsedSeconds: number }
  | { type: "apply_complete"; address: string; action: string; elapsedSeconds: number; id?: string }
  | { type: "apply_errored"; address: string; action: string; elapsedSeconds: number }
  | { type: "diagnostic"; severity: "error" | "warning"; summary: string; detail: string; address?: string; location?: string }
  | { type: "change_summary"; add: number; change: number; remove: number; operation: string }
  | { type: "outputs"; outputs: Record<string, { value?: unknown; sensitive?: boolean }> }
  | { type: "log"; message: string };

interface RawHook {
  resource?: { addr?: string };
  action?: string;
  elapsed_seconds?: number;
  id_key?: string;
  id_value?: string;
}

interface RawDiagnostic {
  severity?: string;
  summary?: string;
  detail?: string;
  address?: string;
  range?: { filename?: string; start?: { line?: number } };
}

export function parseEvent(line: string): UiEvent | undefined {
  const raw = parseJsonLine(line);
  if (!raw || typeof raw.type !== "string") return undefined;
  const hook = (raw.hook ?? {}) as RawHook;
  const address = hook.resource?.addr ?? "";
  const action = hook.action ?? "";
  const elapsedSeconds = hook.elapsed_seconds ?? 0;
  switch (raw.type) {
    case "apply_start":
      return { type: "apply_start", address, action };
    case "apply_progress":
      return { type: "apply_progress", address, action, elapsedSeconds };
    case "apply_complete":
      return {
        type: "apply_complete",
        address,
        action,
        elapsedSeconds,
        ...(hook.id_key && hook.id_value ? { id: `${hook.id_key}=${hook.id_value}` } : {}),
      };
    case "apply_errored":
      return { type: "apply_errored", address, action, elapsedSeconds };
    case "diagnostic": {
      const d = (raw.diagnostic ?? {}) as RawDiagnostic;
      const file = d.range?.filename;
      return {
        type: "diagnostic",
        severity: d.severity === "warning" ? "warning" : "error",
        summary: d.summary ?? "",
        detail: d.detail ?? "",
        ...(d.address ? { address: d.address } : {}),
        ...(file ? { location: d.range?.start?.line ? `${file}:${d.range.start.line}` : file } : {}),
      };
    }
    case "change_summary": {
      const c = (raw.changes ?? {}) as { add?: number; change?: number; remove?: number; operation?: string };
      return { type: "change_summary", add: c.add ?? 0, change: c.change ?? 0, remove: c.remove ?? 0, operation: c.operation ?? "" };
    }
    case "outputs":
      return { type: "outputs", outputs: (raw.outputs ?? {}) as Record<string, { value?: unknown; sensitive?: boolean }> };
    case "log":
      return { type: "log", message: typeof raw["@message"] === "string" ? raw["@message"] : "" };
    default:
      return undefined;
  }
}

/** Tracks which planned changes finished, so an interrupted apply can say how far it got. */
export class ApplyTally {
  private readonly completions = new Map<string, number>();
  private readonly expected: Map<string, number>;

  constructor(planned: { address: string; action: string }[]) {
    // A replace finishes after two operations (delete and create).
    this.expected = new Map(planned.map((change) => [change.address, change.action === "replace" ? 2 : 1]));
  }

  record(event: UiEvent): void {
    if (event.type !== "apply_complete" || event.action === "read") return;
    this.completions.set(event.address, (this.completions.get(event.address) ?? 0) + 1);
  }

  get planned(): number {
    return this.expected.size;
  }

  get applied(): number {
    let done = 0;
    for (const [address, needed] of this.expected) if ((this.completions.get(address) ?? 0) >= needed) done++;
    return done;
  }
}

/** Resource operations running right now, from apply_start to apply_complete/apply_errored. */
export class InFlight {
  private readonly running = new Map<string, string>();

  /** Returns true when the set changed. */
  record(event: UiEvent): boolean {
    if (event.type === "apply_start") {
      this.running.set(`${event.action} ${event.address}`, event.address);
      return true;
    }
    if (event.type === "apply_complete" || event.type === "apply_errored") return this.running.delete(`${event.action} ${event.address}`);
    return false;
  }

  operations(): string[] {
    return [...this.running.values()];
  }
}
