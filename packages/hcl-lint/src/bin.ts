#!/usr/bin/env node
// Node's on-disk cache of compiled JavaScript (in the OS temp dir) makes every later start a little faster.
import { enableCompileCache } from "node:module";
enableCompileCache();
const { runCli } = await import("./cli.js");
const code = await runCli(process.argv.slice(2));
// Exit as soon as the report is written: nothing else is pending, and a natural exit would wait for V8's
// background work on the parser's WASM (tens of milliseconds on a pre-commit run).
process.stdout.write("", () => process.exit(code));
