/**
 * Ctrl-C handling that never corrupts Terraform state.
 *
 * Terraform runs in its own process group (see terraform/run.ts), so nothing the terminal sends reaches it
 * directly: not the Ctrl-C, and not the SIGHUP of a closed terminal, which Terraform does not handle and dies
 * of mid-apply. The CLI relays instead: the first interrupt (SIGINT, SIGTERM, SIGHUP, or the terminal going
 * away) becomes one SIGINT, Terraform's graceful stop (it writes state and releases the lock); a second
 * interrupt is relayed at once and a second SIGINT makes Terraform stop at once. The child is never killed,
 * and the CLI waits for it to exit before it exits itself (exit 130).
 *
 * Terraform's graceful stop cancels the provider calls in flight (SDK providers merge its Stop into every
 * request's context), and a Docker call cancelled mid-request can still create the network or container
 * while Terraform records nothing: the next apply then fails on "already exists". So while resources are
 * being applied, the first interrupt is held until the operations in flight finish (the apply's `-json`
 * events say which); a second interrupt does not wait.
 */

export type InterruptSignal = "SIGINT" | "SIGTERM" | "SIGHUP";

export interface InterruptibleChild {
  kill(signal: NodeJS.Signals): boolean;
}

export interface InterruptsOptions {
  log?: (message: string) => void;
  /** Called on an interrupt while no child runs and no step takes care of it: exit 130 by default. */
  exit?: (code: number) => void;
}

const CAUSE: Record<InterruptSignal, string> = {
  SIGINT: "interrupt received",
  SIGTERM: "SIGTERM received",
  SIGHUP: "terminal gone (SIGHUP)",
};

export class Interrupts {
  /** Number of interrupts received so far. */
  count = 0;
  private child: InterruptibleChild | undefined;
  private readonly controller = new AbortController();
  private readonly log: (message: string) => void;
  private readonly exit: (code: number) => void;
  private graceful = 0;
  private hungUp = false;
  /** Resource operations Terraform is running right now (apply_start without apply_complete/apply_errored). */
  private inFlight: string[] = [];
  private held = false;
  /** SIGINTs sent to the current child: 2 or more means Terraform was told to stop at once. */
  relays = 0;
  private readonly listener = (signal: NodeJS.Signals): void => this.handle(signal as InterruptSignal);

  constructor(options: InterruptsOptions = {}) {
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
    this.child = child;
    this.inFlight = [];
    this.held = false;
    return () => {
      if (this.child === child) this.child = undefined;
    };
  }

  /** The attached apply reports the operations it has in flight; a held interrupt goes out once none are. */
  setInFlight(operations: string[]): void {
    this.inFlight = operations;
    if (operations.length === 0 && this.held && this.child) {
      this.held = false;
      this.log("operations in flight finished: asking Terraform to stop gracefully (Ctrl-C again stops it at once)");
      this.relay(this.child);
    }
  }

  handle(signal: InterruptSignal): void {
    // A hangup is one event however often it shows (the signal, then every write to the dead terminal):
    // it must not turn into the "second interrupt" that stops Terraform at once.
    if (signal === "SIGHUP") {
      if (this.hungUp) return;
      this.hungUp = true;
    }
    this.count++;
    if (this.count === 1) this.controller.abort(new Error(`interrupted by ${signal}`));
    const child = this.child;
    if (!child) {
      if (this.graceful > 0) return;
      this.log("interrupted");
      this.exit(130);
      return;
    }
    if (this.count === 1 && this.inFlight.length > 0) {
      this.held = true;
      this.log(`${CAUSE[signal]}: stopping Terraform once ${this.inFlight.join(", ")} ${this.inFlight.length === 1 ? "finishes" : "finish"} (Ctrl-C again stops it now)`);
      return;
    }
    if (this.count === 1) this.log(`${CAUSE[signal]}: asking Terraform to stop gracefully (Ctrl-C again stops it at once)`);
    else if (this.held) this.log("second interrupt: asking Terraform to stop now (operations in flight are cancelled)");
    else this.log("second interrupt: asking Terraform to stop at once (in-flight operations are abandoned)");
    this.held = false;
    this.relay(child);
  }

  private relay(child: InterruptibleChild): void {
    this.relays++;
    try {
      child.kill("SIGINT");
    } catch {
      // The child exited between the signal and now: nothing left to stop.
    }
  }
}
