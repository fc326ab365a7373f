#!/usr/bin/env node
import { runInProcess } from "./process-runtime.js";

const code = await runInProcess(process.argv.slice(2));
// Nothing is left running by now, but exit explicitly once the output is flushed anyway: a handle leaked by a
// dependency must never leave a user's terminal waiting after the command is done.
const flushed = (stream: NodeJS.WriteStream): Promise<void> => new Promise((resolve) => stream.write("", () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
