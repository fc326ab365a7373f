/**
 * Ctrl-C handling that never corrupts Terraform state.
 *
 * The terminal sends SIGINT to the whole foreground process group, so a Terraform child spawned by this
 * process has already received it: we only wait for it to stop gracefully (it finishes in-flight resource
 * operations, writes state and releases the lock). We forward an interrupt ourselves only when it cannot have
 * come from the terminal: SIGTERM/SIGHUP sent to the CLI, a SIGINT that Terraform did not acknowledge
 * (someone ran `kill -INT <cli pid>`), or a second interrupt (Terraform then stops at once).
 * The child is never killed and no AbortSignal is given to spawn (that sends SIGTERM and settles early).
 */

export type InterruptSignal = "SIGINT" | "SIGTERM" | "SIGHUP";

export interface InterruptibleChild {
  kill(signal: NodeJS.Signals): boolean;
}

export interface InterruptsOptions {
  /** How long to wait for Terraform to say "Interrupt received" before forwarding a SIGINT ourselves. */
  ackTimeoutMs?: number;
  log?: (message: string) => void;
  /** Called on an interrupt while no child runs and no step takes care of it: exit 130 by default. */
  exit?: (code: number) => void;
}

interface Attached {
  child: InterruptibleChild;
  acknowledged: boolean;
  timer: NodeJS.Timeout | undefined;
}

export class Interrupts {
  /** Number of interrupts received so far. */
  count = 0;
  private attached: Attached | undefined;
  private readonly controller = new AbortController();
  private readonly ackTimeoutMs: number;
  private readonly log: (message: string) => void;
  private readonly exit: (code: number) => void;
  private graceful = 0;
  private readonly listener = (signal: NodeJS.Signals): void => this.handle(signal as InterruptSignal);

  constructor(options: InterruptsOptions = {}) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 2000;
    this.log = options.log ?? ((message) => process.stderr.write(`${message}\n`));
    this.exit = options.exit ?? ((code) => process.exit(code));
  }

  get interrupted(): boolean {
    return this.count > 0;
  }

  /** Aborted on the first interrupt: long waits (Consul leader, ring watch) pass it along. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  install(target: NodeJS.Process = process): () => void {
    for (const name of ["SIGINT", "SIGTERM", "SIGHUP"] as const) target.on(name, this.listener);
    return () => {
      for (const name of ["SIGINT", "SIGTERM", "SIGHUP"] as const) target.off(name, this.listener);
    };
  }

  /**
   * Marks a stretch of work that stops by itself when `signal` aborts (so an interrupt must not exit
   * the process at once). Returns the function that ends it.
   */
  handleGracefully(): () => void {
    this.graceful++;
    return () => {
      this.graceful--;
    };
  }

  /** Registers the running Terraform child; returns the function that detaches it once it closed. */
  attach(child: InterruptibleChild): () => void {
    const entry: Attached = { child, acknowledged: false, timer: undefined };
    this.attached = entry;
    return () => {
      if (entry.timer) clearTimeout(entry.timer);
      if (this.attached === entry) this.attached = undefined;
    };
  }

  /** The child printed "Interrupt received": it got the terminal's SIGINT itself. */
  acknowledge(): void {
    const entry = this.attached;
    if (!entry) return;
    entry.acknowledged = true;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
  }

  handle(signal: InterruptSignal): void {
    this.count++;
    if (this.count === 1) this.controller.abort(new Error(`interrupted by ${signal}`));
    const entry = this.attached;
    if (!entry) {
      if (this.graceful > 0) return;
      this.log("interrupted");
      this.exit(130);
      return;
    }
    if (this.count > 1) {
      this.log("second interrupt: asking Terraform to stop at once (in-flight operations are abandoned)");
      this.forward(entry);
      return;
    }
    if (signal !== "SIGINT") {
      this.log(`${signal} received: asking Terraform to stop gracefully`);
      this.forward(entry);
      return;
    }
    this.log("interrupt received: waiting for Terraform to stop gracefully (Ctrl-C again stops it at once)");
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (!entry.acknowledged && this.attached === entry) this.forward(entry);
    }, this.ackTimeoutMs);
    entry.timer.unref();
  }

  private forward(entry: Attached): void {
    try {
      entry.child.kill("SIGINT");
    } catch {
      // The child exited between the signal and now: nothing left to stop.
    }
  }
}
