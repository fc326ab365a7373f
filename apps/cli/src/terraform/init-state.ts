import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Decides whether `terraform init` must run before a plan, so a warm plan skips it (init re-reads the
 * provider mirror and rewrites the lock file: seconds, every time). Init is needed when Terraform would
 * refuse to plan without it: providers or modules not installed, no lock file, or what init installed from
 * (required_providers, module and backend blocks, the lock file) changed since the last init.
 */

export interface InitCheck {
  needed: boolean;
  /** Why init runs (or "up to date"), for --verbose and tests. */
  reason: string;
}

const STAMP = "cortex-ring-init.json";
const LOCK_FILE = ".terraform.lock.hcl";

interface Requirements {
  /** Provider local names the configuration uses (required_providers and resource/data type prefixes). */
  providers: Set<string>;
  hasModules: boolean;
  /** Text of the blocks that init installs from, normalised. */
  blocks: string[];
}

async function tfFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((name) => name.endsWith(".tf") || name.endsWith(".tf.json")).sort();
}

/** Index just past the `}` matching the `{` at `open`, skipping strings and comments. */
function matchBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === "{") {
      depth++;
    } else if (c === "}") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

const INSTALL_BLOCK = /(^|\n)\s*(required_providers|module\s+"[^"]*"|backend\s+"[^"]*"|cloud)\s*\{/g;
const RESOURCE_TYPE = /(^|\n)\s*(?:resource|data|ephemeral)\s+"([A-Za-z0-9-]+)_[^"]*"/g;
const PROVIDER_NAME = /(^|\n)\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*\{/g;

export function requirementsOf(sources: string[]): Requirements {
  const providers = new Set<string>();
  const blocks: string[] = [];
  let hasModules = false;
  for (const text of sources) {
    for (const match of text.matchAll(INSTALL_BLOCK)) {
      const open = text.indexOf("{", match.index + match[0].length - 1);
      const block = text.slice(match.index, matchBrace(text, open));
      blocks.push(block.replace(/\s+/g, " ").trim());
      const kind = match[2] ?? "";
      if (kind.startsWith("module")) hasModules = true;
      if (kind === "required_providers") {
        for (const entry of block.slice(block.indexOf("{") + 1).matchAll(PROVIDER_NAME)) providers.add(entry[2] ?? "");
      }
    }
    for (const match of text.matchAll(RESOURCE_TYPE)) {
      // terraform_data and terraform_remote_state come with Terraform itself.
      if (match[2] !== "terraform") providers.add(match[2] ?? "");
    }
  }
  return { providers, hasModules, blocks };
}

async function fingerprint(dir: string, requirements: Requirements): Promise<string> {
  const hash = createHash("sha256");
  for (const block of requirements.blocks) hash.update(`${block}\n`);
  hash.update("\0lock\0");
  if (existsSync(join(dir, LOCK_FILE))) hash.update(await readFile(join(dir, LOCK_FILE)));
  return hash.digest("hex");
}

async function readRequirements(dir: string): Promise<Requirements> {
  const files = await tfFiles(dir);
  return requirementsOf(await Promise.all(files.map((name) => readFile(join(dir, name), "utf8"))));
}

export async function checkInit(dir: string): Promise<InitCheck> {
  const requirements = await readRequirements(dir);
  const dotTerraform = join(dir, ".terraform");
  if (requirements.providers.size > 0) {
    if (!existsSync(join(dir, LOCK_FILE))) return { needed: true, reason: `no ${LOCK_FILE}` };
    if (!existsSync(join(dotTerraform, "providers"))) return { needed: true, reason: "providers not installed (no .terraform/providers)" };
  }
  if (requirements.hasModules && !existsSync(join(dotTerraform, "modules"))) {
    return { needed: true, reason: "modules not installed (no .terraform/modules)" };
  }
  let stamp: { fingerprint?: string };
  try {
    stamp = JSON.parse(await readFile(join(dotTerraform, STAMP), "utf8")) as { fingerprint?: string };
  } catch {
    return { needed: true, reason: "not initialised by cortex-ring yet" };
  }
  if (stamp.fingerprint !== (await fingerprint(dir, requirements))) {
    return { needed: true, reason: "provider requirements, modules, backend or lock file changed since the last init" };
  }
  return { needed: false, reason: "up to date" };
}

/** Records what init installed from; call after a successful init (which may have rewritten the lock file). */
export async function recordInit(dir: string): Promise<void> {
  const requirements = await readRequirements(dir);
  await mkdir(join(dir, ".terraform"), { recursive: true });
  await writeFile(join(dir, ".terraform", STAMP), `${JSON.stringify({ fingerprint: await fingerprint(dir, requirements) })}\n`);
}
