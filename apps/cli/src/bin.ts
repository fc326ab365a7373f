#!/usr/bin/env node
import { defaultDeps } from "./deps.js";
import { Interrupts } from "./interrupts.js";
import { main } from "./main.js";

const interrupts = new Interrupts();
const uninstall = interrupts.install();
// Writes fail once the terminal is closed or the reader went away (`| head`): that is the terminal going away,
// so stop what runs gracefully instead of crashing while Terraform may still hold the state lock.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => interrupts.handle("SIGHUP"));
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  deps: defaultDeps,
  interrupts,
});
uninstall();
// Exit explicitly once the output is flushed: an HTTP keep-alive socket or a paused stdin must not keep the
// process alive after the command is done.
const flushed = (stream: NodeJS.WriteStream): Promise<void> => new Promise((resolve) => stream.write("", () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
