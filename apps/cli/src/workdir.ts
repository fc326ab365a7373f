import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "./errors.js";

/**
 * Where relative paths typed by the user are resolved: pnpm runs `pnpm cli …` from the repository root but
 * records the directory the user typed it in as INIT_CWD.
 */
export function userCwd(env: NodeJS.ProcessEnv, cwd: string): string {
  return env.INIT_CWD ?? cwd;
}

function hasTerraform(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => name.endsWith(".tf") || name.endsWith(".tf.json"));
  } catch {
    return false;
  }
}

function isRepoRoot(dir: string): boolean {
  return existsSync(join(dir, "pnpm-workspace.yaml")) || existsSync(join(dir, ".git"));
}

/**
 * The Terraform directory: `--chdir` (relative to where the user is), else the current directory when it
 * holds `.tf` files (as terraform itself would), else `infra/` of the enclosing repository, else `infra/` of
 * the repository this CLI was built in.
 */
export function resolveWorkdir(chdir: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  const base = userCwd(env, cwd);
  if (chdir) {
    const dir = resolve(base, chdir);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--chdir ${chdir}: no such directory`);
    return dir;
  }
  if (hasTerraform(base)) return base;
  for (let dir = base; ; dir = dirname(dir)) {
    if (isRepoRoot(dir) && hasTerraform(join(dir, "infra"))) return join(dir, "infra");
    if (dirname(dir) === dir) break;
  }
  // dist/workdir.js → apps/cli/dist → repository root.
  const own = fileURLToPath(new URL("../../../infra", import.meta.url));
  if (hasTerraform(own)) return own;
  throw new UsageError("no Terraform directory found here or in an enclosing repository's infra/: pass --chdir <dir>");
}
