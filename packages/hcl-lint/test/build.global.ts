import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Tests that spawn the real `hcl-lint` process need dist/ current with src/. */
export default function setup(): void {
  execFileSync("pnpm", ["run", "--silent", "build"], { cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: "inherit" });
}
