#!/usr/bin/env node
// The package's command. Committed, while the CLI itself is built into dist/, so that a workspace install can
// link it before the first build.
import { existsSync } from "node:fs";

const cli = new URL("../dist/bin.js", import.meta.url);
if (existsSync(cli)) {
  await import(cli.href);
} else {
  process.stderr.write("cortex-ring: not built yet (no dist/): run `pnpm build` first\n");
  process.exitCode = 2;
}
