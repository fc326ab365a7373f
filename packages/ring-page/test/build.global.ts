import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The server serves dist/web: build the front end from the current src/web first (esbuild, under a second). */
export default function setup(): void {
  execFileSync(process.execPath, ["build-web.mjs"], { cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: "inherit" });
}
