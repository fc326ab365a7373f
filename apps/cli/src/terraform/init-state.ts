import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readTerraformModule, type TerraformModule } from "@cortex-ring/hcl-lint/terraform-module";

/**
 * Decides whether `terraform init` must run before a plan, so a warm plan skips it (init re-reads the
 * provider mirror and rewrites the lock file: seconds, every time). Init is needed when Terraform would
 * refuse to plan without it: providers or modules not installed, no lock file, or what init installed from
 * (the providers used and required, module calls, the backend, the lock file) changed since the last init.
 */

export interface InitCheck {
  needed: boolean;
  /** Why init runs (or "up to date"), for --verbose and tests. */
  reason: string;
}

const STAMP = "cortex-ring-init.json";
const LOCK_FILE = ".terraform.lock.hcl";

/**
 * What init installs from, as hcl-lint's module reader sees it (.tf and .tf.json alike): provider requirements,
 * every provider the resources use (a resource of a new provider needs init even when required_providers did not
 * change), module calls and the backend, plus the lock file's bytes.
 */
async function fingerprint(dir: string, module: TerraformModule): Promise<string> {
  const hash = createHash("sha256");
  const { requiredProviders, providers, moduleCalls, backend } = module;
  const sorted = Object.fromEntries(Object.entries(requiredProviders).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  hash.update(JSON.stringify({ requiredProviders: sorted, providers, moduleCalls, backend: backend ?? null }));
  hash.update("\0lock\0");
  if (existsSync(join(dir, LOCK_FILE))) hash.update(await readFile(join(dir, LOCK_FILE)));
  return hash.digest("hex");
}

export async function checkInit(dir: string): Promise<InitCheck> {
  const module = await readTerraformModule(dir);
  const problem = module.problems[0];
  // Let init run and say it in Terraform's words.
  if (problem) return { needed: true, reason: `${problem.file}:${problem.line}:${problem.column} does not parse` };
  const dotTerraform = join(dir, ".terraform");
  if (module.providers.length > 0) {
    if (!existsSync(join(dir, LOCK_FILE))) return { needed: true, reason: `no ${LOCK_FILE}` };
    if (!existsSync(join(dotTerraform, "providers"))) return { needed: true, reason: "providers not installed (no .terraform/providers)" };
  }
  if (module.moduleCalls.length > 0 && !existsSync(join(dotTerraform, "modules"))) {
    return { needed: true, reason: "modules not installed (no .terraform/modules)" };
  }
  let stamp: { fingerprint?: string };
  try {
    stamp = JSON.parse(await readFile(join(dotTerraform, STAMP), "utf8")) as { fingerprint?: string };
  } catch {
    return { needed: true, reason: "not initialised by cortex-ring yet" };
  }
  if (stamp.fingerprint !== (await fingerprint(dir, module))) {
    return { needed: true, reason: "providers, provider requirements, modules, backend or lock file changed since the last init" };
  }
  return { needed: false, reason: "up to date" };
}

/** Records what init installed from; call after a successful init (which may have rewritten the lock file). */
export async function recordInit(dir: string): Promise<void> {
  const module = await readTerraformModule(dir);
  await mkdir(join(dir, ".terraform"), { recursive: true });
  await writeFile(join(dir, ".terraform", STAMP), `${JSON.stringify({ fingerprint: await fingerprint(dir, module) })}\n`);
}
