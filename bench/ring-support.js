// Shared by the ring benchmarks (ring-decode, ring-verdict): ring-client's built dist, Cortex's own ring code
// (tools/cortex/ringtool, built once per version), p50 timing, and a one-line failure.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Prints `bench <name>: <message>` and exits 1. */
export function failer(name) {
  return (message) => {
    process.stderr.write(`bench ${name}: ${message}\n`);
    process.exit(1);
  };
}

/** @cortex-ring/ring-client's exports, its main entry and its parts, from its dist (`pnpm build` makes it). */
export async function ringClient(fail) {
  const [main, parts] = [join(root, "packages/ring-client/dist/index.js"), join(root, "packages/ring-client/dist/parts.js")];
  for (const dist of [main, parts]) if (!existsSync(dist)) fail(`${dist} is missing: run \`tools/dev pnpm build\` first`);
  return { ...(await import(pathToFileURL(main).href)), ...(await import(pathToFileURL(parts).href)) };
}

/** The path of ringtool, building it on first use (Go on PATH). */
export function ringtool(fail) {
  try {
    return execFileSync("bash", [join(root, "tools/cortex/ringtool.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  } catch {
    return fail("could not build tools/cortex/ringtool (needs Go >= 1.25 on PATH; see the message above)");
  }
}

/** Runs `work` `warmup` times untimed, then `iterations` times: p50, min, max in ms, and the last result. */
export function time(work, iterations, warmup = 3) {
  const samples = [];
  let result;
  for (let i = -warmup; i < iterations; i++) {
    globalThis.gc?.();
    const start = process.hrtime.bigint();
    result = work();
    if (i >= 0) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples.at(-1), result };
}
