import { defaultDeps } from "./deps.js";
import { Interrupts } from "./interrupts.js";
import { main } from "./main.js";

/**
 * Runs one command line against this process's streams, environment and signals; resolves with the exit code.
 * Leaves nothing running: ring clients are closed and Terraform has exited (client-lifecycle.test.ts runs it in a
 * child without process.exit and checks that the child ends on its own).
 */
export async function runInProcess(argv: string[]): Promise<number> {
  const interrupts = new Interrupts();
  const uninstall = interrupts.install();
  // Writes fail once the terminal is closed or the reader went away (`| head`): that is the terminal going away,
  // so stop what runs gracefully instead of crashing while Terraform may still hold the state lock.
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => interrupts.handle("SIGHUP"));
  try {
    return await main(argv, {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      env: process.env,
      cwd: process.cwd(),
      deps: defaultDeps,
      interrupts,
    });
  } finally {
    uninstall();
  }
}
