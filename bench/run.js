// Runs every benchmark under bench/<name>/run.js in turn (after `pnpm build`); each writes its own RESULTS.md.
import { readdirSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
let failed = 0;
for (const name of readdirSync(here).sort()) {
  const script = join(here, name, "run.js");
  if (!existsSync(script) || (only.length > 0 && !only.includes(name))) continue;
  process.stderr.write(`bench: ${name}\n`);
  const { status } = spawnSync(process.execPath, [script], { stdio: "inherit" });
  if (status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
