#!/usr/bin/env node
import { defaultDeps } from "./deps.js";
import { Interrupts } from "./interrupts.js";
import { main } from "./main.js";

const interrupts = new Interrupts();
const uninstall = interrupts.install();
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
process.exitCode = code;
