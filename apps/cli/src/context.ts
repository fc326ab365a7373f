import type { Command } from "commander";
import pc from "picocolors";
import type { Deps } from "./deps.js";
import type { Interrupts } from "./interrupts.js";
import { resolveWorkdir, userCwd } from "./workdir.js";

export type Colors = ReturnType<typeof pc.createColors>;

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Everything a command touches outside itself; bin.ts wires the real process, tests a fake. */
export interface Runtime {
  stdout: OutStream & NodeJS.WritableStream;
  stderr: OutStream & NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  deps: Deps;
  interrupts: Interrupts;
  /** Set by a command that succeeds with a code other than 0 (plan --detailed-exitcode). */
  exitCode?: number;
}

export interface GlobalOptions {
  chdir?: string;
  consul?: string;
  json?: boolean;
  color?: boolean;
  verbose?: boolean;
}

export interface Context {
  runtime: Runtime;
  /** Where relative paths the user typed are resolved. */
  cwd: string;
  consul: string | undefined;
  json: boolean;
  verbose: boolean;
  /** Colours for stderr (logs, progress) and for stdout (tables); off for pipes, NO_COLOR and --no-color. */
  colors: Colors;
  outColors: Colors;
  colorEnabled: boolean;
  /** The Terraform directory, resolved on first use (ring commands may never need it). */
  workdir(): string;
  log(message: string): void;
  debug(message: string): void;
  out(text: string): void;
}

export function createContext(command: Command, runtime: Runtime): Context {
  const options = command.optsWithGlobals<GlobalOptions>();
  const colorAllowed = options.color !== false && !runtime.env.NO_COLOR;
  const errColor = colorAllowed && Boolean(runtime.stderr.isTTY);
  const outColor = colorAllowed && Boolean(runtime.stdout.isTTY) && !options.json;
  let dir: string | undefined;
  const verbose = Boolean(options.verbose);
  return {
    runtime,
    cwd: userCwd(runtime.env, runtime.cwd),
    consul: options.consul,
    json: Boolean(options.json),
    verbose,
    colors: pc.createColors(errColor),
    outColors: pc.createColors(outColor),
    colorEnabled: errColor,
    workdir: () => (dir ??= resolveWorkdir(options.chdir, runtime.env, runtime.cwd)),
    log: (message) => runtime.stderr.write(`${message}\n`),
    debug: (message) => {
      if (verbose) runtime.stderr.write(`${message}\n`);
    },
    out: (text) => runtime.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  };
}
