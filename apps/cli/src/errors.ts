/** Exit codes, documented in `--help` and the README. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** `plan --detailed-exitcode`: the plan has changes. */
  changes: 2,
  interrupted: 130,
} as const;

/** A failure the user caused or can fix: printed as one line, never with a stack trace. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.failure) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = "UsageError";
  }
}

/** Thrown after an interrupt once the running step has settled; `message` says what state was left. */
export class InterruptedError extends CliError {
  constructor(message: string) {
    super(message, EXIT.interrupted);
    this.name = "InterruptedError";
  }
}
