import { execFileSync, spawnSync } from "node:child_process";

/**
 * The pre-commit tests use Debian's real `pre-commit`. A fresh CI machine may not have it: install it (we run
 * as root there). Anything else fails loudly with the command to run.
 */
export default function setup(): void {
  if (spawnSync("pre-commit", ["--version"]).status === 0) return;
  const install = (args: string[]) => execFileSync("apt-get", args, { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  try {
    install(["install", "-y", "-q", "pre-commit"]);
  } catch {
    try {
      install(["update", "-q"]);
      install(["install", "-y", "-q", "pre-commit"]);
    } catch (error) {
      throw new Error(`pre-commit is not installed and apt-get could not install it (${(error as Error).message.split("\n", 1)[0] ?? ""}); run: apt-get update && apt-get install -y pre-commit`, { cause: error });
    }
  }
  if (spawnSync("pre-commit", ["--version"]).status !== 0) throw new Error("pre-commit still not runnable after apt-get install -y pre-commit");
}
