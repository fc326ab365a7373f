import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { CliError } from "../errors.js";

export interface TerraformBinary {
  path: string;
  /** "terraform" or "tofu", from the file name; messages use it. */
  name: string;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** `$TERRAFORM_BINARY`, else `terraform` on PATH, else `tofu` on PATH. */
export function findTerraform(env: NodeJS.ProcessEnv = process.env): TerraformBinary {
  const configured = env.TERRAFORM_BINARY;
  if (configured) {
    const path = configured.includes("/") ? configured : onPath(configured, env);
    if (!path || !isExecutable(path)) {
      throw new CliError(`TERRAFORM_BINARY=${configured} is not an executable file`);
    }
    return { path, name: (path.split("/").pop() ?? "").includes("tofu") ? "tofu" : "terraform" };
  }
  for (const name of ["terraform", "tofu"]) {
    const path = onPath(name, env);
    if (path) return { path, name };
  }
  throw new CliError("neither terraform nor tofu found on PATH (set TERRAFORM_BINARY, or run `tools/dev pnpm stack:up`)");
}
