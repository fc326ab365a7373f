import type { Ora } from "ora";
import type { Colors, OutStream } from "../context.js";
import type { UiEvent } from "../terraform/events.js";

const VERBS: Record<string, [string, string]> = {
  create: ["creating", "created"],
  update: ["updating", "updated"],
  delete: ["destroying", "destroyed"],
  replace: ["replacing", "replaced"],
  read: ["reading", "read"],
};

function verbs(action: string): [string, string] {
  return VERBS[action] ?? [action, action];
}

/**
 * Spinners only for a person at a terminal: not for a dumb terminal, nor in CI (where a pty may still be
 * attached). Decided here from the CLI's own env rather than left to ora's look at process.env.
 */
export function isInteractive(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && env.TERM !== "dumb" && !("CI" in env);
}

export interface ProgressOptions {
  stream: OutStream & NodeJS.WritableStream;
  colors: Colors;
  /** Spinner and redrawn status line (a terminal with a size); otherwise one plain line per event. */
  interactive: boolean;
  verbose?: boolean;
}

/**
 * Renders Terraform's `-json` UI events: an ora spinner naming the resources in flight on a terminal,
 * one line per finished resource; plain lines otherwise. Writes to stderr only (stdout carries data).
 */
export class ProgressView {
  private readonly inFlight = new Map<string, { action: string; elapsed: number }>();
  /** Terraform repeats some diagnostics (e.g. "execution halted" once per stopped walk): show each once. */
  private readonly shownDiagnostics = new Set<string>();
  private title = "";

  private constructor(
    private readonly options: ProgressOptions,
    private readonly spinner: Ora | undefined,
  ) {}

  /** ora is loaded only for a terminal: scripts and CI never pay for it. */
  static async create(options: ProgressOptions): Promise<ProgressView> {
    // A pty without a size reports 0 columns; ora would then clear infinitely many lines.
    if (!options.interactive || (options.stream.columns ?? 0) <= 0) return new ProgressView(options, undefined);
    const { default: ora } = await import("ora");
    const spinner = ora({
      stream: options.stream,
      color: options.colors.isColorSupported ? "cyan" : false,
      // Raw mode on stdin would turn Ctrl-C into a keypress instead of the SIGINT the CLI relays to Terraform.
      discardStdin: false,
      hideCursor: true,
      // `interactive` already made the call (isInteractive).
      isEnabled: true,
    });
    return new ProgressView(options, spinner);
  }

  start(title: string): void {
    this.title = title;
    if (this.spinner) this.spinner.start(title);
    else this.line(title);
  }

  /** New text for what is being waited on: the spinner's text, or a plain line when it changed. */
  status(text: string): void {
    if (text === this.title) return;
    this.title = text;
    if (this.spinner) this.refresh();
    else this.line(text);
  }

  /** A finished line above the spinner (or a plain line). */
  line(text: string): void {
    if (this.spinner?.isSpinning) {
      this.spinner.clear();
      this.options.stream.write(`${text}\n`);
      this.spinner.render();
    } else {
      this.options.stream.write(`${text}\n`);
    }
  }

  private refresh(): void {
    if (!this.spinner) return;
    const parts = [...this.inFlight].map(([address, { action, elapsed }]) => `${verbs(action)[0]} ${address}${elapsed ? ` (${elapsed}s)` : ""}`);
    this.spinner.text = parts.length > 0 ? parts.join(", ") : this.title;
    // Show the change now rather than at the next frame.
    if (this.spinner.isSpinning) this.spinner.render();
  }

  handle(event: UiEvent): void {
    const c = this.options.colors;
    switch (event.type) {
      case "apply_start":
        this.inFlight.set(event.address, { action: event.action, elapsed: 0 });
        if (!this.spinner) this.line(`${verbs(event.action)[0]} ${event.address}…`);
        this.refresh();
        break;
      case "apply_progress":
        this.inFlight.set(event.address, { action: event.action, elapsed: event.elapsedSeconds });
        if (!this.spinner) this.line(`still ${verbs(event.action)[0]} ${event.address} (${event.elapsedSeconds}s)`);
        this.refresh();
        break;
      case "apply_complete":
        this.inFlight.delete(event.address);
        this.refresh();
        this.line(`${c.green("✔")} ${verbs(event.action)[1]} ${event.address} in ${event.elapsedSeconds}s${event.id && this.options.verbose ? c.dim(` [${event.id}]`) : ""}`);
        break;
      case "apply_errored":
        this.inFlight.delete(event.address);
        this.refresh();
        this.line(`${c.red("✖")} ${verbs(event.action)[0]} ${event.address} failed after ${event.elapsedSeconds}s`);
        break;
      case "diagnostic": {
        const key = JSON.stringify([event.severity, event.summary, event.detail, event.address]);
        if (this.shownDiagnostics.has(key)) break;
        this.shownDiagnostics.add(key);
        const where = [event.address, event.location].filter(Boolean).join(" ");
        const label = event.severity === "error" ? c.red("error") : c.yellow("warning");
        const detail = event.detail ? `: ${event.detail.replace(/\s+/g, " ").trim()}` : "";
        this.line(`${label}: ${event.summary}${detail}${where ? c.dim(` (${where})`) : ""}`);
        break;
      }
      case "log":
        if (/Interrupt received|Stopping operation/.test(event.message)) this.line(c.yellow(event.message.replace(/\s+/g, " ").trim()));
        break;
      default:
        break;
    }
  }

  /** Stops the spinner; `summary` becomes its final line. */
  stop(summary?: string, ok = true): void {
    const c = this.options.colors;
    if (this.spinner) {
      if (summary) this.spinner.stopAndPersist({ symbol: ok ? c.green("✔") : c.red("✖"), text: summary });
      else this.spinner.stop();
    } else if (summary) {
      this.line(summary);
    }
  }
}
