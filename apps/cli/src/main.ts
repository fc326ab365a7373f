import { CommanderError } from "commander";
import type { Runtime } from "./context.js";
import { CliError, EXIT, InterruptedError } from "./errors.js";
import { createProgram } from "./program.js";

/** Runs one command line (without node and script) and resolves with the exit code; never throws. */
export async function main(argv: string[], runtime: Runtime): Promise<number> {
  const program = createProgram(runtime);
  const say = (line: string): void => {
    runtime.stderr.write(`${line}\n`);
  };
  try {
    await program.parseAsync(argv, { from: "user" });
    return runtime.exitCode ?? EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its one-line message (or the help).
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof InterruptedError) {
      say(error.message);
      return error.exitCode;
    }
    if (error instanceof CliError) {
      say(`error: ${error.message}`);
      return error.exitCode;
    }
    if (runtime.deps.isKnownError(error)) {
      say(`error: ${error.message}`);
      return EXIT.failure;
    }
    // Anything can be thrown: reduce it to its first line; the stack only on request.
    const message = error instanceof Error ? error.message : String(error);
    say(`error: ${message.split("\n", 1)[0] ?? ""}`);
    if (argv.includes("--verbose") || argv.includes("-v")) say(error instanceof Error ? (error.stack ?? "") : "");
    return EXIT.failure;
  }
}
